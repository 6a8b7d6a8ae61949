// stack.cpp -- a network as a stack of layers (see stack.hpp). Standard C++ only.
//
// [SECTION] Layers: names, equality
// [SECTION] One layer: its shape from the core's geometry
// [SECTION] Receptive fields: the closed forms and the backward sweep
// [SECTION] The stack
// [SECTION] Stride against pooling
// [SECTION] Editing
#include "core/stack.hpp"

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <numeric>
#include <tuple>
#include <utility>

#include "core/detail.hpp"

namespace strideconv {

// [SECTION] Layers -------------------------------------------------------------------------------

const char* to_string(LayerKind k) {
    switch (k) {
        case LayerKind::conv: return "conv";
        case LayerKind::dwconv: return "dwconv";
        case LayerKind::maxpool: return "maxpool";
        case LayerKind::avgpool: return "avgpool";
        case LayerKind::convT: return "convT";
        case LayerKind::add: return "add";
    }
    return "?";
}

bool is_convolution(LayerKind k) {
    return k == LayerKind::conv || k == LayerKind::dwconv || k == LayerKind::convT;
}

bool is_pool(LayerKind k) { return k == LayerKind::maxpool || k == LayerKind::avgpool; }

Pair StackLayer::effective_stride() const {
    return stride.value_or(kind == LayerKind::maxpool || kind == LayerKind::avgpool ? kernel : Pair{1, 1});
}

bool StackLayer::operator==(const StackLayer& o) const {
    const Pair s = effective_stride(), os = o.effective_stride();
    return std::tie(kind, name, kernel, s, padding.kind, padding.value, dilation, out_channels,
                    groups, output_padding, ceil_mode, global, bias, batch_norm, skip) ==
           std::tie(o.kind, o.name, o.kernel, os, o.padding.kind, o.padding.value, o.dilation,
                    o.out_channels, o.groups, o.output_padding, o.ceil_mode, o.global, o.bias,
                    o.batch_norm, o.skip);
}

namespace {

// [SECTION] One layer ----------------------------------------------------------------------------

std::string size_text(int channels, Pair size) {
    return std::to_string(channels) + "x" + std::to_string(size[0]) + "x" + std::to_string(size[1]);
}

struct SidePads {
    int before = 0, after = 0;
};

// TensorFlow's 'SAME' (tf.nn convolution notes): output = ceil(input / stride), total padding
// max((output - 1) * stride + effective_kernel - input, 0), the odd pixel after.
SidePads tf_same(int input, int kernel, int stride, int dilation) {
    const int64_t output = (int64_t(input) + stride - 1) / stride;
    const int64_t effective = int64_t(dilation) * (kernel - 1) + 1;
    const int64_t total = std::max<int64_t>((output - 1) * stride + effective - input, 0);
    return {static_cast<int>(total / 2), static_cast<int>(total - total / 2)};
}

// Every size a layer gives is at most kMaxStackInput, so the sweep's loops stay short and every
// product below stays far from overflow.
Message check_layer_numbers(const StackLayer& l) {
    using M = Message;
    const std::tuple<const char*, Pair, int> checks[] = {
        {"k (kernel)", l.kernel, 1},
        {"s (stride)", l.stride.value_or(Pair{1, 1}), 1},
        {"p (padding)", l.padding.value, 0},
        {"d (dilation)", l.dilation, 1},
        {"op (output_padding)", l.output_padding, 0},
    };
    for (const auto& [what, v, lo] : checks) {
        for (const int x : v) {
            if (x < lo || x > kMaxStackInput)
                return M::of("{0} must be {1}..{2} (got {3})",
                             {M::of(what), M::number(lo), M::number(kMaxStackInput), M::literal(detail::pair_text(v))});
        }
    }
    if (l.out_channels < 0 || l.out_channels > kMaxStackChannels)
        return M::of("{0} must be {1}..{2} (got {3})",
                     {M::of("c (output channels)"), M::number(1), M::number(kMaxStackChannels), M::number(l.out_channels)});
    if (l.groups < 0 || l.groups > kMaxStackChannels)
        return M::of("{0} must be {1}..{2} (got {3})",
                     {M::of("g (groups)"), M::number(1), M::number(kMaxStackChannels), M::number(l.groups)});
    return {};
}

// The product of non-negative factors, or -1 when it does not fit in int64_t.
int64_t checked_product(std::initializer_list<int64_t> factors) {
    int64_t p = 1;
    for (const int64_t f : factors) {
        if (f < 0) return -1;
        if (f != 0 && p > std::numeric_limits<int64_t>::max() / f) return -1;
        p *= f;
    }
    return p;
}

// What the stack needs of one layer's op: each axis's geometry, the output channels, the weights
// and the work, all from the core's shape functions (one place computes every op's shape).
struct OpShape {
    int out_channels = 0, groups = 1;
    std::array<StackAxis, 2> axes;  // the op's numbers only
    int64_t weight_values = 0;
    int64_t work = 0;               // convolutions: MACs; pools: window reads (padding included)
};

void copy_geometry(StackAxis& a, const AxisGeometry& g) {
    a.input = g.input;
    a.output = g.output;
    a.kernel = g.kernel;
    a.stride = g.stride;
    a.dilation = g.dilation;
    a.effective_kernel = g.effective_kernel;
    a.pad_before = g.pad_before;
    a.pad_after = g.pad_after;
    a.output_padding = g.output_padding;
    a.ceil_mode = g.ceil_mode;
    a.remainder = g.remainder;
    a.dropped = g.dropped_input;
}

Result<OpShape> op_shape(const Result<LayerShape>& s) {
    if (!s.ok()) return Result<OpShape>::fail_as(s);
    OpShape shape;
    shape.out_channels = s.value.out_channels;
    shape.groups = s.value.groups;
    copy_geometry(shape.axes[0], s.value.rows);
    copy_geometry(shape.axes[1], s.value.cols);
    shape.weight_values = s.value.weight_values;
    shape.work = s.value.macs;
    return {std::move(shape), {}, {}};
}

// The layer's own op on an input of `channels` x `size`: its shape, or the core's refusal.
Result<OpShape> layer_shape(const StackLayer& l, int channels, Pair size) {
    using R = Result<OpShape>;
    const Pair stride = l.effective_stride();
    const int out = l.out_channels == 0 ? channels : l.out_channels;
    switch (l.kind) {
        case LayerKind::conv:
        case LayerKind::dwconv: {
            const bool depthwise = l.kind == LayerKind::dwconv;
            if (depthwise && l.groups != 0 && l.groups != channels)
                return R::fail(Message::of("g (groups) of a dwconv is its input channels ({0}); leave g out",
                                           {Message::number(channels)}));
            Conv2dOptions o;
            o.stride = stride;
            o.dilation = l.dilation;
            o.groups = depthwise ? channels : (l.groups == 0 ? 1 : l.groups);
            switch (l.padding.kind) {
                case LayerPadding::Kind::explicit_sides:
                    o.padding = Padding::symmetric(l.padding.value[0], l.padding.value[1]);
                    break;
                case LayerPadding::Kind::valid: o.padding = Padding::valid(); break;
                case LayerPadding::Kind::same: {
                    const SidePads h = tf_same(size[0], l.kernel[0], stride[0], l.dilation[0]);
                    const SidePads w = tf_same(size[1], l.kernel[1], stride[1], l.dilation[1]);
                    o.padding = Padding::sides(h.before, h.after, w.before, w.after);
                    break;
                }
            }
            return op_shape(conv2d_shape(channels, size[0], size[1], out, l.kernel[0], l.kernel[1], o));
        }
        case LayerKind::convT: {
            if (l.padding.kind == LayerPadding::Kind::same)
                return R::fail(Message::of("p=same is not defined for convT: give p=N (cropped from the output)"));
            ConvTranspose2dOptions o;
            o.stride = stride;
            o.padding = l.padding.kind == LayerPadding::Kind::valid ? Pair{0, 0} : l.padding.value;
            o.output_padding = l.output_padding;
            o.groups = l.groups == 0 ? 1 : l.groups;
            o.dilation = l.dilation;
            return op_shape(conv_transpose2d_shape(channels, size[0], size[1], out, l.kernel[0], l.kernel[1], o));
        }
        case LayerKind::maxpool:
        case LayerKind::avgpool: {
            Pair kernel = l.kernel, pool_stride = stride, padding{0, 0};
            bool ceil_mode = l.ceil_mode;
            if (l.global) {
                kernel = size;
                pool_stride = {1, 1};
            } else if (l.padding.kind == LayerPadding::Kind::explicit_sides) {
                padding = l.padding.value;
            } else if (l.padding.kind == LayerPadding::Kind::same) {
                // TensorFlow's SAME as PyTorch writes it: the smaller side on both sides, and
                // ceil_mode for the one extra pixel after (a window may then end one past the
                // padding; pools ignore that pixel, as TensorFlow's do).
                const SidePads h = tf_same(size[0], kernel[0], pool_stride[0], l.dilation[0]);
                const SidePads w = tf_same(size[1], kernel[1], pool_stride[1], l.dilation[1]);
                padding = {h.before, w.before};
                ceil_mode = ceil_mode || h.after > h.before || w.after > w.before;
            }
            if (l.kind == LayerKind::avgpool && l.dilation != Pair{1, 1})
                return R::fail(Message::of("avgpool has no dilation (d): PyTorch's avg_pool2d takes none"));
            if (l.kind == LayerKind::avgpool)
                return op_shape(avg_pool2d_shape(channels, size[0], size[1],
                                                 {kernel, pool_stride, padding, ceil_mode, true, std::nullopt}));
            return op_shape(max_pool2d_shape(channels, size[0], size[1],
                                             {kernel, pool_stride, padding, l.dilation, ceil_mode}));
        }
        case LayerKind::add: break;
    }
    return R::fail(Message::of("add has no op of its own"));
}

// [SECTION] Receptive fields ---------------------------------------------------------------------

int64_t gcd64(int64_t a, int64_t b) { return std::gcd(a, b); }

void set_jump(StackAxis& a, int64_t num, int64_t den) {
    const int64_t g = gcd64(num, den);
    a.jump_num = num / g;
    a.jump_den = den / g;
}

Span hull(Span a, Span b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return {std::min(a.first, b.first), std::max(a.last, b.last)};
}

// Input positions of a layer's op that its outputs [s.first, s.last] read, along one axis.
Span op_inverse(const StackRow& row, int axis, Span s) {
    if (s.empty() || row.kind == LayerKind::add) return s;
    const StackAxis& a = row.axes[static_cast<size_t>(axis)];
    if (row.kind != LayerKind::convT)
        return {s.first * a.stride - a.pad_before, s.last * a.stride - a.pad_before + a.effective_kernel - 1};
    // Transposed: input i, tap k writes output i * stride - padding + k * dilation. Outputs
    // outside [0, output) are the next layer's padding, not values the padding cropped away:
    // they read nothing. For each tap, the inputs that land inside [first, last]; their hull.
    s = {std::max<int64_t>(s.first, 0), std::min<int64_t>(s.last, a.output - 1)};
    if (s.empty()) return s;
    Span out;
    for (int k = 0; k < a.kernel; ++k) {
        const int64_t shift = int64_t(a.pad_before) - int64_t(k) * a.dilation;
        const int64_t lo = -detail::floor_div(-(s.first + shift), a.stride);  // ceil
        const int64_t hi = detail::floor_div(s.last + shift, a.stride);
        if (lo <= hi) out = hull(out, {lo, hi});
    }
    return out;
}

// One axis of the backward sweep over the first `count` rows.
Span sweep(const std::vector<StackRow>& rows, size_t count, int axis, Span wanted) {
    std::vector<Span> need(count + 1);
    need[count] = wanted;
    for (size_t p = count; p >= 1; --p) {
        const Span s = need[p];
        if (s.empty()) continue;
        const StackRow& row = rows[p - 1];
        const size_t source = row.shortcut() ? static_cast<size_t>(row.skip) : p - 1;
        if (row.shortcut()) need[p - 1] = hull(need[p - 1], s);  // the main path's term of the sum
        need[source] = hull(need[source], op_inverse(row, axis, s));
    }
    return need[0];
}

// Output 0's receptive field after `row`'s op on an input whose outputs have `in` (one axis).
// Araujo, Norris & Sim 2019 (Distill), eqs. for single paths: r_l = r_{l-1} + (k_l - 1) * S_{l-1},
// S_l = S_{l-1} * s_l, P_l = P_{l-1} + p_l * S_{l-1}, with k_l the effective (dilated) kernel.
// After a transposed conv the field is no longer the same for every output (its stride spreads
// inputs unevenly, and its cropped border is not padding): marked, and measured by the sweep.
void propagate(const StackAxis& in, const StackRow& row, StackAxis& out) {
    out.uniform = in.uniform;
    if (row.kind == LayerKind::add) {
        out.rf = in.rf;
        out.effective_padding = in.effective_padding;
        set_jump(out, in.jump_num, in.jump_den);
        return;
    }
    if (row.kind == LayerKind::convT) {
        set_jump(out, in.jump_num, in.jump_den * out.stride);
        out.uniform = false;
        return;  // filled in by the sweep
    }
    set_jump(out, in.jump_num * out.stride, in.jump_den);
    if (!out.uniform || in.jump_den != 1) {
        out.uniform = false;
        return;  // filled in by the sweep
    }
    out.rf = in.rf + int64_t(out.effective_kernel - 1) * in.jump_num;
    out.effective_padding = in.effective_padding + int64_t(out.pad_before) * in.jump_num;
}

// The receptive field of output 0 of the last row along `axis`, from the sweep.
void measure(const std::vector<StackRow>& rows, int axis, StackAxis& out) {
    const Span s = sweep(rows, rows.size(), axis, {0, 0});
    out.rf = s.size();
    out.effective_padding = s.empty() ? 0 : -s.first;
}

bool add_checked(int64_t& total, int64_t v) {
    if (v > std::numeric_limits<int64_t>::max() - total) return false;
    total += v;
    return true;
}

}  // namespace

// [SECTION] The stack ---------------------------------------------------------------------------

StackResult evaluate_stack(const std::vector<StackLayer>& layers, Pair input, int channels) {
    StackResult r;
    r.input = input;
    r.channels = channels;
    auto refuse_stack = [&](Message why) {
        r.why = std::move(why);
        r.error = r.why.english();
        return r;
    };
    using M = Message;
    for (int a = 0; a < 2; ++a) {
        if (input[static_cast<size_t>(a)] < 1 || input[static_cast<size_t>(a)] > kMaxStackInput)
            return refuse_stack(M::of("{0} must be 1..{1} (got {2})", {M::of(a == 0 ? "input height" : "input width"),
                                                                       M::number(kMaxStackInput),
                                                                       M::number(input[static_cast<size_t>(a)])}));
    }
    if (channels < 1 || channels > kMaxStackChannels)
        return refuse_stack(M::of("{0} must be 1..{1} (got {2})",
                                  {M::of("input channels"), M::number(kMaxStackChannels), M::number(channels)}));
    if (layers.size() > static_cast<size_t>(kMaxStackLayers))
        return refuse_stack(M::of("a stack has at most {0} layers (got {1})",
                                  {M::number(kMaxStackLayers), M::number(static_cast<int64_t>(layers.size()))}));

    // What each layer's output is (index 0: the input): size, channels, receptive field per axis.
    struct Feature {
        Pair size;
        int channels = 0;
        std::array<StackAxis, 2> axes;
    };
    std::vector<Feature> features;
    Feature in;
    in.size = input;
    in.channels = channels;
    for (int a = 0; a < 2; ++a) {
        in.axes[static_cast<size_t>(a)].input = in.axes[static_cast<size_t>(a)].output =
            input[static_cast<size_t>(a)];
    }
    features.push_back(in);

    for (size_t i = 0; i < layers.size(); ++i) {
        const StackLayer& l = layers[i];
        const int position = static_cast<int>(i) + 1;
        StackRow row;
        row.position = position;
        row.kind = l.kind;
        row.skip = l.skip;
        row.global = l.global && is_pool(l.kind);
        row.name = l.name.empty() ? std::string(to_string(l.kind)) + std::to_string(position) : l.name;
        auto refuse = [&](Message why) {
            r.why = Message::of("layer {0} ({1}): {2}", {Message::number(position), Message::literal(row.name), std::move(why)});
            r.error = r.why.english();
            r.error_position = position;
            return r;
        };
        if (auto e = check_layer_numbers(l); !e.empty()) return refuse(std::move(e));
        if (l.shortcut()) {
            if (position == 1) return refuse(M::of("a shortcut needs a layer before it to add its output to"));
            if (l.skip >= position)
                return refuse(M::of("skip={0} must name an earlier layer (1..{1}) or 0 for the input",
                                    {M::literal(std::to_string(l.skip)), M::number(position - 1)}));
        } else if (l.kind == LayerKind::add) {
            return refuse(M::of("add needs skip=N: the layer (or 0, the input) whose output it adds"));
        }
        const Feature& source = features[static_cast<size_t>(l.shortcut() ? l.skip : position - 1)];
        row.input = source.size;
        row.in_channels = source.channels;

        int64_t op_work = 0;
        if (l.kind == LayerKind::add) {
            row.out_channels = source.channels;
            row.output = source.size;
            for (int a = 0; a < 2; ++a) {
                StackAxis& ax = row.axes[static_cast<size_t>(a)];
                ax.input = ax.output = source.size[static_cast<size_t>(a)];
            }
        } else {
            auto shape = layer_shape(l, source.channels, source.size);
            if (!shape.ok()) return refuse(shape.why);
            row.groups = shape.value.groups;
            row.out_channels = shape.value.out_channels;
            row.axes = shape.value.axes;
            row.output = {row.axes[0].output, row.axes[1].output};
            row.weight_values = shape.value.weight_values;
            op_work = shape.value.work;
        }
        if (row.output[0] > kMaxStackInput || row.output[1] > kMaxStackInput)
            return refuse(Message::of("its output {0} is larger than {1} on a side",
                                      {Message::literal(size_text(row.out_channels, row.output)), Message::number(kMaxStackInput)}));

        // Receptive fields: the op applied to its source; a shortcut's sum joins the main path.
        std::array<bool, 2> measure_axis{false, false};
        for (int a = 0; a < 2; ++a) {
            StackAxis& ax = row.axes[static_cast<size_t>(a)];
            propagate(source.axes[static_cast<size_t>(a)], row, ax);
            measure_axis[static_cast<size_t>(a)] = !ax.uniform;
        }
        if (l.shortcut()) {
            const Feature& main = features[static_cast<size_t>(position - 1)];
            if (main.size != row.output || main.channels != row.out_channels)
                return refuse(M::of("the shortcut gives {0} but the main path (layer {1}) gives {2}; the two must match "
                                    "to be added",
                                    {M::literal(size_text(row.out_channels, row.output)), M::number(position - 1),
                                     M::literal(size_text(main.channels, main.size))}));
            row.main_path = main.axes;
            row.shortcut_path = row.axes;
            for (int a = 0; a < 2; ++a) {
                const size_t k = static_cast<size_t>(a);
                StackAxis& ax = row.axes[k];
                const StackAxis& m = main.axes[k];
                StackAxis& s = row.shortcut_path[k];
                if (!s.uniform) {  // the shortcut path alone, measured through its source
                    StackRow op = row;
                    op.skip = -1;
                    // Rows after the source are not on this path: the op on top of rows[0..skip).
                    std::vector<StackRow> path(r.rows.begin(), r.rows.begin() + l.skip);
                    path.push_back(op);
                    measure(path, a, s);
                }
                const bool same_jump = m.jump_num == s.jump_num && m.jump_den == s.jump_den;
                row.aligned[k] = same_jump && m.centre2() == s.centre2() && m.uniform && s.uniform;
                set_jump(ax, m.jump_num, m.jump_den);
                if (m.uniform && s.uniform && same_jump) {
                    // The union of the two fields: from the earlier start to the later end.
                    ax.uniform = true;
                    ax.effective_padding = std::max(m.effective_padding, s.effective_padding);
                    const int64_t end = std::max(m.rf - 1 - m.effective_padding, s.rf - 1 - s.effective_padding);
                    ax.rf = end + ax.effective_padding + 1;
                    measure_axis[k] = false;
                } else {
                    ax.uniform = false;
                    measure_axis[k] = true;
                }
            }
        }

        // Counts.
        const int64_t out_c = row.out_channels;
        row.activations = checked_product({out_c, row.output[0], row.output[1]});
        if (row.weight_values < 0 || op_work < 0) return refuse(Message::of("its counts do not fit in 64 bits"));
        if (is_convolution(l.kind)) {
            row.macs = op_work;
            row.params = row.weight_values + (l.bias ? out_c : 0) + (l.batch_norm ? 2 * out_c : 0);
        } else if (is_pool(l.kind)) {
            row.window_reads = op_work;
        }
        if (l.shortcut()) row.additions = row.activations;
        if (row.activations < 0) return refuse(Message::of("its output is too large to count"));

        r.rows.push_back(row);
        for (int a = 0; a < 2; ++a)
            if (measure_axis[static_cast<size_t>(a)]) measure(r.rows, a, r.rows.back().axes[static_cast<size_t>(a)]);
        const StackRow& done = r.rows.back();

        StackTotals& t = r.totals;
        if (!add_checked(t.macs, done.macs) || !add_checked(t.params, done.params) ||
            !add_checked(t.activations, done.activations) ||
            !add_checked(t.window_reads, done.window_reads) || !add_checked(t.additions, done.additions)) {
            r.rows.pop_back();
            return refuse(Message::of("the stack's totals no longer fit in 64 bits"));
        }
        t.peak_activations = std::max(t.peak_activations, done.activations);
        t.output = done.output;
        t.channels = done.out_channels;

        Feature f;
        f.size = done.output;
        f.channels = done.out_channels;
        f.axes = done.axes;
        features.push_back(f);
    }
    if (layers.empty()) {
        r.totals.output = input;
        r.totals.channels = channels;
    }
    return r;
}

std::array<Span, 2> receptive_region(const StackResult& result, int position, Span rows, Span cols) {
    if (position < 0 || static_cast<size_t>(position) > result.rows.size()) return {Span{}, Span{}};
    const size_t count = static_cast<size_t>(position);
    return {sweep(result.rows, count, 0, rows), sweep(result.rows, count, 1, cols)};
}

ShortcutRegions shortcut_regions(const StackResult& result, int position, Span rows, Span cols) {
    ShortcutRegions out;
    if (position < 1 || static_cast<size_t>(position) > result.rows.size()) return out;
    const StackRow& row = result.rows[static_cast<size_t>(position - 1)];
    if (!row.shortcut()) return out;
    const Span wanted[2] = {rows, cols};
    for (int axis = 0; axis < 2; ++axis) {
        const size_t a = static_cast<size_t>(axis);
        out.main_path[a] = sweep(result.rows, static_cast<size_t>(position - 1), axis, wanted[axis]);
        out.shortcut_path[a] = sweep(result.rows, static_cast<size_t>(row.skip), axis, op_inverse(row, axis, wanted[axis]));
    }
    return out;
}

// [SECTION] Stride against pooling ----------------------------------------------------------------

namespace {

bool strided(const StackLayer& l) {
    if (l.kind == LayerKind::add || l.kind == LayerKind::convT || l.global) return false;
    const Pair s = l.effective_stride();
    return s[0] > 1 || s[1] > 1;
}

bool plain_conv(const StackLayer& l) {
    return (l.kind == LayerKind::conv || l.kind == LayerKind::dwconv) && !l.shortcut();
}

// Shortcut sources after an inserted layer at `position` move up; sources equal to `reads_from`
// are redirected to `position` (the inserted layer now gives that output).
void renumber_after_insert(std::vector<StackLayer>& layers, int position, int redirect_from) {
    for (size_t i = 0; i < layers.size(); ++i) {
        StackLayer& l = layers[i];
        if (!l.shortcut() || static_cast<int>(i) + 1 == position) continue;
        if (l.skip == redirect_from) l.skip = position;
        else if (l.skip >= position) ++l.skip;
    }
}

void renumber_after_remove(std::vector<StackLayer>& layers, int position) {
    for (StackLayer& l : layers)
        if (l.shortcut() && l.skip >= position) --l.skip;
}

}  // namespace

std::vector<DownsamplingPoint> downsampling_points(const std::vector<StackLayer>& layers) {
    std::vector<DownsamplingPoint> points;
    for (size_t i = 0; i < layers.size(); ++i) {
        const StackLayer& l = layers[i];
        if (l.shortcut() || !strided(l)) continue;
        DownsamplingPoint p;
        p.position = static_cast<int>(i) + 1;
        if (plain_conv(l)) {
            p.swap = DownsamplingPoint::Swap::stride_to_pool;
        } else if (is_pool(l.kind)) {
            if (i == 0) {
                p.why_not = "no convolution before it to take the stride";
            } else if (!plain_conv(layers[i - 1])) {
                p.why_not = "the layer before it is not a convolution on the main path";
            } else if (strided(layers[i - 1])) {
                p.why_not = "the convolution before it already has a stride";
            } else {
                p.swap = DownsamplingPoint::Swap::pool_to_stride;
            }
        }
        points.push_back(p);
    }
    return points;
}

Result<std::vector<StackLayer>> swap_downsampling(const std::vector<StackLayer>& layers,
                                                  const std::vector<int>& positions) {
    using R = Result<std::vector<StackLayer>>;
    const auto points = downsampling_points(layers);
    std::vector<int> order = positions;
    std::sort(order.begin(), order.end());
    if (std::adjacent_find(order.begin(), order.end()) != order.end())
        return R::fail("a downsampling point is listed twice");
    for (const int p : order) {
        auto it = std::find_if(points.begin(), points.end(),
                               [p](const DownsamplingPoint& d) { return d.position == p; });
        if (it == points.end())
            return R::fail("layer " + std::to_string(p) + " is not a downsampling point");
        if (it->swap == DownsamplingPoint::Swap::none)
            return R::fail("layer " + std::to_string(p) + " cannot be swapped: " + it->why_not);
    }
    // From the last position back, so the earlier positions still name the same layers. A pool
    // swap touches its own position and the one before; a conv swap only positions after it.
    std::vector<StackLayer> out = layers;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const int p = *it;
        StackLayer& l = out[static_cast<size_t>(p - 1)];
        const Pair s = l.effective_stride();
        if (plain_conv(l)) {
            StackLayer pool;
            pool.kind = LayerKind::maxpool;
            pool.name = l.name.empty() ? std::string() : l.name + ".pool";
            pool.kernel = s;
            pool.stride = s;
            pool.ceil_mode = true;  // ceil(n / s) outputs, as the strided convolution gives
            l.stride = Pair{1, 1};
            out.insert(out.begin() + p, pool);
            renumber_after_insert(out, p + 1, p);
        } else {
            StackLayer& conv = out[static_cast<size_t>(p - 2)];
            conv.stride = s;
            out.erase(out.begin() + (p - 1));
            for (StackLayer& x : out)
                if (x.shortcut() && x.skip == p) x.skip = p - 1;
            renumber_after_remove(out, p + 1);
        }
    }
    return {std::move(out), {}, {}};
}

// [SECTION] Editing ------------------------------------------------------------------------------

bool insert_layer(std::vector<StackLayer>& layers, int position, const StackLayer& layer) {
    if (position < 1 || position > static_cast<int>(layers.size()) + 1) return false;
    layers.insert(layers.begin() + (position - 1), layer);
    for (size_t i = 0; i < layers.size(); ++i) {
        StackLayer& l = layers[i];
        if (static_cast<int>(i) + 1 != position && l.shortcut() && l.skip >= position) ++l.skip;
    }
    return true;
}

bool remove_layer(std::vector<StackLayer>& layers, int position) {
    if (position < 1 || position > static_cast<int>(layers.size())) return false;
    const StackLayer removed = layers[static_cast<size_t>(position - 1)];
    // Its readers read what it read: its source if it was a shortcut, else the layer before it.
    const int stand_in = removed.shortcut() ? removed.skip : position - 1;
    layers.erase(layers.begin() + (position - 1));
    for (StackLayer& l : layers) {
        if (!l.shortcut()) continue;
        if (l.skip == position) l.skip = stand_in;
        else if (l.skip > position) --l.skip;
    }
    return true;
}

bool move_layer(std::vector<StackLayer>& layers, int position, int delta) {
    if (delta != -1 && delta != 1) return false;
    const int a = delta < 0 ? position - 1 : position;  // the pair (a, a + 1) trades places
    if (a < 1 || a + 1 > static_cast<int>(layers.size())) return false;
    std::swap(layers[static_cast<size_t>(a - 1)], layers[static_cast<size_t>(a)]);
    for (size_t i = 0; i < layers.size(); ++i) {
        StackLayer& l = layers[i];
        if (!l.shortcut()) continue;
        if (l.skip == a) l.skip = a + 1;
        else if (l.skip == a + 1) l.skip = a;
        // A shortcut can only read an earlier layer.
        if (l.skip >= static_cast<int>(i) + 1) l.skip = static_cast<int>(i);
    }
    return true;
}

}  // namespace strideconv
