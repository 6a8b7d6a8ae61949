// app.cpp -- the teaching canvas (see app.hpp).
//
// [SECTION] Palette and formatting
// [SECTION] Scene: one lesson drawn as padded input, kernel and output grids
// [SECTION] App: state changes, playback, keyboard
// [SECTION] Controls panel
// [SECTION] Canvas: transport, walk view, compare view, explanation, help
#include "ui/app.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "imgui.h"

namespace strideconv::ui {

using teach::CellRole;
using teach::Config;
using teach::Lesson;
using teach::Op;

namespace {

// [SECTION] Palette and formatting ---------------------------------------------------------------

struct Palette {
    ImVec4 zero, positive, negative;
    ImU32 grid, text, text_dim, pad, pad_hatch, window, window_fill, other_window, kernel_hover,
        readers, path, dropped, skipped, future, panel, error, notice;
};

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
    }
    return p;
}

// Diverging map: zero is the neutral colour, negatives blue, positives orange.
ImU32 value_colour(const Palette& p, float v, float max_abs) {
    float t = max_abs > 0 ? v / max_abs : 0.0f;
    t = std::clamp(t, -1.0f, 1.0f);
    const ImVec4& end = t < 0 ? p.negative : p.positive;
    const float a = std::sqrt(std::fabs(t));  // keep small magnitudes visibly tinted
    return ImGui::ColorConvertFloat4ToU32(ImVec4(p.zero.x + (end.x - p.zero.x) * a,
                                                 p.zero.y + (end.y - p.zero.y) * a,
                                                 p.zero.z + (end.z - p.zero.z) * a, 1.0f));
}

ImU32 text_on(ImU32 fill) {
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(fill);
    const float lum = 0.2126f * c.x + 0.7152f * c.y + 0.0722f * c.z;
    return lum > 0.5f ? IM_COL32(15, 15, 20, 255) : IM_COL32(250, 250, 250, 255);
}

// Values are written as the lesson writes them (teach::format_number).
std::string fmt(float v) { return teach::format_number(v); }

float max_abs(const std::vector<float>& v) {
    float m = 0;
    for (float x : v)
        if (std::isfinite(x)) m = std::max(m, std::fabs(x));
    return m;
}

void centred_text(ImDrawList* dl, ImFont* font, float size, ImVec2 a, ImVec2 b, ImU32 col,
                  const std::string& s) {
    const ImVec2 ts = font->CalcTextSizeA(size, 1e9f, 0, s.c_str());
    if (size < 8.5f || ts.x > b.x - a.x || ts.y > b.y - a.y) return;  // too small to read: colour alone
    dl->AddText(font, size, ImVec2((a.x + b.x - ts.x) * 0.5f, (a.y + b.y - ts.y) * 0.5f), col,
                s.c_str());
}

void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float spacing) {
    dl->PushClipRect(a, b, true);
    const float w = b.x - a.x, h = b.y - a.y;
    for (float d = -h; d < w; d += spacing) dl->AddLine(ImVec2(a.x + d, b.y), ImVec2(a.x + d + h, a.y), col);
    dl->PopClipRect();
}

// [SECTION] Scene ---------------------------------------------------------------------------------

// Where one lesson's grids are on screen (for drawing and hit-testing).
struct Scene {
    float cell = 20;
    ImVec2 input_at, kernel_at, output_at;
    int pad_top = 0, pad_left = 0, rows = 0, cols = 0;  // padded input size
    int kh = 0, kw = 0, oh = 0, ow = 0;
    bool with_kernel = true;

    ImVec2 input_cell(int y, int x) const {  // y, x in input coordinates (may be padding)
        return ImVec2(input_at.x + (x + pad_left) * cell, input_at.y + (y + pad_top) * cell);
    }
    ImVec2 kernel_cell(int y, int x) const { return ImVec2(kernel_at.x + x * cell, kernel_at.y + y * cell); }
    ImVec2 output_cell(int y, int x) const { return ImVec2(output_at.x + x * cell, output_at.y + y * cell); }
    float width() const { return (with_kernel ? output_at.x + ow * cell : output_at.x + ow * cell) - input_at.x; }

    static bool hit(ImVec2 p, ImVec2 at, float cell, int rows, int cols, int& r, int& c) {
        if (p.x < at.x || p.y < at.y) return false;
        c = static_cast<int>((p.x - at.x) / cell);
        r = static_cast<int>((p.y - at.y) / cell);
        return r < rows && c < cols;
    }
};

Scene layout(const Lesson& l, ImVec2 at, ImVec2 avail, float label_h, bool with_kernel, float max_cell) {
    Scene s;
    const Config& c = l.config();
    const Pad4 pad = teach::effective_padding(c);
    s.with_kernel = with_kernel;
    s.pad_top = pad.top;
    s.pad_left = pad.left;
    s.rows = c.input[0] + pad.top + pad.bottom;
    s.cols = c.input[1] + pad.left + pad.right;
    s.kh = c.kernel[0];
    s.kw = c.kernel[1];
    s.oh = l.error.empty() ? l.output.h : 0;
    s.ow = l.error.empty() ? l.output.w : 0;
    const float gap = 1.4f;
    const float total_cols = s.cols + gap + (with_kernel ? s.kw + gap : 0) + std::max(s.ow, 1);
    const int tallest = std::max({s.rows, with_kernel ? s.kh : 0, s.oh, 1});
    s.cell = std::min({avail.x / total_cols, (avail.y - label_h) / tallest, max_cell});
    s.cell = std::max(std::floor(s.cell), 6.0f);
    s.input_at = ImVec2(at.x, at.y + label_h);
    float x = at.x + (s.cols + gap) * s.cell;
    s.kernel_at = ImVec2(x, at.y + label_h);
    if (with_kernel) x += (s.kw + gap) * s.cell;
    s.output_at = ImVec2(x, at.y + label_h);
    return s;
}

struct DrawOptions {
    int step = 0;                 // the current step (window shown)
    const CellTrace* trace = nullptr;
    const CellTrace* hover_trace = nullptr;  // window of a hovered output cell
    std::vector<int> readers;     // output steps reading a hovered input cell
    int hover_in_y = -1000, hover_in_x = -1000;
    int hover_k_y = -1, hover_k_x = -1;
    ImFont* font = nullptr;
    // Large maps: drawn as textures by the host when it can (input at heat[0], output at heat[1]).
    const Host* host = nullptr;
    HeatmapData* heat = nullptr;
    int slot_base = 0;
    bool reveal = true;  // false (quiz): no dropped/skipped shading, no output values
};

void to_rgb(float* out, const ImVec4& c) {
    out[0] = c.x;
    out[1] = c.y;
    out[2] = c.z;
}

uint64_t mix_key(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

// Asks the host for a texture of one grid; `build` fills the arrays when the key changed.
// Returns nullptr when the host cannot draw textures (the caller then draws rectangles).
template <class Build>
void* heatmap_texture(const DrawOptions& o, const Palette& p, int which, uint64_t key, int cols,
                      int rows, float max_value, float cell, Build build) {
    if (!o.host || !o.host->heatmap || !o.heat || cols <= 0 || rows <= 0) return nullptr;
    HeatmapData& data = o.heat[which];
    const int cell_px = std::clamp(static_cast<int>(std::lround(cell)), 2, 64);
    key = mix_key(mix_key(key, static_cast<uint64_t>(cell_px)), static_cast<uint64_t>(cols * 4096 + rows));
    if (data.key != key || data.values.size() != static_cast<size_t>(cols) * rows) {
        data.values.assign(static_cast<size_t>(cols) * rows, 0.0f);
        data.roles.assign(static_cast<size_t>(cols) * rows, 0);
        build(data);
        data.key = key;
    }
    HeatmapImage img;
    img.slot = o.slot_base + which;
    img.key = key;
    img.cols = cols;
    img.rows = rows;
    img.values = data.values.data();
    img.roles = data.roles.data();
    img.max_abs = max_value;
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

void draw_scene(ImDrawList* dl, const Lesson& l, const Scene& s, const Palette& p, const DrawOptions& o) {
    const Config& c = l.config();
    ImFont* font = o.font ? o.font : ImGui::GetFont();
    const float fs = std::clamp(s.cell * 0.36f, 7.0f, 30.0f);
    const float small = std::max(fs * 0.62f, 6.0f);
    const float in_max = max_abs(c.x);
    const int H = c.input[0], W = c.input[1];
    const bool conv = c.op == Op::conv2d;
    const PaddingMode mode = conv ? c.padding_mode : PaddingMode::zeros;

    // Labels.
    char label[128];
    const float label_y = s.input_at.y - ImGui::GetTextLineHeight() - 2;
    std::snprintf(label, sizeof label, "Input %dx%d%s", H, W,
                  (s.rows != H || s.cols != W) ? (" (padded " + std::to_string(s.rows) + "x" +
                                                  std::to_string(s.cols) + ")").c_str()
                                               : "");
    dl->AddText(ImVec2(s.input_at.x, label_y), p.text, label);
    if (s.with_kernel) {
        std::snprintf(label, sizeof label, "%s %dx%d", conv ? "Kernel" : (c.op == Op::max_pool2d ? "Max window" : "Avg window"), s.kh, s.kw);
        dl->AddText(ImVec2(s.kernel_at.x, label_y), p.text, label);
    }
    if (s.oh > 0) {
        std::snprintf(label, sizeof label, "Output %dx%d", s.oh, s.ow);
        dl->AddText(ImVec2(s.output_at.x, label_y), p.text, label);
    }

    // Input grid, padding included: one shader-drawn texture for large maps, else cells.
    const bool large = s.cell < 18 || s.rows * s.cols > 1024;
    const uint64_t theme_key = mix_key(c.theme == teach::Theme::light ? 1 : 2, l.revision);
    void* input_texture = !large ? nullptr : heatmap_texture(o, p, 0, theme_key, s.cols, s.rows, in_max, s.cell, [&](HeatmapData& d) {
        for (int py = 0; py < s.rows; ++py)
            for (int px = 0; px < s.cols; ++px) {
                const int y = py - s.pad_top, x = px - s.pad_left;
                const size_t k = static_cast<size_t>(py * s.cols + px);
                if (y >= 0 && y < H && x >= 0 && x < W) {
                    d.values[k] = c.x[static_cast<size_t>(y * W + x)];
                    const CellRole role = l.error.empty() && o.reveal ? l.role(y, x) : CellRole::visited;
                    d.roles[k] = role == CellRole::dropped ? 2 : role == CellRole::skipped ? 1 : 0;
                } else {
                    const int sy = source_index(mode, y, H), sx = source_index(mode, x, W);
                    d.values[k] = (sy >= 0 && sx >= 0) ? c.x[static_cast<size_t>(sy * W + sx)] : 0.0f;
                    d.roles[k] = 3;
                }
            }
    });
    if (input_texture) {
        dl->AddImage(input_texture, s.input_at, ImVec2(s.input_at.x + s.cols * s.cell, s.input_at.y + s.rows * s.cell));
    } else {
        for (int py = 0; py < s.rows; ++py) {
            for (int px = 0; px < s.cols; ++px) {
                const int y = py - s.pad_top, x = px - s.pad_left;
                const ImVec2 a = s.input_cell(y, x), b(a.x + s.cell, a.y + s.cell);
                const bool inside = y >= 0 && y < H && x >= 0 && x < W;
                if (inside) {
                    const float v = c.x[static_cast<size_t>(y * W + x)];
                    const ImU32 fill = value_colour(p, v, in_max);
                    dl->AddRectFilled(a, b, fill);
                    centred_text(dl, font, fs, a, b, text_on(fill), fmt(v));
                    if (l.error.empty() && o.reveal) {
                        const CellRole role = l.role(y, x);
                        // Never-visited cells are dimmed and hatched so they read as "not used",
                        // whatever their value colour: red for dropped by the floor, grey for skipped.
                        if (role != CellRole::visited) {
                            const bool dropped = role == CellRole::dropped;
                            dl->AddRectFilled(a, b, IM_COL32(0, 0, 0, 150));
                            hatch(dl, a, b, dropped ? p.dropped | 0xFF000000u : p.skipped | 0xFF000000u,
                                  std::max(5.0f, s.cell / 5));
                            centred_text(dl, font, fs, a, b, IM_COL32(255, 255, 255, 200), fmt(v));
                            dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1),
                                        dropped ? p.dropped | 0xFF000000u : p.skipped | 0xFF000000u, 0, 0, 1.5f);
                        }
                    }
                } else {
                    const int sy = source_index(mode, y, H), sx = source_index(mode, x, W);
                    std::string text;
                    ImU32 fill = p.pad;
                    if (sy >= 0 && sx >= 0) {
                        const float v = c.x[static_cast<size_t>(sy * W + sx)];
                        fill = value_colour(p, v, in_max);
                        text = fmt(v);
                    } else {
                        text = c.op == Op::max_pool2d ? "-inf" : "0";
                    }
                    dl->AddRectFilled(a, b, fill);
                    hatch(dl, a, b, (fill & 0x00FFFFFF) | 0x50000000u, std::max(5.0f, s.cell / 3));
                    hatch(dl, a, b, p.pad_hatch, std::max(5.0f, s.cell / 3));
                    centred_text(dl, font, fs * 0.85f, a, b, p.text_dim == 0 ? p.text : text_on(fill), text);
                }
                dl->AddRect(a, b, inside ? p.grid : p.pad_hatch);
            }
        }
    }
    // Outline of the real input inside the padding.
    dl->AddRect(s.input_cell(0, 0), ImVec2(s.input_cell(0, 0).x + W * s.cell, s.input_cell(0, 0).y + H * s.cell),
                p.text, 0, 0, 2.0f);

    // Kernel grid.
    if (s.with_kernel) {
        const float k_max = max_abs(c.w);
        for (int ky = 0; ky < s.kh; ++ky)
            for (int kx = 0; kx < s.kw; ++kx) {
                const ImVec2 a = s.kernel_cell(ky, kx), b(a.x + s.cell, a.y + s.cell);
                if (conv) {
                    const float v = c.w[static_cast<size_t>(ky * s.kw + kx)];
                    const ImU32 fill = value_colour(p, v, k_max);
                    dl->AddRectFilled(a, b, fill);
                    centred_text(dl, font, fs, a, b, text_on(fill), fmt(v));
                } else {
                    dl->AddRectFilled(a, b, p.future);
                    centred_text(dl, font, small, a, b, p.text_dim, c.op == Op::max_pool2d ? "max" : "avg");
                }
                dl->AddRect(a, b, p.grid);
                if (ky == o.hover_k_y && kx == o.hover_k_x) dl->AddRect(a, b, p.kernel_hover, 0, 0, 3.0f);
            }
        dl->AddRect(s.kernel_cell(0, 0), ImVec2(s.kernel_at.x + s.kw * s.cell, s.kernel_at.y + s.kh * s.cell),
                    p.window, 0, 0, 2.5f);
    }

    if (!l.error.empty()) return;

    // Output grid: cells written so far, the current one, cells still to come.
    const int steps = l.steps();
    const float out_max = max_abs(l.output.data);
    void* output_texture = !large ? nullptr : heatmap_texture(o, p, 1, mix_key(theme_key, static_cast<uint64_t>(o.step)), s.ow, s.oh, out_max, s.cell, [&](HeatmapData& d) {
        for (int oy = 0; oy < s.oh; ++oy)
            for (int ox = 0; ox < s.ow; ++ox) {
                const size_t k = static_cast<size_t>(oy * s.ow + ox);
                d.values[k] = l.output.at(0, oy, ox);
                d.roles[k] = l.cell_step(oy, ox) <= o.step ? 0 : 4;
            }
    });
    if (output_texture) {
        dl->AddImage(output_texture, s.output_at, ImVec2(s.output_at.x + s.ow * s.cell, s.output_at.y + s.oh * s.cell));
    } else {
        for (int oy = 0; oy < s.oh; ++oy)
            for (int ox = 0; ox < s.ow; ++ox) {
                const int st = l.cell_step(oy, ox);
                const ImVec2 a = s.output_cell(oy, ox), b(a.x + s.cell, a.y + s.cell);
                if (st <= o.step) {
                    const float v = l.output.at(0, oy, ox);
                    const ImU32 fill = value_colour(p, v, out_max);
                    dl->AddRectFilled(a, b, fill);
                    centred_text(dl, font, fs, a, b, text_on(fill), fmt(v));
                } else {
                    dl->AddRectFilled(a, b, p.future);
                }
                dl->AddRect(a, b, p.grid);
            }
    }
    for (int r : o.readers) {
        const CellIndex ci = l.step_cell(r);
        const ImVec2 a = s.output_cell(ci.row, ci.col);
        dl->AddRect(a, ImVec2(a.x + s.cell, a.y + s.cell), p.readers, 0, 0, 3.0f);
    }
    if (steps > 0 && o.step >= 0) {
        const CellIndex cur = l.step_cell(o.step);
        const ImVec2 a = s.output_cell(cur.row, cur.col);
        dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(a.x + s.cell + 1, a.y + s.cell + 1), p.window, 0, 0, 3.5f);
    }

    // Path of window origins: a dot per step; the steps taken so far joined, so each jump of S
    // cells is visible.
    const float dot = std::max(2.0f, s.cell * 0.09f);
    ImVec2 prev;
    int prev_row = -1;
    for (int st = 0; o.reveal && st < steps; ++st) {
        const auto [ty, tx] = l.tap_position(st, 0, 0);
        const ImVec2 a = s.input_cell(ty, tx);
        const ImVec2 centre(a.x + s.cell * 0.22f, a.y + s.cell * 0.22f);
        const int row = l.step_cell(st).row;
        const bool past = st <= o.step;
        if (past && prev_row == row && st > 0) dl->AddLine(prev, centre, p.path, 2.0f);
        dl->AddCircleFilled(centre, past ? dot * 1.4f : dot, past ? p.path : (p.path & 0x00FFFFFF) | 0x70000000u);
        prev = centre;
        prev_row = row;
    }

    // Label the jump that brought the window here: +S across, or +S down at a new row.
    if (steps > 0 && o.step > 0) {
        const CellIndex cur = l.step_cell(o.step);
        const int from = cur.col > 0 ? o.step - 1 : l.cell_step(cur.row - 1, 0);
        const auto [fy, fx] = l.tap_position(from, 0, 0);
        const auto [ty, tx] = l.tap_position(o.step, 0, 0);
        const ImVec2 a = s.input_cell(fy, fx), b = s.input_cell(ty, tx);
        const ImVec2 pa(a.x + s.cell * 0.22f, a.y + s.cell * 0.22f), pb(b.x + s.cell * 0.22f, b.y + s.cell * 0.22f);
        if (cur.col == 0) dl->AddLine(pa, pb, p.path, 2.0f);
        const std::string jump = "+" + std::to_string(cur.col > 0 ? c.stride[1] : c.stride[0]);
        const ImVec2 mid((pa.x + pb.x) * 0.5f, (pa.y + pb.y) * 0.5f);
        const ImVec2 ts = font->CalcTextSizeA(small, 1e9f, 0, jump.c_str());
        const ImVec2 at = cur.col > 0 ? ImVec2(mid.x - ts.x * 0.5f, mid.y - ts.y - 2) : ImVec2(mid.x + 4, mid.y - ts.y * 0.5f);
        dl->AddRectFilled(ImVec2(at.x - 2, at.y), ImVec2(at.x + ts.x + 2, at.y + ts.y), IM_COL32(0, 0, 0, 170), 3.0f);
        dl->AddText(font, small, at, IM_COL32(255, 255, 255, 255), jump.c_str());
    }

    // The current window: every tap outlined (dilation shows its holes), weights overlaid.
    auto outline_taps = [&](const CellTrace& t, ImU32 col, float thick, bool weights) {
        ImVec2 lo(1e9f, 1e9f), hi(-1e9f, -1e9f);
        for (const Tap& tap : t.taps) {
            const ImVec2 a = s.input_cell(tap.y, tap.x), b(a.x + s.cell, a.y + s.cell);
            lo = ImVec2(std::min(lo.x, a.x), std::min(lo.y, a.y));
            hi = ImVec2(std::max(hi.x, b.x), std::max(hi.y, b.y));
            dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), col, 0, 0, thick);
            if (weights && conv && s.cell >= 22) {
                const std::string wt = "x" + fmt(tap.weight);
                const ImVec2 ts = font->CalcTextSizeA(small, 1e9f, 0, wt.c_str());
                dl->AddRectFilled(ImVec2(b.x - ts.x - 3, a.y + 1), ImVec2(b.x - 1, a.y + ts.y + 1),
                                  IM_COL32(0, 0, 0, 150));
                dl->AddText(font, small, ImVec2(b.x - ts.x - 2, a.y + 1), IM_COL32(255, 225, 90, 255), wt.c_str());
            }
        }
        if (!t.taps.empty()) {
            dl->AddRectFilled(lo, hi, (col & 0x00FFFFFF) | 0x18000000u);
            dl->AddRect(ImVec2(lo.x - 2, lo.y - 2), ImVec2(hi.x + 2, hi.y + 2), col, 0, 0, 1.5f);
        }
    };
    if (o.hover_trace) outline_taps(*o.hover_trace, p.other_window, 2.5f, false);
    if (o.trace) outline_taps(*o.trace, p.window, 3.0f, true);

    // Hovered kernel weight: the input cell it multiplies at this step.
    if (o.hover_k_y >= 0 && conv) {
        const auto [ty, tx] = l.tap_position(o.step, o.hover_k_y, o.hover_k_x);
        const ImVec2 a = s.input_cell(ty, tx);
        dl->AddRect(a, ImVec2(a.x + s.cell, a.y + s.cell), p.kernel_hover, 0, 0, 4.0f);
    }
    // Hovered input cell; for a copied padding cell, a line to where its value comes from.
    if (o.hover_in_y > -1000) {
        const ImVec2 a = s.input_cell(o.hover_in_y, o.hover_in_x);
        dl->AddRect(a, ImVec2(a.x + s.cell, a.y + s.cell), p.readers, 0, 0, 3.0f);
        const int sy = source_index(mode, o.hover_in_y, H), sx = source_index(mode, o.hover_in_x, W);
        const bool inside = o.hover_in_y >= 0 && o.hover_in_y < H && o.hover_in_x >= 0 && o.hover_in_x < W;
        if (!inside && sy >= 0 && sx >= 0) {
            const ImVec2 b = s.input_cell(sy, sx);
            dl->AddRect(b, ImVec2(b.x + s.cell, b.y + s.cell), p.readers, 0, 0, 3.0f);
            dl->AddLine(ImVec2(a.x + s.cell / 2, a.y + s.cell / 2), ImVec2(b.x + s.cell / 2, b.y + s.cell / 2),
                        p.readers, 2.0f);
        }
    }
}

std::string arithmetic(const Lesson& l, const CellTrace& t) { return teach::step_arithmetic(l.config(), t); }

template <class F>
bool combo(const char* label, int current, int count, F name_of, int& chosen) {
    bool changed = false;
    if (ImGui::BeginCombo(label, name_of(current))) {
        for (int k = 0; k < count; ++k) {
            if (ImGui::Selectable(name_of(k), k == current)) {
                chosen = k;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

}  // namespace

// [SECTION] App ----------------------------------------------------------------------------------

void App::set_config(const Config& c, std::vector<std::string> notices) {
    lesson_.set_config(c);
    notices_ = std::move(notices);
    for (auto& n : lesson_.notices) notices_.push_back(n);
    lesson_.notices.clear();
    dirty_ = true;
}

void App::apply(Config c) {
    lesson_.notices.clear();
    if (lesson_.set_config(c)) dirty_ = true;
    if (!lesson_.notices.empty()) notices_ = lesson_.notices;
}

void App::play() {
    if (walk_steps() == 0) return;
    if (current_step() >= walk_steps() - 1) go_to(0);  // replay from the start
    if (!playing_) dirty_ = true;  // hosts hear about play/pause as a state change
    playing_ = true;
    last_advance_ = now_;
}

void App::pause() {
    if (playing_) dirty_ = true;
    playing_ = false;
}

void App::go_to(int step) {
    Config c = config();
    if (c.view == teach::View::compare) {
        // Lockstep over the longer walk; the lesson's own step follows, clamped to its walk.
        compare_tick_ = std::clamp(step, 0, std::max(walk_steps() - 1, 0));
        step = compare_tick_;
    }
    c.step = std::clamp(step, 0, std::max(lesson_.steps() - 1, 0));
    apply(c);
}

const Result<CellTrace>& App::traced(int slot, const Lesson& l, int step) {
    TraceCache& t = traces_[slot];
    if (!t.valid || t.lesson != &l || t.revision != l.revision || t.step != step) {
        t.trace = l.trace(step);
        t.lesson = &l;
        t.revision = l.revision;
        t.step = step;
        t.valid = true;
    }
    return t.trace;
}

void App::step(int delta) { go_to(current_step() + delta); }

void App::sync_compare() {
    if (config().view != teach::View::compare) {
        compare_tick_ = config().step;
        return;
    }
    Config other = config();
    other.stride = other.compare_stride;
    other.view = teach::View::walk;
    other.step = compare_tick_;
    compare_.set_config(other);
    if (compare_tick_ < config().step) compare_tick_ = config().step;  // e.g. a step set by a link
}

int App::walk_steps() const {
    if (config().view == teach::View::compare) return std::max(lesson_.steps(), compare_.steps());
    return lesson_.steps();
}

int App::current_step() const {
    return config().view == teach::View::compare ? compare_tick_ : config().step;
}

void App::set_speed(float steps_per_second) { speed_ = std::clamp(steps_per_second, 0.25f, 20.0f); }

void App::advance(double now) {
    now_ = now;
    if (!playing_) return;
    if (walk_steps() == 0) {
        pause();
        return;
    }
    if (now - last_advance_ >= 1.0 / speed_) {
        last_advance_ = now;
        if (current_step() >= walk_steps() - 1)
            pause();
        else
            step(1);
    }
}

void App::handle_keyboard() {
    ImGuiIO& io = ImGui::GetIO();
    std::vector<Key> keys;
    keys.swap(pending_keys_);
    if (io.WantTextInput) return;  // typing into a field: keys belong to it
    for (Key k : keys) {
        switch (k) {
            case Key::space: playing_ ? pause() : play(); break;
            case Key::right: pause(); step(1); break;
            case Key::left: pause(); step(-1); break;
            case Key::home: pause(); go_to(0); break;
            case Key::end: pause(); go_to(walk_steps() - 1); break;
            case Key::escape: show_help_ = false; break;
        }
    }
    for (ImWchar ch : io.InputQueueCharacters) {
        if (ch == '+' || ch == '=') set_speed(speed_ * 1.5f);
        if (ch == '-' || ch == '_') set_speed(speed_ / 1.5f);
        if (ch == '?' || ch == 'h') show_help_ = !show_help_;
    }
}

void App::frame(double now_seconds) {
    sync_compare();
    advance(now_seconds);
    handle_keyboard();
    hover_ = next_hover_;
    next_hover_ = Hover{};

    const Config& c = config();
    if (c.theme == teach::Theme::light) ImGui::StyleColorsLight();
    else ImGui::StyleColorsDark();
    ImFont* font = (c.large_text && fonts.large) ? fonts.large : nullptr;
    if (font) ImGui::PushFont(font);

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::Begin("Stride Convolution Lab", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar();
    if (!c.embed) {
        const float panel_w = std::min(ImGui::GetFontSize() * 19.0f, vp->WorkSize.x * 0.4f);
        ImGui::BeginChild("controls", ImVec2(panel_w, 0), true);
        draw_controls();
        ImGui::EndChild();
        ImGui::SameLine();
    }
    ImGui::BeginChild("canvas", ImVec2(0, 0), false);
    draw_canvas();
    ImGui::EndChild();
    draw_cell_editor();
    ImGui::End();
    if (show_help_) draw_help();
    if (font) ImGui::PopFont();

    if (dirty_ && host.state_changed) host.state_changed(config());
    dirty_ = false;
}

// [SECTION] Controls panel -----------------------------------------------------------------------

void App::draw_controls() {
    Config c = config();
    const Config before = c;
    ImGui::TextUnformatted("Stride Convolution Lab");
    ImGui::TextDisabled("press ? for keyboard help");
    ImGui::Separator();

    // Lessons.
    const auto& ls = teach::lessons();
    int chosen = -1;
    int current = -1;
    for (size_t k = 0; k < ls.size(); ++k)
        if (c.lesson == ls[k].name) current = static_cast<int>(k);
    if (combo("Lesson", current, static_cast<int>(ls.size()),
              [&](int k) { return k < 0 ? "(your own)" : ls[static_cast<size_t>(k)].title; }, chosen)) {
        auto lc = teach::lesson_config(ls[static_cast<size_t>(chosen)].name);
        if (lc) {
            lc->theme = c.theme;
            lc->large_text = c.large_text;
            lc->view = c.view;
            pause();
            apply(*lc);
            return;
        }
    }
    if (current >= 0) ImGui::TextWrapped("%s", ls[static_cast<size_t>(current)].point);
    ImGui::Separator();

    int op = static_cast<int>(c.op);
    const char* ops[] = {"conv2d", "max_pool2d", "avg_pool2d"};
    if (combo("Operation", op, 3, [&](int k) { return ops[k]; }, op)) c.op = static_cast<Op>(op);

    ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
    ImGui::SliderInt2("Input HxW", c.input.data(), 1, teach::kMaxGrid);
    ImGui::SliderInt2("Kernel HxW", c.kernel.data(), 1, teach::kMaxKernel);
    ImGui::SliderInt2("Stride", c.stride.data(), 1, teach::kMaxStride);
    ImGui::SliderInt2("Dilation", c.dilation.data(), 1, teach::kMaxDilation);
    ImGui::PopItemWidth();

    ImGui::TextUnformatted("Padding");
    const char* presets[] = {"custom", "same", "valid", "full"};
    for (int k = 0; k < 4; ++k) {
        if (k) ImGui::SameLine();
        if (ImGui::RadioButton(presets[k], static_cast<int>(c.pad_preset) == k))
            c.pad_preset = static_cast<teach::PadPreset>(k);
    }
    if (c.pad_preset == teach::PadPreset::custom) {
        ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
        int tb[2] = {c.padding.top, c.padding.bottom}, lr[2] = {c.padding.left, c.padding.right};
        if (ImGui::SliderInt2("top, bottom", tb, 0, teach::kMaxPad)) { c.padding.top = tb[0]; c.padding.bottom = tb[1]; }
        if (ImGui::SliderInt2("left, right", lr, 0, teach::kMaxPad)) { c.padding.left = lr[0]; c.padding.right = lr[1]; }
        ImGui::PopItemWidth();
    } else {
        const Pad4 p = teach::effective_padding(c);
        ImGui::TextDisabled("= top %d, bottom %d, left %d, right %d", p.top, p.bottom, p.left, p.right);
    }
    if (c.op == Op::conv2d) {
        int mode = static_cast<int>(c.padding_mode);
        const char* modes[] = {"zeros", "reflect", "replicate", "circular"};
        if (combo("padding_mode", mode, 4, [&](int k) { return modes[k]; }, mode))
            c.padding_mode = static_cast<PaddingMode>(mode);
        ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
        ImGui::DragFloat("Bias", &c.bias, 0.1f, -100.0f, 100.0f, "%.2f");
        ImGui::PopItemWidth();
    } else {
        ImGui::Checkbox("ceil_mode", &c.ceil_mode);
        if (c.op == Op::avg_pool2d) ImGui::Checkbox("count_include_pad", &c.count_include_pad);
    }
    ImGui::Separator();

    // Values.
    int fill = static_cast<int>(c.fill);
    const char* fills[] = {"1, 2, 3, ... (seed)", "random integers", "all ones", "checkerboard", "edited by hand"};
    if (combo("Input values", fill, 5, [&](int k) { return fills[k]; }, fill)) c.fill = static_cast<teach::Fill>(fill);
    if (c.fill == teach::Fill::random) {
        int seed = static_cast<int>(c.seed);
        ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
        if (ImGui::InputInt("seed", &seed)) c.seed = static_cast<uint32_t>(std::max(seed, 0));
        ImGui::PopItemWidth();
    }
    if (c.op == Op::conv2d) {
        const auto& kp = teach::kernel_presets();
        int cur = -1;
        for (size_t k = 0; k < kp.size(); ++k)
            if (c.kernel_preset == kp[k].name) cur = static_cast<int>(k);
        int pick = cur;
        if (combo("Kernel values", cur, static_cast<int>(kp.size()),
                  [&](int k) { return k < 0 ? "edited by hand" : kp[static_cast<size_t>(k)].label; }, pick))
            c.kernel_preset = kp[static_cast<size_t>(pick)].name;
    }
    ImGui::TextDisabled("Click a cell to edit its value.");
    ImGui::Separator();

    // View and presentation.
    int view = static_cast<int>(c.view);
    if (ImGui::RadioButton("Walk", view == 0)) c.view = teach::View::walk;
    ImGui::SameLine();
    if (ImGui::RadioButton("Compare strides", view == 1)) c.view = teach::View::compare;
    ImGui::SameLine();
    if (ImGui::RadioButton("Quiz", view == 2)) c.view = teach::View::quiz;
    if (c.view == teach::View::compare) {
        ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
        ImGui::SliderInt2("other stride", c.compare_stride.data(), 1, teach::kMaxStride);
        ImGui::PopItemWidth();
    }
    bool light = c.theme == teach::Theme::light;
    if (ImGui::Checkbox("Light theme", &light)) c.theme = light ? teach::Theme::light : teach::Theme::dark;
    ImGui::SameLine();
    ImGui::Checkbox("Projector text", &c.large_text);
    ImGui::Separator();

    if (host.share_link && ImGui::Button("Copy link") && host.copy_text) host.copy_text(host.share_link(c));
    if (host.embed_code) {
        ImGui::SameLine();
        if (ImGui::Button("Copy embed code") && host.copy_text) host.copy_text(host.embed_code(c));
    }
    if (host.export_png) {
        if (ImGui::Button("PNG 1x")) host.export_png(1);
        ImGui::SameLine();
        if (ImGui::Button("2x")) host.export_png(2);
        ImGui::SameLine();
        if (ImGui::Button("4x")) host.export_png(4);
    }
    if (host.record_walk) {
        if (host.export_png) ImGui::SameLine();
        if (ImGui::Button("Record walk (WebM)")) host.record_walk();
    }

    if (!(c == before)) {
        // Changing a parameter leaves the lesson (the URL then carries the parameters);
        // presentation alone (theme, text size, view) keeps it.
        Config presentation_only = before;
        presentation_only.theme = c.theme;
        presentation_only.large_text = c.large_text;
        presentation_only.view = c.view;
        presentation_only.compare_stride = c.compare_stride;
        if (!(c == presentation_only)) c.lesson.clear();
        apply(c);
    }
}

// [SECTION] Canvas -------------------------------------------------------------------------------

void App::draw_transport() {
    const int steps = walk_steps();
    const int now_step = current_step();
    if (ImGui::Button("|<")) { pause(); go_to(0); }
    ImGui::SameLine();
    if (ImGui::Button("<")) { pause(); step(-1); }
    ImGui::SameLine();
    if (ImGui::Button(playing_ ? "Pause" : "Play ", ImVec2(ImGui::GetFontSize() * 4, 0))) playing_ ? pause() : play();
    ImGui::SameLine();
    if (ImGui::Button(">")) { pause(); step(1); }
    ImGui::SameLine();
    if (ImGui::Button(">|")) { pause(); go_to(steps - 1); }
    ImGui::SameLine();
    int s = now_step + 1;
    ImGui::PushItemWidth(std::max(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 12, 60.0f));
    char label[64];
    std::snprintf(label, sizeof label, "step %%d of %d", std::max(steps, 0));
    if (ImGui::SliderInt("##scrub", &s, steps > 0 ? 1 : 0, std::max(steps, 0), label)) { pause(); go_to(s - 1); }
    ImGui::PopItemWidth();
    ImGui::SameLine();
    ImGui::PushItemWidth(ImGui::GetFontSize() * 6);
    float sp = speed_;
    if (ImGui::SliderFloat("##speed", &sp, 0.25f, 20.0f, "%.2g steps/s", ImGuiSliderFlags_Logarithmic)) set_speed(sp);
    ImGui::PopItemWidth();
}

void App::draw_canvas() {
    const Config& c = config();
    const Palette p = palette(c.theme);
    if (!lesson_.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.error));
        ImGui::TextWrapped("Refused: %s", lesson_.error.c_str());
        ImGui::PopStyleColor();
    }
    for (const auto& n : notices_) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.notice));
        ImGui::TextWrapped("Note: %s", n.c_str());
        ImGui::PopStyleColor();
    }
    if (!notices_.empty()) {
        ImGui::SameLine();
        if (ImGui::SmallButton("dismiss")) notices_.clear();
    }
    if (c.view != teach::View::quiz) draw_transport();
    const float explain_h = ImGui::GetTextLineHeightWithSpacing() * (c.embed ? 4.5f : 7.5f);
    const float grid_h = std::max(ImGui::GetContentRegionAvail().y - explain_h, 80.0f);
    if (c.view == teach::View::quiz) {
        draw_quiz(ImGui::GetContentRegionAvail().y);
        return;
    }
    if (c.view == teach::View::compare) draw_compare(grid_h);
    else draw_walk(grid_h);
    draw_explanation();
}

void App::draw_walk(float height) {
    const Lesson& l = lesson_;
    const Config& c = l.config();
    const Palette p = palette(c.theme);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 avail(ImGui::GetContentRegionAvail().x, height);
    const float label_h = ImGui::GetTextLineHeightWithSpacing() + 4;
    const Scene s = layout(l, ImVec2(at.x + 4, at.y), ImVec2(avail.x - 8, avail.y), label_h, true,
                           ImGui::GetFontSize() * 4.5f);

    placement_ = {s.cell, s.input_at.x, s.input_at.y, s.kernel_at.x, s.kernel_at.y,
                  s.output_at.x, s.output_at.y, s.pad_top, s.pad_left};
    ImGui::InvisibleButton("grids", avail);
    const bool hovered = ImGui::IsItemHovered();
    const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    const ImVec2 mouse = ImGui::GetIO().MousePos;

    DrawOptions o;
    o.step = c.step;
    o.host = &host;
    o.heat = heat_;
    const Result<CellTrace>& cur = traced(0, l, c.step);
    if (cur.ok()) o.trace = &cur.value;
    int r = 0, col = 0;
    const Pad4 pad = teach::effective_padding(c);
    if (hovered) {
        if (Scene::hit(mouse, s.input_at, s.cell, s.rows, s.cols, r, col)) {
            next_hover_ = {Hover::input, r - pad.top, col - pad.left};
        } else if (Scene::hit(mouse, s.kernel_at, s.cell, s.kh, s.kw, r, col)) {
            next_hover_ = {Hover::kernel, r, col};
        } else if (Scene::hit(mouse, s.output_at, s.cell, s.oh, s.ow, r, col)) {
            next_hover_ = {Hover::output, r, col};
        }
    }
    const Hover h = next_hover_;
    std::string tip;
    if (h.kind == Hover::input) {
        o.hover_in_y = h.row;
        o.hover_in_x = h.col;
        const bool inside = h.row >= 0 && h.row < c.input[0] && h.col >= 0 && h.col < c.input[1];
        if (inside) {
            int reads = 0;
            o.readers = l.readers(h.row, h.col, &reads);
            tip = "x[" + std::to_string(h.row) + "][" + std::to_string(h.col) + "] = " +
                  fmt(c.x[static_cast<size_t>(h.row * c.input[1] + h.col)]);
            if (l.error.empty()) {
                const CellRole role = l.role(h.row, h.col);
                if (reads > 0)
                    tip += "\nread by " + std::to_string(o.readers.size()) + " window(s), " +
                           std::to_string(reads) + " time(s) in all";
                if (role == CellRole::dropped)
                    tip += "\nnever visited: after the last window (dropped by the floor)";
                else if (role == CellRole::skipped)
                    tip += "\nnever visited: the stride jumps over it";
            }
            if (clicked) {
                edit_ = {false, h.row * c.input[1] + h.col, c.x[static_cast<size_t>(h.row * c.input[1] + h.col)]};
                open_editor_ = true;
            }
        } else {
            const PaddingMode mode = c.op == Op::conv2d ? c.padding_mode : PaddingMode::zeros;
            const int sy = source_index(mode, h.row, c.input[0]), sx = source_index(mode, h.col, c.input[1]);
            tip = std::string("padding (") + (c.op == Op::max_pool2d ? "-inf: never the maximum" : to_string(mode)) + ")";
            if (sy >= 0 && sx >= 0)
                tip += ": a copy of x[" + std::to_string(sy) + "][" + std::to_string(sx) + "]";
            else if (c.op != Op::max_pool2d)
                tip += ": reads 0";
        }
    } else if (h.kind == Hover::kernel) {
        o.hover_k_y = h.row;
        o.hover_k_x = h.col;
        if (c.op == Op::conv2d) {
            const auto [ty, tx] = l.tap_position(c.step, h.row, h.col);
            tip = "w[" + std::to_string(h.row) + "][" + std::to_string(h.col) + "] = " +
                  fmt(c.w[static_cast<size_t>(h.row * c.kernel[1] + h.col)]) + "\nmultiplies input (" +
                  std::to_string(ty) + ", " + std::to_string(tx) + ") at this step";
            if (clicked) {
                edit_ = {true, h.row * c.kernel[1] + h.col, c.w[static_cast<size_t>(h.row * c.kernel[1] + h.col)]};
                open_editor_ = true;
            }
        }
    } else if (h.kind == Hover::output) {
        const int st = l.cell_step(h.row, h.col);
        const Result<CellTrace>& hover_trace = traced(1, l, st);
        if (hover_trace.ok()) {
            o.hover_trace = &hover_trace.value;
            tip = "y[" + std::to_string(h.row) + "][" + std::to_string(h.col) + "] (step " +
                  std::to_string(st + 1) + ")\n" + arithmetic(l, hover_trace.value);
        }
        if (clicked) {
            pause();
            go_to(st);
        }
    }
    draw_scene(dl, l, s, p, o);
    if (!tip.empty()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextUnformatted(tip.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }

    // Legend under the input grid.
    const float lx = s.input_at.x, ly = s.input_at.y + s.rows * s.cell + 6;
    if (ly + ImGui::GetTextLineHeight() < at.y + height) {
        float x = lx;
        const float sq = ImGui::GetTextLineHeight() * 0.8f;
        auto item = [&](ImU32 col, const char* text, bool hatched) {
            dl->AddRectFilled(ImVec2(x, ly + 2), ImVec2(x + sq, ly + 2 + sq), hatched ? p.pad : col);
            if (hatched) hatch(dl, ImVec2(x, ly + 2), ImVec2(x + sq, ly + 2 + sq), col, 4);
            dl->AddRect(ImVec2(x, ly + 2), ImVec2(x + sq, ly + 2 + sq), p.grid);
            dl->AddText(ImVec2(x + sq + 4, ly), p.text_dim, text);
            x += sq + 12 + ImGui::CalcTextSize(text).x;
        };
        item(p.window, "window", false);
        item(p.pad_hatch, "padding", true);
        item(p.dropped | 0xFF000000u, "dropped", true);
        item(p.skipped | 0xFF000000u, "skipped", true);
    }
}

void App::draw_compare(float height) {
    const Config& c = config();
    const Palette p = palette(c.theme);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float label_h = ImGui::GetTextLineHeightWithSpacing() * 2 + 4;
    ImGui::InvisibleButton("compare", ImVec2(w, height));
    // Lockstep: both walks show the same step number; the shorter one finishes first.
    const Lesson* sides[2] = {&compare_, &lesson_};
    for (int k = 0; k < 2; ++k) {
        const Lesson& l = *sides[k];
        const ImVec2 origin(at.x + 4 + k * w / 2, at.y);
        const Scene s = layout(l, origin, ImVec2(w / 2 - 16, height), label_h, false, ImGui::GetFontSize() * 3.5f);
        DrawOptions o;
        o.step = std::min(compare_tick_, std::max(l.steps() - 1, 0));
        o.host = &host;
        o.heat = heat_ + (k == 0 ? 2 : 0);
        o.slot_base = k == 0 ? 2 : 0;
        const Result<CellTrace>& t = traced(2 + k, l, o.step);
        if (t.ok()) o.trace = &t.value;
        char head[160];
        const auto& cc = l.config();
        if (l.error.empty())
            std::snprintf(head, sizeof head, "stride %dx%d: %d steps, %lld MACs%s", cc.stride[0], cc.stride[1],
                          l.steps(), static_cast<long long>(l.macs()), compare_tick_ >= l.steps() - 1 && l.steps() > 0 ? "  (done)" : "");
        else
            std::snprintf(head, sizeof head, "stride %dx%d: refused: %s", cc.stride[0], cc.stride[1], l.error.c_str());
        dl->AddText(origin, l.error.empty() ? p.text : p.error, head);
        draw_scene(dl, l, s, p, o);
    }
}

void App::next_question() {
    quiz_.index += 1;
    quiz_.question = teach::make_question(quiz_.seed, quiz_.index);
    quiz_.lesson.set_config(quiz_.question.config);
    quiz_.typed[0] = '\0';
    quiz_.answered = false;
    quiz_.verdict = {};
}

teach::Verdict App::answer_quiz(const std::string& typed) {
    if (quiz_.index < 0) next_question();
    teach::Verdict v = teach::check_answer(quiz_.question, typed);
    if (v.understood && !quiz_.answered) {
        quiz_.answered = true;
        quiz_.asked += 1;
        if (v.correct) quiz_.correct += 1;
    }
    quiz_.verdict = v;
    return v;
}

void App::draw_quiz(float height) {
    if (quiz_.index < 0) next_question();
    const teach::Question& q = quiz_.question;
    const Lesson& l = quiz_.lesson;
    const Config& qc = l.config();
    const Palette p = palette(config().theme);
    const Pad4 pad = teach::effective_padding(qc);
    ImGui::Text("Question %d   (score %d of %d)", quiz_.index + 1, quiz_.correct, quiz_.asked);
    ImGui::TextWrapped("Input %dx%d, kernel %dx%d, stride %dx%d, padding top %d bottom %d left %d right %d, dilation %dx%d.",
                       qc.input[0], qc.input[1], qc.kernel[0], qc.kernel[1], qc.stride[0], qc.stride[1], pad.top,
                       pad.bottom, pad.left, pad.right, qc.dilation[0], qc.dilation[1]);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.window));
    ImGui::TextWrapped("%s", q.prompt.c_str());
    ImGui::PopStyleColor();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool entered = ImGui::InputText("##answer", quiz_.typed, sizeof quiz_.typed, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Check") || entered) answer_quiz(quiz_.typed);
    ImGui::SameLine();
    if (ImGui::Button("Next question")) next_question();
    if (!quiz_.verdict.feedback.empty()) {
        const ImU32 col = !quiz_.verdict.understood ? p.notice : quiz_.verdict.correct ? p.other_window : p.error;
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(col));
        ImGui::TextWrapped("%s", quiz_.verdict.feedback.c_str());
        ImGui::PopStyleColor();
        if (quiz_.answered) ImGui::TextWrapped("%s", q.explanation.c_str());
    }

    // The configuration, drawn without giving the answer away until it is given.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 avail(ImGui::GetContentRegionAvail().x, std::max(ImGui::GetContentRegionAvail().y, 80.0f));
    const float label_h = ImGui::GetTextLineHeightWithSpacing() + 4;
    const bool show_output = quiz_.answered && q.kind != teach::QuestionKind::output_size;
    Scene s = layout(l, ImVec2(at.x + 4, at.y + label_h * 0.5f), ImVec2(avail.x - 8, avail.y - label_h), label_h,
                     true, ImGui::GetFontSize() * 4.0f);
    if (q.kind == teach::QuestionKind::output_size && !quiz_.answered) s.oh = s.ow = 0;  // that is the answer
    ImGui::InvisibleButton("quiz grids", avail);
    DrawOptions o;
    o.host = &host;
    o.heat = heat_;
    o.reveal = quiz_.answered;
    o.step = show_output ? l.steps() - 1 : -1;
    Result<CellTrace> asked;
    if (q.kind == teach::QuestionKind::output_value) {
        asked = l.trace(qc.step);
        if (asked.ok()) o.trace = &asked.value;
        if (quiz_.answered) o.step = qc.step;
        o.readers = {qc.step};  // outline the output cell asked about
    }
    draw_scene(dl, l, s, p, o);
    (void)height;
}

void App::draw_explanation() {
    const Lesson& l = lesson_;
    const Config& c = l.config();
    const Palette p = palette(c.theme);
    ImGui::Separator();
    if (!l.error.empty()) {
        ImGui::TextWrapped("Height: %s", l.formula(true).c_str());
        ImGui::TextWrapped("Width:  %s", l.formula(false).c_str());
        return;
    }
    const Result<CellTrace>& cur = traced(0, l, c.step);
    if (cur.ok()) {
        const auto cell = l.step_cell(c.step);
        ImGui::Text("Step %d of %d: output (%d, %d) from the window at input (%d, %d)", c.step + 1, l.steps(), cell.row,
                    cell.col, cur.value.origin_y, cur.value.origin_x);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.window));
        ImGui::TextWrapped("%s", arithmetic(l, cur.value).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::TextWrapped("Height: %s", l.formula(true).c_str());
    ImGui::TextWrapped("Width:  %s", l.formula(false).c_str());
    const auto& g = l.shape;
    const int64_t never = g.never_visited_cells();
    std::string reach;
    if (g.rows.dropped_input || g.cols.dropped_input) {
        reach = "Dropped by the floor: ";
        if (g.rows.dropped_input) reach += std::to_string(g.rows.dropped_input) + " last row(s) ";
        if (g.cols.dropped_input) reach += std::to_string(g.cols.dropped_input) + " last column(s) ";
        reach += "  ";
    }
    reach += "Never visited: " + std::to_string(never) + " of " + std::to_string(g.input_cells()) + " input cells";
    ImGui::TextUnformatted(reach.c_str());
    const double ratio = g.macs > 0 ? double(g.macs_stride1) / double(g.macs) : 0.0;
    ImGui::TextWrapped("Cost: %lld %s at stride %dx%d vs %lld at stride 1 (%.2fx fewer);  output/input cells = %lld/%lld = %.3g",
                static_cast<long long>(g.macs), c.op == Op::conv2d ? "MACs" : "window reads", c.stride[0], c.stride[1],
                static_cast<long long>(g.macs_stride1), ratio, static_cast<long long>(g.output_cells()),
                static_cast<long long>(g.input_cells()), double(g.output_cells()) / double(std::max<int64_t>(g.input_cells(), 1)));
}

void App::draw_cell_editor() {
    if (open_editor_) {
        ImGui::OpenPopup("edit value");
        open_editor_ = false;
    }
    if (ImGui::BeginPopup("edit value")) {
        ImGui::Text("%s value", edit_.kernel ? "Kernel" : "Input");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        const bool done = ImGui::InputFloat("##v", &edit_.value, 1.0f, 5.0f, "%g", ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ImGui::DragFloat("drag", &edit_.value, 0.1f, -1000.0f, 1000.0f, "%g");
        if (!std::isfinite(edit_.value)) edit_.value = 0;
        edit_.value = std::clamp(edit_.value, -1e6f, 1e6f);
        Config c = config();
        auto& values = edit_.kernel ? c.w : c.x;
        if (edit_.index >= 0 && static_cast<size_t>(edit_.index) < values.size() &&
            values[static_cast<size_t>(edit_.index)] != edit_.value) {
            values[static_cast<size_t>(edit_.index)] = edit_.value;
            if (edit_.kernel) c.kernel_preset = "custom";
            else c.fill = teach::Fill::custom;
            c.lesson.clear();
            apply(c);
        }
        if (done || ImGui::Button("OK")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

void App::draw_help() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::Begin("Keyboard", &show_help_, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
    const char* rows[][2] = {{"Space", "play / pause"},         {"Left / Right", "step back / forward"},
                             {"Home / End", "first / last step"}, {"+ / -", "faster / slower"},
                             {"?", "this help"},                  {"Esc", "close help"}};
    if (ImGui::BeginTable("keys", 2)) {
        for (auto& r : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r[0]);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r[1]);
        }
        ImGui::EndTable();
    }
    ImGui::Separator();
    ImGui::TextUnformatted("Hover an output cell to see its window, an input cell to see\n"
                           "which outputs read it, a kernel weight to see what it multiplies.\n"
                           "Click an output cell to jump there; click a value to edit it.");
    ImGui::End();
}

}  // namespace strideconv::ui
