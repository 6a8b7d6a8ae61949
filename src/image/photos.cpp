// photos.cpp -- the embedded photographs: JPEG bytes generated at build time (CMakeLists.txt,
// [SECTION] Embedded photographs: ImageMagick scales scikit-image's sample PNGs from Debian's
// python3-skimage to 256x256 JPEG, quality 85), decoded here with a JPEG-only stb_image so the
// web app, which decodes the user's files in the browser, carries no PNG/GIF decoder for them.
#include "image/image.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#include <stb/stb_image.h>

#include "strideconv_photo_astronaut.h"
#include "strideconv_photo_brick.h"

namespace strideconv::image {

namespace {

struct EmbeddedPhoto {
    PhotoInfo info;
    const unsigned char* data;
    const unsigned int* size;
};

const std::vector<EmbeddedPhoto>& embedded() {
    // Licences as stated in skimage/data/_fetchers.py (python3-skimage 0.19.3).
    static const std::vector<EmbeddedPhoto> list = {
        {{"astronaut", "Astronaut Eileen Collins",
          "NASA (NASA Great Images database); no known copyright restrictions, public domain", 256, 256, 3},
         strideconv_photo_astronaut_data, &strideconv_photo_astronaut_size},
        {{"brick", "Brick wall",
          "CC0Textures 'Bricks25', CC0 1.0, as prepared by scikit-image", 256, 256, 1},
         strideconv_photo_brick_data, &strideconv_photo_brick_size},
    };
    return list;
}

struct StbFree {
    void operator()(void* p) const { stbi_image_free(p); }
};

}  // namespace

const std::vector<PhotoInfo>& photos() {
    static const std::vector<PhotoInfo> list = [] {
        std::vector<PhotoInfo> v;
        for (const EmbeddedPhoto& p : embedded()) v.push_back(p.info);
        return v;
    }();
    return list;
}

Result<Image> make_photo(const std::string& name, int height, int width) {
    using R = Result<Image>;
    const EmbeddedPhoto* photo = name.empty() ? &embedded().front() : nullptr;
    std::string names;
    for (const EmbeddedPhoto& p : embedded()) {
        if (name == p.info.name) photo = &p;
        names += names.empty() ? p.info.name : std::string(", ") + p.info.name;
    }
    if (!photo) return R::fail("unknown photo '" + name + "' (expected " + names + ")");
    int w = 0, h = 0, c = 0;
    std::unique_ptr<stbi_uc, StbFree> pixels(
        stbi_load_from_memory(photo->data, static_cast<int>(*photo->size), &w, &h, &c, 0));
    if (!pixels) return R::fail(std::string("the embedded photo '") + photo->info.name + "' did not decode");
    ImportOptions options;
    auto decoded = from_pixels8(pixels.get(), w, h, c, options);
    if (!decoded.ok()) return decoded;
    Image image = std::move(decoded.value);
    image.source = std::string("photo:") + photo->info.name;
    if (h != height || w != width) {
        // Centre-crop to the requested aspect ratio, then scale: area average down, bilinear up.
        Tensor& px = image.pixels;
        const double want = double(width) / height;
        int crop_h = h, crop_w = w;
        if (double(w) / h > want) crop_w = std::max(1, static_cast<int>(std::lround(h * want)));
        else crop_h = std::max(1, static_cast<int>(std::lround(w / want)));
        if (crop_h != h || crop_w != w) {
            Tensor cropped = Tensor::zeros(px.c, crop_h, crop_w);
            const int y0 = (h - crop_h) / 2, x0 = (w - crop_w) / 2;
            for (int ch = 0; ch < px.c; ++ch)
                for (int y = 0; y < crop_h; ++y)
                    for (int x = 0; x < crop_w; ++x) cropped.at(ch, y, x) = px.at(ch, y0 + y, x0 + x);
            px = std::move(cropped);
        }
        const bool down = height <= px.h && width <= px.w;
        px = down ? resize_area(px, height, width) : resize_bilinear(px, height, width);
        using M = Message;
        const bool cropped = crop_h != h || crop_w != w;
        const char* how = cropped ? (down ? "The photo ({0}x{1}) was cropped to {2}x{3} and scaled down to {4}x{5} by area averaging."
                                          : "The photo ({0}x{1}) was cropped to {2}x{3} and scaled up to {4}x{5} by bilinear interpolation.")
                                  : (down ? "The photo ({0}x{1}) was scaled down to {4}x{5} by area averaging."
                                          : "The photo ({0}x{1}) was scaled up to {4}x{5} by bilinear interpolation.");
        image.notices.push_back(M::of(how, {M::number(w), M::number(h), M::number(crop_w), M::number(crop_h), M::number(width),
                                            M::number(height)}));
    }
    return {std::move(image), {}, {}};
}

}  // namespace strideconv::image
