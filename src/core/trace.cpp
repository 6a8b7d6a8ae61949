// trace.cpp -- one output cell, step by step: every tap with its input coordinate (or the
// padding rule that supplied it), weight, product, and the sum. Computed on demand; cheap.
// Standard C++ only (see core.hpp).
#include <cmath>
#include <limits>
#include <string>

#include "core/core.hpp"
#include "core/detail.hpp"

namespace strideconv {

namespace {

std::string check_cell(CellIndex cell, int channels, int h, int w) {
    if (cell.channel < 0 || cell.channel >= channels || cell.row < 0 || cell.row >= h ||
        cell.col < 0 || cell.col >= w)
        return "output cell (" + std::to_string(cell.channel) + ", " + std::to_string(cell.row) +
               ", " + std::to_string(cell.col) + ") is outside the " + std::to_string(channels) +
               "x" + std::to_string(h) + "x" + std::to_string(w) + " output";
    return {};
}

TapSource source_of(PaddingMode m) {
    switch (m) {
        case PaddingMode::zeros: return TapSource::zero_pad;
        case PaddingMode::reflect: return TapSource::reflect;
        case PaddingMode::replicate: return TapSource::replicate;
        case PaddingMode::circular: return TapSource::circular;
    }
    return TapSource::zero_pad;
}

Tap tap_at(int channel, int ky, int kx, int y, int x) {
    Tap tap;
    tap.channel = channel;
    tap.ky = ky, tap.kx = kx;
    tap.y = y, tap.x = x;
    return tap;
}

// A pool trace's start: `cell` checked against the output, the window's origin set.
Result<CellTrace> start_pool_trace(const detail::PoolPlan& p, int channels, CellIndex cell) {
    if (auto e = check_cell(cell, channels, p.rows.output, p.cols.output); !e.empty())
        return Result<CellTrace>::fail(e);
    CellTrace t;
    t.cell = cell;
    t.origin_y = p.rows.tap_input(cell.row, 0);
    t.origin_x = p.cols.tap_input(cell.col, 0);
    return {std::move(t), {}, {}};
}

// A convolution tap: weighted, added to the sum, kept in summing order.
void add_conv_tap(CellTrace& t, Tap tap, float weight) {
    tap.weight = weight;
    tap.product = tap.value * tap.weight;
    t.sum += tap.product;
    t.taps.push_back(tap);
}

Result<CellTrace> with_bias(CellTrace t, const std::vector<float>* bias) {
    t.bias = bias ? (*bias)[static_cast<size_t>(t.cell.channel)] : 0.0f;
    t.result = t.sum + t.bias;
    return {std::move(t), {}, {}};
}

}  // namespace

Result<CellTrace> trace_conv2d(const Tensor& input, const Weight& weight,
                               const std::vector<float>* bias, const Conv2dOptions& o,
                               CellIndex cell) {
    using R = Result<CellTrace>;
    auto plan = detail::plan_conv2d(input, weight, bias, o);
    if (!plan.ok()) return R::fail_as(plan);
    const LayerShape& s = plan.value;
    if (auto e = check_cell(cell, weight.o, s.rows.output, s.cols.output); !e.empty())
        return R::fail(e);

    CellTrace t;
    t.cell = cell;
    t.origin_y = cell.row * o.stride[0] - s.pad.top;
    t.origin_x = cell.col * o.stride[1] - s.pad.left;
    const int in_per_group = input.c / o.groups, out_per_group = weight.o / o.groups;
    const int group = cell.channel / out_per_group;
    t.taps.reserve(static_cast<size_t>(in_per_group) * weight.kh * weight.kw);
    for (int icl = 0; icl < in_per_group; ++icl) {
        const int ic = group * in_per_group + icl;
        for (int ky = 0; ky < weight.kh; ++ky) {
            for (int kx = 0; kx < weight.kw; ++kx) {
                Tap tap = tap_at(ic, ky, kx, t.origin_y + ky * o.dilation[0], t.origin_x + kx * o.dilation[1]);
                const bool inside = tap.y >= 0 && tap.y < input.h && tap.x >= 0 && tap.x < input.w;
                tap.src_y = source_index(o.padding_mode, tap.y, input.h);
                tap.src_x = source_index(o.padding_mode, tap.x, input.w);
                if (tap.src_y < 0 || tap.src_x < 0) {
                    tap.src_y = tap.src_x = -1;
                    tap.source = TapSource::zero_pad;
                    tap.value = 0;
                } else {
                    tap.source = inside ? TapSource::input : source_of(o.padding_mode);
                    tap.value = input.at(ic, tap.src_y, tap.src_x);
                }
                add_conv_tap(t, tap, weight.at(cell.channel, icl, ky, kx));
            }
        }
    }
    return with_bias(std::move(t), bias);
}

Result<CellTrace> trace_conv_transpose2d(const Tensor& input, const Weight& weight,
                                         const std::vector<float>* bias,
                                         const ConvTranspose2dOptions& o, CellIndex cell) {
    using R = Result<CellTrace>;
    auto plan = detail::plan_conv_transpose2d(input, weight, bias, o);
    if (!plan.ok()) return R::fail_as(plan);
    const auto& p = plan.value;
    if (auto e = check_cell(cell, p.out_channels, p.out_h, p.out_w); !e.empty()) return R::fail(e);

    // Taps are described in the zero-inserted input (input index * stride): the equivalent direct
    // convolution view. A tap landing between inputs or outside them reads an inserted zero.
    CellTrace t;
    t.cell = cell;
    t.origin_y = cell.row + o.padding[0];
    t.origin_x = cell.col + o.padding[1];
    const int in_per_group = input.c / o.groups, out_per_group = weight.i;
    const int group = cell.channel / out_per_group, ocl = cell.channel % out_per_group;
    for (int icl = 0; icl < in_per_group; ++icl) {
        const int ic = group * in_per_group + icl;
        for (int ky = 0; ky < weight.kh; ++ky) {
            for (int kx = 0; kx < weight.kw; ++kx) {
                Tap tap = tap_at(ic, ky, kx, t.origin_y - ky * o.dilation[0], t.origin_x - kx * o.dilation[1]);
                const bool on_y = tap.y >= 0 && tap.y % o.stride[0] == 0 && tap.y / o.stride[0] < input.h;
                const bool on_x = tap.x >= 0 && tap.x % o.stride[1] == 0 && tap.x / o.stride[1] < input.w;
                if (on_y && on_x) {
                    tap.src_y = tap.y / o.stride[0];
                    tap.src_x = tap.x / o.stride[1];
                    tap.source = TapSource::input;
                    tap.value = input.at(ic, tap.src_y, tap.src_x);
                } else {
                    tap.source = TapSource::zero_pad;
                }
                add_conv_tap(t, tap, weight.at(ic, ocl, ky, kx));
            }
        }
    }
    return with_bias(std::move(t), bias);
}

Result<CellTrace> trace_max_pool2d(const Tensor& input, const MaxPool2dOptions& o, CellIndex cell) {
    using R = Result<CellTrace>;
    auto plan = detail::plan_pool(input, o.kernel_size, o.stride, o.padding, o.dilation, o.ceil_mode);
    if (!plan.ok()) return R::fail_as(plan);
    auto start = start_pool_trace(plan.value, input.c, cell);
    if (!start.ok()) return start;
    const AxisGeometry &gr = plan.value.rows, &gc = plan.value.cols;
    CellTrace t = std::move(start.value);
    t.sum = -std::numeric_limits<float>::infinity();
    for (int ky = 0; ky < gr.kernel; ++ky) {
        for (int kx = 0; kx < gc.kernel; ++kx) {
            Tap tap = tap_at(cell.channel, ky, kx, gr.tap_input(cell.row, ky), gc.tap_input(cell.col, kx));
            tap.weight = 1;
            if (tap.y >= 0 && tap.y < input.h && tap.x >= 0 && tap.x < input.w) {
                tap.src_y = tap.y;
                tap.src_x = tap.x;
                tap.value = input.at(cell.channel, tap.y, tap.x);
                if ((tap.value > t.sum || std::isnan(tap.value)) && !std::isnan(t.sum)) {
                    t.sum = tap.value;
                    t.winner = static_cast<int>(t.taps.size());
                }
            } else {
                tap.source = TapSource::neg_inf;
                tap.value = -std::numeric_limits<float>::infinity();
            }
            tap.product = tap.value;
            t.taps.push_back(tap);
        }
    }
    t.result = t.sum;
    return {std::move(t), {}, {}};
}

Result<CellTrace> trace_avg_pool2d(const Tensor& input, const AvgPool2dOptions& o, CellIndex cell) {
    using R = Result<CellTrace>;
    auto plan = detail::plan_pool(input, o.kernel_size, o.stride, o.padding, {1, 1}, o.ceil_mode);
    if (!plan.ok()) return R::fail_as(plan);
    if (auto e = detail::check_divisor(o.divisor_override); !e.empty()) return R::fail(e);
    auto start = start_pool_trace(plan.value, input.c, cell);
    if (!start.ok()) return start;
    const AxisGeometry &gr = plan.value.rows, &gc = plan.value.cols;
    CellTrace t = std::move(start.value);
    const auto by = detail::avg_bounds(gr, cell.row), bx = detail::avg_bounds(gc, cell.col);
    // Taps cover the window clipped to input + padding (a ceil_mode window may hang past it).
    const int y_end = std::min(t.origin_y + gr.kernel, gr.input + gr.pad_after);
    const int x_end = std::min(t.origin_x + gc.kernel, gc.input + gc.pad_after);
    for (int y = t.origin_y; y < y_end; ++y) {
        for (int x = t.origin_x; x < x_end; ++x) {
            Tap tap = tap_at(cell.channel, y - t.origin_y, x - t.origin_x, y, x);
            tap.weight = 1;
            if (y >= 0 && y < input.h && x >= 0 && x < input.w) {
                tap.src_y = y;
                tap.src_x = x;
                tap.value = input.at(cell.channel, y, x);
            } else {
                tap.source = TapSource::zero_pad;
            }
            tap.product = tap.value;
            t.sum += tap.product;
            t.taps.push_back(tap);
        }
    }
    if (by.start >= by.end || bx.start >= bx.end) {
        t.divisor = 1;
        t.result = 0;  // PyTorch writes 0 for a window with no input cell
        return {std::move(t), {}, {}};
    }
    t.divisor = detail::avg_divisor(o, by, bx);
    t.result = t.sum / static_cast<float>(t.divisor);
    return {std::move(t), {}, {}};
}

}  // namespace strideconv
