// set_state_test.cpp -- a host's JSON state through the URL codec (teach/set_state.hpp): every
// value kind, the same keys, clamps and notices as a link, the lesson limits at and just above on
// this path, and text that is not a state object.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "teach/lesson.hpp"
#include "teach/set_state.hpp"
#include "teach/stack_mode.hpp"
#include "teach/state.hpp"

using namespace strideconv;
using namespace strideconv::teach;

namespace {

bool any_mentions(const std::vector<std::string>& notices, const std::string& word) {
    return std::any_of(notices.begin(), notices.end(),
                       [&](const std::string& n) { return n.find(word) != std::string::npos; });
}

Config start() { return decode_query("").config; }

}  // namespace

TEST_CASE("setState JSON: numbers, pairs, the four padding sides, booleans and words, as a link gives them") {
    const Decoded d = apply_state_json(
        start(), R"({"op": "max_pool2d", "input": [7, 9], "kernel": 3, "stride": [2, 1],
                     "padding": [1, 1, 0, 0], "ceil_mode": true, "theme": "dark", "step": 2})");
    CHECK(d.notices.empty());
    const Decoded link = apply_query(start(), "op=max_pool2d&input=7x9&kernel=3&stride=2x1&padding=1,1,0,0&"
                                              "ceil_mode=1&theme=dark&step=2");
    CHECK(d.config == link.config);
    CHECK(d.config.op == Op::max_pool2d);
    CHECK((d.config.input == Pair{7, 9}));
    CHECK((d.config.stride == Pair{2, 1}));
    CHECK(d.config.ceil_mode);
}

TEST_CASE("setState JSON: values lists with commas, text that needs escaping, null keeps a key") {
    const Config before = apply_query(start(), "stride=2").config;
    const Decoded d = apply_state_json(before, R"({"input": [2, 2], "x": [1, -2.5, 3e-3, 4], "stride": null})");
    CHECK(d.notices.empty());
    CHECK(d.config.stride == before.stride);
    REQUIRE(d.config.x.size() == 4);
    CHECK(d.config.x[1] == -2.5f);
    CHECK(d.config.x[2] == 3e-3f);
    // '&' and '=' inside a string stay inside it: one unknown word, not a second parameter.
    const Decoded amp = apply_state_json(start(), R"({"theme": "dark&stride=3"})");
    CHECK(amp.config.stride == start().stride);
    CHECK(any_mentions(amp.notices, "theme"));
}

TEST_CASE("setState JSON: the lesson limits at the limit and just above, clamped with the link's notices") {
    struct Limit {
        const char* json_at;
        const char* json_above;
        const char* notice;
    };
    const Limit limits[] = {
        {R"({"input": [32, 32]})", R"({"input": [33, 32]})", "input height 33 is out of range 1..32; using 32."},
        {R"({"kernel": [9, 9]})", R"({"kernel": [9, 10]})", "kernel width 10 is out of range 1..9; using 9."},
        {R"({"stride": 8})", R"({"stride": 9})", "out of range 1..8; using 8."},
        {R"({"dilation": [1, 6]})", R"({"dilation": [1, 7]})", "dilation (width) 7 is out of range 1..6; using 6."},
        {R"({"padding": [0, 8, 0, 0]})", R"({"padding": [0, 9, 0, 0]})", "padding bottom 9 is out of range 0..8; using 8."},
    };
    for (const Limit& l : limits) {
        CAPTURE(l.json_at);
        const Decoded at = apply_state_json(start(), l.json_at);
        CHECK(at.notices.empty());
        const Decoded above = apply_state_json(start(), l.json_above);
        CHECK(any_mentions(above.notices, l.notice));
        CHECK(above.config == at.config);
    }
    // The largest lesson is within the core's budget: a lesson edit never reaches check_budget's limits.
    Lesson largest;
    largest.set_config(apply_state_json(start(), R"({"input": 32, "kernel": 9, "padding": 8})").config);
    CHECK(largest.error.empty());
    CHECK(check_budget(largest.shape) == "");
}

TEST_CASE("setState JSON: what is not a state object changes nothing and says why in one sentence") {
    const Config before = apply_query(start(), "stride=2").config;
    for (const char* text : {"", "[1, 2]", "\"stride=3\"", "{\"stride\": 2,}", "{\"a\": [[[[[[[1]]]]]]]}"}) {
        CAPTURE(text);
        const Decoded d = apply_state_json(before, text);
        CHECK(d.config == before);
        REQUIRE(d.notices.size() == 1);
        CHECK(d.notices[0].rfind("Ignored the state: ", 0) == 0);
    }
    const std::string huge = "{\"x\": \"" + std::string(kMaxStateJsonBytes, '1') + "\"}";
    CHECK(apply_state_json(before, huge).notices.size() == 1);
    // A key whose value has no URL spelling is named; the other keys still apply.
    const Decoded mixed = apply_state_json(before, R"({"stride": {"h": 2}, "kernel": [true, 2], "input": 6})");
    CHECK(any_mentions(mixed.notices, "Ignored 'stride': expected a number"));
    CHECK(any_mentions(mixed.notices, "Ignored 'kernel': expected a list of numbers"));
    CHECK((mixed.config.input == Pair{6, 6}));
    // getState's read-only keys are unknown parameters, as in a link.
    CHECK(any_mentions(apply_state_json(before, R"({"steps": 4})").notices, "Ignored unknown parameter"));
}

TEST_CASE("setState JSON: image mode's keys as getState names them, as a link gives them") {
    // getState's "image_source" is the link's image=, "routes" a list of names; its read-only
    // "image" object (the picture's facts) is left alone without a notice.
    const Decoded d = apply_state_json(
        start(), R"({"view": "image", "image_source": "photo:brick", "image_size": [64, 48], "color": "gray",
                     "routes": ["stride", "blurpool"], "shift": [1, 0], "blur": 5, "stride": 2,
                     "image": {"source": "zoneplate", "height": 256}})");
    CHECK(d.notices.empty());
    const Decoded link = apply_query(start(), "view=image&image=photo:brick&image_size=64x48&color=gray&"
                                              "routes=stride,blurpool&shift=1x0&blur=5&stride=2");
    CHECK(link.notices.empty());
    CHECK(d.config == link.config);
    CHECK(d.config.image.photo == "brick");
    CHECK(d.config.image.routes == 0x12u);
}

TEST_CASE("setState JSON: getState().stack gives the same network back, a custom stack and a cell included") {
    const Decoded link = apply_query(start(), "view=stack&stack=conv:k=3,s=2,c=8;maxpool:k=2;conv:k=1,c=8&"
                                              "stack_input=33x31&channels=2&flops=1&cell=2,3,4");
    REQUIRE(link.notices.empty());
    // What getState() writes on view=stack: the configuration and the derived layers (read-only).
    const std::string state = "{\"view\": \"stack\", \"stack\": " +
                              json::write(stack_state_json(link.config.stack, true)) + "}";
    const Decoded d = apply_state_json(start(), state);
    CHECK(d.notices.empty());
    CHECK(d.config.stack == link.config.stack);
    CHECK(d.config.view == View::stack);

    // A preset with swaps, and no swaps ("none") after them.
    const Decoded vgg = apply_query(start(), "view=stack&preset=vgg16&swap=3,6");
    REQUIRE(vgg.notices.empty());
    const Decoded back = apply_state_json(
        start(), "{\"stack\": " + json::write(stack_state_json(vgg.config.stack, true)) + "}");
    CHECK(back.notices.empty());
    CHECK((back.config.stack.swaps == std::vector<int>{3, 6}));
    const Decoded none = apply_state_json(back.config, R"({"stack": {"swaps": []}})");
    CHECK(none.config.stack.swaps.empty());
    CHECK(none.config.stack.preset == "vgg16");
    // The link keys work alone too, lists with commas.
    const Decoded keys = apply_state_json(start(), R"({"view": "stack", "preset": "vgg16", "swap": [3, 6], "cell": [18, 0, 0]})");
    CHECK(keys.notices.empty());
    CHECK((keys.config.stack.swaps == std::vector<int>{3, 6}));
    CHECK(keys.config.stack.layer == 18);
}

TEST_CASE("setState(getState()) gives the same state back, silently: every lesson, padding presets, every view") {
    std::vector<std::string> links = {"padding=same&input=7x6&kernel=4x3&stride=2",
                                      "padding=valid&kernel=2", "padding=full&kernel=3&dilation=2",
                                      "padding=1,2,0,3&padding_mode=reflect", "op=avg_pool2d&padding=same&stride=1",
                                      "view=compare&compare_stride=3&theme=light", "view=quiz&palette=colorblind",
                                      "view=stack&preset=resnet50&cell=3,1,2", "view=image&image=text&stride=3",
                                      "values=random:9&kernel_preset=sobel_y&step=5&index_base=1&predict=window",
                                      "in_channels=4&out_channels=8&groups=4&channel=5&step=4",
                                      "in_channels=6&out_channels=4&groups=2&channel=3,5&values=random:3",
                                      "op=max_pool2d&in_channels=3&kernel=2&stride=2&input=4&channel=2"};
    for (const LessonInfo& l : lessons()) links.push_back(std::string("lesson=") + l.name);
    for (const std::string& link : links) {
        CAPTURE(link);
        const Decoded opened = decode_query(link);
        REQUIRE(opened.notices.empty());
        Lesson lesson;
        lesson.set_config(opened.config);
        const std::string state = state_json(lesson, false, 1.5f);
        const Decoded back = apply_state_json(start(), state);
        std::string said;
        for (const std::string& n : back.notices) said += n + " | ";
        CAPTURE(said);
        CHECK(back.notices.empty());
        CHECK(encode_query(back.config) == encode_query(opened.config));
        CHECK(back.config == opened.config);
    }
    // The preset wins over the numbers it made; "custom" keeps the numbers.
    const Decoded same = apply_state_json(start(), R"({"input": [7, 7], "kernel": [3, 3], "padding": [0, 0, 0, 0], "padding_preset": "same"})");
    CHECK(same.config.pad_preset == PadPreset::same);
    CHECK(effective_padding(same.config).top == 1);
    const Decoded custom = apply_state_json(start(), R"({"padding": [1, 0, 2, 0], "padding_preset": "custom"})");
    CHECK(custom.notices.empty());
    CHECK(custom.config.pad_preset == PadPreset::custom);
    CHECK(effective_padding(custom.config).left == 2);
    // Derived members alone (not in a getState object) are still refused, with a sentence.
    CHECK(any_mentions(apply_state_json(start(), R"({"output": [3, 3]})").notices, "Ignored unknown parameter"));
}

TEST_CASE("setState(getState()) is the identity on every state the fuzzer's seeds open (tests/fuzz/corpus/state)") {
    // Whatever a host's state opens, handing back what getState() then says opens it again. The
    // seeds and regressions/ (inputs the fuzzer found).
    int seeds = 0;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(STRIDECONV_SOURCE_DIR "/tests/fuzz/corpus/state")) {
        if (!entry.is_regular_file()) continue;
        std::ifstream file(entry.path(), std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        CAPTURE(entry.path().filename().string());
        const Decoded first = apply_state_json(Config{}, text);
        Lesson lesson;
        lesson.set_config(first.config);
        // Valid JSON with the notices too: they may quote what the host sent.
        const Result<json::Value> parsed = json::parse(state_json(lesson, false, 1.5f, first.notices));
        CHECK_MESSAGE(parsed.ok(), parsed.error);
        const std::string state = state_json(lesson, false, 1.5f);
        const Decoded again = apply_state_json(Config{}, state);
        std::string said;
        for (const std::string& n : again.notices) said += n + " | ";
        CAPTURE(said);
        CHECK(again.notices.empty());
        // The same state: a step past the walk's end, kept in the configuration, reads as the last.
        Lesson back;
        back.set_config(again.config);
        CHECK(state_json(back, false, 1.5f) == state);
        ++seeds;
    }
    CHECK(seeds >= 30);
}
