// palette_test.cpp -- the lab's colours read for everyone: text at a contrast of at least 4.5:1
// (WCAG 2 AA) in both themes, and the value map's ends and the walk's marks told apart under
// simulated dichromat vision (Machado, Oliveira and Fernandes 2009, severity 1), measured as
// CIE76 distances in CIELAB.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "imgui.h"
#include "ui/palette.hpp"

using namespace strideconv;
using ui::contrast_ratio;

namespace {

using Rgb = std::array<double, 3>;  // linear RGB, 0..1
using Matrix = std::array<Rgb, 3>;

double linear(double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }

Rgb linear_rgb(ImU32 c) {
    const ImVec4 f = ImGui::ColorConvertU32ToFloat4(c);
    return {linear(f.x), linear(f.y), linear(f.z)};
}

struct Vision {
    const char* name;
    Matrix m;
};

// Machado et al. 2009, severity 1.0, applied to linear RGB.
const std::array<Vision, 4> kVisions = {{
    {"normal", {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}},
    {"protanopia", {{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}}},
    {"deuteranopia", {{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}}},
    {"tritanopia", {{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}}},
}};

Rgb seen(const Vision& v, const Rgb& c) {
    Rgb out{};
    for (int i = 0; i < 3; ++i) {
        double s = 0;
        for (int j = 0; j < 3; ++j) s += v.m[size_t(i)][size_t(j)] * c[size_t(j)];
        out[size_t(i)] = std::fmin(std::fmax(s, 0.0), 1.0);
    }
    return out;
}

// CIELAB (D65) of a linear RGB colour.
Rgb lab(const Rgb& c) {
    const double x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047;
    const double y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    const double z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
    const auto f = [](double t) {
        constexpr double d = 6.0 / 29.0;
        return t > d * d * d ? std::cbrt(t) : t / (3 * d * d) + 4.0 / 29.0;
    };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

double distance(const Vision& v, ImU32 a, ImU32 b) {
    const Rgb la = lab(seen(v, linear_rgb(a))), lb = lab(seen(v, linear_rgb(b)));
    return std::sqrt((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1]) +
                     (la[2] - lb[2]) * (la[2] - lb[2]));
}

ImU32 opaque(const ImVec4& c) { return ImGui::ColorConvertFloat4ToU32(ImVec4(c.x, c.y, c.z, 1)); }

// `top` (with its alpha) over the opaque `below`.
ImU32 over(const ImVec4& top, ImU32 below) {
    const ImVec4 b = ImGui::ColorConvertU32ToFloat4(below);
    const float a = top.w;
    return opaque(ImVec4(top.x * a + b.x * (1 - a), top.y * a + b.y * (1 - a), top.z * a + b.z * (1 - a), 1));
}

struct Named {
    std::string name;
    ImU32 colour;
};

// One ImGui context for the test, restoring whichever was current.
struct ScopedContext {
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGuiContext* own = ImGui::CreateContext();
    ScopedContext() { ImGui::SetCurrentContext(own); }
    ~ScopedContext() {
        ImGui::DestroyContext(own);
        ImGui::SetCurrentContext(previous);
    }
};

const std::array<teach::Theme, 2> kThemes = {teach::Theme::dark, teach::Theme::light};
const std::array<teach::Colours, 2> kColourSets = {teach::Colours::standard, teach::Colours::colorblind};

}  // namespace

TEST_CASE("palette: every text colour reads at 4.5:1 or more on every background it is drawn on, in both themes") {
    ScopedContext context;
    for (teach::Theme theme : kThemes) {
        ui::apply_style(theme);
        const ImGuiStyle& style = ImGui::GetStyle();
        const ImU32 window = opaque(style.Colors[ImGuiCol_WindowBg]);
        const std::vector<Named> backgrounds = {
            {"window", window},
            {"popup", over(style.Colors[ImGuiCol_PopupBg], window)},
            {"frame", over(style.Colors[ImGuiCol_FrameBg], window)},
            {"header", over(style.Colors[ImGuiCol_Header], window)},
        };
        for (teach::Colours colours : kColourSets) {
            const ui::Palette p = ui::palette(theme, colours);
            const std::vector<Named> texts = {
                {"ImGui text", opaque(style.Colors[ImGuiCol_Text])},
                {"ImGui disabled text", opaque(style.Colors[ImGuiCol_TextDisabled])},
                {"palette text", p.text},
                {"palette dim text", p.text_dim},
                {"error", p.error},
                {"notice", p.notice},
                {"window colour (the step's sum, quiz prompts)", p.window},
            };
            std::vector<Named> all = backgrounds;
            all.push_back({"panel", p.panel});
            all.push_back({"future cell", p.future});
            for (const Named& t : texts)
                for (const Named& b : all) {
                    // ImGui's text sits on ImGui's backgrounds (its headers hold ImGui's plain text
                    // alone); the palette's on the window, frames, popups and the lab's own fills.
                    const bool imgui_text = t.name.rfind("ImGui", 0) == 0;
                    if (imgui_text && (b.name == "panel" || b.name == "future cell")) continue;
                    if (b.name == "header" && t.name != "ImGui text") continue;
                    INFO(std::string(teach::to_string(theme)), " ", std::string(teach::to_string(colours)), ": ", t.name, " on ", b.name);
                    CHECK(contrast_ratio(t.colour, b.colour) >= 4.5f);
                }
        }
    }
}

TEST_CASE("palette: the numbers on every cell colour (the value map, padding, cells not yet computed) read at 4.5:1") {
    ScopedContext context;
    for (teach::Theme theme : kThemes)
        for (teach::Colours colours : kColourSets) {
            const ui::Palette p = ui::palette(theme, colours);
            std::vector<ImU32> fills = {p.pad, p.future};
            for (int k = -20; k <= 20; ++k) fills.push_back(ui::value_colour(p, float(k), 20.0f));
            for (ImU32 fill : fills) {
                INFO(std::string(teach::to_string(theme)), " ", std::string(teach::to_string(colours)), ": fill ", fill);
                CHECK(contrast_ratio(ui::text_on(fill), fill) >= 4.5f);
            }
        }
}

TEST_CASE("palette: the value map's ends, zero and the walk's marks are told apart under dichromat vision") {
    ScopedContext context;
    // Fills against fills and marks against marks must differ by at least 20 (CIE76); a mark
    // against a fill by 15 (marks are outlines drawn over a halo, so they need less).
    for (teach::Theme theme : kThemes)
        for (teach::Colours colours : kColourSets) {
            const ui::Palette p = ui::palette(theme, colours);
            const std::vector<Named> fills = {{"positive", opaque(p.positive)},
                                              {"negative", opaque(p.negative)},
                                              {"zero", opaque(p.zero)}};
            const std::vector<Named> marks = {{"window", p.window},
                                              {"other windows", p.other_window},
                                              {"kernel weight's cell", p.kernel_hover}};
            // The standard set is for protanopia and deuteranopia; the colour-blind set for all three.
            const size_t visions = colours == teach::Colours::colorblind ? 4 : 3;
            double closest = 1e9;
            for (size_t v = 0; v < visions; ++v) {
                const Vision& vision = kVisions[v];
                const auto check = [&](const Named& a, const Named& b, double least) {
                    const double d = distance(vision, a.colour, b.colour);
                    closest = std::fmin(closest, d);
                    INFO(std::string(teach::to_string(theme)), " ", std::string(teach::to_string(colours)), ", ", vision.name, ": ", a.name,
                         " against ", b.name, " differ by ", d);
                    CHECK(d >= least);
                };
                for (size_t i = 0; i < fills.size(); ++i)
                    for (size_t j = i + 1; j < fills.size(); ++j) check(fills[i], fills[j], 20);
                for (size_t i = 0; i < marks.size(); ++i)
                    for (size_t j = i + 1; j < marks.size(); ++j) check(marks[i], marks[j], 20);
                for (const Named& m : marks)
                    for (const Named& f : fills) check(m, f, 15);
            }
            MESSAGE(std::string(teach::to_string(theme)), " ", std::string(teach::to_string(colours)), ": closest pair differs by ", closest);
        }
    // The check can fail: the standard dark set's old kernel-weight magenta looked like the other
    // windows' cyan under deuteranopia.
    const Vision& deutan = kVisions[2];
    CHECK(distance(deutan, IM_COL32(255, 80, 220, 255), IM_COL32(0, 220, 235, 255)) < 20);
}

TEST_CASE("palette: in the colour-blind set, neighbouring groups' colours are told apart under every dichromacy") {
    ScopedContext context;
    // Groups are drawn side by side (the filters row, the input pictures' frames): each against
    // the next, and the last against the first, for up to seven groups.
    for (teach::Theme theme : kThemes) {
        const ui::Palette p = ui::palette(theme, teach::Colours::colorblind);
        double closest = 1e9;
        for (const Vision& vision : kVisions)
            for (int g = 0; g < 7; ++g) {
                const double d = distance(vision, ui::group_colour(p, g, 7), ui::group_colour(p, (g + 1) % 7, 7));
                closest = std::fmin(closest, d);
                INFO(std::string(vision.name), ": group ", g, " against ", (g + 1) % 7, " differ by ", d);
                CHECK(d >= 15);
            }
        MESSAGE(std::string(teach::to_string(theme)), ": closest neighbouring groups differ by ", closest);
    }
    // The wheel of the standard set is not meant for this: two of its neighbours merge under deuteranopia.
    const ui::Palette standard = ui::palette(teach::Theme::dark, teach::Colours::standard);
    double closest = 1e9;
    for (int g = 0; g < 7; ++g)
        closest = std::fmin(closest, distance(kVisions[2], ui::group_colour(standard, g, 7),
                                              ui::group_colour(standard, (g + 1) % 7, 7)));
    CHECK(closest < 15);
}
