// palette.cpp -- colours (see palette.hpp).
#include "ui/palette.hpp"

#include <algorithm>
#include <cmath>

namespace strideconv::ui {

Palette palette(teach::Theme theme) {
    Palette p;
    if (theme == teach::Theme::light) {
        p.zero = ImVec4(0.93f, 0.93f, 0.93f, 1);
        p.positive = ImVec4(0.85f, 0.33f, 0.10f, 1);
        p.negative = ImVec4(0.13f, 0.40f, 0.80f, 1);
        p.grid = IM_COL32(150, 150, 155, 255);
        p.text = IM_COL32(20, 20, 25, 255);
        p.text_dim = IM_COL32(110, 110, 120, 255);
        p.pad = IM_COL32(205, 205, 212, 255);
        p.pad_hatch = IM_COL32(160, 160, 170, 255);
        p.window = IM_COL32(25, 25, 35, 255);  // black reads on both ends of the colour map
        p.window_fill = IM_COL32(0, 0, 0, 30);
        p.other_window = IM_COL32(0, 150, 170, 255);
        p.kernel_hover = IM_COL32(200, 0, 160, 255);
        p.readers = IM_COL32(0, 150, 170, 255);
        p.path = IM_COL32(60, 60, 70, 255);
        p.dropped = IM_COL32(200, 30, 30, 110);
        p.skipped = IM_COL32(120, 120, 130, 150);
        p.future = IM_COL32(240, 240, 244, 255);
        p.panel = IM_COL32(250, 250, 252, 255);
        p.error = IM_COL32(190, 20, 20, 255);
        p.notice = IM_COL32(150, 100, 0, 255);
        p.halo = IM_COL32(255, 255, 255, 230);
        p.output_frame = IM_COL32(120, 60, 170, 255);
    } else {
        p.zero = ImVec4(0.30f, 0.31f, 0.34f, 1);
        p.positive = ImVec4(0.95f, 0.55f, 0.15f, 1);
        p.negative = ImVec4(0.25f, 0.55f, 0.98f, 1);
        p.grid = IM_COL32(95, 98, 108, 255);
        p.text = IM_COL32(240, 240, 245, 255);
        p.text_dim = IM_COL32(150, 152, 160, 255);
        p.pad = IM_COL32(45, 47, 53, 255);
        p.pad_hatch = IM_COL32(75, 78, 88, 255);
        p.window = IM_COL32(255, 215, 0, 255);
        p.window_fill = IM_COL32(255, 215, 0, 36);
        p.other_window = IM_COL32(0, 220, 235, 255);
        p.kernel_hover = IM_COL32(255, 80, 220, 255);
        p.readers = IM_COL32(0, 220, 235, 255);
        p.path = IM_COL32(230, 230, 235, 255);
        p.dropped = IM_COL32(230, 40, 40, 120);
        p.skipped = IM_COL32(150, 150, 160, 150);
        p.future = IM_COL32(38, 40, 45, 255);
        p.panel = IM_COL32(30, 32, 37, 255);
        p.error = IM_COL32(255, 110, 110, 255);
        p.notice = IM_COL32(255, 200, 90, 255);
        p.halo = IM_COL32(0, 0, 0, 220);
        p.output_frame = IM_COL32(190, 140, 255, 255);
    }
    return p;
}

ImU32 value_colour(const Palette& p, float v, float max_abs) {
    float t = max_abs > 0 ? v / max_abs : 0.0f;
    t = std::clamp(t, -1.0f, 1.0f);
    const ImVec4& end = t < 0 ? p.negative : p.positive;
    const float a = std::sqrt(std::fabs(t));
    return ImGui::ColorConvertFloat4ToU32(ImVec4(p.zero.x + (end.x - p.zero.x) * a,
                                                 p.zero.y + (end.y - p.zero.y) * a,
                                                 p.zero.z + (end.z - p.zero.z) * a, 1.0f));
}

ImU32 text_on(ImU32 fill) {
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(fill);
    const float lum = 0.2126f * c.x + 0.7152f * c.y + 0.0722f * c.z;
    return lum > 0.5f ? IM_COL32(15, 15, 20, 255) : IM_COL32(250, 250, 250, 255);
}

}  // namespace strideconv::ui
