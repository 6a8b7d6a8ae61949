// canvas_text.hpp -- every text the ui draws straight onto a draw list (titles over grids, legends,
// cell values, the network view's labels), through one place, so that a test can read what is drawn:
// ImGui's own widgets log their text (ImGui::LogToBuffer), a draw list's AddText does not.
//
// ImGui only. Usage:
//   canvas_text(dl, at, p.text, s.input.title);                   // as dl->AddText(at, col, text)
//   canvas_text(dl, font, size, at, col, "0");                    // as dl->AddText(font, size, ...)
//   set_canvas_text_hook([](std::string_view t) { seen.push_back(std::string(t)); });   // tests
#pragma once

#include <string>
#include <string_view>

#include "imgui.h"

namespace strideconv::ui {

void canvas_text(ImDrawList* dl, const ImVec2& at, ImU32 col, const char* text, const char* text_end = nullptr);
void canvas_text(ImDrawList* dl, const ImVec2& at, ImU32 col, const std::string& text);
void canvas_text(ImDrawList* dl, const ImFont* font, float size, const ImVec2& at, ImU32 col, const char* text,
                 const char* text_end = nullptr, float wrap_width = 0.0f);
void canvas_text(ImDrawList* dl, const ImFont* font, float size, const ImVec2& at, ImU32 col, const std::string& text);

// Called with each text canvas_text draws, before it is drawn (nullptr, the default: nothing is
// recorded). For tests; the app never sets it.
using CanvasTextHook = void (*)(std::string_view text);
void set_canvas_text_hook(CanvasTextHook hook);

}  // namespace strideconv::ui
