// app.cpp -- wires the views over the player (see app.hpp).
#include "ui/app.hpp"
#include "ui/wrap_text.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "imgui.h"
#include "imgui_internal.h"  // FocusWindow, NavInitWindow: the keyboard into the side panel
#include "teach/explain.hpp"

namespace strideconv::ui {

void App::sync_quiz() {
    const teach::Config& c = config();
    quiz_.session.index_base = c.index_base;  // questions count rows and columns as the lab does
    if (quiz_.session.topic != c.quiz) {
        // Another topic: a new quiz, scored from zero, with the same seed (a link reproduces it).
        teach::QuizSession fresh;
        fresh.seed = quiz_.session.seed;
        fresh.topic = c.quiz;
        fresh.index_base = c.index_base;
        fresh.lang = c.lang;
        quiz_.session = std::move(fresh);
    }
    quiz_.session.speak(c.lang);
}

void App::handle_keyboard() {
    ImGuiIO& io = ImGui::GetIO();
    std::vector<Key> keys;
    keys.swap(pending_keys_);
    if (io.WantTextInput) return;  // typing into a field: keys belong to it
    for (Key k : keys) {
        if (keyboard_in_controls_ && k != Key::escape) continue;  // ImGui's navigation has them
        switch (k) {
            case Key::space: player_.playing() ? player_.pause() : player_.play(); break;
            case Key::right: player_.pause(); player_.step(1); break;
            case Key::left: player_.pause(); player_.step(-1); break;
            case Key::home: player_.pause(); player_.go_to(0); break;
            case Key::end: player_.pause(); player_.go_to(player_.walk_steps() - 1); break;
            case Key::tab:
                keyboard_in_controls_ = focus_controls_ = true;
                controls_hidden_ = false;
                controls_open_narrow_ = true;
                break;
            case Key::escape:
                if (show_help_) {
                    show_help_ = false;
                } else if (player_.config().about) {  // Esc closes the About panel too
                    teach::Config c = player_.config();
                    c.about = false;
                    player_.apply(c);
                } else if (keyboard_in_controls_ && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
                    keyboard_in_controls_ = false;  // back to the walk's keys
                }
                break;
        }
    }
    for (ImWchar ch : io.InputQueueCharacters) {
        if (ch == '+' || ch == '=') player_.faster();
        if (ch == '-' || ch == '_') player_.slower();
        if (ch == '?' || ch == 'h') show_help_ = !show_help_;
        // Zoom (zoom=): ']' in, '[' out, '0' back to fit, as the side panel's +, - and Fit. Not
        // '+'/'-' (the walk's speed) and never with Ctrl, which the browser keeps for its own zoom:
        // typed characters arrive here without it.
        if (ch == ']' || ch == '[' || ch == '0') {
            teach::Config c = player_.config();
            c.zoom = ch == ']' ? teach::zoom_in(c.zoom) : ch == '[' ? teach::zoom_out(c.zoom) : teach::kMinZoom;
            if (c.zoom != player_.config().zoom) player_.apply(c);
        }
    }
}

void App::zoom_gesture(float zoom, float dx, float dy) {
    teach::Config c = config();
    if (std::isfinite(zoom)) {
        const int z = static_cast<int>(std::lround(std::clamp(zoom, static_cast<float>(teach::kMinZoom),
                                                              static_cast<float>(teach::kMaxZoom))));
        if (z != c.zoom) {
            c.zoom = z;
            player_.apply(c);
        }
    }
    if (std::isfinite(dx) && std::isfinite(dy)) {
        pan_x_ += dx;
        pan_y_ += dy;
    }
}

void App::open_picture(image::Image picture) {
    teach::Config c = config();
    c.view = teach::View::image;
    c = image_.set_own_picture(std::move(picture), c);
    player_.pause();
    player_.set_config(c);
}

void App::set_config(const teach::Config& c, std::vector<std::string> notices) {
    player_.set_config(c, std::move(notices));
    sync_picture();
}

void App::sync_picture() {
    if (auto back = image_view_.back_from_walk(config())) player_.set_config(*back, player_.notices());
    if (picture_wanted()) image_.set_config(config());
}

void App::picture_refused(const Message& why) { player_.set_config(config(), {teach::say(config().lang, why)}); }

void App::use_test_clock() {
    auto now = std::make_shared<double>(0);
    image_clock_ = [now] { return *now += 1.0; };
    image_budget_ms = 1e12;
}

void App::frame(double now_seconds) {
    player_.advance(now_seconds);
    handle_keyboard();
    // Keyboard navigation (ImGui's) is on only while the keyboard is in the side panel, so that
    // the arrows and Space step the walk everywhere else.
    ImGuiIO& io = ImGui::GetIO();
    if (keyboard_in_controls_) io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    else io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
    sync_picture();  // the panel may have chosen Image or changed the layer
    bool image_finished = false;
    if (picture_wanted()) {
        // Image mode computes in frame-sized pieces; its results arrive over the next frames.
        // The network view draws its picture (stack_picture=1).
        image_.work(image_budget_ms, image_clock_);
        image_finished = image_.take_finished();
    }

    const teach::Config& c = config();
    sync_quiz();
    if (c.view == teach::View::quiz && quiz_.session.index < 0) quiz_.next();  // the panel shows its layer
    apply_style(c.theme);
    ImFont* font = (c.large_text && fonts.large) ? fonts.large : nullptr;
    if (font) ImGui::PushFont(font);
    const ViewContext ctx{player_, host, palette(c.theme, c.colours), font,
                          c.view == teach::View::quiz ? &quiz_.session : nullptr, touch_, ImVec2(pan_x_, pan_y_)};
    pan_x_ = pan_y_ = 0;
    // Finger-sized widgets on touch screens: frames about 32 CSS pixels high (the transport's 44).
    const float fs = ImGui::GetFontSize();
    if (touch_) ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(fs * 0.5f, fs * 0.5f));

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::Begin("Stride Convolution Lab", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar();
    // The side panel: image mode has its own; the network view adds its controls under the views'.
    auto draw_panel = [&] {
        if (c.view == teach::View::image) {
            draw_image_controls(ctx, image_);
        } else {
            draw_controls(ctx, padding_solver_);
            if (c.view == teach::View::stack) draw_stack_controls(ctx, stack_, image_);
        }
    };
    // Narrow screens (phones in portrait) stack the grids above the controls, which fold to one
    // button; wider ones put the controls in a side panel that can be hidden.
    const bool narrow = vp->WorkSize.x < fs * 40;
    if (!c.embed && narrow) {
        const float toggle_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
        const float controls_h = controls_open_narrow_ ? std::max(vp->WorkSize.y * 0.45f, toggle_h) : toggle_h;
        ImGui::BeginChild("canvas", ImVec2(0, -controls_h), false);
        draw_canvas(ctx);
        ImGui::EndChild();
        // The long label while it fits the screen's width, else the short one (German on 320 pixels).
        const char* toggle = teach::tr(c.lang, controls_open_narrow_ ? "Hide the controls" : "Controls: lesson, sizes, stride, padding");
        if (ImGui::CalcTextSize(toggle).x + ImGui::GetStyle().FramePadding.x * 2 > ImGui::GetContentRegionAvail().x)
            toggle = teach::tr(c.lang, controls_open_narrow_ ? "Hide the controls" : "Controls");
        if (ImGui::Button(toggle, ImVec2(-1, 0)))
            controls_open_narrow_ = !controls_open_narrow_;
        if (controls_open_narrow_) {
            ImGui::BeginChild("controls", ImVec2(0, 0), true);
            take_keyboard_focus();
            ImGui::PushItemWidth(std::max(ImGui::GetContentRegionAvail().x - fs * 7.5f, fs * 6));
            draw_panel();
            ImGui::PopItemWidth();
            ImGui::EndChild();
        }
    } else {
        if (!c.embed && !controls_hidden_) {
            const float panel_w = std::min(fs * 19.0f, vp->WorkSize.x * 0.4f);
            ImGui::BeginChild("controls", ImVec2(panel_w, 0), true);
            take_keyboard_focus();
            if (ImGui::SmallButton(teach::tr(c.lang, "<< hide controls"))) controls_hidden_ = true;
            // Widgets leave room for their labels, so no label runs off the panel.
            ImGui::PushItemWidth(std::max(ImGui::GetContentRegionAvail().x - fs * 7.5f, fs * 6));
            draw_panel();
            ImGui::PopItemWidth();
            ImGui::EndChild();
            ImGui::SameLine();
        }
        ImGui::BeginChild("canvas", ImVec2(0, 0), false);
        if (!c.embed && controls_hidden_) {
            if (ImGui::SmallButton(teach::tr(c.lang, ">> controls"))) controls_hidden_ = false;
            ImGui::SameLine();
        }
        draw_canvas(ctx);
        ImGui::EndChild();
    }
    editor_.draw(player_);
    ImGui::End();
    if (show_help_) draw_help(ctx, show_help_);
    if (c.about) draw_about(ctx);
    if (touch_) ImGui::PopStyleVar();
    if (font) ImGui::PopFont();

    if ((player_.take_changed() || image_finished) && host.state_changed) host.state_changed(config());
}

void App::take_keyboard_focus() {
    if (!focus_controls_) return;
    focus_controls_ = false;
    // The side panel becomes ImGui's navigation window, its first control highlighted.
    ImGuiWindow* panel = ImGui::GetCurrentWindow();
    ImGui::FocusWindow(panel);
    ImGui::NavInitWindow(panel, true);
    ImGuiContext& g = *ImGui::GetCurrentContext();
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true;
}

void App::draw_canvas(const ViewContext& ctx) {
    const teach::Config& c = config();
    const Palette& p = ctx.palette;
    // The walk's refusal is about the walk's layer; image mode and the network view have their own.
    if (!lesson().error.empty() && c.view != teach::View::image && c.view != teach::View::stack) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.error));
        text_wrapped(teach::trf(c.lang, "Refused: {0}", {teach::say(c.lang, lesson().why)}).c_str());
        ImGui::PopStyleColor();
    }
    for (const auto& n : player_.notices()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.notice));
        text_wrapped(teach::trf(c.lang, "Note: {0}", {n}).c_str());
        ImGui::PopStyleColor();
    }
    if (!player_.notices().empty()) {
        ImGui::SameLine();
        if (ImGui::SmallButton(teach::tr(c.lang, "dismiss"))) player_.dismiss_notices();
    }
    if (c.view == teach::View::image) {
        image_view_.draw(ctx, image_);
        return;
    }
    if (c.view == teach::View::stack) {
        stack_.draw(ctx, ImGui::GetContentRegionAvail().y, image_);
        return;
    }
    if (c.view != teach::View::quiz) draw_transport(ctx);
    if (c.view == teach::View::walk) walk_.draw_prediction(ctx);
    if (c.view == teach::View::quiz) {
        quiz_.draw(ctx);
        return;
    }
    // The explanation keeps the room its lines need, up to 45% of the canvas (then it scrolls); the
    // grids get the rest. Embedded labs show the compact explanation under the lesson's caption.
    if (c.embed) {
        for (const auto& info : teach::lessons())
            if (c.lesson == info.name) text_wrapped(teach::tr(c.lang, info.point));
    }
    const std::vector<teach::Line> lines = teach::canvas_explanation(player_);
    const float avail = ImGui::GetContentRegionAvail().y;
    // Short canvases (small embeds, landscape phones, 320x568 phones: under 30 lines) keep more of
    // their height for the grids. The transposed conv's two bands of grids need more of it than
    // one walk.
    const bool transposed = c.op == teach::Op::conv_transpose2d && c.view == teach::View::walk;
    const float explain_share = avail < ImGui::GetFontSize() * 30 || transposed ? 0.3f : 0.45f;
    const float explain_h = std::min(explanation_height(lines), avail * explain_share);
    const float grid_h = std::max(avail - explain_h, 80.0f);
    if (c.view == teach::View::compare) compare_.draw(ctx, grid_h);
    else if (c.op == teach::Op::conv_transpose2d) transposed_.draw(ctx, grid_h, editor_);
    else walk_.draw(ctx, grid_h, editor_);
    ImGui::BeginChild("explanation", ImVec2(0, 0), false);
    draw_explanation(ctx, lines);
    ImGui::EndChild();
}

}  // namespace strideconv::ui
