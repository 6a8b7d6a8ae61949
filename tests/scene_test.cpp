// scene_test.cpp -- what the views draw (teach::build_scene), checked against the core at every
// step of every lesson and variant: values against the traces and the op's output, padding
// against what the traces read there, marks against the cells the windows read and the floor's
// geometry, window cells against the trace's taps, the trail against the window origins.
#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "teach/scene.hpp"
#include "test_configs.hpp"

using namespace strideconv;
using namespace strideconv::teach;

namespace {

bool same_value(float a, float b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Cells every window reads directly (not through a padding copy), from the traces alone.
std::set<std::pair<int, int>> cells_read(const Lesson& l) {
    std::set<std::pair<int, int>> read;
    for (int st = 0; st < l.steps(); ++st)
        for (const Tap& t : on_shown_channel(l.trace(st).value, l.config()).taps)
            if (t.source == TapSource::input) read.insert({t.y, t.x});
    return read;
}

}  // namespace

TEST_CASE("scene cells: values, texts and marks agree with the core's traces and the floor's geometry") {
    for (const auto& variant : variants()) {
        const std::string& name = variant.first;
        const Config& config = variant.second;
        CAPTURE(name);
        Lesson l;
        l.set_config(config);
        REQUIRE(l.error.empty());
        const Config& c = l.config();
        const int H = c.input[0], W = c.input[1];
        const auto read = cells_read(l);
        // The last row/column any window covers (padding included), from the traces: input cells
        // after it are dropped by the floor; unread cells before it are skipped between windows.
        int last_row = -1000, last_col = -1000;
        for (int st = 0; st < l.steps(); ++st)
            for (const Tap& t : on_shown_channel(l.trace(st).value, l.config()).taps) {
                last_row = std::max(last_row, t.y);
                last_col = std::max(last_col, t.x);
            }
        for (int step = 0; step < l.steps(); ++step) {
            CAPTURE(step);
            SceneOptions o;
            o.step = o.window_step = step;
            const Scene s = build_scene(l, o);
            const SceneGrid& in = s.input;
            CHECK(in.inner_rows == H);
            CHECK(in.inner_cols == W);
            for (int py = 0; py < in.rows; ++py)
                for (int px = 0; px < in.cols; ++px) {
                    const SceneCell& cell = in.at(py, px);
                    const int y = py - in.origin_row, x = px - in.origin_col;
                    CHECK(cell.text == format_number(cell.value));
                    if (y < 0 || y >= H || x < 0 || x >= W) {
                        CHECK(cell.mark == Mark::padding);
                        continue;
                    }
                    CHECK(cell.value == c.x[static_cast<size_t>(y * W + x)]);
                    const bool is_read = read.count({y, x}) > 0;
                    const Mark want = is_read ? Mark::input : (y > last_row || x > last_col) ? Mark::dropped : Mark::skipped;
                    CHECK_MESSAGE(cell.mark == want, "input (" << y << ", " << x << ")");
                    if (cell.mark == Mark::dropped)
                        CHECK((y >= H - l.shape.rows.dropped_input || x >= W - l.shape.cols.dropped_input));
                }

            // The window: the trace's taps, weights included; padding shows what the taps read.
            const CellTrace t = on_shown_channel(l.trace(step).value, l.config());
            REQUIRE(s.window.size() == t.taps.size());
            for (size_t k = 0; k < t.taps.size(); ++k) {
                const Tap& tap = t.taps[k];
                CHECK(s.window[k].at == InputPos{tap.y, tap.x});
                CHECK(s.window[k].weight == tap.weight);
                const int py = tap.y + in.origin_row, px = tap.x + in.origin_col;
                if (py < 0 || py >= in.rows || px < 0 || px >= in.cols) continue;  // ceil_mode: past the padding
                const SceneCell& cell = in.at(py, px);
                CHECK_MESSAGE(same_value(cell.value, tap.value), "tap (" << tap.y << ", " << tap.x << ")");
                if (tap.source != TapSource::input) {
                    CHECK(cell.mark == Mark::padding);
                    CHECK(cell.src_y == tap.src_y);
                    CHECK(cell.src_x == tap.src_x);
                }
            }

            // Output: written up to this step with the traced results, pending after it.
            const SceneGrid& out = s.output;
            REQUIRE(out.rows == l.output.h);
            REQUIRE(out.cols == l.output.w);
            for (int st = 0; st < l.steps(); ++st) {
                const CellIndex ci = l.step_cell(st);
                const SceneCell& cell = out.at(ci.row, ci.col);
                if (st <= step) {
                    CHECK(cell.mark == Mark::written);
                    const float want = on_shown_channel(l.trace(st).value, l.config()).result;
                    CHECK(same_value(cell.value, want));
                    CHECK(same_value(cell.value, l.output.at(0, ci.row, ci.col)));
                    CHECK(cell.text == format_number(want));
                } else {
                    CHECK(cell.mark == Mark::pending);
                    CHECK(cell.text.empty());
                }
            }
            REQUIRE(s.current.has_value());
            CHECK(*s.current == OutputPos{t.cell.row, t.cell.col});

            // Trail: one window origin per step, in walk order.
            REQUIRE(s.trail.size() == static_cast<size_t>(l.steps()));
            for (int st = 0; st < l.steps(); ++st) {
                const CellTrace ts = on_shown_channel(l.trace(st).value, l.config());
                CHECK(s.trail[static_cast<size_t>(st)].at == InputPos{ts.origin_y, ts.origin_x});
                CHECK(s.trail[static_cast<size_t>(st)].past == (st <= step));
            }
            if (step > 0) {
                REQUIRE(s.jump.has_value());
                CHECK(s.jump->to == InputPos{t.origin_y, t.origin_x});
                const int stride = s.jump->down ? c.stride[0] : c.stride[1];
                CHECK(s.jump->text == "+" + std::to_string(stride));
                CHECK(s.jump->to.y - s.jump->from.y == (s.jump->down ? stride : 0));
                CHECK(s.jump->to.x - s.jump->from.x == (s.jump->down ? 0 : stride));  // down: from the row's first window
            } else {
                CHECK_FALSE(s.jump.has_value());
            }
        }
    }
}

TEST_CASE("scene kernel: weights for conv, slots for pools; titles name each grid") {
    Lesson l;
    l.set_config(*lesson_config("resnet-downsample"));
    Scene s = build_scene(l, {});
    CHECK(s.input.title == "Input 8x8 (padded 10x10)");
    CHECK(s.kernel.title == "Kernel 3x3");
    CHECK(s.output.title == "Output 4x4");
    for (int k = 0; k < 9; ++k) {
        CHECK(s.kernel.cells[static_cast<size_t>(k)].mark == Mark::weight);
        CHECK(s.kernel.cells[static_cast<size_t>(k)].value == l.config().w[static_cast<size_t>(k)]);
    }
    l.set_config(*lesson_config("pool-vs-stride"));
    s = build_scene(l, {});
    CHECK(s.kernel.title == "Max window 2x2");
    CHECK(s.kernel.cells[0].mark == Mark::pool_tap);
    CHECK(s.kernel.cells[0].text == "max");
    CHECK(s.input.title == "Input 8x8");
}

TEST_CASE("scene hover: an output cell shows its window, an input cell its readers, a weight its input") {
    for (const auto& variant : variants()) {
        const std::string& name = variant.first;
        const Config& config = variant.second;
        CAPTURE(name);
        Lesson l;
        l.set_config(config);
        const Config& c = l.config();
        SceneOptions o;
        o.step = o.window_step = l.steps() / 2;
        // Every output cell: the hovered window is that cell's trace.
        for (int st = 0; st < l.steps(); ++st) {
            const CellIndex ci = l.step_cell(st);
            o.hover = {SceneHover::output, ci.row, ci.col};
            const Scene s = build_scene(l, o);
            const CellTrace t = on_shown_channel(l.trace(st).value, l.config());
            REQUIRE(s.hover_window.size() == t.taps.size());
            for (size_t k = 0; k < t.taps.size(); ++k) CHECK(s.hover_window[k] == InputPos{t.taps[k].y, t.taps[k].x});
            CHECK(s.tooltip.find("(step " + std::to_string(st + 1) + ")") != std::string::npos);
        }
        // Every input cell: its readers are exactly the output cells whose trace reads it.
        for (int y = 0; y < c.input[0]; ++y)
            for (int x = 0; x < c.input[1]; ++x) {
                o.hover = {SceneHover::input, y, x};
                const Scene s = build_scene(l, o);
                std::set<std::pair<int, int>> want;
                for (int st = 0; st < l.steps(); ++st)
                    for (const Tap& t : on_shown_channel(l.trace(st).value, l.config()).taps)
                        if (t.src_y == y && t.src_x == x) want.insert({l.step_cell(st).row, l.step_cell(st).col});
                std::set<std::pair<int, int>> got;
                for (const OutputPos& r : s.readers) got.insert({r.row, r.col});
                CHECK_MESSAGE(got == want, "input (" << y << ", " << x << ")");
                REQUIRE(s.hover_input.has_value());
                CHECK(*s.hover_input == InputPos{y, x});
            }
        // Every kernel weight (conv): the input cell it multiplies at this step.
        if (c.op == Op::conv2d) {
            const CellTrace t = on_shown_channel(l.trace(o.step).value, l.config());
            for (const Tap& tap : t.taps) {
                o.hover = {SceneHover::kernel, tap.ky, tap.kx};
                const Scene s = build_scene(l, o);
                REQUIRE(s.weight_target.has_value());
                CHECK(*s.weight_target == InputPos{tap.y, tap.x});
            }
        }
    }
}

TEST_CASE("scene for a refused layer: the configuration drawn, no output and no windows") {
    Lesson l;
    Config c;
    c.pad_preset = PadPreset::same;
    c.stride = {2, 2};
    l.set_config(c);
    REQUIRE_FALSE(l.error.empty());
    SceneOptions o;
    o.hover = {SceneHover::output, 0, 0};
    const Scene s = build_scene(l, o);
    CHECK(s.error == l.error);
    CHECK(s.input.rows > 0);
    CHECK(s.output.rows == 0);
    CHECK(s.window.empty());
    CHECK(s.trail.empty());
    CHECK(s.hover_window.empty());
    o.hover = {SceneHover::kernel, 0, 0};
    CHECK_FALSE(build_scene(l, o).weight_target.has_value());
}

TEST_CASE("scene in the quiz: nothing revealed before the answer") {
    Lesson l;
    l.set_config(*lesson_config("dropped"));
    SceneOptions o;
    o.step = -1;
    o.window_step = -1;
    o.reveal = false;
    o.hide_output = true;
    const Scene s = build_scene(l, o);
    CHECK(s.output.hidden);
    CHECK(s.trail.empty());
    CHECK(s.window.empty());
    CHECK_FALSE(s.current.has_value());
    for (const SceneCell& cell : s.input.cells) CHECK((cell.mark == Mark::input || cell.mark == Mark::padding));
    for (const SceneCell& cell : s.output.cells) CHECK(cell.mark == Mark::pending);
}

TEST_CASE("scene for predictions: the current value shows ?, and a hidden window hides the way to it") {
    Lesson l;
    l.set_config(*lesson_config("skipped"));
    SceneOptions o;
    o.step = o.window_step = 2;
    o.hide_current = true;
    Scene s = build_scene(l, o);
    const CellIndex cur = l.step_cell(2);
    CHECK(s.output.at(cur.row, cur.col).mark == Mark::pending);
    CHECK(s.output.at(cur.row, cur.col).text == "?");
    CHECK(s.output.at(0, 0).mark == Mark::written);
    CHECK_FALSE(s.window.empty());
    o.hover = {SceneHover::output, cur.row, cur.col};
    CHECK(build_scene(l, o).tooltip.empty());  // hovering the hidden cell tells nothing
    o.hover = {};
    o.hide_window = true;
    s = build_scene(l, o);
    CHECK(s.window.empty());
    CHECK_FALSE(s.jump.has_value());
    CHECK(s.trail.size() == 2);  // only the windows before this one
    o.hover = {SceneHover::kernel, 0, 0};
    CHECK_FALSE(build_scene(l, o).weight_target.has_value());
}

TEST_CASE("scene marks the outputs a coarser stride computes too") {
    Lesson l;
    l.set_config(*lesson_config("seed-stride1"));
    SceneOptions o;
    o.kept_every = Pair{2, 2};
    const Scene s = build_scene(l, o);
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) CHECK(s.output.at(r, c).kept == (r % 2 == 0 && c % 2 == 0));
}
