// app.cpp -- wires the views over the player (see app.hpp).
#include "ui/app.hpp"

#include <algorithm>
#include <memory>

#include "imgui.h"

namespace strideconv::ui {

void App::handle_keyboard() {
    ImGuiIO& io = ImGui::GetIO();
    std::vector<Key> keys;
    keys.swap(pending_keys_);
    if (io.WantTextInput) return;  // typing into a field: keys belong to it
    for (Key k : keys) {
        switch (k) {
            case Key::space: player_.playing() ? player_.pause() : player_.play(); break;
            case Key::right: player_.pause(); player_.step(1); break;
            case Key::left: player_.pause(); player_.step(-1); break;
            case Key::home: player_.pause(); player_.go_to(0); break;
            case Key::end: player_.pause(); player_.go_to(player_.walk_steps() - 1); break;
            case Key::escape:
                if (show_help_) {
                    show_help_ = false;
                } else if (player_.config().about) {  // Esc closes the About panel too
                    teach::Config c = player_.config();
                    c.about = false;
                    player_.apply(c);
                }
                break;
        }
    }
    for (ImWchar ch : io.InputQueueCharacters) {
        if (ch == '+' || ch == '=') player_.faster();
        if (ch == '-' || ch == '_') player_.slower();
        if (ch == '?' || ch == 'h') show_help_ = !show_help_;
    }
}

void App::open_picture(image::Image picture) {
    teach::Config c = config();
    c.view = teach::View::image;
    c = image_.set_own_picture(std::move(picture), c);
    player_.pause();
    player_.set_config(c);
}

void App::picture_refused(const std::string& why) { player_.set_config(config(), {why}); }

void App::use_test_clock() {
    auto now = std::make_shared<double>(0);
    image_clock_ = [now] { return *now += 1.0; };
    image_budget_ms = 1e12;
}

void App::frame(double now_seconds) {
    player_.advance(now_seconds);
    handle_keyboard();
    bool image_finished = false;
    const bool picture_wanted = config().view == teach::View::image ||
                                (config().view == teach::View::stack && config().stack.picture);
    if (picture_wanted) {
        // Image mode computes in frame-sized pieces; its results arrive over the next frames.
        // The network view draws its picture (stack_picture=1).
        image_.set_config(config());
        image_.work(image_budget_ms, image_clock_);
        image_finished = image_.take_finished();
    }

    const teach::Config& c = config();
    if (c.theme == teach::Theme::light) ImGui::StyleColorsLight();
    else ImGui::StyleColorsDark();
    ImFont* font = (c.large_text && fonts.large) ? fonts.large : nullptr;
    if (font) ImGui::PushFont(font);
    const ViewContext ctx{player_, host, palette(c.theme), font};

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
        if (c.view == teach::View::image) {
            draw_image_controls(ctx, image_);
        } else {
            draw_controls(ctx);
            if (c.view == teach::View::stack) draw_stack_controls(ctx, stack_, image_);
        }
        ImGui::EndChild();
        ImGui::SameLine();
    }
    ImGui::BeginChild("canvas", ImVec2(0, 0), false);
    draw_canvas(ctx);
    ImGui::EndChild();
    editor_.draw(player_);
    ImGui::End();
    if (show_help_) draw_help(ctx, show_help_);
    if (c.about) draw_about(ctx);
    if (font) ImGui::PopFont();

    if ((player_.take_changed() || image_finished) && host.state_changed) host.state_changed(config());
}

void App::draw_canvas(const ViewContext& ctx) {
    const teach::Config& c = config();
    const Palette& p = ctx.palette;
    // The walk's refusal is about the walk's layer; image mode and the network view have their own.
    if (!lesson().error.empty() && c.view != teach::View::image && c.view != teach::View::stack) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.error));
        ImGui::TextWrapped("Refused: %s", lesson().error.c_str());
        ImGui::PopStyleColor();
    }
    for (const auto& n : player_.notices()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.notice));
        ImGui::TextWrapped("Note: %s", n.c_str());
        ImGui::PopStyleColor();
    }
    if (!player_.notices().empty()) {
        ImGui::SameLine();
        if (ImGui::SmallButton("dismiss")) player_.dismiss_notices();
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
    const float explain_h = ImGui::GetTextLineHeightWithSpacing() * (c.embed ? 4.5f : 7.5f);
    const float grid_h = std::max(ImGui::GetContentRegionAvail().y - explain_h, 80.0f);
    if (c.view == teach::View::quiz) {
        quiz_.draw(ctx);
        return;
    }
    if (c.view == teach::View::compare) compare_.draw(ctx, grid_h);
    else walk_.draw(ctx, grid_h, editor_);
    draw_explanation(ctx);
}

}  // namespace strideconv::ui
