// grid_view.cpp -- drawing a scene's grids (see grid_view.hpp).
#include "ui/grid_view.hpp"
#include "ui/canvas_text.hpp"
#include "ui/wrap_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

namespace strideconv::ui {

namespace {

using teach::Mark;
using teach::SceneCell;

void centred_text(ImDrawList* dl, ImFont* font, float size, ImVec2 a, ImVec2 b, ImU32 col, const std::string& s) {
    const ImVec2 ts = font->CalcTextSizeA(size, 1e9f, 0, s.c_str());
    if (size < 8.5f || ts.x > b.x - a.x || ts.y > b.y - a.y) return;  // too small to read: colour alone
    canvas_text(dl, font, size, ImVec2((a.x + b.x - ts.x) * 0.5f, (a.y + b.y - ts.y) * 0.5f), col, s.c_str());
}

void to_rgb(float* out, const ImVec4& c) {
    out[0] = c.x;
    out[1] = c.y;
    out[2] = c.z;
}

uint64_t mix_key(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

bool hit(ImVec2 p, ImVec2 at, float cell, int rows, int cols, int& r, int& c) {
    if (p.x < at.x || p.y < at.y) return false;
    c = static_cast<int>((p.x - at.x) / cell);
    r = static_cast<int>((p.y - at.y) / cell);
    return r < rows && c < cols;
}

unsigned char heat_role(const SceneCell& cell) {
    switch (cell.mark) {
        case Mark::skipped: return heat_skipped;
        case Mark::dropped: return heat_dropped;
        case Mark::padding: return heat_padding;
        case Mark::pending: return heat_pending;
        default: return heat_visited;
    }
}

// Asks the host for a texture of one grid, rebuilding its arrays when the key changed. Returns
// nullptr when the host cannot draw textures (the caller then draws rectangles).
void* heatmap_texture(const GridStyle& o, const Palette& p, int which, uint64_t key, const teach::SceneGrid& grid,
                      float cell) {
    const int cols = grid.cols, rows = grid.rows;
    if (!o.host || !o.host->heatmap || !o.heat || cols <= 0 || rows <= 0) return nullptr;
    HeatmapData& data = o.heat[which];
    const int cell_px = std::clamp(static_cast<int>(std::lround(cell)), 2, 64);
    key = mix_key(mix_key(key, static_cast<uint64_t>(cell_px)), static_cast<uint64_t>(cols * 4096 + rows));
    if (data.key != key || data.values.size() != grid.cells.size()) {
        data.values.resize(grid.cells.size());
        data.roles.resize(grid.cells.size());
        for (size_t k = 0; k < grid.cells.size(); ++k) {
            const SceneCell& c = grid.cells[k];
            // Padding the op fills with a constant is drawn as padding whatever its value.
            data.values[k] = c.mark == Mark::padding && !c.copies() ? 0.0f : c.value;
            data.roles[k] = heat_role(c);
        }
        data.key = key;
    }
    HeatmapImage img;
    img.slot = o.slot_base + which;
    img.key = key;
    img.cols = cols;
    img.rows = rows;
    img.values = data.values.data();
    img.roles = data.roles.data();
    img.max_abs = grid.max_abs;
    img.cell_px = cell_px;
    to_rgb(img.zero, p.zero);
    to_rgb(img.positive, p.positive);
    to_rgb(img.negative, p.negative);
    to_rgb(img.padding, ImGui::ColorConvertU32ToFloat4(p.pad));
    to_rgb(img.grid, ImGui::ColorConvertU32ToFloat4(p.grid));
    to_rgb(img.dropped, ImGui::ColorConvertU32ToFloat4(p.dropped | 0xFF000000u));
    to_rgb(img.skipped, ImGui::ColorConvertU32ToFloat4(p.skipped | 0xFF000000u));
    to_rgb(img.future, ImGui::ColorConvertU32ToFloat4(p.future));
    return o.host->heatmap(img);
}

void draw_input(ImDrawList* dl, const teach::Scene& s, const GridLayout& g, const Palette& p, ImFont* font,
                float fs) {
    const teach::SceneGrid& in = s.input;
    for (int py = 0; py < in.rows; ++py) {
        for (int px = 0; px < in.cols; ++px) {
            const SceneCell& cell = in.at(py, px);
            const int y = py - in.origin_row, x = px - in.origin_col;
            const ImVec2 a = g.input_cell(y, x), b(a.x + g.cell, a.y + g.cell);
            const bool inside = cell.mark != Mark::padding;
            if (inside) {
                const ImU32 fill = value_colour(p, cell.value, in.max_abs);
                dl->AddRectFilled(a, b, fill);
                centred_text(dl, font, fs, a, b, text_on(fill), cell.text);
                // Never-visited cells are dimmed and hatched so they read as "not used", whatever
                // their value colour: red for dropped by the floor, grey for skipped.
                if (cell.mark == Mark::dropped || cell.mark == Mark::skipped) {
                    const ImU32 col = (cell.mark == Mark::dropped ? p.dropped : p.skipped) | 0xFF000000u;
                    dl->AddRectFilled(a, b, IM_COL32(0, 0, 0, 150));
                    hatch(dl, a, b, col, std::max(5.0f, g.cell / 5));
                    centred_text(dl, font, fs, a, b, IM_COL32(255, 255, 255, 200), cell.text);
                    dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), col, 0, 0, 1.5f);
                }
            } else {
                const ImU32 fill = cell.copies() ? value_colour(p, cell.value, in.max_abs) : p.pad;
                dl->AddRectFilled(a, b, fill);
                hatch(dl, a, b, (fill & 0x00FFFFFF) | 0x50000000u, std::max(5.0f, g.cell / 3));
                hatch(dl, a, b, cell.unread ? p.dropped | 0xFF000000u : p.pad_hatch, std::max(5.0f, g.cell / 3));
                centred_text(dl, font, fs * 0.85f, a, b, text_on(fill), cell.text);
            }
            dl->AddRect(a, b, inside ? p.grid : p.pad_hatch);
        }
    }
}

// A kernel or output cell: its value's colour and text when `filled`, else blank with its text
// dimmed ("max", "avg", or "?" while a prediction waits); and its border.
void value_cell(ImDrawList* dl, const Palette& p, ImFont* font, float size, ImVec2 a, ImVec2 b, const SceneCell& cell,
                bool filled, float max_abs) {
    const ImU32 fill = filled ? value_colour(p, cell.value, max_abs) : p.future;
    dl->AddRectFilled(a, b, fill);
    centred_text(dl, font, size, a, b, filled ? text_on(fill) : p.text_dim, cell.text);
    dl->AddRect(a, b, p.grid);
}

void draw_kernel(ImDrawList* dl, const teach::Scene& s, const GridLayout& g, const Palette& p, ImFont* font,
                 float fs, float small) {
    const teach::SceneGrid& k = s.kernel;
    for (int ky = 0; ky < k.rows; ++ky)
        for (int kx = 0; kx < k.cols; ++kx) {
            const SceneCell& cell = k.at(ky, kx);
            const ImVec2 a = g.kernel_cell(ky, kx), b(a.x + g.cell, a.y + g.cell);
            const bool weight = cell.mark == Mark::weight;
            value_cell(dl, p, font, weight ? fs : small, a, b, cell, weight, k.max_abs);
            if (s.hover_weight && s.hover_weight->row == ky && s.hover_weight->col == kx)
                dl->AddRect(a, b, p.kernel_hover, 0, 0, 3.0f);
        }
    dl->AddRect(g.kernel_cell(0, 0), ImVec2(g.kernel_at.x + k.cols * g.cell, g.kernel_at.y + k.rows * g.cell),
                p.window, 0, 0, 2.5f);
}

void draw_output(ImDrawList* dl, const teach::Scene& s, const GridLayout& g, const Palette& p, ImFont* font,
                 float fs) {
    const teach::SceneGrid& out = s.output;
    for (int oy = 0; oy < out.rows; ++oy)
        for (int ox = 0; ox < out.cols; ++ox) {
            const SceneCell& cell = out.at(oy, ox);
            const ImVec2 a = g.output_cell(oy, ox), b(a.x + g.cell, a.y + g.cell);
            value_cell(dl, p, font, fs, a, b, cell, cell.mark == Mark::written, out.max_abs);
            if (cell.kept) {  // also computed by the coarser stride: a corner mark
                const float t = std::max(5.0f, g.cell * 0.22f);
                dl->AddTriangleFilled(ImVec2(b.x - 1, b.y - 1), ImVec2(b.x - 1 - t, b.y - 1), ImVec2(b.x - 1, b.y - 1 - t),
                                      p.output_frame);
            }
        }
}

}  // namespace

void scene_tooltip(const std::string& text) {
    if (text.empty()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    text_wrapped(text);  // at spaces only: a tooltip's sums keep their numbers whole
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

ImVec2 ZoomArea::begin(const char* id, ImVec2 size, int zoom, ImVec2 pan, bool overflows) {
    scale = std::max(zoom, 100) / 100.0f;
    zoomed = zoom > 100 || overflows;
    size_ = size;
    if (!zoomed) {
        last_zoom_ = zoom;
        origin = ImGui::GetCursorScreenPos();
        return size;
    }
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoNavInputs);
    if (last_zoom_ > 0 && last_zoom_ != zoom) {
        // A new zoom keeps the middle of what was on screen in the middle.
        const float r = static_cast<float>(zoom) / last_zoom_;
        ImGui::SetScrollX((ImGui::GetScrollX() + size.x * 0.5f) * r - size.x * 0.5f);
        ImGui::SetScrollY((ImGui::GetScrollY() + size.y * 0.5f) * r - size.y * 0.5f);
    } else if (pan.x != 0 || pan.y != 0) {
        ImGui::SetScrollX(ImGui::GetScrollX() - pan.x);
        ImGui::SetScrollY(ImGui::GetScrollY() - pan.y);
    }
    last_zoom_ = zoom;
    origin = ImGui::GetCursorScreenPos();
    // The room the grids fit at 100 %, times the zoom, less the scroll bars.
    const float bar = ImGui::GetStyle().ScrollbarSize;
    return ImVec2(std::max(size.x - bar, 1.0f) * scale, std::max(size.y - (zoom > 100 ? bar : 0.0f), 1.0f) * scale);
}

void ZoomArea::end(ImVec2 content_end, bool drag_pans) {
    if (!zoomed) return;
    if (drag_pans) {
        const ImVec2 d = ImGui::GetIO().MouseDelta;
        ImGui::SetScrollX(ImGui::GetScrollX() - d.x);
        ImGui::SetScrollY(ImGui::GetScrollY() - d.y);
    }
    // The scrolled extent: everything laid out.
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(std::max(content_end.x - origin.x, 1.0f), std::max(content_end.y - origin.y, 1.0f)));
    ImGui::EndChild();
}

void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float spacing) {
    dl->PushClipRect(a, b, true);
    const float w = b.x - a.x, h = b.y - a.y;
    for (float d = -h; d < w; d += spacing) dl->AddLine(ImVec2(a.x + d, b.y), ImVec2(a.x + d + h, a.y), col);
    dl->PopClipRect();
}

float draw_legend(ImDrawList* dl, const teach::Scene& s, ImVec2 at, float width, const Palette& p) {
    const float line = ImGui::GetTextLineHeight();
    const float sq = line * 0.8f;
    const float gap = line * 0.9f;
    float x = at.x, y = at.y;
    const auto T = [&](const char* english) { return teach::tr(s.config.lang, english); };
    float bottom = y + line;
    // One item: a swatch drawn by `swatch` in a square, then its text; wraps to a new row. A text
    // wider than the whole width wraps on rows of its own (phones).
    auto item = [&](const char* text, auto swatch) {
        const float room = std::max(width - sq - 4, sq);
        const ImVec2 ts = wrapped_size(text, room);
        const float w = sq + 4 + ts.x;
        if (x > at.x && x + w > at.x + width) {
            x = at.x;
            y += line + 4;
        }
        if (dl) {
            const ImVec2 a(x, y + (line - sq) * 0.5f), b(a.x + sq, a.y + sq);
            swatch(a, b);
            canvas_text(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x + sq + 4, y), p.text_dim, text, nullptr, room);
        }
        bottom = std::max(bottom, y + ts.y);
        x += w + gap;
        if (ts.y > line * 1.5f) {  // wrapped: the next item starts a row under it
            x = at.x;
            y += ts.y + 4;
        }
    };
    auto box = [&](ImU32 col, float thick) {
        return [&, col, thick](ImVec2 a, ImVec2 b) {
            dl->AddRect(a, b, p.halo, 0, 0, thick + 2);
            dl->AddRect(a, b, col, 0, 0, thick);
        };
    };
    auto hatched = [&](ImU32 col) {
        return [&, col](ImVec2 a, ImVec2 b) {
            dl->AddRectFilled(a, b, p.pad);
            hatch(dl, a, b, col, 4);
            dl->AddRect(a, b, p.grid);
        };
    };
    item(T("current window"), box(p.window, 2.5f));
    if (!s.trail.empty())
        item(T("window origins, + the stride's jump"), [&](ImVec2 a, ImVec2 b) {
            dl->AddCircleFilled(ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f), sq * 0.25f, p.path);
        });
    if (s.conv)
        item(T("\u00d7w: the weight a tap multiplies by"), [&](ImVec2 a, ImVec2 b) {
            dl->AddRectFilled(a, b, IM_COL32(0, 0, 0, 150));
            canvas_text(dl, ImGui::GetFont(), sq * 0.9f, ImVec2(a.x + 1, a.y), IM_COL32(255, 225, 90, 255), "\u00d7");
        });
    if (s.winner || !s.conv)
        if (!s.conv && s.kernel.cells.size() && s.kernel.cells[0].text == "max")
            item(T("the value max pooling keeps"), [&](ImVec2 a, ImVec2 b) {
                const float t = sq * 0.5f;
                dl->AddTriangleFilled(a, ImVec2(a.x + t, a.y), ImVec2(a.x, a.y + t), p.window);
                dl->AddRect(a, b, p.window, 0, 0, 1.5f);
            });
    item(T("hovered window, or the outputs reading a hovered cell"), box(p.readers, 2.0f));
    // Only the marks this scene shows: a legend of marks that are nowhere teaches nothing.
    bool padding = false, dropped = false, skipped = false;
    for (const teach::SceneCell& c : s.input.cells) {
        padding = padding || c.mark == teach::Mark::padding;
        dropped = dropped || c.mark == teach::Mark::dropped || c.unread;
        skipped = skipped || c.mark == teach::Mark::skipped;
    }
    if (padding) item(T("padding"), hatched(p.pad_hatch));
    if (dropped) item(T("dropped by the floor (after the last window)"), hatched(p.dropped | 0xFF000000u));
    if (skipped) item(T("skipped between windows"), hatched(p.skipped | 0xFF000000u));
    item(T("output frame"), box(p.output_frame, 2.0f));
    bool kept = false;
    for (const teach::SceneCell& c : s.output.cells) kept = kept || c.kept;
    if (kept)
        item(T("computed by the larger stride too"), [&](ImVec2 a, ImVec2 b) {
            dl->AddRect(a, b, p.grid);
            dl->AddTriangleFilled(b, ImVec2(b.x - sq * 0.5f, b.y), ImVec2(b.x, b.y - sq * 0.5f), p.output_frame);
        });
    const std::string numbering = teach::trf(s.config.lang, "indices: {0}", {teach::index_convention(s.config)});
    item(numbering.c_str(), [&](ImVec2 a, ImVec2) {
        canvas_text(dl, ImGui::GetFont(), sq, a, p.text_dim, s.config.index_base ? "1" : "0");
    });
    // The value colour scale: negative, zero, positive.
    const char* scale = T(padding ? "values: negative, 0, positive (padding is hatched)" : "values: negative, 0, positive");
    const float bar = sq * 4;
    const float scale_room = std::max(width - bar - 4, bar);
    const ImVec2 scale_size = wrapped_size(scale, scale_room);
    const float w = bar + 4 + scale_size.x;
    if (x > at.x && x + w > at.x + width) {
        x = at.x;
        y += line + 4;
    }
    if (dl) {
        const float yb = y + (line - sq) * 0.5f;
        const int steps = 16;
        for (int k = 0; k < steps; ++k) {
            const float v = -1.0f + 2.0f * (k + 0.5f) / steps;
            dl->AddRectFilled(ImVec2(x + bar * k / steps, yb), ImVec2(x + bar * (k + 1) / steps + 0.5f, yb + sq),
                              value_colour(p, v, 1.0f));
        }
        dl->AddRect(ImVec2(x, yb), ImVec2(x + bar, yb + sq), p.grid);
        canvas_text(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x + bar + 4, y), p.text_dim, scale, nullptr, scale_room);
    }
    return std::max(bottom, y + scale_size.y) - at.y;
}

GridLayout layout_grids(const teach::Scene& sc, ImVec2 at, ImVec2 avail, float label_h, bool with_kernel,
                        float max_cell, bool allow_stacking) {
    GridLayout s;
    s.with_kernel = with_kernel;
    s.pad_top = sc.input.origin_row;
    s.pad_left = sc.input.origin_col;
    s.rows = sc.input.rows;
    s.cols = sc.input.cols;
    s.kh = sc.kernel.rows;
    s.kw = sc.kernel.cols;
    s.oh = sc.output.rows;
    s.ow = sc.output.cols;
    // Indices are written small: room for two digits beside each grid and one row above.
    const float index_size = ImGui::GetFontSize() * 0.7f;
    s.index_w = ImGui::GetFont()->CalcTextSizeA(index_size, 1e9f, 0, "00").x + 4;
    s.index_h = index_size + 2;
    const int grids = with_kernel ? 3 : 2;
    const float gap = 1.4f;
    const float total_cols = s.cols + gap + (with_kernel ? s.kw + gap : 0) + std::max(s.ow, 1);
    const int tallest = std::max({s.rows, with_kernel ? s.kh : 0, s.oh, 1});
    // A title wider than its grid (and the gap after it) pushes the next grid right (small kernels);
    // the output's, the last on the row, needs room before the canvas's edge (German and French
    // titles over a small output on a phone ran off it).
    const float input_title = ImGui::CalcTextSize(sc.input.title.c_str()).x;
    const float kernel_title = with_kernel ? ImGui::CalcTextSize(sc.kernel.title.c_str()).x : 0.0f;
    const float output_title = ImGui::CalcTextSize(sc.output.title.c_str()).x;
    struct Extra {
        float after_input, after_kernel, output;
    };
    auto extra_for = [&](float cell) {
        return Extra{std::max(0.0f, input_title + 8 - (s.cols + gap) * cell - s.index_w),
                     with_kernel ? std::max(0.0f, kernel_title + 8 - (s.kw + gap) * cell - s.index_w) : 0.0f,
                     std::max(0.0f, output_title + 4 - std::max(s.ow, 1) * cell)};
    };
    auto fit = [&](float extra) {
        return std::max(std::floor(std::min({(avail.x - grids * s.index_w - extra) / total_cols,
                                             (avail.y - label_h - s.index_h) / tallest, max_cell})),
                        6.0f);
    };
    auto width_at = [&](float cell) {
        const Extra e = extra_for(cell);
        return grids * s.index_w + total_cols * cell + e.after_input + e.after_kernel + e.output;
    };
    s.cell = fit(0);
    // Titles take more room as the cells shrink: settle on the largest cell at which everything fits.
    for (int k = 0; k < 3 && width_at(s.cell) > avail.x; ++k) {
        const Extra e = extra_for(s.cell);
        s.cell = fit(e.after_input + e.after_kernel + e.output);
    }
    while (s.cell > 6 && width_at(s.cell) > avail.x) s.cell -= 1;
    const Extra extra = extra_for(s.cell);
    const float top = at.y + label_h + s.index_h;
    // Narrow and tall (a phone in portrait): the input above, kernel and output side by side under
    // it, when that makes the cells clearly larger.
    if (with_kernel && allow_stacking) {
        const int lower_rows = std::max({s.kh, s.oh, 1});
        const float head = label_h + s.index_h;
        // Width of the lower row (kernel, then output, each title no wider than its room).
        auto lower_width = [&](float cell) {
            return s.index_w + std::max((s.kw + gap) * cell + s.index_w, kernel_title + 8) +
                   std::max(std::max(s.ow, 1) * cell, output_title + 4);
        };
        float stacked = std::floor(std::min({(avail.x - s.index_w) / std::max<float>(s.cols, 1),
                                             (avail.y - 2 * head) / (s.rows + gap + lower_rows), max_cell}));
        while (stacked > 6 && lower_width(stacked) > avail.x) stacked -= 1;
        stacked = std::max(stacked, 6.0f);
        // Also stacked when the titles side by side do not fit the width even at the smallest cells
        // (a phone 320 pixels wide, German titles) and stacked they do.
        const bool beside_fits = width_at(s.cell) <= avail.x + 0.5f;
        const bool stacked_fits = lower_width(stacked) <= avail.x + 0.5f;
        if (stacked >= s.cell * 1.2f || (!beside_fits && stacked_fits)) {
            s.cell = stacked;
            s.input_at = ImVec2(at.x + s.index_w, top);
            const float lower_top = top + (s.rows + gap) * s.cell + head;
            s.kernel_at = ImVec2(at.x + s.index_w, lower_top);
            const float kernel_span = std::max((s.kw + gap) * s.cell + s.index_w, kernel_title + 8);
            s.output_at = ImVec2(s.kernel_at.x + kernel_span, lower_top);
            s.end = ImVec2(std::max({s.input_at.x + std::max(s.cols * s.cell, input_title),
                                     s.output_at.x + std::max(std::max(s.ow, 1) * s.cell, output_title)}),
                           lower_top + lower_rows * s.cell);
            return s;
        }
    }
    float x = at.x + s.index_w;
    s.input_at = ImVec2(x, top);
    x += (s.cols + gap) * s.cell + s.index_w + extra.after_input;
    s.kernel_at = ImVec2(x, top);
    if (with_kernel) x += (s.kw + gap) * s.cell + s.index_w + extra.after_kernel;
    s.output_at = ImVec2(x, top);
    s.end = ImVec2(x + std::max(s.ow, 1) * s.cell + extra.output, top + tallest * s.cell);
    return s;
}

teach::SceneHover hit_test(const GridLayout& g, ImVec2 point) {
    teach::SceneHover h;
    int r = 0, c = 0;
    if (hit(point, g.input_at, g.cell, g.rows, g.cols, r, c)) {
        h = {teach::SceneHover::input, r - g.pad_top, c - g.pad_left};
    } else if (hit(point, g.kernel_at, g.cell, g.kh, g.kw, r, c)) {
        h = {teach::SceneHover::kernel, r, c};
    } else if (hit(point, g.output_at, g.cell, g.oh, g.ow, r, c)) {
        h = {teach::SceneHover::output, r, c};
    }
    return h;
}

void draw_grids(ImDrawList* dl, const teach::Scene& s, const GridLayout& g, const Palette& p, const GridStyle& o) {
    ImFont* font = o.font ? o.font : ImGui::GetFont();
    const float fs = std::clamp(g.cell * 0.36f, 7.0f, 30.0f);
    const float small = std::max(fs * 0.62f, 6.0f);
    const teach::SceneGrid& in = s.input;
    const bool show_output = !s.output.hidden && s.output.rows > 0;

    // Titles, above the column indices.
    const float above = g.index_h + ImGui::GetTextLineHeight() + 2;
    canvas_text(dl, ImVec2(g.input_at.x, g.input_at.y - above), p.text, in.title.c_str());
    if (g.with_kernel) canvas_text(dl, ImVec2(g.kernel_at.x, g.kernel_at.y - above), p.text, s.kernel.title.c_str());
    if (show_output) canvas_text(dl, ImVec2(g.output_at.x, g.output_at.y - above), p.text, s.output.title.c_str());

    // Input grid, padding included: one shader-drawn texture for large maps, else cells.
    const bool large = g.cell < 18 || g.rows * g.cols > 1024;
    const uint64_t theme_key = mix_key(mix_key(p.text, o.revision), o.reveal ? 1 : 2);
    void* input_texture = large ? heatmap_texture(o, p, 0, theme_key, in, g.cell) : nullptr;
    if (input_texture)
        dl->AddImage(input_texture, g.input_at, ImVec2(g.input_at.x + g.cols * g.cell, g.input_at.y + g.rows * g.cell));
    else
        draw_input(dl, s, g, p, font, fs);
    // Outline of the real input inside the padding.
    const ImVec2 origin = g.input_cell(0, 0);
    dl->AddRect(origin, ImVec2(origin.x + in.inner_cols * g.cell, origin.y + in.inner_rows * g.cell), p.text, 0, 0,
                2.0f);

    if (g.with_kernel) draw_kernel(dl, s, g, p, font, fs, small);
    // Row and column indices of every grid (the input's count its real cells, from 0 or 1).
    const float index_size = ImGui::GetFontSize() * 0.7f;
    // Numbers go beside the grid's frame (the padded input's), one per real row and column.
    auto indices = [&](ImVec2 grid_at, int rows, int cols, int skip_rows, int skip_cols) {
        if (g.cell < index_size * 0.9f) return;  // too small to label every cell
        char text[16];
        for (int r = 0; r < rows; ++r) {
            std::snprintf(text, sizeof text, "%d", r + o.index_base);
            const ImVec2 ts = font->CalcTextSizeA(index_size, 1e9f, 0, text);
            canvas_text(dl, font, index_size,
                        ImVec2(grid_at.x - ts.x - 3, grid_at.y + (r + skip_rows + 0.5f) * g.cell - ts.y * 0.5f), p.text_dim,
                        text);
        }
        // Column numbers wider than a cell (two digits on small cells) every few columns, so that
        // they do not run together.
        std::snprintf(text, sizeof text, "%d", cols - 1 + o.index_base);
        const int every = std::max(1, static_cast<int>(std::ceil((font->CalcTextSizeA(index_size, 1e9f, 0, text).x + 2) / g.cell)));
        for (int c = 0; c < cols; ++c) {
            if (c % every != 0) continue;
            std::snprintf(text, sizeof text, "%d", c + o.index_base);
            const ImVec2 ts = font->CalcTextSizeA(index_size, 1e9f, 0, text);
            canvas_text(dl, font, index_size,
                        ImVec2(grid_at.x + (c + skip_cols + 0.5f) * g.cell - ts.x * 0.5f, grid_at.y - ts.y - 1), p.text_dim,
                        text);
        }
    };
    indices(g.input_at, in.inner_rows, in.inner_cols, in.origin_row, in.origin_col);
    if (g.with_kernel) indices(g.kernel_at, s.kernel.rows, s.kernel.cols, 0, 0);
    if (show_output) indices(g.output_at, s.output.rows, s.output.cols, 0, 0);
    if (!s.error.empty()) return;

    // Output grid: cells written so far, the current one, cells still to come.
    if (show_output) {
        void* output_texture =
            large ? heatmap_texture(o, p, 1, mix_key(theme_key, static_cast<uint64_t>(o.step) + 7), s.output, g.cell)
                  : nullptr;
        if (output_texture)
            dl->AddImage(output_texture, g.output_at,
                         ImVec2(g.output_at.x + g.ow * g.cell, g.output_at.y + g.oh * g.cell));
        else
            draw_output(dl, s, g, p, font, fs);
        dl->AddRect(g.output_at, ImVec2(g.output_at.x + g.ow * g.cell, g.output_at.y + g.oh * g.cell), p.output_frame,
                    0, 0, 2.0f);
        for (const teach::OutputPos& r : s.readers) {
            const ImVec2 a = g.output_cell(r.row, r.col);
            dl->AddRect(a, ImVec2(a.x + g.cell, a.y + g.cell), p.readers, 0, 0, 3.0f);
        }
        if (s.current) {
            const ImVec2 a = g.output_cell(s.current->row, s.current->col);
            dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(a.x + g.cell + 1, a.y + g.cell + 1), p.halo, 0, 0, 6.0f);
            dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(a.x + g.cell + 1, a.y + g.cell + 1), p.window, 0, 0, 3.5f);
        }
    }

    // Path of window origins: a dot per step; the steps taken so far joined, so each jump of S
    // cells is visible.
    const float dot = std::max(2.0f, g.cell * 0.09f);
    auto dot_centre = [&](teach::InputPos at) {
        const ImVec2 a = g.input_cell(at.y, at.x);
        return ImVec2(a.x + g.cell * 0.22f, a.y + g.cell * 0.22f);
    };
    ImVec2 prev;
    for (const teach::TrailPoint& t : s.trail) {
        const ImVec2 centre = dot_centre(t.at);
        if (t.joined) dl->AddLine(prev, centre, p.path, 2.0f);
        dl->AddCircleFilled(centre, t.past ? dot * 1.4f : dot, t.past ? p.path : (p.path & 0x00FFFFFF) | 0x70000000u);
        prev = centre;
    }

    // The jump that brought the window here: +S across, or +S down at a new row. The label sits in
    // the top strip of the cells, clear of their centred digits, and only where it is legible.
    if (s.jump) {
        const ImVec2 pa = dot_centre(s.jump->from), pb = dot_centre(s.jump->to);
        if (s.jump->down) dl->AddLine(pa, pb, p.path, 2.0f);
        const char* jump = s.jump->text.c_str();
        const ImVec2 ts = font->CalcTextSizeA(small, 1e9f, 0, jump);
        if (g.cell >= 26 && ts.y <= g.cell * 0.3f) {
            const ImVec2 to = g.input_cell(s.jump->to.y, s.jump->to.x);
            const ImVec2 at = s.jump->down ? ImVec2(pb.x + dot * 2 + 2, to.y + 1)
                                           : ImVec2((pa.x + pb.x - ts.x) * 0.5f, to.y + 1);
            dl->AddRectFilled(ImVec2(at.x - 2, at.y), ImVec2(at.x + ts.x + 2, at.y + ts.y), IM_COL32(0, 0, 0, 170), 3.0f);
            canvas_text(dl, font, small, at, IM_COL32(255, 255, 255, 255), jump);
        }
    }

    // A window: every tap outlined (dilation shows its holes), weights overlaid on the current one.
    auto outline_taps = [&](const auto& taps, ImU32 col, float thick, const teach::WindowTap* weights) {
        ImVec2 lo(1e9f, 1e9f), hi(-1e9f, -1e9f);
        for (size_t k = 0; k < taps.size(); ++k) {
            const teach::InputPos at = taps[k];
            const ImVec2 a = g.input_cell(at.y, at.x), b(a.x + g.cell, a.y + g.cell);
            lo = ImVec2(std::min(lo.x, a.x), std::min(lo.y, a.y));
            hi = ImVec2(std::max(hi.x, b.x), std::max(hi.y, b.y));
            dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), p.halo, 0, 0, thick + 2.5f);
            dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), col, 0, 0, thick);
            if (weights && g.cell >= 22) {
                const std::string wt = "\u00d7" + teach::format_number(weights[k].weight);
                const ImVec2 ts = font->CalcTextSizeA(small, 1e9f, 0, wt.c_str());
                dl->AddRectFilled(ImVec2(b.x - ts.x - 3, a.y + 1), ImVec2(b.x - 1, a.y + ts.y + 1), IM_COL32(0, 0, 0, 150));
                canvas_text(dl, font, small, ImVec2(b.x - ts.x - 2, a.y + 1), IM_COL32(255, 225, 90, 255), wt.c_str());
            }
        }
        if (!taps.empty()) {
            dl->AddRectFilled(lo, hi, (col & 0x00FFFFFF) | 0x18000000u);
            dl->AddRect(ImVec2(lo.x - 2, lo.y - 2), ImVec2(hi.x + 2, hi.y + 2), col, 0, 0, 1.5f);
        }
    };
    outline_taps(s.hover_window, p.other_window, 2.5f, nullptr);
    std::vector<teach::InputPos> window;
    window.reserve(s.window.size());
    for (const teach::WindowTap& t : s.window) window.push_back(t.at);
    outline_taps(window, p.window, 3.0f, s.window_weights ? s.window.data() : nullptr);

    // Max pooling: the tap each shown window keeps, marked by a corner flag.
    auto mark_winner = [&](const std::optional<teach::InputPos>& at, ImU32 col) {
        if (!at) return;
        const ImVec2 a = g.input_cell(at->y, at->x);
        const float t = std::max(6.0f, g.cell * 0.32f);
        dl->AddTriangleFilled(ImVec2(a.x + 2, a.y + 2), ImVec2(a.x + 2 + t, a.y + 2), ImVec2(a.x + 2, a.y + 2 + t), col);
        dl->AddRect(ImVec2(a.x + 3, a.y + 3), ImVec2(a.x + g.cell - 3, a.y + g.cell - 3), col, 0, 0, 2.0f);
    };
    mark_winner(s.hover_winner, p.other_window);
    mark_winner(s.winner, p.window);

    // A hovered kernel weight: the input cell it multiplies at this step.
    if (s.weight_target) {
        const ImVec2 a = g.input_cell(s.weight_target->y, s.weight_target->x);
        dl->AddRect(a, ImVec2(a.x + g.cell, a.y + g.cell), p.kernel_hover, 0, 0, 4.0f);
    }
    // A hovered input cell; for a copied padding cell, a line to where its value comes from.
    if (s.hover_input) {
        const ImVec2 a = g.input_cell(s.hover_input->y, s.hover_input->x);
        dl->AddRect(a, ImVec2(a.x + g.cell, a.y + g.cell), p.readers, 0, 0, 3.0f);
        if (s.hover_source) {
            const ImVec2 b = g.input_cell(s.hover_source->y, s.hover_source->x);
            dl->AddRect(b, ImVec2(b.x + g.cell, b.y + g.cell), p.readers, 0, 0, 3.0f);
            dl->AddLine(ImVec2(a.x + g.cell / 2, a.y + g.cell / 2), ImVec2(b.x + g.cell / 2, b.y + g.cell / 2),
                        p.readers, 2.0f);
        }
    }
}

}  // namespace strideconv::ui
