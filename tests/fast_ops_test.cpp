// fast_ops_test.cpp -- the SIMD fast paths (core/fast_ops.cpp, behind conv2d, conv_transpose2d,
// max_pool2d, avg_pool2d) against the scalar reference ops (strideconv::reference, ops.cpp) on
// random configurations: shapes, strides, dilations, paddings, padding modes, groups, channel
// counts, ceil_mode and divisors. With small integer values every sum is exact in float32 whatever
// the order, so those runs must agree bit for bit; runs with real-valued data use a tolerance.
// Runs natively (on the best SIMD target of the machine) and under node (WASM SIMD128).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "core/core.hpp"

using namespace strideconv;

namespace {

struct Rng {
    std::mt19937 engine;
    explicit Rng(unsigned seed) : engine(seed) {}
    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine); }
    bool chance(int percent) { return uniform(0, 99) < percent; }
};

// Small integers (exact sums), or reals in [-1, 1).
void fill(std::vector<float>& data, Rng& rng, bool integers) {
    for (float& v : data) {
        v = integers ? static_cast<float>(rng.uniform(-4, 4))
                     : static_cast<float>(rng.uniform(-100000, 99999)) / 100000.0f;
    }
}

std::string describe(const Tensor& x, int kh, int kw, Pair stride, Pair dilation) {
    return std::to_string(x.c) + "x" + std::to_string(x.h) + "x" + std::to_string(x.w) +
           " kernel " + std::to_string(kh) + "x" + std::to_string(kw) + " stride " +
           std::to_string(stride[0]) + "," + std::to_string(stride[1]) + " dilation " +
           std::to_string(dilation[0]) + "," + std::to_string(dilation[1]);
}

// Same outcome: both refuse with the same message, or both compute the same shape and values
// (exactly, or within rtol 1e-5 + atol 1e-5 of the magnitude of the sum's terms).
void check_same(const Result<Tensor>& fast, const Result<Tensor>& ref, bool exact,
                const std::string& what) {
    INFO(what);
    REQUIRE(fast.ok() == ref.ok());
    if (!ref.ok()) {
        CHECK(fast.error == ref.error);
        return;
    }
    REQUIRE(fast.value.c == ref.value.c);
    REQUIRE(fast.value.h == ref.value.h);
    REQUIRE(fast.value.w == ref.value.w);
    size_t mismatches = 0, first = 0;
    for (size_t k = 0; k < ref.value.data.size(); ++k) {
        const float a = fast.value.data[k], b = ref.value.data[k];
        bool same;
        if (std::isnan(b)) same = std::isnan(a);
        else if (exact || a == b) same = a == b;  // a == b: also equal infinities
        else same = std::fabs(a - b) <= 1e-4f + 1e-5f * std::fabs(b);
        if (!same && mismatches++ == 0) first = k;
    }
    INFO("first mismatch at flat index " << first << ": fast " << fast.value.data[first]
                                         << ", reference " << ref.value.data[first]);
    CHECK(mismatches == 0);
}

Padding random_padding(Rng& rng) {
    switch (rng.uniform(0, 5)) {
        case 0: return Padding::valid();
        case 1: return Padding::same();
        case 2: return Padding::sides(rng.uniform(0, 3), rng.uniform(0, 3), rng.uniform(0, 3), rng.uniform(0, 3));
        default: return Padding::symmetric(rng.uniform(0, 3), rng.uniform(0, 3));
    }
}

// Runs `body` once on every SIMD target this machine can run (AVX-512, AVX2 and the scalar
// fallback natively; WASM SIMD128 under node), then returns to the best one.
template <class Body>
void on_every_target(Body body) {
    REQUIRE(!simd_targets().empty());
    for (const std::string& target : simd_targets()) {
        REQUIRE(use_simd_target(target));
        CHECK(simd_target() == target);
        INFO("SIMD target " << target);
        body();
    }
    REQUIRE(use_simd_target(""));
}

}  // namespace

TEST_CASE("simd targets: named, selectable, unknown names refused") {
    const auto targets = simd_targets();
    REQUIRE(!targets.empty());
    CHECK(simd_target() == targets.front());
    CHECK_FALSE(use_simd_target("no such target"));
    CHECK(simd_target() == targets.front());
    REQUIRE(use_simd_target(targets.back()));
    CHECK(simd_target() == targets.back());
    REQUIRE(use_simd_target(""));
    CHECK(simd_target() == targets.front());
}

TEST_CASE("the multiply-add probe counts 2 operations per lane of 16 multiply-adds a round, on every target") {
    CHECK(multiply_add_probe(0) == 0);
    CHECK(multiply_add_probe(-5) == 0);
    for (const std::string& target : simd_targets()) {
        CAPTURE(target);
        REQUIRE(use_simd_target(target));
        const int64_t one = multiply_add_probe(1);
        const int64_t lanes = one / 32;
        CHECK(one % 32 == 0);
        CHECK((lanes == 1 || lanes == 2 || lanes == 4 || lanes == 8 || lanes == 16));
        CHECK(multiply_add_probe(1000) == 1000 * one);
    }
    REQUIRE(use_simd_target(""));
}

TEST_CASE("conv2d fast path equals the reference on random layers") {
    on_every_target([] {
        Rng rng(20240611);
        int computed = 0;
        for (int run = 0; run < 400; ++run) {
            const bool integers = run % 4 != 3;
            const int groups = rng.chance(25) ? rng.uniform(2, 3) : 1;
            const int in_channels = groups * rng.uniform(1, run % 10 == 0 ? 6 : 3);
            const int out_channels = groups * rng.uniform(1, 9);
            // Wide rows now and then: several register blocks plus a partial vector per row.
            const int h = rng.uniform(1, 24), w = rng.uniform(1, rng.chance(30) ? 140 : 40);
            const int kh = rng.uniform(1, 5), kw = rng.uniform(1, 5);
            Conv2dOptions o;
            o.stride = {rng.uniform(1, 4), rng.uniform(1, 4)};
            if (rng.chance(30)) o.stride = {1, 1};
            o.dilation = {rng.chance(70) ? 1 : rng.uniform(2, 3), rng.chance(70) ? 1 : rng.uniform(2, 3)};
            o.groups = groups;
            o.padding = random_padding(rng);
            o.padding_mode = static_cast<PaddingMode>(rng.uniform(0, 3));
            Tensor x = Tensor::zeros(in_channels, h, w);
            Weight wt = Weight::zeros(out_channels, in_channels / groups, kh, kw);
            fill(x.data, rng, integers);
            fill(wt.data, rng, integers);
            std::vector<float> bias(static_cast<size_t>(out_channels));
            fill(bias, rng, integers);
            const std::vector<float>* b = rng.chance(50) ? &bias : nullptr;
            auto ref = reference::conv2d(x, wt, b, o);
            auto fast = conv2d(x, wt, b, o);
            check_same(fast, ref, integers,
                       "conv2d " + describe(x, kh, kw, o.stride, o.dilation) + " out " +
                           std::to_string(out_channels) + " groups " + std::to_string(groups) +
                           " mode " + to_string(o.padding_mode));
            computed += ref.ok();
        }
        CHECK(computed > 150);  // most random layers are valid; refusals are compared too
    });
}

TEST_CASE("conv2d fast path: the benchmark's layer shapes, stride 1 and 2") {
    on_every_target([] {
        Rng rng(7);
        struct Layer { int c, o, size, k, pad; };
        for (const Layer& l : {Layer{1, 1, 67, 3, 0}, Layer{1, 1, 70, 7, 0}, Layer{3, 16, 40, 7, 3},
                               Layer{16, 16, 29, 3, 1}, Layer{8, 12, 56, 3, 1}}) {
            for (int stride : {1, 2}) {
                Tensor x = Tensor::zeros(l.c, l.size, l.size);
                Weight wt = Weight::zeros(l.o, l.c, l.k, l.k);
                fill(x.data, rng, true);
                fill(wt.data, rng, true);
                Conv2dOptions o;
                o.stride = {stride, stride};
                o.padding = Padding::symmetric(l.pad, l.pad);
                check_same(conv2d(x, wt, nullptr, o), reference::conv2d(x, wt, nullptr, o), true,
                           describe(x, l.k, l.k, o.stride, o.dilation));
            }
        }
    });
}

TEST_CASE("conv_transpose2d fast path equals the reference on random layers") {
    on_every_target([] {
        Rng rng(99);
        int computed = 0;
        for (int run = 0; run < 300; ++run) {
            const bool integers = run % 4 != 3;
            const int groups = rng.chance(25) ? rng.uniform(2, 3) : 1;
            const int in_channels = groups * rng.uniform(1, 3);
            const int out_per_group = rng.uniform(1, 4);
            const int h = rng.uniform(1, 16), w = rng.uniform(1, rng.chance(30) ? 70 : 20);
            const int kh = rng.uniform(1, 5), kw = rng.uniform(1, 5);
            ConvTranspose2dOptions o;
            o.stride = {rng.uniform(1, 4), rng.uniform(1, 4)};
            o.dilation = {rng.chance(70) ? 1 : rng.uniform(2, 3), rng.chance(70) ? 1 : rng.uniform(2, 3)};
            o.padding = {rng.uniform(0, 3), rng.uniform(0, 3)};
            o.output_padding = {rng.uniform(0, 2), rng.uniform(0, 2)};
            o.groups = groups;
            Tensor x = Tensor::zeros(in_channels, h, w);
            Weight wt = Weight::zeros(in_channels, out_per_group, kh, kw);
            fill(x.data, rng, integers);
            fill(wt.data, rng, integers);
            std::vector<float> bias(static_cast<size_t>(out_per_group * groups));
            fill(bias, rng, integers);
            const std::vector<float>* b = rng.chance(50) ? &bias : nullptr;
            auto ref = reference::conv_transpose2d(x, wt, b, o);
            auto fast = conv_transpose2d(x, wt, b, o);
            check_same(fast, ref, integers, "conv_transpose2d " + describe(x, kh, kw, o.stride, o.dilation));
            computed += ref.ok();
        }
        CHECK(computed > 100);
    });
}

TEST_CASE("conv_transpose2d: a stride longer than the output costs no more than the output") {
    // The fast kernel keeps a tap list per stride phase: a 1x1 input at stride 108576 once asked
    // for 94 GB (the json fuzz target, tests/fuzz/corpus/json/regressions/). It is one cell.
    ConvTranspose2dOptions o;
    o.stride = {108576, 108576};
    const auto one = conv_transpose2d(Tensor::filled(1, 1, 1, 3), Weight::filled(1, 1, 1, 1, 2), nullptr, o);
    REQUIRE(one.ok());
    CHECK(one.value.h == 1);
    CHECK(one.value.w == 1);
    CHECK(one.value.at(0, 0, 0) == 6);
    // A 2x3 input at stride (40, 5000): two rows 40 apart, three columns 5000 apart (the fast path,
    // 200,000 phases), equal to the reference.
    o.stride = {40, 5000};
    Tensor x = Tensor::zeros(1, 2, 3);
    for (size_t k = 0; k < x.data.size(); ++k) x.data[k] = static_cast<float>(k + 1);
    const auto spread = conv_transpose2d(x, Weight::filled(1, 1, 1, 1, 1), nullptr, o);
    const auto ref = reference::conv_transpose2d(x, Weight::filled(1, 1, 1, 1, 1), nullptr, o);
    REQUIRE(spread.ok());
    REQUIRE(ref.ok());
    CHECK(spread.value.h == 41);
    CHECK(spread.value.w == 10001);
    CHECK(spread.value.data == ref.value.data);
    CHECK(spread.value.at(0, 40, 10000) == 6);
}

TEST_CASE("max_pool2d and avg_pool2d fast paths equal the reference, NaN and infinities included") {
    on_every_target([] {
        Rng rng(31337);
        int computed = 0;
        for (int run = 0; run < 400; ++run) {
            const bool integers = run % 4 != 3;
            Tensor x = Tensor::zeros(rng.uniform(1, 3), rng.uniform(1, 20), rng.uniform(1, rng.chance(30) ? 90 : 25));
            fill(x.data, rng, integers);
            if (rng.chance(20)) {
                const float specials[] = {std::numeric_limits<float>::quiet_NaN(),
                                          std::numeric_limits<float>::infinity(),
                                          -std::numeric_limits<float>::infinity()};
                for (int k = rng.uniform(1, 4); k > 0; --k)
                    x.data[static_cast<size_t>(rng.uniform(0, static_cast<int>(x.size()) - 1))] =
                        specials[rng.uniform(0, 2)];
            }
            const Pair kernel{rng.uniform(1, 5), rng.uniform(1, 5)};
            const std::optional<Pair> stride =
                rng.chance(25) ? std::nullopt : std::optional<Pair>(Pair{rng.uniform(1, 4), rng.uniform(1, 4)});
            const Pair padding{rng.uniform(0, kernel[0] / 2), rng.uniform(0, kernel[1] / 2)};
            const bool ceil_mode = rng.chance(40);
            if (run % 2 == 0) {
                MaxPool2dOptions o;
                o.kernel_size = kernel;
                o.stride = stride;
                o.padding = padding;
                o.dilation = {rng.chance(70) ? 1 : rng.uniform(2, 3), rng.chance(70) ? 1 : rng.uniform(2, 3)};
                o.ceil_mode = ceil_mode;
                auto ref = reference::max_pool2d(x, o);
                // The maximum is one of the inputs: exact whatever the data.
                check_same(max_pool2d(x, o), ref, true, "max_pool2d " + describe(x, kernel[0], kernel[1], o.stride.value_or(kernel), o.dilation));
                computed += ref.ok();
            } else {
                AvgPool2dOptions o;
                o.kernel_size = kernel;
                o.stride = stride;
                o.padding = padding;
                o.ceil_mode = ceil_mode;
                o.count_include_pad = rng.chance(50);
                if (rng.chance(20)) o.divisor_override = rng.uniform(-3, 5);
                auto ref = reference::avg_pool2d(x, o);
                check_same(avg_pool2d(x, o), ref, integers, "avg_pool2d " + describe(x, kernel[0], kernel[1], o.stride.value_or(kernel), {1, 1}));
                computed += ref.ok();
            }
        }
        CHECK(computed > 200);
    });
}

TEST_CASE("the _into ops reuse one output tensor across shapes and refuse to overwrite the input") {
    Rng rng(5);
    Tensor out;
    for (int size : {40, 9, 23, 40, 3}) {
        Tensor x = Tensor::zeros(2, size, size + 3);
        fill(x.data, rng, true);
        Weight w = Weight::zeros(3, 2, 3, 3);
        fill(w.data, rng, true);
        Conv2dOptions o;
        o.stride = {size % 2 + 1, 2};
        o.padding = Padding::symmetric(1, 1);
        REQUIRE(conv2d_into(x, w, nullptr, o, out).empty());
        check_same(Result<Tensor>{out, {}, {}}, reference::conv2d(x, w, nullptr, o), true, "conv2d_into");

        ConvTranspose2dOptions t;
        t.stride = {2, 2};
        Weight wt = Weight::zeros(2, 3, 3, 3);
        fill(wt.data, rng, true);
        REQUIRE(conv_transpose2d_into(x, wt, nullptr, t, out).empty());
        check_same(Result<Tensor>{out, {}, {}}, reference::conv_transpose2d(x, wt, nullptr, t), true, "conv_transpose2d_into");

        MaxPool2dOptions m;
        m.kernel_size = {3, 3};
        m.padding = {1, 1};
        REQUIRE(max_pool2d_into(x, m, out).empty());
        check_same(Result<Tensor>{out, {}, {}}, reference::max_pool2d(x, m), true, "max_pool2d_into");

        AvgPool2dOptions a;
        a.kernel_size = {2, 3};
        a.ceil_mode = true;
        REQUIRE(avg_pool2d_into(x, a, out).empty());
        check_same(Result<Tensor>{out, {}, {}}, reference::avg_pool2d(x, a), true, "avg_pool2d_into");
    }
    // A refused layer leaves the output as it was; the input may not be the output.
    const Tensor before = out;
    Conv2dOptions bad;
    bad.stride = {0, 1};
    CHECK(conv2d_into(before, Weight::filled(1, before.c, 1, 1, 1.0f), nullptr, bad, out).find("stride") != std::string::npos);
    CHECK(out.data == before.data);
    CHECK(max_pool2d_into(out, MaxPool2dOptions{}, out) == "the output tensor must not be the input tensor");
}

TEST_CASE("a window or padding huge next to its input runs the reference, not gigabytes of rows") {
    // Each of these would need more than 256 MiB of padded rows (and tap pointers) on the fast
    // path; the ops fall back to the reference's loops and give its results. Regression: they
    // died with std::bad_alloc.
    SUBCASE("conv_transpose2d: dilation 2^18 and padding cropping all but one tap") {
        const Tensor x = Tensor::filled(1, 1, 1, 2.0f);
        Weight w = Weight::zeros(1, 1, 3, 3);
        for (size_t i = 0; i < w.data.size(); ++i) w.data[i] = float(i + 1);
        ConvTranspose2dOptions o;
        o.dilation = {1 << 18, 1 << 18};
        o.padding = {1 << 18, 1 << 18};
        auto y = conv_transpose2d(x, w, nullptr, o);
        REQUIRE_MESSAGE(y.ok(), y.error);
        REQUIRE(y.value.size() == 1);
        CHECK(y.value.data[0] == 10.0f);  // only the centre tap (5) lands: 2 x 5
        auto r = reference::conv_transpose2d(x, w, nullptr, o);
        REQUIRE(r.ok());
        CHECK(r.value.data == y.value.data);
    }
    SUBCASE("max_pool2d: an 8193 x 8193 window over one cell") {
        const Tensor x = Tensor::filled(1, 1, 1, -3.0f);
        MaxPool2dOptions o;
        o.kernel_size = {8193, 8193};
        o.padding = {4096, 4096};
        auto y = max_pool2d(x, o);
        REQUIRE_MESSAGE(y.ok(), y.error);
        REQUIRE(y.value.size() == 1);
        CHECK(y.value.data[0] == -3.0f);  // max-pool padding never wins
        Tensor reused = Tensor::filled(2, 3, 4, 9.0f);  // the _into form reshapes `out` too
        CHECK(max_pool2d_into(x, o, reused) == "");
        CHECK((reused.c == 1 && reused.h == 1 && reused.w == 1 && reused.data[0] == -3.0f));
    }
}
