// golden_large_test.cpp -- the core at the benchmark's sizes against PyTorch: every case of
// tests/golden/large.json (gen_golden.py) rebuilds its input and weights from the file's formula,
// runs the op and compares the output's shape, checksums and sampled values with PyTorch's.
// The formula's values are multiples of 1/8, so convolution sums are exact in any order: the
// checksums of conv2d and conv_transpose2d must match exactly; avg_pool2d divides and gets a
// tolerance.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/core.hpp"
#include "base/json.hpp"

using namespace strideconv;
using strideconv::json::Value;

namespace {

const char* const kLargePath = STRIDECONV_SOURCE_DIR "/tests/golden/large.json";

// gen_golden.py's pattern(): h = (i * 2654435761 + salt * 40503) mod 2^32; h ^= h >> 15;
// value = (h mod 17 - 8) / 8.
std::vector<float> pattern(size_t n, uint32_t salt) {
    std::vector<float> out(n);
    for (size_t i = 0; i < n; ++i) {
        uint32_t h = static_cast<uint32_t>(i) * 2654435761u + salt * 40503u;
        h ^= h >> 15;
        out[i] = (static_cast<float>(h % 17u) - 8.0f) / 8.0f;
    }
    return out;
}

Pair pair_at(const Value& parameters, const char* key) {
    const Value* v = parameters.find(key);
    REQUIRE_MESSAGE((v && v->is_array() && v->size() == 2), key);
    return {static_cast<int>(v->items()[0].as_number()), static_cast<int>(v->items()[1].as_number())};
}

bool flag(const Value& parameters, const char* key) {
    const Value* v = parameters.find(key);
    return v && v->is_bool() && v->as_bool();
}

Value load_large() {
    std::ifstream in(kLargePath, std::ios::binary);
    REQUIRE_MESSAGE(in, "cannot open " << kLargePath);
    std::ostringstream text;
    text << in.rdbuf();
    Result<Value> doc = json::parse(text.str());
    REQUIRE_MESSAGE(doc.ok(), kLargePath << ": " << doc.error);
    return std::move(doc.value);
}

Result<Tensor> run_case(const Value& c, const Value& salts) {
    const std::string op = c.find("op")->as_string();
    const Value& shape = *c.find("input");
    const Value& p = *c.find("parameters");
    const int channels = static_cast<int>(shape.items()[0].as_number());
    const int h = static_cast<int>(shape.items()[1].as_number()), w = static_cast<int>(shape.items()[2].as_number());
    const auto salt = [&](const char* key) { return static_cast<uint32_t>(salts.find(key)->as_number()); };
    Tensor x = Tensor::zeros(channels, h, w);
    x.data = pattern(x.data.size(), salt("input"));
    if (op == "conv2d" || op == "conv_transpose2d") {
        const int out_channels = static_cast<int>(p.find("out_channels")->as_number());
        const Pair k = pair_at(p, "kernel");
        Weight weight = op == "conv2d" ? Weight::zeros(out_channels, channels, k[0], k[1])
                                       : Weight::zeros(channels, out_channels, k[0], k[1]);
        weight.data = pattern(weight.data.size(), salt("weight"));
        std::vector<float> bias;
        if (flag(p, "bias")) bias = pattern(static_cast<size_t>(out_channels), salt("bias"));
        const std::vector<float>* b = bias.empty() ? nullptr : &bias;
        if (op == "conv2d") {
            Conv2dOptions o;
            o.stride = pair_at(p, "stride");
            const Pair pad = pair_at(p, "padding");
            o.padding = Padding::symmetric(pad[0], pad[1]);
            return conv2d(x, weight, b, o);
        }
        ConvTranspose2dOptions o;
        o.stride = pair_at(p, "stride");
        o.padding = pair_at(p, "padding");
        return conv_transpose2d(x, weight, b, o);
    }
    if (op == "max_pool2d") {
        MaxPool2dOptions o;
        o.kernel_size = pair_at(p, "kernel");
        o.stride = pair_at(p, "stride");
        o.padding = pair_at(p, "padding");
        return max_pool2d(x, o);
    }
    REQUIRE(op == "avg_pool2d");
    AvgPool2dOptions o;
    o.kernel_size = pair_at(p, "kernel");
    o.stride = pair_at(p, "stride");
    o.padding = pair_at(p, "padding");
    o.ceil_mode = flag(p, "ceil_mode");
    o.count_include_pad = flag(p, "count_include_pad");
    return avg_pool2d(x, o);
}

}  // namespace

TEST_CASE("golden large: conv2d, conv_transpose2d and both pools at the benchmark's sizes match PyTorch") {
    const Value doc = load_large();
    const Value* salts = doc.find("salts");
    const Value* cases = doc.find("cases");
    REQUIRE((salts && cases && cases->is_array()));
    CHECK(cases->size() >= 5);
    for (const Value& c : cases->items()) {
        const std::string name = c.find("name")->as_string();
        CAPTURE(name);
        const Value& expect = *c.find("expect");
        Result<Tensor> y = run_case(c, *salts);
        REQUIRE_MESSAGE(y.ok(), y.error);
        const Tensor& out = y.value;
        const Value& shape = *expect.find("shape");
        REQUIRE(out.c == static_cast<int>(shape.items()[0].as_number()));
        REQUIRE(out.h == static_cast<int>(shape.items()[1].as_number()));
        REQUIRE(out.w == static_cast<int>(shape.items()[2].as_number()));

        double sum = 0, abs_sum = 0, weighted = 0;
        for (size_t i = 0; i < out.data.size(); ++i) {
            sum += out.data[i];
            abs_sum += std::fabs(out.data[i]);
            weighted += out.data[i] * static_cast<double>(i % 251 + 1);
        }
        // Exact for the convolutions (multiples of 1/64, sums far below 2^53 / 64 in a double);
        // avg_pool2d's divisions round, once per value.
        const bool exact = c.find("op")->as_string() != "avg_pool2d";
        const double slack = exact ? 0.0 : 1e-6 * expect.find("abs_sum")->as_number() * 251;
        CHECK(std::fabs(sum - expect.find("sum")->as_number()) <= slack);
        CHECK(std::fabs(abs_sum - expect.find("abs_sum")->as_number()) <= slack);
        CHECK(std::fabs(weighted - expect.find("weighted_sum")->as_number()) <= slack);

        int checked = 0;
        for (const Value& s : expect.find("samples")->items()) {
            const int ch = static_cast<int>(s.items()[0].as_number()), row = static_cast<int>(s.items()[1].as_number()),
                      col = static_cast<int>(s.items()[2].as_number());
            const double want = s.items()[3].as_number(), have = out.at(ch, row, col);
            CHECK_MESSAGE(std::fabs(have - want) <= (exact ? 0.0 : 1e-5 + 1e-4 * std::fabs(want)),
                          "(" << ch << ", " << row << ", " << col << ") is " << have << ", PyTorch " << want);
            ++checked;
        }
        CHECK(checked >= 32);
    }
}
