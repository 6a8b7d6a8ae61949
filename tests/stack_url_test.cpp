// stack_url_test.cpp -- the network view in links and in the host state: view=stack, preset=,
// stack=, swap=, stack_input=, channels=, flops=, stack_picture=, cell= decode, encode canonically
// and round-trip (one at a time, with lessons, and randomized); bad values are ignored with a notice; existing
// links keep their meaning; getState().stack lists the layers with their derived values.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/json.hpp"
#include "teach/stack_spec.hpp"
#include "teach/state.hpp"
#include "teach/url.hpp"

using namespace strideconv;
using namespace strideconv::teach;

namespace {

bool mentions(const std::vector<std::string>& notices, const std::string& word) {
    for (const auto& n : notices)
        if (n.find(word) != std::string::npos) return true;
    return false;
}

void round_trip(const Config& c) {
    const std::string q = encode_query(c);
    CAPTURE(q);
    const Decoded d = decode_query(q);
    CHECK(d.notices.empty());
    CHECK(d.config == c);
    CHECK(encode_query(d.config) == q);
}

}  // namespace

TEST_CASE("stack links: view=stack&preset=resnet50, as in the issue") {
    const Decoded d = decode_query("?view=stack&preset=resnet50");
    CHECK(d.notices.empty());
    CHECK(d.config.view == View::stack);
    CHECK(d.config.stack.preset == "resnet50");
    CHECK(d.config.stack.spec.empty());
    // The default preset is resnet50, so the canonical link only says view=stack.
    CHECK(encode_query(d.config) == "view=stack");
    CHECK(encode_query(decode_query("view=stack&preset=vgg16").config) == "view=stack&preset=vgg16");
}

TEST_CASE("stack links: every parameter, canonical and readable") {
    Config c;
    c.view = View::stack;
    c.stack.preset = "vgg16";
    c.stack.swaps = {3, 6};
    c.stack.input = {225, 200};
    c.stack.channels = 1;
    c.stack.flops = true;
    c.stack.picture = true;
    c.stack.layer = 5;
    c.stack.cell = {10, 20};
    normalize(c);
    CHECK(encode_query(c) ==
          "view=stack&preset=vgg16&swap=3,6&stack_input=225x200&channels=1&flops=1&stack_picture=1&cell=5,10,20");
    round_trip(c);
    Config custom;
    custom.view = View::stack;
    custom.stack.spec = "conv:k=7,s=2,p=3,c=64,name=a/b.c; maxpool:k=3,s=2,p=1; add:skip=1";
    normalize(custom);
    const std::string q = encode_query(custom);
    CHECK(q == "view=stack&stack=conv:k=7,s=2,p=3,c=64,name=a/b.c;maxpool:k=3,s=2,p=1;add:skip=1");
    round_trip(custom);
    // Percent-encoded and '+' spellings read the same.
    const Decoded e = decode_query("view=stack&stack=conv%3Ak%3D7%2Cs%3D2%2Cp%3D3%2Cc%3D64%2Cname%3Da%2Fb.c%3B+maxpool:k=3,s=2,p=1;add:skip=1");
    CHECK(e.notices.empty());
    CHECK(e.config == custom);
}

TEST_CASE("stack links: lessons of the network view and edits on top of them") {
    for (const auto& l : stack_lessons()) {
        CAPTURE(l.name);
        const Decoded d = decode_query(std::string("lesson=") + l.name);
        CHECK(d.notices.empty());
        CHECK(d.config.view == View::stack);
        CHECK(d.config.stack == *stack_lesson_config(l.name));
        CHECK(encode_query(d.config) == std::string("lesson=") + l.name);
        Config c = d.config;
        c.stack.cell = {1, 2};
        round_trip(c);
        c.stack.preset = "mobilenet_v1";  // a preset other than the lesson's: the cell goes with it
        round_trip(c);
        c.stack.spec = "conv:k=3,c=8";
        c.stack.layer = 1;
        round_trip(c);
    }
}

TEST_CASE("stack links: preset= starts afresh unless the stack, swaps or cell come with it") {
    Config c;
    c.view = View::stack;
    c.stack.spec = "conv:k=3,c=8;maxpool:k=2";
    c.stack.swaps = {2};
    c.stack.layer = 2;
    normalize(c);
    REQUIRE(c.stack.swaps == std::vector<int>{2});
    Decoded d = apply_query(c, "preset=vgg16");
    CHECK(d.notices.empty());
    CHECK(d.config.stack.preset == "vgg16");
    CHECK(d.config.stack.spec.empty());
    CHECK(d.config.stack.swaps.empty());
    CHECK(d.config.stack.layer == 0);
    d = apply_query(c, "preset=vgg16&swap=6&cell=3,1,1");
    CHECK(d.config.stack.swaps == std::vector<int>{6});
    CHECK(d.config.stack.layer == 3);
    d = apply_query(c, "stack=conv:k=5");  // a new stack drops the old swaps
    CHECK(d.config.stack.spec == "conv:k=5");
    CHECK(d.config.stack.swaps.empty());
    d = apply_query(c, "swap=none");
    CHECK(d.config.stack.swaps.empty());
    CHECK(d.config.stack.spec == c.stack.spec);
}

TEST_CASE("stack links: bad values are ignored or clamped, with a notice naming them") {
    struct Case {
        const char* query;
        const char* word;
    };
    const Case cases[] = {
        {"view=stack&preset=resnet", "no network preset"},
        {"view=stack&stack=conv:k=3;maxpool:s=x", "layer 2 (maxpool)"},
        {"view=stack&stack=", "no value"},
        {"view=stack&swap=two", "expected layer numbers"},
        {"view=stack&swap=4", "not a downsampling point"},
        {"view=stack&stack_input=0x9000", "outside 1..4096"},
        {"view=stack&channels=x", "channels"},
        {"view=stack&channels=0", "outside 1..65536"},
        {"view=stack&flops=maybe", "expected 0 or 1"},
        {"view=stack&stack_picture=2", "expected 0 or 1"},
        {"view=stack&cell=1,2", "LAYER,ROW,COL"},
        {"view=stack&cell=999,0,0", "the stack has 68 layers"},
        {"view=stacks", "expected walk, compare, quiz, stack or image"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.query);
        const Decoded d = decode_query(c.query);
        CHECK(mentions(d.notices, c.word));
        Config again = d.config;
        std::vector<std::string> notices;
        normalize(again, &notices);
        CHECK(notices.empty());
        CHECK(again == d.config);
    }
}

TEST_CASE("stack links: existing links keep their meaning and their canonical form") {
    const char* links[] = {"", "lesson=dropped&stride=3", "input=7&kernel=2&stride=3",
                           "view=compare&compare_stride=3", "view=quiz&theme=light",
                           "op=max_pool2d&padding=1&ceil_mode=1"};
    for (const char* q : links) {
        CAPTURE(q);
        const Decoded d = decode_query(q);
        CHECK(d.notices.empty());
        CHECK(d.config.stack == StackConfig{});
        CHECK(encode_query(d.config) == q);
    }
}

TEST_CASE("stack links: random network states round-trip") {
    uint64_t state = 99;
    auto below = [&](int n) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<int>((state >> 33) % static_cast<uint64_t>(n));
    };
    const auto& presets = network_presets();
    for (int i = 0; i < 200; ++i) {
        Config c;
        if (below(3) == 0) c.lesson = stack_lessons()[size_t(below(int(stack_lessons().size())))].name;
        if (!c.lesson.empty()) c = *lesson_config(c.lesson);
        c.view = below(2) ? View::stack : View::walk;
        c.stack.preset = presets[size_t(below(int(presets.size())))].name;
        if (below(4) == 0) c.stack.spec = "conv:k=3,s=2,c=8;dwconv:k=3,p=same;maxpool:k=2;add:skip=" + std::to_string(below(3) + 1);
        c.stack.input = {1 + below(400), 1 + below(400)};
        c.stack.channels = 1 + below(8);
        c.stack.flops = below(2);
        c.stack.picture = below(2);
        normalize(c);
        std::vector<int> swappable;
        auto base = base_layers(c.stack);
        for (const auto& p : downsampling_points(base.value))
            if (p.swap != DownsamplingPoint::Swap::none && below(2)) swappable.push_back(p.position);
        c.stack.swaps = swappable;
        auto shown = swap_downsampling(base.value, c.stack.swaps);
        if (below(2)) {
            c.stack.layer = 1 + below(int(shown.value.size()));
            c.stack.cell = {below(50), below(50)};
        }
        normalize(c);
        round_trip(c);
    }
}

TEST_CASE("stack state: getState().stack lists the layers with their derived values on view=stack") {
    Lesson l;
    l.set_config(decode_query("view=stack&preset=resnet18-stem&cell=2,0,0").config);
    auto parsed = json::parse(state_json(l, false, 1.0f));
    REQUIRE(parsed.ok());
    const json::Value* s = parsed.value.find("stack");
    REQUIRE(s != nullptr);
    CHECK(s->find("preset")->as_string() == "resnet18-stem");
    CHECK(s->find("spec")->as_string() ==
          "conv:k=7,s=2,p=3,c=64,b=0,bn=1,name=conv1;maxpool:k=3,s=2,p=1,name=maxpool");
    const auto& layers = s->find("layers")->items();
    REQUIRE(layers.size() == 2);
    CHECK(layers[1].find("name")->as_string() == "maxpool");
    CHECK(layers[1].find("output")->items()[0].as_number() == 56);
    CHECK(layers[1].find("jump")->items()[0].as_number() == 4);
    CHECK(layers[1].find("rf")->items()[0].as_number() == 11);
    CHECK(layers[1].find("effective_padding")->items()[0].as_number() == 5);
    CHECK(s->find("totals")->find("params")->as_number() == 9536);
    CHECK(s->find("error")->is_null());
    CHECK(s->find("switches")->items().size() == 2);
    const json::Value* field = s->find("field");
    REQUIRE(field != nullptr);
    CHECK(field->find("rows")->items()[0].as_number() == -5);
    CHECK(field->find("rows")->items()[1].as_number() == 5);
    CHECK(field->find("padding_rows")->as_number() == 5);
    // Off the network view only the configuration is reported (state events stay small).
    l.set_config(decode_query("preset=resnet18-stem").config);
    parsed = json::parse(state_json(l, false, 1.0f));
    REQUIRE(parsed.ok());
    s = parsed.value.find("stack");
    REQUIRE(s != nullptr);
    CHECK(s->find("preset")->as_string() == "resnet18-stem");
    CHECK(s->find("layers") == nullptr);
}
