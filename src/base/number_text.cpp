// number_text.cpp -- parsing with fast_float, printing with {fmt} (see number_text.hpp).
#include "base/number_text.hpp"

#include <cmath>
#include <limits>

#include <fast_float/fast_float.h>
#include <fmt/format.h>

namespace strideconv::base {

namespace {

bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

// The decimal grammar of number_text.hpp. fast_float alone would also take "inf" and "nan".
bool decimal_grammar(std::string_view s) {
    size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t mantissa_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++mantissa_digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i])) ++i, ++mantissa_digits;
    }
    if (mantissa_digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        size_t exponent_digits = 0;
        while (i < s.size() && is_digit(s[i])) ++i, ++exponent_digits;
        if (exponent_digits == 0) return false;
    }
    return i == s.size();
}

// fast_float reads a '-' but not a '+'; the grammar has been checked already.
template <class T>
bool convert(std::string_view s, T& out) {
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    const auto result = fast_float::from_chars(s.data(), s.data() + s.size(), out);
    return result.ec == std::errc() && result.ptr == s.data() + s.size();
}

}  // namespace

// [SECTION] Parsing ------------------------------------------------------------------------------

std::optional<double> parse_double(std::string_view text) {
    double d = 0;
    if (!decimal_grammar(text) || !convert(text, d)) return std::nullopt;
    return d;
}

FloatStatus parse_float(std::string_view text, float& out) {
    float f = 0;
    if (!decimal_grammar(text) || !convert(text, f)) return FloatStatus::junk;
    // Correct rounding to float already maps everything below FLT_MAX + half an ulp to FLT_MAX.
    if (std::isinf(f)) return FloatStatus::too_large;
    out = f;
    return FloatStatus::ok;
}

WholeStatus parse_whole(std::string_view text, int64_t lo, int64_t hi, int64_t& out) {
    size_t i = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) i = 1;
    bool all_digits = i < text.size();
    for (size_t j = i; j < text.size(); ++j) all_digits = all_digits && is_digit(text[j]);
    if (all_digits) {
        // Any digit string is fine, however long: past INT64_MAX it is simply beyond [lo, hi].
        int64_t magnitude = 0;
        bool beyond = false;
        for (size_t j = i; j < text.size() && !beyond; ++j) {
            const int digit = text[j] - '0';
            beyond = magnitude > (std::numeric_limits<int64_t>::max() - digit) / 10;
            if (!beyond) magnitude = magnitude * 10 + digit;
        }
        if (beyond) {
            out = negative ? lo : hi;
            return WholeStatus::saturated;
        }
        const int64_t v = negative ? -magnitude : magnitude;
        out = v < lo ? lo : v > hi ? hi : v;
        return out == v ? WholeStatus::ok : WholeStatus::saturated;
    }
    const auto d = parse_double(text);
    if (!d || !std::isfinite(*d) || std::floor(*d) != *d) return WholeStatus::junk;
    if (*d < static_cast<double>(lo)) {
        out = lo;
        return WholeStatus::saturated;
    }
    if (*d > static_cast<double>(hi)) {
        out = hi;
        return WholeStatus::saturated;
    }
    out = static_cast<int64_t>(*d);
    return WholeStatus::ok;
}

// [SECTION] Printing -----------------------------------------------------------------------------

namespace {

std::string non_finite(double v) { return std::isnan(v) ? "nan" : v < 0 ? "-inf" : "inf"; }

}  // namespace

std::string format_shortest(float v) {
    if (!std::isfinite(v)) return non_finite(v);
    if (v == 0) return "0";
    // {fmt}'s "{}" gives the shortest round-trip digits (Dragonbox); lay them out as %g would.
    const std::string text = fmt::format("{}", v);
    const bool negative = text[0] == '-';
    std::string digits;
    int point = -1, exponent = 0;
    for (size_t i = negative ? 1 : 0; i < text.size(); ++i) {
        if (text[i] == '.') {
            point = static_cast<int>(digits.size());
        } else if (text[i] == 'e') {
            int64_t e = 0;
            parse_whole(std::string_view(text).substr(i + 1), -1000, 1000, e);
            exponent = static_cast<int>(e);
            break;
        } else {
            digits += text[i];
        }
    }
    if (point < 0) point = static_cast<int>(digits.size());
    while (digits.size() > 1 && digits[0] == '0') digits.erase(0, 1), --point;
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    const int first = point + exponent - 1;  // decimal exponent of the first digit
    const int count = static_cast<int>(digits.size());
    std::string out = negative ? "-" : "";
    if (first < -4 || first >= count) {
        out += digits[0];
        if (count > 1) out += "." + digits.substr(1);
        return out + "e" + std::to_string(first);
    }
    if (first < 0) return out + "0." + std::string(static_cast<size_t>(-first - 1), '0') + digits;
    out += digits.substr(0, static_cast<size_t>(first) + 1);
    if (count > first + 1) out += "." + digits.substr(static_cast<size_t>(first) + 1);
    return out;
}

std::string format_display(double v, int significant_digits) {
    if (!std::isfinite(v)) return non_finite(v);
    if (v == std::floor(v) && std::fabs(v) < 1e9) return fmt::format("{:.0f}", v == 0 ? 0.0 : v);
    return format_general(v, significant_digits);
}

std::string format_general(double v, int significant_digits) {
    if (!std::isfinite(v)) return non_finite(v);
    return fmt::format("{:.{}g}", v, significant_digits < 1 ? 1 : significant_digits);
}

std::string format_fixed(double v, int decimals) {
    if (!std::isfinite(v)) return non_finite(v);
    return fmt::format("{:.{}f}", v, decimals < 0 ? 0 : decimals);
}

std::string thousands_text(int64_t n) {
    return fmt::format("{:L}", n);  // ',' every three digits: FMT_STATIC_THOUSANDS_SEPARATOR (CMakeLists.txt)
}

}  // namespace strideconv::base
