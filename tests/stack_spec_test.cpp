// stack_spec_test.cpp -- teach/stack_spec: the layer grammar (parsing, defaults, canonical text,
// refusals that name the layer and the field) and the network presets.
#include <doctest/doctest.h>

#include <string>

#include "core/stack.hpp"
#include "teach/stack_spec.hpp"

using namespace strideconv;
using teach::format_stack;
using teach::parse_stack;

TEST_CASE("stack grammar: the issue's example and its defaults") {
    auto r = parse_stack("conv:k=7,s=2,p=3,c=64; maxpool:k=3,s=2,p=1; conv:k=3,p=1,c=64");
    REQUIRE(r.ok());
    REQUIRE(r.value.size() == 3);
    const StackLayer& conv = r.value[0];
    CHECK(conv.kind == LayerKind::conv);
    CHECK(conv.kernel == Pair{7, 7});
    CHECK(conv.effective_stride() == Pair{2, 2});
    CHECK(conv.padding.value == Pair{3, 3});
    CHECK(conv.out_channels == 64);
    CHECK(conv.groups == 0);
    CHECK(conv.bias);
    CHECK(r.value[2].effective_stride() == Pair{1, 1});
    // Pools default to s = k.
    auto pool = parse_stack("maxpool:k=2");
    REQUIRE(pool.ok());
    CHECK(pool.value[0].effective_stride() == Pair{2, 2});
    CHECK(format_stack(r.value) == "conv:k=7,s=2,p=3,c=64;maxpool:k=3,s=2,p=1;conv:k=3,p=1,c=64");
}

TEST_CASE("stack grammar: every key, HxW values, case and spaces") {
    auto r = parse_stack(
        " CONV : k = 3x5 , s=1x2, p=same, d=2x1, c=8, g=2, b=0, bn=1, name=stem.conv ;"
        "dwconv:k=3,s=2,p=valid;maxpool:k=3,s=2,p=1,ceil=1,d=2;avgpool:global=1;"
        "convT:k=4,s=2,p=1,op=1,c=4,g=2;add:skip=4;conv:k=1,s=2,c=4,skip=3;");
    INFO(r.error);
    REQUIRE(r.ok());
    REQUIRE(r.value.size() == 7);
    const StackLayer& c = r.value[0];
    CHECK(c.kernel == Pair{3, 5});
    CHECK(c.effective_stride() == Pair{1, 2});
    CHECK(c.padding.kind == LayerPadding::Kind::same);
    CHECK(c.dilation == Pair{2, 1});
    CHECK(c.groups == 2);
    CHECK_FALSE(c.bias);
    CHECK(c.batch_norm);
    CHECK(c.name == "stem.conv");
    CHECK(r.value[1].padding.kind == LayerPadding::Kind::valid);
    CHECK(r.value[2].ceil_mode);
    CHECK(r.value[3].global);
    CHECK(r.value[4].output_padding == Pair{1, 1});
    CHECK(r.value[5].skip == 4);
    CHECK(r.value[6].skip == 3);
    // The canonical text reads back to the same stack.
    const std::string text = format_stack(r.value);
    auto again = parse_stack(text);
    REQUIRE(again.ok());
    CHECK(again.value == r.value);
    CHECK(format_stack(again.value) == text);
}

TEST_CASE("stack grammar: refusals name the layer by position and the field") {
    struct Case {
        const char* spec;
        const char* message;
    };
    const Case cases[] = {
        {"", "the stack is empty"},
        {"conv:k=3;;conv:k=3", "layer 2: empty"},
        {"conv:k=3; pool:k=2", "layer 2: unknown layer type 'pool'"},
        {"conv:k=3,s=two", "layer 1 (conv): s must be N or HxW with whole numbers 1..4096 (got 'two')"},
        {"conv:k=0", "layer 1 (conv): k must be N or HxW"},
        {"conv:k=3x", "layer 1 (conv): k must be N or HxW"},
        {"conv:k=3,p=-1", "layer 1 (conv): p must be N or HxW"},
        {"conv:k=3,p=half", "layer 1 (conv): p must be"},
        {"conv:k=3,c=0", "layer 1 (conv): c must be a whole number 1..65536 (got '0')"},
        {"conv:s=2", "layer 1 (conv): k is required"},
        {"conv:k=3,k=5", "layer 1 (conv): k is given twice"},
        {"conv:k=3,q=1", "layer 1 (conv): unknown field 'q'"},
        {"conv:k=3,s", "layer 1 (conv): expected key=value, got 's'"},
        {"conv:k=3; maxpool:k=2,c=4", "layer 2 (maxpool): c does not apply"},
        {"dwconv:k=3,g=2", "layer 1 (dwconv): g does not apply"},
        {"conv:k=3,op=1", "layer 1 (conv): op does not apply"},
        {"conv:k=3,ceil=1", "layer 1 (conv): ceil does not apply"},
        {"maxpool:k=3,ceil=2", "layer 1 (maxpool): ceil must be 0 or 1 (got '2')"},
        {"conv:k=3; add", "layer 2 (add): skip=N is required"},
        {"conv:k=3; add:skip=2", "layer 2 (add): skip must be a whole number 0..1 (got '2')"},
        {"avgpool:global=1,k=3", "layer 1 (avgpool): global=1 makes the window the whole input"},
        {"conv:k=3,name=a b", "layer 1 (conv): name must be"},
        {"conv:k=5000", "layer 1 (conv): k must be N or HxW with whole numbers 1..4096"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.spec);
        auto r = parse_stack(c.spec);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error.find(c.message) == 0);
        CHECK(r.error.find('\n') == std::string::npos);
    }
}

TEST_CASE("stack presets: names as in links and the CLI; every one evaluates at 224 and reads back") {
    const char* expected[] = {"vgg16", "alexnet", "resnet18", "resnet50", "resnet50-slim", "mobilenet_v1", "mobilenet_v2"};
    for (const char* name : expected) CHECK(teach::network_preset(name).has_value());
    CHECK_FALSE(teach::network_preset("resnet").has_value());
    CHECK(teach::network_preset_names().find("resnet50-slim") != std::string::npos);
    for (const auto& p : teach::network_presets()) {
        CAPTURE(p.name);
        const auto layers = teach::network_preset(p.name);
        REQUIRE(layers.has_value());
        const StackResult r = evaluate_stack(*layers, {224, 224}, 3);
        INFO(r.error);
        CHECK(r.ok());
        auto back = parse_stack(format_stack(*layers));
        INFO(back.error);
        REQUIRE(back.ok());
        CHECK(back.value == *layers);
        // A stem is a preset's first layers.
        const std::string name = p.name;
        const size_t stem = name.find("-stem");
        if (stem != std::string::npos) {
            const auto whole = teach::network_preset(name.substr(0, stem));
            REQUIRE(whole.has_value());
            REQUIRE(whole->size() > layers->size());
            for (size_t i = 0; i < layers->size(); ++i) CHECK((*whole)[i] == (*layers)[i]);
        }
    }
    // ResNet-50 in torchvision's layout: the stride on conv2 of each stage's first bottleneck.
    const auto r50 = *teach::network_preset("resnet50");
    int strided = 0;
    for (const auto& l : r50)
        if (l.effective_stride() == Pair{2, 2} && !l.shortcut()) {
            ++strided;
            if (strided > 2) CHECK(l.name.find(".0.conv2") != std::string::npos);
        }
    CHECK(strided == 5);  // conv1, maxpool, layer2-4
}
