// number_text.hpp -- numbers to and from text, the same in every layer, locale and platform.
//
// Parsing goes through fast_float (Debian libfast-float-dev): correctly rounded and independent of
// the C locale, so a host that calls setlocale() cannot turn "0.5" into 0. Printing goes through
// {fmt} (Debian libfmt-dev, header-only): the shortest text that reads back to the same float
// (Dragonbox), or a display format with a fixed number of significant digits. Both libraries stay
// inside src/base/*.cpp; this header is standard C++17.
//
// The parsers read the whole text and nothing else: no surrounding spaces (trim first), no inf or
// nan, no hex. Decimal grammar: [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?
//
// Usage:
//   float f = 0;
//   base::parse_float("2.5e-7", f);              // FloatStatus::ok, f == 2.5e-7f
//   int64_t n = 0;
//   base::parse_whole("2.0", 0, 100, n);         // WholeStatus::ok, n == 2 (integral decimals count)
//   base::format_shortest(0.1f);                 // "0.1"; 1e10f -> "1e10"; 2.5e-7f -> "2.5e-7"
//   base::format_display(14.0f);                 // "14"; 1.0f / 3 -> "0.333"; with 6 digits "0.333333"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strideconv::base {

// [SECTION] Parsing ------------------------------------------------------------------------------

// A double from decimal text; nullopt if the text is not a decimal number. Overflow gives +-inf
// (callers that need finite values check), underflow gives 0.
std::optional<double> parse_double(std::string_view text);

enum class FloatStatus { ok, junk, too_large };
// A float from decimal text, correctly rounded. Values that round to +-FLT_MAX are FLT_MAX;
// values beyond are too_large (out is unchanged then, and for junk).
FloatStatus parse_float(std::string_view text, float& out);

enum class WholeStatus { ok, junk, saturated };
// A whole number in [lo, hi]: [+-]? digits (any number of them), or a decimal with an integral
// value such as 2.0 or 2e0. Out-of-range values set `out` to lo or hi and return saturated.
WholeStatus parse_whole(std::string_view text, int64_t lo, int64_t hi, int64_t& out);

// [SECTION] Printing -----------------------------------------------------------------------------

// The shortest text that parses back to exactly `v`, laid out as printf's %g would with that many
// digits, but with the exponent written bare ("1e10", "2.5e-7": no '+', which a URL query reads as
// a space, and no leading zeros). Valid JSON and valid in a query. +-0 gives "0"; non-finite
// values give "inf", "-inf", "nan".
std::string format_shortest(float v);

// A number as a person reads it: whole numbers below 10^9 without decimals ("14", "-3"; -0 is
// "0"), anything else as format_general ("0.333", "1.23e+10"); non-finite values as "inf",
// "-inf", "nan".
std::string format_display(double v, int significant_digits = 3);

// printf's %.Ng: `significant_digits` significant digits, trailing zeros dropped ("2.25",
// "1.23e+03"); non-finite values as "inf", "-inf", "nan".
std::string format_general(double v, int significant_digits);

// printf's %.Nf: `decimals` digits after the point ("3.142", "12.0"); for times and ratios.
std::string format_fixed(double v, int decimals);

// A whole number grouped by thousands with ',' ("1,234,567", "-12,544"): counts in English
// sentences (MACs). teach::grouped() writes them in the reader's language.
std::string thousands_text(int64_t n);

}  // namespace strideconv::base
