// grid_view.hpp -- draws a teach::Scene (padded input, kernel, output and their overlays) into an
// ImGui draw list, and finds which cell a point is over. Computes nothing about the lesson: every
// value, text and mark comes from the scene. ImGui only.
//
// Usage:
//   GridLayout g = layout_grids(scene, at, avail, label_height, true, max_cell);
//   draw_grids(ImGui::GetWindowDrawList(), scene, g, palette, style);
//   teach::SceneHover h = hit_test(g, ImGui::GetIO().MousePos);
#pragma once

#include <cstdint>
#include <string>

#include "imgui.h"
#include "teach/scene.hpp"
#include "ui/heatmap.hpp"
#include "ui/host.hpp"
#include "ui/palette.hpp"

namespace strideconv::ui {

// Where one scene's grids are on screen.
struct GridLayout {
    float cell = 20;
    ImVec2 input_at, kernel_at, output_at;
    int pad_top = 0, pad_left = 0, rows = 0, cols = 0;  // padded input
    int kh = 0, kw = 0, oh = 0, ow = 0;
    bool with_kernel = true;
    float index_w = 0, index_h = 0;  // room left of and above each grid for its row/column indices
    ImVec2 end;  // bottom-right of what the layout takes: the grids and the titles above them

    ImVec2 input_cell(int y, int x) const {  // y, x in input coordinates (may be padding)
        return ImVec2(input_at.x + (x + pad_left) * cell, input_at.y + (y + pad_top) * cell);
    }
    ImVec2 kernel_cell(int y, int x) const { return ImVec2(kernel_at.x + x * cell, kernel_at.y + y * cell); }
    ImVec2 output_cell(int y, int x) const { return ImVec2(output_at.x + x * cell, output_at.y + y * cell); }
};

// Cells as large as fit in `avail` (at most max_cell), the grids side by side under a label row and
// a row of column indices, each with its row indices on its left. With `allow_stacking`, a narrow
// tall space puts the input above the kernel and output when that gives clearly larger cells.
GridLayout layout_grids(const teach::Scene& s, ImVec2 at, ImVec2 avail, float label_h, bool with_kernel,
                        float max_cell, bool allow_stacking = false);

// The cell under `point` (input cells in input coordinates, padding included).
teach::SceneHover hit_test(const GridLayout& g, ImVec2 point);

struct GridStyle {
    ImFont* font = nullptr;        // null: the current font
    const Host* host = nullptr;    // large maps become textures when the host can draw them
    HeatmapData* heat = nullptr;   // two slots: input, output
    int slot_base = 0;             // heatmap slot of the input (output: +1)
    uint64_t revision = 0;         // the lesson's revision: cached textures are keyed by it
    int step = 0;                  // the scene's step (output texture key)
    bool reveal = true;
    int index_base = 0;            // indices written on the grids start here (0 or 1)
};

void draw_grids(ImDrawList* dl, const teach::Scene& s, const GridLayout& g, const Palette& p, const GridStyle& style);

// The legend of every mark the grids can show (those of this scene), flowing in rows within
// `width` from `at`. Returns its height; draws only when `dl` is not null (null: measure).
float draw_legend(ImDrawList* dl, const teach::Scene& s, ImVec2 at, float width, const Palette& p);

// The scene's tooltip (what the pointer is over, in words), wrapped at 30 font heights; nothing
// when it is empty.
void scene_tooltip(const std::string& text);

// [Zoom] The grids' room, enlarged by the zoom (link zoom=, percent). At 100 it is the room itself.
// Above, the grids are laid out in a room that much larger, inside a child window of the room's
// size that scrolls over them: scroll bars, the wheel, a drag that starts off the grids, and two
// fingers on touch screens (`pan`, from the host's pinch). Grids that do not fit at 100 % scroll too.
//
//   const ImVec2 room = zoom.begin("walk-zoom", size, c.zoom, ctx.pan);   // then lay out at zoom.origin
//   ... layout_grids(scene, zoom.origin, room, ...), draw, one InvisibleButton over the grids ...
//   zoom.end(layout.end, ImGui::IsItemActive() && press_was_off_the_grids);
class ZoomArea {
  public:
    // `overflows`: the grids do not fit the room even at 100 % (a tiny screen): they scroll too.
    ImVec2 begin(const char* id, ImVec2 size, int zoom, ImVec2 pan, bool overflows = false);
    // `content_end`: the bottom-right of what was laid out (screen coordinates); `drag_pans`: the
    // pointer is pressed on no cell, so moving it scrolls.
    void end(ImVec2 content_end, bool drag_pans);
    ImVec2 origin;         // where the grids start (screen coordinates, scrolled)
    bool zoomed = false;   // above 100: inside the scrolling child
    float scale = 1;       // zoom / 100

  private:
    int last_zoom_ = 0;
    ImVec2 size_;
};

// Diagonal hatching inside a rectangle (padding, never-visited cells, legend swatches).
void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float spacing);

}  // namespace strideconv::ui
