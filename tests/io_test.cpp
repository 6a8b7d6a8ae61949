// io_test.cpp -- the strict JSON reader/writer and JSON compute requests: what they accept, what
// they print, and every refusal (with the byte offset or the field it names), including hostile
// input: deep nesting, huge numbers and sizes, bad escapes and UTF-8, trailing data.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "io/json.hpp"
#include "io/request.hpp"

using namespace strideconv;
using strideconv::json::Kind;
using strideconv::json::Value;

namespace {

std::string parse_error(const std::string& text, const json::ParseLimits& limits = {}) {
    Result<Value> r = json::parse(text, limits);
    return r.ok() ? "(accepted)" : r.error;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string number_text(double d) {
    std::string out;
    json::write_number(out, d);
    return out;
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

// [SECTION] JSON reader ---------------------------------------------------------------------------

TEST_CASE("json: parses every kind of value, keeping object members in document order") {
    Result<Value> r = json::parse(
        R"( {"n": null, "t": true, "f": false, "i": -12, "x": 2.5e-3, "s": "hi", "a": [1, [2]], "o": {}} )");
    REQUIRE(r.ok());
    const Value& v = r.value;
    REQUIRE(v.is_object());
    REQUIRE(v.size() == 8);
    CHECK(v.members()[0].key == "n");
    CHECK(v.members()[7].key == "o");
    CHECK(v.find("n")->is_null());
    CHECK(v.find("t")->as_bool());
    CHECK(v.find("f")->is_bool());
    CHECK_FALSE(v.find("f")->as_bool());
    CHECK(v.find("i")->as_number() == -12);
    CHECK(v.find("x")->as_number() == doctest::Approx(0.0025));
    CHECK(v.find("s")->as_string() == "hi");
    REQUIRE(v.find("a")->size() == 2);
    CHECK(v.find("a")->items()[1].items()[0].as_number() == 2);
    CHECK(v.find("o")->is_object());
    CHECK(v.find("o")->size() == 0);
    CHECK(v.find("missing") == nullptr);
}

TEST_CASE("json: accessors of the wrong kind return empty values instead of failing") {
    Value number = Value::number(3);
    CHECK(number.as_string().empty());
    CHECK(number.items().empty());
    CHECK(number.members().empty());
    CHECK(number.find("x") == nullptr);
    CHECK_FALSE(number.as_bool());
    CHECK(Value::string("3").as_number() == 0);
}

TEST_CASE("json: copies are deep") {
    Value a = Value::object();
    a.set("list", Value::array()).push_back(Value::number(1));
    Value b = a;
    b.set("list", Value::string("replaced"));
    CHECK(a.find("list")->is_array());
    CHECK(b.find("list")->as_string() == "replaced");
    CHECK(json::write(a) == R"({"list":[1]})");
}

TEST_CASE("json: string escapes, including \\u escapes and surrogate pairs, decode to UTF-8") {
    Result<Value> r = json::parse(R"(["\"\\\/\b\f\n\r\t", "\u00e9\u20ac", "\ud83d\ude00", "\u0000"])");
    REQUIRE(r.ok());
    CHECK(r.value.items()[0].as_string() == "\"\\/\b\f\n\r\t");
    CHECK(r.value.items()[1].as_string() == "\xC3\xA9\xE2\x82\xAC");
    CHECK(r.value.items()[2].as_string() == "\xF0\x9F\x98\x80");
    CHECK(r.value.items()[3].as_string() == std::string(1, '\0'));
}

TEST_CASE("json: raw UTF-8 in strings passes through") {
    Result<Value> r = json::parse("\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
    REQUIRE(r.ok());
    CHECK(r.value.as_string() == "caf\xC3\xA9 \xF0\x9F\x98\x80");
}

TEST_CASE("json: syntax errors name what was expected and the byte offset") {
    CHECK(parse_error("[1 2]") == "JSON: expected ',' or ']' at byte 3");
    CHECK(parse_error(R"({"a" 1})") == "JSON: expected ':' at byte 5");
    CHECK(parse_error(R"({"a":1 "b":2})") == "JSON: expected ',' or '}' at byte 7");
    CHECK(parse_error("{1:2}") == "JSON: expected a string key at byte 1");
    CHECK(parse_error("[1,]") == "JSON: unexpected character ']', expected a value at byte 3");
    CHECK(parse_error("") == "JSON: unexpected end of input, expected a value at byte 0");
    CHECK(parse_error("[1,2") == "JSON: unexpected end of input, expected ',' or ']' at byte 4");
    CHECK(parse_error(R"({"a":1)") == "JSON: unexpected end of input, expected ',' or '}' at byte 6");
    CHECK(parse_error("tru") == "JSON: invalid literal at byte 0");
    CHECK(parse_error("nul") == "JSON: invalid literal at byte 0");
    CHECK(parse_error("'a'") == "JSON: unexpected character ''', expected a value at byte 0");
}

TEST_CASE("json: trailing data after the value is refused") {
    CHECK(parse_error("{} x") == "JSON: unexpected data after the JSON value at byte 3");
    CHECK(parse_error("[1][2]") == "JSON: unexpected data after the JSON value at byte 3");
    CHECK(parse_error("1 2") == "JSON: unexpected data after the JSON value at byte 2");
    CHECK(json::parse(" \t\r\n[1] \n").ok());  // whitespace is not data
}

TEST_CASE("json: NaN, Infinity and non-RFC number spellings are refused") {
    CHECK(parse_error("NaN") == "JSON: NaN and Infinity are not JSON numbers at byte 0");
    CHECK(parse_error("[Infinity]") == "JSON: NaN and Infinity are not JSON numbers at byte 1");
    CHECK(parse_error("-Infinity") == "JSON: NaN and Infinity are not JSON numbers at byte 0");
    CHECK(parse_error("01") == "JSON: leading zeros are not allowed at byte 0");
    CHECK(parse_error("-01") == "JSON: leading zeros are not allowed at byte 0");
    CHECK(parse_error("+1") == "JSON: unexpected character '+', expected a value at byte 0");
    CHECK(parse_error(".5") == "JSON: unexpected character '.', expected a value at byte 0");
    CHECK(parse_error("1.") == "JSON: expected a digit after '.' at byte 2");
    CHECK(parse_error("1e") == "JSON: expected a digit in the exponent at byte 2");
    CHECK(parse_error("1e+") == "JSON: expected a digit in the exponent at byte 3");
    CHECK(parse_error("-") == "JSON: expected a digit at byte 1");
    CHECK(parse_error("0x10") == "JSON: unexpected data after the JSON value at byte 1");
}

TEST_CASE("json: numbers too large for a double are refused, tiny ones underflow to zero") {
    CHECK(parse_error("1e400") == "JSON: number 1e400 is too large at byte 0");
    CHECK(parse_error("[-1e309]") == "JSON: number -1e309 is too large at byte 1");
    std::string long_number = "1" + std::string(400, '0');
    CHECK(parse_error(long_number) == "JSON: number 10000000000000000000... is too large at byte 0");
    Result<Value> tiny = json::parse("1e-400");
    REQUIRE(tiny.ok());
    CHECK(tiny.value.as_number() == 0);
    Result<Value> big = json::parse("1.7976931348623157e308");
    REQUIRE(big.ok());
    CHECK(std::isfinite(big.value.as_number()));
}

TEST_CASE("json: bad escapes and lone surrogates are refused") {
    CHECK(parse_error(R"("\x")") == "JSON: invalid escape '\\x' at byte 1");
    CHECK(parse_error(R"("\u12")") == "JSON: expected 4 hex digits in \\u escape at byte 5");
    CHECK(parse_error(R"("\u12G4")") == "JSON: expected 4 hex digits in \\u escape at byte 5");
    CHECK(parse_error(R"("\udc00")") == "JSON: lone low surrogate in \\u escape at byte 1");
    CHECK(parse_error(R"("\ud800")") ==
          "JSON: high surrogate not followed by a low surrogate at byte 1");
    CHECK(parse_error(R"("\ud800\u0041")") ==
          "JSON: high surrogate not followed by a low surrogate at byte 1");
    CHECK(parse_error("\"\\u00") == "JSON: unexpected end of input in \\u escape at byte 5");
    CHECK(parse_error("\"\\") == "JSON: unexpected end of input in escape at byte 2");
}

TEST_CASE("json: control characters and invalid UTF-8 in strings are refused") {
    CHECK(parse_error("\"a\nb\"") == "JSON: control character 0x0A in a string (escape it) at byte 2");
    CHECK(parse_error(std::string("\"a\0b\"", 5)) ==
          "JSON: control character 0x00 in a string (escape it) at byte 2");
    CHECK(parse_error("\"\xFF\"") == "JSON: invalid UTF-8 byte 0xFF at byte 1");
    CHECK(parse_error("\"\xC0\x80\"") == "JSON: invalid UTF-8 byte 0xC0 at byte 1");  // overlong
    CHECK(parse_error("\"\xE0\x80\x80\"") == "JSON: invalid UTF-8 sequence at byte 1");  // overlong
    CHECK(parse_error("\"\xED\xA0\x80\"") == "JSON: invalid UTF-8 sequence at byte 1");  // surrogate
    CHECK(parse_error("\"\xC3(\"") == "JSON: invalid UTF-8 sequence at byte 1");
    CHECK(parse_error("\"\xE2\x82") == "JSON: truncated UTF-8 sequence at byte 1");
    CHECK(parse_error("\"abc") == "JSON: unexpected end of input in a string at byte 4");
}

TEST_CASE("json: duplicate keys are refused, in small and in large objects") {
    CHECK(parse_error(R"({"a":1,"b":2,"a":3})") == "JSON: duplicate key 'a' at byte 13");
    std::string big = "{";
    for (int i = 0; i < 40; ++i) big += "\"k" + std::to_string(i) + "\":0,";
    CHECK(json::parse(big + "\"last\":1}").ok());
    CHECK(contains(parse_error(big + "\"k3\":1}"), "duplicate key 'k3'"));
    CHECK(contains(parse_error(big + "\"k39\":1}"), "duplicate key 'k39'"));
}

TEST_CASE("json: nesting is capped, so deep input cannot exhaust the stack") {
    std::string ok = std::string(64, '[') + std::string(64, ']');
    CHECK(json::parse(ok).ok());
    std::string too_deep = std::string(65, '[') + std::string(65, ']');
    CHECK(parse_error(too_deep) == "JSON: nesting deeper than 64 levels at byte 64");
    std::string hostile(1000000, '[');
    CHECK(parse_error(hostile) == "JSON: nesting deeper than 64 levels at byte 64");
    std::string objects;
    for (int i = 0; i < 100; ++i) objects += "{\"a\":";
    CHECK(contains(parse_error(objects), "nesting deeper than 64 levels"));
    json::ParseLimits shallow;
    shallow.max_depth = 2;
    CHECK(json::parse("[[1]]", shallow).ok());
    CHECK(parse_error("[[[1]]]", shallow) == "JSON: nesting deeper than 2 levels at byte 2");
}

TEST_CASE("json: texts over the size limit are refused before parsing") {
    json::ParseLimits small;
    small.max_bytes = 8;
    CHECK(json::parse("[1,2,3]", small).ok());
    CHECK(parse_error("[1,2,3,4]", small) == "JSON: text of 9 bytes exceeds the limit of 8");
}

// [SECTION] JSON writer ---------------------------------------------------------------------------

TEST_CASE("json: write produces compact text that parses back to the same document") {
    const std::string text =
        R"({"a":[1,-2.5,true,false,null],"b":{"c":"x\"y\\z\n\u0001"},"e":[],"f":{}})";
    Result<Value> doc = json::parse(text);
    REQUIRE(doc.ok());
    CHECK(json::write(doc.value) == text);
    Result<Value> again = json::parse(json::write(doc.value));
    REQUIRE(again.ok());
    CHECK(json::write(again.value) == text);
}

TEST_CASE("json: integral numbers print without a decimal point") {
    CHECK(number_text(0) == "0");
    CHECK(number_text(63) == "63");
    CHECK(number_text(-171) == "-171");
    CHECK(number_text(16777217.0) == "16777217");
    CHECK(number_text(9007199254740991.0) == "9007199254740991");
    CHECK(number_text(-0.0) == "-0");  // keeps the sign; JSON allows it
}

TEST_CASE("json: floats print with the fewest digits that read back to the same float") {
    CHECK(number_text(0.5) == "0.5");
    CHECK(number_text(double(0.1f)) == "0.1");
    CHECK(number_text(double(1.0f / 3.0f)) == "0.33333334");
    CHECK(number_text(double(1e20f)) == "1e+20");  // reads back to the same float
    CHECK(number_text(double(16777216.0f * 3.0f + 0.5f)) == "50331648");
    CHECK(number_text(double(1.1f)) == "1.1");
    std::mt19937 generator(1234);
    for (int i = 0; i < 10000; ++i) {
        uint32_t bits = generator();
        float f;
        std::memcpy(&f, &bits, sizeof f);
        if (!std::isfinite(f)) continue;
        std::string text = number_text(double(f));
        float back = std::strtof(text.c_str(), nullptr);
        REQUIRE_MESSAGE(back == f, text);
        CHECK(json::parse(text).ok());
    }
}

TEST_CASE("json: doubles that are not floats round-trip exactly") {
    CHECK(number_text(0.1) == "0.1");
    std::string third = number_text(1.0 / 3.0);
    CHECK(std::strtod(third.c_str(), nullptr) == 1.0 / 3.0);
    CHECK(number_text(1e300) == "1e+300");
}

TEST_CASE("json: non-finite numbers are written as null") {
    CHECK(number_text(std::nan("")) == "null");
    CHECK(number_text(HUGE_VAL) == "null");
    CHECK(number_text(-HUGE_VAL) == "null");
}

TEST_CASE("json: quote_for_message escapes and cuts long strings at a UTF-8 boundary") {
    CHECK(json::quote_for_message("strid") == "'strid'");
    CHECK(json::quote_for_message("a\nb") == "'a\\nb'");
    std::string long_text(39, 'x');
    long_text += "\xC3\xA9yyyy";  // the 2-byte sequence straddles byte 40
    CHECK(json::quote_for_message(long_text) == "'" + std::string(39, 'x') + "...'");
}

// [SECTION] Compute requests ----------------------------------------------------------------------

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
