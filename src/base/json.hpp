// json.hpp -- a small strict JSON reader (to a DOM) and writer: compute requests, golden files and
// the lesson state handed to hosts.
//
// Standard C++17 (numbers are converted by fast_float and {fmt} inside json.cpp); depends on
// core.hpp for Result<T>. No exceptions are thrown for bad input:
// parse() returns a Result whose error reads like "JSON: expected ',' or ']' at byte 123"
// (byte offsets count from 0).
//
// Strict means RFC 8259 and nothing more: no comments, no trailing commas, no NaN/Infinity, no
// leading zeros or '+', no control characters or invalid UTF-8 in strings, no lone surrogates in
// \u escapes, no duplicate keys, nothing but whitespace after the value. Numbers are doubles; a
// literal that overflows a double is refused. Nesting depth and text size are capped so hostile
// input cannot exhaust the stack or memory.
//
// The writer prints numbers in the fewest digits that read back to the same float, or to the same
// double when the value is not a float; integral values print without a decimal point.
// -0 prints as "-0" (valid JSON, keeps the sign). Non-finite numbers have no JSON spelling and are
// written as null.
//
// Usage:
//   auto doc = strideconv::json::parse(R"({"op": "conv2d", "stride": [2, 2]})");
//   if (!doc.ok()) puts(doc.error.c_str());
//   const strideconv::json::Value* stride = doc.value.find("stride");
//   std::string text = strideconv::json::write(doc.value);
#pragma once

#include "core/core.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace strideconv::json {

enum class Kind { null, boolean, number, string, array, object };
const char* to_string(Kind k);  // "null", "a boolean", "a number", ... for messages

struct Member;

// One JSON value. Kept to three words so a DOM of millions of numbers stays affordable; strings,
// arrays and objects live behind one heap payload.
class Value {
public:
    Value() = default;  // null
    Value(const Value& other);
    Value(Value&& other) noexcept = default;
    Value& operator=(const Value& other);
    Value& operator=(Value&& other) noexcept = default;
    ~Value() = default;

    static Value boolean(bool b);
    static Value number(double d);
    static Value string(std::string s);
    static Value array();
    static Value object();

    Kind kind() const { return kind_; }
    bool is_null() const { return kind_ == Kind::null; }
    bool is_bool() const { return kind_ == Kind::boolean; }
    bool is_number() const { return kind_ == Kind::number; }
    bool is_string() const { return kind_ == Kind::string; }
    bool is_array() const { return kind_ == Kind::array; }
    bool is_object() const { return kind_ == Kind::object; }

    // Accessors of the wrong kind return false / 0 / empty rather than failing.
    bool as_bool() const { return kind_ == Kind::boolean && number_ != 0; }
    double as_number() const { return kind_ == Kind::number ? number_ : 0; }
    const std::string& as_string() const;
    const std::vector<Value>& items() const;     // array elements
    const std::vector<Member>& members() const;  // object members, in document order
    size_t size() const;                         // elements or members; 0 for scalars

    // Object member by key, or nullptr (also when this is not an object).
    const Value* find(const std::string& key) const;

    // Building (turns a null into an array / object first).
    Value& push_back(Value v);
    Value& set(std::string key, Value v);  // replaces an existing member of that key
    // Appends without looking for an existing key: O(1), for readers that check keys themselves.
    Value& append_member(std::string key, Value v);

private:
    struct Payload;
    // Deletes out of line, so the special members can be defaulted here (and moves inlined)
    // although Payload is incomplete in this header.
    struct PayloadDeleter {
        void operator()(Payload* p) const;
    };
    Payload& payload();

    Kind kind_ = Kind::null;
    double number_ = 0;  // also holds the boolean
    std::unique_ptr<Payload, PayloadDeleter> payload_;
};

struct Member {
    std::string key;
    Value value;
};

struct ParseLimits {
    size_t max_depth = 64;              // arrays/objects nested deeper are refused
    size_t max_bytes = size_t(64) << 20;  // longer texts are refused before parsing
};

Result<Value> parse(const std::string& text, const ParseLimits& limits = {});

// Compact JSON text (no whitespace).
std::string write(const Value& v);

// Building blocks of write(), for writers that stream large arrays without a DOM.
void write_number(std::string& out, double d);
void write_string(std::string& out, const std::string& s);

// `s` in single quotes for an error message: escaped like a JSON string, cut after 40 bytes.
std::string quote_for_message(const std::string& s);

}  // namespace strideconv::json
