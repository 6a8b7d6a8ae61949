// compare_view.cpp -- two strides side by side, the main configuration on the left, stepping
// together by position in the input: each side shows its window starting where the longer walk
// is (or its last one before it), with its kernel, its output and its own sentence.
#include <algorithm>
#include <cmath>

#include "base/text.hpp"
#include "imgui.h"
#include "teach/explain.hpp"
#include "ui/canvas_text.hpp"
#include "ui/views.hpp"
#include "ui/wrap_text.hpp"

namespace strideconv::ui {

namespace {

float lines_height(const std::vector<teach::Line>& lines, size_t from, float width) {
    float h = 0;
    for (size_t k = from; k < lines.size(); ++k)
        h += wrapped_size(lines[k].text.c_str(), lines[k].wraps ? width : -1.0f).y +
             ImGui::GetStyle().ItemSpacing.y;
    return h;
}

// A side's own sentence (its lines after the header) from `y`, wrapped at `width`.
void draw_side_lines(ImDrawList* dl, const std::vector<teach::Line>& lines, ImVec2 at, float width, const Palette& p) {
    float y = at.y;
    for (size_t n = 1; n < lines.size(); ++n) {
        const teach::Line& line = lines[n];
        const ImU32 col = line.style == teach::Line::window ? p.window : line.style == teach::Line::error ? p.error : p.text;
        canvas_text(dl, nullptr, 0.0f, ImVec2(at.x, y), col, line.text.c_str(), nullptr, line.wraps ? width : 0.0f);
        y += wrapped_size(line.text.c_str(), line.wraps ? width : -1.0f).y + ImGui::GetStyle().ItemSpacing.y;
    }
}

GridStyle side_style(const ViewContext& ctx, HeatmapData* heat, int slot_base, const teach::Lesson& l, int step) {
    GridStyle style;
    style.font = ctx.font;
    style.host = &ctx.host;
    style.index_base = ctx.player.config().index_base;
    style.heat = heat;
    style.slot_base = slot_base;
    style.revision = l.revision;
    style.step = step;
    return style;
}

}  // namespace

// compare_with=pool: the layer at its stride on top; below, the same layer at stride 1 (all its
// outputs) feeding SxS max pooling, whose walk steps in lockstep with the strided one. One cell
// size for all grids.
void CompareView::draw_pool(const ViewContext& ctx, ImVec2 room, float fit_w) {
    needed_h_ = 0;
    const Palette& p = ctx.palette;
    const teach::Player& player = ctx.player;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float w = room.x, height = room.y;
    const float label_h = ImGui::GetTextLineHeightWithSpacing() * 2 + 4;
    ImGui::InvisibleButton("compare", ImVec2(w, height));
    const teach::Lesson& main = player.lesson();
    const teach::Lesson& conv = player.compare();
    const teach::Lesson& pool = player.pooled();
    const std::vector<teach::Line> top_lines = teach::compare_side(ctx.player, main);
    const std::vector<teach::Line> bottom_lines = teach::compare_side(ctx.player, pool);
    // The sentences wrap at the canvas's width even when the grids scroll sideways.
    const float text_h = std::max(lines_height(top_lines, 1, fit_w - 8), lines_height(bottom_lines, 1, fit_w - 8));
    const float panel_h = height / 2;

    teach::SceneOptions o;
    o.step = o.window_step = player.step_of(main);
    const teach::Scene& top = scenes_[0].get(main, o);
    teach::SceneOptions conv_o;
    conv_o.step = conv.steps() - 1;  // computed first, whole
    conv_o.window_step = -1;
    conv_o.hide_output = true;       // drawn below as the pool's input
    conv_o.reveal = false;
    const teach::Scene& first = scenes_[1].get(conv, conv_o);
    teach::SceneOptions pool_o;
    pool_o.step = pool_o.window_step = player.step_of(pool);
    pool_o.input_title = teach::trf(pool.config().lang, "Stride-1 output {0}", {base::size_text(pool.config().input)});
    const teach::Scene& second = pool_scene_.get(pool, pool_o);

    // One cell size: what the five grids of the pipeline and the three on top can all have.
    // The cells fit `fit_w` (the canvas, times the zoom); a pipeline wider than that scrolls.
    const GridLayout probe = layout_grids(top, at, ImVec2(fit_w, panel_h), label_h, true, 1.0f);
    const float gap = 1.4f;
    const float pipeline_cols = first.input.cols + gap + first.kernel.cols + gap + second.input.cols + gap +
                                second.kernel.cols + gap + std::max(second.output.cols, 1);
    const int tallest = std::max({first.input.rows, second.input.rows, 1});
    float cell = std::min({(fit_w - 8 - 5 * probe.index_w) / pipeline_cols, (panel_h - text_h - label_h - probe.index_h) / tallest,
                           ImGui::GetFontSize() * 3.5f * zoom_.scale});
    cell = std::min(cell, layout_grids(top, at, ImVec2(fit_w - 8, panel_h - text_h), label_h, true, cell).cell);
    // Numbers stay legible (1.2 font heights, as the height allows): on a phone the pipeline is
    // then wider than the canvas and scrolls sideways.
    cell = std::max(cell, std::min((panel_h - text_h - label_h - probe.index_h) / tallest, ImGui::GetFontSize() * 1.2f));
    cell = std::max(std::floor(cell), 6.0f);
    const ImVec2 huge(1e6f, 1e6f);
    const ImVec2 top_at(at.x + 4, at.y), bottom_at(at.x + 4, at.y + panel_h);
    const GridLayout g_top = layout_grids(top, top_at, huge, label_h, true, cell);
    const GridLayout g_first = layout_grids(first, bottom_at, huge, label_h, true, cell);
    const GridLayout g_second =
        layout_grids(second, ImVec2(g_first.output_at.x - g_first.index_w, bottom_at.y), huge, label_h, true, cell);
    // Wider than the canvas (the five grids of the pipeline and their titles on a phone): the next
    // frame scrolls sideways over them instead of cutting titles at the edge.
    float content_right = std::max(g_top.end.x, g_second.end.x);
    for (const std::vector<teach::Line>* lines : {&top_lines, &bottom_lines})
        if (!lines->empty()) content_right = std::max(content_right, top_at.x + ImGui::CalcTextSize((*lines)[0].text.c_str()).x);
    const float content_w = content_right + 4 - at.x;
    needed_w_ = content_w > fit_w + 0.5f ? content_w : 0;

    canvas_text(dl, top_at, main.error.empty() ? p.text : p.error, top_lines.empty() ? "" : top_lines[0].text.c_str());
    canvas_text(dl, bottom_at, p.text, bottom_lines.empty() ? "" : bottom_lines[0].text.c_str());
    draw_grids(dl, top, g_top, p, side_style(ctx, heat_, 0, main, o.step));
    if (!conv.error.empty() || !pool.error.empty()) return;
    draw_grids(dl, first, g_first, p, side_style(ctx, heat_ + 2, 2, conv, conv_o.step));
    draw_grids(dl, second, g_second, p, side_style(ctx, heat_ + 4, 4, pool, pool_o.step));
    draw_side_lines(dl, top_lines, ImVec2(top_at.x, top_at.y + panel_h - text_h), fit_w - 8, p);
    draw_side_lines(dl, bottom_lines, ImVec2(bottom_at.x, bottom_at.y + panel_h - text_h), fit_w - 8, p);
}

void CompareView::draw(const ViewContext& ctx, float height) {
    // Zoomed (zoom=), both sides are laid out in a larger room inside a child window that scrolls
    // over them; a drag anywhere on it scrolls.
    // A canvas too short for both walks and their sentences (a phone 320 pixels wide, the sides
    // stacked) gets the height they need (measured last frame) and scrolls.
    const float frame_w = ImGui::GetContentRegionAvail().x;
    const bool overflows = needed_h_ > height + 0.5f || needed_w_ > frame_w + 0.5f;
    ImVec2 room = zoom_.begin("compare-zoom", ImVec2(frame_w, height), ctx.player.config().zoom, ctx.pan, overflows);
    const float fit_w = room.x;
    if (overflows) room = ImVec2(std::max(room.x, needed_w_), std::max(room.y, needed_h_));
    if (needed_w_ > frame_w + 0.5f) room.y -= ImGui::GetStyle().ScrollbarSize;  // the sideways scroll bar's room
    if (ctx.player.config().compare_with == teach::CompareWith::pool) draw_pool(ctx, room, fit_w);
    else draw_strides(ctx, room);
    zoom_.end(ImVec2(zoom_.origin.x + room.x, zoom_.origin.y + room.y), ImGui::IsItemActive());
}

void CompareView::draw_strides(const ViewContext& ctx, ImVec2 room) {
    needed_w_ = 0;
    const Palette& p = ctx.palette;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float w = room.x, height = room.y;
    const float half = w / 2 - 16;
    const float label_h = ImGui::GetTextLineHeightWithSpacing() * 2 + 4;
    ImGui::InvisibleButton("compare", ImVec2(w, height));
    const teach::Lesson* sides[2] = {&ctx.player.lesson(), &ctx.player.compare()};
    std::vector<teach::Line> lines[2];
    float text_h = 0;
    for (int k = 0; k < 2; ++k) {
        lines[k] = teach::compare_side(ctx.player, *sides[k]);
        text_h = std::max(text_h, lines_height(lines[k], 1, half));
    }
    // Both sides at one cell size, so the same input cell is the same size on both; side by side
    // or one above the other, whichever gives the larger cells.
    const bool left_finer = sides[0]->config().stride[0] <= sides[1]->config().stride[0];
    const auto kept = teach::subsample_factor(sides[left_finer ? 0 : 1]->config(), sides[left_finer ? 1 : 0]->config());
    const teach::Scene* scenes[2];
    for (int k = 0; k < 2; ++k) {
        teach::SceneOptions options;
        options.step = options.window_step = ctx.player.step_of(*sides[k]);
        if ((k == 0) == left_finer) options.kept_every = kept;
        scenes[k] = &scenes_[k].get(*sides[k], options);
    }
    const float max_cell = ImGui::GetFontSize() * 3.5f * zoom_.scale;
    auto layout = [&](bool stacked, float cell, GridLayout* g) {
        float smallest = cell;
        for (int k = 0; k < 2; ++k) {
            const float panel_h = stacked ? height / 2 : height;
            const ImVec2 origin = stacked ? ImVec2(at.x + 4, at.y + k * panel_h) : ImVec2(at.x + 4 + k * w / 2, at.y);
            const ImVec2 room(stacked ? w - 8 : half, std::max(panel_h - text_h, 60.0f));
            g[k] = layout_grids(*scenes[k], origin, room, label_h, true, cell);
            smallest = std::min(smallest, g[k].cell);
        }
        return smallest;
    };
    GridLayout g[2];
    const float beside = layout(false, max_cell, g);
    // Side by side only while each side's grids, titles and heading fit its half (on a phone 320
    // pixels wide they ran into the other side).
    bool beside_fits = true;
    for (int k = 0; k < 2; ++k)
        beside_fits = beside_fits && g[k].end.x <= at.x + 4 + k * w / 2 + half + 0.5f &&
                      (lines[k].empty() || ImGui::CalcTextSize(lines[k][0].text.c_str()).x <= half);
    const float above = layout(true, max_cell, g);
    const bool stacked = above > beside || !beside_fits;
    layout(stacked, stacked ? above : beside, g);
    // The height at which each side's numbers are legible (cells of 1.2 font heights, a large grid
    // at most 10 lines): more than the canvas has, and the next frame scrolls.
    const int tallest = std::max({scenes[0]->input.rows, scenes[1]->input.rows, 1});
    const float grids_h = std::min(tallest * ImGui::GetFontSize() * 1.2f, ImGui::GetFontSize() * 10);
    needed_h_ = (stacked ? 2 : 1) * (text_h + label_h + g[0].index_h + grids_h + 8);
    const float text_w = stacked ? w - 8 : half;
    for (int k = 0; k < 2; ++k) {
        const teach::Lesson& l = *sides[k];
        const float panel_h = stacked ? height / 2 : height;
        const ImVec2 origin = stacked ? ImVec2(at.x + 4, at.y + k * panel_h) : ImVec2(at.x + 4 + k * w / 2, at.y);
        if (!lines[k].empty())
            canvas_text(dl, origin, l.error.empty() ? p.text : p.error, lines[k][0].text.c_str());
        draw_grids(dl, *scenes[k], g[k], p, side_style(ctx, heat_ + (k == 0 ? 0 : 2), k == 0 ? 0 : 2, l, ctx.player.step_of(l)));
        draw_side_lines(dl, lines[k], ImVec2(origin.x, origin.y + panel_h - text_h), text_w, p);
    }
}

}  // namespace strideconv::ui
