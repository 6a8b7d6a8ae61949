// image_config.hpp -- the image mode's part of the teaching configuration (teach::Config::image):
// which picture, its size and colour, which routes are shown, the shift and BlurPool's filter size.
// The kernel, stride, padding and padding mode are the lesson's own (Config::kernel, ...).
//
// Standard C++ only (teach over image over core). Field names follow the URL parameters
// (teach/url.hpp): image=, image_size=, color=, routes=, shift=, blur=.
//
// Usage:
//   teach::Config c;  c.view = teach::View::image;  c.stride = {2, 2};
//   c.image.source = image::SourceKind::zoneplate;  c.image.shift = {1, 1};
//   teach::normalize(c);   // clamps image fields too
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/core.hpp"
#include "teach/strings.hpp"
#include "image/image.hpp"
#include "image/routes.hpp"

namespace strideconv::teach {

constexpr int kDefaultImageSide = 256;
constexpr unsigned kAllImageRoutes = 0x1f;  // bit k: image::all_routes()[k]

struct ImageConfig {
    image::SourceKind source = image::SourceKind::zoneplate;
    // The user's own picture (a file opened or dropped): it never travels in a link, so a link
    // made from this state opens with `source` instead, and the app says so.
    bool own_file = false;
    std::string photo;                    // source photo: a name from image::photos() (normalized)
    Pair size{kDefaultImageSide, kDefaultImageSide};  // built-in sources: height x width
    image::Color color = image::Color::rgb;           // rgb keeps what the picture has
    unsigned routes = kAllImageRoutes;    // routes shown
    Pair shift{0, 0};                     // the picture moved down / right; used up to S-1 pixels
    int blur = 3;                         // BlurPool's filter size F

    bool operator==(const ImageConfig& o) const;
    bool operator!=(const ImageConfig& o) const { return !(*this == o); }
    bool shows(image::Route r) const;
};

// Clamps every field into range (size to image::kMinSide..kMaxSide, blur to 1..kMaxBlur, the shift
// to 0..kMaxRouteStride-1: image mode uses at most S-1 and says so; at least one route, a known
// photo name); each change is a sentence in `notices`.
void normalize_image(ImageConfig& c, Pair stride, std::vector<std::string>* notices, Lang lang = Lang::en);

// The source as a link writes it: "zoneplate", ..., "photo:brick", "file".
std::string image_source_text(const ImageConfig& c);
// Routes as a link writes them: "stride1,stride,pool-max,pool-avg,blurpool" (all: "all").
std::string routes_text(unsigned routes);
// Parses "all" or a comma-separated list of route names; nullopt with `bad` naming the first
// unknown word.
std::optional<unsigned> routes_from_text(const std::string& text, std::string* bad = nullptr);

}  // namespace strideconv::teach
