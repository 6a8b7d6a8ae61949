// heatmap_renderer.hpp -- draws ui::HeatmapImage grids with shaders/heatmap.{vert,frag} into cached
// textures, re-rendered only when an image's key changes.
#pragma once

#include <cstdint>

#include "platform/shader_program.hpp"
#include "ui/heatmap.hpp"

namespace strideconv::platform {

class HeatmapRenderer {
  public:
    // The texture for `img` (an ImTextureID), or nullptr when it cannot draw (the UI then draws
    // rectangles). `glsl_prefix` is the #version line (and precision) of the target.
    void* draw(const ui::HeatmapImage& img, const char* glsl_prefix);
    // Drop every cached image (a new ui::App starts drawing).
    void forget() {
        for (Slot& s : slots_) s.key = 0;
    }
    // Delete every GL object and start again from nothing: the GL context was lost (on the web, the
    // browser took it away; deleting is then a no-op that only frees the names). The next draw after
    // the context is restored builds the program and the textures anew.
    void release();

  private:
    struct Slot {
        uint64_t key = 0;
        GLuint values = 0, roles = 0;
        OffscreenTarget target;
    };
    FullScreenProgram program_;
    Slot slots_[ui::kHeatmapSlots];
};

}  // namespace strideconv::platform
