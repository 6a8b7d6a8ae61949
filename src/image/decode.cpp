// decode.cpp -- the user's image files through Debian's stb_image (libstb-dev), header first.
// stb_image is compiled into this file only, with static linkage, so it never clashes with the
// copy inside other libraries (Debian's libimgui links libstb). See image.hpp.
#include "image/image.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <memory>

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO          // files are read with <cstdio> here; stb only sees bytes
#define STBI_FAILURE_USERMSG   // readable reasons ("corrupt JPEG" rather than "bad huffman")
#include <stb/stb_image.h>

namespace strideconv::image {

namespace {

// Frames of a GIF, counted by walking its blocks (GIF89a specification, sections 17-27) without
// decoding any pixel. Returns 0 when the data ends early or is not a GIF.
int gif_frame_count(const uint8_t* p, size_t n) {
    if (n < 13 || std::memcmp(p, "GIF8", 4) != 0) return 0;
    size_t at = 13;
    if (p[10] & 0x80) at += size_t(3) << ((p[10] & 7) + 1);  // global colour table
    auto skip_sub_blocks = [&]() {
        while (at < n) {
            const size_t len = p[at++];
            if (len == 0) return true;
            at += len;
        }
        return false;
    };
    int frames = 0;
    while (at < n) {
        const uint8_t block = p[at++];
        if (block == 0x3B) return frames;  // trailer
        if (block == 0x21) {               // extension: label, then sub-blocks
            if (++at > n || !skip_sub_blocks()) return frames;
        } else if (block == 0x2C) {        // image descriptor
            if (at + 9 > n) return frames;
            const uint8_t flags = p[at + 8];
            at += 9;
            if (flags & 0x80) at += size_t(3) << ((flags & 7) + 1);  // local colour table
            ++at;                                                   // LZW minimum code size
            if (at > n || !skip_sub_blocks()) return frames + 1;
            ++frames;
        } else {
            return frames;
        }
    }
    return frames;
}

// Width and height from a PNG's IHDR chunk (bytes 16..23, big-endian), or false. stb_image's own
// header reader refuses a PNG above 2^30 bytes of pixels without saying why, so the size check
// reads the numbers itself to name them.
bool png_header_size(const uint8_t* p, size_t n, int64_t& width, int64_t& height) {
    if (n < 24 || std::memcmp(p, "\x89PNG\r\n\x1a\n", 8) != 0 || std::memcmp(p + 12, "IHDR", 4) != 0) return false;
    auto be32 = [&](size_t at) {
        return (int64_t(p[at]) << 24) | (int64_t(p[at + 1]) << 16) | (int64_t(p[at + 2]) << 8) | int64_t(p[at + 3]);
    };
    width = be32(16);
    height = be32(20);
    return true;
}

Message too_large(int64_t h, int64_t w) {
    return Message::of("the image is {0}x{1} pixels; the largest this app reads is {2} pixels per side and {3} megapixels",
                       {Message::number(w), Message::number(h), Message::number(kMaxDecodeSide),
                        Message::number(kMaxDecodePixels >> 20)});
}

Message no_pixels(int64_t h, int64_t w) {
    return Message::of("the image is {0}x{1} pixels: it has no pixels to show", {Message::number(w), Message::number(h)});
}

// The format's name from its first bytes, for messages ("image" when unknown).
std::string format_name(const uint8_t* p, size_t n) {
    auto starts = [&](const char* magic, size_t len) { return n >= len && std::memcmp(p, magic, len) == 0; };
    if (starts("\x89PNG", 4)) return "PNG";
    if (starts("\xff\xd8", 2)) return "JPEG";
    if (starts("GIF8", 4)) return "GIF";
    if (starts("BM", 2)) return "BMP";
    if (starts("8BPS", 4)) return "PSD";
    return "image";
}

// stb_image's reason, unless it only says which decoder gave up last ("Not a PNG"), which
// misleads more than it helps.
// The refusal of a file stb_image could not decode, with that reason (stb_image's words, English).
Message undecodable(const uint8_t* bytes, size_t size) {
    const Message format = Message::literal(format_name(bytes, size));
    const char* reason = stbi_failure_reason();
    if (!reason || std::strncmp(reason, "Not a", 5) == 0 || std::strncmp(reason, "Image not of any", 16) == 0)
        return Message::of("the {0} could not be decoded (corrupt or truncated file)", {format});
    return Message::of("the {0} could not be decoded (corrupt or truncated file): {1}", {format, Message::literal(reason)});
}

struct StbFree {
    void operator()(void* p) const { stbi_image_free(p); }
};

}  // namespace

Result<Image> decode_image(const uint8_t* bytes, size_t size, const ImportOptions& options) {
    using R = Result<Image>;
    if (!bytes || size == 0) return R::fail(Message::of("the file is empty"));
    if (size > kMaxFileBytes || size > size_t(INT32_MAX))
        return R::fail(Message::of("the file is larger than {0} MiB", {Message::number(int64_t(kMaxFileBytes >> 20))}));
    const int length = static_cast<int>(size);
    int width = 0, height = 0, channels = 0;
    int64_t png_w = 0, png_h = 0;
    if (png_header_size(bytes, size, png_w, png_h)) {
        if (png_w == 0 || png_h == 0)
            return R::fail(no_pixels(png_h, png_w));
        if (png_w > kMaxDecodeSide || png_h > kMaxDecodeSide || png_w * png_h > kMaxDecodePixels)
            return R::fail(too_large(png_h, png_w));
    }
    if (!stbi_info_from_memory(bytes, length, &width, &height, &channels)) {
        const std::string reason = stbi_failure_reason() ? stbi_failure_reason() : "unknown format";
        return R::fail(Message::of("not an image this app can read (PNG, JPEG, GIF, BMP, TGA, PSD, PNM, HDR): {0}",
                                   {Message::literal(reason)}));
    }
    if (width <= 0 || height <= 0)
        return R::fail(no_pixels(height, width));
    if (width > kMaxDecodeSide || height > kMaxDecodeSide || int64_t(width) * height > kMaxDecodePixels)
        return R::fail(too_large(height, width));

    Result<Image> result;
    int w = 0, h = 0, c = 0;
    if (stbi_is_16_bit_from_memory(bytes, length)) {
        std::unique_ptr<stbi_us, StbFree> pixels(stbi_load_16_from_memory(bytes, length, &w, &h, &c, 0));
        if (!pixels)
            return R::fail(undecodable(bytes, size));
        result = from_pixels16(pixels.get(), w, h, c, options);
    } else {
        std::unique_ptr<stbi_uc, StbFree> pixels(stbi_load_from_memory(bytes, length, &w, &h, &c, 0));
        if (!pixels)
            return R::fail(undecodable(bytes, size));
        result = from_pixels8(pixels.get(), w, h, c, options);
    }
    if (!result.ok()) return result;
    result.value.source = "file";
    const int frames = gif_frame_count(bytes, size);
    if (frames > 1)
        result.value.notices.insert(result.value.notices.begin(),
                                    Message::of("This is an animated GIF with {0} frames; only the first frame is used.",
                                                {Message::number(frames)}));
    return result;
}

Result<Image> load_image_file(const std::string& path, const ImportOptions& options) {
    using R = Result<Image>;
    std::error_code error;
    using M = Message;
    const M name = M::literal(path);
    if (std::filesystem::is_directory(path, error)) return R::fail(M::of("'{0}' is a folder, not an image file", {name}));
    // <cstdio>, not <fstream>: iostreams would add their locale machinery to the web app.
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) return R::fail(M::of("cannot open '{0}'", {name}));
    long length = -1;
    if (std::fseek(file.get(), 0, SEEK_END) == 0) length = std::ftell(file.get());
    if (length < 0) return R::fail(M::of("cannot read '{0}' (is it a directory?)", {name}));
    if (static_cast<uint64_t>(length) > kMaxFileBytes)
        return R::fail(M::of("'{0}' is larger than {1} MiB", {name, M::number(static_cast<int64_t>(kMaxFileBytes >> 20))}));
    std::rewind(file.get());
    std::string bytes(static_cast<size_t>(length), '\0');
    if (length > 0 && std::fread(bytes.data(), 1, bytes.size(), file.get()) != bytes.size())
        return R::fail(M::of("cannot read '{0}'", {name}));
    auto image = decode_image(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), options);
    if (!image.ok()) return R::fail(Message::of("'{0}': {1}", {Message::literal(path), image.why}));
    const size_t slash = path.find_last_of("/\\");
    image.value.source = slash == std::string::npos ? path : path.substr(slash + 1);
    return image;
}

}  // namespace strideconv::image
