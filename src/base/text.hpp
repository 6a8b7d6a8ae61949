// text.hpp -- small text helpers every layer above the core shares: trimming, ASCII lower case,
// splitting on separator characters.
//
// Standard C++17 only; no locale is consulted (a host that calls setlocale() changes nothing here).
//
// Usage:
//   base::trim("  5x5 \n")            // "5x5"
//   base::split("1,2,,3", ",")        // {"1", "2", "", "3"}: every separator splits, empty parts kept
//   base::lower("Sobel_X")            // "sobel_x"
//   base::Text t;  t << "stride " << 2 << ", ratio " << 2.25;  t.str()   // "stride 2, ratio 2.25"
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/core.hpp"  // Pair

namespace strideconv::base {

// Space, tab, newline, carriage return, form feed, vertical tab (the C locale's isspace).
bool is_space(char ch);
std::string trim(std::string_view text);
// A-Z to a-z; every other byte unchanged.
std::string lower(std::string_view text);
// Parts between any of the `separators` characters, in order. "" gives one empty part.
std::vector<std::string> split(std::string_view text, std::string_view separators);

// A pair of sizes as the lab writes them: size_text always "HxW" ({5, 5} -> "5x5"); pair_text as
// links and layer specs do, "N" when both are N ({5, 5} -> "5", {5, 7} -> "5x7").
std::string size_text(Pair p);
std::string pair_text(Pair p);

// Builds a sentence as std::ostringstream would, without iostreams (which would add their locale
// machinery, a few hundred KB, to the web app): text as it is, whole numbers in decimal, floating
// point as the stream's default (%g: six significant digits).
class Text {
public:
    Text& operator<<(std::string_view text) {
        out_ += text;
        return *this;
    }
    Text& operator<<(const char* text) { return *this << std::string_view(text); }
    Text& operator<<(const std::string& text) { return *this << std::string_view(text); }
    Text& operator<<(char ch) {
        out_ += ch;
        return *this;
    }
    template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, char> && !std::is_same_v<T, bool>, int> = 0>
    Text& operator<<(T value) {
        out_ += std::to_string(value);
        return *this;
    }
    Text& operator<<(double value);
    Text& operator<<(bool) = delete;  // say what it means in words

    const std::string& str() const { return out_; }

private:
    std::string out_;
};

}  // namespace strideconv::base
