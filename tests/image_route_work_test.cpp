// image_route_work_test.cpp -- the routes computed in frame-sized pieces (image/route_work.hpp)
// give run_routes' outputs, in bands of any size, for every padding mode, stride and blur size;
// the timings follow run_routes' definition; refusals and stop_timing.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <random>

#include "image/route_work.hpp"

using namespace strideconv;
using namespace strideconv::image;

namespace {

Tensor random_picture(std::mt19937& rng, int c, int h, int w) {
    std::uniform_real_distribution<float> d(0.0f, 1.0f);
    Tensor t = Tensor::zeros(c, h, w);
    for (float& v : t.data) v = d(rng);
    return t;
}

RouteSettings settings(std::mt19937& rng, int kh, int kw, Pair stride, Pad4 pad, PaddingMode mode, int blur) {
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    std::vector<float> values(static_cast<size_t>(kh) * kw);
    for (float& v : values) v = d(rng);
    RouteSettings s;
    s.kernel = kernel_weight(kh, kw, values);
    s.stride = stride;
    s.padding = Padding::sides(pad.top, pad.bottom, pad.left, pad.right);
    s.padding_mode = mode;
    s.blur = blur;
    return s;
}

float max_abs_difference(const Tensor& a, const Tensor& b) {
    if (a.c != b.c || a.h != b.h || a.w != b.w) return INFINITY;
    float m = 0;
    for (size_t i = 0; i < a.data.size(); ++i) m = std::max(m, std::abs(a.data[i] - b.data[i]));
    return m;
}

// A clock that moves 1 ms on every reading: timings become counts of readings.
Clock ticking_clock() {
    auto now = std::make_shared<double>(0);
    return [now] { return *now += 1.0; };
}

}  // namespace

TEST_CASE("route work: outputs equal run_routes, whole and in bands of one row or a few") {
    std::mt19937 rng(11);
    const PaddingMode modes[] = {PaddingMode::zeros, PaddingMode::reflect, PaddingMode::replicate, PaddingMode::circular};
    for (int trial = 0; trial < 24; ++trial) {
        const int c = trial % 3 == 0 ? 3 : 1;
        const int h = 17 + int(rng() % 24), w = 15 + int(rng() % 24);
        const int kh = 1 + int(rng() % 5), kw = 1 + int(rng() % 5);
        const Pair stride{1 + int(rng() % 4), 1 + int(rng() % 4)};
        const PaddingMode mode = modes[trial % 4];
        const int ph = std::min(int(rng() % 3), kh - 1), pw = std::min(int(rng() % 3), kw - 1);
        const Pad4 pad{ph, int(rng() % 2) ? ph : 0, pw, pw};
        const int blur = 1 + int(rng() % kMaxBlur);
        const Tensor picture = random_picture(rng, c, h, w);
        const RouteSettings s = settings(rng, kh, kw, stride, pad, mode, blur);
        CAPTURE(trial);
        CAPTURE(h);
        CAPTURE(w);
        CAPTURE(kh);
        CAPTURE(kw);
        CAPTURE(stride[0]);
        CAPTURE(stride[1]);
        CAPTURE(blur);
        auto whole = run_routes(all_routes(), picture, s, 1);
        REQUIRE(whole.ok());
        // Bands of one row also make their outputs 7 values per step.
        for (double piece_ms : {1e9, 1e-9, 3.0}) {
            CAPTURE(piece_ms);
            RouteWork work;
            work.piece_ms = piece_ms;
            if (piece_ms < 1) work.grow_values = 7;
            REQUIRE(work.start(all_routes(), picture, s, 2, ticking_clock()) == "");
            int calls = 0;
            while (!work.work(2.0) && ++calls < 100000) {
            }
            REQUIRE(work.done());
            CHECK(work.error() == "");
            REQUIRE(work.routes() == 5);
            for (size_t k = 0; k < 5; ++k) {
                CAPTURE(k);
                CHECK(work.ready(k));
                CHECK(work.runs_done(k) == 2);
                CHECK(work.run(k).ms.size() == 2);
                // The same products summed in the same order: equal up to float rounding.
                CHECK(max_abs_difference(work.run(k).output, whole.value[k].output) <= 1e-5f);
                // The range gathered piece by piece is the whole output's.
                const auto& out = work.run(k).output.data;
                const ValueRange& range = work.range(k);
                REQUIRE(range.any);
                CHECK(range.lo == *std::min_element(out.begin(), out.end()));
                CHECK(range.hi == *std::max_element(out.begin(), out.end()));
            }
            CHECK(work.work_done() == work.work_total());
        }
    }
}

TEST_CASE("grow_zeros: a tensor made a part per call, started over for another size") {
    Tensor t;
    int calls = 0;
    while (!grow_zeros(t, 3, 5, 4, 7)) {
        ++calls;
        CHECK(t.data.size() == size_t(7 * calls));
        REQUIRE(calls < 100);
    }
    CHECK(calls == 8);  // 60 values, 7 per call: 9 calls
    CHECK(t.c == 3);
    CHECK(t.h == 5);
    CHECK(t.w == 4);
    REQUIRE(t.data.size() == 60);
    CHECK(std::all_of(t.data.begin(), t.data.end(), [](float v) { return v == 0.0f; }));
    // Complete at this size: kept as it is.
    t.data[59] = 2.5f;
    CHECK(grow_zeros(t, 3, 5, 4, 7));
    CHECK(t.data[59] == 2.5f);
    // Another size (the same count of values too) starts over from nothing.
    CHECK_FALSE(grow_zeros(t, 1, 15, 4, 7));
    CHECK(t.data.size() == 7);
    CHECK(t.c == 1);
    CHECK(t.h == 15);
    CHECK(grow_zeros(t, 1, 15, 4, 1000));
    CHECK(t.data[6] == 0.0f);
    CHECK(t.data[59] == 0.0f);
    // An empty tensor is complete at once; a limit of 0 still adds a value per call.
    Tensor e;
    CHECK(grow_zeros(e, 0, 5, 4, 7));
    CHECK_FALSE(grow_zeros(t, 2, 2, 2, 0));
    CHECK(t.data.size() == 1);
}

TEST_CASE("value range: finite values only, gathered in pieces as at once") {
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<float> values = {0.5f, std::nanf(""), -2.0f, inf, 3.25f, -inf, 1.0f};
    ValueRange whole;
    whole.add(values.data(), values.size());
    CHECK(whole.any);
    CHECK(whole.lo == -2.0f);
    CHECK(whole.hi == 3.25f);
    ValueRange pieces;
    for (size_t k = 0; k < values.size(); k += 2) pieces.add(values.data() + k, std::min<size_t>(2, values.size() - k));
    CHECK(pieces.lo == whole.lo);
    CHECK(pieces.hi == whole.hi);
    ValueRange none;
    none.add(values.data() + 1, 1);  // NaN alone
    none.add(values.data() + 3, 1);  // infinity alone
    CHECK_FALSE(none.any);
    CHECK(value_map_for(none).kind == ValueMap::Kind::unit);
    // Signed values: a map around zero scaled by the largest magnitude.
    CHECK(value_map_for(whole).kind == ValueMap::Kind::signed_around_zero);
    CHECK(value_map_for(whole).scale == 3.25f);
}

TEST_CASE("route work: timings follow run_routes (routes 3-5 include the stride-1 conv)") {
    std::mt19937 rng(3);
    const Tensor picture = random_picture(rng, 1, 32, 32);
    const RouteSettings s = settings(rng, 3, 3, {2, 2}, {1, 1, 1, 1}, PaddingMode::zeros, 3);
    RouteWork work;
    work.piece_ms = 1e9;  // whole stages: every stage reads the clock twice
    REQUIRE(work.start(all_routes(), picture, s, 3, ticking_clock()) == "");
    while (!work.work(100)) {
    }
    // Each stage takes one tick between its two readings.
    CHECK(work.run(0).median_ms == doctest::Approx(1.0));  // stride1
    CHECK(work.run(1).median_ms == doctest::Approx(1.0));  // stride
    for (size_t k = 2; k < 5; ++k) CHECK(work.run(k).median_ms == doctest::Approx(2.0));
    CHECK(work.run(4).ms.size() == 3);
    // One run of all five: the strided conv, the shared stride-1 conv once, three stages.
    CHECK(work.median_run_ms() == doctest::Approx(5.0));
}

TEST_CASE("route work: a band's time is its op's, without the copy of its input rows") {
    std::mt19937 rng(3);
    const Tensor picture = random_picture(rng, 1, 32, 32);
    const RouteSettings s = settings(rng, 3, 3, {2, 2}, {1, 1, 1, 1}, PaddingMode::zeros, 3);
    RouteWork work;
    work.piece_ms = 1e-9;  // one output row per piece
    REQUIRE(work.start({Route::stride}, picture, s, 1, ticking_clock()) == "");
    while (!work.work(0)) {
    }
    // 16 output rows, each piece: start, copy, op start, end: one tick of op and one of copy.
    REQUIRE(work.run(0).output.h == 16);
    CHECK(work.run(0).median_ms == doctest::Approx(16.0));
    CHECK(work.compute_ms() == doctest::Approx(32.0));  // what the frames paid, copies included
}

TEST_CASE("route work: only the routes asked for, in their order; route 2 comes first") {
    std::mt19937 rng(5);
    const Tensor picture = random_picture(rng, 1, 40, 40);
    const RouteSettings s = settings(rng, 3, 3, {2, 2}, {1, 1, 1, 1}, PaddingMode::reflect, 3);
    RouteWork work;
    work.piece_ms = 1e9;
    REQUIRE(work.start({Route::blurpool, Route::stride}, picture, s, 1, ticking_clock()) == "");
    CHECK(work.routes() == 2);
    CHECK(work.index_of(Route::stride) == 1);
    CHECK(work.index_of(Route::stride1) == -1);
    work.work(0);  // one piece: the strided conv
    CHECK(work.ready(1));
    CHECK_FALSE(work.ready(0));
    while (!work.work(100)) {
    }
    auto want = run_route(Route::blurpool, picture, s);
    REQUIRE(want.ok());
    CHECK(max_abs_difference(work.run(0).output, want.value.output) == 0.0f);
}

TEST_CASE("route work: timing runs in bands keep the first run's outputs, without route 1 too") {
    // The timing runs do not gather their outputs; the pools of every run read the first run's
    // stride-1 conv, kept on its own when route 1 is not among the routes.
    std::mt19937 rng(8);
    const Tensor picture = random_picture(rng, 3, 37, 29);
    const RouteSettings s = settings(rng, 5, 3, {3, 2}, {2, 2, 1, 1}, PaddingMode::replicate, 4);
    RouteWork work;
    work.piece_ms = 1e-9;  // one output row per piece
    REQUIRE(work.start({Route::pool_max, Route::blurpool, Route::stride}, picture, s, 3, ticking_clock()) == "");
    while (!work.work(0)) {
    }
    CHECK(work.error() == "");
    for (size_t k = 0; k < 3; ++k) {
        CAPTURE(k);
        CHECK(work.runs_done(k) == 3);
        auto want = run_route(work.route(k), picture, s);
        REQUIRE(want.ok());
        CHECK(max_abs_difference(work.run(k).output, want.value.output) <= 1e-5f);
    }
}

TEST_CASE("route work: refusals name the route; stop_timing keeps the runs done") {
    std::mt19937 rng(9);
    const Tensor small = random_picture(rng, 1, 4, 4);
    RouteWork work;
    const std::string e = work.start(all_routes(), small, settings(rng, 7, 7, {2, 2}, {0, 0, 0, 0}, PaddingMode::zeros, 3));
    CHECK(e.find("stride1") != std::string::npos);
    CHECK(work.done());
    const Tensor empty;
    CHECK(work.start(all_routes(), empty, settings(rng, 3, 3, {2, 2}, {}, PaddingMode::zeros, 3)) != "");
    CHECK(work.start(all_routes(), small, settings(rng, 3, 3, {2, 2}, {}, PaddingMode::zeros, 3), 0) != "");

    const Tensor picture = random_picture(rng, 1, 24, 24);
    REQUIRE(work.start(all_routes(), picture, settings(rng, 3, 3, {2, 2}, {1, 1, 1, 1}, PaddingMode::zeros, 3), 5,
                       ticking_clock()) == "");
    work.piece_ms = 1e9;
    while (work.runs_done(4) < 2) work.work(0);
    work.stop_timing();
    while (!work.work(100)) {
    }
    for (size_t k = 0; k < 5; ++k) CHECK(work.runs_done(k) <= 3);
    CHECK(work.runs_done(4) >= 2);
}
