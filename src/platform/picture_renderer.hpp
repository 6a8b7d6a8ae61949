// picture_renderer.hpp -- draws ui::PictureImage pictures with shaders/picture.frag (and the full-
// target triangle of shaders/heatmap.vert) into cached textures at true size, re-rendered only when
// a picture's key changes. Magnified pixel-exactly (nearest), reduced through mipmaps.
//
// A new picture's values go up to the GPU in bands of rows, and are then coloured into the target
// in bands of rows, at most `upload_budget` values (or pixels) per frame over all pictures: a
// 2048 x 2048 RGB picture is 12.6 M floats, which a software GL (SwiftShader in a browser without
// a GPU, llvmpipe) takes 0.1-0.5 s to take in or colour at once, a frozen page. While a picture is
// on its way the UI says how far it got.
#pragma once

#include <cstddef>
#include <cstdint>

#include "platform/shader_program.hpp"
#include "ui/picture.hpp"

namespace strideconv::platform {

class PictureRenderer {
  public:
    // Values uploaded per frame at most, over all pictures (0: no limit, every picture in the frame
    // it is asked for, as golden images and exports need).
    size_t upload_budget = size_t(1) << 20;

    // Call once per frame, before the UI asks for pictures: the frame's upload budget starts anew.
    void begin_frame() { budget_left_ = upload_budget; }
    // The texture for `picture`, or how far its upload got; no texture and nothing drawn when it
    // cannot draw it (the UI then says so in place of the picture). `glsl_prefix` is the #version
    // line of the target.
    ui::PictureTexture draw(const ui::PictureImage& picture, const char* glsl_prefix);
    // forget() and release() as HeatmapRenderer's: drop every cached picture; delete every GL
    // object (the context was lost).
    void forget() {
        for (Slot& s : slots_) s.key = s.values_key = 0;
    }
    void release();

  private:
    // What a target's colours depend on besides the values: the map, its scale and the colours.
    struct Colouring {
        ui::PictureMap map = ui::picture_unit;
        float scale = 0;
        float colours[9] = {};  // zero, positive, negative
        bool operator==(const Colouring& o) const;
    };
    static Colouring colouring_of(const ui::PictureImage& pic);
    struct Slot {
        uint64_t key = 0;         // the picture in `target` (0: none), coloured as `colouring`
        Colouring colouring;
        uint64_t values_key = 0;  // the picture whose values are (going) up in the planes (0: none)
        int rows = 0, cols = 0, channels = 0;  // the planes' size
        int rows_loaded = 0;      // over all channels: channel c's row y is row c * rows + y
        int rows_drawn = 0;       // rows of `target` coloured from the planes, as `drawing`
        Colouring drawing;
        GLuint planes[3] = {0, 0, 0};
        OffscreenTarget target;
    };
    // Uploads the next rows of `picture` into `slot` within the frame's budget; true when all are up.
    bool upload(Slot& slot, const ui::PictureImage& picture);
    FullScreenProgram program_;
    GLint max_size_ = 0;
    size_t budget_left_ = 0;
    Slot slots_[ui::kPictureSlots];
};

}  // namespace strideconv::platform
