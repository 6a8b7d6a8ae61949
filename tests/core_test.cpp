// core_test.cpp -- the convolution core: the seed's worked examples, Dumoulin & Visin's
// relationships, dropped and never-visited cells, refusals, and cross-checks between the ops and
// the step traces (two independent code paths). PyTorch golden vectors live in golden_test.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "core/core.hpp"

using namespace strideconv;

namespace {

Weight ones3x3() { return Weight::filled(1, 1, 3, 3, 1.0f); }

bool mentions(const std::string& message, const std::string& word) {
    return message.find(word) != std::string::npos;
}

Tensor random_tensor(std::mt19937& rng, int c, int h, int w) {
    std::uniform_int_distribution<int> d(-4, 4);
    Tensor t = Tensor::zeros(c, h, w);
    for (auto& v : t.data) v = static_cast<float>(d(rng));
    return t;
}

Weight random_weight(std::mt19937& rng, int o, int i, int kh, int kw) {
    std::uniform_int_distribution<int> d(-3, 3);
    Weight w = Weight::zeros(o, i, kh, kw);
    for (auto& v : w.data) v = static_cast<float>(d(rng));
    return w;
}

int conv_out(int i, int k, int s, int p, int d = 1) {
    auto g = axis_geometry(i, k, s, d, p, p, false, "width");
    REQUIRE(g.ok());
    return g.value.output;
}

}  // namespace

TEST_CASE("seed example: 5x5 input, 3x3 kernel, stride 1 gives 3x3 and stride 2 gives 2x2") {
    const Tensor x = Tensor::sequential(1, 5, 5);  // 1..25
    Conv2dOptions o;
    SUBCASE("stride 1") {
        auto y = conv2d(x, ones3x3(), nullptr, o);
        REQUIRE(y.ok());
        CHECK(y.value.h == 3);
        CHECK(y.value.w == 3);
        const float expected[] = {63, 72, 81, 108, 117, 126, 153, 162, 171};
        for (int k = 0; k < 9; ++k) CHECK(y.value.data[k] == expected[k]);
    }
    SUBCASE("stride 2") {
        o.stride = {2, 2};
        auto y = conv2d(x, ones3x3(), nullptr, o);
        REQUIRE(y.ok());
        CHECK(y.value.h == 2);
        CHECK(y.value.w == 2);
        const float expected[] = {63, 81, 153, 171};
        for (int k = 0; k < 4; ++k) CHECK(y.value.data[k] == expected[k]);
    }
    SUBCASE("stride 2 does fewer multiply-accumulates") {
        o.stride = {2, 2};
        auto s = conv2d_shape(1, 5, 5, ones3x3(), o);
        REQUIRE(s.ok());
        CHECK(s.value.macs == 4 * 9);
        CHECK(s.value.macs_stride1 == 9 * 9);
        CHECK(s.value.never_visited_cells() == 0);
        CHECK(s.value.rows.remainder == 0);
    }
}

TEST_CASE("Dumoulin & Visin 2016: convolution arithmetic relationships") {
    for (int i = 1; i <= 12; ++i) {
        for (int k = 1; k <= i; ++k) {
            CHECK(conv_out(i, k, 1, 0) == i - k + 1);  // relationship 1
            for (int p = 0; p <= 3; ++p) {
                CHECK(conv_out(i, k, 1, p) == i - k + 2 * p + 1);  // relationship 2
                for (int s = 1; s <= 4; ++s)
                    CHECK(conv_out(i, k, s, p) == (i + 2 * p - k) / s + 1);  // relationship 6
            }
            if (k % 2 == 1) CHECK(conv_out(i, k, 1, k / 2) == i);  // 3: half padding
            CHECK(conv_out(i, k, 1, k - 1) == i + k - 1);          // 4: full padding
            for (int s = 1; s <= 4; ++s) CHECK(conv_out(i, k, s, 0) == (i - k) / s + 1);  // 5
        }
    }
}

TEST_CASE("Dumoulin & Visin 2016: dilation (relationship 15)") {
    for (int i = 1; i <= 14; ++i)
        for (int k = 1; k <= 4; ++k)
            for (int d = 1; d <= 3; ++d)
                for (int s = 1; s <= 3; ++s)
                    for (int p = 0; p <= 2; ++p) {
                        const int numer = i + 2 * p - k - (k - 1) * (d - 1);
                        auto g = axis_geometry(i, k, s, d, p, p, false, "height");
                        if (numer < 0) {
                            CHECK_FALSE(g.ok());
                            CHECK(mentions(g.error, "kernel"));
                        } else {
                            REQUIRE(g.ok());
                            CHECK(g.value.output == numer / s + 1);
                            CHECK(g.value.effective_kernel == k + (k - 1) * (d - 1));
                        }
                    }
}

TEST_CASE("Dumoulin & Visin 2016: transposed convolution (relationships 8-14)") {
    for (int i = 1; i <= 8; ++i)
        for (int k = 1; k <= 4; ++k) {
            CHECK(conv_transpose_output_size(i, k, 1, 0, 1, 0) == i + (k - 1));  // 8
            for (int p = 0; p <= 2; ++p)
                CHECK(conv_transpose_output_size(i, k, 1, p, 1, 0) == i + (k - 1) - 2 * p);  // 9
            if (k % 2 == 1) CHECK(conv_transpose_output_size(i, k, 1, k / 2, 1, 0) == i);  // 10
            CHECK(conv_transpose_output_size(i, k, 1, k - 1, 1, 0) == i - (k - 1));       // 11
            for (int s = 1; s <= 3; ++s) {
                CHECK(conv_transpose_output_size(i, k, s, 0, 1, 0) == s * (i - 1) + k);  // 12
                for (int a = 0; a < s; ++a)
                    CHECK(conv_transpose_output_size(i, k, s, 1, 1, a) ==
                          s * (i - 1) + a + k - 2);  // 13/14
            }
        }
    // The transposed conv undoes the shape of a conv: conv(i) = o  =>  transpose(o) + a = i.
    for (int i = 3; i <= 12; ++i)
        for (int k = 1; k <= 3; ++k)
            for (int s = 1; s <= 3; ++s) {
                const int o = conv_out(i, k, s, 0);
                const int a = (i - k) % s;
                CHECK(conv_transpose_output_size(o, k, s, 0, 1, a) == i);
            }
}

TEST_CASE("pooling: same size formula, and ceil_mode drops a window starting in the padding") {
    // Relationship 7: pooling o = floor((i - k) / s) + 1.
    for (int i = 2; i <= 10; ++i)
        for (int k = 1; k <= i; ++k)
            for (int s = 1; s <= 3; ++s) {
                auto g = axis_geometry(i, k, s, 1, 0, 0, false, "width");
                REQUIRE(g.ok());
                CHECK(g.value.output == (i - k) / s + 1);
            }
    // Input 5, kernel 2, stride 2, padding 1: ceil gives 4 windows, but the 4th starts at padded
    // position 6, inside the right padding (input + pad_before = 6), so PyTorch keeps 3.
    auto g = axis_geometry(5, 2, 2, 1, 1, 1, true, "width");
    REQUIRE(g.ok());
    CHECK(g.value.output == 3);
    auto floor_g = axis_geometry(5, 2, 2, 1, 1, 1, false, "width");
    REQUIRE(floor_g.ok());
    CHECK(floor_g.value.output == 3);
    // With ceil_mode a window wider than the input is allowed if it starts inside the input.
    auto wide = axis_geometry(2, 3, 3, 1, 0, 0, true, "width");
    REQUIRE(wide.ok());
    CHECK(wide.value.output == 1);
    CHECK_FALSE(axis_geometry(2, 3, 3, 1, 0, 0, false, "width").ok());
    // Input 6, kernel 3, stride 2, no padding: floor gives 2, ceil gives 3 (last window overhangs).
    auto c = axis_geometry(6, 3, 2, 1, 0, 0, true, "width");
    REQUIRE(c.ok());
    CHECK(c.value.output == 3);
    Tensor x = Tensor::sequential(1, 6, 6);
    MaxPool2dOptions mp;
    mp.kernel_size = {3, 3};
    mp.stride = Pair{2, 2};
    mp.ceil_mode = true;
    auto y = max_pool2d(x, mp);
    REQUIRE(y.ok());
    CHECK(y.value.h == 3);
    CHECK(y.value.at(0, 2, 2) == 36);  // the overhanging window only sees cell (5, 5)
}

TEST_CASE("the floor's remainder: rows no window reaches are dropped") {
    SUBCASE("6 wide, kernel 3, stride 2: one column dropped") {
        auto g = axis_geometry(6, 3, 2, 1, 0, 0, false, "width");
        REQUIRE(g.ok());
        CHECK(g.value.output == 2);
        CHECK(g.value.span == 3);
        CHECK(g.value.remainder == 1);
        CHECK(g.value.dropped_input == 1);
        CHECK(g.value.uses[5] == 0);
        CHECK(g.value.never_visited == 1);
        CHECK(g.value.uses[2] == 2);  // the overlap column is read by both windows
    }
    SUBCASE("7 wide, kernel 2, stride 3: one skipped between windows, two dropped") {
        auto g = axis_geometry(7, 2, 3, 1, 0, 0, false, "width");
        REQUIRE(g.ok());
        CHECK(g.value.output == 2);
        CHECK(g.value.remainder == 2);
        CHECK(g.value.dropped_input == 2);
        CHECK(g.value.uses == std::vector<int>{1, 1, 0, 1, 1, 0, 0});
        CHECK(g.value.never_visited == 3);
    }
    SUBCASE("the remainder may fall in the padding, dropping no input") {
        // 5 + 1 + 1 = 7 padded, kernel 2, stride 2: windows at 0, 2, 4; position 6 (pad) unread.
        auto g = axis_geometry(5, 2, 2, 1, 1, 1, false, "width");
        REQUIRE(g.ok());
        CHECK(g.value.remainder == 1);
        CHECK(g.value.dropped_input == 0);
        CHECK(g.value.never_visited == 0);
    }
    SUBCASE("dilation leaves holes") {
        auto g = axis_geometry(5, 2, 3, 2, 0, 0, false, "width");  // taps at 0,2 then 3,5
        REQUIRE(g.ok());
        CHECK(g.value.output == 1);  // floor((5-3)/3)+1
        CHECK(g.value.uses == std::vector<int>{1, 0, 1, 0, 0});
    }
    SUBCASE("2-D never-visited cells from two axes") {
        Conv2dOptions o;
        o.stride = {3, 3};
        auto s = conv2d_shape(1, 7, 7, 1, 2, 2, o);
        REQUIRE(s.ok());
        CHECK(s.value.never_visited_cells() == 49 - 16);
        CHECK(s.value.output_cells() == 4);
    }
}

TEST_CASE("uses per input index match a direct count over every window and tap") {
    for (int input = 1; input <= 11; ++input)
        for (int k = 1; k <= 4; ++k)
            for (int s = 1; s <= 4; ++s)
                for (int d = 1; d <= 3; ++d)
                    for (int pb = 0; pb <= 2; ++pb)
                        for (int pa = 0; pa <= 2; ++pa)
                            for (bool ceil : {false, true}) {
                                auto g = axis_geometry(input, k, s, d, pb, pa, ceil, "width");
                                if (!g.ok()) continue;
                                std::vector<int> direct(static_cast<size_t>(input), 0);
                                for (int o = 0; o < g.value.output; ++o)
                                    for (int t = 0; t < k; ++t) {
                                        const int y = o * s + t * d - pb;
                                        if (y >= 0 && y < input) ++direct[static_cast<size_t>(y)];
                                    }
                                CHECK(g.value.uses == direct);
                            }
}

TEST_CASE("padding: same, valid, explicit sides") {
    SUBCASE("same puts the odd pixel after") {
        auto p = resolve_padding(Padding::same(), {4, 3}, {1, 1}, {1, 2});
        REQUIRE(p.ok());
        CHECK(p.value.top == 1);
        CHECK(p.value.bottom == 2);
        CHECK(p.value.left == 2);
        CHECK(p.value.right == 2);
        Conv2dOptions o;
        o.padding = Padding::same();
        o.dilation = {1, 2};
        auto s = conv2d_shape(1, 6, 7, 1, 4, 3, o);
        REQUIRE(s.ok());
        CHECK(s.value.rows.output == 6);
        CHECK(s.value.cols.output == 7);
    }
    SUBCASE("same refuses stride 2") {
        auto p = resolve_padding(Padding::same(), {3, 3}, {2, 2}, {1, 1});
        CHECK_FALSE(p.ok());
        CHECK(mentions(p.error, "stride"));
        CHECK(mentions(p.error, "same"));
    }
    SUBCASE("asymmetric sides") {
        Conv2dOptions o;
        o.padding = Padding::sides(1, 0, 2, 1);
        auto s = conv2d_shape(1, 4, 4, 1, 3, 3, o);
        REQUIRE(s.ok());
        CHECK(s.value.rows.output == 3);  // 4 + 1 + 0 - 3 + 1
        CHECK(s.value.cols.output == 5);  // 4 + 2 + 1 - 3 + 1
    }
}

TEST_CASE("source_index: where each padding mode reads from") {
    CHECK(source_index(PaddingMode::zeros, -1, 4) == -1);
    CHECK(source_index(PaddingMode::zeros, 2, 4) == 2);
    CHECK(source_index(PaddingMode::reflect, -1, 4) == 1);
    CHECK(source_index(PaddingMode::reflect, -3, 4) == 3);
    CHECK(source_index(PaddingMode::reflect, 4, 4) == 2);
    CHECK(source_index(PaddingMode::reflect, 6, 4) == 0);
    CHECK(source_index(PaddingMode::replicate, -5, 4) == 0);
    CHECK(source_index(PaddingMode::replicate, 9, 4) == 3);
    CHECK(source_index(PaddingMode::circular, -1, 4) == 3);
    CHECK(source_index(PaddingMode::circular, 4, 4) == 0);
    CHECK(source_index(PaddingMode::circular, -4, 4) == 0);
}

TEST_CASE("padding modes on a 3x3 input") {
    const Tensor x = Tensor::sequential(1, 3, 3);
    const Weight pick = [] {  // 1x1 kernel: output = padded input
        Weight w = Weight::filled(1, 1, 1, 1, 1.0f);
        return w;
    }();
    Conv2dOptions o;
    o.padding = Padding::symmetric(1, 1);
    auto run = [&](PaddingMode m) {
        o.padding_mode = m;
        auto y = conv2d(x, pick, nullptr, o);
        REQUIRE(y.ok());
        REQUIRE(y.value.h == 5);
        return y.value;
    };
    CHECK(run(PaddingMode::zeros).at(0, 0, 0) == 0);
    CHECK(run(PaddingMode::reflect).at(0, 0, 0) == 5);  // mirrors x[1][1]
    CHECK(run(PaddingMode::replicate).at(0, 0, 0) == 1);
    CHECK(run(PaddingMode::circular).at(0, 0, 0) == 9);
    CHECK(run(PaddingMode::reflect).at(0, 4, 2) == 5);  // row 3 -> 1, col 1 -> 1: x[1][1]
}

TEST_CASE("refusals name the parameter and the rule") {
    const Tensor x = Tensor::sequential(1, 5, 5);
    Conv2dOptions o;
    auto refused = [&](const Conv2dOptions& opt, const char* word) {
        auto y = conv2d(x, ones3x3(), nullptr, opt);
        CHECK_FALSE(y.ok());
        CHECK_MESSAGE(mentions(y.error, word), y.error);
        auto t = trace_conv2d(x, ones3x3(), nullptr, opt, {0, 0, 0});
        CHECK_FALSE(t.ok());
    };
    o.stride = {0, 1};
    refused(o, "stride");
    o = {};
    o.stride = {-2, 2};
    refused(o, "stride");
    o = {};
    o.dilation = {0, 1};
    refused(o, "dilation");
    o = {};
    o.padding = Padding::symmetric(-1, 0);
    refused(o, "padding");
    o = {};
    o.groups = 0;
    refused(o, "groups");
    o = {};
    o.groups = 2;
    refused(o, "groups");
    o = {};
    o.dilation = {3, 3};  // effective kernel 7 > 5
    refused(o, "kernel");
    o = {};
    o.padding = Padding::symmetric(5, 5);
    o.padding_mode = PaddingMode::reflect;
    refused(o, "reflect");
    o.padding_mode = PaddingMode::circular;
    o.padding = Padding::symmetric(6, 0);
    refused(o, "circular");
    o = {};
    o.padding = Padding::same();
    o.stride = {2, 2};
    refused(o, "same");

    std::vector<float> bias{1.0f, 2.0f};
    auto y = conv2d(x, ones3x3(), &bias, Conv2dOptions{});
    CHECK_FALSE(y.ok());
    CHECK(mentions(y.error, "bias"));

    Weight two_in = Weight::filled(1, 2, 3, 3, 1.0f);
    y = conv2d(x, two_in, nullptr, Conv2dOptions{});
    CHECK_FALSE(y.ok());
    CHECK(mentions(y.error, "channels"));

    Tensor broken = x;
    broken.data.pop_back();
    y = conv2d(broken, ones3x3(), nullptr, Conv2dOptions{});
    CHECK_FALSE(y.ok());
    CHECK(mentions(y.error, "input"));

    Conv2dOptions huge;
    huge.stride = {kMaxExtent + 1, 1};
    y = conv2d(x, ones3x3(), nullptr, huge);
    CHECK_FALSE(y.ok());
    CHECK(mentions(y.error, "stride"));
}

TEST_CASE("pool and transposed refusals") {
    const Tensor x = Tensor::sequential(1, 4, 4);
    MaxPool2dOptions mp;
    mp.kernel_size = {2, 2};
    mp.padding = {2, 0};
    auto y = max_pool2d(x, mp);
    CHECK_FALSE(y.ok());
    CHECK(mentions(y.error, "half"));
    mp = {};
    mp.stride = Pair{0, 1};
    CHECK(mentions(max_pool2d(x, mp).error, "stride"));
    mp = {};
    mp.kernel_size = {5, 1};
    CHECK(mentions(max_pool2d(x, mp).error, "output size"));
    AvgPool2dOptions ap;
    ap.divisor_override = 0;
    CHECK(mentions(avg_pool2d(x, ap).error, "divisor"));

    ConvTranspose2dOptions t;
    t.stride = {2, 2};
    t.output_padding = {2, 0};
    auto z = conv_transpose2d(x, Weight::filled(1, 1, 3, 3, 1), nullptr, t);
    CHECK_FALSE(z.ok());
    CHECK(mentions(z.error, "output_padding"));
    t = {};
    t.padding = {3, 3};
    z = conv_transpose2d(Tensor::filled(1, 1, 1, 1), Weight::filled(1, 1, 3, 3, 1), nullptr, t);
    CHECK_FALSE(z.ok());
    CHECK(mentions(z.error, "output size"));
}

TEST_CASE("every op agrees with its step trace, cell by cell (random configurations)") {
    std::mt19937 rng(20261125);
    std::uniform_int_distribution<int> size(1, 9), ks(1, 4), st(1, 4), pd(0, 2), dl(1, 3), md(0, 3);
    int checked = 0;
    for (int trial = 0; trial < 400; ++trial) {
        const int c = 1 + trial % 2, h = size(rng), w = size(rng), kh = ks(rng), kw = ks(rng);
        Conv2dOptions o;
        o.stride = {st(rng), st(rng)};
        o.dilation = {dl(rng), dl(rng)};
        o.padding = Padding::sides(pd(rng), pd(rng), pd(rng), pd(rng));
        o.padding_mode = static_cast<PaddingMode>(md(rng));
        o.groups = c;  // depthwise when c == 2
        const Tensor x = random_tensor(rng, c, h, w);
        const Weight wt = random_weight(rng, 2 * c / o.groups * o.groups, c / o.groups, kh, kw);
        std::vector<float> bias(static_cast<size_t>(wt.o), 0.5f);
        auto y = conv2d(x, wt, &bias, o);
        if (!y.ok()) {
            CHECK_FALSE(trace_conv2d(x, wt, &bias, o, {0, 0, 0}).ok());
            continue;
        }
        for (int oc = 0; oc < y.value.c; ++oc)
            for (int i = 0; i < y.value.h; ++i)
                for (int j = 0; j < y.value.w; ++j) {
                    auto t = trace_conv2d(x, wt, &bias, o, {oc, i, j});
                    REQUIRE(t.ok());
                    CHECK(t.value.result == doctest::Approx(y.value.at(oc, i, j)));
                    ++checked;
                }
    }
    CHECK(checked > 1000);
}

TEST_CASE("pool traces agree with the pools") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> size(1, 9), ks(1, 4), st(1, 3), dl(1, 2);
    int checked = 0;
    for (int trial = 0; trial < 300; ++trial) {
        const Tensor x = random_tensor(rng, 1, size(rng), size(rng));
        MaxPool2dOptions mp;
        mp.kernel_size = {ks(rng), ks(rng)};
        mp.stride = Pair{st(rng), st(rng)};
        mp.padding = {mp.kernel_size[0] / 2, 0};
        mp.dilation = {dl(rng), dl(rng)};
        mp.ceil_mode = trial % 2 == 0;
        AvgPool2dOptions ap;
        ap.kernel_size = mp.kernel_size;
        ap.stride = mp.stride;
        ap.padding = mp.padding;
        ap.ceil_mode = mp.ceil_mode;
        ap.count_include_pad = trial % 3 != 0;
        auto m = max_pool2d(x, mp);
        auto a = avg_pool2d(x, ap);
        if (m.ok()) {
            for (int i = 0; i < m.value.h; ++i)
                for (int j = 0; j < m.value.w; ++j) {
                    auto t = trace_max_pool2d(x, mp, {0, i, j});
                    REQUIRE(t.ok());
                    CHECK(t.value.result == m.value.at(0, i, j));
                    if (std::isinf(t.value.result)) {
                        // Every tap fell in the padding (possible with dilation): -inf, as PyTorch.
                        CHECK(t.value.winner == -1);
                    } else {
                        REQUIRE(t.value.winner >= 0);
                        CHECK(t.value.taps[static_cast<size_t>(t.value.winner)].value == t.value.result);
                    }
                    ++checked;
                }
        }
        if (a.ok()) {
            for (int i = 0; i < a.value.h; ++i)
                for (int j = 0; j < a.value.w; ++j) {
                    auto t = trace_avg_pool2d(x, ap, {0, i, j});
                    REQUIRE(t.ok());
                    CHECK(t.value.result == doctest::Approx(a.value.at(0, i, j)));
                    ++checked;
                }
        }
    }
    CHECK(checked > 500);
}

TEST_CASE("conv_transpose2d is the adjoint of conv2d: <conv(x), y> == <x, conv_transpose(y)>") {
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> size(2, 9), ks(1, 4), st(1, 3), pd(0, 1), dl(1, 2);
    int checked = 0;
    for (int trial = 0; trial < 200; ++trial) {
        const int cin = 2, cout = 2, groups = 1 + trial % 2;
        const Tensor x = random_tensor(rng, cin, size(rng), size(rng));
        const Weight w = random_weight(rng, cout, cin / groups, ks(rng), ks(rng));
        Conv2dOptions co;
        co.stride = {st(rng), st(rng)};
        co.padding = Padding::symmetric(pd(rng), pd(rng));
        co.dilation = {dl(rng), dl(rng)};
        co.groups = groups;
        auto y = conv2d(x, w, nullptr, co);
        if (!y.ok()) continue;
        const Tensor r = random_tensor(rng, y.value.c, y.value.h, y.value.w);
        ConvTranspose2dOptions to;
        to.stride = co.stride;
        to.padding = {co.padding.top, co.padding.left};
        to.dilation = co.dilation;
        to.groups = groups;
        // Choose output_padding so the transposed output has x's shape again.
        auto sh = conv2d_shape(cin, x.h, x.w, w, co);
        REQUIRE(sh.ok());
        to.output_padding = {sh.value.rows.remainder, sh.value.cols.remainder};
        if (to.output_padding[0] >= std::max(to.stride[0], to.dilation[0]) ||
            to.output_padding[1] >= std::max(to.stride[1], to.dilation[1]))
            continue;
        // PyTorch's transposed weight is in_channels x out_channels/groups x kh x kw, where its
        // in_channels are the conv's out_channels: the very same tensor as the conv's weight.
        const Weight& wt = w;
        auto back = conv_transpose2d(r, wt, nullptr, to);
        REQUIRE_MESSAGE(back.ok(), back.error);
        REQUIRE(back.value.h == x.h);
        REQUIRE(back.value.w == x.w);
        double lhs = 0, rhs = 0;
        for (size_t k = 0; k < r.data.size(); ++k) lhs += double(y.value.data[k]) * r.data[k];
        for (size_t k = 0; k < x.data.size(); ++k) rhs += double(x.data[k]) * back.value.data[k];
        CHECK(lhs == doctest::Approx(rhs));
        // And the trace of each transposed cell sums to the same value.
        for (int oc = 0; oc < back.value.c; ++oc)
            for (int i = 0; i < back.value.h; ++i)
                for (int j = 0; j < back.value.w; ++j) {
                    auto t = trace_conv_transpose2d(r, wt, nullptr, to, {oc, i, j});
                    REQUIRE(t.ok());
                    CHECK(t.value.result == doctest::Approx(back.value.at(oc, i, j)));
                }
        ++checked;
    }
    CHECK(checked > 50);
}

TEST_CASE("trace of the seed's first stride-2 step writes out the arithmetic") {
    const Tensor x = Tensor::sequential(1, 5, 5);
    Conv2dOptions o;
    o.stride = {2, 2};
    auto t = trace_conv2d(x, ones3x3(), nullptr, o, {0, 0, 1});
    REQUIRE(t.ok());
    CHECK(t.value.origin_y == 0);
    CHECK(t.value.origin_x == 2);  // the window jumped 2 columns
    REQUIRE(t.value.taps.size() == 9);
    CHECK(t.value.taps[0].value == 3);
    CHECK(t.value.taps[8].value == 15);
    CHECK(t.value.result == 81);
    auto outside = trace_conv2d(x, ones3x3(), nullptr, o, {0, 2, 0});
    CHECK_FALSE(outside.ok());
    CHECK(mentions(outside.error, "outside"));
}

TEST_CASE("padding taps say where their value comes from") {
    const Tensor x = Tensor::sequential(1, 3, 3);
    Conv2dOptions o;
    o.padding = Padding::symmetric(1, 1);
    o.padding_mode = PaddingMode::reflect;
    auto t = trace_conv2d(x, ones3x3(), nullptr, o, {0, 0, 0});
    REQUIRE(t.ok());
    const Tap& corner = t.value.taps[0];
    CHECK(corner.y == -1);
    CHECK(corner.x == -1);
    CHECK(corner.source == TapSource::reflect);
    CHECK(corner.src_y == 1);
    CHECK(corner.src_x == 1);
    CHECK(corner.value == 5);
    o.padding_mode = PaddingMode::zeros;
    t = trace_conv2d(x, ones3x3(), nullptr, o, {0, 0, 0});
    REQUIRE(t.ok());
    CHECK(t.value.taps[0].source == TapSource::zero_pad);
    CHECK(t.value.taps[0].src_y == -1);
    CHECK(t.value.taps[4].source == TapSource::input);
}

TEST_CASE("max pool with NaN inputs: NaN propagates as in PyTorch, windows without it are untouched") {
    // Expected values from torch 1.13: F.max_pool2d / F.avg_pool2d on the same tensors.
    const float nan = std::numeric_limits<float>::quiet_NaN();
    Tensor x = Tensor::sequential(1, 4, 4);
    x.at(0, 0, 1) = nan;
    auto same_map = [](const Tensor& got, const std::vector<float>& want) {
        REQUIRE(got.data.size() == want.size());
        for (size_t i = 0; i < want.size(); ++i) {
            CAPTURE(i);
            if (std::isnan(want[i])) CHECK(std::isnan(got.data[i]));
            else CHECK(got.data[i] == want[i]);
        }
    };
    MaxPool2dOptions o;  // kernel 2, stride 2
    auto y = max_pool2d(x, o);
    REQUIRE(y.ok());
    same_map(y.value, {nan, 8, 14, 16});

    o.kernel_size = {3, 3};
    o.stride = Pair{1, 1};
    o.padding = {1, 1};  // the -inf padding never hides a NaN
    y = max_pool2d(x, o);
    REQUIRE(y.ok());
    same_map(y.value, {nan, nan, nan, 8, nan, nan, nan, 12, 14, 15, 16, 16, 14, 15, 16, 16});

    // NaN as the first tap read and as a later one.
    Tensor first = Tensor::zeros(1, 2, 2);
    first.data = {nan, 1, 2, 3};
    o.kernel_size = {2, 2};
    y = max_pool2d(first, o);
    REQUIRE(y.ok());
    same_map(y.value, {nan, nan, 1, nan, nan, 3, 2, 3, 3});

    // The trace agrees: the NaN tap wins and stays the winner.
    for (int col = 0; col < 3; ++col) {
        auto t = trace_max_pool2d(first, o, {0, 0, col});
        REQUIRE(t.ok());
        CAPTURE(col);
        CHECK(std::isnan(t.value.result) == std::isnan(y.value.at(0, 0, col)));
        if (std::isnan(t.value.result)) {
            REQUIRE(t.value.winner >= 0);
            CHECK(std::isnan(t.value.taps[static_cast<size_t>(t.value.winner)].value));
        } else {
            CHECK(t.value.result == y.value.at(0, 0, col));
        }
    }

    AvgPool2dOptions a;  // kernel 2, stride 2: NaN poisons its window's mean only
    auto m = avg_pool2d(x, a);
    REQUIRE(m.ok());
    same_map(m.value, {nan, 5.5f, 11.5f, 13.5f});
}

TEST_CASE("solve_padding: the paddings that give a wanted output size, and TensorFlow's SAME") {
    // 7 inputs, kernel 3, stride 2: output 4 needs total padding 2 or 3 (floor absorbs one).
    auto s = solve_padding(7, 3, 2, 1, 4);
    REQUIRE(s.ok());
    CHECK(s.value.min_total == 2);
    CHECK(s.value.max_total == 3);
    CHECK(s.value.before == 1);
    CHECK(s.value.after == 1);
    for (int total = 0; total <= 6; ++total) {
        auto g = axis_geometry(7, 3, 2, 1, total / 2, total - total / 2, false, "height");
        REQUIRE(g.ok());
        CHECK((g.value.output == 4) == (total >= 2 && total <= 3));
    }
    // TensorFlow's SAME at stride 2 on 6: out 3, padding 1, all of it after.
    const PaddingSolution tf = tf_same_padding(6, 3, 2, 1);
    CHECK(tf.min_total == 1);
    CHECK(tf.before == 0);
    CHECK(tf.after == 1);
    // Dilation counts: kernel 3 dilated 2 spans 5; 'same' at stride 1 needs 4.
    s = solve_padding(9, 3, 1, 2, 9);
    REQUIRE(s.ok());
    CHECK(s.value.min_total == 4);
    CHECK(s.value.max_total == 4);
    // Impossible: even unpadded the output is larger than wanted.
    s = solve_padding(10, 3, 1, 1, 2);
    CHECK_FALSE(s.ok());
    CHECK(s.error.find("already 8") != std::string::npos);
    CHECK_FALSE(solve_padding(0, 3, 1, 1, 2).ok());
}
