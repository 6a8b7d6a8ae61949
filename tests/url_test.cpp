// url_test.cpp -- the URL state codec: exact canonical encodings, the accepted spellings of every
// parameter, round trips (one parameter at a time and randomized with a fixed seed), minimality,
// and a table of hostile queries that must leave a normalized Config and say what was wrong.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "teach/url.hpp"

using namespace strideconv;
using namespace strideconv::teach;

namespace {

Config normalized(Config c) {
    normalize(c);
    return c;
}

bool any_mentions(const std::vector<std::string>& notices, const std::string& word) {
    return std::any_of(notices.begin(), notices.end(),
                       [&](const std::string& n) { return n.find(word) != std::string::npos; });
}

// A decoded config is valid when normalizing it again changes nothing and says nothing.
void check_normalized(const Config& c) {
    Config again = c;
    std::vector<std::string> notices;
    normalize(again, &notices);
    CHECK(notices.empty());
    CHECK(again == c);
}

// Each notice is one short, printable sentence.
void check_readable(const std::vector<std::string>& notices) {
    CHECK(notices.size() <= kMaxUrlNotices);
    for (const auto& n : notices) {
        CAPTURE(n);
        REQUIRE(!n.empty());
        CHECK(n.size() < 400);
        CHECK(n.back() == '.');
        CHECK(std::all_of(n.begin(), n.end(), [](char ch) {
            return static_cast<unsigned char>(ch) >= 0x20 && static_cast<unsigned char>(ch) < 0x7f;
        }));
    }
}

void check_round_trip(const Config& c) {
    const std::string q = encode_query(c);
    CAPTURE(q);
    CHECK(q.size() < kMaxQueryLength);
    CHECK(q.find('?') == std::string::npos);
    CHECK(q.find('+') == std::string::npos);  // '+' would read back as a space
    const Decoded d = decode_query(q);
    CHECK(d.notices.empty());
    CHECK(d.config == c);
    CHECK(encode_query(d.config) == q);  // canonical
    CHECK(decode_query("?" + q).config == c);
    CHECK(decode_query("#" + q).config == c);
}

float random_finite_float(std::mt19937& rng) {
    for (;;) {
        const uint32_t bits = rng();
        float f;
        std::memcpy(&f, &bits, sizeof f);
        if (std::isfinite(f)) return f;
    }
}

float random_value(std::mt19937& rng) {
    switch (rng() % 4) {
        case 0: return static_cast<float>(static_cast<int>(rng() % 19) - 9);
        case 1: return static_cast<float>(rng()) / 4294967296.0f * 20.0f - 10.0f;
        case 2: return static_cast<float>(static_cast<int>(rng() % 2001) - 1000) / 100.0f;
        default: return random_finite_float(rng);
    }
}

// Any configuration the UI could hold: a lesson or not, then fields changed at random (also out of
// range: normalize clamps them), then normalized.
Config random_config(std::mt19937& rng) {
    // Not std::uniform_int_distribution: its output differs between standard libraries, and the
    // same configurations should be tested natively and under WebAssembly.
    auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng() % uint32_t(hi - lo + 1)); };
    auto maybe = [&] { return pick(0, 1) == 0; };
    Config c;
    if (maybe()) c = *lesson_config(lessons()[static_cast<size_t>(pick(0, int(lessons().size()) - 1))].name);
    if (maybe()) c.op = static_cast<Op>(pick(0, 3));
    if (maybe()) c.output_padding = {pick(-1, 8), pick(-1, 8)};
    if (maybe()) c.transposed_view = static_cast<TransposedView>(pick(0, 2));
    if (maybe()) c.input = {pick(1, 34), pick(1, 34)};
    if (maybe()) c.kernel = {pick(1, 10), pick(1, 10)};
    if (maybe()) c.stride = {pick(1, 9), pick(1, 9)};
    if (maybe()) c.pad_preset = static_cast<PadPreset>(pick(0, 3));
    if (maybe()) c.padding = {pick(0, 9), pick(0, 9), pick(0, 9), pick(0, 9)};
    if (maybe()) c.padding_mode = static_cast<PaddingMode>(pick(0, 3));
    if (maybe()) c.dilation = {pick(1, 7), pick(1, 7)};
    if (maybe()) c.bias = random_value(rng);
    if (maybe()) c.ceil_mode = maybe();
    if (maybe()) c.count_include_pad = maybe();
    if (maybe()) c.fill = static_cast<Fill>(pick(0, 4));
    if (maybe()) c.seed = static_cast<uint32_t>(rng());
    if (c.fill == Fill::custom) {
        c.x.resize(static_cast<size_t>(std::clamp(c.input[0], 1, kMaxGrid) * std::clamp(c.input[1], 1, kMaxGrid)));
        for (auto& v : c.x) v = random_value(rng);
    }
    if (maybe()) {
        const auto& presets = kernel_presets();
        const int i = pick(0, int(presets.size()));
        c.kernel_preset = i == int(presets.size()) ? "custom" : presets[static_cast<size_t>(i)].name;
    }
    if (c.kernel_preset == "custom") {
        c.w.resize(static_cast<size_t>(std::clamp(c.kernel[0], 1, kMaxKernel) * std::clamp(c.kernel[1], 1, kMaxKernel)));
        for (auto& v : c.w) v = random_value(rng);
    }
    if (maybe()) c.step = maybe() ? pick(0, 30) : pick(0, 1 << 30);
    if (maybe()) c.view = static_cast<View>(pick(0, 1));
    if (maybe()) c.compare_stride = {pick(1, 9), pick(1, 9)};
    if (maybe()) c.theme = static_cast<Theme>(pick(0, 1));
    if (maybe()) c.colours = static_cast<Colours>(pick(0, 1));
    if (maybe()) c.embed = maybe();
    if (maybe()) c.large_text = maybe();
    if (maybe()) c.zoom = pick(90, 410);
    if (maybe()) c.view = View::image;
    if (maybe()) c.image.source = static_cast<image::SourceKind>(pick(0, 5));
    if (maybe()) c.image.photo = image::photos()[static_cast<size_t>(pick(0, int(image::photos().size()) - 1))].name;
    if (maybe()) c.image.size = {pick(1, 2100), pick(1, 2100)};
    if (maybe()) c.image.color = static_cast<image::Color>(pick(0, 1));
    if (maybe()) c.image.routes = static_cast<unsigned>(pick(0, 40));
    if (maybe()) c.image.shift = {pick(-2, 9), pick(-2, 9)};
    if (maybe()) c.image.blur = pick(-1, 9);
    if (maybe()) c.about = maybe();
    if (maybe()) c.index_base = pick(0, 1);
    if (maybe()) c.predict = static_cast<Predict>(pick(0, 2));
    return normalized(c);
}

std::vector<std::string> split_params(const std::string& q) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= q.size()) {
        const size_t amp = q.find('&', start);
        parts.push_back(q.substr(start, amp == std::string::npos ? std::string::npos : amp - start));
        if (amp == std::string::npos) break;
        start = amp + 1;
    }
    return parts;
}

}  // namespace

// [SECTION] Encoding ------------------------------------------------------------------------------

TEST_CASE("the default config encodes to nothing, and nothing decodes to the default") {
    CHECK(encode_query(Config{}) == "");
    CHECK(encode_query(normalized(Config{})) == "");
    for (const char* q : {"", "?", "#", "?&&", "#?"}) {
        CAPTURE(q);
        const Decoded d = decode_query(q);
        CHECK(d.notices.empty());
        CHECK(d.config == normalized(Config{}));
    }
}

TEST_CASE("exact canonical encodings") {
    CHECK(encode_query(*lesson_config("seed-stride2")) == "lesson=seed-stride2");

    Config c = *lesson_config("dropped");
    c.stride = {3, 3};
    c.step = 2;
    CHECK(encode_query(normalized(c)) == "lesson=dropped&stride=3&step=2");

    c = Config{};
    c.input = {6, 4};
    c.stride = {2, 2};
    c.padding = {0, 1, 0, 1};
    c.padding_mode = PaddingMode::reflect;
    CHECK(encode_query(normalized(c)) == "input=6x4&stride=2&padding=0,1,0,1&padding_mode=reflect");

    c = Config{};
    c.padding = {2, 2, 1, 1};
    CHECK(encode_query(normalized(c)) == "padding=2x1");
    c.padding = {1, 1, 1, 1};
    CHECK(encode_query(normalized(c)) == "padding=1");
    // A preset keeps the explicit numbers the user typed, so they come back when it is undone.
    c.pad_preset = PadPreset::same;
    CHECK(encode_query(normalized(c)) == "custom_padding=1&padding=same");
    CHECK(encode_query(*lesson_config("padding-same")) == "lesson=padding-same");
    Config lesson_same = *lesson_config("padding-same");
    lesson_same.pad_preset = PadPreset::same;
    CHECK(encode_query(lesson_same) == "lesson=padding-same&padding=same");

    c = Config{};
    c.op = Op::max_pool2d;
    c.kernel = {2, 2};
    c.stride = {2, 2};
    c.ceil_mode = true;
    CHECK(encode_query(normalized(c)) == "op=max_pool2d&kernel=2&stride=2&ceil_mode=1");

    c = Config{};
    c.fill = Fill::random;
    c.seed = 42;
    c.theme = Theme::light;
    c.embed = true;
    c.large_text = true;
    c.colours = Colours::colorblind;
    c.view = View::compare;
    c.compare_stride = {2, 1};
    CHECK(encode_query(normalized(c)) ==
          "values=random:42&view=compare&compare_stride=2x1&theme=light&palette=colorblind&embed=1&large_text=1");

    // The seed is remembered under another fill, so switching back to random restores it.
    c = Config{};
    c.fill = Fill::checker;
    c.seed = 9;
    CHECK(encode_query(normalized(c)) == "values=checker&seed=9");

    c = Config{};
    c.input = {2, 2};
    c.fill = Fill::custom;
    c.x = {1.5f, -2, 0.1f, 1e10f};
    c.kernel = {1, 3};
    c.kernel_preset = "custom";
    c.w = {1.0f / 3.0f, FLT_MAX, std::numeric_limits<float>::denorm_min()};
    c.bias = -2.5e-7f;
    CHECK(encode_query(normalized(c)) ==
          "input=2&kernel=1x3&bias=-2.5e-7&x=1.5,-2,0.1,1e10&w=0.33333334,3.4028235e38,1e-45");

    c = Config{};
    c.kernel_preset = "gaussian";
    c.op = Op::avg_pool2d;
    c.count_include_pad = false;
    c.dilation = {2, 1};
    CHECK(encode_query(normalized(c)) == "op=avg_pool2d&dilation=2x1&count_include_pad=0&kernel_preset=gaussian");
}

TEST_CASE("an unknown lesson name is not encoded") {
    Config c;
    c.lesson = "homework-3";
    c.stride = {2, 2};
    CHECK(encode_query(c) == "stride=2");
}

// [SECTION] Decoding ------------------------------------------------------------------------------

TEST_CASE("accepted spellings of each parameter") {
    auto decoded = [](const std::string& q) {
        const Decoded d = decode_query(q);
        CAPTURE(q);
        CHECK(d.notices.empty());
        return d.config;
    };
    CHECK(decoded("input=7").input == Pair{7, 7});
    CHECK(decoded("input=7x5").input == Pair{7, 5});
    CHECK(decoded("input=7X5").input == Pair{7, 5});
    CHECK(decoded("input=6%784").input == Pair{6, 4});  // %78 is 'x'
    CHECK(decoded("input=+6+x+4+").input == Pair{6, 4});  // '+' is a space
    CHECK(decoded("kernel=3x5").kernel == Pair{3, 5});
    CHECK(decoded("stride=2.0").stride == Pair{2, 2});  // an integral decimal is a whole number
    CHECK(decoded("dilation=2x3").dilation == Pair{2, 3});
    CHECK(decoded("compare_stride=4").compare_stride == Pair{4, 4});

    Config c = decoded("padding=2");
    CHECK((c.pad_preset == PadPreset::custom && c.padding.top == 2 && c.padding.bottom == 2 &&
           c.padding.left == 2 && c.padding.right == 2));
    c = decoded("padding=2x1");
    CHECK((c.padding.top == 2 && c.padding.bottom == 2 && c.padding.left == 1 && c.padding.right == 1));
    c = decoded("padding=1,2,3,4");
    CHECK((c.padding.top == 1 && c.padding.bottom == 2 && c.padding.left == 3 && c.padding.right == 4));
    CHECK(decoded("padding=same").pad_preset == PadPreset::same);
    CHECK(decoded("padding=VALID").pad_preset == PadPreset::valid);
    CHECK(decoded("padding=full").pad_preset == PadPreset::full);
    c = decoded("custom_padding=3&padding=same");
    CHECK((c.pad_preset == PadPreset::same && c.padding.top == 3));
    CHECK(decoded("padding_mode=circular").padding_mode == PaddingMode::circular);
    CHECK(decoded("padding_mode=Reflect").padding_mode == PaddingMode::reflect);
    CHECK(decoded("padding_mode=replicate").padding_mode == PaddingMode::replicate);

    c = decoded("values=random:42");
    CHECK((c.fill == Fill::random && c.seed == 42));
    CHECK(c.x == fill_values(Fill::random, 42, 5, 5));
    CHECK(decoded("values=random").fill == Fill::random);
    CHECK(decoded("values=ones").x == std::vector<float>(25, 1.0f));
    CHECK(decoded("values=checker").fill == Fill::checker);
    CHECK(decoded("seed=4294967295").seed == 4294967295u);
    c = decoded("x=1,2.5,-3,4e1&input=2");
    CHECK(c.fill == Fill::custom);
    CHECK(c.x == std::vector<float>{1, 2.5f, -3, 40});
    c = decoded("w=1,0,-1,2,0,-2,1,0,-1");
    CHECK(c.kernel_preset == "custom");
    CHECK(c.w == std::vector<float>{1, 0, -1, 2, 0, -2, 1, 0, -1});
    CHECK(decoded("kernel_preset=custom&w=1,2,3,4,5,6,7,8,9").w[8] == 9);
    CHECK(decoded("kernel_preset=sobel_y").w == std::vector<float>{-1, -2, -1, 0, 0, 0, 1, 2, 1});
    CHECK(decoded("bias=-0.5").bias == -0.5f);
    CHECK(decoded("bias=1e-3").bias == 1e-3f);
    CHECK(decoded("bias=.5").bias == 0.5f);

    CHECK(decoded("op=max_pool2d").op == Op::max_pool2d);
    CHECK(decoded("op=avg_pool2d").op == Op::avg_pool2d);
    CHECK(decoded("ceil_mode=1").ceil_mode);
    CHECK(decoded("ceil_mode=true").ceil_mode);
    CHECK_FALSE(decoded("count_include_pad=0").count_include_pad);
    CHECK(decoded("step=3").step == 3);
    CHECK(decoded("view=compare").view == View::compare);
    CHECK(decoded("theme=light").theme == Theme::light);
    CHECK(decoded("THEME=Light").theme == Theme::light);
    CHECK(decoded("palette=colorblind").colours == Colours::colorblind);
    CHECK(decoded("PALETTE=ColorBlind").colours == Colours::colorblind);
    CHECK(decoded("palette=standard").colours == Colours::standard);
    {
        const Decoded d = decode_query("palette=pink");
        CHECK(d.config.colours == Colours::standard);
        REQUIRE(d.notices.size() == 1);
        CHECK(d.notices[0].find("expected standard or colorblind") != std::string::npos);
    }
    CHECK(decoded("embed=1").embed);
    CHECK(decoded("large_text=1").large_text);
    CHECK(decoded("zoom=250").zoom == 250);
    CHECK(decoded("").zoom == 100);
    {
        const Decoded d = decode_query("zoom=big");
        CHECK(d.config.zoom == 100);
        REQUIRE(d.notices.size() == 1);
        CHECK(d.notices[0].find("expected a whole number of percent from 100 to 400") != std::string::npos);
        CHECK(decode_query("zoom=1000").config.zoom == 400);  // clamped by normalize, with a notice
        CHECK(decode_query("zoom=1000").notices.size() == 1);
        CHECK(decode_query("zoom=50").config.zoom == 100);
    }
    CHECK(decoded("about=1").about);
    CHECK_FALSE(decoded("about=0").about);
    CHECK(decoded("index_base=1").index_base == 1);
    CHECK(decoded("predict=window").predict == Predict::window);
    CHECK(decoded("predict=1").predict == Predict::value);
    CHECK(decode_query("index_base=2").notices.size() == 1);
    CHECK(decode_query("predict=maybe").notices.size() == 1);
    CHECK(decoded("lesson=DROPPED").lesson == "dropped");
}

TEST_CASE("a lesson is applied first, whatever its place in the query") {
    const Decoded a = decode_query("?lesson=dropped&stride=3&step=1");
    const Decoded b = decode_query("#step=1&stride=3&lesson=dropped");
    CHECK(a.notices.empty());
    CHECK(b.notices.empty());
    CHECK(a.config == b.config);
    CHECK(a.config.lesson == "dropped");
    CHECK(a.config.input == Pair{6, 6});  // from the lesson
    CHECK(a.config.stride == Pair{3, 3});  // overridden
    CHECK(a.config.step == 1);
    // Explicit values override the lesson's fill and kernel too.
    const Decoded r = decode_query("w=0,0,0,0,1,0,0,0,0&values=ones&lesson=resnet-downsample");
    CHECK(r.notices.empty());
    CHECK(r.config.fill == Fill::ones);
    CHECK(r.config.kernel_preset == "custom");
    CHECK(r.config.input == Pair{8, 8});
}

TEST_CASE("a duplicated key: the last value wins, with a notice") {
    const Decoded d = decode_query("stride=2&kernel=3&stride=3");
    CHECK(d.config.stride == Pair{3, 3});
    REQUIRE(d.notices.size() == 1);
    CHECK(any_mentions(d.notices, "stride"));
    CHECK(any_mentions(d.notices, "2 times"));
}

TEST_CASE("apply_query merges a partial query into the current state") {
    Config current = *lesson_config("dropped");
    current.fill = Fill::custom;
    current.x.assign(36, 2.0f);
    current.theme = Theme::light;
    current = normalized(current);

    Decoded d = apply_query(current, "stride=3&step=1");
    CHECK(d.notices.empty());
    Config expected = current;
    expected.stride = {3, 3};
    expected.step = 1;
    CHECK(d.config == expected);

    d = apply_query(current, "values=random:5");  // the current x= does not block it
    CHECK(d.notices.empty());
    CHECK(d.config.fill == Fill::random);
    CHECK(d.config.seed == 5u);
    CHECK(d.config.theme == Theme::light);

    d = apply_query(current, "?lesson=skipped");  // a lesson starts over
    CHECK(d.notices.empty());
    CHECK(d.config == *lesson_config("skipped"));

    d = apply_query(current, "stride=junk");
    CHECK(any_mentions(d.notices, "stride"));
    CHECK(d.config == current);

    CHECK(apply_query(current, "").config == current);
    CHECK(apply_query(Config{}, "input=3").config == decode_query("input=3").config);
}

// [SECTION] Round trips -------------------------------------------------------------------------

TEST_CASE("round trip, one parameter at a time") {
    const std::vector<std::pair<const char*, std::function<void(Config&)>>> changes = {
        {"op max", [](Config& c) { c.op = Op::max_pool2d; c.kernel = {2, 2}; }},
        {"op avg", [](Config& c) { c.op = Op::avg_pool2d; }},
        {"input", [](Config& c) { c.input = {32, 1}; }},
        {"kernel", [](Config& c) { c.kernel = {1, 9}; }},
        {"stride", [](Config& c) { c.stride = {8, 3}; }},
        {"padding 1", [](Config& c) { c.padding = {1, 1, 1, 1}; }},
        {"padding 2x0", [](Config& c) { c.padding = {2, 2, 0, 0}; }},
        {"padding sides", [](Config& c) { c.padding = {0, 8, 3, 1}; }},
        {"padding 0 on a padded lesson", [](Config& c) { c.padding = {0, 0, 0, 0}; }},
        {"same", [](Config& c) { c.pad_preset = PadPreset::same; }},
        {"valid", [](Config& c) { c.pad_preset = PadPreset::valid; c.padding = {1, 2, 3, 4}; }},
        {"full", [](Config& c) { c.pad_preset = PadPreset::full; }},
        {"padding_mode", [](Config& c) { c.padding_mode = PaddingMode::replicate; }},
        {"dilation", [](Config& c) { c.dilation = {6, 1}; }},
        {"bias", [](Config& c) { c.bias = 0.1f; }},
        {"bias tiny", [](Config& c) { c.bias = -std::numeric_limits<float>::denorm_min(); }},
        {"bias max", [](Config& c) { c.bias = -FLT_MAX; }},
        {"ceil_mode", [](Config& c) { c.ceil_mode = true; }},
        {"count_include_pad", [](Config& c) { c.count_include_pad = false; }},
        {"values ones", [](Config& c) { c.fill = Fill::ones; }},
        {"values checker", [](Config& c) { c.fill = Fill::checker; }},
        {"values seq", [](Config& c) { c.fill = Fill::seq; }},
        {"values random", [](Config& c) { c.fill = Fill::random; c.seed = 123456789; }},
        {"seed alone", [](Config& c) { c.seed = 0; }},
        {"x", [](Config& c) { c.fill = Fill::custom; c.x.assign(c.x.size(), 0.25f); c.x[0] = -1e-20f; }},
        {"x with a seed", [](Config& c) { c.fill = Fill::custom; c.seed = 5; }},
        {"kernel_preset", [](Config& c) { c.kernel_preset = "emboss"; }},
        {"kernel_preset identity", [](Config& c) { c.kernel_preset = "identity"; c.kernel = {5, 3}; }},
        {"w", [](Config& c) { c.kernel_preset = "custom"; c.w.assign(c.w.size(), -0.5f); }},
        {"step", [](Config& c) { c.step = 3; }},
        {"step huge", [](Config& c) { c.step = 2147483647; }},
        {"view", [](Config& c) { c.view = View::compare; }},
        {"compare_stride", [](Config& c) { c.compare_stride = {1, 8}; }},
        {"theme", [](Config& c) { c.theme = Theme::light; }},
        {"embed", [](Config& c) { c.embed = true; }},
        {"large_text", [](Config& c) { c.large_text = true; }},
        {"zoom", [](Config& c) { c.zoom = 175; }},
        {"about", [](Config& c) { c.about = true; }},
        {"lesson only in name", [](Config& c) { c.lesson = "uneven"; }},
        {"view image", [](Config& c) { c.view = View::image; }},
        {"image stripes", [](Config& c) { c.image.source = image::SourceKind::stripes; }},
        {"image scene", [](Config& c) { c.image.source = image::SourceKind::scene; }},
        {"image photo", [](Config& c) { c.image.source = image::SourceKind::photo; }},
        {"image photo brick", [](Config& c) { c.image.source = image::SourceKind::photo; c.image.photo = "brick"; }},
        {"image zoneplate", [](Config& c) { c.image.source = image::SourceKind::zoneplate; }},
        {"image_size", [](Config& c) { c.image.size = {2048, 16}; }},
        {"image_size square", [](Config& c) { c.image.size = {512, 512}; }},
        {"color gray", [](Config& c) { c.image.color = image::Color::gray; }},
        {"routes", [](Config& c) { c.image.routes = 0x16; }},
        {"routes one", [](Config& c) { c.image.routes = 0x10; }},
        {"shift", [](Config& c) { c.image.shift = {3, 2}; }},
        {"shift one axis", [](Config& c) { c.image.shift = {0, 7}; }},
        {"blur 7", [](Config& c) { c.image.blur = 7; }},
        {"blur 1", [](Config& c) { c.image.blur = 1; }},
    };
    std::vector<Config> bases = {normalized(Config{})};
    for (const auto& info : lessons()) bases.push_back(*lesson_config(info.name));
    for (const Config& base : bases) {
        CAPTURE(base.lesson);
        check_round_trip(base);
        for (const auto& entry : changes) {
            const char* name = entry.first;
            CAPTURE(name);
            Config c = base;
            entry.second(c);
            check_round_trip(normalized(c));
        }
    }
}

TEST_CASE("round trip, randomized configurations (fixed seed)") {
    std::mt19937 rng(20240607u);
    for (int i = 0; i < 3000; ++i) {
        CAPTURE(i);
        const Config c = random_config(rng);
        check_round_trip(c);
        // Minimal: every parameter written is needed, to decode the same config without a notice
        // (kernel=3x3 next to a fixed 3x3 preset only spares the "set to 3x3" notice).
        if (i % 10 == 0) {
            const std::string q = encode_query(c);
            if (q.empty()) continue;
            const auto parts = split_params(q);
            for (size_t skip = 0; skip < parts.size(); ++skip) {
                std::string without;
                for (size_t j = 0; j < parts.size(); ++j)
                    if (j != skip) without += (without.empty() ? "" : "&") + parts[j];
                CAPTURE(parts[skip]);
                const Decoded d = decode_query(without);
                CHECK((d.config != c || !d.notices.empty()));
            }
        }
    }
}

TEST_CASE("the longest canonical query fits and round-trips") {
    Config c;
    c.input = {kMaxGrid, kMaxGrid};
    c.kernel = {kMaxKernel, kMaxKernel};
    c.fill = Fill::custom;
    c.x.assign(static_cast<size_t>(kMaxGrid * kMaxGrid), -FLT_MIN);  // -1.1754944e-38
    c.kernel_preset = "custom";
    c.w.assign(static_cast<size_t>(kMaxKernel * kMaxKernel), -FLT_MIN);
    c.op = Op::avg_pool2d;
    c.stride = {7, 8};
    c.padding = {1, 2, 3, 4};
    c.padding_mode = PaddingMode::circular;
    c.dilation = {5, 6};
    c.bias = -FLT_MIN;
    c.ceil_mode = true;
    c.count_include_pad = false;
    c.seed = 4294967295u;
    c.step = 2147483647;
    c.view = View::compare;
    c.compare_stride = {7, 8};
    c.theme = Theme::light;
    c.embed = c.large_text = true;
    c.lesson = "resnet-downsample";
    c = normalized(c);
    CHECK(encode_query(c).size() > 16000);
    check_round_trip(c);
}

// [SECTION] Hostile input -------------------------------------------------------------------------

TEST_CASE("named settings: each name in its table is read and written, anything else names them all") {
    // {key, a bad value, the notice's whole text}
    const std::vector<std::array<std::string, 3>> refused = {
        {"view", "table", "Ignored view='table': expected walk, compare, quiz, stack or image."},
        {"theme", "blue", "Ignored theme='blue': expected light or dark."},
        {"palette", "pink", "Ignored palette='pink': expected standard or colorblind."},
        {"predict", "2", "Ignored predict='2': expected off, value or window."},
        {"compare_with", "dilation", "Ignored compare_with='dilation': expected stride or pool."},
        {"quiz", "pools", "Ignored quiz='pools': expected stride, transposed, channels or all."},
    };
    for (const auto& row : refused) {
        const std::string& key = row[0];  // not a structured binding: CAPTURE's lambda cannot take one (clang 14)
        const Decoded d = decode_query(key + "=" + row[1]);
        CAPTURE(key);
        CHECK(d.config == decode_query("").config);
        REQUIRE(d.notices.size() == 1);
        CHECK(d.notices[0] == row[2]);
    }
    // Every name, read and written back (the aliases 0 and 1 of predict read, never written).
    for (const auto& n : kViewNames) CHECK(decode_query(std::string("view=") + n.text).config.view == n.value);
    CHECK(encode_query(decode_query("view=stack").config) == "view=stack");
    for (const auto& n : kQuizTopicNames) CHECK(decode_query(std::string("quiz=") + n.text).config.quiz == n.value);
    CHECK(decode_query("predict=value&predict=0").config.predict == Predict::off);
    CHECK(encode_query(decode_query("predict=1").config) == "predict=value");
    // padding=custom is not a link's word (numbers are): a notice, as before the names moved to a table.
    CHECK(decode_query("padding=custom").notices.size() == 1);
    CHECK(std::string(to_string(PadPreset::custom)) == "custom");
}

TEST_CASE("hostile queries leave a normalized config and say what was wrong") {
    const std::string long_input = "input=" + std::string(40000, '5');
    std::string many_values = "x=";
    for (int i = 0; i < 3000; ++i) many_values += "1,";
    std::string many_unknown;
    for (int i = 0; i < 200; ++i) many_unknown += "junk" + std::to_string(i) + "=1&";

    // {query, a word some notice must contain}
    const std::vector<std::pair<std::string, std::string>> hostile = {
        {"input=-5", "input"},
        {"input=99999999999999999999", "input"},
        {"input=-99999999999999999999x5", "input"},
        {"input=abc", "input"},
        {"input=", "input"},
        {"input=5x", "input"},
        {"input=x5", "input"},
        {"input=5x5x5", "input"},
        {"input=5.5", "input"},
        {"input=<script>alert(1)</script>", "input"},
        {"input=%F0%9F%98%80", "input"},
        {"kernel=0", "kernel"},
        {"kernel=NaN", "kernel"},
        {"stride=inf", "stride"},
        {"stride=-1x2", "stride"},
        {"stride=1e30", "stride"},
        {"stride=0x0", "stride"},
        {"padding=-1", "padding"},
        {"padding=1,2,3", "padding"},
        {"padding=bogus", "padding"},
        {"padding=99999999999999999999", "padding"},
        {"custom_padding=a", "custom_padding"},
        {"padding_mode=mirror", "padding_mode"},
        {"dilation=100", "dilation"},
        {"values=random:-1", "values"},
        {"values=random:abc", "values"},
        {"values=random:99999999999", "values"},
        {"values=noise", "values"},
        {"values=seq:5", "values"},
        {"seed=4294967296", "seed"},
        {"seed=-1", "seed"},
        {"x=1,2,abc&input=2", "x"},
        {"x=1,2", "input values"},
        {"x=1,,3,4&input=2", "x"},
        {many_values, "input values"},
        {"w=nan,1,1,1,1,1,1,1,1", "w"},
        {"w=1e999", "w"},
        {"w=1,2,3,4,5,6,7,8,9&kernel_preset=gaussian", "kernel_preset"},
        {"x=1,2,3,4&values=random:3&input=2", "values"},
        {"kernel_preset=../../etc/passwd", "kernel_preset"},
        {"kernel_preset=sobel_x&kernel=5", "3x3"},
        {"bias=NaN", "bias"},
        {"bias=-inf", "bias"},
        {"bias=1e400", "bias"},
        {"bias=3.5e38", "bias"},
        {"bias=0x10", "bias"},
        {"bias=1,5", "bias"},
        {"op=conv3d", "op"},
        {"ceil_mode=2", "ceil_mode"},
        {"count_include_pad=maybe", "count_include_pad"},
        {"step=-3", "step"},
        {"step=99999999999999999999", "step"},
        {"step=1.5", "step"},
        {"view=grid", "view"},
        {"compare_stride=0", "compare stride"},
        {"theme=blue", "theme"},
        {"theme=light&theme=%00", "theme"},
        {"embed=%", "embed"},
        {"embed", "embed"},
        {"large_text=%zz", "large_text"},
        {"lesson=nope", "lesson"},
        {"lesson=", "lesson"},
        {"lesson=../dropped", "lesson"},
        {"unknown=1", "unknown"},
        {"stride=2&stride=3", "stride"},
        {"a&&&&=&=5", "without a name"},
        {"%00%ff=1", "unknown parameter"},
        {"padding_mode=reflect&padding=9", "padding"},
        {long_input, "characters"},
        {many_unknown, "more problems"},
    };
    REQUIRE(hostile.size() >= 30);
    for (const auto& entry : hostile) {
        const std::string& query = entry.first;
        const std::string& word = entry.second;
        CAPTURE(query.substr(0, 80));
        CAPTURE(word);
        const Decoded d = decode_query(query);
        check_normalized(d.config);
        check_readable(d.notices);
        CHECK(!d.notices.empty());
        CHECK(any_mentions(d.notices, word));
        // Whatever came in, what goes out is canonical and reads back without complaint.
        check_round_trip(d.config);
    }
}

TEST_CASE("specific hostile values end up where they should") {
    CHECK(decode_query("input=99999999999999999999").config.input == Pair{kMaxGrid, kMaxGrid});
    CHECK(decode_query("input=-5").config.input == Pair{1, 1});
    CHECK(decode_query("stride=abc&lesson=seed-stride2").config.stride == Pair{2, 2});  // lesson kept
    CHECK(decode_query("bias=NaN").config.bias == 0);
    CHECK(decode_query("bias=3.4028235e38").config.bias == FLT_MAX);  // rounds to FLT_MAX: fine
    CHECK(decode_query("step=-3").config.step == 0);
    CHECK(decode_query("seed=-1").config.seed == 0u);
    CHECK(decode_query("values=random:99999999999").config.seed == 4294967295u);
    CHECK(decode_query("padding=99").config.padding.top == kMaxPad);
    CHECK(decode_query("theme=light&theme=blue").config.theme == Theme::dark);  // last wins, is junk
    const Config x = decode_query("x=1,oops,3,inf&input=2").config;
    CHECK(x.x == std::vector<float>{1, 0, 3, 0});
    // The cut-off query keeps what came before the cut.
    const std::string cut = "stride=2&x=" + std::string(kMaxQueryLength, '1');
    const Decoded d = decode_query(cut);
    CHECK(d.config.stride == Pair{2, 2});
    CHECK(d.config.fill == Fill::seq);
    CHECK(any_mentions(d.notices, std::to_string(kMaxQueryLength)));
}

TEST_CASE("valid queries decode without notices") {
    const std::vector<std::string> valid = {
        "",
        "?",
        "#?input=5",
        "input=7x5",
        "kernel=3&stride=2",
        "padding=same",
        "padding=1,0,2,1",
        "padding=FULL",
        "values=random:42",
        "values=checker&seed=9",
        "op=max_pool2d&kernel=2&stride=2",
        "op=avg_pool2d&count_include_pad=0&ceil_mode=true",
        "lesson=dropped&stride=3",
        "stride=3&lesson=dropped",
        "theme=light&embed=1&large_text=1",
        "view=compare&compare_stride=2x1",
        "x=1,2,3,4&input=2",
        "w=1,0,-1,2,0,-2,1,0,-1",
        "bias=-0.5",
        "#lesson=tf-same",
        "padding_mode=circular&padding=1",
        "step=3&",
        "&&stride=2&&",
    };
    for (const auto& q : valid) {
        CAPTURE(q);
        const Decoded d = decode_query(q);
        CHECK(d.notices.empty());
        check_normalized(d.config);
    }
}

TEST_CASE("url: kernel presets take the CLI's spellings as aliases; links keep the canonical one") {
    for (const char* spelling : {"sobel-x", "SOBEL_X", "Sobel-X"}) {
        const Decoded d = decode_query(std::string("kernel_preset=") + spelling);
        CHECK(d.notices.empty());
        CHECK(d.config.kernel_preset == "sobel_x");
        CHECK(encode_query(d.config) == "kernel_preset=sobel_x");
    }
    const Decoded box = decode_query("kernel_preset=box&kernel=2");
    CHECK(box.notices.empty());
    CHECK(box.config.w == std::vector<float>(4, 0.25f));
    CHECK(encode_query(box.config) == "kernel=2&kernel_preset=box");
    // setState merges through apply_query: the alias works there too.
    CHECK(apply_query(Config{}, "kernel_preset=sobel-y").config.kernel_preset == "sobel_y");
}

TEST_CASE("url: op names come from the core's table; the lesson takes all four ops") {
    CHECK(decode_query("op=avg_pool2d").config.op == Op::avg_pool2d);
    CHECK(decode_query("op=conv_transpose2d").config.op == Op::conv_transpose2d);
    const Decoded d = decode_query("op=conv3d");
    CHECK(d.config.op == Op::conv2d);
    REQUIRE(d.notices.size() == 1);
    CHECK(d.notices[0] == "Ignored op='conv3d': expected conv2d, max_pool2d, avg_pool2d or conv_transpose2d.");
}

TEST_CASE("url and setState: every lesson limit, at the limit and just above") {
    struct Limit {
        const char* key;
        int limit;
        std::function<int(const Config&)> field;
        const char* notice;  // what normalize says just above
    };
    const Limit limits[] = {
        {"input", kMaxGrid, [](const Config& c) { return c.input[0]; }, "input height 33 is out of range 1..32; using 32."},
        {"kernel", kMaxKernel, [](const Config& c) { return c.kernel[1]; }, "kernel width 10 is out of range 1..9; using 9."},
        {"stride", kMaxStride, [](const Config& c) { return c.stride[0]; }, "stride (height) 9 is out of range 1..8; using 8."},
        {"dilation", kMaxDilation, [](const Config& c) { return c.dilation[1]; }, "dilation (width) 7 is out of range 1..6; using 6."},
        {"padding", kMaxPad, [](const Config& c) { return c.padding.bottom; }, "padding bottom 9 is out of range 0..8; using 8."},
        {"compare_stride", kMaxStride, [](const Config& c) { return c.compare_stride[1]; },
         "compare stride (width) 9 is out of range 1..8; using 8."},
    };
    for (const Limit& l : limits) {
        CAPTURE(l.key);
        const std::string at = std::string(l.key) + "=" + std::to_string(l.limit);
        const std::string above = std::string(l.key) + "=" + std::to_string(l.limit + 1);
        for (const Decoded& d : {decode_query(at), apply_query(Config{}, at)}) {
            CHECK(d.notices.empty());
            CHECK(l.field(d.config) == l.limit);
        }
        for (const Decoded& d : {decode_query(above), apply_query(Config{}, above)}) {
            REQUIRE(d.notices.size() >= 1);
            CHECK(std::find(d.notices.begin(), d.notices.end(), l.notice) != d.notices.end());
            CHECK(l.field(d.config) == l.limit);
        }
    }
    // The largest lesson there is computes within the core's budget: the limits above are the
    // lesson's, the budget never has to refuse it.
    Lesson largest;
    largest.set_config(apply_query(Config{}, "input=32&kernel=9&padding=8&dilation=1").config);
    CHECK(largest.error.empty());
    CHECK(check_budget(largest.shape) == "");
    CHECK(largest.shape.macs == int64_t(40) * 40 * 81);
    // Seeds: 4294967295 is the largest; one more saturates with a notice.
    CHECK(apply_query(Config{}, "values=random:4294967295").notices.empty());
    const Decoded seed = apply_query(Config{}, "values=random:4294967296");
    CHECK(seed.config.seed == 4294967295u);
    CHECK(seed.notices.size() == 1);
    // The query length: exactly kMaxQueryLength is read whole, one more is cut with a notice.
    const std::string filler = "&x=" + std::string(kMaxQueryLength, '0');
    const std::string exact = "stride=2" + filler.substr(0, kMaxQueryLength - 8);
    REQUIRE(exact.size() == kMaxQueryLength);
    CHECK_FALSE(any_mentions(apply_query(Config{}, exact).notices, "longer than"));
    CHECK(any_mentions(apply_query(Config{}, exact + "0").notices, "longer than"));
}

// [SECTION] Image mode ----------------------------------------------------------------------------

TEST_CASE("image mode parameters: exact encodings and spellings") {
    Config c;
    c.view = View::image;
    c.image.source = image::SourceKind::photo;
    c.image.photo = "brick";
    c.image.size = {512, 384};
    c.image.color = image::Color::gray;
    c.image.routes = 0x12;  // stride, blurpool
    c.image.shift = {1, 0};
    c.image.blur = 5;
    c.stride = {2, 2};
    c = normalized(c);
    CHECK(encode_query(c) ==
          "stride=2&view=image&image=photo:brick&image_size=512x384&color=gray&routes=stride,blurpool&shift=1x0&blur=5");
    const Decoded d = decode_query("view=IMAGE&image=Brick&image_size=512x384&color=grey&routes=stride,+blurpool&shift=1,0&blur=5&stride=2");
    CHECK(d.notices.empty());
    CHECK(d.config == c);
    CHECK(decode_query("image=photo").config.image.photo == image::photos().front().name);
    CHECK(decode_query("routes=all").config.image.routes == kAllImageRoutes);
    CHECK(decode_query("shift=1").config.image.shift == Pair{1, 1});
    // Lessons of image mode carry their picture settings.
    const Config why = *lesson_config("why-blurpool");
    CHECK(why.view == View::image);
    CHECK(why.image.shift == Pair{1, 1});
    CHECK(encode_query(why) == "lesson=why-blurpool");
    CHECK(decode_query("lesson=zoneplate-stride2&shift=1").config.image.shift == Pair{1, 1});
}

TEST_CASE("image mode parameters: bad values are ignored or clamped with a notice") {
    const std::vector<std::pair<std::string, std::string>> table = {
        {"image=mandrill", "image"},          {"image=photo:mandrill", "no such photo"},
        {"image=zoneplate:x", "image"},       {"image_size=0", "image height"},
        {"image_size=99999x20", "image height"}, {"image_size=big", "image_size"},
        {"color=cmyk", "color"},              {"routes=stride,fast", "routes"},
        {"routes=", "no value"},              {"shift=-1", "shift down"},
        {"shift=9x9", "shift down"},          {"blur=0", "BlurPool filter size"},
        {"blur=8", "BlurPool filter size"},   {"blur=2x2", "blur"},
        {"view=images", "view"},              {"image=file", "cannot travel in a link"},
    };
    for (const auto& row : table) {
        // Plain names: C++17 lambdas (in doctest's macros) cannot capture structured bindings.
        const std::string& query = row.first;
        const std::string& word = row.second;
        CAPTURE(query);
        const Decoded d = decode_query(query);
        check_normalized(d.config);
        check_readable(d.notices);
        CHECK(any_mentions(d.notices, word));
        CHECK_FALSE(d.config.image.own_file);
    }
}

TEST_CASE("image=file keeps the user's own picture only where it already is") {
    Config own;
    own.view = View::image;
    own.image.own_file = true;
    own = normalized(own);
    const std::string q = encode_query(own);
    CHECK(q == "view=image&image=file");
    const Decoded elsewhere = decode_query(q);
    CHECK_FALSE(elsewhere.config.image.own_file);
    CHECK(any_mentions(elsewhere.notices, "cannot travel in a link"));
    const Decoded here = apply_query(own, q + "&stride=3");
    CHECK(here.notices.empty());
    CHECK(here.config.image.own_file);
    CHECK(here.config.stride == Pair{3, 3});
    // Choosing a built-in source leaves the own picture.
    CHECK_FALSE(apply_query(own, "image=scene").config.image.own_file);
}
