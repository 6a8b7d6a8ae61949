// image_mode_test.cpp -- image mode's model (teach/image_mode.hpp) without a window: the routes it
// shows equal run_routes, work comes in pieces (route 2 first), the cards' sizes, costs, times and
// sentences, the identity, the shift figure, the value under the cursor and its window, the walk
// on the region around an output pixel (its numbers are the route's), the user's own picture, a
// refused layer, and the claims of the image lessons.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "image/image.hpp"
#include "image/routes.hpp"
#include "teach/image_mode.hpp"
#include "teach/url.hpp"

using namespace strideconv;
using namespace strideconv::teach;
using image::Route;

namespace {

// A clock that moves 1 ms on every reading: budgets become counts of readings, timings exact.
image::Clock ticking_clock() {
    auto now = std::make_shared<double>(0);
    return [now] { return *now += 1.0; };
}

Config image_config(const std::string& query) {
    const Decoded d = decode_query(query);
    CAPTURE(query);
    for (const auto& n : d.notices) MESSAGE(n);
    CHECK(d.notices.empty());
    return d.config;
}

void finish(ImageModel& m, const image::Clock& clock = ticking_clock()) {
    for (int k = 0; k < 100000 && m.busy(); ++k) m.work(1000, clock);
    REQUIRE_FALSE(m.busy());
}

const RouteCard* card(const ImageModel& m, Route r) {
    for (const RouteCard& c : m.cards())
        if (c.route == r) return &c;
    return nullptr;
}

float max_abs_difference(const Tensor& a, const Tensor& b) {
    if (a.c != b.c || a.h != b.h || a.w != b.w) return INFINITY;
    float d = 0;
    for (size_t i = 0; i < a.data.size(); ++i) d = std::max(d, std::abs(a.data[i] - b.data[i]));
    return d;
}

image::RouteSettings settings_of(const Config& c) {
    image::RouteSettings s;
    const Pad4 p = effective_padding(c);
    s.kernel = image::kernel_weight(c.kernel[0], c.kernel[1], c.w);
    s.padding = Padding::sides(p.top, p.bottom, p.left, p.right);
    s.padding_mode = c.padding_mode;
    s.stride = c.stride;
    s.blur = c.image.blur;
    return s;
}

}  // namespace

TEST_CASE("image model: the routes shown are run_routes' on the picture") {
    const Config c = image_config("view=image&image=scene&image_size=48x40&kernel_preset=sobel_x&padding=1&stride=2&blur=4");
    ImageModel m;
    CHECK(m.set_config(c));
    CHECK(m.busy());
    CHECK(m.picture() == nullptr);
    finish(m);
    CHECK(m.error() == "");
    REQUIRE(m.picture());
    CHECK(m.picture()->pixels.c == 3);
    CHECK(m.picture()->pixels.h == 48);
    CHECK(m.picture()->pixels.w == 40);
    CHECK(m.picture_title() == "scene, 48 x 40, 3 channels (RGB)");
    auto want = image::run_routes(image::all_routes(), m.picture()->pixels, settings_of(c));
    REQUIRE(want.ok());
    REQUIRE(m.cards().size() == 5);
    for (size_t k = 0; k < 5; ++k) {
        CAPTURE(k);
        const RouteCard& rc = m.cards()[k];
        CHECK(rc.number == int(k) + 1);
        REQUIRE(rc.ready);
        CHECK(max_abs_difference(*rc.output, want.value[k].output) == 0.0f);
        CHECK(rc.out_h == want.value[k].plan.out_h);
        CHECK(rc.macs == want.value[k].plan.macs());
        CHECK(rc.runs == kTimingRuns);
        CHECK(rc.time_line.find("(median of 5 runs)") != std::string::npos);
    }
    // Setting the same configuration again computes nothing.
    CHECK_FALSE(m.set_config(c));
    CHECK_FALSE(m.busy());
    CHECK(m.take_finished());
    CHECK_FALSE(m.take_finished());
}

TEST_CASE("image model: work comes in pieces; route 2 is ready first; progress grows") {
    const Config c = image_config("view=image&image=zoneplate&image_size=64&kernel=5&kernel_preset=gaussian&padding=2&stride=2");
    ImageModel m;
    m.set_config(c);
    const auto clock = ticking_clock();
    int pieces = 0;
    while (!m.picture() && pieces < 1000) {
        m.work(0, clock);  // the picture, a band of rows at a time
        ++pieces;
    }
    REQUIRE(m.picture());
    CHECK(pieces > 2);
    CHECK(m.picture()->pixels.h == 64);
    bool stride_first = false;
    double last_progress = -1;
    for (int k = 0; k < 100000 && m.busy(); ++k) {
        CHECK(m.progress() >= last_progress);
        last_progress = m.progress();
        m.work(0, clock);
        const RouteCard* s2 = card(m, Route::stride);
        const RouteCard* s1 = card(m, Route::stride1);
        if (s2->ready && !s1->ready) stride_first = true;
        CHECK((!s1->ready || s2->ready));
    }
    CHECK(stride_first);
    CHECK(m.progress() == 1.0);
}

TEST_CASE("image model: cards say size, formula, cost, time and speed; the identity holds") {
    ImageModel m;
    m.set_config(*lesson_config("zoneplate-stride2"));
    finish(m);
    const RouteCard* r1 = card(m, Route::stride1);
    const RouteCard* r2 = card(m, Route::stride);
    const RouteCard* r3 = card(m, Route::pool_max);
    const RouteCard* r5 = card(m, Route::blurpool);
    REQUIRE((r1 && r2 && r3 && r5));
    CHECK(r1->title == "conv stride 1");
    CHECK(r2->title == "conv stride 2");
    CHECK(r2->size_line == "128 x 128");
    CHECK(r2->formula_rows == "rows: floor((256 + 1 + 1 - 3) / 2) + 1 = 128");
    CHECK(r2->cost_line == "147,456 MACs");
    CHECK(r1->cost_line == "589,824 MACs");
    CHECK(r3->cost_line == "655,360 = 589,824 conv MACs + 65,536 window reads");
    CHECK(r5->cost_line.find("blur MACs") != std::string::npos);
    // The ticking clock makes every stage 1 ms: route 2 is as fast as route 1 here.
    CHECK(r2->speed_line == "against conv stride 1: 4.0x fewer MACs, 1.0x faster here");
    CHECK(r3->speed_line == "conv stride 2: 4.4x fewer MACs, 2.0x faster here");
    REQUIRE(m.identity());
    CHECK(m.identity()->max_abs_difference == 0.0f);
    CHECK(m.identity()->cells == 128 * 128);
    REQUIRE(!m.lines().empty());
    CHECK(m.lines()[0].text == "Route 2 is route 1 sampled at every 2nd row and column (starting at 0): max |difference| = 0 over 16,384 values.");
    // Zone plate through an identity kernel: values in [0, 1], shown as they are.
    CHECK(m.output_map().kind == image::ValueMap::Kind::unit);
}

TEST_CASE("image model: signed outputs get the diverging map around zero, one scale for all") {
    ImageModel m;
    m.set_config(image_config("view=image&image=checker&image_size=32&kernel_preset=sobel_x&padding=1&stride=2"));
    finish(m);
    const DisplayMap& map = m.output_map();
    CHECK(map.kind == image::ValueMap::Kind::signed_around_zero);
    CHECK(map.diverging);
    CHECK(map.scale == 4.0f);  // a sobel on a 0/1 checkerboard reaches +-4
    CHECK(map.low == "-4");
    CHECK(map.middle == "0");
    CHECK(map.high == "4");
    CHECK(map.description.find("never clipped") != std::string::npos);
}

TEST_CASE("image model: the shift figure, with the moved picture on screen") {
    ImageModel m;
    const Config c = *lesson_config("why-blurpool");
    m.set_config(c);
    finish(m);
    REQUIRE(m.picture());
    // The picture on screen is the moved one: down 1, right 1.
    image::SourceDesc d;
    d.kind = image::SourceKind::zoneplate;
    auto original = image::make_source(d);
    REQUIRE(original.ok());
    CHECK(m.picture()->pixels.at(0, 5, 5) == original.value.pixels.at(0, 4, 4));
    CHECK(m.pixel(-1, 0, 0).values[0] == original.value.pixels.at(0, 0, 0));
    const RouteCard* r1 = card(m, Route::stride1);
    const RouteCard* r2 = card(m, Route::stride);
    const RouteCard* r5 = card(m, Route::blurpool);
    REQUIRE((r1->shift_change && r2->shift_change && r5->shift_change));
    CHECK(*r1->shift_change == 0.0);  // stride 1 moves by whole pixels
    // The lesson's claim: plain stride changes a lot, BlurPool much less.
    CHECK(*r2->shift_change > 0.5);
    CHECK(*r5->shift_change < 0.5 * *r2->shift_change);
    CHECK(r2->shift_line.rfind("shift (1, 1): output changes ", 0) == 0);
    bool explained = false;
    for (const Line& l : m.lines()) explained = explained || l.text.find("Nyquist") != std::string::npos;
    CHECK(explained);
    // Changing only the shift keeps the timed routes.
    Config back = c;
    back.image.shift = {0, 0};
    CHECK(m.set_config(back));
    CHECK_FALSE(m.busy());
    CHECK(card(m, Route::stride)->shift_line.empty());
}

TEST_CASE("image model: the figures come a piece at a time, after the first run, equal to the whole figures") {
    // A 2048 x 2048 RGB picture's figures read 12.6 M values each: never several in one frame.
    ImageModel m;
    m.set_config(image_config("view=image&image=scene&image_size=160x150&color=rgb&kernel=5&kernel_preset=gaussian"
                              "&padding=2&stride=2&shift=1,1&blur=4"));
    const auto clock = ticking_clock();
    int calls = 0, most_new_in_one_call = 0, shift_figures = 0;
    bool first_runs_before_figures = true;
    while (m.busy() && calls < 100000) {
        m.work(2, clock);  // a budget of two clock readings: one piece of work per call
        ++calls;
        int now = 0;
        for (const RouteCard& c : m.cards()) now += c.shift_change ? 1 : 0;
        most_new_in_one_call = std::max(most_new_in_one_call, now - shift_figures);
        if (now > 0 && shift_figures == 0) {
            // The shift figures wait for every route's first run on both pictures.
            for (const RouteCard& c : m.cards()) first_runs_before_figures = first_runs_before_figures && c.ready && c.runs > 0;
        }
        shift_figures = now;
    }
    REQUIRE_FALSE(m.busy());
    CHECK(first_runs_before_figures);
    CHECK(shift_figures == 5);
    CHECK(most_new_in_one_call == 1);

    // The same figures as the whole functions give.
    const image::RouteWork& main = m.routes_work();
    const int k1 = main.index_of(Route::stride1), k2 = main.index_of(Route::stride);
    REQUIRE((k1 >= 0 && k2 >= 0 && m.identity()));
    const auto identity = image::stride_subsample_identity(main.run(size_t(k1)).output, main.run(size_t(k2)).output, {2, 2});
    REQUIRE(identity.ok());
    CHECK(m.identity()->cells == identity.value.cells);
    CHECK(m.identity()->max_abs_difference == identity.value.max_abs_difference);
    const double spread = image::spread_of(main.run(size_t(k1)).output);
    for (const RouteCard& c : m.cards()) {
        CAPTURE(image::to_string(c.route));
        const int k = main.index_of(c.route);
        REQUIRE((k >= 0 && c.output && c.shift_change));
        const auto whole = image::compare_shifted(main.run(size_t(k)).plan, main.run(size_t(k)).output, *c.output, 1, 1, spread);
        REQUIRE(whole.ok());
        CHECK(*c.shift_change == whole.value.change);
    }
}

TEST_CASE("zoneplate-stride2: stride and max pooling alias more than average pooling and BlurPool") {
    const Config c = *lesson_config("zoneplate-stride2");
    CHECK(c.view == View::image);
    ImageModel m;
    m.set_config(c);
    finish(m);
    const image::RouteSettings s = m.settings();
    auto change = [&](Route r) {
        auto v = image::shift_change_all(r, m.picture()->pixels, s);
        REQUIRE(v.ok());
        return v.value.change;
    };
    const double stride = change(Route::stride), max_pool = change(Route::pool_max);
    const double avg_pool = change(Route::pool_avg), blur = change(Route::blurpool);
    CHECK(stride > 2 * blur);
    CHECK(max_pool > avg_pool);
    CHECK(avg_pool > blur);
}

TEST_CASE("pool-vs-stride-photo: the same size for about a quarter of the MACs") {
    ImageModel m;
    m.set_config(*lesson_config("pool-vs-stride-photo"));
    finish(m);
    CHECK(m.picture()->pixels.c == 1);  // gray
    const RouteCard* r2 = card(m, Route::stride);
    const RouteCard* r3 = card(m, Route::pool_max);
    CHECK(r2->size_line == r3->size_line);
    const double ratio = double(r2->macs) / double(r3->macs);
    CHECK(ratio > 0.2);
    CHECK(ratio < 0.3);
}

TEST_CASE("image model: the value under the cursor and the window it reads") {
    ImageModel m;
    m.set_config(image_config("view=image&image=stripes&image_size=40&kernel=3&padding=1&stride=2"));
    finish(m);
    const PixelInfo in = m.pixel(-1, 3, 7);
    REQUIRE(in.valid);
    CHECK(in.text.rfind("picture row 3, col 7: ", 0) == 0);
    const PixelInfo out = m.pixel(1, 0, 5);  // route 2
    REQUIRE(out.valid);
    CHECK(out.values[0] == card(m, Route::stride)->output->at(0, 0, 5));
    CHECK(out.window.first_row == -1);
    CHECK(out.window.last_row == 1);
    CHECK(out.window.first_col == 9);
    CHECK(out.window.last_col == 11);
    CHECK(out.text.find("reads picture rows -1..1, cols 9..11 (partly padding)") != std::string::npos);
    CHECK_FALSE(m.pixel(1, 20, 0).valid);
    CHECK_FALSE(m.pixel(7, 0, 0).valid);
}

TEST_CASE("image model: the walk on the region shows the route's own numbers, every colour channel") {
    const char* modes[] = {"zeros", "reflect", "replicate", "circular"};
    for (const char* mode : modes) {
        for (const char* layer : {"kernel=3&padding=1&stride=2", "kernel=5x3&padding=2,1,0,1&stride=3x2&blur=5",
                                  "kernel=7&kernel_preset=gaussian&padding=3&stride=2&blur=2"}) {
            const std::string q = std::string("view=image&image=scene&image_size=70x61&padding_mode=") + mode + "&" + layer;
            CAPTURE(q);
            const Config c = image_config(q);
            ImageModel m;
            m.set_config(c);
            finish(m);
            const auto& work = m.routes_work();
            const Tensor& dense = work.run(size_t(work.index_of(Route::stride1))).output;
            for (Route r : image::all_routes()) {
                const RouteCard* rc = card(m, r);
                REQUIRE(rc);
                for (const std::pair<int, int>& at : {std::pair<int, int>{0, 0}, {rc->out_h - 1, rc->out_w - 1}, {rc->out_h / 2, 1}}) {
                    // Plain ints: C++17 lambdas (in doctest's macros) cannot capture structured bindings.
                    const int row = at.first, col = at.second;
                    CAPTURE(image::to_string(r));
                    CAPTURE(row);
                    CAPTURE(col);
                    auto link = m.walk_link(c, r, row, col);
                    REQUIRE(link);
                    const Config& w = link->config;
                    CHECK(w.view == View::walk);
                    CHECK(w.input[0] <= kMaxGrid);
                    CHECK(w.input[1] <= kMaxGrid);
                    Lesson l;
                    l.set_config(w);
                    CHECK(l.notices.empty());
                    REQUIRE(l.error.empty());
                    CHECK(l.config().step == w.step);
                    const CellIndex cell = l.step_cell(w.step);
                    // Every channel of the picture is an input channel of a depthwise walk.
                    const int planes = m.picture()->pixels.c;
                    CHECK(planes == 3);  // the scene is a colour picture
                    CHECK(w.channels.in_channels == planes);
                    CHECK(w.channels.out_channels == planes);
                    CHECK(w.channels.groups == planes);
                    REQUIRE(l.output.c == planes);
                    for (int ch = 0; ch < planes; ++ch) {
                        CAPTURE(ch);
                        const float walked = l.output.at(ch, cell.row, cell.col);
                        if (r == Route::stride) {
                            CHECK(walked == doctest::Approx(rc->output->at(ch, row, col)).epsilon(1e-5));
                        } else {
                            // The first conv output the route's pixel combines.
                            const image::InputWindow win = image::route_window(work.run(size_t(work.index_of(r))).plan, row, col);
                            const Pad4 p = effective_padding(c);
                            int dr = std::max(0, win.first_row + p.top), dc = std::max(0, win.first_col + p.left);
                            if (r == Route::stride1) dr = row, dc = col;
                            dr = std::min(dr, dense.h - 1);
                            dc = std::min(dc, dense.w - 1);
                            CHECK(walked == doctest::Approx(dense.at(ch, dr, dc)).epsilon(1e-5));
                        }
                    }
                    CHECK(link->notice.find("Choose Image") != std::string::npos);
                }
            }
        }
    }
}

TEST_CASE("image model: a large own picture is copied in bands, exactly, its description kept") {
    image::Image own;
    own.pixels = Tensor::zeros(3, 300, 257);
    for (size_t i = 0; i < own.pixels.data.size(); ++i) own.pixels.data[i] = float((i * 7919) % 1000) / 999.0f;
    own.source = "big.png";
    own.original_height = 600;
    own.original_width = 514;
    own.original_channels = 4;
    own.bit_depth = 16;
    own.notices.push_back(Message::literal("scaled down"));
    ImageModel m;
    Config c = image_config("view=image&kernel=3&padding=1&stride=2&color=rgb");
    c = m.set_own_picture(own, c);
    const auto clock = ticking_clock();
    int calls = 0;
    while (!m.picture() && calls < 1000) {
        m.work(2, clock);
        ++calls;
    }
    REQUIRE(m.picture());
    CHECK(calls > 2);  // bands of rows, not one 50 MB copy in a frame (at 2048 x 2048 RGB)
    CHECK(m.picture()->pixels.c == 3);
    CHECK(m.picture()->pixels.data == own.pixels.data);
    CHECK(m.picture()->source == "big.png");
    CHECK(m.picture()->original_height == 600);
    CHECK(m.picture()->original_width == 514);
    CHECK(m.picture()->original_channels == 4);
    CHECK(m.picture()->bit_depth == 16);
    REQUIRE(m.notices().size() == 1);
    CHECK(m.notices()[0].english() == "scaled down");
}

TEST_CASE("image model: the user's own picture; a refused layer says why") {
    std::vector<uint8_t> rgba(20 * 12 * 4, 0);
    for (size_t i = 0; i < rgba.size(); ++i) rgba[i] = static_cast<uint8_t>((i * 37) % 256);
    for (size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;
    image::ImportOptions o;
    auto picture = image::from_pixels8(rgba.data(), 20, 12, 4, o);
    REQUIRE(picture.ok());
    picture.value.source = "mine.png";
    ImageModel m;
    Config c = image_config("view=image&kernel=3&padding=1&stride=2&color=gray");
    m.set_config(c);
    c = m.set_own_picture(picture.value, c);
    CHECK(c.image.own_file);
    CHECK(m.has_own_picture());
    finish(m);
    REQUIRE(m.picture());
    CHECK(m.picture()->pixels.c == 1);
    CHECK(m.picture()->pixels.h == 12);
    CHECK(m.picture()->pixels.w == 20);
    CHECK(m.picture_title() == "your picture mine.png, 12 x 20, 1 channel (gray)");
    CHECK(card(m, Route::stride)->size_line == "6 x 10");
    CHECK(m.picture()->original_channels == 4);
    CHECK(m.picture()->pixels.data == image::to_luma(picture.value.pixels).data);
    // A link cannot carry it.
    const std::string q = encode_query(c);
    CHECK(q.find("image=file") != std::string::npos);
    const Decoded d = decode_query(q);
    CHECK_FALSE(d.config.image.own_file);
    REQUIRE(d.notices.size() == 1);
    CHECK(d.notices[0].find("cannot travel in a link") != std::string::npos);
    // ... but the app's own state keeps it when a host merges parameters in.
    const Decoded merged = apply_query(c, "image=file&stride=3");
    CHECK(merged.config.image.own_file);
    CHECK(merged.notices.empty());

    // A layer that does not fit the picture is refused, with the route named: a 9x9 kernel leaves
    // 4 rows, fewer than an 8x8 pool needs.
    Config big = c;
    big.kernel = {9, 9};
    big.kernel_preset = "ones";
    big.padding = {0, 0, 0, 0};
    big.stride = {8, 8};
    normalize(big);
    m.set_config(big);
    finish(m);
    CHECK(m.error().find("Image mode refuses this layer: pool-max") != std::string::npos);
    CHECK_FALSE(m.busy());
    for (const RouteCard& rc : m.cards()) CHECK_FALSE(rc.ready);
}

TEST_CASE("image model: routes= picks the cards; a picture made once serves every layer") {
    ImageModel m;
    Config c = image_config("view=image&image=text&image_size=48&routes=stride,blurpool&stride=2");
    m.set_config(c);
    finish(m);
    REQUIRE(m.cards().size() == 2);
    CHECK(m.cards()[0].route == Route::stride);
    CHECK(m.cards()[1].route == Route::blurpool);
    const uint64_t picture = m.picture_key();
    c.stride = {3, 3};
    CHECK(m.set_config(c));
    finish(m);
    CHECK(m.picture_key() == picture);
    CHECK(m.cards()[0].size_line == "16 x 16");
}

TEST_CASE("image model: a picture drawn, made gray and moved in bands is the picture made whole") {
    for (const char* q : {"view=image&image=scene&image_size=150x97&color=gray&stride=3&shift=2x1",
                          "view=image&image=zoneplate&image_size=201x64&stride=2&shift=1",
                          "view=image&image=text&image_size=70x190&stride=2",
                          "view=image&image=checker&image_size=33x65&stride=4&shift=3x0",
                          "view=image&image=photo:brick&image_size=40&color=gray&stride=2&shift=0x1"}) {
        CAPTURE(q);
        const Config c = image_config(q);
        ImageModel m;
        m.set_config(c);
        const auto clock = ticking_clock();
        for (int k = 0; k < 100000 && m.busy(); ++k) m.work(0, clock);  // one piece at a time
        REQUIRE(m.picture());
        image::SourceDesc d;
        d.kind = c.image.source;
        d.height = c.image.size[0];
        d.width = c.image.size[1];
        d.photo = c.image.photo;
        auto whole = image::make_source(d);
        REQUIRE(whole.ok());
        const Tensor want = image::shift_image(image::with_color(whole.value.pixels, c.image.color), c.image.shift[0],
                                               c.image.shift[1]);
        CHECK(max_abs_difference(m.picture()->pixels, want) == 0.0f);
    }
}

TEST_CASE("make_source_rows: any band of rows is those rows of the whole picture") {
    for (image::SourceKind k : image::source_kinds()) {
        if (!image::source_draws_in_rows(k)) continue;
        image::SourceDesc d;
        d.kind = k;
        d.height = 45;
        d.width = 38;
        auto whole = image::make_source(d);
        REQUIRE(whole.ok());
        for (const std::pair<int, int>& band_rows : {std::pair<int, int>{0, 45}, {0, 1}, {7, 19}, {44, 45}}) {
            const int y0 = band_rows.first, y1 = band_rows.second;
            CAPTURE(image::to_string(k));
            CAPTURE(y0);
            auto band = image::make_source_rows(d, y0, y1);
            REQUIRE(band.ok());
            REQUIRE(band.value.h == y1 - y0);
            float d_max = 0;
            for (int c = 0; c < band.value.c; ++c)
                for (int y = y0; y < y1; ++y)
                    for (int x = 0; x < d.width; ++x)
                        d_max = std::max(d_max, std::abs(band.value.at(c, y - y0, x) - whole.value.pixels.at(c, y, x)));
            CHECK(d_max == 0.0f);
        }
        CHECK_FALSE(image::make_source_rows(d, 40, 46).ok());
        CHECK_FALSE(image::make_source_rows(d, 5, 5).ok());
    }
    image::SourceDesc photo;
    photo.kind = image::SourceKind::photo;
    CHECK_FALSE(image::make_source_rows(photo, 0, 1).ok());
}

TEST_CASE("image model in German and French: cards, sentences and the walk's notice; a language change rewords them") {
    teach::clear_untranslated();
    ImageModel m;
    Config c = *lesson_config("zoneplate-stride2");
    m.set_config(c);
    finish(m);
    const std::string english_speed = card(m, Route::stride)->speed_line;
    c.lang = Lang::de;
    const uint64_t revision = m.revision();
    CHECK(m.set_config(c));  // the same computation, other words
    CHECK(m.revision() != revision);
    const RouteCard* r2 = card(m, Route::stride);
    const RouteCard* r3 = card(m, Route::pool_max);
    REQUIRE((r2 && r3));
    CHECK(r2->title == "conv Schrittweite 2");
    CHECK(r2->formula_rows == "Zeilen: floor((256 + 1 + 1 - 3) / 2) + 1 = 128");
    CHECK(r2->cost_line == "147.456 MACs");
    CHECK(r3->cost_line == "655.360 = 589.824 conv-MACs + 65.536 Fensterlesezugriffe");
    CHECK(r2->speed_line == "gegen\xC3\xBC" "ber conv Schrittweite 1: 4,0x weniger MACs, 1,0x schneller hier");
    CHECK(r3->formula_rows.find("; Max-Pooling: floor(") != std::string::npos);
    CHECK(m.lines()[0].text ==
          "Weg 2 ist Weg 1, abgetastet in jeder 2. Zeile und jeder 2. Spalte (ab 0): der gr\xC3\xB6\xC3\x9F" "te Betrag der Differenz ist 0 "
          "\xC3\xBC" "ber 16.384 Werte.");
    auto link = m.walk_link(c, Route::pool_max, 3, 4);
    REQUIRE(link);
    CHECK(link->notice.rfind("Der Durchlauf zeigt die Bildzeilen ", 0) == 0);
    CHECK(link->notice.find("von Weg 3 (conv + Max-Pooling 2x2 / 2).") != std::string::npos);
    c.lang = Lang::fr;
    m.set_config(c);
    CHECK(card(m, Route::stride)->title == "conv pas 2");
    CHECK(m.walk_link(c, Route::blurpool, 3, 4)->notice.find(" Choisissez Image sous Vue pour revenir.") != std::string::npos);
    for (const Line& l : m.lines()) CHECK(!l.text.empty());
    CHECK(teach::untranslated().empty());
    // Back in English: the same words as before, byte for byte.
    c.lang = Lang::en;
    m.set_config(c);
    CHECK(card(m, Route::stride)->speed_line == english_speed);
}

TEST_CASE("image model: its refusal and the picture's notices are keys and parameters, worded in the language of the moment") {
    // The user's own 12x12 picture, with one translucent pixel, under a 9x9 kernel at stride 8: the
    // conv leaves 4 rows, fewer than the 8x8 pool window needs, so the layer is refused.
    std::vector<uint8_t> pixels(12 * 12 * 4, 200);
    pixels[3] = 128;
    auto picture = image::from_pixels8(pixels.data(), 12, 12, 4, {});
    REQUIRE(picture.ok());
    ImageModel m;
    Config c = m.set_own_picture(picture.value, image_config("view=image&kernel=9&stride=8&lang=de"));
    finish(m);
    REQUIRE_FALSE(m.error().empty());
    CHECK(m.error_message().english().find("Image mode refuses this layer: pool-max: the conv output is smaller than the pool window") == 0);
    CHECK(m.error().find("Der Bildmodus lehnt diese Schicht ab: pool-max: die Ausgabe der Faltung ist kleiner als das Pooling-Fenster") == 0);
    // The same layer in French: nothing is computed again, and the refusal speaks French now (it
    // kept the German it was made in before).
    c.lang = Lang::fr;
    m.set_config(c);
    CHECK_FALSE(m.busy());
    CHECK(m.error().find("Le mode image refuse cette couche\xC2\xA0: pool-max\xC2\xA0: la sortie de la convolution") == 0);
    CHECK(say(Lang::en, m.error_message()) == m.error_message().english());
    // The picture's notice too is worded when it is said.
    REQUIRE(m.notices().size() == 1);
    CHECK(m.notices()[0].english() == "The image has transparent pixels; they were placed on white.");
    CHECK(say(Lang::de, m.notices()[0]) == "Das Bild hat durchsichtige Pixel; sie wurden auf Wei\xC3\x9F gesetzt.");
    CHECK(say(Lang::fr, m.notices()[0]) == "L'image a des pixels transparents\xE2\x80\xAF; ils ont \xC3\xA9t\xC3\xA9 pos\xC3\xA9s sur du blanc.");
}
