// transposed_view.cpp -- conv_transpose2d's walk (issue 12): the scatter above the equivalent
// stride-1 convolution, stepped together, or the overlap map beside its comparisons. Draws a
// teach::TransposedScene and maps the pointer to its grids; computes nothing about the layer.
// ImGui only.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "ui/canvas_text.hpp"
#include "ui/views.hpp"
#include "ui/wrap_text.hpp"

namespace strideconv::ui {

namespace {

// The width of the widest word of `text` (a caption wraps between words, never inside one).
float longest_word(const std::string& text) {
    float widest = 0;
    size_t begin = 0;
    while (begin < text.size()) {
        size_t end = text.find(' ', begin);
        if (end == std::string::npos) end = text.size();
        widest = std::max(widest, ImGui::CalcTextSize(text.data() + begin, text.data() + end).x);
        begin = end + 1;
    }
    return widest;
}

using teach::Mark;
using teach::OutputPos;
using teach::SceneCell;
using teach::SceneGrid;

void centred(ImDrawList* dl, ImFont* font, float size, ImVec2 a, ImVec2 b, ImU32 col, const std::string& s) {
    if (s.empty()) return;
    const ImVec2 ts = font->CalcTextSizeA(size, 1e9f, 0, s.c_str());
    if (size < 8.5f || ts.x > b.x - a.x || ts.y > b.y - a.y) return;  // too small to read: colour alone
    canvas_text(dl, font, size, ImVec2((a.x + b.x - ts.x) * 0.5f, (a.y + b.y - ts.y) * 0.5f), col, s.c_str());
}

// A count from 0 to `most` as a colour: the neutral colour to the positive one, linearly, so that
// 1, 2 and 4 read as clearly different (the value map's square root would bring them together).
ImU32 count_colour(const Palette& p, float n, float most) {
    const float t = most > 0 ? std::clamp(n / most, 0.0f, 1.0f) : 0.0f;
    const ImVec4 a = p.zero, b = p.positive;
    return ImGui::ColorConvertFloat4ToU32(ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f));
}

// One grid's cells: value colours for written values (counts: `counts`), blank for pending,
// hatching for padding (grey) and cropped cells (red), a dot for the zeros the stride inserts.
void draw_cells(ImDrawList* dl, const SceneGrid& g, ImVec2 at, float cell, const Palette& p, ImFont* font, float fs,
                bool counts = false) {
    for (int r = 0; r < g.rows; ++r)
        for (int c = 0; c < g.cols; ++c) {
            const SceneCell& sc = g.at(r, c);
            const ImVec2 a(at.x + c * cell, at.y + r * cell), b(a.x + cell, a.y + cell);
            ImU32 fill = p.future;
            switch (sc.mark) {
                case Mark::padding: fill = p.pad; break;
                case Mark::skipped: fill = p.future; break;
                case Mark::pending: fill = p.future; break;
                default: fill = counts ? count_colour(p, sc.value, g.max_abs) : value_colour(p, sc.value, g.max_abs); break;
            }
            dl->AddRectFilled(a, b, fill);
            if (sc.mark == Mark::padding) hatch(dl, a, b, p.pad_hatch, std::max(5.0f, cell / 3));
            if (sc.mark == Mark::skipped)  // a zero the stride inserts: a dot, and its 0 where it fits
                dl->AddCircleFilled(ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f), std::max(1.5f, cell * 0.08f),
                                    p.skipped | 0xFF000000u);
            if (sc.unread) {  // cropped by the padding
                dl->AddRectFilled(a, b, IM_COL32(0, 0, 0, 90));
                hatch(dl, a, b, p.dropped | 0xFF000000u, std::max(5.0f, cell / 3));
            }
            const bool dim = sc.mark == Mark::pending || sc.mark == Mark::padding || sc.mark == Mark::skipped || sc.unread;
            if (sc.mark != Mark::skipped) centred(dl, font, fs, a, b, dim ? p.text_dim : text_on(fill), sc.text);
            dl->AddRect(a, b, p.grid);
        }
    // The grid's inner part (the output inside the cropped scatter, the input inside the padding).
    if (g.inner_rows != g.rows || g.inner_cols != g.cols) {
        const ImVec2 a(at.x + g.origin_col * cell, at.y + g.origin_row * cell);
        dl->AddRect(a, ImVec2(a.x + g.inner_cols * cell, a.y + g.inner_rows * cell), p.output_frame, 0, 0, 2.0f);
    }
}

void outline(ImDrawList* dl, const std::vector<OutputPos>& cells, ImVec2 at, float cell, ImU32 col, float thick,
             const Palette& p) {
    for (const OutputPos& o : cells) {
        const ImVec2 a(at.x + o.col * cell, at.y + o.row * cell), b(a.x + cell, a.y + cell);
        dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), p.halo, 0, 0, thick + 2.5f);
        dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), col, 0, 0, thick);
    }
}

// Row and column numbers beside a grid, counting from its inner origin.
void indices(ImDrawList* dl, const SceneGrid& g, ImVec2 at, float cell, const Palette& p, ImFont* font, int base) {
    const float size = ImGui::GetFontSize() * 0.7f;
    if (cell < size * 0.9f) return;
    char text[16];
    for (int r = 0; r < g.rows; ++r) {
        std::snprintf(text, sizeof text, "%d", r - g.origin_row + base);
        const ImVec2 ts = font->CalcTextSizeA(size, 1e9f, 0, text);
        canvas_text(dl, font, size, ImVec2(at.x - ts.x - 3, at.y + (r + 0.5f) * cell - ts.y * 0.5f), p.text_dim, text);
    }
    // Column numbers wider than a cell (two digits on small cells) are written every few columns,
    // so that they do not run together.
    std::snprintf(text, sizeof text, "%d", std::max(g.cols - 1 - g.origin_col + base, -g.origin_col + base));
    const int every = std::max(1, static_cast<int>(std::ceil((font->CalcTextSizeA(size, 1e9f, 0, text).x + 2) / cell)));
    for (int c = 0; c < g.cols; ++c) {
        if ((c - g.origin_col) % every != 0) continue;
        std::snprintf(text, sizeof text, "%d", c - g.origin_col + base);
        const ImVec2 ts = font->CalcTextSizeA(size, 1e9f, 0, text);
        canvas_text(dl, font, size, ImVec2(at.x + (c + 0.5f) * cell - ts.x * 0.5f, at.y - ts.y - 1), p.text_dim, text);
    }
}

bool inside(ImVec2 m, ImVec2 at, float cell, int rows, int cols, int& r, int& c) {
    if (m.x < at.x || m.y < at.y) return false;
    c = static_cast<int>((m.x - at.x) / cell);
    r = static_cast<int>((m.y - at.y) / cell);
    return r < rows && c < cols;
}

}  // namespace

void TransposedView::draw(const ViewContext& ctx, float height, CellEditor& editor) {
    const teach::Lesson& l = ctx.player.lesson();
    const teach::Config& c = l.config();
    const Palette& p = ctx.palette;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ctx.font ? ctx.font : ImGui::GetFont();
    const ImVec2 frame_at = ImGui::GetCursorScreenPos();
    const float frame_w = ImGui::GetContentRegionAvail().x;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float index_w = ImGui::GetFontSize() * 1.6f, index_h = ImGui::GetFontSize() * 0.8f;

    // The scene of this frame's step and last frame's hover (rebuilt only when either changes).
    if (!valid_ || revision_ != l.revision || lang_ != c.lang || step_ != c.step || hover_.kind != scene_hover_.kind ||
        hover_.row != scene_hover_.row || hover_.col != scene_hover_.col) {
        teach::TransposedSceneOptions o;
        o.step = c.step;
        o.hover = hover_;
        scene_ = teach::build_transposed_scene(l, o);
        valid_ = true;
        revision_ = l.revision;
        lang_ = c.lang;
        step_ = c.step;
        scene_hover_ = hover_;
    }
    const teach::TransposedScene& s = scene_;
    const bool overlap = c.transposed_view == teach::TransposedView::overlap && s.error.empty();

    // Two bands of three grids: the scatter (input, kernel, cropped output) above the equivalent
    // convolution (zero-inserted input, flipped kernel, output); or the overlap map above its
    // comparisons. Side by side instead when that gives larger cells (wide screens).
    const SceneGrid* top[3] = {&s.input, &s.kernel, overlap ? &s.overlap : &s.canvas};
    const SceneGrid* bottom[3] = {&s.grid, &s.flipped, &s.output};
    std::vector<SceneGrid> panels;
    if (overlap) {
        for (const teach::OverlapPanel& panel : s.panels) {
            SceneGrid g;
            g.rows = g.inner_rows = panel.rows;
            g.cols = g.inner_cols = panel.cols;
            g.title = panel.title;
            g.max_abs = static_cast<float>(std::max(panel.max, 1));
            for (int n : panel.counts) {
                SceneCell cell;
                cell.mark = Mark::written;
                cell.value = static_cast<float>(n);
                cell.text = std::to_string(n);
                g.cells.push_back(cell);
            }
            panels.push_back(std::move(g));
        }
    }
    const int bottom_count = overlap ? static_cast<int>(panels.size()) : (s.error.empty() ? 3 : 0);
    auto bottom_grid = [&](int k) -> const SceneGrid* { return overlap ? &panels[static_cast<size_t>(k)] : bottom[k]; };
    std::vector<const SceneGrid*> lower;
    for (int k = 0; k < bottom_count; ++k) lower.push_back(bottom_grid(k));
    const int top_n = s.error.empty() ? 3 : 2;
    std::vector<const SceneGrid*> upper(top, top + top_n);
    const float gap = 1.2f;
    // A legend taller than a third of the height (a 400x300 embed) folds behind a button, as the
    // walk's does (it ran over the grids).
    const float full_legend_h = legend_h_ > 0 ? legend_h_ : line * 2;
    const float toggle_h = ImGui::GetFrameHeightWithSpacing();
    const bool legend_fits = full_legend_h <= height * 0.34f;
    const bool legend_open = legend_open_.value_or(legend_fits);
    const float legend_h = (legend_open ? full_legend_h : 0) + (legend_fits ? 0 : toggle_h);
    // Zoomed (zoom=), the grids flow in a larger room inside a child window that scrolls over them.
    // Grids that did not fit even at the smallest cells last frame (a phone 320 pixels wide) scroll.
    const ImVec2 room = zoom_.begin("transposed-zoom", ImVec2(frame_w, std::max(height - legend_h, 40.0f)), c.zoom, ctx.pan,
                                    overflowed_);
    dl = ImGui::GetWindowDrawList();
    const ImVec2 at = zoom_.origin;
    const float width = room.x, room_h = room.y;
    const float left = at.x + 4, right = at.x + width;
    const teach::Lang lang = c.lang;
    const char* bands[2] = {overlap ? "" : teach::tr(lang, "Scatter: "), overlap ? "" : teach::tr(lang, "Equivalent conv: ")};

    bool captions = overlap;
    const auto more_text = [&](int64_t n) {
        return teach::trp(lang, "+{0} more comparison, in the explanation below|+{0} more comparisons, in the explanation below", n);
    };
    // Each caption's widest word, measured once (flow() runs for every cell size it tries).
    std::vector<float> caption_word_w;
    if (overlap)
        for (const teach::OverlapPanel& panel : s.panels) caption_word_w.push_back(longest_word(panel.caption));

    // The grids flow like words: each band starts a row, a grid that does not fit wraps. A title
    // wider than its room wraps over lines of its own, and its row starts lower (French and German
    // titles on a phone were cut short). Returns the height the grids take at `cell` and, with
    // `out`, each grid's top-left, its title's wrap width and each comparison caption's wrap width
    // (the draw below wraps at the widths flow() measured at).
    struct Placed {
        ImVec2 at;
        float title_wrap = 0;
    };
    const float spacing = line - ImGui::GetFontSize();
    // Each title's widest word, measured once (upper's, then lower's).
    std::vector<float> title_word_w;
    for (int band = 0; band < 2; ++band)
        for (size_t k = 0; k < (band == 0 ? upper : lower).size(); ++k) {
            const SceneGrid* g = (band == 0 ? upper : lower)[k];
            title_word_w.push_back(longest_word(k == 0 ? std::string(bands[band]) + g->title : g->title));
        }
    auto flow = [&](float cell, std::vector<Placed>* out, std::vector<float>* wraps) {
        float y = at.y, x = left + index_w, row_h = 0, row_title_h = 0;
        bool row_used = false;
        size_t where_k = 0;  // the grid's index in upper, then lower
        size_t row_begin = out ? out->size() : 0;
        auto close_row = [&] {
            if (out)
                for (size_t i = row_begin; i < out->size(); ++i) (*out)[i].at.y = y + row_title_h + index_h;
            y += row_title_h + index_h + row_h + line * 0.3f;
            x = left + index_w;
            row_h = row_title_h = 0;
            row_used = false;
            if (out) row_begin = out->size();
        };
        for (int band = 0; band < 2; ++band) {
            const std::vector<const SceneGrid*>& grids = band == 0 ? upper : lower;
            if (grids.empty()) continue;
            // Each band starts a row, except uncaptioned comparisons, which go on after the top row.
            if (row_used && (captions || !overlap)) close_row();
            for (size_t k = 0; k < grids.size(); ++k) {
                const SceneGrid* g = grids[k];
                const float grid_w = std::max(g->cols, 1) * cell;
                // Wrap when the grid, or its title's widest word, does not fit the row.
                if (row_used && x + std::max(grid_w, title_word_w[where_k] + 8) > right) close_row();
                // A title wider than its grid pushes the next grid right, up to twice the grid's
                // width (six cells for a small kernel) or seven font heights, and always its widest
                // word; past that it wraps between words.
                const std::string title = k == 0 ? std::string(bands[band]) + g->title : g->title;
                const float title_w = std::min({ImGui::CalcTextSize(title.c_str()).x + 8, right - x,
                                                std::max({2 * grid_w, 6 * cell, title_word_w[where_k] + 8,
                                                          ImGui::GetFontSize() * 7})});
                ++where_k;
                float slot_w = std::max(grid_w + gap * cell, title_w);
                if (captions && band == 1)  // a caption of a few lines, whatever the cell size
                    slot_w = std::max({slot_w, caption_word_w[k] + 8,
                                       std::min(ImGui::GetFontSize() * 11, right - left - index_w)});
                const float title_wrap = std::max(std::min(slot_w, right - x) - 6, grid_w);
                row_title_h = std::max(row_title_h,
                                       wrapped_size(title.c_str(), title_wrap).y + spacing);
                // The comparisons' captions, under their grids, wrapped to the slot or the canvas's
                // edge, whichever comes first (drawn below).
                float caption_h = 0;
                if (captions && band == 1) {
                    const float wrap = std::max(std::min(slot_w, right - x) - 4, grid_w);
                    caption_h = wrapped_size(s.panels[k].caption.c_str(), wrap).y + 2;
                    if (wraps) wraps->push_back(wrap);
                }
                if (out) out->push_back({ImVec2(x, 0), title_wrap});
                x += slot_w + index_w;
                row_h = std::max(row_h, g->rows * cell + caption_h);
                row_used = true;
            }
        }
        if (row_used) close_row();
        return y - at.y;
    };
    // The largest cells (up to three font heights) at which everything fits.
    float cell = std::floor(ImGui::GetFontSize() * 3.0f * zoom_.scale);
    // The overlap maps still show their pattern at 4 pixels a cell (a phone, four comparisons).
    const float smallest = overlap ? 4.0f : 6.0f;
    while (cell > smallest && flow(cell, nullptr, nullptr) > room_h) cell -= 1;
    // A small canvas (an embedded lab) shows the comparisons without their captions, which the
    // explanation below also gives in words, and then as many comparisons as fit.
    if (overlap && flow(cell, nullptr, nullptr) > room_h) {
        captions = false;
        cell = std::floor(ImGui::GetFontSize() * 3.0f * zoom_.scale);
        while (cell > smallest && flow(cell, nullptr, nullptr) > room_h) cell -= 1;
        // Room for the line that says how many are left out (wrapped on a phone).
        const float more_h = wrapped_size(more_text(static_cast<int64_t>(panels.size())), right - left).y + spacing;
        while (lower.size() > 1 && flow(cell, nullptr, nullptr) > room_h - more_h) lower.pop_back();
    }
    const int left_out = overlap ? static_cast<int>(panels.size() - lower.size()) : 0;
    std::vector<Placed> placed;
    std::vector<float> caption_wrap;
    const float grids_h = flow(cell, &placed, &caption_wrap);
    overflowed_ = grids_h > room_h + 0.5f;
    std::vector<ImVec2> where;
    for (const Placed& g : placed) where.push_back(g.at);
    std::vector<ImVec2> up_at(where.begin(), where.begin() + static_cast<long>(upper.size()));
    std::vector<ImVec2> low_at(where.begin() + static_cast<long>(upper.size()), where.end());
    // Small cells still carry their numbers (up to three characters).
    const float fs = std::clamp(cell * 0.45f, 7.0f, 30.0f);
    // Titles, wrapped as flow() measured them, their last line just above the column numbers; each
    // clipped where the next grid on its row begins (or at the canvas's edge).
    for (size_t k = 0; k < where.size(); ++k) {
        const bool up = k < upper.size();
        const SceneGrid* g = up ? upper[k] : lower[k - upper.size()];
        const bool first = up ? k == 0 : k == upper.size();
        const std::string title = first ? std::string(bands[up ? 0 : 1]) + g->title : g->title;
        const bool next_on_row = k + 1 < where.size() && where[k + 1].y == where[k].y;
        const float end = next_on_row ? where[k + 1].x - index_w : right;
        dl->PushClipRect(ImVec2(where[k].x, at.y), ImVec2(std::max(end, where[k].x + 1), at.y + std::max(room_h, grids_h)), true);
        const float title_h = wrapped_size(title.c_str(), placed[k].title_wrap).y + spacing;
        canvas_text(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(where[k].x, where[k].y - index_h - title_h), p.text, title.c_str(), nullptr,
                    placed[k].title_wrap);
        dl->PopClipRect();
    }

    // The pointer, over which grid.
    ImGui::InvisibleButton("transposed-grids",
                           ImVec2(std::max(width, 1.0f), std::max(zoom_.zoomed ? grids_h : room_h, 1.0f)));
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    teach::TransposedHover now;
    if (hovered) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        int r = 0, col = 0;
        using K = teach::TransposedHover;
        const K::Kind top_kinds[3] = {K::input, K::kernel, K::canvas};
        const K::Kind low_kinds[3] = {K::grid, K::flipped, K::output};
        for (size_t k = 0; k < up_at.size(); ++k)
            if (inside(m, up_at[k], cell, upper[k]->rows, upper[k]->cols, r, col)) now = {top_kinds[k], r, col};
        for (size_t k = 0; !overlap && k < low_at.size(); ++k)
            if (inside(m, low_at[k], cell, lower[k]->rows, lower[k]->cols, r, col)) now = {low_kinds[k], r, col};
    }
    // A click walks to the cell's step: an input cell in the scatter, an output cell in the conv
    // walk; a kernel weight opens its editor. A press off the grids drags zoomed grids around.
    if (ImGui::IsItemActivated()) panning_ = now.kind == teach::TransposedHover::none;
    if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
        using K = teach::TransposedHover;
        if (now.kind == K::input && l.walks_input()) {
            ctx.player.pause();
            ctx.player.go_to(now.row * c.input[1] + now.col);
        } else if (!l.walks_input() && (now.kind == K::output || now.kind == K::canvas)) {
            const int r = now.kind == K::canvas ? now.row - s.canvas.origin_row : now.row;
            const int col = now.kind == K::canvas ? now.col - s.canvas.origin_col : now.col;
            if (r >= 0 && r < s.output.rows && col >= 0 && col < s.output.cols) {
                ctx.player.pause();
                ctx.player.go_to(r * s.output.cols + col);
            }
        } else if (now.kind == K::kernel) {
            const int index = now.row * c.kernel[1] + now.col;
            editor.open(true, index, c.w[static_cast<size_t>(index)]);
        } else if (now.kind == K::input) {
            const int index = now.row * c.input[1] + now.col;
            editor.open(false, index, c.x[static_cast<size_t>(index)]);
        }
    }
    hover_ = now;

    // The grids.
    for (size_t k = 0; k < up_at.size(); ++k) {
        draw_cells(dl, *upper[k], up_at[k], cell, p, font, fs, overlap && k == 2);
        if (k != 1) indices(dl, *upper[k], up_at[k], cell, p, font, c.index_base);
    }
    for (size_t k = 0; k < low_at.size(); ++k) {
        draw_cells(dl, *lower[k], low_at[k], cell, p, font, fs, overlap);
        if (k != 1 || overlap) indices(dl, *lower[k], low_at[k], cell, p, font, c.index_base);
        if (captions)  // the caption, wrapped as flow() measured it
            canvas_text(dl, font, ImGui::GetFontSize(), ImVec2(low_at[k].x, low_at[k].y + lower[k]->rows * cell + 2),
                        p.text_dim, s.panels[k].caption.c_str(), nullptr, caption_wrap[k]);
    }
    if (left_out > 0)  // under the grids, in the room kept free for it
        canvas_text(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(left, at.y + grids_h), p.text_dim, more_text(left_out).c_str(), nullptr,
                    right - left);
    if (up_at.size() == 3) {
        // The current step: the input cell and its stamp (scatter) or the output and its window (conv).
        outline(dl, s.step_input, up_at[0], cell, p.window, 3.0f, p);
        outline(dl, s.step_kernel, up_at[1], cell, p.window, 2.5f, p);
        outline(dl, s.step_canvas, up_at[2], cell, p.window, 2.5f, p);
        outline(dl, s.hover_input, up_at[0], cell, p.readers, 2.5f, p);
        outline(dl, s.hover_kernel, up_at[1], cell, p.kernel_hover, 2.5f, p);
        outline(dl, s.hover_canvas, up_at[2], cell, p.readers, 2.5f, p);
    }
    if (!overlap && low_at.size() == 3) {
        outline(dl, s.step_grid, low_at[0], cell, p.window, 2.5f, p);
        outline(dl, s.step_flipped, low_at[1], cell, p.window, 2.0f, p);
        outline(dl, s.step_output, low_at[2], cell, p.window, 2.5f, p);
        outline(dl, s.hover_grid, low_at[0], cell, p.readers, 2.5f, p);
        outline(dl, s.hover_output, low_at[2], cell, p.readers, 2.5f, p);
        std::vector<OutputPos> flipped;
        for (const OutputPos& k : s.hover_kernel) flipped.push_back({s.flipped.rows - 1 - k.row, s.flipped.cols - 1 - k.col});
        outline(dl, flipped, low_at[1], cell, p.kernel_hover, 2.5f, p);
    }
    placement = {cell, up_at.size() > 0 ? up_at[0] : ImVec2(), up_at.size() > 2 ? up_at[2] : ImVec2(),
                 low_at.size() > 0 ? low_at[0] : ImVec2(), low_at.size() > 2 ? low_at[2] : ImVec2()};
    scene_tooltip(s.tooltip);
    zoom_.end(ImVec2(right, at.y + grids_h), active && panning_);
    dl = ImGui::GetWindowDrawList();

    // The legend: what the outlines and hatchings mean.
    // Flowed in rows under the grids; its height is remembered for the next frame's layout.
    float legend_top = frame_at.y + height - legend_h + 2;
    if (!legend_fits) {
        ImGui::SetCursorScreenPos(ImVec2(frame_at.x + 4, legend_top - 2));
        if (ImGui::SmallButton(teach::tr(lang, legend_open ? "Hide the legend" : "Legend: what the marks mean")))
            legend_open_ = !legend_open;
        legend_top += toggle_h;
    }
    float lx = frame_at.x + 4, ly = legend_top;
    float legend_bottom = ly + line;
    auto swatch = [&](ImU32 col, int kind, const char* english) {  // kind 0: outline, 1: hatched, 2: dot
        const char* text = teach::tr(lang, english);
        const float sq = ImGui::GetTextLineHeight() * 0.8f;
        // A text wider than the canvas wraps on a row of its own (phones).
        const float text_room = std::max(frame_w - 8 - sq - 6, sq);
        const ImVec2 ts = wrapped_size(text, text_room);
        const float w = sq + 6 + ts.x;
        if (lx > frame_at.x + 4 && lx + w > frame_at.x + frame_w) {
            lx = frame_at.x + 4;
            ly += line;
        }
        const ImVec2 lo(lx, ly + 2), hi(lx + sq, ly + 2 + sq);
        if (!legend_open) {  // folded: measured only
        } else if (kind == 1) {
            dl->AddRectFilled(lo, hi, p.pad);
            hatch(dl, lo, hi, col, 4);
        } else if (kind == 2) {
            dl->AddRectFilled(lo, hi, p.future);
            dl->AddCircleFilled(ImVec2((lo.x + hi.x) * 0.5f, (lo.y + hi.y) * 0.5f), 2.0f, col);
        } else {
            dl->AddRect(lo, hi, col, 0, 0, 2.5f);
        }
        if (legend_open)
            canvas_text(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(lx + sq + 4, ly), p.text_dim, text, nullptr, text_room);
        legend_bottom = std::max(legend_bottom, ly + ts.y + (line - ImGui::GetTextLineHeight()));
        lx += w + line;
        if (ts.y > ImGui::GetTextLineHeight() * 1.5f) {  // wrapped: the next starts a row under it
            lx = frame_at.x + 4;
            ly = legend_bottom;
        }
    };
    swatch(p.window, 0, l.walks_input() ? "this step's input cell and its stamp" : "this step's output and its window");
    swatch(p.readers, 0, "hovered, and what it maps to");
    swatch(p.dropped | 0xFF000000u, 1, "cropped by padding");
    if (!overlap) {
        swatch(p.skipped | 0xFF000000u, 2, "zero inserted by the stride");
        swatch(p.pad_hatch, 1, "padding");
    } else {
        swatch(p.output_frame, 0, "numbers: (input cell, kernel tap) pairs per output cell");
    }
    legend_h_ = legend_bottom - legend_top + 4;
    ImGui::SetCursorScreenPos(ImVec2(frame_at.x, frame_at.y + height));
}

void draw_transposed_controls(teach::Config& c) {
    if (c.op != teach::Op::conv_transpose2d) return;
    ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
    ImGui::SliderInt2("output_padding", c.output_padding.data(), 0,
                      std::max({c.stride[0], c.stride[1], c.dilation[0], c.dilation[1]}) - 1);
    ImGui::PopItemWidth();
    ImGui::TextUnformatted(teach::tr(c.lang, "Transposed conv: show"));
    const struct {
        const char* label;
        teach::TransposedView view;
    } choices[] = {{"scatter", teach::TransposedView::scatter},
                   {"equivalent conv", teach::TransposedView::conv},
                   {"overlap", teach::TransposedView::overlap}};
    const ImGuiStyle& style = ImGui::GetStyle();
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (size_t k = 0; k < 3; ++k) {
        // Flowed like words: on the same line while the next one fits.
        const char* label = teach::tr(c.lang, choices[k].label);
        const float w = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
        if (k && ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= right) ImGui::SameLine();
        if (ImGui::RadioButton(label, c.transposed_view == choices[k].view)) c.transposed_view = choices[k].view;
    }
}

}  // namespace strideconv::ui
