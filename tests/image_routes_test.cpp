// image_routes_test.cpp -- the five routes of image mode: every route against PyTorch on
// tests/golden/image_routes.json (made by tests/golden/gen_image_routes.py), the stride/subsample
// identity on random layers, BlurPool's filter, plans (sizes, formulas, MACs, windows checked by
// perturbing single input pixels), timing with an injected clock, and the shift-change figure.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "image/image.hpp"
#include "image/routes.hpp"
#include "base/json.hpp"

using namespace strideconv;
using namespace strideconv::image;
using strideconv::json::Value;

namespace {

bool mentions(const std::string& message, const std::string& word) {
    return message.find(word) != std::string::npos;
}

Tensor random_picture(std::mt19937& rng, int c, int h, int w) {
    std::uniform_real_distribution<float> d(0.0f, 1.0f);
    Tensor t = Tensor::zeros(c, h, w);
    for (float& v : t.data) v = d(rng);
    return t;
}

RouteSettings settings(int k, int stride, int pad, int blur = 3) {
    RouteSettings s;
    std::vector<float> values(static_cast<size_t>(k) * k);
    for (size_t i = 0; i < values.size(); ++i) values[i] = float(int(i % 5) - 2);
    s.kernel = kernel_weight(k, k, values);
    s.stride = {stride, stride};
    s.padding = Padding::symmetric(pad, pad);
    s.blur = blur;
    return s;
}

int numbers(const Value& v, std::vector<double>& out) {
    for (const Value& item : v.items()) out.push_back(item.as_number());
    return static_cast<int>(out.size());
}

}  // namespace

TEST_CASE("routes: every case of image_routes.json matches PyTorch") {
    std::ifstream file(STRIDECONV_SOURCE_DIR "/tests/golden/image_routes.json");
    REQUIRE(file.good());
    std::stringstream text;
    text << file.rdbuf();
    auto doc = json::parse(text.str());
    REQUIRE(doc.ok());
    const Value* input = doc.value.find("input");
    REQUIRE(input);
    const int h = static_cast<int>(input->find("height")->as_number());
    const int w = static_cast<int>(input->find("width")->as_number());
    std::vector<double> rgb_values;
    numbers(*input->find("rgb"), rgb_values);
    std::vector<uint8_t> rgb(rgb_values.begin(), rgb_values.end());
    REQUIRE(rgb.size() == static_cast<size_t>(h) * w * 3);

    int checked = 0, refused = 0;
    for (const Value& c : doc.value.find("cases")->items()) {
        const std::string name = c.find("name")->as_string();
        CAPTURE(name);
        ImportOptions options;
        options.color = *color_from_string(c.find("color")->as_string());
        auto picture = from_pixels8(rgb.data(), w, h, 3, options);
        REQUIRE(picture.ok());
        RouteSettings s;
        const Value* kernel = c.find("kernel");
        std::vector<double> kv;
        numbers(*kernel->find("values"), kv);
        s.kernel = kernel_weight(static_cast<int>(kernel->find("h")->as_number()),
                                 static_cast<int>(kernel->find("w")->as_number()),
                                 std::vector<float>(kv.begin(), kv.end()));
        std::vector<double> pad, stride;
        numbers(*c.find("padding"), pad);
        numbers(*c.find("stride"), stride);
        s.padding = Padding::sides(int(pad[0]), int(pad[1]), int(pad[2]), int(pad[3]));
        s.padding_mode = *padding_mode_from_string(c.find("padding_mode")->as_string());
        s.stride = {int(stride[0]), int(stride[1])};
        s.blur = static_cast<int>(c.find("blur")->as_number());
        const auto route = route_from_string(c.find("route")->as_string());
        REQUIRE(route.has_value());
        auto run = run_route(*route, picture.value.pixels, s);
        if (const Value* error = c.find("error")) {
            CHECK_MESSAGE(!run.ok(), "PyTorch refused: " << error->as_string());
            CHECK(mentions(run.error, c.find("mentions")->as_string()));
            ++refused;
            continue;
        }
        REQUIRE_MESSAGE(run.ok(), run.error);
        std::vector<double> shape, expected;
        numbers(*c.find("shape"), shape);
        numbers(*c.find("output"), expected);
        const Tensor& y = run.value.output;
        REQUIRE(y.c == int(shape[0]));
        REQUIRE(y.h == int(shape[1]));
        REQUIRE(y.w == int(shape[2]));
        CHECK(run.value.plan.out_h == y.h);
        CHECK(run.value.plan.out_w == y.w);
        REQUIRE(y.data.size() == expected.size());
        for (size_t k = 0; k < expected.size(); ++k) {
            const double tolerance = 1e-5 + 1e-4 * std::abs(expected[k]);
            if (std::abs(y.data[k] - expected[k]) > tolerance) {
                FAIL_CHECK("value " << k << ": got " << y.data[k] << ", PyTorch " << expected[k]);
                break;
            }
        }
        ++checked;
    }
    CHECK(checked >= 20);
    CHECK(refused >= 1);
}

TEST_CASE("routes: the stride/subsample identity on random layers") {
    std::mt19937 rng(17);
    for (int trial = 0; trial < 40; ++trial) {
        const int c = trial % 2 ? 3 : 1, h = 9 + int(rng() % 20), w = 9 + int(rng() % 20);
        const int k = 1 + int(rng() % 5), stride = 1 + int(rng() % 8), pad = int(rng() % 3);
        CAPTURE(trial);
        RouteSettings s = settings(k, stride, pad);
        s.stride = {stride, 1 + int(rng() % 8)};
        s.padding_mode = trial % 3 == 0 ? PaddingMode::reflect : PaddingMode::zeros;
        Tensor x = random_picture(rng, c, h, w);
        auto both = run_routes({Route::stride1, Route::stride}, x, s);
        REQUIRE_MESSAGE(both.ok(), both.error);
        auto check = stride_subsample_identity(both.value[0].output, both.value[1].output, s.stride);
        REQUIRE(check.ok());
        CHECK(check.value.cells == int64_t(c) * both.value[1].output.h * both.value[1].output.w);
        CHECK(check.value.max_abs_difference <= 1e-5f);
    }
    // A wrong pairing is refused, and a real difference is measured.
    Tensor dense = Tensor::sequential(1, 4, 4), strided = Tensor::zeros(1, 2, 2);
    CHECK(mentions(stride_subsample_identity(dense, strided, {4, 4}).error, "not a subsampling"));
    strided.data = {1, 3, 9, 12};
    auto off = stride_subsample_identity(dense, strided, {2, 2});
    REQUIRE(off.ok());
    CHECK(off.value.max_abs_difference == 1.0f);  // dense[2][2] = 11
}

TEST_CASE("routes: BlurPool filters are binomial, normalised, and F = 1 is plain subsampling") {
    CHECK(binomial_row(1) == std::vector<float>{1});
    CHECK(binomial_row(4) == std::vector<float>{1, 3, 3, 1});
    CHECK(binomial_row(7) == std::vector<float>{1, 6, 15, 20, 15, 6, 1});
    for (int f = 1; f <= kMaxBlur; ++f) {
        const std::vector<float> filt = blur_filter(f);
        REQUIRE(filt.size() == static_cast<size_t>(f * f));
        double total = 0;
        for (float v : filt) total += v;
        CHECK(total == doctest::Approx(1.0).epsilon(1e-7));
    }
    CHECK(blur_filter(3)[4] == 4.0f / 16.0f);
    std::mt19937 rng(3);
    Tensor x = random_picture(rng, 3, 23, 17);
    RouteSettings s = settings(3, 3, 1, 1);
    auto both = run_routes({Route::stride, Route::blurpool}, x, s);
    REQUIRE(both.ok());
    CHECK(both.value[0].output.data == both.value[1].output.data);
}

TEST_CASE("routes: plans give sizes, formulas and MACs without running") {
    RouteSettings s = settings(3, 2, 1);
    auto stride1 = plan_route(Route::stride1, 3, 512, 512, s);
    auto stride = plan_route(Route::stride, 3, 512, 512, s);
    auto pool = plan_route(Route::pool_max, 3, 512, 512, s);
    auto avg = plan_route(Route::pool_avg, 3, 512, 512, s);
    auto blur = plan_route(Route::blurpool, 3, 512, 512, s);
    REQUIRE((stride1.ok() && stride.ok() && pool.ok() && avg.ok() && blur.ok()));
    CHECK(stride1.value.out_h == 512);
    CHECK(stride1.value.macs() == int64_t(3) * 512 * 512 * 9);
    CHECK(stride.value.out_h == 256);
    CHECK(stride.value.macs() == int64_t(3) * 256 * 256 * 9);
    CHECK(stride1.value.macs() / stride.value.macs() == 4);
    CHECK(pool.value.out_w == 256);
    CHECK(pool.value.down_reads() == int64_t(3) * 256 * 256 * 4);
    CHECK(avg.value.macs() == pool.value.macs());
    CHECK(blur.value.down_reads() == int64_t(3) * 256 * 256 * 9);
    CHECK(stride.value.size_formula(true) == "floor((512 + 1 + 1 - 3) / 2) + 1 = 256");
    CHECK(pool.value.size_formula(false) ==
          "conv: floor((512 + 1 + 1 - 3) / 1) + 1 = 512; max pool: floor((512 - 2) / 2) + 1 = 256");
    CHECK(blur.value.size_formula(true) ==
          "conv: floor((512 + 1 + 1 - 3) / 1) + 1 = 512; blur: floor((512 + 1 + 1 - 3) / 2) + 1 = 256");
    CHECK(route_title(Route::blurpool, {2, 2}, 3) == "conv + BlurPool F=3 / 2");
    CHECK(route_title(Route::pool_max, {2, 3}, 3) == "conv + max pool 2x3 / 2x3");

    s.stride = {9, 9};
    CHECK(mentions(plan_route(Route::stride, 1, 64, 64, s).error, "stride must be 1 to 8"));
    s = settings(3, 2, 1, 8);
    CHECK(mentions(plan_route(Route::blurpool, 1, 64, 64, s).error, "F must be 1 to 7"));
    s = settings(3, 2, 0);
    s.padding = Padding::same();
    CHECK(mentions(plan_route(Route::stride, 1, 64, 64, s).error, "stride"));
    CHECK(plan_route(Route::pool_max, 1, 64, 64, s).ok());  // 'same' is fine at stride 1
    for (Route r : all_routes()) CHECK(route_from_string(to_string(r)) == r);
    CHECK(!route_from_string("pool_max").has_value());
}

TEST_CASE("routes: a plan past the memory budget is refused before anything is allocated") {
    // Issue 13: `strideconv image --source text --route blurpool --blur 7 --stride 8 --padding
    // 100000` died on std::bad_alloc (exit 134); its stride-1 conv output alone is 3 x 200256^2.
    RouteSettings s = settings(3, 8, 100000, 7);
    for (Route r : all_routes()) {
        CAPTURE(to_string(r));
        const auto plan = plan_route(r, 3, 256, 256, s);
        CHECK(mentions(plan.error, "too large"));
        CHECK(mentions(plan.error, "exceeds the limit"));
        Tensor picture = Tensor::zeros(3, 256, 256);
        CHECK(mentions(run_route(r, picture, s, 1).error, "too large"));
    }
    // Padding on one side only, and a blur stage too large after a conv that fits.
    s = settings(3, 2, 0);
    s.padding = Padding::sides(0, 0, 1 << 20, 0);
    CHECK(mentions(plan_route(Route::pool_max, 1, 64, 64, s).error, "too large"));
    // Slow is not refused here: a 31 x 31 kernel on 2048 x 2048 RGB is 4e9 MACs per route but
    // fits in memory (image mode runs it in pieces).
    s = settings(31, 2, 15);
    CHECK(plan_route(Route::stride1, 3, 2048, 2048, s).ok());
}

TEST_CASE("routes: route_window is exactly the input an output cell depends on") {
    std::mt19937 rng(5);
    const int h = 13, w = 12;
    Tensor x = random_picture(rng, 1, h, w);
    for (Route r : all_routes()) {
        CAPTURE(to_string(r));
        RouteSettings s = settings(3, 2, 1, r == Route::blurpool ? 4 : 3);
        s.kernel.data.assign(9, 1.0f);  // positive taps: every pixel in the window matters
        auto base = run_route(r, x, s);
        REQUIRE(base.ok());
        const int oy = 2, ox = 1;
        const InputWindow win = route_window(base.value.plan, oy, ox);
        for (int y = 0; y < h; ++y)
            for (int xx = 0; xx < w; ++xx) {
                Tensor bumped = x;
                bumped.at(0, y, xx) += 10.0f;
                auto moved = run_route(r, bumped, s);
                REQUIRE(moved.ok());
                const bool changed = moved.value.output.at(0, oy, ox) != base.value.output.at(0, oy, ox);
                const bool inside = y >= win.first_row && y <= win.last_row && xx >= win.first_col && xx <= win.last_col;
                // Max pool reads its whole window but only the bump of the winning cell shows.
                if (r != Route::pool_max) CHECK_MESSAGE(changed == inside, "pixel " << y << "," << xx);
                else if (changed) CHECK_MESSAGE(inside, "pixel " << y << "," << xx);
            }
    }
}

TEST_CASE("routes: timing uses the injected clock; routes 3-5 add their pool to the shared conv") {
    // Each call returns the next value: run 1 conv 0->4, pool 10->11; run 2 conv 20->27, pool 30->33;
    // run 3 conv 40->42, pool 50->50.5.
    const std::vector<double> ticks = {0, 4, 10, 11, 20, 27, 30, 33, 40, 42, 50, 50.5};
    size_t next = 0;
    Clock fake = [&] { return ticks[next++ % ticks.size()]; };
    std::mt19937 rng(1);
    Tensor x = random_picture(rng, 1, 20, 20);
    RouteSettings s = settings(3, 2, 1);
    auto pool = run_route(Route::pool_max, x, s, 3, fake);
    REQUIRE(pool.ok());
    CHECK(pool.value.ms == std::vector<double>{5, 10, 2.5});
    CHECK(pool.value.median_ms == 5);
    next = 0;
    auto both = run_routes({Route::stride1, Route::pool_avg}, x, s, 3, fake);
    REQUIRE(both.ok());
    CHECK(both.value[0].ms == std::vector<double>{4, 7, 2});
    CHECK(both.value[0].median_ms == 4);
    CHECK(both.value[1].median_ms == 5);
    CHECK(median({3, 1, 2, 10}) == 2.5);
    CHECK(median({}) == 0);
    CHECK(mentions(run_route(Route::stride, x, s, 0).error, "runs"));

    RouteRun fast, slow;
    fast.plan = plan_route(Route::stride, 1, 512, 512, settings(3, 2, 1)).value;
    slow.plan = plan_route(Route::stride1, 1, 512, 512, settings(3, 2, 1)).value;
    fast.median_ms = 1.0;
    slow.median_ms = 3.7;
    CHECK(speed_sentence(fast, slow) == "4.0x fewer MACs, 3.7x faster here");
    fast.median_ms = 0;
    CHECK(speed_sentence(fast, slow) == "4.0x fewer MACs, time not measured");
}

TEST_CASE("routes: shift change -- zero for stride 1, large for plain stride on a zone plate") {
    SourceDesc d;
    d.height = d.width = 96;
    Tensor zp = make_source(d).value.pixels;
    RouteSettings s = settings(3, 2, 1, 4);
    s.kernel = kernel_weight(3, 3, {0, 0, 0, 0, 1, 0, 0, 0, 0});  // identity: the picture itself
    for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) {
            auto c = shift_change(Route::stride1, zp, s, dy, dx);
            REQUIRE(c.ok());
            CHECK(c.value.change == 0.0);
            CHECK(c.value.out_dy == dy);
            CHECK(c.value.cells > 0);
        }
    auto plain = shift_change_all(Route::stride, zp, s);
    auto blur = shift_change_all(Route::blurpool, zp, s);
    auto avg = shift_change_all(Route::pool_avg, zp, s);
    REQUIRE((plain.ok() && blur.ok() && avg.ok()));
    MESSAGE("zone plate 96, S=2, mean shift change: stride " << plain.value.change << ", avg pool "
            << avg.value.change << ", BlurPool F=4 " << blur.value.change);
    CHECK(plain.value.change > 0.5);
    CHECK(blur.value.change < 0.5 * plain.value.change);
    CHECK(avg.value.change < plain.value.change);

    auto one = shift_change(Route::stride, zp, s, 1, 0);
    REQUIRE(one.ok());
    CHECK(one.value.out_dy == 0);
    const std::string sentence = shift_change_sentence(one.value);
    CHECK(mentions(sentence, "Shift (1, 0)"));
    CHECK(mentions(sentence, "%"));
    CHECK(mentions(shift_change(Route::stride, zp, s, 2, 0).error, "0 to S-1"));
    RoutePlan plan = plan_route(Route::stride, 1, 96, 96, s).value;
    CHECK(mentions(compare_shifted(plan, zp, zp, 1, 0, 1.0).error, "output size"));
}

TEST_CASE("routes: the figures in pieces of any size give the whole figures to the last bit") {
    std::mt19937 rng(2027);
    const Tensor x = random_picture(rng, 3, 45, 38);
    const RouteSettings s = settings(3, 3, 1, 4);
    auto base = run_routes({Route::stride1, Route::stride, Route::blurpool}, x, s);
    auto moved = run_route(Route::blurpool, shift_image(x, 2, 1), s);
    REQUIRE((base.ok() && moved.ok()));
    const Tensor& dense = base.value[0].output;
    const Tensor& strided = base.value[1].output;

    // The spread against a two-pass standard deviation written out here.
    double mean = 0, var = 0;
    for (float v : dense.data) mean += v;
    mean /= double(dense.data.size());
    for (float v : dense.data) var += (v - mean) * (v - mean);
    const double spread = spread_of(dense);
    CHECK(spread == doctest::Approx(std::sqrt(var / double(dense.data.size()))).epsilon(1e-9));
    auto whole_identity = stride_subsample_identity(dense, strided, s.stride);
    auto whole_shift = compare_shifted(base.value[2].plan, base.value[2].output, moved.value.output, 2, 1, spread);
    REQUIRE((whole_identity.ok() && whole_shift.ok()));
    CHECK(whole_identity.value.max_abs_difference == 0.0f);
    CHECK(whole_identity.value.cells == int64_t(strided.data.size()));

    std::uniform_int_distribution<int> size(1, 9);
    for (int trial = 0; trial < 5; ++trial) {
        CAPTURE(trial);
        auto identity = SubsampleWork::start(dense, strided, s.stride);
        auto shift = ShiftCompareWork::start(base.value[2].plan, base.value[2].output, moved.value.output, 2, 1, spread);
        REQUIRE((identity.ok() && shift.ok()));
        SpreadWork spread_work(dense);
        CHECK(identity.value.rows() == strided.c * strided.h);
        CHECK(spread_work.rows() == dense.c * dense.h);
        int pieces = 0;
        while (!identity.value.done() || !spread_work.done() || !shift.value.done()) {
            if (!identity.value.done()) identity.value.add_rows(size(rng));
            if (!spread_work.done()) spread_work.add_rows(size(rng));
            if (!shift.value.done()) shift.value.add_rows(size(rng));
            ++pieces;
        }
        CHECK(pieces > 3);
        CHECK(identity.value.result().cells == whole_identity.value.cells);
        CHECK(identity.value.result().max_abs_difference == whole_identity.value.max_abs_difference);
        CHECK(spread_work.result() == spread);
        const auto piecewise = shift.value.result();
        REQUIRE(piecewise.ok());
        CHECK(piecewise.value.cells == whole_shift.value.cells);
        CHECK(piecewise.value.change == whole_shift.value.change);
        CHECK(piecewise.value.rms_difference == whole_shift.value.rms_difference);
        CHECK(piecewise.value.max_abs_difference == whole_shift.value.max_abs_difference);
    }
    // Refused as the whole functions refuse.
    CHECK(mentions(SubsampleWork::start(strided, dense, s.stride).error, "not a subsampling"));
    CHECK(mentions(ShiftCompareWork::start(base.value[2].plan, dense, moved.value.output, 2, 1, spread).error, "output size"));
    // Pieces past the end add nothing.
    auto again = SubsampleWork::start(dense, strided, s.stride);
    again.value.add_rows(again.value.rows() + 100);
    again.value.add_rows(5);
    CHECK(again.value.result().cells == whole_identity.value.cells);
}
