// picture_renderer.hpp -- draws ui::PictureImage pictures with shaders/picture.frag (and the full-
// target triangle of shaders/heatmap.vert) into cached textures at true size, re-rendered only when
// a picture's key changes. Magnified pixel-exactly (nearest), reduced through mipmaps.
#pragma once

#include <cstdint>

#include "platform/gl.hpp"
#include "ui/picture.hpp"

namespace strideconv::platform {

class PictureRenderer {
  public:
    // The texture for `picture` (an ImTextureID), or nullptr when it cannot draw it (the UI then
    // says so in place of the picture). `glsl_prefix` is the #version line of the target.
    void* draw(const ui::PictureImage& picture, const char* glsl_prefix);
    // Drop every cached picture (a new ui::App starts drawing).
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
        GLuint planes[3] = {0, 0, 0};
        GLuint target = 0, fbo = 0;
        int width = 0, height = 0;
    };
    bool init(const char* glsl_prefix);

    GLuint program_ = 0, vao_ = 0;
    GLint max_size_ = 0;
    bool ready_ = false, failed_ = false;
    Slot slots_[ui::kPictureSlots];
};

}  // namespace strideconv::platform
