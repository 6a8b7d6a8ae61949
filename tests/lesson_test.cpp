// lesson_test.cpp -- the lesson model: each lesson's claim, the stride walk (step <-> output cell),
// what is highlighted at a step, the hover mapping (readers) checked against the core's traces,
// cell roles, normalization, presets, fills, change tracking and the formula text.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "teach/lesson.hpp"
#include "teach/url.hpp"
#include "test_configs.hpp"

using namespace strideconv;
using namespace strideconv::teach;

namespace {

bool mentions(const std::string& text, const std::string& word) {
    return text.find(word) != std::string::npos;
}

bool any_mentions(const std::vector<std::string>& notices, const std::string& word) {
    return std::any_of(notices.begin(), notices.end(),
                       [&](const std::string& n) { return mentions(n, word); });
}

Lesson load(const Config& c) {
    Lesson l;
    l.set_config(c);
    return l;
}

Lesson load(const std::string& lesson_name) {
    const auto c = lesson_config(lesson_name);
    REQUIRE(c.has_value());
    return load(*c);
}

}  // namespace

// [SECTION] Lessons ------------------------------------------------------------------------------

TEST_CASE("every lesson loads, computes without error and names itself") {
    std::set<std::string> names;
    REQUIRE(lessons().size() >= 10);
    for (const auto& info : lessons()) {
        CAPTURE(info.name);
        CHECK(names.insert(info.name).second);
        CHECK(std::string(info.title).size() > 0);
        CHECK(std::string(info.point).size() > 0);
        const auto c = lesson_config(info.name);
        REQUIRE(c.has_value());
        CHECK(c->lesson == info.name);
        Lesson l;
        CHECK(l.set_config(*c));
        CHECK(l.error == "");
        CHECK(l.notices.empty());
        // The transposed conv's scatter walks its input cells (transposed_test.cpp checks it).
        CHECK(l.steps() == (l.walks_input() ? l.input.h * l.input.w : l.output.h * l.output.w));
        CHECK(l.steps() > 0);
        CHECK(l.config() == *c);  // lesson configs are already normalized
        for (int s = 0; !l.walks_input() && s < l.steps(); ++s) {
            auto t = l.trace(s);
            REQUIRE(t.ok());
            CHECK(t.value.result == l.output.data[static_cast<size_t>(s)]);
        }
    }
    CHECK_FALSE(lesson_config("no-such-lesson").has_value());
    CHECK_FALSE(lesson_config("").has_value());
}

TEST_CASE("seed-stride1: 3x3 map, 9 steps, 81 MACs") {
    const Lesson l = load("seed-stride1");
    CHECK(l.steps() == 9);
    CHECK(l.output.h == 3);
    CHECK(l.output.w == 3);
    CHECK(l.macs() == 81);
    CHECK(l.macs_stride1() == 81);
    const float expected[] = {63, 72, 81, 108, 117, 126, 153, 162, 171};
    for (size_t i = 0; i < 9; ++i) CHECK(l.output.data[i] == expected[i]);
}

TEST_CASE("seed-stride2: 4 steps, a 2x2 map, 36 instead of 81 MACs") {
    const Lesson l = load("seed-stride2");
    CHECK(l.steps() == 4);
    CHECK(l.output.h == 2);
    CHECK(l.output.w == 2);
    CHECK(l.macs() == 36);
    CHECK(l.macs_stride1() == 81);
    const float expected[] = {63, 81, 153, 171};
    for (size_t i = 0; i < 4; ++i) CHECK(l.output.data[i] == expected[i]);
    // 5x5 with kernel 3 at stride 2 reaches every cell: nothing skipped or dropped.
    for (int r = 0; r < 5; ++r)
        for (int c = 0; c < 5; ++c) CHECK(l.role(r, c) == CellRole::visited);
}

TEST_CASE("dropped: the floor drops row and column 5 of a 6x6 input") {
    const Lesson l = load("dropped");
    CHECK(l.output.h == 2);
    CHECK(l.output.w == 2);
    CHECK(l.shape.rows.dropped_input == 1);
    CHECK(l.shape.cols.dropped_input == 1);
    CHECK(l.shape.rows.remainder == 1);
    for (int i = 0; i < 6; ++i) {
        CAPTURE(i);
        CHECK(l.role(5, i) == CellRole::dropped);
        CHECK(l.role(i, 5) == CellRole::dropped);
        CHECK(l.readers(5, i).empty());
    }
    for (int r = 0; r < 5; ++r)
        for (int c = 0; c < 5; ++c) CHECK(l.role(r, c) == CellRole::visited);
    CHECK(l.shape.never_visited_cells() == 11);
}

TEST_CASE("skipped: kernel 2 at stride 3 jumps over whole rows and columns") {
    const Lesson l = load("skipped");
    CHECK(l.output.h == 2);
    CHECK(l.output.w == 2);
    // Windows cover rows 0-1 and 3-4: row 2 is jumped over, rows 5-6 are past the last window.
    int skipped = 0, dropped = 0;
    for (int r = 0; r < 7; ++r)
        for (int c = 0; c < 7; ++c) {
            skipped += l.role(r, c) == CellRole::skipped;
            dropped += l.role(r, c) == CellRole::dropped;
        }
    CHECK(skipped > 0);
    CHECK(l.role(2, 0) == CellRole::skipped);
    CHECK(l.role(0, 2) == CellRole::skipped);
    CHECK(l.role(2, 2) == CellRole::skipped);
    CHECK(l.role(5, 0) == CellRole::dropped);
    CHECK(l.role(0, 6) == CellRole::dropped);
    CHECK(l.role(3, 4) == CellRole::visited);
    CHECK(skipped + dropped == 49 - 16);
    CHECK(l.readers(2, 0).empty());
}

TEST_CASE("padding-same: padding 1 keeps 5x5 at 5x5") {
    const Lesson l = load("padding-same");
    CHECK(l.output.h == 5);
    CHECK(l.output.w == 5);
    CHECK(l.shape.pad.top == 1);
    CHECK(l.shape.pad.right == 1);
    CHECK(l.steps() == 25);
}

TEST_CASE("resnet-downsample: stride 2, padding 1 halves 8x8 to 4x4") {
    const Lesson l = load("resnet-downsample");
    CHECK(l.output.h == 4);
    CHECK(l.output.w == 4);
    CHECK(l.config().kernel_preset == "sobel_x");
    CHECK(l.config().w == std::vector<float>{-1, 0, 1, -2, 0, 2, -1, 0, 1});
    CHECK(l.config().fill == Fill::random);
    CHECK(l.macs() * 4 == l.macs_stride1());
}

TEST_CASE("pool-vs-stride: 2x2 max pooling at stride 2 gives 4x4 from 8x8") {
    const Lesson l = load("pool-vs-stride");
    CHECK(l.config().op == Op::max_pool2d);
    CHECK(l.input.h == 8);
    CHECK(l.input.w == 8);
    CHECK(l.output.h == 4);
    CHECK(l.output.w == 4);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) {
            const float expected = std::max({l.input.at(0, 2 * r, 2 * c), l.input.at(0, 2 * r, 2 * c + 1),
                                             l.input.at(0, 2 * r + 1, 2 * c),
                                             l.input.at(0, 2 * r + 1, 2 * c + 1)});
            CHECK(l.output.at(0, r, c) == expected);
        }
}

TEST_CASE("uneven: input 4, padding 1, kernel 3, stride 2 gives 2x2") {
    const Lesson l = load("uneven");
    CHECK(l.output.h == 2);
    CHECK(l.output.w == 2);
    CHECK(l.shape.rows.remainder == 1);
    // The position left over is padding, not input: no real cell is dropped.
    CHECK(l.shape.rows.dropped_input == 0);
    CHECK(l.shape.never_visited_cells() == 0);
}

TEST_CASE("dilation: kernel 3 with dilation 2 spans 5 cells") {
    const Lesson l = load("dilation");
    CHECK(l.shape.rows.effective_kernel == 5);
    CHECK(l.shape.cols.effective_kernel == 5);
    CHECK(l.output.h == 3);
    CHECK(l.output.w == 3);
    // The taps of the first window sit two cells apart.
    CHECK(l.tap_position(0, 0, 0) == std::make_pair(0, 0));
    CHECK(l.tap_position(0, 1, 2) == std::make_pair(2, 4));
    CHECK(l.tap_position(0, 2, 2) == std::make_pair(4, 4));
}

TEST_CASE("tf-same: TensorFlow's SAME at stride 2 gives 3x3 from 6x6") {
    const Lesson l = load("tf-same");
    CHECK(l.output.h == 3);
    CHECK(l.output.w == 3);
    CHECK(l.shape.pad.top == 0);
    CHECK(l.shape.pad.bottom == 1);
    // PyTorch refuses padding='same' at stride 2: the lesson says so, and so does the model.
    Config c = *lesson_config("tf-same");
    c.pad_preset = PadPreset::same;
    const Lesson refused = load(c);
    CHECK(mentions(refused.error, "same"));
    CHECK(refused.steps() == 0);
}

// [SECTION] The walk and what it highlights ------------------------------------------------------

TEST_CASE("step k is output cell (k / out_w, k % out_w), and cell_step inverts it") {
    for (const auto& variant : variants()) {
        const std::string& name = variant.first;
        const Config& config = variant.second;
        CAPTURE(name);
        const Lesson l = load(config);
        REQUIRE(l.error == "");
        const int out_w = l.output.w;
        for (int k = 0; k < l.steps(); ++k) {
            const CellIndex cell = l.step_cell(k);
            CHECK(cell.channel == 0);
            CHECK(cell.row == k / out_w);
            CHECK(cell.col == k % out_w);
            CHECK(l.cell_step(cell.row, cell.col) == k);
        }
        // Out-of-range steps clamp to the first and last cell.
        CHECK(l.step_cell(-3).row == 0);
        CHECK(l.step_cell(-3).col == 0);
        CHECK(l.step_cell(l.steps() + 10).row == l.output.h - 1);
        CHECK(l.step_cell(l.steps() + 10).col == l.output.w - 1);
    }
}

TEST_CASE("the highlighted taps at each step are the taps the trace sums") {
    for (const auto& variant : variants()) {
        const std::string& name = variant.first;  // not a structured binding: clang cannot CAPTURE one
        const Config& config = variant.second;
        CAPTURE(name);
        const Lesson l = load(config);
        REQUIRE(l.error == "");
        for (int step = 0; step < l.steps(); ++step) {
            CAPTURE(step);
            const auto t = l.trace(step);
            REQUIRE(t.ok());
            CHECK(t.value.cell.row == l.step_cell(step).row);
            CHECK(t.value.cell.col == l.step_cell(step).col);
            if (l.config().op != Op::avg_pool2d)  // avg pool clips a ceil_mode window's taps
                CHECK(t.value.taps.size() == static_cast<size_t>(l.config().kernel[0] * l.config().kernel[1] *
                                                                 channels_per_filter(l.config().channels, l.config().op)));
            for (const Tap& tap : t.value.taps) {
                const auto pos = l.tap_position(step, tap.ky, tap.kx);
                CHECK(pos.first == tap.y);
                CHECK(pos.second == tap.x);
            }
        }
    }
}

TEST_CASE("readers(row, col) agrees with every trace, padding copies included") {
    for (const auto& variant : variants()) {
        const std::string& name = variant.first;  // not a structured binding: clang cannot CAPTURE one
        const Config& config = variant.second;
        CAPTURE(name);
        const Lesson l = load(config);
        REQUIRE(l.error == "");
        std::map<std::pair<int, int>, std::set<int>> steps_reading;
        std::map<std::pair<int, int>, int> reads;
        for (int step = 0; step < l.steps(); ++step) {
            const auto t = l.trace(step);
            REQUIRE(t.ok());
            for (const Tap& tap : on_shown_channel(t.value, l.config()).taps) {  // readers: the grid's plane
                if (tap.src_y < 0 || tap.src_x < 0) continue;
                steps_reading[{tap.src_y, tap.src_x}].insert(step);
                ++reads[{tap.src_y, tap.src_x}];
            }
        }
        for (int r = 0; r < l.input.h; ++r)
            for (int c = 0; c < l.input.w; ++c) {
                CAPTURE(r);
                CAPTURE(c);
                int n = -1;
                const std::vector<int> got = l.readers(r, c, &n);
                CHECK(std::is_sorted(got.begin(), got.end()));
                const std::set<int> got_set(got.begin(), got.end());
                CHECK(got_set.size() == got.size());
                CHECK(got_set == steps_reading[{r, c}]);
                CHECK(n == reads[{r, c}]);
                // With zero padding a cell is visited exactly when some window reads it.
                if (l.config().op != Op::conv2d || l.config().padding_mode == PaddingMode::zeros)
                    CHECK((l.role(r, c) == CellRole::visited) == !got.empty());
            }
    }
}

TEST_CASE("reflect padding: a cell mirrored into the padding is read more often") {
    Config c;
    c.padding = {1, 1, 1, 1};
    int zeros_reads = 0, reflect_reads = 0;
    const auto zeros = load(c).readers(1, 1, &zeros_reads);
    c.padding_mode = PaddingMode::reflect;
    const Lesson l = load(c);
    const auto reflected = l.readers(1, 1, &reflect_reads);
    CHECK(zeros_reads == 9);  // windows (0..2) x (0..2), one tap each
    CHECK(zeros.size() == 9);
    CHECK(reflect_reads > zeros_reads);
    // Step 0 reads (1, 1) four times: directly, and as the mirror of (-1, -1), (-1, 1), (1, -1).
    const auto t = l.trace(0);
    REQUIRE(t.ok());
    int copies = 0;
    for (const Tap& tap : t.value.taps)
        if (tap.src_y == 1 && tap.src_x == 1) copies += tap.source == TapSource::reflect;
    CHECK(copies == 3);
    CHECK(std::count(reflected.begin(), reflected.end(), 0) == 1);
}

// [SECTION] Normalization -------------------------------------------------------------------------

TEST_CASE("normalize clamps out-of-range fields and says so") {
    Config c;
    c.input = {0, 99};
    c.kernel = {-1, 10};
    c.stride = {0, 9};
    c.dilation = {0, 7};
    c.padding = {-1, 9, 0, 0};
    c.compare_stride = {0, 100};
    c.bias = std::numeric_limits<float>::quiet_NaN();
    c.step = -4;
    std::vector<std::string> notices;
    normalize(c, &notices);
    CHECK(c.input == Pair{1, kMaxGrid});
    CHECK(c.kernel == Pair{1, kMaxKernel});
    CHECK(c.stride == Pair{1, kMaxStride});
    CHECK(c.dilation == Pair{1, kMaxDilation});
    CHECK(c.padding.top == 0);
    CHECK(c.padding.bottom == kMaxPad);
    CHECK(c.compare_stride == Pair{1, kMaxStride});
    CHECK(c.bias == 0);
    CHECK(c.step == 0);
    CHECK(c.x.size() == static_cast<size_t>(kMaxGrid));
    CHECK(c.w.size() == static_cast<size_t>(kMaxKernel));
    for (const char* word : {"input height", "input width", "kernel height", "kernel width",
                             "stride (height)", "stride (width)", "dilation (height)",
                             "dilation (width)", "padding top", "padding bottom", "compare stride",
                             "bias", "step"}) {
        CAPTURE(word);
        CHECK(any_mentions(notices, word));
    }
    // A normalized config is a fixed point.
    Config again = c;
    std::vector<std::string> none;
    normalize(again, &none);
    CHECK(none.empty());
    CHECK(again == c);
    // Without a notices vector it still clamps.
    Config quiet;
    quiet.stride = {-5, 50};
    normalize(quiet);
    CHECK(quiet.stride == Pair{1, kMaxStride});
}

TEST_CASE("normalize sizes custom values and replaces what is not a number") {
    Config c;
    c.fill = Fill::custom;
    c.x = {1, 2, std::numeric_limits<float>::infinity()};
    c.kernel_preset = "custom";
    c.w = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    std::vector<std::string> notices;
    normalize(c, &notices);
    REQUIRE(c.x.size() == 25);
    CHECK(c.x[0] == 1);
    CHECK(c.x[2] == 0);
    CHECK(c.x[24] == 0);
    REQUIRE(c.w.size() == 9);
    CHECK(c.w[8] == 9);
    CHECK(any_mentions(notices, "expected 25 values, got 3"));
    CHECK(any_mentions(notices, "expected 9 values, got 11"));
    CHECK(any_mentions(notices, "not a finite number"));

    Config preset;
    preset.kernel_preset = "no-such-kernel";
    notices.clear();
    normalize(preset, &notices);
    CHECK(preset.kernel_preset == "ones");
    CHECK(any_mentions(notices, "unknown kernel preset"));

    Config fixed;
    fixed.kernel = {5, 5};
    fixed.kernel_preset = "sharpen";
    notices.clear();
    normalize(fixed, &notices);
    CHECK(fixed.kernel == Pair{3, 3});
    CHECK(fixed.w == std::vector<float>{0, -1, 0, -1, 5, -1, 0, -1, 0});
    CHECK(any_mentions(notices, "3x3"));
}

TEST_CASE("effective padding resolves same, valid and full") {
    Config c;
    c.kernel = {4, 3};
    c.dilation = {1, 2};
    c.padding = {7, 7, 7, 7};
    c.pad_preset = PadPreset::valid;
    Pad4 p = effective_padding(c);
    CHECK((p.top == 0 && p.bottom == 0 && p.left == 0 && p.right == 0));
    c.pad_preset = PadPreset::same;  // PyTorch: total d*(k-1), the odd pixel after
    p = effective_padding(c);
    CHECK((p.top == 1 && p.bottom == 2 && p.left == 2 && p.right == 2));
    c.pad_preset = PadPreset::full;
    p = effective_padding(c);
    CHECK((p.top == 3 && p.bottom == 3 && p.left == 4 && p.right == 4));
    c.pad_preset = PadPreset::custom;
    p = effective_padding(c);
    CHECK((p.top == 7 && p.right == 7));
}

// [SECTION] Presets and fills --------------------------------------------------------------------

TEST_CASE("kernel presets: sizes and values") {
    const auto& presets = kernel_presets();
    REQUIRE(presets.size() == 11);
    for (const auto& p : presets) {
        CAPTURE(p.name);
        int kh = 5, kw = 2;
        std::vector<float> v;
        REQUIRE(kernel_preset_values(p.name, kh, kw, v));
        if (p.size == 3) {
            CHECK(kh == 3);
            CHECK(kw == 3);
        } else {
            CHECK(p.size == 0);
            CHECK(kh == 5);
            CHECK(kw == 2);
        }
        CHECK(v.size() == static_cast<size_t>(kh * kw));
        CHECK(std::string(p.label).size() > 0);
    }
    int kh = 3, kw = 3;
    std::vector<float> v;
    REQUIRE(kernel_preset_values("sobel_x", kh, kw, v));
    CHECK(v == std::vector<float>{-1, 0, 1, -2, 0, 2, -1, 0, 1});
    REQUIRE(kernel_preset_values("sobel_y", kh, kw, v));
    CHECK(v == std::vector<float>{-1, -2, -1, 0, 0, 0, 1, 2, 1});
    REQUIRE(kernel_preset_values("edge", kh, kw, v));
    CHECK(v == std::vector<float>{-1, -1, -1, -1, 8, -1, -1, -1, -1});
    REQUIRE(kernel_preset_values("laplacian", kh, kw, v));
    CHECK(v == std::vector<float>{0, 1, 0, 1, -4, 1, 0, 1, 0});
    kh = 2;
    kw = 2;
    REQUIRE(kernel_preset_values("box", kh, kw, v));
    CHECK(v == std::vector<float>{0.25f, 0.25f, 0.25f, 0.25f});
    kh = kw = 3;
    REQUIRE(kernel_preset_values("gaussian", kh, kw, v));
    CHECK(v == std::vector<float>{1, 2, 1, 2, 4, 2, 1, 2, 1});
    kh = 1;
    kw = 5;
    REQUIRE(kernel_preset_values("gaussian", kh, kw, v));
    CHECK(v == std::vector<float>{1, 4, 6, 4, 1});
    // gaussian_norm: the same weights over their sum (a power of two, so the division is exact).
    for (const std::pair<int, int>& size : std::vector<std::pair<int, int>>{{3, 3}, {1, 5}, {4, 6}, {7, 7}}) {
        const int h = size.first, w = size.second;
        CAPTURE(h);
        CAPTURE(w);
        int gh = h, gw = w, nh = h, nw = w;
        std::vector<float> whole, unit;
        REQUIRE(kernel_preset_values("gaussian", gh, gw, whole));
        REQUIRE(kernel_preset_values("gaussian_norm", nh, nw, unit));
        REQUIRE(unit.size() == whole.size());
        const float sum = std::ldexp(1.0f, h + w - 2);
        double total = 0;
        for (size_t i = 0; i < unit.size(); ++i) {
            CHECK(unit[i] == whole[i] / sum);
            total += unit[i];
        }
        CHECK(total == 1.0);
    }
    kh = kw = 3;
    REQUIRE(kernel_preset_values("gaussian_norm", kh, kw, v));
    CHECK(v == std::vector<float>{0.0625f, 0.125f, 0.0625f, 0.125f, 0.25f, 0.125f, 0.0625f, 0.125f, 0.0625f});
    kh = 3;
    kw = 5;
    REQUIRE(kernel_preset_values("identity", kh, kw, v));
    REQUIRE(v.size() == 15);
    for (size_t i = 0; i < v.size(); ++i) CHECK(v[i] == (i == 7 ? 1.0f : 0.0f));
    kh = 2;
    kw = 4;
    REQUIRE(kernel_preset_values("ones", kh, kw, v));
    CHECK(v == std::vector<float>(8, 1.0f));
    CHECK_FALSE(kernel_preset_values("blur9000", kh, kw, v));
    CHECK_FALSE(kernel_preset_values("custom", kh, kw, v));
}

TEST_CASE("fill_values is deterministic") {
    const auto seq = fill_values(Fill::seq, 123, 3, 4);
    REQUIRE(seq.size() == 12);
    for (size_t i = 0; i < 12; ++i) CHECK(seq[i] == static_cast<float>(i + 1));

    CHECK(fill_values(Fill::random, 7, 6, 5) == fill_values(Fill::random, 7, 6, 5));
    CHECK(fill_values(Fill::random, 1, 6, 5) != fill_values(Fill::random, 2, 6, 5));
    // The generator is our own, so native and WebAssembly builds agree on these exact values.
    CHECK(fill_values(Fill::random, 1, 1, 8) == std::vector<float>{-2, 9, -7, 5, 2, 9, 2, -1});
    CHECK(fill_values(Fill::random, 7, 2, 4) == std::vector<float>{7, -9, -8, 6, -2, -4, 2, 1});
    for (uint32_t seed : {0u, 1u, 0xffffffffu}) {
        for (float v : fill_values(Fill::random, seed, 8, 8)) {
            CHECK(v >= -9);
            CHECK(v <= 9);
            CHECK(v == std::floor(v));
        }
    }
    for (float v : fill_values(Fill::ones, 1, 4, 3)) CHECK(v == 1);
    const auto checker = fill_values(Fill::checker, 1, 3, 3);
    CHECK(checker == std::vector<float>{1, 0, 1, 0, 1, 0, 1, 0, 1});
    CHECK(fill_values(Fill::custom, 1, 2, 2) == std::vector<float>(4, 0.0f));
}

// [SECTION] Change tracking ------------------------------------------------------------------------

TEST_CASE("set_config reports changes and recomputes only when the computation changes") {
    Lesson l;
    Config c = *lesson_config("seed-stride2");
    CHECK(l.set_config(c));
    const uint64_t first = l.revision;
    CHECK(first >= 1);
    CHECK_FALSE(l.set_config(c));
    CHECK(l.revision == first);

    SUBCASE("step, view, theme and display flags change the config but not the results") {
        c.step = 2;
        CHECK(l.set_config(c));
        CHECK(l.config().step == 2);
        c.view = View::compare;
        CHECK(l.set_config(c));
        c.theme = Theme::light;
        CHECK(l.set_config(c));
        c.compare_stride = {3, 3};
        CHECK(l.set_config(c));
        c.embed = true;
        c.large_text = true;
        CHECK(l.set_config(c));
        CHECK_FALSE(l.set_config(c));
        CHECK(l.revision == first);
        CHECK(l.config() == c);
    }
    SUBCASE("a new stride recomputes") {
        c.stride = {1, 1};
        CHECK(l.set_config(c));
        CHECK(l.revision == first + 1);
        CHECK(l.steps() == 9);
    }
    SUBCASE("the step is clamped to the last step, and repeating it is no change") {
        c.step = 100;
        CHECK(l.set_config(c));
        CHECK(l.config().step == 3);
        CHECK_FALSE(l.set_config(c));
        // A smaller walk pulls the step in.
        c.step = 3;
        c.input = {3, 3};
        CHECK(l.set_config(c));
        CHECK(l.steps() == 1);
        CHECK(l.config().step == 0);
    }
    SUBCASE("normalization notices are kept") {
        c.stride = {0, 0};
        CHECK(l.set_config(c));
        CHECK(any_mentions(l.notices, "stride (height)"));
        CHECK(l.config().stride == Pair{1, 1});
    }
}

// [SECTION] Refusals ------------------------------------------------------------------------------

TEST_CASE("refused configurations: an error, no steps, and every query stays safe") {
    std::vector<std::pair<std::string, Config>> refused;
    Config c;
    c.op = Op::max_pool2d;
    c.kernel = {2, 2};
    c.padding = {0, 1, 0, 1};
    refused.push_back({"same padding on both sides", c});
    c.op = Op::avg_pool2d;
    refused.push_back({"same padding on both sides", c});
    c = Config{};
    c.op = Op::avg_pool2d;
    c.dilation = {2, 2};
    refused.push_back({"dilation", c});
    c = Config{};
    c.stride = {2, 2};
    c.pad_preset = PadPreset::same;
    refused.push_back({"same", c});
    c = Config{};
    c.padding = {5, 5, 5, 5};
    c.padding_mode = PaddingMode::reflect;
    refused.push_back({"reflect", c});
    c = Config{};
    c.kernel = {9, 9};
    refused.push_back({"kernel too large", c});
    c = Config{};
    c.op = Op::max_pool2d;
    c.kernel = {2, 2};
    c.padding = {2, 2, 2, 2};
    refused.push_back({"half of kernel", c});

    for (const auto& refusal : refused) {
        const std::string& word = refusal.first;
        const Config& config = refusal.second;
        CAPTURE(word);
        Lesson l;
        l.set_config(config);
        CHECK(mentions(l.error, word));
        CHECK(l.steps() == 0);
        CHECK(l.config().step == 0);
        CHECK_FALSE(l.trace(0).ok());
        int reads = -1;
        CHECK(l.readers(0, 0, &reads).empty());
        CHECK(reads == 0);
        CHECK(l.role(0, 0) == CellRole::visited);
        CHECK(l.formula(true).size() > 0);
    }
}

// [SECTION] Formula text ---------------------------------------------------------------------------

TEST_CASE("formula() substitutes the numbers, the dilation term included, and says what the floor leaves") {
    CHECK(load("seed-stride2").formula(true) ==
          "floor((5 + 0 + 0 - 1\u00b7(3 - 1) - 1) / 2) + 1 = floor(2 / 2) + 1 = 2");
    CHECK(load("tf-same").formula(false) == "floor((6 + 0 + 1 - 1\u00b7(3 - 1) - 1) / 2) + 1 = floor(4 / 2) + 1 = 3");
    CHECK(load("dropped").formula(true) ==
          "floor((6 + 0 + 0 - 1\u00b7(3 - 1) - 1) / 2) + 1 = floor(3 / 2) + 1 = 2; remainder 1: 1 input row after "
          "the last window, never read");
    CHECK(mentions(load("dilation").formula(true), "- 2\u00b7(3 - 1) - 1) / 1"));
    CHECK(load("dilation").formula_symbols(true) == "H_out = floor((H + p_top + p_bottom - d\u00b7(k - 1) - 1) / s) + 1");

    Config c;
    c.input = {5, 7};
    c.stride = {2, 3};
    CHECK(load(c).formula(false) ==
          "floor((7 + 0 + 0 - 1\u00b7(3 - 1) - 1) / 3) + 1 = floor(4 / 3) + 1 = 2; remainder 1: 1 input column after "
          "the last window, never read");

    // The remainder partly in the padding: one input row and one padding row are never read.
    c = Config{};
    c.input = {9, 9};
    c.stride = {3, 3};
    c.padding = {1, 1, 1, 1};
    CHECK(load(c).formula(true) ==
          "floor((9 + 1 + 1 - 1\u00b7(3 - 1) - 1) / 3) + 1 = floor(8 / 3) + 1 = 3; remainder 2: 1 input row and 1 "
          "padding row after the last window, never read");

    c = Config{};
    c.op = Op::max_pool2d;
    c.kernel = {2, 2};
    c.stride = {2, 2};
    c.ceil_mode = true;
    CHECK(load(c).formula(true) == "ceil((5 + 0 + 0 - 1\u00b7(2 - 1) - 1) / 2) + 1 = ceil(3 / 2) + 1 = 3");
    // ceil_mode with padding: ceil gives 4 as written; PyTorch drops a last window that would start
    // after the input, and the formula says so instead of writing 3 after "ceil(5 / 2) + 1".
    c.padding = {1, 1, 1, 1};
    CHECK(load(c).formula(true) ==
          "ceil((5 + 1 + 1 - 1\u00b7(2 - 1) - 1) / 2) + 1 = ceil(5 / 2) + 1 = 4; the last window would start at "
          "padded row 6, after the last input row (padded row 5): dropped, so 3");
    CHECK(load(c).output.h == 3);

    c = Config{};
    c.kernel = {7, 7};
    CHECK(mentions(load(c).formula(true), "does not fit"));
}

TEST_CASE("the uneven lesson says who floors and who refuses") {
    const auto& ls = lessons();
    const auto it = std::find_if(ls.begin(), ls.end(), [](const LessonInfo& i) { return std::string(i.name) == "uneven"; });
    REQUIRE(it != ls.end());
    CHECK(mentions(it->point, "PyTorch, TensorFlow and JAX floor silently"));
    CHECK(mentions(it->point, "some visualizers and textbooks refuse"));
    CHECK_FALSE(mentions(it->point, "other tools refuse"));
}

TEST_CASE("step arithmetic is written out for each op") {
    teach::Lesson l;
    auto c = *teach::lesson_config("seed-stride2");
    l.set_config(c);
    auto t = l.trace(1);
    REQUIRE(t.ok());
    CHECK(teach::step_arithmetic(l.config(), t.value) == "3\u00d71 + 4\u00d71 + 5\u00d71 + 8\u00d71 + 9\u00d71 + 10\u00d71 + 13\u00d71 + 14\u00d71 + 15\u00d71 = 81");
    c.bias = 0.5f;
    l.set_config(c);
    t = l.trace(1);
    REQUIRE(t.ok());
    CHECK(teach::step_arithmetic(l.config(), t.value) ==
          "3\u00d71 + 4\u00d71 + 5\u00d71 + 8\u00d71 + 9\u00d71 + 10\u00d71 + 13\u00d71 + 14\u00d71 + 15\u00d71 = 81   + bias 0.5 = 81.5");
    c.bias = 0;
    c.op = teach::Op::max_pool2d;
    c.kernel = {2, 2};
    l.set_config(c);
    t = l.trace(0);
    REQUIRE(t.ok());
    CHECK(teach::step_arithmetic(l.config(), t.value) == "max(1, 2, 6, 7) = 7");
    c.op = teach::Op::avg_pool2d;
    l.set_config(c);
    t = l.trace(0);
    REQUIRE(t.ok());
    CHECK(teach::step_arithmetic(l.config(), t.value) == "(1 + 2 + 6 + 7) / 4 = 4");
    // Without count_include_pad, the padding is neither summed nor counted: only real cells shown.
    c = teach::decode_query("op=avg_pool2d&input=5x5&kernel=3&stride=2&padding=1&count_include_pad=0").config;
    l.set_config(c);
    t = l.trace(0);
    REQUIRE(t.ok());
    CHECK(teach::step_arithmetic(l.config(), t.value) == "(1 + 2 + 6 + 7) / 4 = 4   (5 padding cells not counted)");
    c.count_include_pad = true;
    l.set_config(c);
    t = l.trace(0);
    CHECK(teach::step_arithmetic(l.config(), t.value) == "(0 + 0 + 0 + 0 + 1 + 2 + 0 + 6 + 7) / 9 = 1.78");
    CHECK(teach::format_number(-2.0f) == "-2");
    CHECK(teach::format_number(0.125f) == "0.125");
}

TEST_CASE("normalize: an alias of a kernel preset becomes its canonical name; every op is taught") {
    Config c;
    c.kernel_preset = "Sobel-X";
    std::vector<std::string> notices;
    normalize(c, &notices);
    CHECK(notices.empty());
    CHECK(c.kernel_preset == "sobel_x");
    CHECK(c.w == std::vector<float>{-1, 0, 1, -2, 0, 2, -1, 0, 1});
    c.op = Op::conv_transpose2d;  // issue 12: the transposed conv has its walk (teach/transposed.hpp)
    normalize(c, &notices);
    CHECK(c.op == Op::conv_transpose2d);
    CHECK(notices.empty());
    c.op = static_cast<Op>(7);  // not an op: what a corrupted state could hold
    normalize(c, &notices);
    CHECK(c.op == Op::conv2d);
    REQUIRE(notices.size() == 1);
}

TEST_CASE("zoom levels: + and - step through 100, 125, 150, 200, 250, 300, 400 from any zoom, and stop at the ends") {
    int z = kMinZoom;
    std::vector<int> up;
    while (z < kMaxZoom) up.push_back(z = zoom_in(z));
    CHECK(up == std::vector<int>{125, 150, 200, 250, 300, 400});
    CHECK(zoom_in(kMaxZoom) == kMaxZoom);
    CHECK(zoom_out(kMinZoom) == kMinZoom);
    CHECK(zoom_out(400) == 300);
    CHECK(zoom_out(125) == 100);
    // A pinch leaves values between the levels: the next level each way.
    CHECK(zoom_in(173) == 200);
    CHECK(zoom_out(173) == 150);
    // Opening a lesson keeps the zoom (presentation), and it is not part of the computation.
    Config a = *lesson_config("dropped");
    Config b = a;
    b.zoom = 250;
    CHECK(same_computation(a, b));
    CHECK_FALSE(a == b);
    Config lesson = *lesson_config("uneven");
    keep_presentation(b, lesson);
    CHECK(lesson.zoom == 250);
}
