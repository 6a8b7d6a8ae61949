// heatmap.hpp -- large grids drawn by the platform as one texture each (shaders/heatmap.frag)
// instead of thousands of rectangles. The UI describes the image; the platform renders it.
#pragma once

#include <cstdint>
#include <vector>

namespace strideconv::ui {

// Roles as shaders/heatmap.frag reads them.
enum HeatmapRole : unsigned char { heat_visited = 0, heat_skipped = 1, heat_dropped = 2, heat_padding = 3, heat_pending = 4 };

// A grid of cell values for the platform to draw as one texture. Colours are linear RGB 0..1.
struct HeatmapImage {
    int slot = 0;        // which cached image: 0 input, 1 output (+2, +4 for the compare view's other grids)
    uint64_t key = 0;    // changes whenever anything below changes; same key, same image
    int cols = 0, rows = 0;
    const float* values = nullptr;          // rows * cols, row-major
    const unsigned char* roles = nullptr;   // HeatmapRole per cell
    float max_abs = 0;
    int cell_px = 8;     // pixels per cell in the image
    float zero[3], positive[3], negative[3], padding[3], grid[3], dropped[3], skipped[3], future[3];
};

// The arrays behind one HeatmapImage, rebuilt only when its key changes.
struct HeatmapData {
    uint64_t key = 0;
    std::vector<float> values;
    std::vector<unsigned char> roles;
};

constexpr int kHeatmapSlots = 6;

}  // namespace strideconv::ui
