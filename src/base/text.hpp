// text.hpp -- small text helpers every layer above the core shares: trimming, ASCII lower case,
// splitting on separator characters.
//
// Standard C++17 only; no locale is consulted (a host that calls setlocale() changes nothing here).
//
// Usage:
//   base::trim("  5x5 \n")            // "5x5"
//   base::split("1,2,,3", ",")        // {"1", "2", "", "3"}: every separator splits, empty parts kept
//   base::lower("Sobel_X")            // "sobel_x"
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strideconv::base {

// Space, tab, newline, carriage return, form feed, vertical tab (the C locale's isspace).
bool is_space(char ch);
std::string trim(std::string_view text);
// A-Z to a-z; every other byte unchanged.
std::string lower(std::string_view text);
// Parts between any of the `separators` characters, in order. "" gives one empty part.
std::vector<std::string> split(std::string_view text, std::string_view separators);

}  // namespace strideconv::base
