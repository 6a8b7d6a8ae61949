// golden_test.cpp -- every case of tests/golden/cases.json (generated from PyTorch by
// tests/golden/gen_golden.py) run through run_compute_request: shapes exactly, values within
// rtol 1e-4 + atol 1e-5, and refusals with a message containing the expected word. Every lesson
// has its case ("lesson NAME"): the lesson's own data and output are PyTorch's.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "base/json.hpp"
#include "io/request.hpp"
#include "teach/lesson.hpp"

using namespace strideconv;
using strideconv::json::Value;

namespace {

const char* const kCasesPath = STRIDECONV_SOURCE_DIR "/tests/golden/cases.json";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Flattens a [C][H][W] array of numbers; false if it is not one.
bool flatten(const Value& v, std::vector<double>& out) {
    if (v.is_number()) {
        out.push_back(v.as_number());
        return true;
    }
    if (!v.is_array()) return false;
    for (const Value& item : v.items())
        if (!flatten(item, out)) return false;
    return true;
}

std::string shape_text(const Value& shape) { return json::write(shape); }

struct GoldenFile {
    Value doc;
    std::string error;
};

GoldenFile load_cases() {
    GoldenFile file;
    std::ifstream in(kCasesPath, std::ios::binary);
    if (!in) {
        file.error = std::string("cannot open ") + kCasesPath;
        return file;
    }
    std::ostringstream text;
    text << in.rdbuf();
    json::ParseLimits limits;
    limits.max_bytes = size_t(512) << 20;
    Result<Value> doc = json::parse(text.str(), limits);
    if (!doc.ok()) {
        file.error = std::string(kCasesPath) + ": " + doc.error;
        return file;
    }
    file.doc = std::move(doc.value);
    return file;
}

// Parsed once, shared by the test cases below.
const GoldenFile& golden() {
    static const GoldenFile file = load_cases();
    return file;
}

const Value* golden_cases() {
    const Value* cases = golden().doc.find("cases");
    return cases && cases->is_array() ? cases : nullptr;
}

std::string case_name(const Value& c) {
    const Value* name = c.find("name");
    return name && name->is_string() ? name->as_string() : "(unnamed)";
}

}  // namespace

TEST_CASE("golden: cases.json exists and holds both computed and refused cases") {
    REQUIRE_MESSAGE(golden().error.empty(), golden().error);
    const Value* cases = golden_cases();
    REQUIRE_MESSAGE(cases, "cases.json has no \"cases\" array");
    int computed = 0, refused = 0;
    for (const Value& c : cases->items()) {
        CAPTURE(case_name(c));
        const Value* request = c.find("request");
        const Value* expect = c.find("expect");
        REQUIRE((request && request->is_object() && expect && expect->is_object()));
        if (expect->find("error")) {
            const Value* mentions = expect->find("mentions");
            REQUIRE((mentions && mentions->is_string()));
            ++refused;
        } else {
            REQUIRE((expect->find("shape") && expect->find("output")));
            ++computed;
        }
    }
    MESSAGE("golden: " << computed << " computed, " << refused << " refused");
    CHECK(computed > 0);
    CHECK(refused > 0);
}

TEST_CASE("golden: computed cases match PyTorch's shape exactly and values within tolerance") {
    REQUIRE_MESSAGE(golden().error.empty(), golden().error);
    REQUIRE(golden_cases());
    for (const Value& c : golden_cases()->items()) {
        const Value* expect = c.find("expect");
        const Value* request = c.find("request");
        if (!expect || !request || expect->find("error")) continue;
        const std::string name = case_name(c);
        CAPTURE(name);

        Result<std::string> response = run_compute_request(json::write(*request));
        CHECK_MESSAGE(response.ok(), name << ": " << response.error);
        if (!response.ok()) continue;
        Result<Value> got = json::parse(response.value);
        REQUIRE_MESSAGE(got.ok(), name << ": response is not JSON: " << got.error);
        const Value* got_shape = got.value.find("shape");
        const Value* want_shape = expect->find("shape");
        REQUIRE((got_shape && want_shape));
        CHECK_MESSAGE(shape_text(*got_shape) == shape_text(*want_shape),
                      name << ": shape " << shape_text(*got_shape) << ", PyTorch "
                           << shape_text(*want_shape));
        if (shape_text(*got_shape) != shape_text(*want_shape)) continue;

        std::vector<double> got_values, want_values;
        REQUIRE(flatten(*got.value.find("output"), got_values));
        REQUIRE_MESSAGE(flatten(*expect->find("output"), want_values), name);
        REQUIRE_MESSAGE(got_values.size() == want_values.size(), name);
        for (size_t i = 0; i < want_values.size(); ++i) {
            const double want = want_values[i], have = got_values[i];
            const bool close = std::fabs(have - want) <= 1e-5 + 1e-4 * std::fabs(want);
            if (!close) {
                CHECK_MESSAGE(close, name << ": value " << i << " is " << have << ", PyTorch "
                                          << want);
                break;  // one report per case
            }
        }
    }
}

TEST_CASE("golden: cases PyTorch refuses are refused with a message naming the culprit") {
    REQUIRE_MESSAGE(golden().error.empty(), golden().error);
    REQUIRE(golden_cases());
    for (const Value& c : golden_cases()->items()) {
        const Value* expect = c.find("expect");
        const Value* request = c.find("request");
        if (!expect || !request || !expect->find("error")) continue;
        const std::string name = case_name(c);
        const Value* mentions = expect->find("mentions");
        const std::string word = mentions ? mentions->as_string() : "";
        CAPTURE(name);

        Result<std::string> response = run_compute_request(json::write(*request));
        CHECK_MESSAGE(!response.ok(), name << ": PyTorch refuses this, we returned " << response.value);
        if (response.ok()) continue;
        CHECK_MESSAGE(lower(response.error).find(lower(word)) != std::string::npos,
                      name << ": our message '" << response.error << "' does not mention '" << word
                           << "'");
    }
}

TEST_CASE("golden: every lesson is its case \"lesson NAME\": the same data and geometry, PyTorch's output") {
    REQUIRE_MESSAGE(golden().error.empty(), golden().error);
    REQUIRE(golden_cases());
    for (const auto& info : teach::lessons()) {
        const std::string name = std::string("lesson ") + info.name;
        CAPTURE(name);
        // Image mode's lessons are about pictures: their routes are checked against PyTorch by
        // image_routes_test (image_routes.json) and their claims by image_mode_test.
        if (teach::lesson_config(info.name)->view == teach::View::image) continue;
        const Value* found = nullptr;
        for (const Value& c : golden_cases()->items())
            if (case_name(c) == name) found = &c;
        REQUIRE_MESSAGE(found, "no case '" << name << "' in cases.json: add the lesson to gen_golden.py's lesson_cases()");
        const Value& request = *found->find("request");
        teach::Lesson l;
        l.set_config(*teach::lesson_config(info.name));
        REQUIRE(l.error.empty());
        const teach::Config& c = l.config();

        std::vector<double> x, w, want;
        REQUIRE(flatten(*request.find("input"), x));
        CHECK(x == std::vector<double>(c.x.begin(), c.x.end()));
        CHECK(request.find("op")->as_string() == teach::to_string(c.op));
        const auto pair_of = [&](const char* key) {
            std::vector<double> v;
            REQUIRE(flatten(*request.find(key), v));
            return v;
        };
        CHECK(pair_of("stride") == std::vector<double>{double(c.stride[0]), double(c.stride[1])});
        const Pad4 p = teach::effective_padding(c);
        const std::vector<double> pad = pair_of("padding");
        if (pad.size() == 4) CHECK(pad == std::vector<double>{double(p.top), double(p.bottom), double(p.left), double(p.right)});
        else CHECK(pad == std::vector<double>{double(p.top), double(p.left)});
        if (const Value* d = request.find("dilation")) {
            std::vector<double> dv;
            REQUIRE(flatten(*d, dv));
            CHECK(dv == std::vector<double>{double(c.dilation[0]), double(c.dilation[1])});
        } else {
            CHECK((c.dilation[0] == 1 && c.dilation[1] == 1));
        }
        if (c.op == teach::Op::conv2d || c.op == teach::Op::conv_transpose2d) {
            REQUIRE(flatten(*request.find("weight"), w));
            CHECK(w == std::vector<double>(c.w.begin(), c.w.end()));
            if (c.op == teach::Op::conv_transpose2d)
                CHECK(pair_of("output_padding") ==
                      std::vector<double>{double(c.output_padding[0]), double(c.output_padding[1])});
        } else {
            CHECK(pair_of("kernel_size") == std::vector<double>{double(c.kernel[0]), double(c.kernel[1])});
        }

        REQUIRE(flatten(*found->find("expect")->find("output"), want));
        REQUIRE(want.size() == l.output.data.size());
        for (size_t i = 0; i < want.size(); ++i)
            CHECK_MESSAGE(std::fabs(l.output.data[i] - want[i]) <= 1e-5 + 1e-4 * std::fabs(want[i]),
                          name << ": value " << i << " is " << l.output.data[i] << ", PyTorch " << want[i]);
    }
}
