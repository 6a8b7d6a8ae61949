// walk_view.cpp -- the walk view: one lesson's grids with hover, click-to-jump and click-to-edit,
// its legend, the transport bar and the explanation under the grids.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "imgui.h"
#include "teach/channels.hpp"
#include "teach/explain.hpp"
#include "ui/views.hpp"
#include "ui/wrap_text.hpp"

namespace strideconv::ui {

namespace {

bool same_options(const teach::SceneOptions& a, const teach::SceneOptions& b) {
    return a.step == b.step && a.window_step == b.window_step && a.reveal == b.reveal &&
           a.hide_output == b.hide_output && a.hover.kind == b.hover.kind && a.hover.row == b.hover.row &&
           a.hover.col == b.hover.col && a.outlined_steps == b.outlined_steps && a.kept_every == b.kept_every &&
           a.hide_current == b.hide_current && a.hide_window == b.hide_window && a.input_title == b.input_title;
}

}  // namespace

const teach::Scene& SceneCache::get(const teach::Lesson& lesson, const teach::SceneOptions& options) {
    if (!valid_ || lesson_ != &lesson || revision_ != lesson.revision || lang_ != lesson.config().lang ||
        !same_options(options_, options)) {
        scene_ = teach::build_scene(lesson, options);
        lesson_ = &lesson;
        revision_ = lesson.revision;
        lang_ = lesson.config().lang;
        options_ = options;
        valid_ = true;
    }
    return scene_;
}

void WalkView::draw(const ViewContext& ctx, float height, CellEditor& editor) {
    teach::Player& player = ctx.player;
    const teach::Lesson& l = player.lesson();
    const teach::Config& c = l.config();
    const Palette& p = ctx.palette;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // [Channels and groups] the filters and input channels above the grids.
    if (teach::has_channels(c)) height = std::max(height - draw_channel_strip(ctx, height), 80.0f);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 avail(ImGui::GetContentRegionAvail().x, height);
    const float label_h = ImGui::GetTextLineHeightWithSpacing() + 4;

    teach::SceneOptions options;
    options.step = options.window_step = c.step;
    options.hover = hover_;
    options.hide_current = player.hidden();
    options.hide_window = player.hidden() && c.predict == teach::Predict::window;
    // The grids' sizes do not depend on the hover: lay out with last frame's scene, above the legend.
    const teach::Scene& before = scene_.get(l, options);
    // A legend that would take more than a quarter of the height folds behind a button.
    const float full_legend_h = draw_legend(nullptr, before, ImVec2(0, 0), avail.x - 8, p) + 6;
    const float toggle_h = ImGui::GetFrameHeightWithSpacing();
    const bool legend_fits = full_legend_h <= avail.y * 0.25f;
    const bool legend_open = legend_open_.value_or(legend_fits);
    const float legend_h = (legend_open ? full_legend_h : 0) + (legend_fits ? 0 : toggle_h);
    // Zoomed (zoom=), the grids are laid out larger in a child window that scrolls over them.
    const ImVec2 area(avail.x, std::max(1.0f, avail.y - legend_h));
    // Grids that do not fit even at their smallest (a phone 320 pixels wide, the channel strip above)
    // scroll rather than run into the legend or off the canvas.
    // (4 pixels above the legend for the grids' thick outlines, which ran under its button.)
    const GridLayout fitted = layout_grids(before, ImVec2(at.x + 4, at.y), ImVec2(area.x - 8, area.y - 4), label_h, true,
                                           ImGui::GetFontSize() * 4.5f, true);
    const bool overflows = fitted.end.x > at.x + area.x + 0.5f || fitted.end.y > at.y + area.y + 0.5f;
    const ImVec2 room = zoom_.begin("walk-zoom", area, c.zoom, ctx.pan, overflows);
    dl = ImGui::GetWindowDrawList();
    const ImVec2 o = zoom_.origin;
    const GridLayout g = layout_grids(before, ImVec2(o.x + 4, o.y), ImVec2(room.x - 8, room.y - 4), label_h, true,
                                      ImGui::GetFontSize() * 4.5f * zoom_.scale, true);
    placement = {g.cell, g.input_at.x, g.input_at.y, g.kernel_at.x, g.kernel_at.y,
                 g.output_at.x, g.output_at.y, g.pad_top, g.pad_left};
    ImGui::InvisibleButton("grids", zoom_.zoomed ? ImVec2(std::max(g.end.x - o.x + 4, 1.0f), std::max(g.end.y - o.y, 1.0f))
                                                 : area);
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    hover_ = hovered ? hit_test(g, ImGui::GetIO().MousePos) : teach::SceneHover{};
    // The output map answers at once and while dragged (scrubbing through the steps); input and
    // kernel cells open their editor on a click, or on a short tap: a long touch only shows what
    // hover shows. A press off the grids drags zoomed grids around.
    if (ImGui::IsItemActivated()) {
        press_time_ = ImGui::GetTime();
        scrubbing_ = hover_.kind == teach::SceneHover::output;
        panning_ = hover_.kind == teach::SceneHover::none;
    }
    if (ImGui::IsItemActive() && scrubbing_ && hover_.kind == teach::SceneHover::output) {
        const int step = l.cell_step(hover_.row, hover_.col);
        if (step != c.step) {
            player.pause();
            player.go_to(step);
        }
    }
    const bool clicked = ctx.touch ? ImGui::IsItemDeactivated() && hovered && ImGui::GetTime() - press_time_ < 0.5
                                   : ImGui::IsItemClicked(ImGuiMouseButton_Left);
    if (clicked && hover_.kind == teach::SceneHover::input && player.hidden() &&
        c.predict == teach::Predict::window) {
        player.predict_window(hover_.row, hover_.col);  // a padding cell can be the answer too
    } else if (clicked) {
        const int row = hover_.row, col = hover_.col;
        if (hover_.kind == teach::SceneHover::input && row >= 0 && row < c.input[0] && col >= 0 && col < c.input[1]) {
            const size_t index = teach::shown_input_index(c, row, col);  // in the channel drawn
            editor.open(false, static_cast<int>(index), c.x[index]);
        } else if (hover_.kind == teach::SceneHover::kernel && c.op == teach::Op::conv2d) {
            const size_t index = teach::shown_weight_index(c, row, col);
            editor.open(true, static_cast<int>(index), c.w[index]);
        }
    }

    options.step = options.window_step = player.config().step;
    options.hover = hover_;
    options.hide_current = player.hidden();
    options.hide_window = player.hidden() && player.config().predict == teach::Predict::window;
    const teach::Scene& s = scene_.get(l, options);
    GridStyle style;
    style.font = ctx.font;
    style.host = &ctx.host;
    style.index_base = ctx.player.config().index_base;
    style.heat = heat_;
    style.revision = l.revision;
    style.step = options.step;
    draw_grids(dl, s, g, p, style);
    zoom_.end(g.end, active && panning_);
    dl = ImGui::GetWindowDrawList();
    scene_tooltip(s.tooltip);

    // The legend under the grids, or the button that unfolds it.
    float legend_y = at.y + height - legend_h;
    if (!legend_fits) {
        ImGui::SetCursorScreenPos(ImVec2(at.x + 4, legend_y));
        if (ImGui::SmallButton(teach::tr(ctx.player.config().lang, legend_open ? "Hide the legend" : "Legend: what the marks mean"))) legend_open_ = !legend_open;
        legend_y += toggle_h;
    }
    if (legend_open) draw_legend(dl, s, ImVec2(at.x + 4, legend_y), avail.x - 8, p);
    ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + height));
}

void WalkView::draw_prediction(const ViewContext& ctx) {
    teach::Player& player = ctx.player;
    const teach::Config& c = player.config();
    if (c.predict == teach::Predict::off || c.view != teach::View::walk || !player.hidden()) return;
    const auto T = [&](const char* english) { return teach::tr(c.lang, english); };
    if (c.predict == teach::Predict::value) {
        ImGui::TextUnformatted(T("Your prediction:"));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
        const bool entered = ImGui::InputText("##prediction", typed_, sizeof typed_, ImGuiInputTextFlags_EnterReturnsTrue);
        button_beside(T("Check"));
        if (ImGui::Button(T("Check")) || entered) {
            if (player.predict_value(typed_).understood) typed_[0] = '\0';
        }
    } else {
        text_wrapped(T("Click the input cell where this step's window starts."));
    }
    button_beside(T("Reveal"));
    if (ImGui::Button(T("Reveal"))) player.reveal();
    if (!player.prediction().understood) {
        // Beside the buttons while it fits, else wrapped under them.
        const char* feedback = player.prediction().feedback.c_str();
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(feedback).x <= right)
            ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ctx.palette.notice));
        text_wrapped(feedback);
        ImGui::PopStyleColor();
    }
}

void draw_transport(const ViewContext& ctx) {
    teach::Player& player = ctx.player;
    const int steps = player.walk_steps();
    const int now_step = player.current_step();
    const teach::Lang lang = player.config().lang;
    const float fs = ImGui::GetFontSize();
    // On touch screens every transport target is at least 44 CSS pixels (2.75 times the 16 px font).
    const ImVec2 button = ctx.touch ? ImVec2(fs * 2.75f, fs * 2.75f) : ImVec2(0, 0);
    if (ctx.touch) ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(fs * 0.6f, fs * 0.875f));
    if (ImGui::Button("|<", button)) { player.pause(); player.go_to(0); }
    ImGui::SameLine();
    if (ImGui::Button("<", button)) { player.pause(); player.step(-1); }
    ImGui::SameLine();
    // "Play " is as wide as "Pause" in English; every language's two words get the wider one's room.
    const char* play_label = teach::tr(lang, "Play ");
    const char* pause_label = teach::tr(lang, "Pause");
    const float play_w = std::max(fs * 4, std::max(ImGui::CalcTextSize(play_label).x, ImGui::CalcTextSize(pause_label).x) +
                                              ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::Button(player.playing() ? pause_label : play_label, ImVec2(play_w, button.y)))
        player.playing() ? player.pause() : player.play();
    ImGui::SameLine();
    if (ImGui::Button(">", button)) { player.pause(); player.step(1); }
    ImGui::SameLine();
    if (ImGui::Button(">|", button)) { player.pause(); player.go_to(steps - 1); }
    // The step slider and the speed take the rest of the row, or a row of their own when narrow.
    ImGui::SameLine();
    // A row of its own also when the slider beside the buttons would be narrower than its text
    // ('Schritt 16 von 16' was cut at 800x600).
    const std::string widest = steps > 0 ? teach::trf(lang, "step {0} of {1}", {std::to_string(steps), std::to_string(steps)})
                                         : std::string(teach::tr(lang, "no steps: the layer is refused"));
    const float slider_text_w = ImGui::CalcTextSize(widest.c_str()).x + ImGui::GetStyle().FramePadding.x * 2 + 4;
    const bool wrapped = ImGui::GetContentRegionAvail().x < std::max(fs * 16, slider_text_w + fs * 12);
    if (wrapped) ImGui::NewLine();
    int s = now_step + 1;
    ImGui::PushItemWidth(wrapped ? std::max(ImGui::GetContentRegionAvail().x - fs * 7, fs * 6)
                                 : std::max(ImGui::GetContentRegionAvail().x - fs * 12, 60.0f));
    // ImGui formats the slider's value into the label: its '%' signs are doubled, the value's is %d.
    std::string label = steps > 0 ? teach::trf(lang, "step {0} of {1}", {"%d", std::to_string(steps)})
                                  : std::string(teach::tr(lang, "no steps: the layer is refused"));
    if (ImGui::SliderInt("##scrub", &s, steps > 0 ? 1 : 0, std::max(steps, 0), label.c_str())) {
        player.pause();
        player.go_to(s - 1);
    }
    ImGui::PopItemWidth();
    ImGui::SameLine();
    ImGui::PushItemWidth(wrapped ? std::max(ImGui::GetContentRegionAvail().x, fs * 5) : fs * 6);
    float sp = player.speed();
    // The value written in the language's number format ("1,5 Schritte/s"): a format without a
    // conversion is shown as it is, as the scrub slider's label above.
    char value[32];
    std::snprintf(value, sizeof value, "%.2g", double(sp));
    const std::string speed = teach::trf(lang, "{0} steps/s", {teach::localize_number(lang, value)});
    if (ImGui::SliderFloat("##speed", &sp, 0.25f, 20.0f, speed.c_str(), ImGuiSliderFlags_Logarithmic)) {
        std::snprintf(value, sizeof value, "%.2g", double(sp));  // two digits, as shown
        player.set_speed(static_cast<float>(std::strtod(value, nullptr)));
    }
    ImGui::PopItemWidth();
    if (ctx.touch) ImGui::PopStyleVar();
}

namespace {

// A line meant to stay on one line still wraps when the panel is narrower than it (phones).
bool wraps(const teach::Line& line, float width) {
    return line.wraps || ImGui::CalcTextSize(line.text.c_str()).x > width;
}

}  // namespace

float explanation_height(const std::vector<teach::Line>& lines) {
    const float width = ImGui::GetContentRegionAvail().x;
    const ImGuiStyle& style = ImGui::GetStyle();
    float h = style.ItemSpacing.y * 2 + 1;  // the separator
    for (const teach::Line& line : lines)
        h += wrapped_size(line.text.c_str(), wraps(line, width) ? width : -1.0f).y + style.ItemSpacing.y;
    return h;
}

void draw_explanation(const ViewContext& ctx, const std::vector<teach::Line>& lines) {
    ImGui::Separator();
    for (const teach::Line& line : lines) {
        const bool coloured = line.style != teach::Line::plain;
        if (coloured)
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(
                                                     line.style == teach::Line::window ? ctx.palette.window
                                                                                       : ctx.palette.error));
        if (wraps(line, ImGui::GetContentRegionAvail().x)) text_wrapped(line.text.c_str());
        else ImGui::TextUnformatted(line.text.c_str());
        if (coloured) ImGui::PopStyleColor();
    }
}

}  // namespace strideconv::ui
