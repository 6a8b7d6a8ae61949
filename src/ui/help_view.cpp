// help_view.cpp -- the keyboard help overlay and the popup that edits one cell's value.
#include <algorithm>
#include <cmath>

#include "imgui.h"
#include "ui/views.hpp"

namespace strideconv::ui {

void draw_help(const ViewContext& ctx, bool& open) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    const teach::Lang lang = ctx.player.config().lang;
    const auto T = [&](const char* english) { return teach::tr(lang, english); };
    // The window's id stays "Keyboard" in every language (its title is what follows ###).
    const std::string title = std::string(T("Keyboard")) + "###Keyboard";
    ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
    const char* rows[][2] = {{"Space", "play / pause"},         {"Left / Right", "step back / forward"},
                             {"Home / End", "first / last step"}, {"+ / -", "faster / slower"},
                             {"?", "this help"},                  {"Esc", "close help or About"},
                             {"Tab", "to the controls, for the keyboard"}};
    if (ImGui::BeginTable("keys", 2)) {
        for (auto& r : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(T(r[0]));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(T(r[1]));
        }
        // Zoom in words, as the rows above say what their keys do ("Zoom + / - / Fit" read as if the
        // + and - keys zoomed, which the row above gives to the speed).
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("] / [ / 0");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(T("zoom in / zoom out / fit"));
        ImGui::EndTable();
    }
    ImGui::Separator();
    ImGui::TextUnformatted(T("Hover an output cell to see its window, an input cell to see\n"
                             "which outputs read it, a kernel weight to see what it multiplies.\n"
                             "Click an output cell to jump there; click a value to edit it."));
    ImGui::Separator();
    if (ImGui::Button(T("About: version, licence, notices"))) {
        teach::Config c = ctx.player.config();
        c.about = true;
        ctx.player.apply(c);
        open = false;
    }
    ImGui::End();
}

void CellEditor::open(bool kernel, int index, float value) {
    kernel_ = kernel;
    index_ = index;
    value_ = value;
    open_requested_ = true;
}

void CellEditor::draw(teach::Player& player) {
    if (open_requested_) {
        ImGui::OpenPopup("edit value");
        open_requested_ = false;
    }
    if (!ImGui::BeginPopup("edit value")) return;
    const teach::Lang lang = player.config().lang;
    ImGui::TextUnformatted(teach::tr(lang, kernel_ ? "Kernel value" : "Input value"));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool done = ImGui::InputFloat("##v", &value_, 1.0f, 5.0f, "%g", ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::DragFloat(teach::tr(lang, "drag"), &value_, 0.1f, -1000.0f, 1000.0f, "%g");
    if (!std::isfinite(value_)) value_ = 0;
    value_ = std::clamp(value_, -1e6f, 1e6f);
    teach::Config c = player.config();
    auto& values = kernel_ ? c.w : c.x;
    if (index_ >= 0 && static_cast<size_t>(index_) < values.size() && values[static_cast<size_t>(index_)] != value_) {
        values[static_cast<size_t>(index_)] = value_;
        if (kernel_) c.kernel_preset = "custom";
        else c.fill = teach::Fill::custom;
        c.lesson.clear();
        player.apply(c);
    }
    if (done || ImGui::Button("OK")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace strideconv::ui
