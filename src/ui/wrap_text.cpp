// wrap_text.cpp -- see wrap_text.hpp. ImGui only.
#include "ui/wrap_text.hpp"

#include <algorithm>
#include <cfloat>
#include <iterator>
#include <utility>
#include <vector>

#include "imgui_internal.h"  // CalcWrapWidthForPos and the window's wrap position: where TextWrapped wraps

namespace strideconv::ui {

namespace {

// Bytes of one UTF-8 character starting at `c` (1 for a stray continuation byte).
size_t char_bytes(unsigned char c) { return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1; }

bool digit(char c) { return c >= '0' && c <= '9'; }

// Where a line too wide for `width` is broken: the largest k such that line[0, k) fits, with k
// after a space (dropped) or, inside a word wider than a line (a layer spec, a link), after ','
// ';' ':' '/' '-' or a '.' that is not a decimal point; failing those, after the last character
// that fits (at least one). Returns {end of this line, start of the next}.
std::pair<size_t, size_t> break_of(const std::string& line, float width, const std::function<float(std::string_view)>& measure) {
    std::pair<size_t, size_t> best{0, 0}, last_char{0, 0};
    for (size_t k = 0; k < line.size();) {
        const size_t next = std::min(line.size(), k + char_bytes(static_cast<unsigned char>(line[k])));
        const char c = line[k];
        const bool fits_to_next = measure(std::string_view(line).substr(0, next)) <= width;
        if (c == ' ' && k > 0 && measure(std::string_view(line).substr(0, k)) <= width) best = {k, k + 1};
        const bool sign = c == ',' || c == ';' || c == ':' || c == '/' || c == '-' ||
                          (c == '.' && !(k > 0 && digit(line[k - 1]) && next < line.size() && digit(line[next])));
        if (!fits_to_next) break;
        if (sign && next < line.size()) best = std::max(best, std::pair<size_t, size_t>{next, next});
        last_char = {next, next};
        k = next;
    }
    if (best.first > 0) return best;
    if (last_char.first > 0) return last_char;
    const size_t one = std::min(line.size(), char_bytes(static_cast<unsigned char>(line[0])));
    return {one, one};
}

// A number and its unit stay on one line ("3.2 ms", "15,5 G MAC", "38.2 %", "4.0 x"): the sentences
// are shared with the CLI and the JSON state, which keep their plain spaces, so the join is made
// here, where lines break. `word` is a number when it ends in a digit ("(3.2", "15,5", "12.544").
bool number_word(std::string_view word) { return !word.empty() && digit(word.back()); }

// The word without the punctuation a sentence puts after it ("ms,", "%)", "G;").
std::string_view bare(std::string_view word) {
    while (!word.empty() && std::string_view(",;:.)]").find(word.back()) != std::string_view::npos) word.remove_suffix(1);
    return word;
}

// Units and the decimal prefixes short counts carry ("4.09 G", "300.8 M").
bool unit_word(std::string_view word) {
    static const char* const units[] = {"%", "ms", "s", "G", "M", "T", "k", "x", "px", "KB", "MB", "MiB", "Mio", "Mpx"};
    const std::string_view w = bare(word);
    return std::any_of(std::begin(units), std::end(units), [w](const char* u) { return w == u; });
}

bool prefix_word(std::string_view word) { return word == "G" || word == "M" || word == "T" || word == "k"; }

// The words of a paragraph (split at spaces) grouped so that no line breaks inside a group: a unit
// joins the number before it, and the word after a bare decimal prefix joins it ("15,5 G MAC").
std::vector<std::string> unbreakable_groups(std::string_view text) {
    std::vector<std::string> groups;
    std::string_view before, last;  // the two words before this one
    for (size_t at = 0;;) {
        const size_t space = text.find(' ', at);
        const std::string_view word = text.substr(at, space == std::string_view::npos ? std::string_view::npos : space - at);
        const bool joins = !groups.empty() && ((number_word(last) && unit_word(word)) ||
                                               (prefix_word(last) && number_word(before) && !word.empty()));
        if (joins) groups.back() += " " + std::string(word);
        else groups.emplace_back(word);
        before = last;
        last = word;
        if (space == std::string_view::npos) break;
        at = space + 1;
    }
    return groups;
}

// One paragraph (no '\n') broken into `out`.
void wrap_paragraph(std::string_view text, float width, const std::function<float(std::string_view)>& measure,
                    std::string& out) {
    std::string line;
    for (const std::string& word : unbreakable_groups(text)) {
        const std::string joined = line.empty() ? word : line + " " + word;
        if (line.empty() || measure(joined) <= width) {
            line = joined;
        } else if (measure(word) <= width) {
            out += line;
            out += '\n';
            line = word;
        } else {
            line = joined;  // a word wider than a line: it starts here and is broken inside (break_of)
        }
        while (line.size() > 1 && measure(line) > width) {
            const auto [stop, resume] = break_of(line, width, measure);
            if (stop >= line.size()) break;
            out += line.substr(0, stop);
            out += '\n';
            line.erase(0, resume);
        }
    }
    out += line;
}

float text_width(std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; }

}  // namespace

std::string wrap_at_spaces(std::string_view text, float width, const std::function<float(std::string_view)>& measure) {
    std::string out;
    out.reserve(text.size() + 8);
    size_t at = 0;
    for (;;) {
        const size_t newline = text.find('\n', at);
        wrap_paragraph(text.substr(at, newline == std::string_view::npos ? std::string_view::npos : newline - at), width,
                       measure, out);
        if (newline == std::string_view::npos) break;
        out += '\n';
        at = newline + 1;
    }
    return out;
}

std::string wrapped(std::string_view text, float width) {
    if (width <= 0) return std::string(text);
    return wrap_at_spaces(text, width, text_width);
}

std::string wrapped(std::string_view text, float width, const ImFont* font, float size) {
    if (width <= 0) return std::string(text);
    if (!font) font = ImGui::GetFont();
    if (size <= 0) size = ImGui::GetFontSize();
    return wrap_at_spaces(text, width, [font, size](std::string_view t) {
        return font->CalcTextSizeA(size, FLT_MAX, 0.0f, t.data(), t.data() + t.size()).x;
    });
}

void text_wrapped(std::string_view text) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return;
    // Where ImGui::TextWrapped wraps: the pushed wrap position, or 0 (the content region's edge).
    const float wrap_pos_x = window->DC.TextWrapPos < 0.0f ? 0.0f : window->DC.TextWrapPos;
    const std::string lines = wrapped(text, ImGui::CalcWrapWidthForPos(window->DC.CursorPos, wrap_pos_x));
    ImGui::PushTextWrapPos(-1.0f);  // the lines fit: ImGui must not break them again
    ImGui::TextUnformatted(lines.data(), lines.data() + lines.size());
    ImGui::PopTextWrapPos();
}

ImVec2 wrapped_size(std::string_view text, float width) {
    const std::string lines = wrapped(text, width);
    return ImGui::CalcTextSize(lines.data(), lines.data() + lines.size());
}

}  // namespace strideconv::ui
