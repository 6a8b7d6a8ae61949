// host.hpp -- the services the platform gives the UI (clipboard, the page URL, image export,
// heatmap textures); any may be left empty. ImGui-free.
#pragma once

#include <functional>
#include <string>

#include "teach/lesson.hpp"
#include "ui/heatmap.hpp"
#include "ui/picture.hpp"

namespace strideconv::ui {

struct Host {
    // Returns a texture of the image (0 if it cannot); called every frame, must cache by key.
    std::function<void*(const HeatmapImage& image)> heatmap;
    std::function<void(const std::string& text)> copy_text;
    // Called when the configuration (or step) changed, at most once per frame.
    std::function<void(const teach::Config& config)> state_changed;
    std::function<void(int scale)> export_png;
    std::function<void()> record_walk;  // an animation of the whole walk (web: WebM download)
    std::function<std::string(const teach::Config& config)> share_link;  // full URL for "Copy link"
    std::function<std::string(const teach::Config& config)> embed_code;  // <iframe> snippet
    // Image mode: a texture of the picture, or how far it got (PictureTexture); called every
    // frame, caches by key.
    std::function<PictureTexture(const PictureImage& picture)> picture;
    // Image mode: ask the user for a picture file (web: the page's file input). Empty natively,
    // where pictures come from --image FILE or a file dropped on the window.
    std::function<void()> open_picture;
    // The About panel's third-party notices, or null while they load (web: the page fetches
    // THIRD_PARTY_NOTICES.txt the first time this is called; natively teach::third_party_notices()).
    // Empty: the panel says the notices travel in THIRD_PARTY_NOTICES.txt.
    std::function<const std::string*()> notices;
};

}  // namespace strideconv::ui
