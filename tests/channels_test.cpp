// channels_test.cpp -- channels and groups in the walk (teach/channel_config.hpp, teach/channels.hpp):
// the links, normalization and its notices, the walked filter's per-channel partial sums and total
// against PyTorch (tests/golden/cases.json, "channels ...") and against the core's reference conv2d,
// the groups picture, the cost and MobileNet's ratio, the scene's one plane, getState/setState.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "teach/channels.hpp"
#include "teach/explain.hpp"
#include "teach/scene.hpp"
#include "teach/set_state.hpp"
#include "teach/state.hpp"
#include "teach/url.hpp"

using namespace strideconv;
using namespace strideconv::teach;
using strideconv::json::Value;

namespace {

bool near(double got, double want) { return std::fabs(got - want) <= 1e-5 + 1e-4 * std::fabs(want); }

Lesson open(const std::string& query, std::vector<std::string>* notices = nullptr) {
    const Decoded d = decode_query(query);
    if (notices) *notices = d.notices;
    Lesson l;
    l.set_config(d.config);
    return l;
}

bool mentions(const std::vector<std::string>& notices, const std::string& word) {
    for (const auto& n : notices)
        if (n.find(word) != std::string::npos) return true;
    return false;
}

// [SECTION] Golden cases ----------------------------------------------------------------------------

const Value& golden() {
    static const Value doc = [] {
        std::ifstream in(STRIDECONV_SOURCE_DIR "/tests/golden/cases.json", std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        json::ParseLimits limits;
        limits.max_bytes = size_t(512) << 20;
        auto parsed = json::parse(text.str(), limits);
        return parsed.ok() ? parsed.value : Value();
    }();
    return doc;
}

const Value* golden_case(const std::string& name) {
    const Value* cases = golden().find("cases");
    if (!cases) return nullptr;
    for (const Value& c : cases->items())
        if (const Value* n = c.find("name"); n && n->as_string() == name) return &c;
    return nullptr;
}

void flatten(const Value& v, std::vector<double>& out) {
    if (v.is_number()) out.push_back(v.as_number());
    else
        for (const Value& item : v.items()) flatten(item, out);
}

std::string list(const std::vector<double>& v) {
    std::string s;
    for (double d : v) {
        std::ostringstream one;
        one << d;
        s += (s.empty() ? "" : ",") + one.str();
    }
    return s;
}

// The golden layer as a link: its own input and weights (x=, w=), one bias for every filter.
std::string golden_link(const Value& c) {
    const Value& r = *c.find("request");
    std::vector<double> x, w, bias;
    flatten(*r.find("input"), x);
    flatten(*r.find("weight"), w);
    flatten(*r.find("bias"), bias);
    const Value& input = *r.find("input");
    const Value& weight = *r.find("weight");
    const int groups = r.find("groups") ? static_cast<int>(r.find("groups")->as_number()) : 1;
    std::vector<double> stride, padding;
    flatten(*r.find("stride"), stride);
    flatten(*r.find("padding"), padding);
    return "in_channels=" + std::to_string(input.size()) + "&out_channels=" + std::to_string(weight.size()) +
           "&groups=" + std::to_string(groups) + "&input=" + std::to_string(input.items()[0].size()) + "x" +
           std::to_string(input.items()[0].items()[0].size()) + "&kernel=3&stride=" + std::to_string(int(stride[0])) +
           "&padding=" + std::to_string(int(padding[0])) + "&bias=" + list({bias[0]}) + "&x=" + list(x) +
           "&w=" + list(w);
}

}  // namespace

// [SECTION] Links and normalization ------------------------------------------------------------------

TEST_CASE("channels: the issue's link opens a grouped layer without notices") {
    std::vector<std::string> notices;
    const Lesson l = open("?in_channels=4&out_channels=8&groups=4", &notices);
    CHECK(notices.empty());
    REQUIRE(l.error.empty());
    const Config& c = l.config();
    CHECK(c.channels.in_channels == 4);
    CHECK(c.channels.out_channels == 8);
    CHECK(c.channels.groups == 4);
    CHECK(c.channels.channel == 0);
    CHECK(c.channels.in_channel == 0);
    CHECK(c.x.size() == 4u * 25u);        // four 5x5 planes, seq continuing: 1..100
    CHECK(c.x.back() == 100.0f);
    CHECK(c.w.size() == 8u * 1u * 9u);    // eight filters of one 3x3 plane
    CHECK(l.output.c == 8);
    CHECK(l.steps() == 9);                // one output channel's cells
    CHECK(encode_query(c) == "in_channels=4&out_channels=8&groups=4");
}

TEST_CASE("channels: channel=O[,I] picks the walked filter and an input channel it reads") {
    std::vector<std::string> notices;
    Lesson l = open("in_channels=4&out_channels=8&groups=4&channel=5", &notices);
    CHECK(notices.empty());
    CHECK(l.config().channels.channel == 5);
    CHECK(l.config().channels.in_channel == 2);  // filter 5 is in group 2, which reads input channel 2
    CHECK(l.step_cell(3).channel == 5);
    CHECK(encode_query(l.config()) == "in_channels=4&out_channels=8&groups=4&channel=5");

    l = open("in_channels=4&out_channels=2&channel=1,3", &notices);
    CHECK(notices.empty());
    CHECK(l.config().channels.in_channel == 3);
    CHECK(encode_query(l.config()) == "in_channels=4&out_channels=2&channel=1,3");
    CHECK(decode_query(encode_query(l.config())).config == l.config());

    // An input channel the filter does not read: the first it reads, with a notice.
    open("in_channels=4&out_channels=8&groups=4&channel=5,0", &notices);
    CHECK(mentions(notices, "input channel 0 is not one output channel 5 reads (it reads 2); showing 2"));
}

TEST_CASE("channels: bad counts and groups are clamped with one clear notice each") {
    std::vector<std::string> notices;
    Lesson l = open("in_channels=4&out_channels=8&groups=3", &notices);
    REQUIRE(notices.size() == 1);
    CHECK(notices[0] == "groups 3 must divide both in_channels (4) and out_channels (8); using 2.");
    CHECK(l.config().channels.groups == 2);
    CHECK(l.error.empty());

    l = open("in_channels=20&out_channels=0", &notices);
    CHECK(mentions(notices, "in_channels 20 is out of range 1..16; using 16."));
    CHECK(mentions(notices, "out_channels 0 is out of range 1..16; using 1."));
    l = open("in_channels=3&channel=7", &notices);
    CHECK(mentions(notices, "channel 7: the layer has output channels 0..0; using 0."));
    l = open("in_channels=two", &notices);
    CHECK(mentions(notices, "Ignored in_channels='two'"));
    l = open("groups=0", &notices);
    CHECK(mentions(notices, "groups 0 must divide"));
    CHECK(l.config().channels.groups == 1);
    // Custom values must hold every plane.
    l = open("in_channels=2&x=1,2,3", &notices);
    CHECK(mentions(notices, "input values: expected 50 values, got 3"));
}

TEST_CASE("channels: round trip of every channel field") {
    for (const char* q : {"in_channels=16&out_channels=16&groups=16&channel=15",
                          "in_channels=6&out_channels=4&groups=2&channel=3,5",
                          "op=max_pool2d&in_channels=3&channel=2", "in_channels=2&out_channels=3&kernel_preset=custom&w=" 
                          "1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9"}) {
        CAPTURE(q);
        const Decoded d = decode_query(q);
        CHECK(d.notices.empty());
        const Decoded again = decode_query(encode_query(d.config));
        CHECK(again.notices.empty());
        CHECK(again.config == d.config);
    }
}

// [SECTION] The walk against PyTorch and the core -----------------------------------------------------

TEST_CASE("channels: every filter's partial sums, totals and outputs are PyTorch's (golden cases)") {
    REQUIRE(golden().is_object());
    for (const char* name : {"grouped 4-8-4", "standard 3-2", "grouped 4-4-2", "depthwise 3-6-3"}) {
        CAPTURE(name);
        const Value* layer = golden_case(std::string("channels ") + name);
        REQUIRE(layer);
        std::vector<std::string> notices;
        Lesson l = open(golden_link(*layer), &notices);
        CHECK(notices.empty());
        REQUIRE(l.error.empty());
        const Value& want = *layer->find("expect")->find("output");
        REQUIRE(static_cast<int>(want.size()) == l.output.c);
        int checked_parts = 0;
        for (int o = 0; o < l.output.c; ++o) {
            Config c = l.config();
            c.channels.channel = o;
            c.channels.in_channel = -1;
            l.set_config(c);
            for (int step = 0; step < l.steps(); ++step) {
                auto s = channel_step(l, step);
                REQUIRE(s.ok());
                const CellIndex cell = l.step_cell(step);
                CHECK(cell.channel == o);
                const double out = want.items()[size_t(o)].items()[size_t(cell.row)].items()[size_t(cell.col)].as_number();
                CHECK_MESSAGE(near(s.value.result, out), "filter " << o << " step " << step);
                CHECK(near(s.value.total + s.value.bias, out));
                CHECK(s.value.bias == 0.5f);
                for (const ChannelPart& p : s.value.parts) {
                    const Value* partial = golden_case(std::string("channels ") + name + " partial " +
                                                       std::to_string(o) + " " + std::to_string(p.channel));
                    REQUIRE_MESSAGE(partial, "filter " << o << " reads input channel " << p.channel
                                                       << ", which PyTorch's grouping does not");
                    const Value& map = *partial->find("expect")->find("output");
                    CHECK(near(p.sum, map.items()[0].items()[size_t(cell.row)].items()[size_t(cell.col)].as_number()));
                    CHECK(p.taps == 9);
                    ++checked_parts;
                }
                CHECK(static_cast<int>(s.value.parts.size()) == channels_per_filter(l.config().channels, Op::conv2d));
            }
        }
        CHECK(checked_parts > 0);
    }
}

TEST_CASE("channels: random grouped layers: partial sums are the core's reference conv2d of one channel") {
    std::mt19937 rng(4242);
    for (int round = 0; round < 40; ++round) {
        const int per_filter = 1 + int(rng() % 3), groups = 1 + int(rng() % 3), per_group = 1 + int(rng() % 2);
        Config c;
        c.channels.in_channels = per_filter * groups;
        c.channels.out_channels = per_group * groups;
        c.channels.groups = groups;
        c.channels.channel = int(rng() % unsigned(c.channels.out_channels));
        c.input = {3 + int(rng() % 5), 3 + int(rng() % 5)};
        c.kernel = {1 + int(rng() % 3), 1 + int(rng() % 3)};
        c.stride = {1 + int(rng() % 2), 1 + int(rng() % 2)};
        c.padding = {int(rng() % 2), int(rng() % 2), int(rng() % 2), int(rng() % 2)};
        c.fill = Fill::random;
        c.seed = rng();
        c.kernel_preset = "custom";
        c.bias = float(int(rng() % 7) - 3);
        c.w.resize(size_t(c.channels.out_channels) * per_filter * c.kernel[0] * c.kernel[1]);
        for (float& v : c.w) v = float(int(rng() % 9) - 4);
        CAPTURE(round);
        Lesson l;
        l.set_config(c);
        REQUIRE(l.error.empty());
        const int o = l.config().channels.channel;
        for (int step = 0; step < l.steps(); ++step) {
            auto s = channel_step(l, step);
            REQUIRE(s.ok());
            const CellIndex cell = l.step_cell(step);
            CHECK(s.value.result == l.output.at(o, cell.row, cell.col));
            REQUIRE(static_cast<int>(s.value.parts.size()) == per_filter);
            for (int k = 0; k < per_filter; ++k) {
                const int ic = first_seen_channel(l.config().channels, Op::conv2d, o) + k;
                CHECK(s.value.parts[size_t(k)].channel == ic);
                // One channel through the reference: input plane ic, filter o's plane k.
                Tensor plane = Tensor::zeros(1, c.input[0], c.input[1]);
                for (int y = 0; y < c.input[0]; ++y)
                    for (int x = 0; x < c.input[1]; ++x) plane.at(0, y, x) = l.input.at(ic, y, x);
                Weight wk = Weight::zeros(1, 1, c.kernel[0], c.kernel[1]);
                for (int ky = 0; ky < c.kernel[0]; ++ky)
                    for (int kx = 0; kx < c.kernel[1]; ++kx) wk.at(0, 0, ky, kx) = l.weight.at(o, k, ky, kx);
                Conv2dOptions opt;
                opt.stride = c.stride;
                opt.padding = Padding::sides(c.padding.top, c.padding.bottom, c.padding.left, c.padding.right);
                auto ref = reference::conv2d(plane, wk, nullptr, opt);
                REQUIRE(ref.ok());
                CHECK(s.value.parts[size_t(k)].sum == ref.value.at(0, cell.row, cell.col));
            }
        }
    }
}

TEST_CASE("channels: the step's arithmetic writes one partial sum per input channel, then the total") {
    const Lesson l = open("lesson=channels");
    REQUIRE(l.error.empty());
    auto t = l.trace(0);
    REQUIRE(t.ok());
    const std::string text = step_arithmetic(l.config(), t.value);
    CHECK(text.find("channel 0: 1\u00d71 + 2\u00d71") == 0);
    CHECK(text.find("= 63; channel 1: 26\u00d71") != std::string::npos);
    CHECK(text.find("total 63 + 288 + 513 = 864") != std::string::npos);
    auto s = channel_step(l, 0);
    REQUIRE(s.ok());
    CHECK(s.value.sentence == "y[0][0][0] = 63 + 288 + 513 = 864 (channels 0..2, group 0) + bias 0 = 864");
    bool said = false;
    for (const Line& line : explanation(l, 0)) said = said || line.text == s.value.sentence + ".";
    CHECK(said);
}

TEST_CASE("channels: pools work per channel, with the same walk") {
    std::vector<std::string> notices;
    const Lesson l = open("op=max_pool2d&in_channels=3&kernel=2&stride=2&input=4&values=random:3&channel=2", &notices);
    CHECK(notices.empty());
    REQUIRE(l.error.empty());
    CHECK(l.output.c == 3);
    CHECK(l.config().channels.in_channel == 2);
    for (int step = 0; step < l.steps(); ++step) {
        auto s = channel_step(l, step);
        REQUIRE(s.ok());
        REQUIRE(s.value.parts.size() == 1);
        CHECK(s.value.parts[0].channel == 2);
        const CellIndex cell = l.step_cell(step);
        CHECK(s.value.result == l.output.at(2, cell.row, cell.col));
    }
    CHECK(groups_picture(l.config()).filter_group == std::vector<int>{0, 1, 2});
    CHECK_FALSE(separable_cost(l.config()).ok);
}

// [SECTION] Groups, cost, MobileNet's ratio -----------------------------------------------------------

TEST_CASE("channels: the groups picture from standard through grouped to depthwise") {
    Config c = decode_query("in_channels=4&out_channels=8&groups=4").config;
    GroupsPicture g = groups_picture(c);
    CHECK(std::string(g.kind) == "depthwise");  // groups = C_in (with a channel multiplier of 2)
    CHECK(g.filter_group == std::vector<int>{0, 0, 1, 1, 2, 2, 3, 3});
    CHECK(g.input_group == std::vector<int>{0, 1, 2, 3});
    CHECK(g.groups_choices == std::vector<int>{1, 2, 4});
    c = decode_query("in_channels=4&out_channels=8&groups=2").config;
    g = groups_picture(c);
    CHECK(std::string(g.kind) == "grouped");
    CHECK(g.input_group == std::vector<int>{0, 0, 1, 1});
    CHECK(g.sentence == "groups 2 (grouped): each of the 8 filters sees 2 of the 4 input channels; 2 groups of 2 input "
                        "and 4 output channels");
    c = decode_query("in_channels=4&out_channels=8").config;
    CHECK(std::string(groups_picture(c).kind) == "standard");
    CHECK(groups_picture(c).input_group == std::vector<int>{0, 0, 0, 0});
}

TEST_CASE("channels: parameters and MACs from the core; depthwise + pointwise against MobileNet's ratio") {
    Lesson l = open("in_channels=4&out_channels=8&groups=4");
    LayerCost cost = layer_cost(l);
    CHECK(cost.weights == 8 * 1 * 9);
    CHECK(cost.biases == 8);
    CHECK(cost.params == 80);
    CHECK(cost.macs == 8 * 1 * 9 * 9);  // 8 filters x 1 channel x 9 taps x 9 output cells
    l = open("in_channels=4&out_channels=8");
    CHECK(layer_cost(l).macs == 8 * 4 * 9 * 9);

    const SeparableCost sep = separable_cost(l.config());
    REQUIRE(sep.ok);
    REQUIRE(sep.rows.size() == 4);
    CHECK(sep.rows[0].macs == 2592);
    CHECK(sep.rows[1].macs == 4 * 9 * 9);  // depthwise: 324
    CHECK(sep.rows[2].macs == 4 * 8 * 9);  // pointwise over the 3x3 output: 288
    CHECK(sep.rows[3].macs == 612);
    CHECK(sep.rows[0].params == 296);
    CHECK(sep.rows[3].params == 40 + 40);
    // MACs: (K^2 C_in + C_in C_out) / (K^2 C_in C_out) = 1/C_out + 1/K^2 exactly.
    CHECK(sep.counted_macs_ratio == doctest::Approx(1.0 / 8 + 1.0 / 9).epsilon(1e-12));
    CHECK(sep.formula_ratio == doctest::Approx(1.0 / 8 + 1.0 / 9).epsilon(1e-12));
    CHECK(sep.formula == "1/8 + 1/9 = 0.236");
    // Parameters with biases are a little above the formula (biases are not in it).
    CHECK(sep.counted_params_ratio == doctest::Approx(80.0 / 296.0));
    bool said = false;
    for (const Line& line : explanation(l, 0))
        said = said || line.text == "Depthwise 4x1x3x3 then pointwise 8x4x1x1 instead of the standard "
                                    "8x4x3x3: MobileNet's ratio 1/8 + 1/9 = 0.236; counted: MACs 612 / 2592 = "
                                    "0.236, parameters (with biases) 80 / 296 = 0.27.";
    CHECK(said);
    // Strided and padded: still exact for MACs, since pointwise runs on the depthwise output.
    l = open("in_channels=6&out_channels=16&kernel=5&stride=2&padding=2&input=9");
    const SeparableCost strided = separable_cost(l.config());
    REQUIRE(strided.ok);
    CHECK(strided.counted_macs_ratio == doctest::Approx(1.0 / 16 + 1.0 / 25).epsilon(1e-12));
}

// [SECTION] Scene, state and setState ------------------------------------------------------------------

TEST_CASE("channels: the grids show the input channel picked, the filter's plane for it, the walked output channel") {
    std::string w;
    for (int k = 0; k < 27 + 18; ++k) w += "0,";  // filter 0's three planes, filter 1's planes 0 and 1
    w += "1,2,3,4,5,6,7,8,9";                     // filter 1's plane for input channel 2
    const Lesson l = open("lesson=channels&channel=1,2&kernel_preset=custom&w=" + w);
    REQUIRE(l.error.empty());
    SceneOptions o;
    o.step = o.window_step = 0;
    const Scene s = build_scene(l, o);
    CHECK(s.input.title == "Input ch 2, 5x5");
    CHECK(s.kernel.title == "Filter 1, ch 2, 3x3");
    CHECK(s.input.at(0, 0).value == 51.0f);  // seq continues: channel 2 starts at 51
    CHECK(s.kernel.at(2, 2).value == 9.0f);
    CHECK(s.output.title == "Output ch 1, 3x3");
    CHECK(s.output.at(0, 0).value == l.output.at(1, 0, 0));
    CHECK(s.window.size() == 9u);  // the taps on channel 2 only
    CHECK(shown_input_index(l.config(), 0, 0) == 50u);
    CHECK(shown_weight_index(l.config(), 2, 2) == 9u * 5u + 8u);
}

TEST_CASE("channels: getState names the channels, the step's partial sums and the cost; setState takes them back") {
    Lesson l = open("in_channels=4&out_channels=8&groups=4&channel=5&step=4");
    auto parsed = json::parse(state_json(l, false, 1.0f));
    REQUIRE(parsed.ok());
    const Value& s = parsed.value;
    CHECK(s.find("in_channels")->as_number() == 4);
    CHECK(s.find("out_channels")->as_number() == 8);
    CHECK(s.find("groups")->as_number() == 4);
    CHECK(json::write(*s.find("channel")) == "[5,2]");
    CHECK(s.find("params")->as_number() == 80);
    CHECK(s.find("macs")->as_number() == 648);
    const Value& step = *s.find("channel_step");
    CHECK(step.find("filter")->as_number() == 5);
    CHECK(json::write(*step.find("channels")) == "[2]");
    const double out = l.output.at(5, 1, 1);
    CHECK(step.find("result")->as_number() == out);
    CHECK(step.find("sums")->items()[0].as_number() == out);
    CHECK(s.find("output_values")->items()[1].items()[1].as_number() == out);  // channel 5's map
    CHECK(s.find("separable")->find("formula_ratio")->as_number() == doctest::Approx(1.0 / 8 + 1.0 / 9));

    const Decoded d = apply_state_json(Config{}, R"({"in_channels": 6, "out_channels": 4, "groups": 2, "channel": [3, 4]})");
    CHECK(d.notices.empty());
    CHECK(d.config.channels.in_channels == 6);
    CHECK(d.config.channels.groups == 2);
    CHECK(d.config.channels.channel == 3);
    CHECK(d.config.channels.in_channel == 4);
    // setState(getState()) keeps the channels.
    const Decoded back = apply_state_json(Config{}, state_json(l, false, 1.0f));
    CHECK(back.config.channels == l.config().channels);
}

TEST_CASE("channels: the transposed convolution's walk scatters one channel; its link says so if given more") {
    std::vector<std::string> notices;
    const Lesson l = open("op=conv_transpose2d&stride=2&in_channels=3&out_channels=2", &notices);
    CHECK(mentions(notices, "conv_transpose2d is walked on one channel; using in_channels 1, out_channels 1, groups 1."));
    CHECK(l.config().channels == ChannelConfig{});
    CHECK(l.error.empty());
    CHECK_FALSE(has_channels(l.config()));
}
