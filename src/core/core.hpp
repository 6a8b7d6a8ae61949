// core.hpp -- the convolution core: tensors, options, shape arithmetic, ops and step traces.
//
// Standard C++17 only: no ImGui, GL, GLFW or Emscripten include may ever appear under src/core.
// Semantics and argument names follow PyTorch (torch.nn.functional.conv2d, conv_transpose2d,
// max_pool2d, avg_pool2d) for a single image laid out C x H x W, float32.
//
// Every entry point validates its arguments and returns a Result: either a value, or an error
// message that names the offending parameter and the rule it broke. Nothing here asserts,
// throws or reads out of bounds on bad input.
//
// Usage:
//   strideconv::Tensor x = strideconv::Tensor::sequential(1, 5, 5);      // 1..25 as in the seed
//   strideconv::Weight w = strideconv::Weight::filled(1, 1, 3, 3, 1.0f);
//   strideconv::Conv2dOptions o; o.stride = {2, 2};
//   auto y = strideconv::conv2d(x, w, nullptr, o);       // y.ok(), y.value.h == 2
//   auto t = strideconv::trace_conv2d(x, w, nullptr, o, {0, 1, 1}); // one cell, step by step
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace strideconv {

// Largest size, kernel, stride, dilation or padding the core accepts on one axis. Keeps every
// intermediate product well inside 64 bits and every index inside int.
constexpr int kMaxExtent = 1 << 20;

// [SECTION] Results -----------------------------------------------------------------------------

// A sentence as a stable key and its parameters, so that a layer above the core can word it in
// another language (teach's string table is keyed by the English pattern) while the CLI and its JSON
// keep the English, byte for byte. The key is the English pattern with {0}, {1}, ... for the
// parameters; a parameter is a sentence of its own: a word to translate (a key and no parameters,
// "height"), a number in the C locale (number: a language writes it its own way) or text that is
// never translated (literal: a file name, a layer spec).
//   Message::of("{0} {1} exceeds the limit of {2}", {Message::of("output values"), Message::number(9), Message::number(8)})
//   .english()   // "output values 9 exceeds the limit of 8"
struct Message {
    enum class Kind { sentence, number, literal };
    Kind kind = Kind::literal;
    std::string text;            // sentence: the English pattern (the key); number, literal: the text
    std::vector<Message> args;   // sentence: the parameters {0}, {1}, ...
    static Message of(std::string pattern, std::vector<Message> args = {});
    static Message number(int64_t n);
    static Message number_text(std::string c_locale_number);  // "2.25", "1e+10"
    static Message literal(std::string text);
    bool empty() const { return text.empty() && args.empty(); }
    std::string english() const;
};

// A value or a message. `error` empty means success; `why` is the same message as a key and
// parameters (a literal of `error` where the core has no key for it).
template <class T>
struct Result {
    T value{};
    std::string error;
    Message why;
    bool ok() const { return error.empty(); }
    static Result fail(std::string message) {
        Result r;
        r.why = Message::literal(message);
        r.error = std::move(message);
        return r;
    }
    static Result fail(Message message) {
        Result r;
        r.error = message.english();
        r.why = std::move(message);
        return r;
    }
    // Another result's failure, its key and parameters kept.
    template <class U>
    static Result fail_as(const Result<U>& other) {
        Result r;
        r.error = other.error;
        r.why = other.why;
        return r;
    }
};

// [SECTION] Tensors -----------------------------------------------------------------------------

// One image, C x H x W, row-major.
struct Tensor {
    int c = 0, h = 0, w = 0;
    std::vector<float> data;

    static Tensor zeros(int c, int h, int w);
    static Tensor filled(int c, int h, int w, float v);
    static Tensor sequential(int c, int h, int w);  // 1, 2, 3, ... in reading order
    float at(int ci, int y, int x) const { return data[(static_cast<size_t>(ci) * h + y) * w + x]; }
    float& at(int ci, int y, int x) { return data[(static_cast<size_t>(ci) * h + y) * w + x]; }
    size_t size() const { return data.size(); }
};

// Convolution weights, O x I x KH x KW. For conv2d I = C_in / groups; for conv_transpose2d the
// layout is C_in x (C_out / groups) x KH x KW, as in PyTorch.
struct Weight {
    int o = 0, i = 0, kh = 0, kw = 0;
    std::vector<float> data;

    static Weight zeros(int o, int i, int kh, int kw);
    static Weight filled(int o, int i, int kh, int kw, float v);
    float at(int oi, int ii, int y, int x) const {
        return data[((static_cast<size_t>(oi) * i + ii) * kh + y) * kw + x];
    }
    float& at(int oi, int ii, int y, int x) {
        return data[((static_cast<size_t>(oi) * i + ii) * kh + y) * kw + x];
    }
};

// [SECTION] Options -----------------------------------------------------------------------------

// The four ops, one enum for every layer (core, lesson, URL codec, JSON requests, CLI). The lesson
// teaches the first three, in this order (its controls list them by index).
enum class Op { conv2d, max_pool2d, avg_pool2d, conv_transpose2d };
const char* to_string(Op op);  // PyTorch's function name: "conv2d", "max_pool2d", ...
// The op named exactly `name` (PyTorch's spelling), or nullopt.
std::optional<Op> op_from_string(const std::string& name);
// "conv2d, max_pool2d or avg_pool2d": the names of `ops` for a message listing what is accepted.
std::string op_names(std::initializer_list<Op> ops);

enum class PaddingMode { zeros, reflect, replicate, circular };
const char* to_string(PaddingMode m);
std::optional<PaddingMode> padding_mode_from_string(const std::string& s);

// Padding as given by the user. `explicit_sides` is a superset of PyTorch's (ph, pw) ints.
struct Padding {
    enum class Kind { explicit_sides, same, valid };
    Kind kind = Kind::explicit_sides;
    int top = 0, bottom = 0, left = 0, right = 0;

    static Padding symmetric(int ph, int pw) { return {Kind::explicit_sides, ph, ph, pw, pw}; }
    static Padding sides(int t, int b, int l, int r) { return {Kind::explicit_sides, t, b, l, r}; }
    static Padding same() { return {Kind::same, 0, 0, 0, 0}; }
    static Padding valid() { return {Kind::valid, 0, 0, 0, 0}; }
};

// Padding resolved to numbers, per side.
struct Pad4 {
    int top = 0, bottom = 0, left = 0, right = 0;
    bool operator==(const Pad4& o) const { return top == o.top && bottom == o.bottom && left == o.left && right == o.right; }
    bool operator!=(const Pad4& o) const { return !(*this == o); }
};

// Pairs are {height, width} throughout, like PyTorch's (sH, sW).
using Pair = std::array<int, 2>;

struct Conv2dOptions {
    Pair stride{1, 1};
    Padding padding;
    Pair dilation{1, 1};
    int groups = 1;
    PaddingMode padding_mode = PaddingMode::zeros;
};

struct ConvTranspose2dOptions {
    Pair stride{1, 1};
    Pair padding{0, 0};
    Pair output_padding{0, 0};
    int groups = 1;
    Pair dilation{1, 1};
};

struct MaxPool2dOptions {
    Pair kernel_size{2, 2};
    std::optional<Pair> stride;  // PyTorch: None means kernel_size
    Pair padding{0, 0};
    Pair dilation{1, 1};
    bool ceil_mode = false;
};

struct AvgPool2dOptions {
    Pair kernel_size{2, 2};
    std::optional<Pair> stride;  // PyTorch: None means kernel_size
    Pair padding{0, 0};
    bool ceil_mode = false;
    bool count_include_pad = true;
    std::optional<int> divisor_override;
};

// [SECTION] Shape arithmetic --------------------------------------------------------------------

// One spatial axis of a sliding window, with every term of the output-size formula kept so the
// UI and the CLI can show their working:
//   output = floor((input + pad_before + pad_after - effective_kernel) / stride) + 1
// where effective_kernel = dilation * (kernel - 1) + 1 (Dumoulin & Visin 2016, relationship 15).
struct AxisGeometry {
    int input = 0, kernel = 0, stride = 1, dilation = 1, pad_before = 0, pad_after = 0;
    int output_padding = 0;    // conv_transpose2d only (see LayerShape)
    bool ceil_mode = false;
    int effective_kernel = 0;  // dilation * (kernel - 1) + 1
    int padded = 0;            // input + pad_before + pad_after
    int span = 0;              // padded - effective_kernel: the room the window has to slide
    int output = 0;            // number of window positions
    int remainder = 0;         // span mod stride: padded positions after the last window (floor)
    int last_window_end = 0;   // one past the last padded position any window covers
    int dropped_input = 0;     // real input rows/cols after the last window (never reached)
    std::vector<int> uses;     // per input index: how many (window, tap) pairs read it
    int never_visited = 0;     // input indices with uses == 0 (dropped or skipped between taps)

    // Padded-space origin of window `o`; subtract pad_before for input coordinates.
    int window_start(int o) const { return o * stride; }
    // Input coordinate of tap `k` of window `o` (may be < 0 or >= input: padding).
    int tap_input(int o, int k) const { return o * stride + k * dilation - pad_before; }
};

// Geometry of a convolution-like axis. `axis` ("height"/"width") names the axis in messages.
// With ceil_mode (pooling), PyTorch's rule applies: the last window may run past the padding,
// but one that would start inside the right padding is dropped.
Result<AxisGeometry> axis_geometry(int input, int kernel, int stride, int dilation, int pad_before,
                                   int pad_after, bool ceil_mode, const char* axis);

// Resolve 'same' / 'valid' / explicit padding for conv2d. 'same' requires stride 1 and puts the
// odd pixel of dilation*(kernel-1) on the bottom/right, as PyTorch does.
Result<Pad4> resolve_padding(const Padding& p, Pair kernel, Pair stride, Pair dilation);

// [SECTION] Layer shapes and the budget --------------------------------------------------------

// Everything about the size of one layer of any op: the geometry of each axis, the channels, and
// every count the lesson, the CLI and hosts compare or print. All counts are 64-bit and exact: a
// shape function refuses a layer whose counts would not fit in int64_t.
//
// For conv_transpose2d the axes describe the scatter: `output` is (input - 1) * stride
// - 2 * padding + effective_kernel + output_padding, pad_before = pad_after = padding (cropped from
// the output), `uses[i]` counts the kernel taps of input i that land inside the output, and
// padded, span, remainder, last_window_end and dropped_input are 0.
struct LayerShape {
    Op op = Op::conv2d;
    int in_channels = 0, out_channels = 0, groups = 1;
    AxisGeometry rows, cols;
    Pad4 pad;                     // padding per side (conv_transpose2d: cropped from the output)
    int64_t input_values = 0;     // in_channels x input height x input width
    int64_t weight_values = 0;    // conv2d: out x in/groups x kh x kw; conv_transpose2d: in x
                                  // out/groups x kh x kw; pools: 0
    int64_t output_values = 0;    // out_channels x output height x output width
    int64_t macs = 0;             // multiply-accumulates at this stride; pools: window reads (taps,
                                  // padding included); conv_transpose2d: every input cell times
                                  // the whole kernel (cropped taps included), whatever the stride
    int64_t macs_stride1 = 0;     // the same layer at stride 1 (same padding, dilation, ceil_mode;
                                  // no output_padding); 0 when PyTorch refuses that layer, i.e. a
                                  // ceil_mode window wider than the padded input
    int64_t workspace_bytes = 0;  // the largest temporary an op allocates besides its output:
                                  // conv2d's padded, stride-phase-split copy of the input (the
                                  // reference's; the fast path's ring of rows is at most that);
                                  // avg_pool2d's divisor per output cell. The fast paths also hold
                                  // at most 256 MiB of scratch: past that they run the reference.
    int64_t output_cells() const { return int64_t(rows.output) * cols.output; }
    int64_t input_cells() const { return int64_t(rows.input) * cols.input; }
    // Number of input cells (per channel) no window ever reads.
    int64_t never_visited_cells() const;
};
// The conv2d name it had before the other ops had shapes.
using ConvShape = LayerShape;

// Each validates the whole configuration, with the same messages as the op itself, and describes
// it; nothing of the layer's size is allocated (per-axis arrays only). Weight overloads read only
// the weight's sizes: conv2d O x I/groups x kh x kw, conv_transpose2d I x O/groups x kh x kw.
Result<LayerShape> conv2d_shape(int in_channels, int in_h, int in_w, const Weight& weight_shape,
                                const Conv2dOptions& o);
Result<LayerShape> conv2d_shape(int in_channels, int in_h, int in_w, int out_channels, int kh,
                                int kw, const Conv2dOptions& o);
Result<LayerShape> conv_transpose2d_shape(int in_channels, int in_h, int in_w,
                                          const Weight& weight_shape, const ConvTranspose2dOptions& o);
Result<LayerShape> conv_transpose2d_shape(int in_channels, int in_h, int in_w, int out_channels,
                                          int kh, int kw, const ConvTranspose2dOptions& o);
Result<LayerShape> max_pool2d_shape(int channels, int in_h, int in_w, const MaxPool2dOptions& o);
Result<LayerShape> avg_pool2d_shape(int channels, int in_h, int in_w, const AvgPool2dOptions& o);

// What a caller lets one layer cost. Every caller that allocates a layer's tensors (the JSON
// requests, the CLI, the lesson) checks its shape against a Budget first. Zeroed fields are not
// "no limit": a Budget{} holds the defaults below.
struct Budget {
    int64_t max_input_values = int64_t(1) << 24;   // 16M floats (64 MiB)
    int64_t max_weight_values = int64_t(1) << 24;
    int64_t max_output_values = int64_t(1) << 24;
    int64_t max_workspace_bytes = int64_t(1) << 30;
    int64_t max_work = int64_t(1) << 32;  // multiply-accumulates, or window reads for pooling
};

// Empty when `s` is within every limit of `b`; otherwise one line naming the first figure over its
// limit, e.g. "output values 9 exceeds the limit of 8", or "work of the width alone, 131073
// windows x 131072 taps = 17180262912, exceeds the limit of 4294967296" when one axis alone does.
std::string check_budget(const LayerShape& s, const Budget& b = {});
// The same as a Message (empty when within every limit): the figure's name is a key of its own.
Message budget_refusal(const LayerShape& s, const Budget& b = {});

// The padding that makes one axis's output `wanted_output` long: every total padding in
// [min_total, max_total] gives it (the floor absorbs up to stride - 1); the smallest split with the
// odd pixel after (before, after). Refused when even no padding gives more than is wanted.
struct PaddingSolution {
    int min_total = 0, max_total = 0;
    int before = 0, after = 0;
};
Result<PaddingSolution> solve_padding(int input, int kernel, int stride, int dilation, int wanted_output);
// TensorFlow's SAME: the padding that gives ceil(input / stride), odd pixel after.
PaddingSolution tf_same_padding(int input, int kernel, int stride, int dilation);

// [SECTION] Ops ---------------------------------------------------------------------------------

// bias may be null; otherwise it must hold out_channels values.
Result<Tensor> conv2d(const Tensor& input, const Weight& weight, const std::vector<float>* bias,
                      const Conv2dOptions& o);
Result<Tensor> conv_transpose2d(const Tensor& input, const Weight& weight,
                                const std::vector<float>* bias, const ConvTranspose2dOptions& o);
Result<Tensor> max_pool2d(const Tensor& input, const MaxPool2dOptions& o);
Result<Tensor> avg_pool2d(const Tensor& input, const AvgPool2dOptions& o);

// The same ops writing into `out`, whose storage is reused when it is large enough: once warm, a
// caller that recomputes the same layer (the UI on every edit, a benchmark loop) allocates nothing
// and does not pay for zeroing an output it overwrites. Returns the error message (as in the
// Result of the op above; `out` is then left as it was), or an empty string on success.
std::string conv2d_into(const Tensor& input, const Weight& weight, const std::vector<float>* bias,
                        const Conv2dOptions& o, Tensor& out);
std::string conv_transpose2d_into(const Tensor& input, const Weight& weight,
                                  const std::vector<float>* bias, const ConvTranspose2dOptions& o,
                                  Tensor& out);
std::string max_pool2d_into(const Tensor& input, const MaxPool2dOptions& o, Tensor& out);
std::string avg_pool2d_into(const Tensor& input, const AvgPool2dOptions& o, Tensor& out);

// Output size of conv_transpose2d along one axis (Dumoulin & Visin 2016, relationship 14 with
// PyTorch's output_padding and dilation); kMaxExtent + 1 for anything larger.
int conv_transpose_output_size(int input, int kernel, int stride, int padding, int dilation,
                               int output_padding);

// Where a padded coordinate reads its value from, for each padding mode. Returns -1 for zeros
// (and for any coordinate that no mode can map).
int source_index(PaddingMode mode, int coord, int size);

// [SECTION] Reference ops -----------------------------------------------------------------------
// The ops above run SIMD fast paths (core/fast_ops.cpp: Google Highway, AVX2/AVX-512 chosen at run
// time natively, WASM SIMD128 on the web). These are the same ops as plain scalar loops: the
// readable definition, which the fast paths are tested against on random configurations. Same
// validation and messages as the ops above.
namespace reference {
Result<Tensor> conv2d(const Tensor& input, const Weight& weight, const std::vector<float>* bias,
                      const Conv2dOptions& o);
Result<Tensor> conv_transpose2d(const Tensor& input, const Weight& weight,
                                const std::vector<float>* bias, const ConvTranspose2dOptions& o);
Result<Tensor> max_pool2d(const Tensor& input, const MaxPool2dOptions& o);
Result<Tensor> avg_pool2d(const Tensor& input, const AvgPool2dOptions& o);
}  // namespace reference

// SIMD instruction sets the fast paths were compiled for that this machine can run, best first,
// by Highway's names ("AVX3" is AVX-512, then "AVX2", "EMU128" or "SCALAR"; "WASM" on the web).
std::vector<std::string> simd_targets();
// The one in use: the best, unless use_simd_target chose another.
std::string simd_target();
// Run the fast paths on `name` (one of simd_targets()), or on the best again with "". False, and
// nothing changes, for a name not in simd_targets(). For tests and benchmarks; not thread-safe.
bool use_simd_target(const std::string& name);
// The arithmetic ceiling of a roofline: `rounds` rounds of 16 independent vector multiply-adds on
// the SIMD target in use (no loads, no stores; WebAssembly has no fused multiply-add, so there it
// is a multiply and an add). Returns the floating-point operations done, 2 per lane per
// multiply-add; time the call to get FLOP/s (strideconv bench --peak).
int64_t multiply_add_probe(int64_t rounds);

// [SECTION] Step traces -------------------------------------------------------------------------

enum class TapSource {
    input,      // a real input cell
    zero_pad,   // zero padding (conv) or a cell outside the input (transposed conv gaps)
    reflect,    // padding that copies a mirrored input cell
    replicate,  // padding that copies the nearest edge cell
    circular,   // padding that wraps around
    neg_inf,    // max-pool padding (never wins)
};
const char* to_string(TapSource s);

struct Tap {
    int channel = 0;        // input channel read
    int ky = 0, kx = 0;     // kernel tap
    int y = 0, x = 0;       // coordinate in input space (outside [0,H)x[0,W) for padding)
    int src_y = -1, src_x = -1;  // input cell actually read (-1: none, value is the pad value)
    TapSource source = TapSource::input;
    float value = 0;        // input value used
    float weight = 0;       // weight (1 for pooling)
    float product = 0;      // value * weight
};

struct CellIndex {
    int channel = 0, row = 0, col = 0;
};

struct CellTrace {
    CellIndex cell;
    int origin_y = 0, origin_x = 0;  // input coordinate of the window's top-left tap
    std::vector<Tap> taps;           // in the order they are summed
    float sum = 0;                   // sum of products (conv), max (max pool), sum (avg pool)
    float bias = 0;                  // conv: bias added
    int64_t divisor = 1;             // avg pool: what the sum is divided by (64-bit, as in PyTorch)
    int winner = -1;                 // max pool: index into taps of the maximum
    float result = 0;                // the output value
};

Result<CellTrace> trace_conv2d(const Tensor& input, const Weight& weight,
                               const std::vector<float>* bias, const Conv2dOptions& o,
                               CellIndex cell);
// For the transposed conv, the taps are every (input cell, kernel tap) that scatters into `cell`.
Result<CellTrace> trace_conv_transpose2d(const Tensor& input, const Weight& weight,
                                         const std::vector<float>* bias,
                                         const ConvTranspose2dOptions& o, CellIndex cell);
Result<CellTrace> trace_max_pool2d(const Tensor& input, const MaxPool2dOptions& o, CellIndex cell);
Result<CellTrace> trace_avg_pool2d(const Tensor& input, const AvgPool2dOptions& o, CellIndex cell);

}  // namespace strideconv
