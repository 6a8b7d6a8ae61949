// stack.hpp -- a network as a stack of layers: every layer's shape (from the core's geometry),
// the jump, receptive field and effective padding through the stack, cost, residual joins, the
// receptive region of any output cell, and the stride/pool swap.
//
// Standard C++17 only (see core.hpp). Nothing here allocates a layer's tensors: a stack of a
// hundred layers at 4096x4096 is described in per-axis arrays.
//
// A layer is one of the grammar's kinds: conv (grouped when groups > 1, pointwise when the kernel
// is 1x1), dwconv (depthwise: groups = input channels), maxpool, avgpool, convT (transposed) and
// add. A layer with `skip` >= 0 is a shortcut: it reads the output of layer `skip` (positions count
// from 1; 0 is the network's input) instead of the layer before it, and its output is added to the
// previous layer's output; that sum is what the next layer reads. `add` is the identity shortcut.
//
// Usage:
//   std::vector<strideconv::StackLayer> layers(2);
//   layers[0].kernel = {7, 7}; layers[0].stride = strideconv::Pair{2, 2};
//   layers[0].padding.value = {3, 3}; layers[0].out_channels = 64;
//   layers[1].kind = strideconv::LayerKind::maxpool; layers[1].kernel = {3, 3};
//   layers[1].stride = strideconv::Pair{2, 2}; layers[1].padding.value = {1, 1};
//   strideconv::StackResult r = strideconv::evaluate_stack(layers, {224, 224}, 3);
//   r.rows[1].axes[0].jump_num == 4;  r.rows[1].axes[0].rf == 11;  r.rows[1].output == Pair{56, 56}
//   auto seen = strideconv::receptive_region(r, 2, {0, 0}, {0, 0});   // rows and cols of the input
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/core.hpp"

namespace strideconv {

// The largest input side and the most layers a stack takes (the app's and the CLI's limits).
constexpr int kMaxStackInput = 4096;
constexpr int kMaxStackLayers = 512;
constexpr int kMaxStackChannels = 65536;

// [SECTION] Layers ------------------------------------------------------------------------------

enum class LayerKind { conv, dwconv, maxpool, avgpool, convT, add };
const char* to_string(LayerKind k);  // the grammar's word: "conv", "dwconv", ..., "convT", "add"
bool is_convolution(LayerKind k);    // conv, dwconv, convT: weights, bias, batch norm
bool is_pool(LayerKind k);

struct LayerPadding {
    // explicit: `value` on both sides of each axis. same: TensorFlow's 'SAME' (output =
    // ceil(input / stride), the odd pixel after; at stride 1 it is PyTorch's 'same').
    // valid: none.
    enum class Kind { explicit_sides, same, valid };
    Kind kind = Kind::explicit_sides;
    Pair value{0, 0};
};

struct StackLayer {
    LayerKind kind = LayerKind::conv;
    std::string name;               // empty: "<kind><position>"
    Pair kernel{1, 1};
    std::optional<Pair> stride;     // absent: 1 for convolutions, the kernel for pools
    LayerPadding padding;
    Pair dilation{1, 1};
    int out_channels = 0;           // 0: the input's channels
    int groups = 0;                 // 0: 1 (conv, convT) or the input channels (dwconv)
    Pair output_padding{0, 0};      // convT
    bool ceil_mode = false;         // pools
    bool global = false;            // pools: one window over the whole input (adaptive pool to 1x1)
    bool bias = true;               // conv, dwconv, convT (PyTorch's default)
    bool batch_norm = false;        // followed by a batch norm: 2 x channels more parameters
    int skip = -1;                  // >= 0: a shortcut from the output of layer `skip` (0: input)

    bool shortcut() const { return skip >= 0; }
    // The stride in use: `stride`, or its default.
    Pair effective_stride() const;
    // Equal as layers: an absent stride equals its default given explicitly.
    bool operator==(const StackLayer& o) const;
    bool operator!=(const StackLayer& o) const { return !(*this == o); }
};

// [SECTION] Derived values ----------------------------------------------------------------------

// One axis of one layer: the op's numbers, and where output 0 of the layer looks in the network's
// input. Output o sees input [o * jump - effective_padding, o * jump - effective_padding + rf - 1]
// (Araujo, Norris & Sim, "Computing Receptive Fields of CNNs", Distill 2019), when `uniform`.
struct StackAxis {
    int input = 0, output = 0;
    int kernel = 1, stride = 1, dilation = 1;
    int effective_kernel = 1;       // dilation * (kernel - 1) + 1 (the input side for global pools)
    int pad_before = 0, pad_after = 0;  // resolved ('same' by TensorFlow's rule; convT: cropped)
    int output_padding = 0;         // convT
    bool ceil_mode = false;         // pools: the output size rounds up (PyTorch's ceil_mode)
    int remainder = 0;              // padded positions after the last window (the floor's remainder)
    int dropped = 0;                // real input rows/columns after the last window: never read
    int64_t jump_num = 1, jump_den = 1;  // input distance between neighbouring outputs (a fraction
                                         // only after a transposed conv)
    int64_t rf = 1;                 // size of the receptive field of output 0 (hull)
    int64_t effective_padding = 0;  // output 0's receptive field starts at -effective_padding
    bool uniform = true;            // every output sees rf inputs (false after a transposed conv)
    // Twice the centre of output 0's receptive field, (rf - 1) - 2 * effective_padding: an integer.
    int64_t centre2() const { return rf - 1 - 2 * effective_padding; }
};

struct StackRow {
    int position = 0;               // 1-based
    std::string name;
    LayerKind kind = LayerKind::conv;
    int skip = -1;                  // as in StackLayer
    bool global = false;            // a pool over the whole input
    int in_channels = 0, out_channels = 0, groups = 1;
    Pair input{0, 0}, output{0, 0};
    std::array<StackAxis, 2> axes;  // height, width; for a shortcut: the sum's receptive field
    int64_t weight_values = 0;      // the op's weights (convolutions; no bias or batch norm)
    int64_t macs = 0;               // multiply-accumulates (convolutions only)
    int64_t params = 0;             // weights + bias + batch norm (2 per channel)
    int64_t activations = 0;        // output values: channels x height x width
    int64_t window_reads = 0;       // pools: values read by the windows (no multiply)
    int64_t additions = 0;          // shortcuts: the values added
    // Shortcuts only: each path's receptive field on its own, and whether their centres line up.
    std::array<StackAxis, 2> main_path, shortcut_path;
    std::array<bool, 2> aligned{true, true};

    bool shortcut() const { return skip >= 0; }
    bool drops() const { return axes[0].dropped > 0 || axes[1].dropped > 0; }
};

struct StackTotals {
    int64_t macs = 0, params = 0, activations = 0, window_reads = 0, additions = 0;
    int64_t peak_activations = 0;   // the largest single layer output
    Pair output{0, 0};
    int channels = 0;
};

struct StackResult {
    Pair input{0, 0};
    int channels = 0;
    std::vector<StackRow> rows;     // every layer before the first refused one
    StackTotals totals;             // over `rows`
    std::string error;              // "layer 3 (conv3): ..." or a problem with the input
    Message why;                    // `error` as a key and parameters (core.hpp), for other languages
    int error_position = 0;         // the refused layer, 0 when none (or the input)
    bool ok() const { return error.empty(); }
};

// Every layer's shape and receptive field for an input of `input` (height, width, each
// 1..kMaxStackInput) with `channels` channels (1..kMaxStackChannels). Stops at the first layer
// the core refuses, naming it by position and name.
StackResult evaluate_stack(const std::vector<StackLayer>& layers, Pair input, int channels);

// [SECTION] Receptive regions -------------------------------------------------------------------

// An inclusive range of coordinates; empty when first > last.
struct Span {
    int64_t first = 0, last = -1;
    bool empty() const { return first > last; }
    int64_t size() const { return empty() ? 0 : last - first + 1; }
};

// The part of the network's input (rows, cols) that output rows `rows` x cols `cols` of layer
// `position` depend on, as the hull of every path back to the input (through both paths of every
// shortcut). Coordinates outside [0, input) are padding. `result` must come from evaluate_stack,
// and position must be one of its rows. Empty spans: the cells depend on no input (a transposed
// conv whose stride leaves gaps), only on biases.
std::array<Span, 2> receptive_region(const StackResult& result, int position, Span rows, Span cols);

// The two terms of shortcut `position`'s sum apart: the part of the network's input that outputs
// `rows` x `cols` of the main path (the output of layer position - 1) and of the shortcut (its op
// on the output of layer `skip`) depend on. Their hull is receptive_region(). Both empty when
// `position` is not a shortcut.
struct ShortcutRegions {
    std::array<Span, 2> main_path, shortcut_path;  // rows, cols
};
ShortcutRegions shortcut_regions(const StackResult& result, int position, Span rows, Span cols);

// [SECTION] Stride against pooling --------------------------------------------------------------

// A place where the stack downsamples (a stride above 1 on an axis), and what swapping it does:
//   stride_to_pool: a convolution at stride s becomes the same convolution at stride 1 followed by
//                   a max pool of kernel s, stride s and ceil_mode (so the output size is kept);
//   pool_to_stride: a pool at stride s right after a convolution at stride 1 is removed and the
//                   convolution takes stride s.
struct DownsamplingPoint {
    enum class Swap { none, stride_to_pool, pool_to_stride };
    int position = 0;
    Swap swap = Swap::none;
    std::string why_not;            // for Swap::none: why this point cannot be swapped
};
std::vector<DownsamplingPoint> downsampling_points(const std::vector<StackLayer>& layers);

// `layers` with each of `positions` (points of `layers` whose swap is not none) swapped.
// Shortcut sources are renumbered so every shortcut still reads the same place.
Result<std::vector<StackLayer>> swap_downsampling(const std::vector<StackLayer>& layers,
                                                  const std::vector<int>& positions);

// [SECTION] Editing -----------------------------------------------------------------------------
// Each keeps every shortcut reading the same place: sources after an inserted layer move up; a
// removed layer's readers read its input instead; moving a layer past its own source, or a source
// past its reader, reattaches the shortcut to the nearest layer before it. Out-of-range positions
// leave the stack unchanged and return false.

bool insert_layer(std::vector<StackLayer>& layers, int position, const StackLayer& layer);
bool remove_layer(std::vector<StackLayer>& layers, int position);
// Swaps layer `position` with its neighbour (delta -1: the one before, +1: the one after).
bool move_layer(std::vector<StackLayer>& layers, int position, int delta);

}  // namespace strideconv
