// text.cpp -- trimming, lower case, splitting (see text.hpp). Standard C++ only.
#include "base/text.hpp"

#include <cstdio>

namespace strideconv::base {

bool is_space(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

std::string trim(std::string_view text) {
    size_t begin = 0, end = text.size();
    while (begin < end && is_space(text[begin])) ++begin;
    while (end > begin && is_space(text[end - 1])) --end;
    return std::string(text.substr(begin, end - begin));
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}

std::vector<std::string> split(std::string_view text, std::string_view separators) {
    std::vector<std::string> parts(1);
    for (const char ch : text) {
        if (separators.find(ch) != std::string_view::npos) parts.emplace_back();
        else parts.back() += ch;
    }
    return parts;
}

std::string size_text(Pair p) { return std::to_string(p[0]) + "x" + std::to_string(p[1]); }

std::string pair_text(Pair p) { return p[0] == p[1] ? std::to_string(p[0]) : size_text(p); }

Text& Text::operator<<(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    out_ += buffer;
    return *this;
}

}  // namespace strideconv::base
