// canvas_text.cpp -- see canvas_text.hpp. ImGui only.
#include "ui/canvas_text.hpp"

#include "ui/wrap_text.hpp"

namespace strideconv::ui {

namespace {

CanvasTextHook g_hook = nullptr;

void record(const char* text, const char* text_end) {
    if (g_hook && text) g_hook(text_end ? std::string_view(text, static_cast<size_t>(text_end - text)) : std::string_view(text));
}

}  // namespace

void canvas_text(ImDrawList* dl, const ImVec2& at, ImU32 col, const char* text, const char* text_end) {
    record(text, text_end);
    dl->AddText(at, col, text, text_end);
}

void canvas_text(ImDrawList* dl, const ImVec2& at, ImU32 col, const std::string& text) {
    canvas_text(dl, at, col, text.c_str(), text.c_str() + text.size());
}

void canvas_text(ImDrawList* dl, const ImFont* font, float size, const ImVec2& at, ImU32 col, const char* text,
                 const char* text_end, float wrap_width) {
    record(text, text_end);
    if (wrap_width > 0 && text) {
        // Broken at spaces only (wrap_text.hpp): ImGui's wrap would split "0.611" after the point.
        const std::string lines =
            wrapped(text_end ? std::string_view(text, static_cast<size_t>(text_end - text)) : std::string_view(text), wrap_width, font, size);
        dl->AddText(font, size, at, col, lines.data(), lines.data() + lines.size());
        return;
    }
    dl->AddText(font, size, at, col, text, text_end, wrap_width);
}

void canvas_text(ImDrawList* dl, const ImFont* font, float size, const ImVec2& at, ImU32 col, const std::string& text) {
    canvas_text(dl, font, size, at, col, text.c_str(), text.c_str() + text.size());
}

void set_canvas_text_hook(CanvasTextHook hook) { g_hook = hook; }

}  // namespace strideconv::ui
