// base_test.cpp -- the base layer: number text (fast_float in, {fmt} out), text helpers, the seeded
// generator, input fills and kernel presets with their aliases.
#include <doctest/doctest.h>

#include <cfloat>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "base/number_text.hpp"
#include "base/presets.hpp"
#include "base/random.hpp"
#include "base/text.hpp"

using namespace strideconv;
using namespace strideconv::base;

namespace {

float float_of(const std::string& text) {
    float f = -12345;
    REQUIRE_MESSAGE(parse_float(text, f) == FloatStatus::ok, text);
    return f;
}

float float_from_bits(uint32_t bits) {
    float f = 0;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

}  // namespace

// [SECTION] Parsing ------------------------------------------------------------------------------

TEST_CASE("base: decimal text parses with the grammar of number_text.hpp and nothing else") {
    CHECK(float_of("2.5") == 2.5f);
    CHECK(float_of("-2.5e-7") == -2.5e-7f);
    CHECK(float_of("+1.5") == 1.5f);
    CHECK(float_of("1.") == 1.0f);
    CHECK(float_of(".5") == 0.5f);
    CHECK(float_of("1E3") == 1000.0f);
    CHECK(float_of("0.1") == 0.1f);
    for (const char* junk : {"", " 1", "1 ", "1,5", "inf", "-inf", "nan", "NaN", "infinity", "0x10",
                             "1e", "1e+", ".", "+", "-", "1.2.3", "e5", "--1", "1d", "１"}) {
        float f = 7;
        CHECK_MESSAGE(parse_float(junk, f) == FloatStatus::junk, junk);
        CHECK(f == 7);  // untouched
        CHECK_FALSE(parse_double(junk).has_value());
    }
}

TEST_CASE("base: floats are correctly rounded; past FLT_MAX + half an ulp they are too large") {
    CHECK(float_of("3.4028235e38") == FLT_MAX);
    CHECK(float_of("3.40282356e38") == FLT_MAX);  // still rounds down to FLT_MAX
    float f = 0;
    CHECK(parse_float("3.4028236e38", f) == FloatStatus::too_large);
    CHECK(parse_float("-1e39", f) == FloatStatus::too_large);
    CHECK(parse_float("1e999", f) == FloatStatus::too_large);
    CHECK(float_of("1e-46") == 0.0f);  // underflow
    CHECK(float_of("1e-45") == float_from_bits(1));
    // Directly to float: no double rounding through an intermediate double.
    CHECK(float_of("1.00000005960464477539062499") == 1.0f);
    CHECK(float_of("1.00000005960464477539062501") == std::nextafter(1.0f, 2.0f));
    CHECK(*parse_double("1e400") == std::numeric_limits<double>::infinity());
    CHECK(*parse_double("0.1") == 0.1);
}

TEST_CASE("base: parsing ignores the C locale") {
    const char* before = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = before ? before : "C";
    // Any installed locale with a decimal comma will do; skip quietly where none is.
    bool switched = false;
    for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "C.UTF-8"})
        if (std::setlocale(LC_NUMERIC, name)) {
            switched = true;
            break;
        }
    CHECK(float_of("0.5") == 0.5f);
    CHECK(format_shortest(0.5f) == "0.5");
    CHECK(format_display(0.25, 3) == "0.25");
    std::setlocale(LC_NUMERIC, saved.c_str());
    (void)switched;
}

TEST_CASE("base: whole numbers saturate and accept integral decimals") {
    int64_t v = 0;
    CHECK(parse_whole("42", 0, 100, v) == WholeStatus::ok);
    CHECK(v == 42);
    CHECK(parse_whole("-7", -10, 10, v) == WholeStatus::ok);
    CHECK(v == -7);
    CHECK(parse_whole("+7", -10, 10, v) == WholeStatus::ok);
    CHECK(parse_whole("2.0", 0, 10, v) == WholeStatus::ok);
    CHECK(v == 2);
    CHECK(parse_whole("2e1", 0, 100, v) == WholeStatus::ok);
    CHECK(v == 20);
    CHECK(parse_whole("101", 0, 100, v) == WholeStatus::saturated);
    CHECK(v == 100);
    CHECK(parse_whole(std::string(400, '9'), 0, INT64_MAX, v) == WholeStatus::saturated);
    CHECK(parse_whole("-" + std::string(400, '9'), INT32_MIN, 0, v) == WholeStatus::saturated);
    CHECK(v == INT32_MIN);
    CHECK(parse_whole("1e30", 0, 1000, v) == WholeStatus::saturated);
    CHECK(v == 1000);
    for (const char* junk : {"", "2.5", "x", "1e", "inf", " 3", "3 ", "0x10", "-"})
        CHECK_MESSAGE(parse_whole(junk, 0, 100, v) == WholeStatus::junk, junk);
}

// [SECTION] Printing -----------------------------------------------------------------------------

TEST_CASE("base: format_shortest is the shortest round trip, %g layout, bare exponent") {
    CHECK(format_shortest(0.0f) == "0");
    CHECK(format_shortest(-0.0f) == "0");
    CHECK(format_shortest(1.5f) == "1.5");
    CHECK(format_shortest(-2.0f) == "-2");
    CHECK(format_shortest(0.1f) == "0.1");
    CHECK(format_shortest(1e10f) == "1e10");
    CHECK(format_shortest(100000.0f) == "1e5");
    CHECK(format_shortest(123456.0f) == "123456");
    CHECK(format_shortest(1200.0f) == "1.2e3");
    CHECK(format_shortest(0.0001f) == "0.0001");
    CHECK(format_shortest(0.00001f) == "1e-5");
    CHECK(format_shortest(-2.5e-7f) == "-2.5e-7");
    CHECK(format_shortest(1.0f / 3.0f) == "0.33333334");
    CHECK(format_shortest(FLT_MAX) == "3.4028235e38");
    CHECK(format_shortest(float_from_bits(1)) == "1e-45");
    CHECK(format_shortest(std::numeric_limits<float>::infinity()) == "inf");
    CHECK(format_shortest(-std::numeric_limits<float>::infinity()) == "-inf");
    CHECK(format_shortest(std::nanf("")) == "nan");
}

TEST_CASE("base: format_shortest reads back to the same float, for random bit patterns") {
    Random random(2024);
    for (int i = 0; i < 20000; ++i) {
        const float f = float_from_bits(random.next());
        if (!std::isfinite(f)) continue;
        const std::string text = format_shortest(f);
        CAPTURE(text);
        float back = 0;
        REQUIRE(parse_float(text, back) == FloatStatus::ok);
        CHECK(back == f);
        CHECK(text.find('+') == std::string::npos);  // a '+' is a space in a query
        CHECK(text.size() <= 15);
    }
}

TEST_CASE("base: format_display writes whole numbers plainly, others to N significant digits") {
    CHECK(format_display(14.0) == "14");
    CHECK(format_display(-3.0) == "-3");
    CHECK(format_display(-0.0) == "0");
    CHECK(format_display(0.125) == "0.125");
    CHECK(format_display(1.0 / 3.0) == "0.333");
    CHECK(format_display(1.0 / 3.0, 6) == "0.333333");
    CHECK(format_display(2.0 / 3.0, 4) == "0.6667");
    CHECK(format_display(123456789.0) == "123456789");
    CHECK(format_display(1e10) == "1e+10");
    CHECK(format_display(1234.5, 3) == "1.23e+03");
    CHECK(format_display(std::numeric_limits<double>::infinity()) == "inf");
    CHECK(format_display(-std::numeric_limits<double>::infinity()) == "-inf");
    CHECK(format_display(std::nan("")) == "nan");
}

TEST_CASE("base: format_general and format_fixed are printf's %g and %f, locale-free") {
    CHECK(format_general(2.25, 3) == "2.25");
    CHECK(format_general(1234.5, 3) == "1.23e+03");
    CHECK(format_general(100.0, 3) == "100");
    CHECK(format_general(0.0001234, 2) == "0.00012");
    CHECK(format_fixed(3.14159, 3) == "3.142");
    CHECK(format_fixed(12.0, 1) == "12.0");
    CHECK(format_fixed(-0.5, 0) == "-0");  // as printf: round half to even
    CHECK(format_fixed(std::numeric_limits<double>::infinity(), 2) == "inf");
}

TEST_CASE("base: thousands_text groups by three with commas, whatever the locale") {
    CHECK(thousands_text(0) == "0");
    CHECK(thousands_text(999) == "999");
    CHECK(thousands_text(1000) == "1,000");
    CHECK(thousands_text(12544) == "12,544");
    CHECK(thousands_text(-1234567) == "-1,234,567");
    CHECK(thousands_text(std::numeric_limits<int64_t>::min()) == "-9,223,372,036,854,775,808");
}

// [SECTION] Text ---------------------------------------------------------------------------------

TEST_CASE("base: trim, lower and split") {
    CHECK(trim("  5x5 \t\n") == "5x5");
    CHECK(trim(" \r\f\v ") == "");
    CHECK(lower("Sobel_X-9") == "sobel_x-9");
    CHECK(split("1,2,,3", ",") == std::vector<std::string>{"1", "2", "", "3"});
    CHECK(split("6x4", "xX,") == std::vector<std::string>{"6", "4"});
    CHECK(split("", ",") == std::vector<std::string>{""});
    CHECK(split("a,", ",") == std::vector<std::string>{"a", ""});
}

// [SECTION] Random, fills and presets ------------------------------------------------------------

TEST_CASE("base: the seeded generator is xorshift32 from a hashed seed") {
    Random r(1);
    uint32_t state = 1u * 2654435761u + 0x9e3779b9u;
    for (int i = 0; i < 100; ++i) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        CHECK(r.next() == state);
    }
    Random dice(99);
    for (int i = 0; i < 1000; ++i) {
        const int v = dice.between(-9, 9);
        CHECK(v >= -9);
        CHECK(v <= 9);
    }
    // from_state starts at the state given (the quiz's seeding); 0 is taken as 1.
    Random exact = Random::from_state(12345);
    uint32_t s = 12345;
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    CHECK(exact.next() == s);
    CHECK(Random::from_state(0).next() == Random::from_state(1).next());
    // A seed whose hash is 0 still moves (xorshift would stay at 0).
    const uint32_t zero_seed = static_cast<uint32_t>(-0x9e3779b9LL * 244002641LL);  // 2654435761^-1 mod 2^32
    Random stuck(zero_seed);
    CHECK(stuck.next() != 0);
}

TEST_CASE("base: fills continue across channels; names round-trip") {
    CHECK(fill_values(Fill::seq, 1, 2, 3) == std::vector<float>{1, 2, 3, 4, 5, 6});
    CHECK(fill_values(Fill::checker, 1, 2, 3) == std::vector<float>{1, 0, 1, 0, 1, 0});
    CHECK(fill_values(Fill::custom, 1, 1, 3) == std::vector<float>{0, 0, 0});
    CHECK(fill_values(Fill::ones, 1, 0, 3).empty());
    // Two channels of 2x4 are the first 16 values of one stream: channel 0 is the app's 2x4 grid.
    const auto two = fill_values(Fill::random, 7, 4, 4);
    const auto one = fill_values(Fill::random, 7, 2, 4);
    CHECK(std::vector<float>(two.begin(), two.begin() + 8) == one);
    for (Fill f : {Fill::seq, Fill::random, Fill::ones, Fill::checker, Fill::custom})
        CHECK(fill_from_string(to_string(f)) == f);
    CHECK_FALSE(fill_from_string("Seq").has_value());
    CHECK_FALSE(fill_from_string("random:1").has_value());
}

TEST_CASE("base: kernel presets have one table; '-' and '_' and case do not matter") {
    for (const KernelPreset& p : kernel_presets()) {
        CHECK(find_kernel_preset(p.name) == &p);
        CHECK(kernel_preset_names().find(p.name) != std::string::npos);
    }
    REQUIRE(find_kernel_preset("sobel-x") != nullptr);
    CHECK(std::string(find_kernel_preset("sobel-x")->name) == "sobel_x");
    CHECK(std::string(find_kernel_preset("SOBEL-Y")->name) == "sobel_y");
    CHECK(find_kernel_preset("custom") == nullptr);
    CHECK(find_kernel_preset("sobel x") == nullptr);
    int kh = 3, kw = 3;
    std::vector<float> v;
    REQUIRE(kernel_preset_values("sobel-x", kh, kw, v));
    CHECK(v == std::vector<float>{-1, 0, 1, -2, 0, 2, -1, 0, 1});
    kh = 2;
    kw = 2;
    REQUIRE(kernel_preset_values("box", kh, kw, v));
    CHECK(v == std::vector<float>(4, 0.25f));
    kh = 0;
    CHECK_FALSE(kernel_preset_values("ones", kh, kw, v));
}

TEST_CASE("base: Text writes what std::ostringstream writes, for text, whole numbers and floating point") {
    const double reals[] = {0.0, -0.0, 1.0, 2.25, -3.5, 1.0 / 3.0, 123456.0, 1234567.0, 1e-5, 6.02e23,
                            0.1f, 16.0f / 9.0f, std::numeric_limits<double>::infinity()};
    for (double v : reals) {
        std::ostringstream expected;
        expected << "v=" << v << ';';
        strideconv::base::Text text;
        text << "v=" << v << ';';
        CHECK(text.str() == expected.str());
    }
    const float f = 2.5f;
    std::ostringstream expected;
    expected << std::string("a") << 42 << ' ' << -7L << ' ' << 18446744073709551615ULL << ' ' << f;
    strideconv::base::Text text;
    text << std::string("a") << 42 << ' ' << -7L << ' ' << 18446744073709551615ULL << ' ' << f;
    CHECK(text.str() == expected.str());
}
