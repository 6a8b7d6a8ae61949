// geometry.cpp -- the output-size formula with its working: effective kernel, padded size,
// floor and remainder, dropped and never-visited input rows/columns, and MAC counts.
// Standard C++ only (see core.hpp).
#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>

#include "core/core.hpp"
#include "core/detail.hpp"

namespace strideconv {

namespace detail {

std::string pair_text(Pair p) { return "(" + std::to_string(p[0]) + ", " + std::to_string(p[1]) + ")"; }

Message check_weight_sizes(const Weight& w, int groups) {
    using M = Message;
    if (w.o <= 0 || w.i <= 0 || w.kh <= 0 || w.kw <= 0)
        return M::of("weight must have positive sizes (got {0})",
                     {M::literal(std::to_string(w.o) + "x" + std::to_string(w.i) + "x" + std::to_string(w.kh) + "x" +
                                 std::to_string(w.kw))});
    if (groups <= 0) return M::of("groups must be a positive integer (got {0})", {M::number(groups)});
    return {};
}

Message check_groups(int groups, int in_channels, int out_channels) {
    using M = Message;
    if (groups <= 0) return M::of("groups must be a positive integer (got {0})", {M::number(groups)});
    if (in_channels % groups != 0)
        return M::of("groups ({0}) must divide the input channels ({1})", {M::number(groups), M::number(in_channels)});
    if (out_channels % groups != 0)
        return M::of("groups ({0}) must divide the output channels ({1})", {M::number(groups), M::number(out_channels)});
    return {};
}

Message check_extent(Message what, int64_t v, int64_t min_value) {
    using M = Message;
    if (v < min_value)
        return M::of(min_value == 1 ? "{0} must be at least 1 (got {1})" : "{0} must be non-negative (got {1})",
                     {std::move(what), M::number(v)});
    if (v > kMaxExtent)
        return M::of("{0} must be at most {1} (got {2})", {std::move(what), M::number(kMaxExtent), M::number(v)});
    return {};
}

}  // namespace detail

Result<AxisGeometry> axis_geometry(int input, int kernel, int stride, int dilation, int pad_before,
                                   int pad_after, bool ceil_mode, const char* axis) {
    using R = Result<AxisGeometry>;
    using M = Message;
    const std::string ax = axis ? axis : "axis";
    if (stride <= 0)
        return R::fail(M::of("stride must be greater than zero (got {0} for the {1})", {M::number(stride), M::of(ax)}));
    if (dilation <= 0)
        return R::fail(M::of("dilation must be greater than zero (got {0} for the {1})", {M::number(dilation), M::of(ax)}));
    for (auto [what, v, lo] : {std::tuple<Message, int, int>{M::of("input " + ax), input, 1},
                               {M::of("kernel " + ax), kernel, 1},
                               {M::of("stride (" + ax + ")"), stride, 1},
                               {M::of("dilation (" + ax + ")"), dilation, 1},
                               {M::of("padding before (" + ax + ")"), pad_before, 0},
                               {M::of("padding after (" + ax + ")"), pad_after, 0}}) {
        Message e = detail::check_extent(what, v, lo);
        if (!e.empty()) return R::fail(std::move(e));
    }

    AxisGeometry g;
    g.input = input;
    g.kernel = kernel;
    g.stride = stride;
    g.dilation = dilation;
    g.pad_before = pad_before;
    g.pad_after = pad_after;
    g.ceil_mode = ceil_mode;

    const int64_t effective = int64_t(dilation) * (kernel - 1) + 1;
    const int64_t padded = int64_t(input) + pad_before + pad_after;
    const int64_t span = padded - effective;
    int64_t out = 0;
    if (ceil_mode) {
        // PyTorch pooling_output_shape: ceil, then drop a last window that would start inside
        // the right padding (it must start within input + pad_before). A window larger than the
        // padded input is allowed here, as long as one window starts inside it.
        out = detail::floor_div(span + stride - 1, stride) + 1;
        if (out >= 1 && (out - 1) * stride >= int64_t(input) + pad_before) --out;
    } else {
        out = detail::floor_div(span, stride) + 1;
    }
    if (out < 1) {
        if (dilation > 1)
            return R::fail(M::of("kernel too large for the {0}: effective kernel dilation*(kernel-1)+1 = {1}*({2}-1)+1 = {3} "
                                 "exceeds the padded input {4}+{5}+{6} = {7}, so the output size would be {8} (it must be at least 1)",
                                 {M::of(ax), M::number(dilation), M::number(kernel), M::number(effective), M::number(input),
                                  M::number(pad_before), M::number(pad_after), M::number(padded), M::number(out)}));
        return R::fail(M::of("kernel too large for the {0}: kernel {1} exceeds the padded input {2}+{3}+{4} = {5}, so the "
                             "output size would be {6} (it must be at least 1)",
                             {M::of(ax), M::number(kernel), M::number(input), M::number(pad_before), M::number(pad_after),
                              M::number(padded), M::number(out)}));
    }
    g.effective_kernel = static_cast<int>(effective);
    g.padded = static_cast<int>(padded);
    g.span = static_cast<int>(span);  // negative only for a ceil_mode window wider than the input
    g.output = static_cast<int>(out);
    g.last_window_end = (g.output - 1) * stride + g.effective_kernel;
    g.remainder = std::max(0, g.padded - g.last_window_end);
    const int first_dropped = std::max(0, g.last_window_end - pad_before);
    g.dropped_input = std::max(0, input - first_dropped);

    // Reads per padded position, in O(kernel + padded) rather than O(windows * kernel): tap k
    // reads positions k*d, k*d + s, ..., k*d + (output-1)*s, an arithmetic progression, so mark
    // its ends in a difference array and sum it with step s.
    const size_t len = static_cast<size_t>(g.last_window_end) + static_cast<size_t>(stride);
    std::vector<int> diff(len, 0);
    for (int k = 0; k < kernel; ++k) {
        const int64_t first = int64_t(k) * dilation;
        diff[static_cast<size_t>(first)] += 1;
        diff[static_cast<size_t>(first + int64_t(g.output) * stride)] -= 1;
    }
    for (size_t p = static_cast<size_t>(stride); p < len; ++p) diff[p] += diff[p - static_cast<size_t>(stride)];
    g.uses.assign(static_cast<size_t>(input), 0);
    for (int t = 0; t < input; ++t) {
        const int64_t p = int64_t(t) + pad_before;
        if (p < int64_t(len)) g.uses[static_cast<size_t>(t)] = diff[static_cast<size_t>(p)];
    }
    g.never_visited = static_cast<int>(std::count(g.uses.begin(), g.uses.end(), 0));
    return {g, {}, {}};
}

Result<Pad4> resolve_padding(const Padding& p, Pair kernel, Pair stride, Pair dilation) {
    using R = Result<Pad4>;
    switch (p.kind) {
        case Padding::Kind::valid: return {Pad4{}, {}, {}};
        case Padding::Kind::same: {
            if (stride[0] != 1 || stride[1] != 1)
                return R::fail(Message::of("padding='same' is not supported for strided convolutions: stride must be 1 "
                                           "on both axes (got stride {0})",
                                           {Message::literal(detail::pair_text(stride))}));
            Pad4 r;
            // PyTorch: total = dilation*(kernel-1); the odd pixel goes after (bottom/right).
            const int64_t th = int64_t(dilation[0]) * (kernel[0] - 1);
            const int64_t tw = int64_t(dilation[1]) * (kernel[1] - 1);
            if (th < 0 || tw < 0 || th > 2 * int64_t(kMaxExtent) || tw > 2 * int64_t(kMaxExtent))
                return R::fail(Message::of("padding='same' needs kernel and dilation of at least 1"));
            r.top = static_cast<int>(th / 2);
            r.bottom = static_cast<int>(th - th / 2);
            r.left = static_cast<int>(tw / 2);
            r.right = static_cast<int>(tw - tw / 2);
            return {r, {}, {}};
        }
        case Padding::Kind::explicit_sides: {
            const std::pair<const char*, int> sides[] = {
                {"padding top", p.top}, {"padding bottom", p.bottom}, {"padding left", p.left},
                {"padding right", p.right}};
            for (auto [name, v] : sides) {
                if (v < 0)
                    return R::fail(Message::of("{0} must be non-negative (got {1}); negative padding is not supported",
                                               {Message::of(name), Message::number(v)}));
            }
            return {Pad4{p.top, p.bottom, p.left, p.right}, {}, {}};
        }
    }
    return R::fail(Message::of("unknown padding kind"));
}

int64_t LayerShape::never_visited_cells() const {
    // Coverage is separable: a cell is read iff its row and its column are both read.
    const int64_t rows_read = rows.input - rows.never_visited;
    const int64_t cols_read = cols.input - cols.never_visited;
    return input_cells() - rows_read * cols_read;
}

Result<LayerShape> conv2d_shape(int in_channels, int in_h, int in_w, int out_channels, int kh,
                               int kw, const Conv2dOptions& o) {
    using R = Result<LayerShape>;
    using M = Message;
    if (o.groups <= 0) return R::fail(M::of("groups must be a positive integer (got {0})", {M::number(o.groups)}));
    for (auto [what, v] : {std::pair<const char*, int>{"input channels", in_channels},
                           {"output channels", out_channels},
                           {"kernel height", kh},
                           {"kernel width", kw}}) {
        Message e = detail::check_extent(M::of(what), v, 1);
        if (!e.empty()) return R::fail(std::move(e));
    }
    if (auto e = detail::check_groups(o.groups, in_channels, out_channels); !e.empty()) return R::fail(e);
    if (o.stride[0] <= 0 || o.stride[1] <= 0)
        return R::fail(M::of("stride must be greater than zero (got stride {0})", {M::literal(detail::pair_text(o.stride))}));
    if (o.dilation[0] <= 0 || o.dilation[1] <= 0)
        return R::fail(M::of("dilation must be greater than zero (got dilation {0})", {M::literal(detail::pair_text(o.dilation))}));

    auto pad = resolve_padding(o.padding, {kh, kw}, o.stride, o.dilation);
    if (!pad.ok()) return R::fail_as(pad);
    const Pad4 p = pad.value;

    // Padding modes that copy input values need those values to exist (PyTorch F.pad rules).
    if (o.padding_mode == PaddingMode::reflect || o.padding_mode == PaddingMode::circular) {
        const bool reflect = o.padding_mode == PaddingMode::reflect;
        const std::tuple<const char*, int, const char*, int> checks[] = {{"padding top", p.top, "input height", in_h},
                                                                         {"padding bottom", p.bottom, "input height", in_h},
                                                                         {"padding left", p.left, "input width", in_w},
                                                                         {"padding right", p.right, "input width", in_w}};
        for (auto [side, v, dim, size] : checks) {
            const bool bad = reflect ? v >= size : v > size;
            if (bad) {
                return R::fail(M::of(reflect ? "{0} {1} ({2}) must be smaller than the {3} ({4}): "
                                               "reflection needs a cell to mirror"
                                             : "{0} {1} ({2}) must be at most the {3} ({4}): "
                                               "circular padding may wrap around only once",
                                     {M::literal(to_string(o.padding_mode)), M::of(side), M::number(v), M::of(dim),
                                      M::number(size)}));
            }
        }
    }

    auto rows = axis_geometry(in_h, kh, o.stride[0], o.dilation[0], p.top, p.bottom, false, "height");
    if (!rows.ok()) return R::fail_as(rows);
    auto cols = axis_geometry(in_w, kw, o.stride[1], o.dilation[1], p.left, p.right, false, "width");
    if (!cols.ok()) return R::fail_as(cols);

    LayerShape s;
    s.op = Op::conv2d;
    s.in_channels = in_channels;
    s.out_channels = out_channels;
    s.groups = o.groups;
    s.rows = std::move(rows.value);
    s.cols = std::move(cols.value);
    s.pad = p;
    using detail::product;
    const int64_t per_cell = product({in_channels / o.groups, kh, kw});
    s.input_values = product({in_channels, in_h, in_w});
    s.weight_values = product({out_channels, per_cell});
    s.output_values = product({out_channels, s.output_cells()});
    s.macs = product({s.output_values, per_cell});
    // Stride 1 with the same padding and dilation: the dense layer this one subsamples.
    s.macs_stride1 = product({out_channels, int64_t(s.rows.span) + 1, int64_t(s.cols.span) + 1, per_cell});
    // conv2d's padded copy of the input, its columns split into `stride` phases (ops.cpp).
    const int64_t phase_columns = (int64_t(s.cols.padded) + o.stride[1] - 1) / o.stride[1];
    s.workspace_bytes = product({in_channels, o.stride[1], s.rows.padded, phase_columns, 4});
    return detail::counted(std::move(s));
}

Result<LayerShape> conv2d_shape(int in_channels, int in_h, int in_w, const Weight& weight,
                               const Conv2dOptions& o) {
    using R = Result<LayerShape>;
    if (auto e = detail::check_weight_sizes(weight, o.groups); !e.empty()) return R::fail(e);
    if (int64_t(weight.i) * o.groups != in_channels)
        return R::fail(Message::of("weight expects {0} input channels per group x {1} groups = {2} channels, but the "
                                   "input has {3} channels",
                                   {Message::number(weight.i), Message::number(o.groups),
                                    Message::number(int64_t(weight.i) * o.groups), Message::number(in_channels)}));
    return conv2d_shape(in_channels, in_h, in_w, weight.o, weight.kh, weight.kw, o);
}

int conv_transpose_output_size(int input, int kernel, int stride, int padding, int dilation,
                               int output_padding) {
    // Dumoulin & Visin 2016, relationship 14, with PyTorch's dilation and output_padding.
    const int64_t out = (int64_t(input) - 1) * stride - 2 * int64_t(padding) +
                        int64_t(dilation) * (kernel - 1) + output_padding + 1;
    if (out > kMaxExtent) return kMaxExtent + 1;
    return static_cast<int>(out);
}

}  // namespace strideconv
