// scene.hpp -- what the walk, compare and quiz views show, as plain data: every grid cell's value,
// text and mark, and the overlays (window taps, trail of window origins, the "+S" jump, hover
// outlines) with the tooltip of what the pointer is over.
//
// The ImGui views only draw a Scene; tests check a Scene against the core (values against the
// op's output and the padded input, window cells against the trace, marks against the geometry).
// A DOM mirror for screen readers can read the same data. Standard C++ only.
//
// Usage:
//   teach::SceneOptions o;  o.step = lesson.config().step;
//   teach::Scene s = teach::build_scene(lesson, o);
//   s.input.at(s.input.origin_row, s.input.origin_col).text;   // input (0, 0) as written
//   for (const auto& tap : s.window) ...                       // the current window's cells
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "teach/lesson.hpp"

namespace strideconv::teach {

// What one cell of a grid is, as far as the lesson is concerned.
enum class Mark : uint8_t {
    input,     // a real input cell that a window reads (or any input cell while roles are hidden)
    skipped,   // a real input cell no window reads: the stride (or dilation) jumps over it
    dropped,   // a real input cell after the last window: the floor's remainder
    padding,   // a padding cell: `value` is what the op reads there (0, -inf or a copied value)
    weight,    // a kernel weight
    pool_tap,  // a slot of a pooling window (no weight: the op takes the max or the mean)
    written,   // an output cell computed at or before the current step
    pending,   // an output cell not written yet
};
const char* to_string(Mark m);

struct SceneCell {
    float value = 0;
    Mark mark = Mark::input;
    std::string text;           // as the lesson writes it; empty: nothing written in the cell
    int src_y = -1, src_x = -1;  // padding that copies an input cell: the cell it copies
    bool unread = false;         // padding after the last window: part of the floor's remainder
    bool kept = false;           // output cell a coarser stride computes too (SceneOptions::kept_every)
    bool copies() const { return src_y >= 0 && src_x >= 0; }
};

// One grid. For the input, rows/cols include the padding and (origin_row, origin_col) is the
// grid cell of input (0, 0).
struct SceneGrid {
    std::string title;  // e.g. "Input 6x6 (padded 8x8)"
    int rows = 0, cols = 0;
    int origin_row = 0, origin_col = 0;
    int inner_rows = 0, inner_cols = 0;  // without the padding (the input's own size)
    bool hidden = false;  // sized for layout but not shown (the quiz hides what it asks for)
    float max_abs = 0;    // largest finite |value| of the grid's values: the colour scale's end
    std::vector<SceneCell> cells;  // rows * cols, row-major
    const SceneCell& at(int row, int col) const { return cells[static_cast<size_t>(row * cols + col)]; }
};

// A position in input coordinates: outside [0, H) x [0, W) is padding (or, with ceil_mode, past it).
struct InputPos {
    int y = 0, x = 0;
    bool operator==(const InputPos& o) const { return y == o.y && x == o.x; }
};
struct OutputPos {
    int row = 0, col = 0;
    bool operator==(const OutputPos& o) const { return row == o.row && col == o.col; }
};

struct WindowTap {
    InputPos at;
    float weight = 1;  // conv: the weight this tap multiplies by; pools: 1
};

// One window origin (its top-left tap) per step, in walk order.
struct TrailPoint {
    InputPos at;
    bool past = false;    // at or before the current step
    bool joined = false;  // drawn joined to the previous point (past, same output row)
};

// The jump that brought the window to the current step: "+S" across, or down at a new row.
struct Jump {
    InputPos from, to;
    bool down = false;
    std::string text;
};

struct SceneHover {
    enum Kind { none, input, kernel, output } kind = none;
    int row = 0, col = 0;  // input: input coordinates (may be padding); kernel/output: their grid
};

struct SceneOptions {
    int step = 0;         // output cells at steps <= step are written; -1: none yet
    int window_step = 0;  // whose window is outlined; -1: none
    bool reveal = true;   // false: dropped/skipped marks and the trail are hidden (quiz)
    bool hide_output = false;  // the output grid is sized but not shown
    SceneHover hover;
    std::vector<int> outlined_steps;  // output cells (as steps) to outline, e.g. a quiz's question
    std::optional<Pair> kept_every;   // mark output cells at every k-th row and column (compare view)
    // Predict, then reveal: the current step's value is hidden ("?"); with hide_window also its
    // window, the trail ahead of it and the jump to it.
    bool hide_current = false;
    bool hide_window = false;
    std::string input_title;  // replaces the input grid's title (e.g. when the input is a layer's output)
};

struct Scene {
    Config config;     // the configuration drawn (its index convention, op, strides)
    SceneGrid input, kernel, output;
    bool conv = true;  // kernel cells are weights (else pooling slots)
    std::string error; // the lesson's refusal: grids show the configuration, no output

    std::optional<OutputPos> current;     // the output cell of options.step
    std::vector<WindowTap> window;        // taps of options.window_step's window
    std::optional<InputPos> winner;       // max pooling: the tap whose value the window keeps
    bool window_weights = false;          // the window's taps carry weight badges (conv)
    std::vector<TrailPoint> trail;        // empty when not revealed
    std::optional<Jump> jump;

    // Hover: what the pointer is over and what it maps to.
    std::vector<InputPos> hover_window;   // a hovered output cell's window
    std::optional<InputPos> hover_winner; // ... and, for max pooling, its winning tap
    std::vector<OutputPos> readers;       // output cells reading a hovered input cell (+ outlined)
    std::optional<InputPos> hover_input;  // the hovered input or padding cell
    std::optional<InputPos> hover_source; // the input cell a hovered padding cell copies
    std::optional<OutputPos> hover_weight;  // the hovered kernel weight (conv) ...
    std::optional<InputPos> weight_target;  // ... and the input cell it multiplies at this step
    std::string tooltip;                  // what hovering shows, one fact a line
};

Scene build_scene(const Lesson& lesson, const SceneOptions& options);

// Shared by the scenes of other walks (teach/transposed): the largest finite |value| (0 for none),
// the colour scale's end; and a cell as tooltips name it, "x[1][2]", counted from c.index_base.
float largest_magnitude(const std::vector<float>& values);
std::string indexed_name(const Config& c, const char* name, int row, int col);

}  // namespace strideconv::teach
