// layer_shape_test.cpp -- the core's LayerShape for every op and the one budget check: exact counts
// against direct loops, the stride-1 comparison, 64-bit counts, refusals at and just above every
// limit, and the avg-pool divisor that used to overflow an int.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <tuple>

#include "core/core.hpp"

using namespace strideconv;

namespace {

LayerShape shape_of(const Result<LayerShape>& r) {
    REQUIRE_MESSAGE(r.ok(), r.error);
    return r.value;
}

Conv2dOptions conv_stride(int s) {
    Conv2dOptions o;
    o.stride = {s, s};
    return o;
}

bool mentions(const std::string& message, const std::string& word) {
    return message.find(word) != std::string::npos;
}

}  // namespace

// [SECTION] Counts -------------------------------------------------------------------------------

TEST_CASE("layer shape: the seed's conv2d at stride 2, every count") {
    const LayerShape s = shape_of(conv2d_shape(1, 5, 5, 1, 3, 3, conv_stride(2)));
    CHECK(s.op == Op::conv2d);
    CHECK(s.rows.output == 2);
    CHECK(s.cols.output == 2);
    CHECK(s.input_values == 25);
    CHECK(s.weight_values == 9);
    CHECK(s.output_values == 4);
    CHECK(s.macs == 36);
    CHECK(s.macs_stride1 == 81);
    // The padded copy, columns split into 2 phases of ceil(5 / 2) = 3: 1 x 2 x 5 x 3 floats.
    CHECK(s.workspace_bytes == 1 * 2 * 5 * 3 * 4);
}

TEST_CASE("layer shape: conv_transpose2d counts every tap that lands inside the output") {
    std::mt19937 rng(11);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    for (int trial = 0; trial < 300; ++trial) {
        ConvTranspose2dOptions o;
        const int in_c = pick(1, 3), groups = pick(1, 2), out_per_group = pick(1, 2);
        const int ic = in_c * groups, h = pick(1, 6), w = pick(1, 6), kh = pick(1, 4), kw = pick(1, 4);
        o.groups = groups;
        o.stride = {pick(1, 3), pick(1, 3)};
        o.dilation = {pick(1, 2), pick(1, 2)};
        o.padding = {pick(0, 3), pick(0, 3)};
        o.output_padding = {pick(0, 2), pick(0, 2)};
        const Weight weight = Weight::zeros(ic, out_per_group, kh, kw);
        auto r = conv_transpose2d_shape(ic, h, w, weight, o);
        const Tensor x = Tensor::zeros(ic, h, w);
        auto y = conv_transpose2d(x, weight, nullptr, o);
        CHECK(r.ok() == y.ok());
        if (!r.ok()) {
            CHECK(r.error == y.error);
            continue;
        }
        const LayerShape& s = r.value;
        CHECK(s.out_channels == y.value.c);
        CHECK(s.rows.output == y.value.h);
        CHECK(s.cols.output == y.value.w);
        // uses[i]: a direct count of the taps of input i that land inside the output.
        for (const auto& [g, size, kernel, a] :
             {std::tuple<const AxisGeometry&, int, int, int>{s.rows, h, kh, 0}, {s.cols, w, kw, 1}}) {
            REQUIRE(g.uses.size() == static_cast<size_t>(size));
            for (int i = 0; i < size; ++i) {
                int inside = 0;
                for (int k = 0; k < kernel; ++k) {
                    const int at = i * o.stride[a] - o.padding[a] + k * o.dilation[a];
                    inside += at >= 0 && at < g.output;
                }
                CHECK(g.uses[static_cast<size_t>(i)] == inside);
            }
        }
        // Every input cell scatters the whole kernel, whatever the stride.
        CHECK(s.macs == int64_t(ic) * out_per_group * h * w * kh * kw);
        CHECK(s.weight_values == int64_t(ic) * out_per_group * kh * kw);
        CHECK(s.output_values == int64_t(s.out_channels) * s.rows.output * s.cols.output);
    }
}

TEST_CASE("layer shape: pools read every tap of every window, padding included") {
    MaxPool2dOptions m;
    m.kernel_size = {3, 2};
    m.stride = Pair{2, 1};
    m.padding = {1, 1};
    m.dilation = {2, 1};
    const LayerShape s = shape_of(max_pool2d_shape(3, 7, 6, m));
    CHECK(s.op == Op::max_pool2d);
    CHECK(s.out_channels == 3);
    CHECK(s.output_values == 3 * int64_t(s.rows.output) * s.cols.output);
    CHECK(s.macs == s.output_values * 6);
    CHECK(s.weight_values == 0);
    CHECK(s.workspace_bytes == 0);
    AvgPool2dOptions a;
    a.kernel_size = {2, 2};
    const LayerShape avg = shape_of(avg_pool2d_shape(1, 6, 6, a));
    CHECK(avg.output_values == 9);
    CHECK(avg.workspace_bytes == 9 * 4);  // one divisor per output cell
}

TEST_CASE("layer shape: macs_stride1 is the same layer built at stride 1, or 0 when PyTorch refuses that") {
    std::mt19937 rng(5);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    int refused_at_stride1 = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        const int h = pick(1, 9), w = pick(1, 9), kh = pick(1, 6), kw = pick(1, 6);
        const Pair stride{pick(1, 4), pick(1, 4)};
        MaxPool2dOptions m;
        m.kernel_size = {kh, kw};
        m.stride = stride;
        m.padding = {pick(0, kh / 2), pick(0, kw / 2)};
        m.dilation = {pick(1, 2), pick(1, 2)};
        m.ceil_mode = pick(0, 1) == 1;
        auto s = max_pool2d_shape(2, h, w, m);
        if (!s.ok()) continue;
        m.stride = Pair{1, 1};
        auto s1 = max_pool2d_shape(2, h, w, m);
        CHECK(s.value.macs_stride1 == (s1.ok() ? s1.value.macs : 0));
        refused_at_stride1 += s1.ok() ? 0 : 1;

        Conv2dOptions c = conv_stride(1);
        c.stride = stride;
        c.padding = Padding::sides(pick(0, 2), pick(0, 2), pick(0, 2), pick(0, 2));
        c.dilation = m.dilation;
        auto conv = conv2d_shape(2, h, w, 3, kh, kw, c);
        if (!conv.ok()) continue;
        c.stride = {1, 1};
        CHECK(conv.value.macs_stride1 == shape_of(conv2d_shape(2, h, w, 3, kh, kw, c)).macs);
    }
    CHECK(refused_at_stride1 > 0);  // the case the two old copies disagreed on was drawn
}

TEST_CASE("layer shape: a ceil_mode window wider than the padded input has no stride-1 layer") {
    MaxPool2dOptions m;
    m.kernel_size = {5, 5};
    m.ceil_mode = true;  // stride defaults to the kernel: one window hanging past a 2x2 input
    const LayerShape s = shape_of(max_pool2d_shape(1, 2, 2, m));
    CHECK(s.output_cells() == 1);
    CHECK(s.macs == 25);
    CHECK(s.macs_stride1 == 0);
    m.stride = Pair{1, 1};
    CHECK_FALSE(max_pool2d_shape(1, 2, 2, m).ok());  // PyTorch refuses it too
}

TEST_CASE("layer shape: counts are 64-bit; beyond int64_t the layer is refused, not wrapped") {
    // 2^20 channels in and out of a 2^20 x 2^20 input: 2^60 outputs, 2^80 MACs.
    auto huge = conv2d_shape(kMaxExtent, kMaxExtent, kMaxExtent, kMaxExtent, 1, 1, conv_stride(1));
    REQUIRE_FALSE(huge.ok());
    CHECK(huge.error == "conv2d layer too large to count: its sizes multiply past 2^63 (reduce the channels, sizes or kernel)");
    // 2^40 outputs and MACs per channel are fine.
    const LayerShape s = shape_of(conv2d_shape(4, kMaxExtent, kMaxExtent, 4, 1, 1, conv_stride(1)));
    CHECK(s.output_values == int64_t(4) << 40);
    CHECK(s.macs == int64_t(16) << 40);
    CHECK(s.input_values == int64_t(4) << 40);
}

// [SECTION] Budget -------------------------------------------------------------------------------

TEST_CASE("budget: each figure at its limit passes, one above is refused with one line") {
    // The seed at stride 1: input 25, weight 9, output 9, workspace 1x1x5x5 floats, 81 MACs.
    const LayerShape s = shape_of(conv2d_shape(1, 5, 5, 1, 3, 3, conv_stride(1)));
    Budget exact;
    exact.max_input_values = 25;
    exact.max_weight_values = 9;
    exact.max_output_values = 9;
    exact.max_workspace_bytes = 100;
    exact.max_work = 81;
    CHECK(check_budget(s, exact) == "");
    CHECK(check_budget(s) == "");
    const std::pair<int64_t Budget::*, std::string> over[] = {
        {&Budget::max_input_values, "input values 25 exceeds the limit of 24"},
        {&Budget::max_weight_values, "weight values 9 exceeds the limit of 8"},
        {&Budget::max_output_values, "output values 9 exceeds the limit of 8"},
        {&Budget::max_workspace_bytes, "workspace bytes 100 exceeds the limit of 99"},
        {&Budget::max_work, "work 81 exceeds the limit of 80"},
    };
    for (const auto& [field, message] : over) {
        Budget b = exact;
        b.*field -= 1;
        CHECK(check_budget(s, b) == message);
    }
}

TEST_CASE("budget: an axis that alone is over the work limit is named") {
    MaxPool2dOptions m;
    m.kernel_size = {1, 50};
    m.stride = Pair{1, 1};
    const LayerShape s = shape_of(max_pool2d_shape(1, 1, 100, m));  // 51 windows of 50 taps
    Budget b;
    b.max_work = 2550;
    CHECK(check_budget(s, b) == "");
    b.max_work = 2549;
    CHECK(check_budget(s, b) == "work of the width alone, 51 windows x 50 taps = 2550, exceeds the limit of 2549");
    ConvTranspose2dOptions t;
    const LayerShape ts = shape_of(conv_transpose2d_shape(1, 1, 100, 1, 1, 50, t));  // 100 x 50 taps
    CHECK(ts.macs == 5000);
    CHECK(ts.macs_stride1 == 5000);
    b.max_work = 4999;
    CHECK(check_budget(ts, b) == "work of the width alone, 100 inputs x 50 taps = 5000, exceeds the limit of 4999");
}

// [SECTION] The avg-pool divisor -----------------------------------------------------------------

TEST_CASE("avg_pool2d: a padded window of more than 2^31 cells divides by a 64-bit count") {
    // Regression: 50000 x 50000 = 2.5e9 cells overflowed an int and printed a negative average
    // of an all-ones input. PyTorch divides by the 64-bit count.
    AvgPool2dOptions o;
    o.kernel_size = {50000, 50000};
    o.padding = {25000, 25000};
    const Tensor ones = Tensor::filled(1, 1, 1, 1.0f);
    auto y = avg_pool2d(ones, o);
    REQUIRE_MESSAGE(y.ok(), y.error);
    REQUIRE(y.value.size() == 1);
    CHECK(y.value.data[0] > 0);
    CHECK(y.value.data[0] == doctest::Approx(1.0 / 2.5e9).epsilon(1e-6));
    const LayerShape s = shape_of(avg_pool2d_shape(1, 1, 1, o));
    CHECK(s.macs == int64_t(2500000000));
    CHECK(check_budget(s) == "");
    o.count_include_pad = false;  // one real cell: divide by 1
    auto real = avg_pool2d(ones, o);
    REQUIRE(real.ok());
    CHECK(real.value.data[0] == 1.0f);
}

TEST_CASE("shape functions refuse what the ops refuse, with the same message") {
    const Tensor x = Tensor::zeros(2, 4, 4);
    AvgPool2dOptions a;
    a.kernel_size = {2, 2};
    a.padding = {2, 0};
    CHECK(avg_pool2d_shape(2, 4, 4, a).error == avg_pool2d(x, a).error);
    a.padding = {0, 0};
    a.divisor_override = 0;
    CHECK(mentions(avg_pool2d_shape(2, 4, 4, a).error, "divisor_override"));
    MaxPool2dOptions m;
    m.kernel_size = {0, 2};
    CHECK(max_pool2d_shape(2, 4, 4, m).error == max_pool2d(x, m).error);
    CHECK(mentions(max_pool2d_shape(kMaxExtent + 1, 4, 4, MaxPool2dOptions{}).error, "at most"));
    ConvTranspose2dOptions t;
    t.output_padding = {1, 1};
    CHECK(conv_transpose2d_shape(2, 4, 4, Weight::zeros(2, 1, 3, 3), t).error ==
          conv_transpose2d(x, Weight::zeros(2, 1, 3, 3), nullptr, t).error);
}
