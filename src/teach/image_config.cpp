// image_config.cpp -- the image mode's configuration (see image_config.hpp). Standard C++ only.
#include "teach/image_config.hpp"

#include <algorithm>

#include "teach/strings.hpp"

namespace strideconv::teach {

bool ImageConfig::operator==(const ImageConfig& o) const {
    return source == o.source && own_file == o.own_file && photo == o.photo && size == o.size &&
           color == o.color && routes == o.routes && shift == o.shift && blur == o.blur;
}

bool ImageConfig::shows(image::Route r) const {
    const auto& all = image::all_routes();
    for (size_t k = 0; k < all.size(); ++k)
        if (all[k] == r) return (routes >> k) & 1u;
    return false;
}

void normalize_image(ImageConfig& c, Pair stride, std::vector<std::string>* notices, Lang lang) {
    c.size[0] = clamp_noted(c.size[0], image::kMinSide, image::kMaxSide, "image height", notices, lang);
    c.size[1] = clamp_noted(c.size[1], image::kMinSide, image::kMaxSide, "image width", notices, lang);
    c.blur = clamp_noted(c.blur, 1, image::kMaxBlur, "BlurPool filter size", notices, lang);
    // The shift is used up to stride - 1 (image mode says so); the link keeps what it was given,
    // so that a walk at stride 1 opened from image mode comes back with its shift.
    (void)stride;
    c.shift[0] = clamp_noted(c.shift[0], 0, image::kMaxRouteStride - 1, "shift down", notices, lang);
    c.shift[1] = clamp_noted(c.shift[1], 0, image::kMaxRouteStride - 1, "shift right", notices, lang);
    c.routes &= kAllImageRoutes;
    if (c.routes == 0) {
        if (notices) notices->push_back(tr(lang, "no route was chosen; showing all five."));
        c.routes = kAllImageRoutes;
    }
    const auto& photos = image::photos();
    if (c.source == image::SourceKind::photo) {
        bool known = false;
        for (const auto& p : photos) known = known || c.photo == p.name;
        if (!known) {
            if (!c.photo.empty() && notices)
                notices->push_back(trf(lang, "no photo named '{0}'; using {1}.", {c.photo, photos.front().name}));
            c.photo = photos.empty() ? "" : photos.front().name;
        }
    } else {
        c.photo.clear();
    }
}

std::string image_source_text(const ImageConfig& c) {
    if (c.own_file) return "file";
    std::string s = image::to_string(c.source);
    if (c.source == image::SourceKind::photo && !c.photo.empty()) s += ":" + c.photo;
    return s;
}

std::string routes_text(unsigned routes) {
    if ((routes & kAllImageRoutes) == kAllImageRoutes) return "all";
    std::string s;
    const auto& all = image::all_routes();
    for (size_t k = 0; k < all.size(); ++k)
        if ((routes >> k) & 1u) s += (s.empty() ? "" : ",") + std::string(image::to_string(all[k]));
    return s;
}

std::optional<unsigned> routes_from_text(const std::string& text, std::string* bad) {
    if (text == "all") return kAllImageRoutes;
    unsigned routes = 0;
    std::string word;
    const auto& all = image::all_routes();
    auto take = [&](const std::string& w) {
        if (w.empty()) return true;
        for (size_t k = 0; k < all.size(); ++k)
            if (w == image::to_string(all[k])) {
                routes |= 1u << k;
                return true;
            }
        if (bad) *bad = w;
        return false;
    };
    for (char ch : text + ",") {
        if (ch == ',') {
            if (!take(word)) return std::nullopt;
            word.clear();
        } else if (ch != ' ') {
            word += ch;
        }
    }
    if (routes == 0) {
        if (bad) *bad = text;
        return std::nullopt;
    }
    return routes;
}

}  // namespace strideconv::teach
