// wrap_text.hpp -- text wrapped at spaces only. Dear ImGui's own wrapping (TextWrapped, and a wrap
// width given to AddText or CalcTextSize) may also break after '.', ',', ';', '!', '?' and '"', so a
// number could end one line and go on at the next ("0." / "611", "4." / "0x fewer MACs"). These
// helpers break at ASCII spaces and line breaks only: a number, a number with its unit ("4.0x",
// "3.2 ms", "15,5 G MAC", "38 %": a space before a unit does not break, see unbreakable_groups in
// wrap_text.cpp) and anything joined by U+00A0 or U+202F stay on one line.
// A word wider than the whole line is broken where it must be, at a character boundary, as ImGui does.
//
// ImGui only (the wrapping itself, wrap_at_spaces, takes any measure and is unit-tested without it).
// Usage:
//   text_wrapped(card.speed_line);                        // instead of ImGui::TextWrapped("%s", ...)
//   const float h = wrapped_size(line, width).y;          // instead of CalcTextSize(line, 0, false, width)
//   canvas_wrapped(dl, at, col, title, width);            // a wrapped canvas text (canvas_text.hpp)
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "imgui.h"

namespace strideconv::ui {

// `text` with '\n' where its lines break at `width`: breaks only at spaces (the space is dropped,
// as ImGui drops it), never between a number and its unit, and keeps the text's own '\n'. `measure` gives the width of a piece of text.
std::string wrap_at_spaces(std::string_view text, float width, const std::function<float(std::string_view)>& measure);

// As ImGui::TextWrapped (wraps at the wrap position pushed, or the window's content edge).
void text_wrapped(std::string_view text);
// As ImGui::CalcTextSize(text, nullptr, false, width) with this wrapping (width <= 0: no wrapping).
ImVec2 wrapped_size(std::string_view text, float width);
// The text as wrapped at `width` with the current font, or `font` at `size` (canvas_text's wrap).
std::string wrapped(std::string_view text, float width);
std::string wrapped(std::string_view text, float width, const ImFont* font, float size);

}  // namespace strideconv::ui
