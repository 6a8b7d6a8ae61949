// layer_shape.cpp -- the shapes of conv_transpose2d and the pools as LayerShapes (conv2d's is in
// geometry.cpp), and the one budget check every caller runs before it allocates a layer.
// Standard C++ only (see core.hpp).
//
// [SECTION] Counting: 64-bit products that refuse to overflow
// [SECTION] conv_transpose2d: the scatter, axis by axis
// [SECTION] Pools
// [SECTION] Budget
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <utility>

#include "core/core.hpp"
#include "core/detail.hpp"

namespace strideconv {

// [SECTION] Counting -----------------------------------------------------------------------------

namespace detail {

int64_t product(std::initializer_list<int64_t> factors) {
    int64_t p = 1;
    for (const int64_t f : factors) {
        if (f < 0 || p < 0) return -1;
        if (f != 0 && p > std::numeric_limits<int64_t>::max() / f) return -1;
        p *= f;
    }
    return p;
}

Result<LayerShape> counted(LayerShape s) {
    for (const int64_t count : {s.input_values, s.weight_values, s.output_values, s.macs,
                                s.macs_stride1, s.workspace_bytes})
        if (count < 0)
            return Result<LayerShape>::fail(Message::of("{0} layer too large to count: its sizes multiply past 2^63 "
                                                        "(reduce the channels, sizes or kernel)",
                                                        {Message::literal(to_string(s.op))}));
    return {std::move(s), {}, {}};
}

}  // namespace detail

// [SECTION] conv_transpose2d ---------------------------------------------------------------------

namespace {

// Input index i scatters tap k to output i * stride - padding + k * dilation (PyTorch's
// conv_transpose2d); the taps landing outside [0, output) are cropped. `uses[i]` counts the taps of
// i that land inside. O(input) with no loop over taps.
AxisGeometry transpose_axis(int input, int kernel, int stride, int dilation, int padding,
                            int output_padding, int output) {
    AxisGeometry g;
    g.input = input;
    g.kernel = kernel;
    g.stride = stride;
    g.dilation = dilation;
    g.pad_before = g.pad_after = padding;
    g.output_padding = output_padding;
    g.effective_kernel = static_cast<int>(int64_t(dilation) * (kernel - 1) + 1);
    g.output = output;
    g.uses.assign(static_cast<size_t>(input), 0);
    for (int i = 0; i < input; ++i) {
        // 0 <= i*s - p + k*d <= output - 1  <=>  ceil((p - i*s) / d) <= k <= floor((output - 1 + p - i*s) / d)
        const int64_t base = int64_t(i) * stride - padding;
        const int64_t first = std::max<int64_t>(0, -detail::floor_div(base, dilation));
        const int64_t last = std::min<int64_t>(kernel - 1, detail::floor_div(output - 1 - base, dilation));
        g.uses[static_cast<size_t>(i)] = static_cast<int>(std::max<int64_t>(0, last - first + 1));
    }
    g.never_visited = static_cast<int>(std::count(g.uses.begin(), g.uses.end(), 0));
    return g;
}

Message check_positive_extent(const char* what, int v) { return detail::check_extent(Message::of(what), v, 1); }

}  // namespace

Result<LayerShape> conv_transpose2d_shape(int in_channels, int in_h, int in_w, int out_channels,
                                          int kh, int kw, const ConvTranspose2dOptions& o) {
    using R = Result<LayerShape>;
    for (auto [what, v] : {std::pair<const char*, int>{"input channels", in_channels},
                           {"input height", in_h},
                           {"input width", in_w},
                           {"output channels", out_channels},
                           {"kernel height", kh},
                           {"kernel width", kw}})
        if (auto e = check_positive_extent(what, v); !e.empty()) return R::fail(e);
    if (auto e = detail::check_groups(o.groups, in_channels, out_channels); !e.empty()) return R::fail(e);
    using M = Message;
    const Pair input{in_h, in_w}, kernel{kh, kw};
    for (int a = 0; a < 2; ++a) {
        const char* ax = a == 0 ? "height" : "width";
        if (o.stride[a] <= 0)
            return R::fail(M::of("stride must be greater than zero (got stride {0})", {M::literal(detail::pair_text(o.stride))}));
        if (o.dilation[a] <= 0)
            return R::fail(M::of("dilation must be greater than zero (got dilation {0})", {M::literal(detail::pair_text(o.dilation))}));
        if (o.padding[a] < 0)
            return R::fail(M::of("padding must be non-negative (got padding {0})", {M::literal(detail::pair_text(o.padding))}));
        if (o.output_padding[a] < 0)
            return R::fail(M::of("output_padding must be non-negative (got {0})", {M::literal(detail::pair_text(o.output_padding))}));
        for (auto [what, v] : {std::pair<const char*, int>{"stride", o.stride[a]},
                               {"dilation", o.dilation[a]},
                               {"padding", o.padding[a]},
                               {"output_padding", o.output_padding[a]}}) {
            if (v > kMaxExtent)
                return R::fail(M::of("{0} ({1}) must be at most {2} (got {3})",
                                     {M::of(what), M::of(ax), M::number(kMaxExtent), M::number(v)}));
        }
        // PyTorch: output_padding must be smaller than either stride or dilation.
        if (o.output_padding[a] >= o.stride[a] && o.output_padding[a] >= o.dilation[a])
            return R::fail(M::of("output_padding ({0}) = {1} must be smaller than either stride ({2}) or dilation ({3})",
                                 {M::of(ax), M::number(o.output_padding[a]), M::number(o.stride[a]), M::number(o.dilation[a])}));
    }
    Pair output{};
    for (int a = 0; a < 2; ++a)
        output[a] = conv_transpose_output_size(input[a], kernel[a], o.stride[a], o.padding[a],
                                               o.dilation[a], o.output_padding[a]);
    if (output[0] <= 0 || output[1] <= 0)
        return R::fail(M::of("output size ({0}x{1}) must be at least 1x1: (in-1)*stride - 2*padding + dilation*(kernel-1) + "
                             "output_padding + 1 is too small; reduce padding",
                             {M::number(output[0]), M::number(output[1])}));
    if (output[0] > kMaxExtent || output[1] > kMaxExtent)
        return R::fail(M::of("output size must be at most {0} per axis", {M::number(kMaxExtent)}));

    LayerShape s;
    s.op = Op::conv_transpose2d;
    s.in_channels = in_channels;
    s.out_channels = out_channels;
    s.groups = o.groups;
    s.rows = transpose_axis(in_h, kh, o.stride[0], o.dilation[0], o.padding[0], o.output_padding[0], output[0]);
    s.cols = transpose_axis(in_w, kw, o.stride[1], o.dilation[1], o.padding[1], o.output_padding[1], output[1]);
    s.pad = {o.padding[0], o.padding[0], o.padding[1], o.padding[1]};
    using detail::product;
    const int64_t per_pair = product({in_channels, out_channels / o.groups});
    s.input_values = product({in_channels, in_h, in_w});
    s.weight_values = product({per_pair, kh, kw});
    s.output_values = product({out_channels, s.output_cells()});
    // Every input cell scatters the whole kernel (the usual count, and PyTorch's col2im work);
    // the taps that padding crops are counted too. So the stride changes the output, not the work.
    s.macs = product({per_pair, s.input_cells(), kh, kw});
    // Stride 1 with the same padding and dilation (output_padding only picks among stride-s sizes):
    // the same work, if that layer has an output at all.
    const bool stride1_exists =
        conv_transpose_output_size(in_h, kh, 1, o.padding[0], o.dilation[0], 0) >= 1 &&
        conv_transpose_output_size(in_w, kw, 1, o.padding[1], o.dilation[1], 0) >= 1;
    s.macs_stride1 = stride1_exists ? s.macs : 0;
    return detail::counted(std::move(s));
}

Result<LayerShape> conv_transpose2d_shape(int in_channels, int in_h, int in_w, const Weight& weight,
                                          const ConvTranspose2dOptions& o) {
    using R = Result<LayerShape>;
    if (auto e = detail::check_weight_sizes(weight, o.groups); !e.empty()) return R::fail(e);
    if (weight.o != in_channels)
        return R::fail(Message::of("weight of conv_transpose2d is in_channels x out_channels/groups x kH x kW: its first "
                                   "dimension ({0}) must equal the input channels ({1})",
                                   {Message::number(weight.o), Message::number(in_channels)}));
    const int64_t out_channels = int64_t(weight.i) * o.groups;
    if (out_channels > kMaxExtent)
        return R::fail(Message::of("output channels must be at most {0} (got {1})",
                                   {Message::number(kMaxExtent), Message::number(out_channels)}));
    return conv_transpose2d_shape(in_channels, in_h, in_w, static_cast<int>(out_channels), weight.kh,
                                  weight.kw, o);
}

// [SECTION] Pools --------------------------------------------------------------------------------

namespace detail {

Result<LayerShape> pool_shape(Op op, int channels, int in_h, int in_w, Pair kernel,
                              const std::optional<Pair>& stride_opt, Pair padding, Pair dilation,
                              bool ceil_mode) {
    using R = Result<LayerShape>;
    if (auto e = check_positive_extent("input channels", channels); !e.empty()) return R::fail(e);
    // The stride first, as PyTorch: a zero kernel_size with the stride left out is a zero stride.
    const Pair stride = stride_opt ? *stride_opt : kernel;
    using M = Message;
    if (stride[0] <= 0 || stride[1] <= 0)
        return R::fail(M::of(stride_opt ? "stride must be greater than zero (got stride {0})"
                                        : "stride must be greater than zero (got stride {0}, which defaults to kernel_size)",
                             {M::literal(pair_text(stride))}));
    if (kernel[0] <= 0 || kernel[1] <= 0)
        return R::fail(M::of("kernel_size must be greater than zero (got kernel_size {0})", {M::literal(pair_text(kernel))}));
    if (dilation[0] <= 0 || dilation[1] <= 0)
        return R::fail(M::of("dilation must be greater than zero (got dilation {0})", {M::literal(pair_text(dilation))}));
    if (padding[0] < 0 || padding[1] < 0)
        return R::fail(M::of("padding must be non-negative (got padding {0})", {M::literal(pair_text(padding))}));
    // PyTorch pool2d_shape_check: pad <= kernel_size / 2 on each axis.
    if (padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2)
        return R::fail(M::of("padding {0} must be at most half of kernel_size {1} on each axis",
                             {M::literal(pair_text(padding)), M::literal(pair_text(kernel))}));
    auto rows = axis_geometry(in_h, kernel[0], stride[0], dilation[0], padding[0], padding[0], ceil_mode, "height");
    if (!rows.ok()) return R::fail(Message::of("output size is too small: {0}", {rows.why}));
    auto cols = axis_geometry(in_w, kernel[1], stride[1], dilation[1], padding[1], padding[1], ceil_mode, "width");
    if (!cols.ok()) return R::fail(Message::of("output size is too small: {0}", {cols.why}));

    LayerShape s;
    s.op = op;
    s.in_channels = s.out_channels = channels;
    s.rows = std::move(rows.value);
    s.cols = std::move(cols.value);
    s.pad = {padding[0], padding[0], padding[1], padding[1]};
    s.input_values = product({channels, in_h, in_w});
    s.output_values = product({channels, s.output_cells()});
    s.macs = product({s.output_values, kernel[0], kernel[1]});
    // At stride 1 a window no wider than the padded input slides span + 1 times on either rounding;
    // a wider one (only ceil_mode lets a larger stride keep it) makes PyTorch refuse the layer.
    const int64_t rows1 = std::max(s.rows.span + 1, 0), cols1 = std::max(s.cols.span + 1, 0);
    s.macs_stride1 = product({channels, rows1, cols1, kernel[0], kernel[1]});
    return {std::move(s), {}, {}};
}

}  // namespace detail

Result<LayerShape> max_pool2d_shape(int channels, int in_h, int in_w, const MaxPool2dOptions& o) {
    auto s = detail::pool_shape(Op::max_pool2d, channels, in_h, in_w, o.kernel_size, o.stride,
                                o.padding, o.dilation, o.ceil_mode);
    if (!s.ok()) return s;
    return detail::counted(std::move(s.value));
}

Result<LayerShape> avg_pool2d_shape(int channels, int in_h, int in_w, const AvgPool2dOptions& o) {
    auto s = detail::pool_shape(Op::avg_pool2d, channels, in_h, in_w, o.kernel_size, o.stride,
                                o.padding, {1, 1}, o.ceil_mode);
    if (!s.ok()) return s;
    if (auto e = detail::check_divisor(o.divisor_override); !e.empty())
        return Result<LayerShape>::fail(e);
    // One divisor per output cell (core/fast_ops.cpp divides a row at a time by them).
    s.value.workspace_bytes = detail::product({s.value.output_cells(), 4});
    return detail::counted(std::move(s.value));
}

// [SECTION] Budget -------------------------------------------------------------------------------

Message budget_refusal(const LayerShape& s, const Budget& b) {
    using M = Message;
    const std::tuple<const char*, int64_t, int64_t> figures[] = {
        {"input values", s.input_values, b.max_input_values},
        {"weight values", s.weight_values, b.max_weight_values},
        {"output values", s.output_values, b.max_output_values},
        {"workspace bytes", s.workspace_bytes, b.max_workspace_bytes},
    };
    for (const auto& [what, value, limit] : figures)
        if (value > limit) return M::of("{0} {1} exceeds the limit of {2}", {M::of(what), M::number(value), M::number(limit)});
    if (s.macs <= b.max_work) return {};
    // Say so when one axis alone is over: its windows (conv_transpose2d: inputs) x taps divide the
    // whole work.
    const bool scatter = s.op == Op::conv_transpose2d;
    for (const auto& [g, axis] : {std::pair<const AxisGeometry*, const char*>{&s.rows, "height"},
                                  {&s.cols, "width"}}) {
        const int count = scatter ? g->input : g->output;
        const int64_t taps = int64_t(count) * g->kernel;
        if (taps > b.max_work)
            return M::of(scatter ? "work of the {0} alone, {1} inputs x {2} taps = {3}, exceeds the limit of {4}"
                                 : "work of the {0} alone, {1} windows x {2} taps = {3}, exceeds the limit of {4}",
                         {M::of(axis), M::number(count), M::number(g->kernel), M::number(taps), M::number(b.max_work)});
    }
    return M::of("work {0} exceeds the limit of {1}", {M::number(s.macs), M::number(b.max_work)});
}

std::string check_budget(const LayerShape& s, const Budget& b) { return budget_refusal(s, b).english(); }

}  // namespace strideconv
