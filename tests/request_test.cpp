// request_test.cpp -- JSON compute requests (io/request): fields per op, types, ragged arrays,
// limits checked before allocating, and the core's refusals passing through.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>

#include "io/request.hpp"

using namespace strideconv;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string request_error(const std::string& request, const ComputeLimits& limits = {}) {
    Result<std::string> r = run_compute_request(request, limits);
    return r.ok() ? "(accepted: " + r.value + ")" : r.error;
}

const char* kSeedInput = "[[[1,2,3,4,5],[6,7,8,9,10],[11,12,13,14,15],[16,17,18,19,20],"
                         "[21,22,23,24,25]]]";
const char* kOnes3x3 = "[[[[1,1,1],[1,1,1],[1,1,1]]]]";

std::string conv_request(const std::string& extra) {
    return std::string(R"({"op":"conv2d","input":)") + kSeedInput + R"(,"weight":)" + kOnes3x3 +
           extra + "}";
}

}  // namespace

TEST_CASE("request: the seed conv2d at stride 2 gives 63 81 153 171") {
    Result<std::string> r = run_compute_request(conv_request(R"(,"stride":[2,2])"));
    REQUIRE_MESSAGE(r.ok(), r.error);
    CHECK(r.value == R"({"shape":[1,2,2],"output":[[[63,81],[153,171]]]})");
}

TEST_CASE("request: the usage example in request.hpp holds") {
    Result<std::string> r = run_compute_request(
        R"({"op": "max_pool2d", "input": [[[1, 2], [3, 4]]], "kernel_size": 2})");
    REQUIRE_MESSAGE(r.ok(), r.error);
    CHECK(r.value == R"({"shape":[1,1,1],"output":[[[4]]]})");
}

TEST_CASE("request: pairs accept an int, [n] or [h, w]; integral 2.0 counts as an integer") {
    const std::string expected = R"({"shape":[1,2,2],"output":[[[63,81],[153,171]]]})";
    for (const char* stride : {R"(,"stride":2)", R"(,"stride":[2])", R"(,"stride":[2,2])",
                               R"(,"stride":2.0)", R"(,"stride":[2e0,2])"}) {
        Result<std::string> r = run_compute_request(conv_request(stride));
        REQUIRE_MESSAGE(r.ok(), r.error);
        CHECK_MESSAGE(r.value == expected, stride);
    }
}

TEST_CASE("request: conv2d padding takes 4 sides, 'same' and 'valid'; bias null means none") {
    Result<std::string> sides = run_compute_request(conv_request(R"(,"padding":[1,0,0,0],"bias":null)"));
    REQUIRE_MESSAGE(sides.ok(), sides.error);
    CHECK(contains(sides.value, R"("shape":[1,4,3])"));
    Result<std::string> same = run_compute_request(conv_request(R"(,"padding":"same","bias":[0.5])"));
    REQUIRE_MESSAGE(same.ok(), same.error);
    CHECK(contains(same.value, R"("shape":[1,5,5])"));
    CHECK(contains(same.value, "[[[16.5,"));
    Result<std::string> valid = run_compute_request(conv_request(R"(,"padding":"valid")"));
    REQUIRE_MESSAGE(valid.ok(), valid.error);
    CHECK(contains(valid.value, R"("shape":[1,3,3])"));
}

TEST_CASE("request: pool stride absent, null or [] means kernel_size (PyTorch)") {
    for (const char* stride : {"", R"(,"stride":null)", R"(,"stride":[])"}) {
        Result<std::string> r = run_compute_request(std::string(R"({"op":"avg_pool2d","input":)") +
                                                    kSeedInput + R"(,"kernel_size":2)" + stride +
                                                    "}");
        REQUIRE_MESSAGE(r.ok(), r.error);
        CHECK_MESSAGE(r.value == R"({"shape":[1,2,2],"output":[[[4,6],[14,16]]]})", stride);
    }
}

TEST_CASE("request: conv_transpose2d and avg_pool2d options are read") {
    Result<std::string> t = run_compute_request(
        R"({"op":"conv_transpose2d","input":[[[1,2],[3,4]]],"weight":[[[[1,1],[1,1]]]],"stride":2,"output_padding":1,"padding":0,"dilation":1,"groups":1})");
    REQUIRE_MESSAGE(t.ok(), t.error);
    CHECK(contains(t.value, R"("shape":[1,5,5])"));
    Result<std::string> a = run_compute_request(
        R"({"op":"avg_pool2d","input":[[[1,2],[3,4]]],"kernel_size":2,"stride":1,"padding":1,"count_include_pad":false,"ceil_mode":false,"divisor_override":null})");
    REQUIRE_MESSAGE(a.ok(), a.error);
    CHECK(a.value == R"({"shape":[1,3,3],"output":[[[1,1.5,2],[2,2.5,3],[3,3.5,4]]]})");
}

TEST_CASE("request: malformed JSON passes the reader's message through") {
    CHECK(request_error(R"({"op":"conv2d",)") ==
          "JSON: unexpected end of input, expected a string key at byte 15");
}

TEST_CASE("request: the request must be an object with a known op") {
    CHECK(request_error("[1]") == "request: expected a JSON object, got an array");
    CHECK(request_error(R"({"input":[[[1]]]})") == "missing field 'op'");
    CHECK(request_error(R"({"op":3})") == "op: expected a string, got 3");
    CHECK(request_error(R"({"op":"conv3d"})") ==
          "op: unknown op 'conv3d' (expected conv2d, conv_transpose2d, max_pool2d or avg_pool2d)");
}

TEST_CASE("request: unknown fields are refused, with a suggestion when close") {
    CHECK(request_error(conv_request(R"(,"strid":2)")) ==
          "unknown field 'strid' (did you mean 'stride'?)");
    CHECK(request_error(conv_request(R"(,"kernel":3)")) == "unknown field 'kernel'");
    CHECK(request_error(conv_request(R"(,"return_indices":true)")) ==
          "unknown field 'return_indices'");
}

TEST_CASE("request: fields of another op are refused") {
    CHECK(request_error(R"({"op":"max_pool2d","input":[[[1]]],"kernel_size":1,"weight":[[[[1]]]]})") ==
          "field 'weight' does not apply to max_pool2d");
    CHECK(request_error(R"({"op":"avg_pool2d","input":[[[1]]],"kernel_size":1,"dilation":1})") ==
          "field 'dilation' does not apply to avg_pool2d");
    CHECK(request_error(conv_request(R"(,"kernel_size":3)")) ==
          "field 'kernel_size' does not apply to conv2d");
    CHECK(request_error(conv_request(R"(,"output_padding":0)")) ==
          "field 'output_padding' does not apply to conv2d");
    CHECK(request_error(R"({"op":"conv_transpose2d","input":[[[1]]],"weight":[[[[1]]]],"padding_mode":"zeros"})") ==
          "field 'padding_mode' does not apply to conv_transpose2d");
}

TEST_CASE("request: missing required fields are named") {
    CHECK(request_error(R"({"op":"conv2d","weight":[[[[1]]]]})") ==
          "missing field 'input' (required by conv2d)");
    CHECK(request_error(R"({"op":"conv_transpose2d","input":[[[1]]]})") ==
          "missing field 'weight' (required by conv_transpose2d)");
    CHECK(request_error(R"({"op":"max_pool2d","input":[[[1]]]})") ==
          "missing field 'kernel_size' (required by max_pool2d)");
}

TEST_CASE("request: ragged input and weight arrays are refused, naming the place") {
    CHECK(request_error(R"({"op":"conv2d","input":[[[1,2,3,4,5],[1,2,3,4,5],[1,2,3,4]]],"weight":[[[[1]]]]})") ==
          "input: row 2 of channel 0 has 4 values, expected 5");
    CHECK(request_error(R"({"op":"conv2d","input":[[[1]],[[1],[2]]],"weight":[[[[1]]]]})") ==
          "input: channel 1 has 2 rows, expected 1");
    CHECK(request_error(R"({"op":"conv2d","input":[[[1]]],"weight":[[[[1,2]],[[1]]]]})") ==
          "weight: row 0 of input channel 1 of filter 0 has 1 value, expected 2");
    CHECK(request_error(R"({"op":"conv2d","input":[[[1]],1],"weight":[[[[1]]]]})") ==
          "input: channel 1 is a number, expected an array of rows");
    CHECK(request_error(R"({"op":"conv2d","input":[[[1]],[1]],"weight":[[[[1]]]]})") ==
          "input: row 0 of channel 1 is a number, expected an array of values");
}

TEST_CASE("request: non-numbers, empty arrays and float overflow in tensors are refused") {
    CHECK(request_error(R"({"op":"conv2d","input":[[[1,"a"]]],"weight":[[[[1]]]]})") ==
          "input: value 1 of row 0 of channel 0 is a string, expected a number");
    CHECK(request_error(R"({"op":"conv2d","input":[[[1,null]]],"weight":[[[[1]]]]})") ==
          "input: value 1 of row 0 of channel 0 is null, expected a number");
    CHECK(request_error(R"({"op":"conv2d","input":[[[1,[2]]]],"weight":[[[[1]]]]})") ==
          "input: value 1 of row 0 of channel 0 is an array, expected a number");
    CHECK(request_error(R"({"op":"conv2d","input":5,"weight":[[[[1]]]]})") ==
          "input: expected an array of channels, got a number");
    CHECK(request_error(R"({"op":"conv2d","input":[],"weight":[[[[1]]]]})") ==
          "input: needs at least one channel");
    CHECK(request_error(R"({"op":"conv2d","input":[[]],"weight":[[[[1]]]]})") ==
          "input: channel 0 has no rows");
    CHECK(request_error(R"({"op":"conv2d","input":[[[]]],"weight":[[[[1]]]]})") ==
          "input: row 0 of channel 0 has no values");
    CHECK(request_error(R"({"op":"conv2d","input":[[[1e39]]],"weight":[[[[1]]]]})") ==
          "input: value 0 of row 0 of channel 0 (1e+39) is out of float range");
    CHECK(request_error(R"({"op":"conv2d","input":[[[1]]],"weight":[[[[true]]]]})") ==
          "weight: value 0 of row 0 of input channel 0 of filter 0 is a boolean, expected a number");
}

TEST_CASE("request: integer fields refuse fractions, other types and out-of-range values") {
    CHECK(request_error(conv_request(R"(,"stride":1.5)")) == "stride: expected an integer, got 1.5");
    CHECK(request_error(conv_request(R"(,"stride":[1,1.5])")) ==
          "stride[1]: expected an integer, got 1.5");
    CHECK(request_error(conv_request(R"(,"stride":true)")) ==
          "stride: expected an integer or a list of 2 integers, got a boolean");
    CHECK(request_error(conv_request(R"(,"stride":[1,2,3])")) ==
          "stride: expected an integer or a list of 2 integers, got a list of 3");
    CHECK(request_error(conv_request(R"(,"stride":[])")) ==
          "stride: expected an integer or a list of 2 integers, got a list of 0");
    CHECK(request_error(conv_request(R"(,"dilation":3e9)")) == "dilation: 3000000000 is out of range");
    CHECK(request_error(conv_request(R"(,"groups":-3e9)")) == "groups: -3000000000 is out of range");
    CHECK(request_error(conv_request(R"(,"groups":"1")")) == "groups: expected an integer, got a string");
    CHECK(request_error(conv_request(R"(,"padding":null)")) ==
          "padding: expected an integer or a list of 2 integers, got null");
}

TEST_CASE("request: padding forms are checked per op") {
    CHECK(request_error(conv_request(R"(,"padding":"full")")) ==
          "padding: unknown padding 'full' (expected 'same', 'valid', an integer or a list)");
    CHECK(request_error(conv_request(R"(,"padding":[1,2,3])")) ==
          "padding: expected 1, 2 or 4 integers, got a list of 3");
    CHECK(request_error(conv_request(R"(,"padding":[1,2,3,0.5])")) ==
          "padding[3]: expected an integer, got 0.5");
    CHECK(request_error(R"({"op":"max_pool2d","input":[[[1]]],"kernel_size":1,"padding":"same"})") ==
          "padding: 'same' is only accepted by conv2d; max_pool2d takes an integer or a list of 2 integers");
    CHECK(contains(request_error(R"({"op":"avg_pool2d","input":[[[1]]],"kernel_size":1,"padding":[0,0,0,0]})"),
                   "padding: expected an integer or a list of 2 integers"));
}

TEST_CASE("request: enum, boolean, bias and divisor fields are type-checked") {
    CHECK(request_error(conv_request(R"(,"padding_mode":"mirror")")) ==
          "padding_mode: expected 'zeros', 'reflect', 'replicate' or 'circular', got 'mirror'");
    CHECK(request_error(conv_request(R"(,"padding_mode":0)")) ==
          "padding_mode: expected 'zeros', 'reflect', 'replicate' or 'circular', got 0");
    CHECK(request_error(R"({"op":"max_pool2d","input":[[[1]]],"kernel_size":1,"ceil_mode":1})") ==
          "ceil_mode: expected true or false, got 1");
    CHECK(request_error(R"({"op":"avg_pool2d","input":[[[1]]],"kernel_size":1,"count_include_pad":"no"})") ==
          "count_include_pad: expected true or false, got a string");
    CHECK(request_error(R"({"op":"avg_pool2d","input":[[[1]]],"kernel_size":1,"divisor_override":1.5})") ==
          "divisor_override: expected an integer, got 1.5");
    CHECK(request_error(conv_request(R"(,"bias":3)")) == "bias: expected an array of numbers or null, got 3");
    CHECK(request_error(conv_request(R"(,"bias":[1,"x"])")) ==
          "bias: value 1 is a string, expected a number");
    CHECK(request_error(conv_request(R"(,"bias":[1e39])")) ==
          "bias: value 0 (1e+39) is out of float range");
}

TEST_CASE("request: the core's refusals pass through") {
    CHECK(contains(request_error(conv_request(R"(,"stride":0)")), "stride"));
    CHECK(contains(request_error(conv_request(R"(,"bias":[1,2])")), "bias"));
    CHECK(contains(request_error(conv_request(R"(,"groups":2)")), "groups"));
    CHECK(contains(request_error(R"({"op":"avg_pool2d","input":[[[1]]],"kernel_size":1,"divisor_override":0})"),
                   "divisor"));
}

TEST_CASE("request: sizes beyond the limits are refused before allocating") {
    ComputeLimits limits;
    limits.max_input_values = 24;
    CHECK(request_error(conv_request(""), limits) == "input: more than 24 values (the limit)");
    limits = ComputeLimits();
    limits.max_weight_values = 8;
    CHECK(request_error(conv_request(""), limits) == "weight: more than 8 values (the limit)");
    limits = ComputeLimits();
    limits.max_output_values = 8;
    CHECK(request_error(conv_request(""), limits) ==
          "request too large: output values 9 exceeds the limit of 8");
    limits = ComputeLimits();
    limits.max_work = 80;
    CHECK(request_error(conv_request(""), limits) ==
          "request too large: work 81 exceeds the limit of 80");
    limits = ComputeLimits();
    limits.max_json_bytes = 10;
    CHECK(contains(request_error(conv_request(""), limits), "exceeds the limit of 10"));
}

TEST_CASE("request: a transposed conv with a huge output is refused before allocating") {
    // 1 x 4000 input at stride 256: a 1 x 1,023,745 output, over a limit of 65,536 values.
    std::string row = "[0";
    for (int i = 1; i < 4000; ++i) row += ",0";
    row += "]";
    ComputeLimits limits;
    limits.max_output_values = 1 << 16;
    std::string e = request_error(R"({"op":"conv_transpose2d","input":[[)" + row +
                                      R"(]],"weight":[[[[1]]]],"stride":[1,256]})",
                                  limits);
    CHECK(contains(e, "request too large: output values"));
}

TEST_CASE("request: a hostile 1 x 2^18 pool with a 2^17-wide window is refused at once") {
    // Without the axis-cost guard the core's geometry would count 2^35 taps first.
    std::string row = "[0";
    for (int i = 1; i < (1 << 18); ++i) row += ",0";
    row += "]";
    std::string e = request_error(R"({"op":"max_pool2d","input":[[)" + row +
                                  R"(]],"kernel_size":[1,131072],"stride":1})");
    CHECK(contains(e, "request too large"));
    CHECK(contains(e, "width"));
}

TEST_CASE("request: every limit at its value is accepted, one below the request's size refused") {
    // The seed at stride 1: input 25, weight 9, output 9 values, workspace 100 bytes, work 81.
    ComputeLimits exact;
    exact.max_input_values = 25;
    exact.max_weight_values = 9;
    exact.max_output_values = 9;
    exact.max_workspace_bytes = 100;
    exact.max_work = 81;
    CHECK(contains(request_error(conv_request(""), exact), "(accepted"));
    const std::pair<int64_t Budget::*, std::string> over[] = {
        {&Budget::max_input_values, "input: more than 24 values (the limit)"},
        {&Budget::max_weight_values, "weight: more than 8 values (the limit)"},
        {&Budget::max_output_values, "request too large: output values 9 exceeds the limit of 8"},
        {&Budget::max_workspace_bytes, "request too large: workspace bytes 100 exceeds the limit of 99"},
        {&Budget::max_work, "request too large: work 81 exceeds the limit of 80"},
    };
    for (const auto& [field, message] : over) {
        ComputeLimits limits = exact;
        limits.*field -= 1;
        CHECK(request_error(conv_request(""), limits) == message);
    }
}

TEST_CASE("request: an avg pool whose padded window holds 2.5e9 cells averages ones to 4e-10") {
    // Regression: the divisor was an int product and came out negative.
    CHECK(request_error(R"({"op":"avg_pool2d","input":[[[1]]],"kernel_size":50000,"padding":25000})") ==
          R"((accepted: {"shape":[1,1,1],"output":[[[4e-10]]]}))");
}

TEST_CASE("request: every op's shape comes from the core, checked before the op allocates") {
    ComputeLimits limits;
    limits.max_output_values = 100;
    // conv_transpose2d: a 1x2 input, 1x2 kernel: 1x12 at stride 10, 1x102 at stride 100.
    CHECK(contains(request_error(R"({"op":"conv_transpose2d","input":[[[1,1]]],"weight":[[[[1,1]]]],"stride":[1,10]})",
                                 limits), "(accepted"));
    CHECK(request_error(R"({"op":"conv_transpose2d","input":[[[1,1]]],"weight":[[[[1,1]]]],"stride":[1,100]})",
                        limits) == "request too large: output values 102 exceeds the limit of 100");
    CHECK(request_error(R"({"op":"max_pool2d","input":[[[1]]],"kernel_size":1,"padding":0,"stride":1})",
                        limits) == R"((accepted: {"shape":[1,1,1],"output":[[[1]]]}))");
}
