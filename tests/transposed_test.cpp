// transposed_test.cpp -- conv_transpose2d's walk (teach/transposed.hpp): every value the scatter,
// the equivalent convolution and the overlap map show equals the core's conv_transpose2d (and its
// trace), and PyTorch's golden values (tests/golden/cases.json: "lesson transposed-*" and the
// "overlap ..." cases); the size formula and output_padding's rule; hover mapping both ways; links.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "teach/describe.hpp"
#include "teach/state.hpp"
#include "teach/transposed.hpp"
#include "teach/url.hpp"

using namespace strideconv;
using namespace strideconv::teach;

namespace {

bool mentions(const std::string& text, const std::string& word) { return text.find(word) != std::string::npos; }

bool any_mentions(const std::vector<std::string>& list, const std::string& word) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& s) { return mentions(s, word); });
}

Lesson load(const Config& c) {
    Lesson l;
    l.set_config(c);
    return l;
}

// PyTorch's output of the golden case `name`, flattened (empty if there is no such case).
std::vector<double> golden_output(const std::string& name, std::vector<double>* shape = nullptr) {
    std::ifstream in(STRIDECONV_SOURCE_DIR "/tests/golden/cases.json", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    json::ParseLimits limits;
    limits.max_bytes = size_t(512) << 20;
    const auto doc = json::parse(text.str(), limits);
    std::vector<double> out;
    if (!doc.ok()) return out;
    std::function<void(const json::Value&, std::vector<double>&)> flatten = [&](const json::Value& v, std::vector<double>& to) {
        if (v.is_number()) to.push_back(v.as_number());
        else if (v.is_array())
            for (const auto& item : v.items()) flatten(item, to);
    };
    for (const json::Value& c : doc.value.find("cases")->items()) {
        if (c.find("name")->as_string() != name) continue;
        flatten(*c.find("expect")->find("output"), out);
        if (shape) flatten(*c.find("expect")->find("shape"), *shape);
    }
    return out;
}

// The core's own answer for the lesson's layer (not the lesson's copy of it).
Tensor core_output(const Config& c) {
    Tensor x = Tensor::zeros(1, c.input[0], c.input[1]);
    x.data = c.x;
    Weight w = Weight::zeros(1, 1, c.kernel[0], c.kernel[1]);
    w.data = c.w;
    const std::vector<float> bias{c.bias};
    auto y = reference::conv_transpose2d(x, w, &bias, conv_transpose_options(c));
    REQUIRE(y.ok());
    return y.value;
}

bool close(float a, float b) { return std::fabs(a - b) <= 1e-4f + 1e-4f * std::fabs(b); }

// Random conv_transpose2d layers the lesson accepts (not std distributions: the same layers
// natively and under WebAssembly).
Config random_layer(std::mt19937& rng) {
    auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng() % uint32_t(hi - lo + 1)); };
    for (;;) {
        Config c;
        c.op = Op::conv_transpose2d;
        c.input = {pick(1, 6), pick(1, 6)};
        c.kernel = {pick(1, 5), pick(1, 5)};
        c.stride = {pick(1, 4), pick(1, 4)};
        c.dilation = {pick(1, 3), pick(1, 3)};
        const int ph = pick(0, 3), pw = pick(0, 3);
        c.padding = {ph, ph, pw, pw};
        c.output_padding = {pick(0, std::max(c.stride[0], c.dilation[0]) - 1),
                            pick(0, std::max(c.stride[1], c.dilation[1]) - 1)};
        c.fill = pick(0, 1) ? Fill::random : Fill::seq;
        c.seed = static_cast<uint32_t>(rng());
        c.kernel_preset = "custom";
        c.w.clear();
        for (int k = 0; k < c.kernel[0] * c.kernel[1]; ++k) c.w.push_back(static_cast<float>(pick(-4, 4)) * 0.5f);
        c.bias = static_cast<float>(pick(-2, 2));
        c.transposed_view = pick(0, 1) ? TransposedView::scatter : TransposedView::conv;
        if (load(c).error.empty()) return c;
    }
}

}  // namespace

TEST_CASE("transposed: the issue's layer, 4x4 up to 8x8 with kernel 3, stride 2, padding 1, output_padding 1") {
    const Decoded d = decode_query("?op=conv_transpose2d&input=4x4&kernel=3&stride=2&padding=1&output_padding=1");
    CHECK(d.notices.empty());
    Lesson l = load(d.config);
    REQUIRE(l.error.empty());
    CHECK(l.output.h == 8);
    CHECK(l.output.w == 8);
    CHECK(l.steps() == 16);  // the scatter: one step per input cell
    CHECK(l.walks_input());

    // The last step of the scatter holds the whole output: the core's, and PyTorch's.
    TransposedSceneOptions o;
    o.step = l.steps() - 1;
    const TransposedScene s = build_transposed_scene(l, o);
    REQUIRE(s.error.empty());
    CHECK(s.canvas.rows == 9);  // (4 - 1)·2 + 1·(3 - 1) + 1, padding 1 cropped before, none after
    CHECK(s.canvas.origin_row == 1);
    CHECK(s.rows.crop_after == 0);
    const Tensor core = core_output(l.config());
    const std::vector<double> want = golden_output("lesson transposed-upsample");
    REQUIRE(want.size() == 64);
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c) {
            CAPTURE(r);
            CAPTURE(c);
            const float shown = s.canvas.at(r + 1, c + 1).value;
            CHECK(shown == core.at(0, r, c));
            CHECK(shown == l.output.at(0, r, c));
            CHECK(shown == static_cast<float>(want[size_t(r * 8 + c)]));
            CHECK(s.canvas.at(r + 1, c + 1).text == format_number(shown));
            CHECK(s.output.at(r, c).value == core.at(0, r, c));  // the equivalent convolution's
        }

    // The equivalent convolution: a zero between cells, D(K-1)-P = 1 before, 1 + output_padding after.
    CHECK(s.grid.rows == 10);
    CHECK(s.grid.origin_row == 1);
    CHECK(s.rows.equivalent_pad == 1);
    CHECK(s.grid.at(1, 1).mark == Mark::input);
    CHECK(s.grid.at(1, 1).value == 1);
    CHECK(s.grid.at(1, 2).mark == Mark::skipped);  // inserted
    CHECK(s.grid.at(1, 3).value == 2);
    CHECK(s.grid.at(0, 0).mark == Mark::padding);
    CHECK(s.grid.at(9, 9).mark == Mark::padding);  // padding 1 + output_padding 1 after input 7 (grid 7)
    CHECK(s.grid.at(8, 8).mark == Mark::padding);
    CHECK(s.grid.at(7, 7).value == 16);

    // The overlap map: 1, 2 and 4 pairs, PyTorch's conv_transpose2d of ones by ones.
    CHECK(s.overlap_min == 1);
    CHECK(s.overlap_max == 4);
    const TransposedWalk w = transposed_walk(l);
    const std::vector<double> counts = golden_output("overlap 4x4 k3 s2 p1 op1 (checkerboard)");
    REQUIRE(counts.size() == 64);
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c) CHECK(w.overlap(r, c) == static_cast<int>(counts[size_t(r * 8 + c)]));
    CHECK(w.overlap(0, 0) == 1);
    CHECK(w.overlap(0, 1) == 2);
    CHECK(w.overlap(1, 1) == 4);

    // getState carries output_padding and the overlap's range.
    const std::string state = state_json(l, false, 1.0f);
    CHECK(mentions(state, "\"output_padding\":[1,1]"));
    CHECK(mentions(state, "\"overlap\":{\"min\":1,\"max\":4}"));
    CHECK(mentions(state, "\"steps\":16"));

    // The equivalent convolution's walk over the same layer: 64 steps, each the core's trace.
    Config conv = l.config();
    conv.transposed_view = TransposedView::conv;
    const Lesson lc = load(conv);
    CHECK(lc.steps() == 64);
    for (int st = 0; st < 64; ++st) {
        const auto t = lc.trace(st);
        REQUIRE(t.ok());
        CHECK(t.value.result == lc.output.data[size_t(st)]);
    }
}

TEST_CASE("transposed: every lesson of the transposed conv matches its golden case") {
    for (const char* name : {"transposed-upsample", "transposed-checkerboard", "transposed-adjoint"}) {
        CAPTURE(name);
        const Lesson l = load(*lesson_config(name));
        REQUIRE(l.error.empty());
        CHECK(l.notices.empty());
        const std::vector<double> want = golden_output(std::string("lesson ") + name);
        REQUIRE(want.size() == l.output.data.size());
        for (size_t k = 0; k < want.size(); ++k) CHECK(l.output.data[k] == static_cast<float>(want[k]));
    }
    CHECK(lesson_config("transposed-checkerboard")->transposed_view == TransposedView::overlap);
}

TEST_CASE("transposed: each partial sum shown is the core trace's products of the input cells stepped so far") {
    std::mt19937 rng(12);
    for (int trial = 0; trial < 60; ++trial) {
        Config c = random_layer(rng);
        c.transposed_view = TransposedView::scatter;
        const Lesson l = load(c);
        REQUIRE(l.error.empty());
        CAPTURE(encode_query(l.config()));
        const Tensor core = core_output(l.config());
        const int W = c.input[1];
        // Per output cell, the core's own trace: which input cells reach it with which product.
        std::vector<CellTrace> traces;
        for (int r = 0; r < l.output.h; ++r)
            for (int cc = 0; cc < l.output.w; ++cc) {
                const std::vector<float> bias{l.config().bias};
                auto t = trace_conv_transpose2d(l.input, l.weight, &bias, conv_transpose_options(l.config()), {0, r, cc});
                REQUIRE(t.ok());
                traces.push_back(t.value);
            }
        for (int st = 0; st < l.steps(); ++st) {
            TransposedSceneOptions o;
            o.step = st;
            const TransposedScene s = build_transposed_scene(l, o);
            for (int r = 0; r < l.output.h; ++r)
                for (int cc = 0; cc < l.output.w; ++cc) {
                    const CellTrace& t = traces[size_t(r * l.output.w + cc)];
                    float want = l.config().bias;
                    bool reached = false;
                    for (const Tap& tap : t.taps)
                        if (tap.source == TapSource::input && tap.src_y * W + tap.src_x <= st) {
                            want += tap.product;
                            reached = true;
                        }
                    const SceneCell& shown = s.canvas.at(r + s.canvas.origin_row, cc + s.canvas.origin_col);
                    CHECK(close(shown.value, want));
                    CHECK(close(s.output.at(r, cc).value, st == l.steps() - 1 ? core.at(0, r, cc) : want));
                    if (reached) CHECK(shown.mark == Mark::written);
                }
            if (st == l.steps() - 1) {
                for (int r = 0; r < l.output.h; ++r)
                    for (int cc = 0; cc < l.output.w; ++cc)
                        CHECK(close(s.canvas.at(r + s.canvas.origin_row, cc + s.canvas.origin_col).value, core.at(0, r, cc)));
            }
        }
        // The equivalent convolution (core conv2d over the grid shown) is the core's transposed conv.
        const TransposedWalk w = transposed_walk(l);
        REQUIRE(w.error.empty());
        REQUIRE(w.equivalent_output.h == core.h);
        REQUIRE(w.equivalent_output.w == core.w);
        for (size_t k = 0; k < core.data.size(); ++k) CHECK(close(w.equivalent_output.data[k], core.data[k]));
    }
}

TEST_CASE("transposed: the overlap map counts what conv_transpose2d of ones by ones writes") {
    std::mt19937 rng(5);
    for (int trial = 0; trial < 80; ++trial) {
        Config c = random_layer(rng);
        c.fill = Fill::ones;
        c.kernel_preset = "custom";
        c.w.assign(size_t(c.kernel[0]) * c.kernel[1], 1.0f);
        c.bias = 0;
        const Lesson l = load(c);
        REQUIRE(l.error.empty());
        const TransposedWalk w = transposed_walk(l);
        const Tensor ones = core_output(l.config());
        int lo = 1 << 30, hi = 0;
        for (int r = 0; r < ones.h; ++r)
            for (int cc = 0; cc < ones.w; ++cc) {
                CHECK(w.overlap(r, cc) == static_cast<int>(ones.at(0, r, cc)));
                lo = std::min(lo, w.overlap(r, cc));
                hi = std::max(hi, w.overlap(r, cc));
            }
        CHECK(w.overlap_min == lo);
        CHECK(w.overlap_max == hi);
    }
    // PyTorch's counts for a divisible kernel and a strided, dilated one.
    struct Case {
        const char* name;
        Pair input, kernel, stride, dilation, padding, output_padding;
    };
    for (const Case& k : {Case{"overlap 4x4 k4 s2 p1 (divisible)", {4, 4}, {4, 4}, {2, 2}, {1, 1}, {1, 1}, {0, 0}},
                          Case{"overlap 5x3 k3x2 s3x2 d2x1 p2x0 op1x1", {5, 3}, {3, 2}, {3, 2}, {2, 1}, {2, 0}, {1, 1}}}) {
        CAPTURE(k.name);
        const TransposedAxis r = transposed_axis(k.input[0], k.kernel[0], k.stride[0], k.dilation[0], k.padding[0], k.output_padding[0]);
        const TransposedAxis cl = transposed_axis(k.input[1], k.kernel[1], k.stride[1], k.dilation[1], k.padding[1], k.output_padding[1]);
        std::vector<double> shape;
        const std::vector<double> want = golden_output(k.name, &shape);
        REQUIRE(shape.size() == 3);
        CHECK(shape[1] == r.output);
        CHECK(shape[2] == cl.output);
        REQUIRE(want.size() == size_t(r.output) * cl.output);
        for (int y = 0; y < r.output; ++y)
            for (int x = 0; x < cl.output; ++x)
                CHECK(r.overlap[size_t(y)] * cl.overlap[size_t(x)] == static_cast<int>(want[size_t(y * cl.output + x)]));
    }
}

TEST_CASE("transposed: the overlap view compares a divisible kernel and resize-then-convolve") {
    const Lesson l = load(*lesson_config("transposed-checkerboard"));
    TransposedSceneOptions o;
    o.step = l.steps() - 1;
    const TransposedScene s = build_transposed_scene(l, o);
    REQUIRE(s.panels.size() == 4);
    CHECK(mentions(s.panels[0].caption, "kernel 3 not divisible by 2"));
    CHECK(mentions(s.panels[0].caption, "checkerboard"));
    CHECK(s.panels[0].min == 1);
    CHECK(s.panels[0].max == 4);
    // Kernel 4, padding 1, output_padding 0: the same 8x8, even inside (PyTorch's counts above).
    CHECK(mentions(s.panels[1].title, "Kernel 4"));
    CHECK(s.panels[1].rows == 8);
    CHECK(mentions(s.panels[1].caption, "kernel 4 divisible by 2: even away from the edges"));
    const std::vector<double> want = golden_output("overlap 4x4 k4 s2 p1 (divisible)");
    REQUIRE(want.size() == s.panels[1].counts.size());
    for (size_t k = 0; k < want.size(); ++k) CHECK(s.panels[1].counts[k] == static_cast<int>(want[k]));
    CHECK(mentions(s.panels[3].title, "Nearest"));
    CHECK(s.panels[3].rows == 8);
    CHECK(s.panels[3].max == 9);
    CHECK(mentions(s.panels[3].caption, "even away from the edges"));
    // The map builds up step by step: after the first input cell only its stamp is counted.
    o.step = 0;
    const TransposedScene first = build_transposed_scene(l, o);
    int counted = 0;
    for (const SceneCell& cell : first.overlap.cells) counted += static_cast<int>(cell.value);
    CHECK(counted == 9);
}

TEST_CASE("transposed: two stacked layers compound the checkerboard; a divisible kernel stays even") {
    // The checkerboard lesson's layer twice: 4x4 -> 8x8 -> 16x16, 1 to 9 paths per cell (one layer:
    // 1 to 4), PyTorch's conv_transpose2d of its own output with a kernel of ones.
    Config c = *lesson_config("transposed-checkerboard");
    const Lesson l = load(c);
    std::vector<OverlapPanel> panels = overlap_panels(l, transposed_walk(l));
    REQUIRE(panels.size() == 4);
    const OverlapPanel& twice = panels[2];
    CHECK(mentions(twice.title, "twice"));
    CHECK(twice.rows == 16);
    CHECK(twice.cols == 16);
    CHECK(twice.min == 1);
    CHECK(twice.max == 9);
    CHECK(mentions(twice.caption, "1 to 9 paths per cell"));
    CHECK(mentions(twice.caption, "uneven inside, a checkerboard"));
    std::vector<double> want = golden_output("overlap 4x4 k3 s2 p1 op1 twice (checkerboard)");
    REQUIRE(want.size() == twice.counts.size());
    for (size_t k = 0; k < want.size(); ++k) CHECK(twice.counts[k] == static_cast<int>(want[k]));
    // The overlap view says what its comparisons show, for readers who cannot see the maps.
    REQUIRE(c.transposed_view == TransposedView::overlap);
    std::vector<std::string> said;
    for (const Line& line : transposed_explanation(l, 0)) said.push_back(line.text);
    CHECK(any_mentions(said, "This layer, twice: 1 to 9 paths per cell; kernel 3 not divisible by 2: uneven inside"));
    CHECK(any_mentions(said, "Nearest x2, then conv 3: "));

    // Kernel 4, stride 2, padding 1: 16 paths inside both layers' edges, fewer only near them.
    c.kernel = {4, 4};
    c.output_padding = {0, 0};
    c.w.assign(16, 1.0f);
    const Lesson even = load(c);
    REQUIRE(even.error.empty());
    panels = overlap_panels(even, transposed_walk(even));
    REQUIRE(panels.size() == 4);
    CHECK(mentions(panels[2].caption, "1 to 16 paths per cell"));
    CHECK(mentions(panels[2].caption, "kernel 4 divisible by 2: even away from the edges"));
    want = golden_output("overlap 4x4 k4 s2 p1 twice (divisible)");
    REQUIRE(want.size() == panels[2].counts.size());
    for (size_t k = 0; k < want.size(); ++k) CHECK(panels[2].counts[k] == static_cast<int>(want[k]));

    // A second output over kMaxTwiceSide on a side is left out rather than drawn cell by cell.
    c.input = {32, 32};
    c.stride = {8, 8};
    c.x.assign(32 * 32, 1.0f);
    const Lesson big = load(c);
    REQUIRE(big.error.empty());
    panels = overlap_panels(big, transposed_walk(big));
    CHECK(std::none_of(panels.begin(), panels.end(), [](const OverlapPanel& p) { return mentions(p.title, "twice"); }));
}

TEST_CASE("transposed: hovering an output cell shows the input cells reaching it, and back") {
    std::mt19937 rng(3);
    for (int trial = 0; trial < 12; ++trial) {
        const Lesson l = load(random_layer(rng));
        REQUIRE(l.error.empty());
        // Every output cell of small maps, every 5th of larger ones.
        const int every = l.output.h * l.output.w > 100 ? 5 : 1;
        for (int r = 0; r < l.output.h; ++r)
            for (int cc = 0; cc < l.output.w; ++cc) {
                if ((r * l.output.w + cc) % every) continue;
                TransposedSceneOptions o;
                o.hover = {TransposedHover::output, r, cc};
                const TransposedScene s = build_transposed_scene(l, o);
                // The contributing input cells are the core trace's input taps.
                const std::vector<float> bias{l.config().bias};
                const auto t = trace_conv_transpose2d(l.input, l.weight, &bias, conv_transpose_options(l.config()), {0, r, cc});
                REQUIRE(t.ok());
                std::vector<std::pair<int, int>> want, got;
                for (const Tap& tap : t.value.taps)
                    if (tap.source == TapSource::input) want.push_back({tap.src_y, tap.src_x});
                for (const OutputPos& p : s.hover_input) got.push_back({p.row, p.col});
                std::sort(want.begin(), want.end());
                std::sort(got.begin(), got.end());
                CHECK(got == want);
                CHECK(s.hover_grid.size() == size_t(l.config().kernel[0]) * l.config().kernel[1]);
                CHECK(mentions(s.tooltip, "y["));
                // And back: each of those input cells, hovered, reaches this output cell.
                for (const auto& [i, j] : want) {
                    TransposedSceneOptions back;
                    back.hover = {TransposedHover::input, i, j};
                    const TransposedScene b = build_transposed_scene(l, back);
                    CHECK(std::find(b.hover_output.begin(), b.hover_output.end(), OutputPos{r, cc}) != b.hover_output.end());
                }
            }
    }
}

TEST_CASE("transposed: output_padding follows PyTorch's rule, with a notice saying what it changed") {
    Decoded d = decode_query("op=conv_transpose2d&stride=2&output_padding=2");
    CHECK(d.config.output_padding == Pair{1, 1});
    CHECK(any_mentions(d.notices, "output_padding < max(stride, dilation)"));
    CHECK(load(d.config).error.empty());
    // Smaller than the dilation is enough (stride 1, dilation 3).
    d = decode_query("op=conv_transpose2d&dilation=3&output_padding=2");
    CHECK(d.notices.empty());
    CHECK(d.config.output_padding == Pair{2, 2});
    CHECK(load(d.config).error.empty());
    d = decode_query("op=conv_transpose2d&stride=3x1&output_padding=2x1");
    CHECK(d.config.output_padding == Pair{2, 0});
    CHECK(any_mentions(d.notices, "output_padding (width) 1"));
    d = decode_query("op=conv2d&output_padding=1");
    CHECK(d.config.output_padding == Pair{0, 0});
    CHECK(any_mentions(d.notices, "output_padding belongs to conv_transpose2d"));
    d = decode_query("op=conv_transpose2d&output_padding=x");
    CHECK(any_mentions(d.notices, "output_padding"));
    d = decode_query("op=conv_transpose2d&transposed_view=sideways");
    CHECK(any_mentions(d.notices, "scatter, conv or overlap"));
}

TEST_CASE("transposed: links round-trip; refusals name the rule") {
    for (const char* q : {"op=conv_transpose2d&input=4&stride=2&padding=1&output_padding=1",
                          "op=conv_transpose2d&stride=2x3&output_padding=1x0&transposed_view=conv",
                          "lesson=transposed-checkerboard&step=3&transposed_view=scatter",
                          "lesson=transposed-upsample"}) {
        CAPTURE(q);
        const Decoded d = decode_query(q);
        CHECK(d.notices.empty());
        CHECK(encode_query(d.config) == q);
        CHECK(decode_query(encode_query(d.config)).config == d.config);
    }
    CHECK(mentions(load(decode_query("op=conv_transpose2d&padding=same").config).error, "whole-number padding"));
    CHECK(mentions(load(decode_query("op=conv_transpose2d&padding=1,0,1,1").config).error, "same padding on both sides"));
    CHECK(mentions(load(decode_query("op=conv_transpose2d&padding=1&padding_mode=reflect").config).error, "zeros only"));
    CHECK(mentions(load(decode_query("op=conv_transpose2d&input=2&padding=4").config).error, "output size"));
    CHECK(decode_query("op=conv_transpose2d&view=compare").config.view == View::walk);
}

TEST_CASE("transposed: the size formula with its numbers, and why output_padding exists") {
    const TransposedAxis a = transposed_axis(4, 3, 2, 1, 1, 1);
    CHECK(transposed_formula(a, true) == "(4 - 1)\u00b72 - 2\u00b71 + 1\u00b7(3 - 1) + 1 + 1 = 8");
    // conv2d(kernel 3, stride 2, padding 1) maps 7 and 8 rows to 4.
    const std::string why = output_padding_reason(a, true);
    CHECK(mentions(why, "maps 7 and 8 rows to 4"));
    CHECK(mentions(why, "0 gives 7, 1 gives 8"));
    for (int n : {7, 8}) {
        auto s = conv2d_shape(1, n, n, 1, 3, 3, [] {
            Conv2dOptions o;
            o.stride = {2, 2};
            o.padding = Padding::symmetric(1, 1);
            return o;
        }());
        REQUIRE(s.ok());
        CHECK(s.value.rows.output == 4);
    }
    const Lesson l = load(*lesson_config("transposed-upsample"));
    const auto lines = transposed_explanation(l, 2);
    REQUIRE(lines.size() >= 6);
    CHECK(mentions(lines[0].text, "Step 3 of 16: input (0, 2) = 3 stamps 3"));
    CHECK(mentions(lines[2].text, "(0, 4) of the zero-inserted input"));
    bool overlap = false;
    for (const Line& line : lines) overlap = overlap || mentions(line.text, "Overlap: 1 to 4");
    CHECK(overlap);
}

TEST_CASE("transposed: the adjoint identity <conv2d(x), y> = <x, conv_transpose2d(y)> holds, and is told") {
    const Lesson l = load(*lesson_config("transposed-adjoint"));
    REQUIRE(l.error.empty());
    CHECK(l.output.h == 7);
    const auto a = adjoint_check(l);
    REQUIRE(a.has_value());
    CHECK(a->conv_dot == a->transposed_dot);  // integers: exact
    CHECK(a->conv_dot != 0);
    bool told = false;
    for (const Line& line : transposed_explanation(l, 0))
        told = told || (mentions(line.text, "Adjoint: conv2d with this kernel, stride, padding and dilation maps 7x7 to 3x3") &&
                        mentions(line.text, "= <x, conv_transpose2d(y)> = "));
    CHECK(told);
    std::mt19937 rng(21);
    for (int trial = 0; trial < 40; ++trial) {
        const Lesson r = load(random_layer(rng));
        const auto check = adjoint_check(r);
        if (r.config().output_padding[0] >= r.config().stride[0] || r.config().output_padding[1] >= r.config().stride[1]) {
            CHECK_FALSE(check.has_value());
            continue;
        }
        REQUIRE(check.has_value());
        CHECK(check->conv_dot == doctest::Approx(check->transposed_dot).epsilon(1e-5));
    }
}

TEST_CASE("transposed: screen readers hear what hovering shows (teach/describe)") {
    Player p;
    p.set_config(*lesson_config("transposed-upsample"));
    const std::string out = describe_cell(p, Grid::output, 2, 3);
    CHECK(mentions(out, "y[2][3] = 13; 2 (input cell, kernel tap) pairs reach it"));
    CHECK(out.find('\n') == std::string::npos);
    CHECK(mentions(describe_cell(p, Grid::input, 1, 1), "x[1][1] = 6; stamps 6 \u00d7 the kernel onto 9 output cells"));
    CHECK(mentions(describe_layer(p.lesson()), "output_padding 1x1: output 8x8 in 16 steps, one per input cell"));
}
