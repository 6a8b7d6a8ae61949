// picture.hpp -- pictures (image mode's input and route outputs, up to 2048 x 2048) drawn by the
// platform as textures through shaders/picture.frag: the UI describes the values and the colour map,
// the platform uploads the planes and renders them at true size, shown enlarged pixel-exactly
// (nearest) or reduced smoothly (mipmaps). ImGui-free and GL-free.
#pragma once

#include <cstdint>

namespace strideconv::ui {

// How values become colours (shaders/picture.frag reads these numbers).
enum PictureMap : int {
    picture_unit = 0,      // 0..1 as they are (gray or RGB)
    picture_positive = 1,  // 0..scale to black..full
    picture_signed = 2,    // per channel: -scale..scale to none..full, zero mid-grey
    picture_diverging = 3, // one channel: zero the neutral colour, negative/positive towards their colours
};

struct PictureImage {
    int slot = 0;          // which cached texture (0..kPictureSlots-1)
    uint64_t key = 0;      // same key, same values: uploaded again only when it changes; the
                           // colours are drawn again when it or the map, scale or colours change
    int channels = 1;      // 1 or 3
    int rows = 0, cols = 0;
    const float* values = nullptr;  // channels x rows x cols, row-major planes
    PictureMap map = picture_unit;
    float scale = 1;
    float zero[3] = {0, 0, 0}, positive[3] = {1, 1, 1}, negative[3] = {0, 0, 0};  // diverging colours
};

// What the platform gives back for a picture: its texture (an ImTextureID); or none while the
// picture is still on its way to the GPU (large pictures go up over several frames), with how far
// it got; or none at all when it cannot be drawn.
struct PictureTexture {
    void* texture = nullptr;
    bool loading = false;
    float progress = 0;  // while loading: the share of its values uploaded, 0..1
};

constexpr int kPictureSlots = 8;

}  // namespace strideconv::ui
