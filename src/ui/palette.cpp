// palette.cpp -- colours (see palette.hpp).
#include "ui/palette.hpp"

#include <algorithm>
#include <cmath>

namespace strideconv::ui {

Palette palette(teach::Theme theme, teach::Colours colours) {
    Palette p;
    if (theme == teach::Theme::light) {
        p.zero = ImVec4(0.93f, 0.93f, 0.93f, 1);
        p.positive = ImVec4(0.85f, 0.33f, 0.10f, 1);
        p.negative = ImVec4(0.13f, 0.40f, 0.80f, 1);
        p.grid = IM_COL32(150, 150, 155, 255);
        p.text = IM_COL32(20, 20, 25, 255);
        p.text_dim = IM_COL32(95, 95, 105, 255);
        p.pad = IM_COL32(205, 205, 212, 255);
        p.pad_hatch = IM_COL32(160, 160, 170, 255);
        p.window = IM_COL32(25, 25, 35, 255);  // black reads on both ends of the colour map
        p.window_fill = IM_COL32(0, 0, 0, 30);
        p.other_window = IM_COL32(0, 150, 170, 255);
        p.kernel_hover = IM_COL32(100, 20, 250, 255);  // violet: apart from the teal under every dichromacy but tritanopia
        p.readers = IM_COL32(0, 150, 170, 255);
        p.path = IM_COL32(60, 60, 70, 255);
        p.dropped = IM_COL32(200, 30, 30, 110);
        p.skipped = IM_COL32(120, 120, 130, 150);
        p.future = IM_COL32(240, 240, 244, 255);
        p.panel = IM_COL32(250, 250, 252, 255);
        p.error = IM_COL32(190, 20, 20, 255);
        p.notice = IM_COL32(130, 85, 0, 255);
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
        p.kernel_hover = IM_COL32(120, 255, 180, 255);  // mint: magenta looked like the cyan to deuteranopes
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
    if (colours == teach::Colours::colorblind) {
        // Okabe and Ito's colours, chosen so that the value map's ends, zero and the three marks are
        // apart for every dichromacy (tritanopia included).
        const auto rgb = [](int r, int g, int b) { return ImVec4(r / 255.0f, g / 255.0f, b / 255.0f, 1); };
        if (theme == teach::Theme::light) {
            p.positive = rgb(230, 159, 0);                // orange
            p.negative = rgb(86, 180, 233);               // sky blue
            p.window = IM_COL32(25, 25, 35, 255);         // black, as in the standard set: sentences use it too
            p.window_fill = IM_COL32(0, 0, 0, 30);
            p.other_window = IM_COL32(0, 114, 178, 255);  // blue
            p.kernel_hover = IM_COL32(213, 94, 0, 255);   // vermillion
        } else {
            p.positive = rgb(213, 94, 0);                      // vermillion
            p.negative = rgb(0, 114, 178);                     // blue
            p.window = IM_COL32(240, 228, 66, 255);            // yellow
            p.window_fill = IM_COL32(240, 228, 66, 36);
            p.other_window = IM_COL32(255, 255, 255, 255);
            p.kernel_hover = IM_COL32(86, 180, 233, 255);      // sky blue
        }
        p.readers = p.other_window;
        p.colour_blind_safe = true;
    }
    return p;
}

ImU32 group_colour(const Palette& p, int group, int groups) {
    if (p.colour_blind_safe) {
        static const ImU32 kOkabeIto[] = {IM_COL32(230, 159, 0, 255),   IM_COL32(86, 180, 233, 255),
                                          IM_COL32(0, 158, 115, 255),   IM_COL32(240, 228, 66, 255),
                                          IM_COL32(0, 114, 178, 255),   IM_COL32(213, 94, 0, 255),
                                          IM_COL32(204, 121, 167, 255)};
        return kOkabeIto[static_cast<size_t>(std::max(group, 0)) % 7];
    }
    const float hue = groups > 1 ? 0.08f + 0.84f * static_cast<float>(group) / static_cast<float>(groups) : 0.58f;
    return ImColor::HSV(hue, 0.6f, 0.85f);
}

void apply_style(teach::Theme theme) {
    ImGuiStyle& style = ImGui::GetStyle();
    if (theme == teach::Theme::light) {
        ImGui::StyleColorsLight(&style);
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.36f, 0.36f, 0.38f, 1);  // ImGui's 0.60 grey reads at 2.5:1
    } else {
        ImGui::StyleColorsDark(&style);
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.60f, 0.60f, 0.62f, 1);  // ImGui's 0.50 grey reads at 4.1:1
    }
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

float relative_luminance(ImU32 colour) {
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(colour);
    const auto linear = [](float v) { return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); };
    return 0.2126f * linear(c.x) + 0.7152f * linear(c.y) + 0.0722f * linear(c.z);
}

float contrast_ratio(ImU32 a, ImU32 b) {
    const float la = relative_luminance(a), lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}

ImU32 text_on(ImU32 fill) {
    const ImU32 dark = IM_COL32(0, 0, 0, 255), light = IM_COL32(255, 255, 255, 255);  // either reads at 4.58:1 or more
    return contrast_ratio(dark, fill) >= contrast_ratio(light, fill) ? dark : light;
}

}  // namespace strideconv::ui
