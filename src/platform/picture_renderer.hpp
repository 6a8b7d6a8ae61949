// picture_renderer.hpp -- draws ui::PictureImage pictures with shaders/picture.frag (and the full-
// target triangle of shaders/heatmap.vert) into cached textures at true size, re-rendered only when
// a picture's key changes. Magnified pixel-exactly (nearest), reduced through mipmaps.
#pragma once

#include <cstdint>

#include "platform/shader_program.hpp"
#include "ui/picture.hpp"

namespace strideconv::platform {

class PictureRenderer {
  public:
    // The texture for `picture` (an ImTextureID), or nullptr when it cannot draw it (the UI then
    // says so in place of the picture). `glsl_prefix` is the #version line of the target.
    void* draw(const ui::PictureImage& picture, const char* glsl_prefix);
    // forget() and release() as HeatmapRenderer's: drop every cached picture; delete every GL
    // object (the context was lost).
    void forget() {
        for (Slot& s : slots_) s.key = 0;
    }
    void release();

  private:
    struct Slot {
        uint64_t key = 0;
        GLuint planes[3] = {0, 0, 0};
        OffscreenTarget target;
    };
    FullScreenProgram program_;
    GLint max_size_ = 0;
    Slot slots_[ui::kPictureSlots];
};

}  // namespace strideconv::platform
