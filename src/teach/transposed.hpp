// transposed.hpp -- the transposed convolution's walk (issue 12, first half), as plain data: the
// scatter (each input cell, one step each, stamps the kernel scaled by its value onto the output,
// which accumulates), the equivalent stride-1 convolution (the input with stride - 1 zeros inserted
// between cells, dilation·(kernel - 1) - padding of padding on each side plus output_padding at the
// bottom/right, the kernel flipped; Dumoulin & Visin 2016, section 4), stepped together; the size
// formula with its numbers; and the overlap map (Odena, Dumoulin & Olah, "Deconvolution and
// Checkerboard Artifacts", Distill 2016): how many (input cell, kernel tap) pairs reach each output.
//
// Every value comes from the core: the lesson's output is core conv_transpose2d, the equivalent
// convolution's output is core conv2d over the grid shown, and the partial sums are the scatter's
// own products (tests/transposed_test.cpp checks all three against each other and PyTorch).
// Standard C++ only; the ImGui view (ui/transposed_view.cpp) only draws a TransposedScene.
//
// Usage:
//   teach::Lesson l;  l.set_config(*teach::lesson_config("transposed-upsample"));
//   teach::TransposedWalk w = teach::transposed_walk(l);          // axes, equivalent conv, overlap
//   teach::TransposedSceneOptions o;  o.step = l.config().step;
//   teach::TransposedScene s = teach::build_transposed_scene(l, o);
//   s.canvas.at(s.canvas.origin_row, s.canvas.origin_col).text;   // output (0, 0) so far
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "teach/explain.hpp"
#include "teach/lesson.hpp"
#include "teach/scene.hpp"

namespace strideconv::teach {

// [SECTION] Axes ----------------------------------------------------------------------------------

// One axis of a transposed convolution with every term of its size formula and of its equivalent
// convolution. Input i's tap k lands at canvas position i·stride + k·dilation; output o is canvas
// position o + padding (the padding is cropped from each side).
struct TransposedAxis {
    int input = 0, kernel = 0, stride = 1, dilation = 1, padding = 0, output_padding = 0;
    int output = 0;          // (input - 1)·stride - 2·padding + dilation·(kernel - 1) + output_padding + 1
    int reach = 0;           // (input - 1)·stride + dilation·(kernel - 1) + 1: positions the stamps cover
    int canvas = 0;          // max(reach, padding + output): the scatter before cropping
    int crop_after = 0;      // canvas - padding - output: cropped after the output (padding before)
    int inserted = 0;        // (input - 1)·stride + 1: the input with stride - 1 zeros between cells
    int equivalent_pad = 0;  // dilation·(kernel - 1) - padding, before (negative: that much is cropped)
    int equivalent = 0;      // output + dilation·(kernel - 1): the equivalent convolution's input
    std::vector<int> overlap;  // per output index: the (input, tap) pairs of this axis landing there

    int canvas_of(int i, int k) const { return i * stride + k * dilation; }
    // Equivalent-grid index of input i (may be outside the grid when equivalent_pad < 0).
    int grid_of(int i) const { return equivalent_pad + i * stride; }
    // The input index at equivalent-grid index g, or -1 (an inserted zero or padding).
    int input_at_grid(int g) const;
    bool inserted_zero_at_grid(int g) const;  // between two input cells
};
TransposedAxis transposed_axis(int input, int kernel, int stride, int dilation, int padding, int output_padding);

// [SECTION] The walk's numbers --------------------------------------------------------------------

struct TransposedWalk {
    TransposedAxis rows, cols;
    Tensor equivalent_input;   // 1 x rows.equivalent x cols.equivalent: zeros inserted, padded or cropped
    Weight flipped;            // the kernel turned by 180 degrees
    Tensor equivalent_output;  // core conv2d(equivalent_input, flipped, stride 1, the dilation, the bias)
    std::string error;         // the equivalent convolution refused (never for a valid layer)
    int overlap_min = 0, overlap_max = 0;  // over the output cells
    int overlap(int row, int col) const { return rows.overlap[size_t(row)] * cols.overlap[size_t(col)]; }
};
// Requires l.config().op == conv_transpose2d; empty axes when the lesson is refused.
TransposedWalk transposed_walk(const Lesson& l);

// The scatter after step `step` (input cells 0..step in reading order, -1: none): the canvas's
// partial sums, row-major canvas x canvas; output cells start at the bias. `reached` marks the
// canvas positions some stamp has reached.
std::vector<float> scatter_partial(const Lesson& l, const TransposedWalk& w, int step,
                                   std::vector<char>* reached = nullptr);

// Overlap counts of another layer's axis pair (the overlap view's comparisons).
struct OverlapPanel {
    std::string title;    // e.g. "kernel 4, stride 2 (divisible)"
    std::string caption;  // e.g. "2 to 4 pairs: even inside"
    int rows = 0, cols = 0;
    std::vector<int> counts;  // rows x cols
    int min = 0, max = 0;
};
// This layer's, then a kernel divisible by the stride (or, when it is, one that is not), then this
// layer twice (a second layer like it taking its output: the paths through both kernels, where an
// uneven pattern compounds; left out when the second output is over kMaxTwiceSide on a side), then
// nearest-neighbour resize by the stride followed by a stride-1 convolution of the same kernel.
constexpr int kMaxTwiceSide = 128;
std::vector<OverlapPanel> overlap_panels(const Lesson& l, const TransposedWalk& w);

// [SECTION] Scene ---------------------------------------------------------------------------------

struct TransposedHover {
    enum Kind { none, input, kernel, canvas, grid, flipped, output } kind = none;
    int row = 0, col = 0;  // in that grid's own cells (canvas and grid: their positions from 0)
};

struct TransposedSceneOptions {
    int step = 0;
    TransposedHover hover;
};

struct TransposedScene {
    Config config;
    std::string error;
    bool walks_input = true;  // the step is an input cell (scatter, overlap), else an output cell
    int step = 0, steps = 0;
    TransposedAxis rows, cols;
    // The scatter: input, kernel, and the canvas: the output before cropping (origin_row/col: the
    // padding cropped before; inner_rows/cols: the output). Cropped cells have `unread` set.
    SceneGrid input, kernel, canvas;
    // The equivalent stride-1 convolution: its input (origin_row/col: equivalent_pad; cells are
    // input (src_y/src_x: which), zero (mark skipped: inserted by the stride) or padding), the
    // flipped kernel and its output.
    SceneGrid grid, flipped, output;
    // The overlap view: this layer's counts on the canvas so far, and the comparisons.
    SceneGrid overlap;
    std::vector<OverlapPanel> panels;
    int overlap_min = 0, overlap_max = 0;

    // The current step, in each grid's own cells.
    std::vector<OutputPos> step_input;   // scatter: the input cell; conv: the cells reaching the output
    std::vector<OutputPos> step_kernel;  // the kernel taps used
    std::vector<OutputPos> step_canvas;  // scatter: the stamp's positions; conv: the output cell
    std::vector<OutputPos> step_grid;    // equivalent grid: the input cell, or the conv window's taps
    std::vector<OutputPos> step_flipped; // flipped-kernel taps (conv: all; scatter: those reaching it)
    std::vector<OutputPos> step_output;  // output cells written by this step

    // What the pointer is over, mapped to every grid.
    std::vector<OutputPos> hover_input, hover_kernel, hover_canvas, hover_grid, hover_output;
    std::string tooltip;
};

TransposedScene build_transposed_scene(const Lesson& l, const TransposedSceneOptions& o);

// [SECTION] Sentences -----------------------------------------------------------------------------

// The size formula of one axis in symbols and with the numbers, e.g.
// "(4 - 1)·2 - 2·1 + 1·(3 - 1) + 1 + 1 = 8".
std::string transposed_formula(const TransposedAxis& a, bool rows);
// Why output_padding exists: the input sizes a conv2d with this kernel, stride, padding and
// dilation maps to `a.input`, and which output_padding gives each back.
std::string output_padding_reason(const TransposedAxis& a, bool rows, Lang lang = Lang::en);
// The transposed conv is the gradient (adjoint) of conv2d with the same kernel, stride, padding and
// dilation: <conv2d(x), y> = <x, conv_transpose2d(y)> for every x of the output's size and y of the
// input's. Both sides for the lesson's input y and x = 1, 2, 3, ... (core conv2d and
// conv_transpose2d, no bias), summed in double; nothing when conv2d would not map the output's
// size back to the input's (output_padding >= stride, which a larger dilation allows).
struct AdjointCheck {
    double conv_dot = 0, transposed_dot = 0;
};
std::optional<AdjointCheck> adjoint_check(const Lesson& l);
// The lines under the grids for the current step (what getState().explanation holds).
std::vector<Line> transposed_explanation(const Lesson& l, int step, Detail detail = Detail::full);

}  // namespace strideconv::teach
