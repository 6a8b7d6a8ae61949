// json_test.cpp -- the strict JSON reader/writer in base: what it accepts, what it prints, and
// every refusal with the byte offset it names, including hostile input: deep nesting, huge numbers
// and sizes, bad escapes and UTF-8, trailing data.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "base/json.hpp"

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
    // Found by the state fuzz target: a backslash before a non-ASCII byte. The message names the
    // byte instead of quoting it, so it stays valid UTF-8 when a notice carries it into getState.
    CHECK(parse_error("\"\\\xBB\"") == "JSON: invalid escape: '\\' before byte 0xBB at byte 1");
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

TEST_CASE("json: the writer turns bytes that are not UTF-8 into U+FFFD, so what it writes parses") {
    std::string out;
    json::write_string(out, "a\xBB\xC3\xA9\xE2\x82 \xF0\x9F\x98\x80\xED\xA0\x80");
    CHECK(out == "\"a\\ufffd\xC3\xA9\\ufffd\\ufffd \xF0\x9F\x98\x80\\ufffd\\ufffd\\ufffd\"");
    Result<Value> back = json::parse(out);
    REQUIRE(back.ok());
    CHECK(back.value.as_string() == "a\xEF\xBF\xBD\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD \xF0\x9F\x98\x80"
                                    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("json: quote_for_message escapes and cuts long strings at a UTF-8 boundary") {
    CHECK(json::quote_for_message("strid") == "'strid'");
    CHECK(json::quote_for_message("a\nb") == "'a\\nb'");
    std::string long_text(39, 'x');
    long_text += "\xC3\xA9yyyy";  // the 2-byte sequence straddles byte 40
    CHECK(json::quote_for_message(long_text) == "'" + std::string(39, 'x') + "...'");
}
