// stack_test.cpp -- core/stack: shapes, jumps, receptive fields and effective paddings through a
// stack, against the published tables (Araujo, Norris & Sim 2019; google-research/receptive_field's
// RECEPTIVE_FIELD_TABLE.md, TF-Slim models), against torchvision's layers (MACs and parameters,
// tests/golden/networks.json from tests/golden/gen_networks.py), and random stacks against a direct
// computation: impulses pushed through the stack with the core's own ops.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "core/stack.hpp"
#include "teach/stack_spec.hpp"

using namespace strideconv;

namespace {

std::vector<StackLayer> preset(const std::string& name) {
    auto p = teach::network_preset(name);
    REQUIRE(p.has_value());
    return *p;
}

std::vector<StackLayer> spec(const std::string& text) {
    auto p = teach::parse_stack(text);
    INFO(p.error);
    REQUIRE(p.ok());
    return p.value;
}

const StackRow& row_named(const StackResult& r, const std::string& name) {
    for (const StackRow& row : r.rows)
        if (row.name == name) return row;
    FAIL("no row " << name);
    return r.rows.front();
}

// One published row: end point, receptive field, effective stride, effective padding (-1: None).
struct Published {
    const char* end_point;
    int rf, stride, padding;
};

void check_published(const std::string& preset_name, int input, const std::vector<Published>& table,
                     int padding_offset = 0) {
    const StackResult r = evaluate_stack(preset(preset_name), {input, input}, 3);
    INFO(preset_name << " at " << input << ": " << r.error);
    REQUIRE(r.ok());
    for (const Published& p : table) {
        const StackRow& row = row_named(r, p.end_point);
        INFO(p.end_point);
        for (const StackAxis& a : row.axes) {
            CHECK(a.uniform);
            CHECK(a.rf == p.rf);
            CHECK(a.jump_num == p.stride);
            CHECK(a.jump_den == 1);
            if (p.padding >= 0) CHECK(a.effective_padding == p.padding + padding_offset);
        }
    }
}

}  // namespace

TEST_CASE("stack: ResNet's stem reaches stride 4 before the first block") {
    const StackResult r = evaluate_stack(spec("conv:k=7,s=2,p=3,c=64; maxpool:k=3,s=2,p=1"), {224, 224}, 3);
    REQUIRE(r.ok());
    REQUIRE(r.rows.size() == 2);
    const StackAxis& c = r.rows[0].axes[0];
    CHECK(r.rows[0].output == Pair{112, 112});
    CHECK(c.jump_num == 2);
    CHECK(c.rf == 7);
    CHECK(c.effective_padding == 3);
    CHECK(c.centre2() == 0);  // output 0 looks at input 0 .. 3: centre 0
    const StackAxis& m = r.rows[1].axes[0];
    CHECK(r.rows[1].output == Pair{56, 56});
    CHECK(m.jump_num == 4);
    CHECK(m.rf == 11);         // 7 + (3 - 1) * 2
    CHECK(m.effective_padding == 5);  // 3 + 1 * 2
    CHECK(r.rows[0].macs == int64_t(112) * 112 * 64 * 3 * 49);
    CHECK(r.rows[0].params == 64 * 3 * 49 + 64);
    CHECK(r.rows[1].macs == 0);
    CHECK(r.rows[1].window_reads == int64_t(56) * 56 * 64 * 9);
    CHECK(r.totals.output == Pair{56, 56});
    CHECK(r.totals.channels == 64);
}

TEST_CASE("stack: the floor's remainder and the rows it drops, per axis") {
    // VGG's 2x2 pool on 225 rows: (225 - 2) / 2 = 111 r 1, so input row 224 is never read.
    const StackResult r = evaluate_stack(spec("conv:k=3,p=1,c=8; maxpool:k=2"), {225, 224}, 3);
    REQUIRE(r.ok());
    CHECK(r.rows[1].output == Pair{112, 112});
    CHECK(r.rows[1].axes[0].remainder == 1);
    CHECK(r.rows[1].axes[0].dropped == 1);
    CHECK(r.rows[1].axes[1].dropped == 0);
    CHECK(r.rows[1].drops());
    CHECK_FALSE(r.rows[0].drops());
    // A 1x1 projection at stride 2 on an even map never reads the last row and column.
    const StackResult p = evaluate_stack(spec("conv:k=1,s=2,c=4"), {56, 56}, 4);
    CHECK(p.rows[0].axes[0].dropped == 1);
    CHECK(p.rows[0].axes[1].dropped == 1);
}

TEST_CASE("stack: rectangular kernels, strides and inputs give per-axis values") {
    const StackResult r = evaluate_stack(spec("conv:k=3x5,s=1x2,p=1x2,c=4; conv:k=3,d=2x1,p=2x1"), {32, 40}, 1);
    REQUIRE(r.ok());
    CHECK(r.rows[0].output == Pair{32, 20});
    CHECK(r.rows[1].axes[0].rf == 3 + 4 * 1);
    CHECK(r.rows[1].axes[1].rf == 5 + 2 * 2);
    CHECK(r.rows[1].axes[1].jump_num == 2);
    CHECK(r.rows[1].axes[0].effective_padding == 1 + 2);
    CHECK(r.rows[1].axes[1].effective_padding == 2 + 1 * 2);
}

TEST_CASE("stack: TensorFlow's SAME pads after at stride 2 on even sizes") {
    const StackResult r = evaluate_stack(spec("conv:k=3,s=2,p=same,c=8; maxpool:k=3,s=2,p=same"), {224, 224}, 3);
    REQUIRE(r.ok());
    CHECK(r.rows[0].output == Pair{112, 112});
    CHECK(r.rows[0].axes[0].pad_before == 0);
    CHECK(r.rows[0].axes[0].pad_after == 1);
    CHECK(r.rows[0].axes[0].effective_padding == 0);
    CHECK(r.rows[1].output == Pair{56, 56});
    CHECK(r.rows[1].axes[0].effective_padding == 0);
    const StackResult odd = evaluate_stack(spec("conv:k=3,s=2,p=same,c=8"), {225, 225}, 3);
    CHECK(odd.rows[0].output == Pair{113, 113});
    CHECK(odd.rows[0].axes[0].pad_before == 1);
    CHECK(odd.rows[0].axes[0].pad_after == 1);
}

TEST_CASE("stack: VGG-16 against the receptive_field table (vgg_16, None, 224 and 321)") {
    // google-research/receptive_field RECEPTIVE_FIELD_TABLE.md: TF-Slim's vgg_16 has torchvision's
    // layout (3x3, padding 1; 2x2 pools), so all three columns match at every size.
    const std::vector<Published> table = {
        {"features.0", 3, 1, 1},     {"features.4", 6, 2, 2},    {"features.5", 10, 2, 4},
        {"features.9", 16, 4, 6},    {"features.10", 24, 4, 10}, {"features.12", 32, 4, 14},
        {"features.16", 44, 8, 18},  {"features.17", 60, 8, 26}, {"features.19", 76, 8, 34},
        {"features.23", 100, 16, 42}, {"features.24", 132, 16, 58}, {"features.26", 164, 16, 74},
        {"features.30", 212, 32, 90}};
    check_published("vgg16", 224, table);
    check_published("vgg16", 321, table);
    check_published("vgg16", 500, table);
}

TEST_CASE("stack: AlexNet against alexnet_v2's receptive fields and strides") {
    // alexnet_v2 (TF-Slim) has torchvision's kernels and strides but a VALID first layer; torchvision
    // pads conv1 by 2 at jump 1, so every effective padding is 2 larger.
    const std::vector<Published> table = {{"features.0", 11, 4, 0},  {"features.2", 19, 8, 0},
                                          {"features.3", 51, 8, 16}, {"features.6", 99, 16, 32},
                                          {"features.8", 131, 16, 48}, {"features.10", 163, 16, 64},
                                          {"features.12", 195, 32, 64}};
    check_published("alexnet", 224, table, 2);
    check_published("alexnet", 321, table, 2);
}

TEST_CASE("stack: ResNet-50 (TF-Slim layout) against resnet_v1_50's table") {
    // End points are the blocks' last units (the sum after the shortcut).
    const std::vector<Published> at224 = {{"block1/unit_3/shortcut", 35, 8, 15},
                                          {"block2/unit_4/shortcut", 99, 16, 47},
                                          {"block3/unit_6/shortcut", 291, 32, 143},
                                          {"block4/unit_3/add", 483, 32, 239}};
    const std::vector<Published> at321 = {{"block1/unit_3/shortcut", 35, 8, 17},
                                          {"block2/unit_4/shortcut", 99, 16, 49},
                                          {"block3/unit_6/shortcut", 291, 32, 145},
                                          {"block4/unit_3/add", 483, 32, 241}};
    check_published("resnet50-slim", 224, at224);
    check_published("resnet50-slim", 321, at321);
    // None: receptive field and stride do not depend on the input size.
    std::vector<Published> none = at224;
    for (auto& p : none) p.padding = -1;
    check_published("resnet50-slim", 400, none);
}

TEST_CASE("stack: MobileNet v1 (SAME padding) against mobilenet_v1's table at 224 and 321") {
    const int rf[14] = {3, 7, 11, 19, 27, 43, 59, 91, 123, 155, 187, 219, 251, 315};
    const int stride[14] = {2, 2, 4, 4, 8, 8, 16, 16, 16, 16, 16, 16, 32, 32};
    const int pad224[14] = {0, 2, 2, 6, 6, 14, 14, 30, 46, 62, 78, 94, 94, 126};
    const int pad321[14] = {1, 3, 5, 9, 13, 21, 29, 45, 61, 77, 93, 109, 125, 157};
    std::vector<Published> t224, t321;
    static std::vector<std::string> names;  // end points must outlive the tables
    names.clear();
    names.push_back("Conv2d_0");
    for (int i = 1; i <= 13; ++i) names.push_back("Conv2d_" + std::to_string(i) + "_pointwise");
    for (int i = 0; i < 14; ++i) {
        t224.push_back({names[size_t(i)].c_str(), rf[i], stride[i], pad224[i]});
        t321.push_back({names[size_t(i)].c_str(), rf[i], stride[i], pad321[i]});
    }
    check_published("mobilenet_v1", 224, t224);
    check_published("mobilenet_v1", 321, t321);
}

TEST_CASE("stack: MobileNet v1's cost as published (Howard et al. 2017: 569M mult-adds, 4.2M parameters)") {
    const StackResult r = evaluate_stack(preset("mobilenet_v1"), {224, 224}, 3);
    REQUIRE(r.ok());
    CHECK(r.totals.macs / 1000000 == 568);  // 568.7 M, printed as 569 M
    // Convolution and classifier weights and biases: 4.23 M; batch norms add 2 per channel.
    int64_t weights = 0;
    for (const StackRow& row : r.rows) weights += row.weight_values + (row.name == "Logits" ? 1000 : 0);
    CHECK(weights / 100000 == 42);
}

// [SECTION] torchvision -------------------------------------------------------------------------

namespace {

json::Value load_networks() {
    std::ifstream in(STRIDECONV_SOURCE_DIR "/tests/golden/networks.json", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto doc = json::parse(text.str());
    INFO(doc.error);
    REQUIRE(doc.ok());
    return doc.value;
}

std::vector<int> ints(const json::Value& v) {
    std::vector<int> out;
    for (const auto& x : v.items()) out.push_back(static_cast<int>(x.as_number()));
    return out;
}

int64_t count(const json::Value& v, const char* key) {
    const json::Value* x = v.find(key);
    REQUIRE(x != nullptr);
    return static_cast<int64_t>(x->as_number());
}

}  // namespace

TEST_CASE("stack: every convolution of the torchvision presets matches torchvision's module") {
    const json::Value doc = load_networks();
    int compared_runs = 0;
    for (const json::Value& run : doc.find("runs")->items()) {
        const std::string model = run.find("model")->as_string();
        const int input = static_cast<int>(run.find("input")->as_number());
        CAPTURE(model);
        CAPTURE(input);
        const StackResult r = evaluate_stack(preset(model), {input, input}, 3);
        INFO(r.error);
        REQUIRE(r.ok());
        // torchvision's Conv2d and Linear modules by name, each with the batch norm after it.
        struct Module {
            const json::Value* layer;
            int64_t bn_params;
        };
        std::map<std::string, Module> modules;
        const auto& layers = run.find("layers")->items();
        for (size_t i = 0; i < layers.size(); ++i) {
            const std::string type = layers[i].find("type")->as_string();
            if (type != "Conv2d" && type != "Linear") continue;
            int64_t bn = 0;
            if (i + 1 < layers.size() && layers[i + 1].find("type")->as_string() == "BatchNorm2d")
                bn = count(layers[i + 1], "params");
            modules[layers[i].find("name")->as_string()] = {&layers[i], bn};
        }
        // Above 224 VGG's and AlexNet's adaptive pools resize pool5 for the classifier, which the
        // stack writes as a valid convolution; compare their feature layers only there.
        const bool classifier_fits = input == 224;
        size_t matched = 0;
        for (const StackRow& row : r.rows) {
            if (!is_convolution(row.kind)) continue;
            CAPTURE(row.name);
            auto it = modules.find(row.name);
            REQUIRE(it != modules.end());
            const json::Value& m = *it->second.layer;
            const bool linear = m.find("type")->as_string() == "Linear";
            if (linear && !classifier_fits && (model == "vgg16" || model == "alexnet")) continue;
            ++matched;
            CHECK(row.params == count(m, "params") + it->second.bn_params);
            CHECK(row.macs == count(m, "macs"));
            if (!linear) {
                CHECK(ints(*m.find("kernel")) == std::vector<int>{row.axes[0].kernel, row.axes[1].kernel});
                CHECK(ints(*m.find("stride")) == std::vector<int>{row.axes[0].stride, row.axes[1].stride});
                CHECK(ints(*m.find("padding")) == std::vector<int>{row.axes[0].pad_before, row.axes[1].pad_before});
                CHECK(count(m, "groups") == row.groups);
                CHECK(ints(*m.find("output")) == std::vector<int>{row.out_channels, row.output[0], row.output[1]});
            }
        }
        size_t expected = modules.size();
        if (!classifier_fits && (model == "vgg16" || model == "alexnet")) expected -= 3;
        CHECK(matched == expected);
        if (classifier_fits) {
            CHECK(r.totals.params == count(run, "total_params"));
            CHECK(r.totals.macs == count(run, "total_macs"));
        }
        ++compared_runs;
    }
    CHECK(compared_runs == 15);
}

TEST_CASE("stack: the pools of the torchvision presets give torchvision's sizes") {
    const json::Value doc = load_networks();
    for (const json::Value& run : doc.find("runs")->items()) {
        const std::string model = run.find("model")->as_string();
        const int input = static_cast<int>(run.find("input")->as_number());
        const StackResult r = evaluate_stack(preset(model), {input, input}, 3);
        REQUIRE(r.ok());
        for (const json::Value& m : run.find("layers")->items()) {
            if (m.find("type")->as_string() != "MaxPool2d") continue;
            CAPTURE(model);
            CAPTURE(input);
            const StackRow& row = row_named(r, m.find("name")->as_string());
            CHECK(ints(*m.find("output")) == std::vector<int>{row.out_channels, row.output[0], row.output[1]});
        }
    }
}

// [SECTION] Shortcuts ---------------------------------------------------------------------------

TEST_CASE("stack: a ResNet projection shortcut lines up with its main path; a pool in its place does not") {
    const StackResult r = evaluate_stack(preset("resnet50"), {224, 224}, 3);
    REQUIRE(r.ok());
    const StackRow& d = row_named(r, "layer2.0.downsample.0");
    CHECK(d.shortcut());
    CHECK(d.output == Pair{28, 28});
    CHECK(d.aligned[0]);
    CHECK(d.aligned[1]);
    CHECK(d.main_path[0].centre2() == d.shortcut_path[0].centre2());
    CHECK(d.main_path[0].rf > d.shortcut_path[0].rf);
    CHECK(d.axes[0].rf == d.main_path[0].rf);  // the union is the main path's field
    CHECK(d.additions == int64_t(512) * 28 * 28);
    // Stride moved into a 2x2 pool after conv2: output 0 now averages inputs 0 and 1 of the
    // 56-map, centred half a step (2 input pixels at jump 4) after the shortcut's.
    const int conv2 = row_named(r, "layer2.0.conv2").position;
    auto swapped = swap_downsampling(preset("resnet50"), {conv2});
    REQUIRE(swapped.ok());
    const StackResult s = evaluate_stack(swapped.value, {224, 224}, 3);
    REQUIRE(s.ok());
    const StackRow& d2 = row_named(s, "layer2.0.downsample.0");
    CHECK(d2.output == Pair{28, 28});
    CHECK_FALSE(d2.aligned[0]);
    CHECK(d2.main_path[0].centre2() - d2.shortcut_path[0].centre2() == 4);
    CHECK(s.totals.params == r.totals.params);
    CHECK(s.totals.macs > r.totals.macs);
}

TEST_CASE("stack: a shortcut's two terms apart: each path's field, their hull the sum's") {
    const StackResult r = evaluate_stack(preset("resnet50"), {224, 224}, 3);
    REQUIRE(r.ok());
    const StackRow& d = row_named(r, "layer2.0.downsample.0");
    // Output 0: each path's region is its closed-form field, and the centres line up.
    const ShortcutRegions zero = shortcut_regions(r, d.position, {0, 0}, {0, 0});
    for (size_t a = 0; a < 2; ++a) {
        CAPTURE(a);
        CHECK(zero.main_path[a].first == -d.main_path[a].effective_padding);
        CHECK(zero.main_path[a].size() == d.main_path[a].rf);
        CHECK(zero.shortcut_path[a].first == -d.shortcut_path[a].effective_padding);
        CHECK(zero.shortcut_path[a].size() == d.shortcut_path[a].rf);
        CHECK(zero.main_path[a].first + zero.main_path[a].last == zero.shortcut_path[a].first + zero.shortcut_path[a].last);
    }
    // Output (5, 7): the projection (1x1, stride 2) reads layer1's output (10, 14), whose field
    // (35 wide, jump 4, effective padding 17) is rows 23..57 and columns 39..73 of the input;
    // the main path's (43 wide, jump 8, padding 21) is rows 19..61: both centred on row 40.
    const ShortcutRegions cell = shortcut_regions(r, d.position, {5, 5}, {7, 7});
    CHECK(cell.shortcut_path[0].first == 23);
    CHECK(cell.shortcut_path[0].last == 57);
    CHECK(cell.shortcut_path[1].first == 39);
    CHECK(cell.shortcut_path[1].last == 73);
    CHECK(cell.main_path[0].first == 19);
    CHECK(cell.main_path[0].last == 61);
    // Not a shortcut, out of range: empty.
    CHECK(shortcut_regions(r, d.position - 1, {0, 0}, {0, 0}).main_path[0].empty());
    CHECK(shortcut_regions(r, 0, {0, 0}, {0, 0}).shortcut_path[1].empty());
    CHECK(shortcut_regions(r, static_cast<int>(r.rows.size()) + 1, {0, 0}, {0, 0}).main_path[0].empty());

    // Every shortcut of ResNet-18/50 and MobileNet v2, three cells each: the hull of the two terms
    // is the sum's field; the main path's term is the previous layer's field.
    for (const char* name : {"resnet18", "resnet50", "mobilenet_v2"}) {
        const StackResult n = evaluate_stack(preset(name), {224, 224}, 3);
        REQUIRE(n.ok());
        int shortcuts = 0;
        for (const StackRow& row : n.rows) {
            if (!row.shortcut()) continue;
            ++shortcuts;
            for (const int c : {0, row.output[0] / 2, row.output[0] - 1}) {
                CAPTURE(name);
                CAPTURE(row.position);
                CAPTURE(c);
                const ShortcutRegions t = shortcut_regions(n, row.position, {c, c}, {c, c});
                const auto sum = receptive_region(n, row.position, {c, c}, {c, c});
                const auto before = receptive_region(n, row.position - 1, {c, c}, {c, c});
                for (size_t a = 0; a < 2; ++a) {
                    CHECK(std::min(t.main_path[a].first, t.shortcut_path[a].first) == sum[a].first);
                    CHECK(std::max(t.main_path[a].last, t.shortcut_path[a].last) == sum[a].last);
                    CHECK(t.main_path[a].first == before[a].first);
                    CHECK(t.main_path[a].last == before[a].last);
                }
            }
        }
        CHECK(shortcuts > 0);
    }
}

TEST_CASE("stack: shortcut errors name the layer") {
    StackResult r = evaluate_stack(spec("conv:k=3,c=8; conv:k=1,s=2,c=8,skip=0"), {16, 16}, 3);
    CHECK(r.error_position == 2);
    CHECK(r.error.find("layer 2 (conv2)") == 0);
    CHECK(r.error.find("main path") != std::string::npos);
    r = evaluate_stack(spec("conv:k=3,p=1,c=3; add:skip=0"), {16, 16}, 3);
    CHECK(r.ok());
    CHECK(r.rows[1].additions == 3 * 16 * 16);
}

// [SECTION] Stride against pooling ----------------------------------------------------------------

TEST_CASE("stack: VGG's pools swapped for strides keep every size at 224 and change the cost") {
    const auto vgg = preset("vgg16");
    const auto points = downsampling_points(vgg);
    REQUIRE(points.size() == 5);
    std::vector<int> pools;
    for (const auto& p : points) {
        CHECK(p.swap == DownsamplingPoint::Swap::pool_to_stride);
        pools.push_back(p.position);
    }
    auto swapped = swap_downsampling(vgg, pools);
    REQUIRE(swapped.ok());
    CHECK(swapped.value.size() == vgg.size() - 5);
    const StackResult a = evaluate_stack(vgg, {224, 224}, 3), b = evaluate_stack(swapped.value, {224, 224}, 3);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(b.totals.output == a.totals.output);
    CHECK(b.totals.params == a.totals.params);
    CHECK(b.totals.macs < a.totals.macs);
    // The strided conv samples what the pool would have maxed: conv1_2 at stride 2 is 4x cheaper.
    CHECK(row_named(b, "features.2").macs * 4 == row_named(a, "features.2").macs);
    // The last pool's field (212) loses the pools' k - 1 terms.
    CHECK(row_named(a, "features.30").axes[0].rf == 212);
    CHECK(row_named(b, "features.28").axes[0].rf < 212);
    // Swapping each strided conv back gives VGG again, names included.
    std::vector<int> back;
    for (const auto& p : downsampling_points(swapped.value)) back.push_back(p.position);
    auto again = swap_downsampling(swapped.value, back);
    REQUIRE(again.ok());
    CHECK(again.value.size() == vgg.size());
    for (size_t i = 0; i < vgg.size(); ++i) CHECK(again.value[i].kernel == vgg[i].kernel);
}

TEST_CASE("stack: swaps refused and explained; shortcuts renumbered") {
    const auto r50 = preset("resnet50");
    const auto points = downsampling_points(r50);
    // conv1 (stride), maxpool (after a strided conv: not swappable), three conv2 stride points.
    REQUIRE(points.size() == 5);
    CHECK(points[0].swap == DownsamplingPoint::Swap::stride_to_pool);
    CHECK(points[1].swap == DownsamplingPoint::Swap::none);
    CHECK(points[1].why_not.find("already has a stride") != std::string::npos);
    CHECK_FALSE(swap_downsampling(r50, {points[1].position}).ok());
    CHECK_FALSE(swap_downsampling(r50, {3}).ok());  // layer1.0.conv1 does not downsample
    auto all = swap_downsampling(r50, {points[0].position, points[2].position, points[3].position, points[4].position});
    REQUIRE(all.ok());
    CHECK(all.value.size() == r50.size() + 4);
    const StackResult s = evaluate_stack(all.value, {224, 224}, 3);
    INFO(s.error);
    REQUIRE(s.ok());
    CHECK(s.totals.output == Pair{1, 1});
    for (const StackRow& row : s.rows)
        if (row.shortcut()) CHECK(s.rows[size_t(row.position - 2)].output == row.output);
}

// [SECTION] Editing ------------------------------------------------------------------------------

TEST_CASE("stack: editing keeps shortcuts reading the same place") {
    auto layers = spec("conv:k=3,p=1,c=4; conv:k=3,p=1,c=4; add:skip=1");
    REQUIRE(insert_layer(layers, 1, spec("conv:k=1,c=4")[0]));
    CHECK(layers[3].skip == 2);
    CHECK(evaluate_stack(layers, {8, 8}, 4).ok());
    REQUIRE(remove_layer(layers, 2));  // the add's source: it now reads what that layer read
    CHECK(layers[2].skip == 1);
    REQUIRE(move_layer(layers, 3, -1));  // the add moves before the layer it followed
    CHECK(layers[1].kind == LayerKind::add);
    CHECK(layers[1].skip == 1);
    REQUIRE(move_layer(layers, 2, -1));  // past its own source: it reads the input instead
    CHECK(layers[0].kind == LayerKind::add);
    CHECK(layers[0].skip == 0);
    CHECK_FALSE(move_layer(layers, 1, -1));
    CHECK_FALSE(remove_layer(layers, 4));
    CHECK_FALSE(insert_layer(layers, 5, StackLayer{}));
}

TEST_CASE("stack: bad inputs are refused with a reason") {
    CHECK(evaluate_stack(spec("conv:k=3"), {0, 5}, 1).error.find("input height") == 0);
    CHECK(evaluate_stack(spec("conv:k=3"), {5, 4097}, 1).error.find("input width") == 0);
    CHECK(evaluate_stack(spec("conv:k=3"), {5, 5}, 0).error.find("channels") != std::string::npos);
    const StackResult r = evaluate_stack(spec("conv:k=3,c=4; conv:k=9"), {8, 8}, 1);
    CHECK(r.error_position == 2);
    CHECK(r.rows.size() == 1);
    CHECK(r.error.find("layer 2 (conv2): kernel too large") == 0);
    CHECK(evaluate_stack(spec("conv:k=3,g=2,c=3"), {8, 8}, 4).error.find("groups") != std::string::npos);
    CHECK(evaluate_stack(spec("convT:k=3,p=same"), {8, 8}, 1).error.find("p=same") != std::string::npos);
    CHECK(evaluate_stack(spec("avgpool:k=3,d=2"), {8, 8}, 1).error.find("dilation") != std::string::npos);
    const StackResult e = evaluate_stack({}, {9, 7}, 2);
    CHECK(e.ok());
    CHECK(e.totals.output == Pair{9, 7});
}

// [SECTION] Random stacks against impulses ------------------------------------------------------

namespace {

struct Lcg {
    uint64_t state;
    int below(int n) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<int>((state >> 33) % static_cast<uint64_t>(n));
    }
};

// One forward pass with every weight 1 and no bias, through the core's ops, using each row's
// resolved numbers. Values stay non-negative, so an output is positive exactly when some input
// it depends on is.
std::vector<Tensor> forward(const std::vector<StackLayer>& layers, const StackResult& r, const Tensor& x) {
    std::vector<Tensor> out{x};
    for (size_t i = 0; i < r.rows.size(); ++i) {
        const StackRow& row = r.rows[i];
        const StackLayer& l = layers[i];
        const Tensor& in = out[size_t(row.shortcut() ? row.skip : row.position - 1)];
        const StackAxis& h = row.axes[0];
        const StackAxis& w = row.axes[1];
        Result<Tensor> y;
        switch (row.kind) {
            case LayerKind::conv:
            case LayerKind::dwconv: {
                Conv2dOptions o;
                o.stride = {h.stride, w.stride};
                o.dilation = {h.dilation, w.dilation};
                o.groups = row.groups;
                o.padding = Padding::sides(h.pad_before, h.pad_after, w.pad_before, w.pad_after);
                y = conv2d(in, Weight::filled(row.out_channels, row.in_channels / row.groups, h.kernel, w.kernel, 1.0f), nullptr, o);
                break;
            }
            case LayerKind::convT: {
                ConvTranspose2dOptions o;
                o.stride = {h.stride, w.stride};
                o.dilation = {h.dilation, w.dilation};
                o.groups = row.groups;
                o.padding = {h.pad_before, w.pad_before};
                o.output_padding = {h.output_padding, w.output_padding};
                y = conv_transpose2d(in, Weight::filled(row.in_channels, row.out_channels / row.groups, h.kernel, w.kernel, 1.0f), nullptr, o);
                break;
            }
            case LayerKind::maxpool: {
                MaxPool2dOptions o;
                o.kernel_size = {h.kernel, w.kernel};
                o.stride = Pair{h.stride, w.stride};
                o.padding = {h.pad_before, w.pad_before};
                o.dilation = {h.dilation, w.dilation};
                o.ceil_mode = h.ceil_mode;
                y = max_pool2d(in, o);
                break;
            }
            case LayerKind::avgpool: {
                AvgPool2dOptions o;
                o.kernel_size = {h.kernel, w.kernel};
                o.stride = Pair{h.stride, w.stride};
                o.padding = {h.pad_before, w.pad_before};
                o.ceil_mode = h.ceil_mode;
                y = avg_pool2d(in, o);
                break;
            }
            case LayerKind::add: y.value = in; break;
        }
        (void)l;
        REQUIRE(y.ok());
        REQUIRE(y.value.h == row.output[0]);
        REQUIRE(y.value.w == row.output[1]);
        REQUIRE(y.value.c == row.out_channels);
        if (row.shortcut()) {
            const Tensor& main = out.back();
            for (size_t k = 0; k < y.value.data.size(); ++k) y.value.data[k] += main.data[k];
        }
        out.push_back(std::move(y.value));
    }
    return out;
}

std::string random_layer(Lcg& g, int channels) {
    const int kind = g.below(10);
    auto pick_pair = [&](int lo, int hi) {
        const int a = lo + g.below(hi - lo + 1);
        if (g.below(3) == 0) return std::to_string(a) + "x" + std::to_string(lo + g.below(hi - lo + 1));
        return std::to_string(a);
    };
    if (kind <= 3) {
        std::string s = "conv:k=" + pick_pair(1, 4) + ",s=" + pick_pair(1, 3) + ",c=" + std::to_string(1 + g.below(3));
        if (g.below(4) == 0) s += ",p=same";
        else s += ",p=" + pick_pair(0, 2);
        if (g.below(4) == 0) s += ",d=" + pick_pair(1, 2);
        return s;
    }
    if (kind == 4) return "dwconv:k=" + pick_pair(1, 3) + ",s=" + pick_pair(1, 2) + ",p=" + pick_pair(0, 1) + ",c=" + std::to_string(channels);
    if (kind == 5 || kind == 6) {
        const int k = 1 + g.below(3);
        std::string s = "maxpool:k=" + std::to_string(k) + ",s=" + pick_pair(1, 3) + ",p=" + std::to_string(g.below(k / 2 + 1));
        if (g.below(3) == 0) s += ",ceil=1";
        if (g.below(4) == 0) s += ",d=2";
        if (g.below(5) == 0) s = "maxpool:k=" + std::to_string(k) + ",s=2,p=same";
        return s;
    }
    if (kind == 7) {
        const int k = 1 + g.below(3);
        return "avgpool:k=" + std::to_string(k) + ",s=" + pick_pair(1, 2) + ",p=" + std::to_string(g.below(k / 2 + 1)) + (g.below(2) ? ",ceil=1" : "");
    }
    const int s = 1 + g.below(3);
    std::string t = "convT:k=" + pick_pair(1, 3) + ",s=" + std::to_string(s) + ",p=" + std::to_string(g.below(2)) + ",c=" + std::to_string(1 + g.below(2));
    if (s > 1 && g.below(2) == 0) t += ",op=1";
    if (g.below(4) == 0) t += ",d=2";
    return t;
}

}  // namespace

TEST_CASE("stack: random stacks: closed forms, the sweep and impulses through the core's ops agree") {
    Lcg g{20260925};
    int tested = 0, with_transposed = 0, with_shortcuts = 0, exact = 0;
    for (int attempt = 0; attempt < 4000 && tested < 40; ++attempt) {
        const Pair input{5 + g.below(12), 5 + g.below(12)};
        const int channels = 1 + g.below(2);
        std::string text;
        const int depth = 1 + g.below(5);
        StackResult r;
        std::vector<StackLayer> layers;
        bool ok = true;
        for (int i = 0; i < depth && ok; ++i) {
            const int c = r.rows.empty() ? channels : r.totals.channels;
            std::string next = random_layer(g, c);
            // Sometimes a shortcut from an earlier output of the right size: identity, or a 1x1
            // projection at the stride that gives the main path's size.
            if (!r.rows.empty() && g.below(3) == 0) {
                const StackRow& last = r.rows.back();
                for (int src = int(r.rows.size()) - 1; src >= 0; --src) {
                    const Pair size = src == 0 ? input : r.rows[size_t(src - 1)].output;
                    const int ch = src == 0 ? channels : r.rows[size_t(src - 1)].out_channels;
                    if (size == last.output && ch == last.out_channels) {
                        next = "add:skip=" + std::to_string(src);
                        break;
                    }
                    for (int s = 2; s <= 3; ++s)
                        if ((size[0] - 1) / s + 1 == last.output[0] && (size[1] - 1) / s + 1 == last.output[1]) {
                            next = "conv:k=1,s=" + std::to_string(s) + ",c=" + std::to_string(last.out_channels) + ",skip=" + std::to_string(src);
                            src = 0;
                            break;
                        }
                }
            }
            const std::string candidate = text.empty() ? next : text + ";" + next;
            auto parsed = teach::parse_stack(candidate);
            REQUIRE(parsed.ok());
            StackResult tried = evaluate_stack(parsed.value, input, channels);
            if (!tried.ok() || tried.totals.output[0] > 40 || tried.totals.output[1] > 40) {
                ok = i > 0;
                break;
            }
            text = candidate;
            layers = parsed.value;
            r = tried;
        }
        if (!ok || layers.empty()) continue;
        ++tested;
        CAPTURE(text);
        CAPTURE(input);
        bool transposed = false, shortcuts = false, dilated = false;
        for (const auto& l : layers) {
            transposed = transposed || l.kind == LayerKind::convT;
            shortcuts = shortcuts || l.shortcut();
            dilated = dilated || l.dilation != Pair{1, 1};
        }
        // The field is a hull: with dilation its ends can fall in the holes between taps, and
        // after a transposed conv it is measured through the cropped border. Its ends are then
        // only bounds; without either, an end inside the input is always read.
        const bool exact_ends = !transposed && !dilated;
        with_transposed += transposed;
        exact += exact_ends;
        with_shortcuts += shortcuts;

        // Closed forms (uniform axes) against the sweep, for output 0 of every layer.
        for (const StackRow& row : r.rows) {
            const auto region = receptive_region(r, row.position, {0, 0}, {0, 0});
            for (int a = 0; a < 2; ++a) {
                CAPTURE(row.position);
                CAPTURE(a);
                CHECK(row.axes[size_t(a)].rf == region[size_t(a)].size());
                if (!region[size_t(a)].empty()) CHECK(row.axes[size_t(a)].effective_padding == -region[size_t(a)].first);
            }
        }

        // Impulses: a whole input row (or column) of ones; every output that depends on it lights up.
        const int H = input[0], W = input[1];
        std::vector<std::vector<Tensor>> by_row, by_col;
        for (int y = 0; y < H; ++y) {
            Tensor x = Tensor::zeros(channels, H, W);
            for (int c = 0; c < channels; ++c)
                for (int xx = 0; xx < W; ++xx) x.at(c, y, xx) = 1;
            by_row.push_back(forward(layers, r, x));
        }
        for (int xx = 0; xx < W; ++xx) {
            Tensor x = Tensor::zeros(channels, H, W);
            for (int c = 0; c < channels; ++c)
                for (int y = 0; y < H; ++y) x.at(c, y, xx) = 1;
            by_col.push_back(forward(layers, r, x));
        }
        for (const StackRow& row : r.rows) {
            const int oh = row.output[0], ow = row.output[1];
            const int cells[3][2] = {{0, 0}, {oh / 2, ow / 2}, {oh - 1, ow - 1}};
            for (const auto& cell : cells) {
                const auto region = receptive_region(r, row.position, {cell[0], cell[0]}, {cell[1], cell[1]});
                auto lit = [&](const std::vector<Tensor>& f) {
                    const Tensor& t = f[size_t(row.position)];
                    for (int c = 0; c < t.c; ++c)
                        if (t.at(c, cell[0], cell[1]) > 0) return true;
                    return false;
                };
                std::vector<int> seen[2];
                for (int a = 0; a < 2; ++a) {
                    const auto& runs = a == 0 ? by_row : by_col;
                    for (int i = 0; i < (a == 0 ? H : W); ++i)
                        if (lit(runs[size_t(i)])) seen[a].push_back(i);
                }
                for (int a = 0; a < 2; ++a) {
                    const int n = a == 0 ? H : W;
                    const Span s = region[size_t(a)];
                    CAPTURE(row.position);
                    CAPTURE(cell[0]);
                    CAPTURE(cell[1]);
                    CAPTURE(a);
                    CAPTURE(s.first);
                    CAPTURE(s.last);
                    for (int i : seen[a]) CHECK((i >= s.first && i <= s.last));
                    // An end of the field inside the input is a dependency, as long as the cell
                    // reads some real input on the other axis at all.
                    if (!exact_ends || seen[1 - a].empty()) continue;
                    if (!s.empty() && s.first >= 0 && s.first < n)
                        CHECK(std::count(seen[a].begin(), seen[a].end(), int(s.first)) == 1);
                    if (!s.empty() && s.last >= 0 && s.last < n)
                        CHECK(std::count(seen[a].begin(), seen[a].end(), int(s.last)) == 1);
                }
            }
        }
    }
    CHECK(tested == 40);
    CHECK(exact > 10);
    CHECK(with_transposed > 3);
    CHECK(with_shortcuts > 3);
}
