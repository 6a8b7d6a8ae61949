// image_view.cpp -- image mode's view and side panel (see image_view.hpp). Draws what
// teach::ImageModel says; the only arithmetic here is layout (zoom, screen <-> pixel).
//
// [SECTION] Pictures
// [SECTION] The view
// [SECTION] The side panel
#include "ui/image_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "ui/canvas_text.hpp"
#include "ui/wrap_text.hpp"

namespace strideconv::ui {

namespace {

using image::Route;

// [SECTION] Pictures -----------------------------------------------------------------------------

void set_colour(float out[3], const ImVec4& c) {
    out[0] = c.x;
    out[1] = c.y;
    out[2] = c.z;
}

ImU32 lerp_colour(const ImVec4& a, const ImVec4& b, float t) {
    return ImGui::ColorConvertFloat4ToU32(ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1));
}

// The legend: a bar with the map's colours and its labels, then its sentence.
void draw_legend(const teach::DisplayMap& map, const Palette& p, float width) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float h = ImGui::GetTextLineHeight() * 0.8f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 label = ImGui::CalcTextSize(map.low.c_str());
    // Narrower where the space left would push the high label off the panel (phones).
    const float room = ImGui::GetContentRegionAvail().x - label.x - ImGui::CalcTextSize(map.high.c_str()).x - 14;
    width = std::max(std::min(width, room), ImGui::GetFontSize() * 3);
    const float x0 = at.x + label.x + 6, x1 = x0 + width;
    const int steps = 32;
    for (int k = 0; k < steps; ++k) {
        const float t0 = float(k) / steps, t1 = float(k + 1) / steps, t = (t0 + t1) / 2;
        ImU32 col = 0;
        if (map.kind == image::ValueMap::Kind::signed_around_zero && map.diverging) {
            const float v = t * 2 - 1;
            col = lerp_colour(p.zero, v < 0 ? p.negative : p.positive, std::fabs(v));
        } else {
            col = lerp_colour(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1), t);
        }
        dl->AddRectFilled(ImVec2(x0 + width * t0, at.y + 2), ImVec2(x0 + width * t1 + 0.5f, at.y + 2 + h), col);
    }
    dl->AddRect(ImVec2(x0, at.y + 2), ImVec2(x1, at.y + 2 + h), p.grid);
    canvas_text(dl, at, p.text, map.low.c_str());
    canvas_text(dl, ImVec2(x1 + 6, at.y), p.text, map.high.c_str());
    if (!map.middle.empty()) {
        const float mx = (x0 + x1) / 2;
        dl->AddLine(ImVec2(mx, at.y), ImVec2(mx, at.y + 4 + h), p.text);
        const float w = ImGui::CalcTextSize(map.middle.c_str()).x;
        canvas_text(dl, ImVec2(mx - w / 2, at.y + h + 3), p.text_dim, map.middle.c_str());
    }
    ImGui::Dummy(ImVec2(width + label.x + 12 + ImGui::CalcTextSize(map.high.c_str()).x,
                        h + (map.middle.empty() ? 4 : ImGui::GetTextLineHeight() + 4)));
}

// The zoom of the picture in a panel `box` wide: whole screen pixels per picture pixel when it
// fits, otherwise 1/2, 1/3, ... (reduced through mipmaps).
float fit_zoom(int cols, float box) {
    if (cols <= 0 || box <= 0) return 1;
    if (box >= cols) return std::floor(box / float(cols));
    return 1.0f / std::ceil(float(cols) / box);
}

// Image mode's one zoom (zoom=): at 100 % the picture fits `box`; above, it is `scale` times as large
// as fitted, to the nearest whole number of screen pixels per picture pixel (or 1/n): pixel-exact,
// since a fractional zoom would draw some pixels wider than others, a pattern of its own over a zone
// plate. So 200 % shows a picture fitted at 1x at 2x, one fitted at 2x at 4x.
float zoomed_fit(int cols, float box, float scale) {
    const float fitted = fit_zoom(cols, box);
    if (scale <= 1) return fitted;
    const float wanted = fitted * scale;
    return wanted >= 1 ? std::max(fitted, std::round(wanted)) : 1.0f / std::round(1.0f / wanted);
}

const char* zoom_label(float zoom) {
    static char text[32];
    if (zoom >= 1) std::snprintf(text, sizeof text, "%gx", double(zoom));
    else std::snprintf(text, sizeof text, "1/%gx", double(1.0f / zoom));
    return text;
}

}  // namespace

PictureImage describe_picture(int slot, uint64_t key, const Tensor& t, const teach::DisplayMap& map, const Palette& p) {
    PictureImage pic;
    pic.slot = slot;
    pic.key = key;
    pic.channels = t.c;
    pic.rows = t.h;
    pic.cols = t.w;
    pic.values = t.data.data();
    pic.scale = map.scale;
    switch (map.kind) {
        case image::ValueMap::Kind::unit: pic.map = picture_unit; break;
        case image::ValueMap::Kind::positive: pic.map = picture_positive; break;
        case image::ValueMap::Kind::signed_around_zero: pic.map = map.diverging ? picture_diverging : picture_signed; break;
    }
    set_colour(pic.zero, p.zero);
    set_colour(pic.positive, p.positive);
    set_colour(pic.negative, p.negative);
    return pic;
}

// [SECTION] The view -----------------------------------------------------------------------------

void ImageView::draw(const ViewContext& ctx, teach::ImageModel& m) {
    teach::Player& player = ctx.player;
    const teach::Config& c = player.config();
    const Palette& p = ctx.palette;
    const float fs = ImGui::GetFontSize();
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // Header: the picture, progress, zoom and legend.
    text_wrapped(m.picture_title().c_str());
    if (m.busy()) {
        ImGui::SameLine();
        char label[32];
        std::snprintf(label, sizeof label, "%s", teach::trf(c.lang, "computing {0} %", {std::to_string(static_cast<int>(m.progress() * 100))}).c_str());
        ImGui::ProgressBar(static_cast<float>(m.progress()), ImVec2(fs * 9, 0), label);
    }
    if (!m.error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.error));
        text_wrapped(teach::say(c.lang, m.error_message()).c_str());
        ImGui::PopStyleColor();
    }
    for (const Message& n : m.notices()) {
        // Worded now, in the language drawn: a language switch rewords the notices made before it.
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.notice));
        text_wrapped(teach::say(c.lang, n).c_str());
        ImGui::PopStyleColor();
    }
    // The pictures' zoom is the lab's one zoom (zoom=: the side panel's Zoom row, ] [ 0, a pinch);
    // image mode's own picker (fit, 1x..8x) beside it was a second zoom that links did not carry.
    ImGui::TextUnformatted(teach::tr(c.lang, "Outputs"));
    ImGui::SameLine();
    draw_legend(m.output_map(), p, fs * 8);

    // The value under the pointer (also for touch screens: the last pixel pointed at).
    const float gap = fs * 0.8f;
    const teach::PixelInfo pointed = hovered_.card >= -1 ? m.pixel(hovered_.card, hovered_.row, hovered_.col)
                                                         : teach::PixelInfo{};
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.text_dim));
    text_wrapped(pointed.valid ? pointed.text.c_str()
                                           : teach::tr(c.lang, "Point at a pixel to read its value; click an output pixel to walk its window."));
    ImGui::PopStyleColor();

    // Panels: the picture, then each route, in a flow of equal columns.
    const image::Image* pic = m.picture();
    const auto& cards = m.cards();
    const int panels = 1 + static_cast<int>(cards.size());
    const int in_h = pic ? pic->pixels.h : c.image.size[0], in_w = pic ? pic->pixels.w : c.image.size[1];
    // The zoom (zoom=) lays the panels out in a room that much larger, inside a child window that
    // scrolls over them (ZoomArea, as the walk's grids), and the pictures fit it (zoomed_fit).
    const float canvas_h = ImGui::GetWindowHeight();
    const ImVec2 area(std::max(ImGui::GetContentRegionAvail().x, fs * 8),
                      std::max(ImGui::GetContentRegionAvail().y, canvas_h * 0.6f));
    const ImVec2 room = zoom_area_.begin("image-zoom", area, c.zoom, ctx.pan);
    dl = ImGui::GetWindowDrawList();
    const float avail = zoom_area_.zoomed ? room.x : area.x;
    // As many columns as at 100 %, each wider by the zoom: on a phone one column, not three
    // narrower ones whose pictures came out smaller at 200 % than at 100 %.
    const int columns = std::clamp(static_cast<int>(area.x / (fs * 13)), 1, std::min(3, panels));
    const float fitted_w = (area.x - gap * float(columns - 1)) / float(columns);
    // Not taller than about half the canvas either.
    const float tallest = std::max(fs * 6, canvas_h * 0.42f);
    const float box = std::min(fitted_w, tallest * float(in_w) / float(std::max(in_h, 1)));
    const float zoom_in = zoomed_fit(in_w, box, zoom_area_.scale);
    // Each column as wide as the zoom makes it, and wide enough for its picture (rounded up).
    const float panel_w = std::max((avail - gap * float(columns - 1)) / float(columns), float(in_w) * zoom_in);
    // A press off the pictures (on the panels' text) drags zoomed pictures around.
    if (zoom_area_.zoomed && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
        panning_ = ImGui::IsWindowHovered() && !ImGui::IsAnyItemHovered();
    ImVec2 content_end = zoom_area_.origin;

    struct Drawn {
        int card;
        ImVec2 at;
        float zoom;
        int rows, cols;
    };
    std::vector<Drawn> drawn;
    Pointed now;  // what the pointer is over this frame
    bool clicked = false;

    for (int k = -1; k < static_cast<int>(cards.size()); ++k) {
        const int index = k + 1;
        if (index % columns != 0) ImGui::SameLine(0, gap);
        ImGui::BeginGroup();
        ImGui::PushID(k);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + panel_w);
        const Tensor* values = nullptr;
        uint64_t key = 0;
        float zoom = zoom_in;
        const teach::RouteCard* card = k >= 0 ? &cards[size_t(k)] : nullptr;
        if (!card) {
            ImGui::TextUnformatted(teach::tr(c.lang, "Picture"));
            if (pic) {
                values = &pic->pixels;
                key = m.picture_key();
            }
        } else {
            ImGui::Text("%d  %s", card->number, card->title.c_str());
            if (card->ready) {
                values = card->output;
                key = card->key;
            }
            // Fit: outputs enlarged to the picture's size on screen, every output pixel a square
            // of stride x stride picture pixels.
            if (card->route != Route::stride1) zoom = zoom_in * float(std::max(c.stride[0], c.stride[1]));
        }
        const int rows = values ? values->h : (card ? card->out_h : in_h);
        const int cols = values ? values->w : (card ? card->out_w : in_w);
        const ImVec2 size(std::max(float(cols) * zoom, 1.0f), std::max(float(rows) * zoom, 1.0f));
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::InvisibleButton("picture", size);
        const bool hovered = ImGui::IsItemHovered();
        if (hovered && ImGui::IsItemClicked(ImGuiMouseButton_Left)) clicked = true;
        PictureTexture shown;
        if (values && ctx.host.picture) {
            const teach::DisplayMap& map = card ? m.output_map() : m.input_map();
            shown = ctx.host.picture(describe_picture(index, key, *values, map, p));
        }
        void* texture = shown.texture;
        if (texture) {
            dl->AddImage(texture, at, ImVec2(at.x + size.x, at.y + size.y));
        } else {
            dl->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), p.pad);
            const std::string why = !values          ? teach::tr(c.lang, "computing...")
                                    : shown.loading ? teach::trf(c.lang, "drawing... {0}%", {std::to_string(int(shown.progress * 100))})
                                                    : teach::tr(c.lang, "(no texture)");
            canvas_text(dl, ImVec2(at.x + 4, at.y + 4), p.text_dim, why.c_str());
        }
        dl->AddRect(ImVec2(at.x - 1, at.y - 1), ImVec2(at.x + size.x + 1, at.y + size.y + 1), p.grid);
        PicturePlacement place{values != nullptr, texture != nullptr, at.x, at.y, zoom, rows, cols};
        if (!card) input = place;
        else routes[card->number - 1] = place;
        drawn.push_back({k, at, zoom, rows, cols});
        if (hovered && values) {
            const ImVec2 mouse = ImGui::GetIO().MousePos;
            now = {k, std::clamp(static_cast<int>((mouse.y - at.y) / zoom), 0, rows - 1),
                   std::clamp(static_cast<int>((mouse.x - at.x) / zoom), 0, cols - 1)};
            // A loupe: the pixels around the pointer, 10x, pixel-exact.
            if (texture) {
                const int r = 5;
                ImGui::BeginTooltip();
                ImGui::TextUnformatted(m.pixel(k, now.row, now.col).text.c_str());
                const float u0 = float(now.col - r) / float(cols), v0 = float(now.row - r) / float(rows);
                const float u1 = float(now.col + r + 1) / float(cols), v1 = float(now.row + r + 1) / float(rows);
                const ImVec2 loupe_at = ImGui::GetCursorScreenPos();
                const float side = fs * 0.75f * float(2 * r + 1);
                ImGui::Image(texture, ImVec2(side, side), ImVec2(u0, v0), ImVec2(u1, v1));
                const float cell = side / float(2 * r + 1);
                ImGui::GetWindowDrawList()->AddRect(ImVec2(loupe_at.x + cell * r, loupe_at.y + cell * r),
                                                    ImVec2(loupe_at.x + cell * (r + 1), loupe_at.y + cell * (r + 1)), p.window, 0, 0, 2);
                ImGui::EndTooltip();
            }
        }
        // What the panel says.
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.text_dim));
        if (!card) {
            ImGui::TextUnformatted(teach::trf(c.lang, "{0} x {1}, shown at {2}",
                                              {std::to_string(in_h), std::to_string(in_w), zoom_label(zoom)}).c_str());
            text_wrapped(m.input_map().description.c_str());
        } else {
            ImGui::TextUnformatted(teach::trf(c.lang, "{0}, shown at {1}", {card->size_line, zoom_label(zoom)}).c_str());
            for (const std::string& f : card->formula_lines) text_wrapped(f);
            text_wrapped(card->cost_line);
            text_wrapped(teach::trf(c.lang, "time: {0}", {card->time_line}));
        }
        ImGui::PopStyleColor();
        if (card && !card->speed_line.empty()) text_wrapped(card->speed_line);
        if (card && !card->shift_line.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.window));
            text_wrapped(card->shift_line);
            ImGui::PopStyleColor();
        }
        ImGui::PopTextWrapPos();
        ImGui::Dummy(ImVec2(panel_w, fs * 0.4f));  // every panel as wide as the column: aligned columns
        ImGui::PopID();
        ImGui::EndGroup();
        content_end = ImVec2(std::max(content_end.x, ImGui::GetItemRectMax().x), std::max(content_end.y, ImGui::GetItemRectMax().y));
    }
    hovered_ = now;

    // The window of the output pixel pointed at (or last clicked) on the picture, and the pixel.
    auto mark = [&](const Drawn& d, int first_row, int last_row, int first_col, int last_col, ImU32 colour) {
        const ImVec2 lo(d.at.x + float(first_col) * d.zoom, d.at.y + float(first_row) * d.zoom);
        const ImVec2 hi(d.at.x + float(last_col + 1) * d.zoom, d.at.y + float(last_row + 1) * d.zoom);
        dl->PushClipRect(ImVec2(d.at.x - 3, d.at.y - 3),
                         ImVec2(d.at.x + float(d.cols) * d.zoom + 3, d.at.y + float(d.rows) * d.zoom + 3), true);
        dl->AddRect(ImVec2(lo.x - 1, lo.y - 1), ImVec2(hi.x + 1, hi.y + 1), IM_COL32(0, 0, 0, 200), 0, 0, 3);
        dl->AddRect(lo, hi, colour, 0, 0, 2);
        dl->PopClipRect();
    };
    int marked_card = -2, marked_row = -1, marked_col = -1;
    ImU32 marked_colour = p.window;
    if (now.card >= 0) {
        marked_card = now.card;
        marked_row = now.row;
        marked_col = now.col;
    } else if (selected_row_ >= 0) {
        for (size_t k = 0; k < cards.size(); ++k)
            if (cards[k].route == selected_route_ && cards[k].ready && selected_row_ < cards[k].out_h &&
                selected_col_ < cards[k].out_w)
                marked_card = static_cast<int>(k);
        marked_row = selected_row_;
        marked_col = selected_col_;
        marked_colour = p.other_window;
    }
    if (marked_card >= 0) {
        const teach::PixelInfo info = m.pixel(marked_card, marked_row, marked_col);
        for (const Drawn& d : drawn) {
            if (d.card == -1 && info.valid)
                mark(d, info.window.first_row, info.window.last_row, info.window.first_col, info.window.last_col,
                     marked_colour);
            if (d.card == marked_card) mark(d, marked_row, marked_row, marked_col, marked_col, marked_colour);
        }
    }

    zoom_area_.end(content_end, panning_ && ImGui::IsMouseDown(ImGuiMouseButton_Left));

    // Click: open the walk on the window of the output pixel under the pointer.
    if (clicked && now.card >= 0) {
        const teach::RouteCard& card = cards[size_t(now.card)];
        if (auto link = m.walk_link(c, card.route, now.row, now.col)) {
            selected_route_ = card.route;
            selected_row_ = now.row;
            selected_col_ = now.col;
            player.pause();
            left_ = c;
            walked_ = link->config;
            player.set_config(link->config, {link->notice});
            return;
        }
    }

    // Sentences: the identity, the speed, the shift and why.
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::PushTextWrapPos(0);
    for (const teach::Line& line : m.lines()) text_wrapped(line.text.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.text_dim));
    text_wrapped(m.output_map().description.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    draw_quiz(p, c.lang);
}

void ImageView::draw_quiz(const Palette& p, teach::Lang lang) {
    if (!ImGui::CollapsingHeader(teach::tr(lang, "Questions about image mode"))) return;
    quiz.set_lang(lang);
    if (quiz.index < 0) quiz.next();
    const teach::ImageQuestion& q = quiz.question;
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(teach::trf(lang, "Question {0}   score {1} of {2}",
                                      {std::to_string(quiz.index + 1), std::to_string(quiz.correct), std::to_string(quiz.asked)})
                               .c_str());
    text_wrapped(q.setting.c_str());
    text_wrapped(q.prompt.c_str());
    ImGui::PushItemWidth(ImGui::GetFontSize() * 8);
    bool check = ImGui::InputText("##image answer", typed_, sizeof typed_, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopItemWidth();
    ImGui::SameLine();
    check = ImGui::Button(teach::tr(lang, "Check")) || check;
    ImGui::SameLine();
    if (ImGui::Button(teach::tr(lang, "Next question"))) {
        quiz.next();
        typed_[0] = '\0';
    }
    if (check) {
        const teach::Verdict v = quiz.answer(typed_);
        if (!v.understood) quiz.verdict = v;
    }
    if (!quiz.verdict.feedback.empty()) {
        const ImU32 colour = !quiz.verdict.understood ? p.notice : quiz.verdict.correct ? p.readers : p.error;
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colour));
        text_wrapped(quiz.verdict.feedback.c_str());
        ImGui::PopStyleColor();
        if (quiz.answered) text_wrapped(q.explanation.c_str());
    }
    ImGui::PopTextWrapPos();
}

// [SECTION] The side panel -----------------------------------------------------------------------

namespace {

template <class F>
bool combo(const char* label, int current, int count, F name_of, int& chosen) {
    bool changed = false;
    if (ImGui::BeginCombo(label, name_of(current))) {
        for (int k = 0; k < count; ++k)
            if (ImGui::Selectable(name_of(k), k == current)) {
                chosen = k;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

// The kernel's weights as a grid of number fields (folded unless custom). Editing one makes the kernel
// custom (kernel_preset=custom, w= in links); the routes are computed again with it.
void draw_weight_editor(teach::Config& c, const teach::Config& before) {
    const int kh = before.kernel[0], kw = before.kernel[1];
    if (before.w.size() != static_cast<size_t>(kh) * static_cast<size_t>(kw) || kh != c.kernel[0] || kw != c.kernel[1])
        return;  // the size is being changed this frame: the new weights show next frame
    // Open from the start when a link brought its own weights.
    const ImGuiTreeNodeFlags open = before.kernel_preset == "custom" ? ImGuiTreeNodeFlags_DefaultOpen : 0;
    if (!ImGui::TreeNodeEx(teach::tr(c.lang, "Weights"), open)) return;
    const float spacing = ImGui::GetStyle().ItemSpacing.x, fs = ImGui::GetFontSize();
    const float field = std::clamp((ImGui::GetContentRegionAvail().x - spacing * static_cast<float>(kw - 1)) / static_cast<float>(kw),
                                   fs * 1.8f, fs * 3.6f);
    for (int r = 0; r < kh; ++r)
        for (int col = 0; col < kw; ++col) {
            const size_t i = static_cast<size_t>(r) * static_cast<size_t>(kw) + static_cast<size_t>(col);
            ImGui::PushID(static_cast<int>(i));
            if (col) ImGui::SameLine();
            ImGui::SetNextItemWidth(field);
            float v = before.w[i];
            if (ImGui::InputFloat("##weight", &v, 0, 0, "%g", ImGuiInputTextFlags_AutoSelectAll) && std::isfinite(v)) {
                c.w = before.w;
                c.w[i] = v;
                c.kernel_preset = "custom";
            }
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", teach::trf(c.lang, "weight row {0}, column {1}", {std::to_string(r), std::to_string(col)}).c_str());
            ImGui::PopID();
        }
    ImGui::TreePop();
}

}  // namespace

void draw_image_controls(const ViewContext& ctx, teach::ImageModel& m) {
    teach::Player& player = ctx.player;
    const Host& host = ctx.host;
    teach::Config c = player.config();
    const teach::Config before = c;
    const float fs = ImGui::GetFontSize();
    ImGui::TextUnformatted("Stride Convolution Lab");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    text_wrapped(teach::tr(c.lang, "Image mode: five ways down by the stride, side by side."));
    ImGui::PopStyleColor();
    ImGui::Separator();

    // Lessons (all of them: a grid lesson opens the walk).
    const auto& ls = teach::lessons();
    int current = -1, chosen = -1;
    for (size_t k = 0; k < ls.size(); ++k)
        if (c.lesson == ls[k].name) current = static_cast<int>(k);
    // The label above and the picker across the panel, as the walk's panel has it: the combo beside
    // its label cut the title ("16. Stride 2 on a zo" at 1280x800 and 1920x1080).
    std::vector<const char*> titles;
    for (const auto& l : ls) titles.push_back(teach::tr(c.lang, l.title));
    ImGui::TextUnformatted(teach::tr(c.lang, "Lesson"));
    if (lesson_picker(current, titles.data(), static_cast<int>(titles.size()), teach::tr(c.lang, "(your own)"), chosen)) {
        if (auto lc = teach::lesson_config(ls[size_t(chosen)].name)) {
            teach::keep_presentation(c, *lc);
            if (lc->view == teach::View::image && c.image.own_file) lc->image.own_file = false;
            player.pause();
            player.apply(*lc);
            return;
        }
    }
    if (current >= 0) text_wrapped(teach::tr(c.lang, ls[size_t(current)].point));
    ImGui::Separator();

    // The picture.
    ImGui::TextUnformatted(teach::tr(c.lang, "Picture"));
    std::vector<std::string> names;
    for (const char* name : {"zone plate", "stripes", "checkerboard", "text", "scene"}) names.push_back(teach::tr(c.lang, name));
    std::vector<std::pair<image::SourceKind, std::string>> sources = {
        {image::SourceKind::zoneplate, ""}, {image::SourceKind::stripes, ""}, {image::SourceKind::checker, ""},
        {image::SourceKind::text, ""},      {image::SourceKind::scene, ""}};
    for (const auto& photo : image::photos()) {
        names.push_back(teach::trf(c.lang, "photo: {0}", {photo.title}));
        sources.push_back({image::SourceKind::photo, photo.name});
    }
    if (m.has_own_picture()) names.push_back(teach::tr(c.lang, "your picture"));
    int source = -1;
    for (size_t k = 0; k < sources.size(); ++k)
        if (!c.image.own_file && sources[k].first == c.image.source &&
            (sources[k].first != image::SourceKind::photo || sources[k].second == c.image.photo))
            source = static_cast<int>(k);
    if (c.image.own_file) source = static_cast<int>(sources.size());
    int pick = source;
    // Across the panel, under its label, as the lesson picker: beside "Source" at ImGui's default
    // width the photos' names were cut ("photo: Astronaut Eil" at 1280x800).
    std::vector<const char*> source_names;
    for (const std::string& name : names) source_names.push_back(name.c_str());
    ImGui::TextUnformatted(teach::tr(c.lang, "Source"));
    ImGui::PushID("source");
    const bool picked = lesson_picker(source, source_names.data(), static_cast<int>(source_names.size()), "?", pick);
    ImGui::PopID();
    if (picked) {
        if (pick == static_cast<int>(sources.size())) {
            c.image.own_file = true;
        } else {
            c.image.own_file = false;
            c.image.source = sources[size_t(pick)].first;
            c.image.photo = sources[size_t(pick)].second;
        }
    }
    ImGui::PushItemWidth(fs * 7);
    ImGui::BeginDisabled(c.image.own_file);
    ImGui::SliderInt2(teach::tr(c.lang, "Size HxW"), c.image.size.data(), image::kMinSide, image::kMaxSide, "%d", ImGuiSliderFlags_Logarithmic);
    ImGui::EndDisabled();
    ImGui::PopItemWidth();
    if (ImGui::RadioButton("RGB", c.image.color == image::Color::rgb)) c.image.color = image::Color::rgb;
    ImGui::SameLine();
    if (ImGui::RadioButton(teach::tr(c.lang, "gray (luma)"), c.image.color == image::Color::gray)) c.image.color = image::Color::gray;
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    if (host.open_picture) {
        ImGui::PopStyleColor();
        if (ImGui::Button(teach::tr(c.lang, "Open a picture..."))) host.open_picture();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        text_wrapped(teach::tr(c.lang, "or drop one on the lab."));
    } else {
        text_wrapped(teach::tr(c.lang, "Drop a picture on the window (or start with --image FILE)."));
    }
    ImGui::PopStyleColor();
    ImGui::Separator();

    // The layer: kernel, stride, padding.
    ImGui::TextUnformatted(teach::tr(c.lang, "Layer (every route)"));
    ImGui::PushItemWidth(fs * 7);
    ImGui::SliderInt2(teach::tr(c.lang, "Kernel HxW"), c.kernel.data(), 1, teach::kMaxKernel);
    ImGui::SliderInt2(teach::tr(c.lang, "Stride"), c.stride.data(), 1, image::kMaxRouteStride);
    ImGui::PopItemWidth();
    const auto& kp = teach::kernel_presets();
    int cur = -1;
    for (size_t k = 0; k < kp.size(); ++k)
        if (c.kernel_preset == kp[k].name) cur = static_cast<int>(k);
    int kpick = cur;
    if (combo(teach::tr(c.lang, "Kernel values"), cur, static_cast<int>(kp.size()),
              [&](int k) { return teach::tr(c.lang, k < 0 ? "edited by hand" : kp[size_t(k)].label); }, kpick))
        c.kernel_preset = kp[size_t(kpick)].name;
    draw_weight_editor(c, before);
    ImGui::TextUnformatted(teach::tr(c.lang, "Padding"));
    const char* presets[] = {teach::tr(c.lang, "custom"), "same", "valid", "full"};
    for (int k = 0; k < 4; ++k) {
        if (k) ImGui::SameLine();
        if (ImGui::RadioButton(presets[k], static_cast<int>(c.pad_preset) == k)) c.pad_preset = static_cast<teach::PadPreset>(k);
    }
    if (c.pad_preset == teach::PadPreset::custom) {
        ImGui::PushItemWidth(fs * 7);
        int tb[2] = {c.padding.top, c.padding.bottom}, lr[2] = {c.padding.left, c.padding.right};
        if (ImGui::SliderInt2(teach::tr(c.lang, "top, bottom"), tb, 0, teach::kMaxPad)) {
            c.padding.top = tb[0];
            c.padding.bottom = tb[1];
        }
        if (ImGui::SliderInt2(teach::tr(c.lang, "left, right"), lr, 0, teach::kMaxPad)) {
            c.padding.left = lr[0];
            c.padding.right = lr[1];
        }
        ImGui::PopItemWidth();
    } else {
        const Pad4 pad = teach::effective_padding(c);
        ImGui::TextDisabled("%s", teach::trf(c.lang, "= top {0}, bottom {1}, left {2}, right {3}",
                                             {std::to_string(pad.top), std::to_string(pad.bottom),
                                              std::to_string(pad.left), std::to_string(pad.right)}).c_str());
    }
    int mode = static_cast<int>(c.padding_mode);
    const char* modes[] = {"zeros", "reflect", "replicate", "circular"};
    if (combo("padding_mode", mode, 4, [&](int k) { return modes[k]; }, mode)) c.padding_mode = static_cast<PaddingMode>(mode);
    ImGui::Separator();

    // Routes, BlurPool and the shift.
    ImGui::TextUnformatted(teach::tr(c.lang, "Routes shown"));
    const auto& all = image::all_routes();
    for (size_t k = 0; k < all.size(); ++k) {
        bool on = (c.image.routes >> k) & 1u;
        const std::string label = std::to_string(k + 1) + " " + teach::route_title(all[k], c.stride, c.image.blur, c.lang);
        if (ImGui::Checkbox(label.c_str(), &on)) {
            const unsigned bit = 1u << k;
            const unsigned next = on ? (c.image.routes | bit) : (c.image.routes & ~bit);
            if (next != 0) c.image.routes = next;  // at least one route stays
        }
    }
    ImGui::PushItemWidth(fs * 7);
    ImGui::SliderInt("BlurPool F", &c.image.blur, 1, image::kMaxBlur);
    int shift[2] = {std::min(c.image.shift[0], std::max(c.stride[0] - 1, 0)), std::min(c.image.shift[1], std::max(c.stride[1] - 1, 0))};
    ImGui::BeginDisabled(c.stride[0] <= 1 && c.stride[1] <= 1);
    if (ImGui::SliderInt2(teach::tr(c.lang, "Shift down, right"), shift, 0, std::max(std::max(c.stride[0], c.stride[1]) - 1, 1))) {
        c.image.shift = {std::clamp(shift[0], 0, std::max(c.stride[0] - 1, 0)), std::clamp(shift[1], 0, std::max(c.stride[1] - 1, 0))};
    }
    ImGui::EndDisabled();
    ImGui::PopItemWidth();
    ImGui::Separator();

    // View and presentation.
    draw_view_choice(c.view, c.lang);
    draw_presentation(c);
    ImGui::Separator();

    draw_share_and_export(host, c, false);  // image mode records no walk
    const std::string note = m.link_note();
    if (!note.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ctx.palette.notice));
        text_wrapped(note.c_str());
        ImGui::PopStyleColor();
    }

    if (!(c == before)) {
        // Presentation alone (theme, text size, view) keeps the lesson; anything else leaves it.
        teach::Config presentation_only = before;
        teach::keep_presentation(c, presentation_only);
        presentation_only.view = c.view;
        if (!(c == presentation_only)) c.lesson.clear();
        player.apply(c);
    }
}

std::optional<teach::Config> ImageView::back_from_walk(const teach::Config& now) {
    if (!left_ || now.view != teach::View::image) return std::nullopt;
    std::optional<teach::Config> back;
    if (teach::same_computation(now, *walked_) && now.image == left_->image) {
        back = *left_;
        teach::keep_presentation(now, *back);
    }
    left_.reset();
    walked_.reset();
    return back;
}

}  // namespace strideconv::ui
