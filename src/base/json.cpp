// json.cpp -- strict JSON reader and writer (see json.hpp for the rules it enforces).
//
// [SECTION] Value: the three-word DOM node and its heap payload
// [SECTION] Reader: recursive descent with byte offsets in every message
// [SECTION] Writer: shortest round-tripping numbers, escaped strings
#include "base/json.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <optional>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "base/number_text.hpp"

namespace strideconv::json {

// [SECTION] Value -------------------------------------------------------------------------------

struct Value::Payload {
    std::string text;
    std::vector<Value> items;
    std::vector<Member> members;
};

namespace {
const std::string kEmptyString;
const std::vector<Value> kEmptyItems;
const std::vector<Member> kEmptyMembers;
}  // namespace

const char* to_string(Kind k) {
    switch (k) {
        case Kind::null: return "null";
        case Kind::boolean: return "a boolean";
        case Kind::number: return "a number";
        case Kind::string: return "a string";
        case Kind::array: return "an array";
        case Kind::object: return "an object";
    }
    return "?";
}

void Value::PayloadDeleter::operator()(Payload* p) const { delete p; }

Value::Value(const Value& other) : kind_(other.kind_), number_(other.number_) {
    if (other.payload_) payload_.reset(new Payload(*other.payload_));
}

Value& Value::operator=(const Value& other) {
    if (this != &other) {
        Value copy(other);
        *this = std::move(copy);
    }
    return *this;
}

Value Value::boolean(bool b) {
    Value v;
    v.kind_ = Kind::boolean;
    v.number_ = b ? 1 : 0;
    return v;
}

Value Value::number(double d) {
    Value v;
    v.kind_ = Kind::number;
    v.number_ = d;
    return v;
}

Value Value::string(std::string s) {
    Value v;
    v.kind_ = Kind::string;
    v.payload().text = std::move(s);
    return v;
}

Value Value::array() {
    Value v;
    v.kind_ = Kind::array;
    return v;
}

Value Value::object() {
    Value v;
    v.kind_ = Kind::object;
    return v;
}

Value::Payload& Value::payload() {
    if (!payload_) payload_.reset(new Payload());
    return *payload_;
}

const std::string& Value::as_string() const {
    return kind_ == Kind::string && payload_ ? payload_->text : kEmptyString;
}

const std::vector<Value>& Value::items() const {
    return kind_ == Kind::array && payload_ ? payload_->items : kEmptyItems;
}

const std::vector<Member>& Value::members() const {
    return kind_ == Kind::object && payload_ ? payload_->members : kEmptyMembers;
}

size_t Value::size() const {
    if (kind_ == Kind::array) return items().size();
    if (kind_ == Kind::object) return members().size();
    return 0;
}

const Value* Value::find(const std::string& key) const {
    for (const Member& m : members())
        if (m.key == key) return &m.value;
    return nullptr;
}

Value& Value::push_back(Value v) {
    if (kind_ == Kind::null) kind_ = Kind::array;
    std::vector<Value>& items = payload().items;
    items.push_back(std::move(v));
    return items.back();
}

Value& Value::set(std::string key, Value v) {
    if (kind_ == Kind::null) kind_ = Kind::object;
    for (Member& m : payload().members)
        if (m.key == key) return m.value = std::move(v);
    return append_member(std::move(key), std::move(v));
}

Value& Value::append_member(std::string key, Value v) {
    if (kind_ == Kind::null) kind_ = Kind::object;
    std::vector<Member>& members = payload().members;
    members.push_back(Member{std::move(key), std::move(v)});
    return members.back().value;
}

// [SECTION] Reader ------------------------------------------------------------------------------

namespace {

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates,
// <= U+10FFFF) that starts at s[at], whose byte is >= 0x80; 0 if there is none.
size_t utf8_length(const std::string& s, size_t at) {
    const unsigned char lead = static_cast<unsigned char>(s[at]);
    size_t extra;
    unsigned cp, min;
    if (lead >= 0xC2 && lead <= 0xDF) extra = 1, cp = lead & 0x1F, min = 0x80;
    else if (lead >= 0xE0 && lead <= 0xEF) extra = 2, cp = lead & 0x0F, min = 0x800;
    else if (lead >= 0xF0 && lead <= 0xF4) extra = 3, cp = lead & 0x07, min = 0x10000;
    else return 0;
    if (s.size() - at <= extra) return 0;
    for (size_t i = 1; i <= extra; ++i) {
        const unsigned char cont = static_cast<unsigned char>(s[at + i]);
        if ((cont & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (cont & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return extra + 1;
}

class Reader {
public:
    Reader(const std::string& text, const ParseLimits& limits) : text_(text), limits_(limits) {}

    Result<Value> document() {
        Value root;
        skip_whitespace();
        if (!value(root, 0)) return Result<Value>::fail(error_);
        skip_whitespace();
        if (pos_ != text_.size()) {
            fail("unexpected data after the JSON value");
            return Result<Value>::fail(error_);
        }
        Result<Value> r;
        r.value = std::move(root);
        return r;
    }

private:
    bool fail(const std::string& what) { return fail_at(what, pos_); }
    bool fail_at(const std::string& what, size_t at) {
        if (error_.empty()) error_ = "JSON: " + what + " at byte " + std::to_string(at);
        return false;
    }

    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }

    void skip_whitespace() {
        while (!at_end()) {
            char c = text_[pos_];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            ++pos_;
        }
    }

    bool literal(const char* word) {
        size_t n = std::strlen(word);
        if (text_.compare(pos_, n, word) != 0) return fail("invalid literal");
        pos_ += n;
        return true;
    }

    bool value(Value& out, size_t depth) {
        if (at_end()) return fail("unexpected end of input, expected a value");
        char c = text_[pos_];
        switch (c) {
            case '{': return object(out, depth + 1);
            case '[': return array(out, depth + 1);
            case '"': {
                std::string s;
                if (!string(s)) return false;
                out = Value::string(std::move(s));
                return true;
            }
            case 't':
                if (!literal("true")) return false;
                out = Value::boolean(true);
                return true;
            case 'f':
                if (!literal("false")) return false;
                out = Value::boolean(false);
                return true;
            case 'n':
                if (!literal("null")) return false;
                out = Value();
                return true;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number(out);
                if (c == 'N' || c == 'I')
                    return fail("NaN and Infinity are not JSON numbers");
                return fail("unexpected character " + describe(c) + ", expected a value");
        }
    }

    static std::string describe(char c) {
        unsigned char u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
        return fmt::format("0x{:02X}", u);
    }

    bool enter(size_t depth) {
        if (depth > limits_.max_depth)
            return fail("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
        return true;
    }

    bool array(Value& out, size_t depth) {
        if (!enter(depth)) return false;
        ++pos_;  // '['
        out = Value::array();
        skip_whitespace();
        if (peek() == ']') {
            ++pos_;
            return true;
        }
        for (;;) {
            skip_whitespace();
            Value& item = out.push_back(Value());
            if (!value(item, depth)) return false;
            skip_whitespace();
            char c = peek();
            if (c == ',') {
                ++pos_;
                continue;
            }
            if (c == ']') {
                ++pos_;
                return true;
            }
            return at_end() ? fail("unexpected end of input, expected ',' or ']'")
                            : fail("expected ',' or ']'");
        }
    }

    bool object(Value& out, size_t depth) {
        if (!enter(depth)) return false;
        ++pos_;  // '{'
        out = Value::object();
        std::unordered_set<std::string> seen;
        skip_whitespace();
        if (peek() == '}') {
            ++pos_;
            return true;
        }
        for (;;) {
            skip_whitespace();
            if (peek() != '"')
                return at_end() ? fail("unexpected end of input, expected a string key")
                                : fail("expected a string key");
            size_t key_at = pos_;
            std::string key;
            if (!string(key)) return false;
            // Linear search while small; a hash set once an object is large, so a hostile
            // object with a million keys is not quadratic.
            if (out.size() < 16 ? out.find(key) != nullptr : !seen.insert(key).second)
                return fail_at("duplicate key " + quote_for_message(key), key_at);
            skip_whitespace();
            if (peek() != ':') return fail("expected ':'");
            ++pos_;
            skip_whitespace();
            Value& member = out.append_member(std::move(key), Value());
            if (out.size() == 16)
                for (const Member& m : out.members()) seen.insert(m.key);
            if (!value(member, depth)) return false;
            skip_whitespace();
            char c = peek();
            if (c == ',') {
                ++pos_;
                continue;
            }
            if (c == '}') {
                ++pos_;
                return true;
            }
            return at_end() ? fail("unexpected end of input, expected ',' or '}'")
                            : fail("expected ',' or '}'");
        }
    }

    // RFC 8259 section 6 grammar, checked by hand; base::parse_double converts the validated
    // token (locale-independent).
    bool number(Value& out) {
        size_t start = pos_;
        if (peek() == '-') ++pos_;
        if (peek() == '0') {
            ++pos_;
            if (peek() >= '0' && peek() <= '9') return fail_at("leading zeros are not allowed", start);
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9') ++pos_;
        } else {
            if (peek() == 'I') return fail_at("NaN and Infinity are not JSON numbers", start);
            return fail("expected a digit");
        }
        if (peek() == '.') {
            ++pos_;
            if (!(peek() >= '0' && peek() <= '9')) return fail("expected a digit after '.'");
            while (peek() >= '0' && peek() <= '9') ++pos_;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            if (peek() == '+' || peek() == '-') ++pos_;
            if (!(peek() >= '0' && peek() <= '9')) return fail("expected a digit in the exponent");
            while (peek() >= '0' && peek() <= '9') ++pos_;
        }
        std::string token = text_.substr(start, pos_ - start);
        const std::optional<double> d = base::parse_double(token);
        if (!d || !std::isfinite(*d))
            return fail_at("number " + abbreviate(token) + " is too large", start);
        out = Value::number(*d);
        return true;
    }

    static std::string abbreviate(const std::string& token) {
        return token.size() <= 24 ? token : token.substr(0, 20) + "...";
    }

    bool hex4(unsigned& out) {
        out = 0;
        for (int i = 0; i < 4; ++i) {
            if (at_end()) return fail("unexpected end of input in \\u escape");
            char c = text_[pos_];
            unsigned digit;
            if (c >= '0' && c <= '9') digit = unsigned(c - '0');
            else if (c >= 'a' && c <= 'f') digit = unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') digit = unsigned(c - 'A' + 10);
            else return fail("expected 4 hex digits in \\u escape");
            out = out * 16 + digit;
            ++pos_;
        }
        return true;
    }

    static void append_utf8(std::string& s, unsigned cp) {
        if (cp < 0x80) {
            s += char(cp);
        } else if (cp < 0x800) {
            s += char(0xC0 | (cp >> 6));
            s += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += char(0xE0 | (cp >> 12));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        } else {
            s += char(0xF0 | (cp >> 18));
            s += char(0x80 | ((cp >> 12) & 0x3F));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        }
    }

    bool escape(std::string& s) {
        size_t at = pos_;
        ++pos_;  // '\\'
        if (at_end()) return fail("unexpected end of input in escape");
        char c = text_[pos_++];
        switch (c) {
            case '"': s += '"'; return true;
            case '\\': s += '\\'; return true;
            case '/': s += '/'; return true;
            case 'b': s += '\b'; return true;
            case 'f': s += '\f'; return true;
            case 'n': s += '\n'; return true;
            case 'r': s += '\r'; return true;
            case 't': s += '\t'; return true;
            case 'u': break;
            default:
                // The byte itself only when printable: a message must stay valid UTF-8.
                return fail_at(c >= 0x20 && c < 0x7f ? "invalid escape '\\" + std::string(1, c) + "'"
                                                     : "invalid escape: '\\' before byte " + describe(c),
                               at);
        }
        unsigned cp;
        if (!hex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return fail_at("lone low surrogate in \\u escape", at);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (text_.compare(pos_, 2, "\\u") != 0)
                return fail_at("high surrogate not followed by a low surrogate", at);
            pos_ += 2;
            unsigned low;
            if (!hex4(low)) return false;
            if (low < 0xDC00 || low > 0xDFFF)
                return fail_at("high surrogate not followed by a low surrogate", at);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(s, cp);
        return true;
    }

    // Copies one well-formed UTF-8 sequence.
    bool utf8(std::string& s) {
        const unsigned char lead = static_cast<unsigned char>(text_[pos_]);
        if (lead < 0xC2 || lead > 0xF4) return fail("invalid UTF-8 byte " + describe(char(lead)));
        const size_t extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
        if (text_.size() - pos_ <= extra) return fail("truncated UTF-8 sequence");
        const size_t n = utf8_length(text_, pos_);
        if (n == 0) return fail("invalid UTF-8 sequence");
        s.append(text_, pos_, n);
        pos_ += n;
        return true;
    }

    bool string(std::string& s) {
        ++pos_;  // opening quote
        for (;;) {
            if (at_end()) return fail("unexpected end of input in a string");
            unsigned char c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                ++pos_;
                return true;
            }
            if (c == '\\') {
                if (!escape(s)) return false;
            } else if (c < 0x20) {
                return fail("control character " + describe(char(c)) + " in a string (escape it)");
            } else if (c < 0x80) {
                s += char(c);
                ++pos_;
            } else if (!utf8(s)) {
                return false;
            }
        }
    }

    const std::string& text_;
    const ParseLimits& limits_;
    size_t pos_ = 0;
    std::string error_;
};

}  // namespace

Result<Value> parse(const std::string& text, const ParseLimits& limits) {
    if (text.size() > limits.max_bytes)
        return Result<Value>::fail("JSON: text of " + std::to_string(text.size()) +
                                   " bytes exceeds the limit of " +
                                   std::to_string(limits.max_bytes));
    return Reader(text, limits).document();
}

// [SECTION] Writer ------------------------------------------------------------------------------

void write_number(std::string& out, double d) {
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    // Integral values below 2^53 are exact in a double: print them as integers.
    if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0) {
        if (d == 0 && std::signbit(d)) {
            out += "-0";
            return;
        }
        fmt::format_to(std::back_inserter(out), "{:.0f}", d);
        return;
    }
    // A float widened to double: the shortest text that reads back to the same float (at most 9
    // significant digits for binary32). Otherwise the shortest for the double (at most 17).
    const float f = static_cast<float>(d);
    if (static_cast<double>(f) == d) fmt::format_to(std::back_inserter(out), "{}", f);
    else fmt::format_to(std::back_inserter(out), "{}", d);
}

void write_string(std::string& out, const std::string& s) {
    out += '"';
    for (size_t i = 0; i < s.size(); ++i) {
        const char ch = s[i];
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c >= 0x80) {
            // JSON text is UTF-8: a byte that starts no well-formed sequence becomes U+FFFD, so
            // that what this writes always parses, whatever text reached it.
            const size_t n = utf8_length(s, i);
            if (n == 0) {
                out += "\\ufffd";
            } else {
                out.append(s, i, n);
                i += n - 1;
            }
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
                else out += ch;
        }
    }
    out += '"';
}

std::string quote_for_message(const std::string& s) {
    size_t cut = 40;
    if (s.size() > cut)  // back up to a UTF-8 sequence boundary
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    bool truncated = s.size() > cut;
    std::string escaped;
    write_string(escaped, truncated ? s.substr(0, cut) : s);
    // Drop the JSON quotes; keep the escapes, so the message stays on one printable line.
    std::string inner = escaped.substr(1, escaped.size() - 2);
    return "'" + inner + (truncated ? "...'" : "'");
}

namespace {

void write_value(std::string& out, const Value& v) {
    switch (v.kind()) {
        case Kind::null: out += "null"; break;
        case Kind::boolean: out += v.as_bool() ? "true" : "false"; break;
        case Kind::number: write_number(out, v.as_number()); break;
        case Kind::string: write_string(out, v.as_string()); break;
        case Kind::array: {
            out += '[';
            bool first = true;
            for (const Value& item : v.items()) {
                if (!first) out += ',';
                first = false;
                write_value(out, item);
            }
            out += ']';
            break;
        }
        case Kind::object: {
            out += '{';
            bool first = true;
            for (const Member& m : v.members()) {
                if (!first) out += ',';
                first = false;
                write_string(out, m.key);
                out += ':';
                write_value(out, m.value);
            }
            out += '}';
            break;
        }
    }
}

}  // namespace

std::string write(const Value& v) {
    std::string out;
    write_value(out, v);
    return out;
}

}  // namespace strideconv::json
