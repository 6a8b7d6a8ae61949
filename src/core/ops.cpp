// ops.cpp -- the reference (scalar) conv2d, conv_transpose2d, max_pool2d, avg_pool2d on one
// C x H x W image, and the validation they share with the fast paths (core/fast_ops.cpp) and the
// traces. Standard C++ only (see core.hpp). These loops are the readable definition of each op.
// Every op validates through the same plan functions the step traces use, so a configuration is
// either refused everywhere or computed everywhere.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/core.hpp"
#include "core/detail.hpp"

namespace strideconv {

namespace detail {

std::string check_tensor(const Tensor& t, const char* name) {
    if (t.c <= 0 || t.h <= 0 || t.w <= 0)
        return std::string(name) + " must have at least one channel, row and column (got " +
               std::to_string(t.c) + "x" + std::to_string(t.h) + "x" + std::to_string(t.w) + ")";
    for (auto [what, v] : {std::pair<const char*, int>{"channels", t.c}, {"height", t.h}, {"width", t.w}}) {
        if (v > kMaxExtent)
            return std::string(name) + " " + what + " must be at most " +
                   std::to_string(kMaxExtent) + " (got " + std::to_string(v) + ")";
    }
    if (t.data.size() != static_cast<size_t>(t.c) * t.h * t.w)
        return std::string(name) + " holds " + std::to_string(t.data.size()) +
               " values but its shape needs " + std::to_string(size_t(t.c) * t.h * t.w);
    return {};
}

std::string check_weight(const Weight& w) {
    if (w.o <= 0 || w.i <= 0 || w.kh <= 0 || w.kw <= 0)
        return "weight must have positive sizes (got " + std::to_string(w.o) + "x" +
               std::to_string(w.i) + "x" + std::to_string(w.kh) + "x" + std::to_string(w.kw) + ")";
    if (w.data.size() != static_cast<size_t>(w.o) * w.i * w.kh * w.kw)
        return "weight holds " + std::to_string(w.data.size()) + " values but its shape needs " +
               std::to_string(size_t(w.o) * w.i * w.kh * w.kw);
    return {};
}

std::string check_bias(const std::vector<float>* bias, int out_channels) {
    if (bias && static_cast<int64_t>(bias->size()) != out_channels)
        return "bias must have one value per output channel: expected " +
               std::to_string(out_channels) + ", got " + std::to_string(bias->size());
    return {};
}

Result<ConvShape> plan_conv2d(const Tensor& input, const Weight& weight,
                              const std::vector<float>* bias, const Conv2dOptions& o) {
    using R = Result<ConvShape>;
    if (auto e = check_tensor(input, "input"); !e.empty()) return R::fail(e);
    if (auto e = check_weight(weight); !e.empty()) return R::fail(e);
    auto shape = conv2d_shape(input.c, input.h, input.w, weight, o);
    if (!shape.ok()) return shape;
    if (auto e = check_bias(bias, weight.o); !e.empty()) return R::fail(e);
    return shape;
}

Result<TransposePlan> plan_conv_transpose2d(const Tensor& input, const Weight& weight,
                                            const std::vector<float>* bias,
                                            const ConvTranspose2dOptions& o) {
    using R = Result<TransposePlan>;
    if (auto e = check_tensor(input, "input"); !e.empty()) return R::fail(e);
    if (auto e = check_weight(weight); !e.empty()) return R::fail(e);
    auto shape = conv_transpose2d_shape(input.c, input.h, input.w, weight, o);
    if (!shape.ok()) return R::fail_as(shape);
    const LayerShape& s = shape.value;
    if (auto e = check_bias(bias, s.out_channels); !e.empty()) return R::fail(e);
    return {TransposePlan{s.out_channels, s.rows.output, s.cols.output}, {}, {}};
}

Result<PoolPlan> plan_pool(const Tensor& input, Pair kernel, const std::optional<Pair>& stride,
                           Pair padding, Pair dilation, bool ceil_mode) {
    using R = Result<PoolPlan>;
    if (auto e = check_tensor(input, "input"); !e.empty()) return R::fail(e);
    auto shape = pool_shape(Op::max_pool2d, input.c, input.h, input.w, kernel, stride, padding,
                            dilation, ceil_mode);
    if (!shape.ok()) return R::fail_as(shape);
    return {PoolPlan{std::move(shape.value.rows), std::move(shape.value.cols)}, {}, {}};
}

std::string check_divisor(const std::optional<int>& divisor_override) {
    if (divisor_override && *divisor_override == 0) return "divisor_override must not be zero";
    return {};
}

// Bounds of avg-pool window `o` on one axis, as PyTorch computes them.
AvgBounds avg_bounds(const AxisGeometry& g, int o) {
    AvgBounds b;
    b.start = o * g.stride - g.pad_before;
    b.end = std::min(b.start + g.kernel, g.input + g.pad_after);
    b.padded_count = b.end - b.start;
    b.start = std::max(b.start, 0);
    b.end = std::min(b.end, g.input);
    return b;
}

int64_t avg_divisor(const AvgPool2dOptions& o, const AvgBounds& by, const AvgBounds& bx) {
    if (o.divisor_override) return *o.divisor_override;
    if (o.count_include_pad) return int64_t(by.padded_count) * bx.padded_count;
    return int64_t(by.end - by.start) * (bx.end - bx.start);
}

}  // namespace detail

int source_index(PaddingMode mode, int coord, int size) {
    if (size <= 0) return -1;
    if (coord >= 0 && coord < size) return coord;
    switch (mode) {
        case PaddingMode::zeros: return -1;
        case PaddingMode::replicate: return coord < 0 ? 0 : size - 1;
        case PaddingMode::reflect: {
            if (size == 1) return 0;
            // Mirror without repeating the edge; fold repeatedly for safety.
            const int period = 2 * (size - 1);
            int m = coord % period;
            if (m < 0) m += period;
            return m < size ? m : period - m;
        }
        case PaddingMode::circular: {
            int m = coord % size;
            return m < 0 ? m + size : m;
        }
    }
    return -1;
}

namespace reference {

Result<Tensor> conv2d(const Tensor& input, const Weight& weight, const std::vector<float>* bias,
                      const Conv2dOptions& o) {
    using R = Result<Tensor>;
    auto plan = detail::plan_conv2d(input, weight, bias, o);
    if (!plan.ok()) return R::fail_as(plan);
    const ConvShape& s = plan.value;

    // Materialise the padded input once (every padding mode), then run a valid convolution.
    // Columns are stored split by phase (x mod stride_w): a tap at padded column
    // x*stride_w + off then reads phase (off mod stride_w) at index x + off / stride_w, so the inner
    // loop walks contiguous memory at any stride (and vectorises). With stride 1 this is the plain
    // padded image.
    const int hp = s.rows.padded, wp = s.cols.padded;
    const int sh = o.stride[0], sw = o.stride[1], dh = o.dilation[0], dw = o.dilation[1];
    const int wq = (wp + sw - 1) / sw;  // columns per phase
    const size_t phase_size = static_cast<size_t>(hp) * wq;
    std::vector<float> phases(static_cast<size_t>(input.c) * sw * phase_size, 0.0f);
    for (int c = 0; c < input.c; ++c) {
        for (int y = 0; y < hp; ++y) {
            const int sy = source_index(o.padding_mode, y - s.pad.top, input.h);
            if (sy < 0) continue;
            for (int x = 0; x < wp; ++x) {
                const int sx = source_index(o.padding_mode, x - s.pad.left, input.w);
                if (sx < 0) continue;
                phases[(static_cast<size_t>(c) * sw + x % sw) * phase_size + static_cast<size_t>(y) * wq + x / sw] =
                    input.at(c, sy, sx);
            }
        }
    }

    const int oh = s.rows.output, ow = s.cols.output;
    const int in_per_group = input.c / o.groups, out_per_group = weight.o / o.groups;
    Tensor out = Tensor::zeros(weight.o, oh, ow);
    for (int oc = 0; oc < weight.o; ++oc) {
        const int group = oc / out_per_group;
        float* plane = &out.data[static_cast<size_t>(oc) * oh * ow];
        if (bias) std::fill(plane, plane + static_cast<size_t>(oh) * ow, (*bias)[oc]);
        for (int icl = 0; icl < in_per_group; ++icl) {
            const int ic = group * in_per_group + icl;
            for (int ky = 0; ky < weight.kh; ++ky) {
                for (int kx = 0; kx < weight.kw; ++kx) {
                    const float wv = weight.at(oc, icl, ky, kx);
                    const int off = kx * dw;
                    const float* phase = &phases[(static_cast<size_t>(ic) * sw + off % sw) * phase_size];
                    for (int y = 0; y < oh; ++y) {
                        const float* row = phase + static_cast<size_t>(y * sh + ky * dh) * wq + off / sw;
                        float* dst = plane + static_cast<size_t>(y) * ow;
                        for (int x = 0; x < ow; ++x) dst[x] += wv * row[x];
                    }
                }
            }
        }
    }
    return {std::move(out), {}, {}};
}

Result<Tensor> conv_transpose2d(const Tensor& input, const Weight& weight,
                                const std::vector<float>* bias, const ConvTranspose2dOptions& o) {
    using R = Result<Tensor>;
    auto plan = detail::plan_conv_transpose2d(input, weight, bias, o);
    if (!plan.ok()) return R::fail_as(plan);
    const auto& p = plan.value;
    Tensor out = Tensor::zeros(p.out_channels, p.out_h, p.out_w);
    const int in_per_group = input.c / o.groups, out_per_group = weight.i;
    // Scatter form: each input cell adds its value times the kernel into the output, at
    // stride-spaced positions (the transpose of conv2d's gather).
    for (int ic = 0; ic < input.c; ++ic) {
        const int group = ic / in_per_group;
        for (int ocl = 0; ocl < out_per_group; ++ocl) {
            const int oc = group * out_per_group + ocl;
            float* plane = &out.data[static_cast<size_t>(oc) * p.out_h * p.out_w];
            for (int ky = 0; ky < weight.kh; ++ky) {
                for (int y = 0; y < input.h; ++y) {
                    const int64_t oy = int64_t(y) * o.stride[0] - o.padding[0] + int64_t(ky) * o.dilation[0];
                    if (oy < 0 || oy >= p.out_h) continue;
                    for (int kx = 0; kx < weight.kw; ++kx) {
                        const float wv = weight.at(ic, ocl, ky, kx);
                        for (int x = 0; x < input.w; ++x) {
                            const int64_t ox = int64_t(x) * o.stride[1] - o.padding[1] + int64_t(kx) * o.dilation[1];
                            if (ox < 0 || ox >= p.out_w) continue;
                            plane[oy * p.out_w + ox] += input.at(ic, y, x) * wv;
                        }
                    }
                }
            }
        }
    }
    if (bias) {
        for (int oc = 0; oc < p.out_channels; ++oc) {
            float* plane = &out.data[static_cast<size_t>(oc) * p.out_h * p.out_w];
            for (size_t k = 0; k < static_cast<size_t>(p.out_h) * p.out_w; ++k) plane[k] += (*bias)[oc];
        }
    }
    return {std::move(out), {}, {}};
}

Result<Tensor> max_pool2d(const Tensor& input, const MaxPool2dOptions& o) {
    using R = Result<Tensor>;
    auto plan = detail::plan_pool(input, o.kernel_size, o.stride, o.padding, o.dilation, o.ceil_mode);
    if (!plan.ok()) return R::fail_as(plan);
    const AxisGeometry &gr = plan.value.rows, &gc = plan.value.cols;
    Tensor out = Tensor::zeros(input.c, gr.output, gc.output);
    for (int c = 0; c < input.c; ++c) {
        for (int oy = 0; oy < gr.output; ++oy) {
            for (int ox = 0; ox < gc.output; ++ox) {
                float best = -std::numeric_limits<float>::infinity();
                for (int ky = 0; ky < gr.kernel; ++ky) {
                    const int y = gr.tap_input(oy, ky);
                    if (y < 0 || y >= input.h) continue;
                    for (int kx = 0; kx < gc.kernel; ++kx) {
                        const int x = gc.tap_input(ox, kx);
                        if (x < 0 || x >= input.w) continue;
                        const float v = input.at(c, y, x);
                        // PyTorch propagates NaN: a NaN in the window wins.
                        if (v > best || std::isnan(v)) best = v;
                        if (std::isnan(best)) break;
                    }
                }
                out.at(c, oy, ox) = best;
            }
        }
    }
    return {std::move(out), {}, {}};
}

Result<Tensor> avg_pool2d(const Tensor& input, const AvgPool2dOptions& o) {
    using R = Result<Tensor>;
    auto plan = detail::plan_pool(input, o.kernel_size, o.stride, o.padding, {1, 1}, o.ceil_mode);
    if (!plan.ok()) return R::fail_as(plan);
    if (auto e = detail::check_divisor(o.divisor_override); !e.empty()) return R::fail(e);
    const AxisGeometry &gr = plan.value.rows, &gc = plan.value.cols;
    Tensor out = Tensor::zeros(input.c, gr.output, gc.output);
    for (int c = 0; c < input.c; ++c) {
        for (int oy = 0; oy < gr.output; ++oy) {
            const auto by = detail::avg_bounds(gr, oy);
            for (int ox = 0; ox < gc.output; ++ox) {
                const auto bx = detail::avg_bounds(gc, ox);
                if (by.start >= by.end || bx.start >= bx.end) continue;  // PyTorch writes 0
                float sum = 0;
                for (int y = by.start; y < by.end; ++y)
                    for (int x = bx.start; x < bx.end; ++x) sum += input.at(c, y, x);
                out.at(c, oy, ox) = sum / static_cast<float>(detail::avg_divisor(o, by, bx));
            }
        }
    }
    return {std::move(out), {}, {}};
}

}  // namespace reference

}  // namespace strideconv
