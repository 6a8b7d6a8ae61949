// compare_view.cpp -- two strides side by side, stepping in lockstep over the longer walk.
#include <algorithm>

#include "imgui.h"
#include "teach/explain.hpp"
#include "ui/views.hpp"

namespace strideconv::ui {

void CompareView::draw(const ViewContext& ctx, float height) {
    const Palette& p = ctx.palette;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float label_h = ImGui::GetTextLineHeightWithSpacing() * 2 + 4;
    ImGui::InvisibleButton("compare", ImVec2(w, height));
    // Lockstep: both walks show the same step number; the shorter one finishes first.
    const teach::Lesson* sides[2] = {&ctx.player.compare(), &ctx.player.lesson()};
    for (int k = 0; k < 2; ++k) {
        const teach::Lesson& l = *sides[k];
        const ImVec2 origin(at.x + 4 + k * w / 2, at.y);
        teach::SceneOptions options;
        options.step = options.window_step = ctx.player.step_of(l);
        const teach::Scene& s = scenes_[k].get(l, options);
        const GridLayout g = layout_grids(s, origin, ImVec2(w / 2 - 16, height), label_h, false, ImGui::GetFontSize() * 3.5f);
        const std::string head = teach::compare_header(l, ctx.player.current_step());
        dl->AddText(origin, l.error.empty() ? p.text : p.error, head.c_str());
        GridStyle style;
        style.font = ctx.font;
        style.host = &ctx.host;
        style.heat = heat_ + (k == 0 ? 2 : 0);
        style.slot_base = k == 0 ? 2 : 0;
        style.revision = l.revision;
        style.step = options.step;
        draw_grids(dl, s, g, p, style);
    }
}

}  // namespace strideconv::ui
