// files.cpp -- output bytes: PNG through Debian's stb_image_write (compiled here with static
// linkage) and NumPy .npy. See image.hpp, [SECTION] Pixels out.
#include "image/image.hpp"

#include <cstdint>
#include <cstring>

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace strideconv::image {

std::string encode_png(const Tensor& t, const ValueMap& map) {
    if ((t.c != 1 && t.c != 3) || t.h <= 0 || t.w <= 0 ||
        t.data.size() != static_cast<size_t>(t.c) * t.h * t.w)
        return {};
    std::vector<uint8_t> interleaved(t.data.size());
    for (int y = 0; y < t.h; ++y)
        for (int x = 0; x < t.w; ++x)
            for (int c = 0; c < t.c; ++c)
                interleaved[(static_cast<size_t>(y) * t.w + x) * t.c + c] = map.level(t.at(c, y, x));
    std::string png;
    auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
    };
    if (!stbi_write_png_to_func(append, &png, t.w, t.h, t.c, interleaved.data(), t.w * t.c)) return {};
    return png;
}

std::string encode_npy(const Tensor& t) {
    // NumPy format 1.0: magic, version, little-endian header length, a Python dict literal padded
    // with spaces to a multiple of 64 bytes and ended by '\n', then the raw data.
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(t.c) +
                         ", " + std::to_string(t.h) + ", " + std::to_string(t.w) + "), }";
    const size_t preamble = 10;
    const size_t total = (preamble + header.size() + 1 + 63) / 64 * 64;
    header.append(total - preamble - header.size() - 1, ' ');
    header.push_back('\n');
    std::string out = "\x93NUMPY";
    out.push_back('\x01');
    out.push_back('\x00');
    out.push_back(static_cast<char>(header.size() & 0xff));
    out.push_back(static_cast<char>((header.size() >> 8) & 0xff));
    out += header;
    out.reserve(out.size() + t.data.size() * 4);
    for (float v : t.data) {
        uint32_t bits;
        std::memcpy(&bits, &v, 4);
        for (int b = 0; b < 4; ++b) out.push_back(static_cast<char>((bits >> (8 * b)) & 0xff));
    }
    return out;
}

}  // namespace strideconv::image
