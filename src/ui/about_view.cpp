// about_view.cpp -- the About panel: the lab's version, what its licence allows, how to cite and
// link it, the components it carries, the full licence and third-party notices. Every sentence
// comes from teach::about() (generated at build time); this file only draws. Opened from the
// controls panel and the keyboard help, or by a link with about=1; closing it drops about=1.
#include <algorithm>
#include <string>

#include "imgui.h"
#include "teach/about.hpp"
#include "ui/views.hpp"
#include "ui/wrap_text.hpp"

namespace strideconv::ui {

namespace {

// A long text in a scrolling, read-only area (the licence, the notices).
void scrolling_text(const char* id, const std::string& text) {
    ImGui::BeginChild(id, ImVec2(0, -ImGui::GetFrameHeightWithSpacing()), true,
                      ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    ImGui::EndChild();
}

void copy_button(const char* label, const Host& host, const std::string& text) {
    if (!host.copy_text) return;
    if (ImGui::Button(label)) host.copy_text(text);
}

}  // namespace

void draw_about(const ViewContext& ctx) {
    teach::Player& player = ctx.player;
    const teach::About& about = teach::about();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    // Wide enough for the component table; on a phone the whole width and most of the height.
    const ImVec2 size(std::min(em * 46, vp->WorkSize.x * 0.96f), std::min(em * 44, vp->WorkSize.y * 0.92f));
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    bool open = true;
    const std::string* notices = nullptr;  // the notices tab is open and its text has arrived
    const teach::Lang lang = player.config().lang;
    const auto T = [&](const char* english) { return teach::tr(lang, english); };
    const std::string title = teach::trf(lang, "About {0}", {teach::version_line()}) + "###about";
    ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse |
                                            ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove);
    if (ImGui::BeginTabBar("about tabs")) {
        if (ImGui::BeginTabItem((std::string(T("About")) + "###about tab").c_str())) {
            ImGui::BeginChild("about page", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()));
            text_wrapped(T(about.description.c_str()));
            ImGui::Spacing();
            ImGui::TextUnformatted(T("Licence"));
            ImGui::Separator();
            text_wrapped(teach::licence_summary(lang).c_str());
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            text_wrapped(about.copyright.c_str());
            ImGui::PopStyleColor();
            ImGui::Spacing();
            ImGui::TextUnformatted(T("Cite or link"));
            ImGui::Separator();
            // The link to cite opens the lesson as it is, without this panel over it.
            teach::Config cited = player.config();
            cited.about = false;
            const std::string link = ctx.host.share_link ? ctx.host.share_link(cited) : std::string();
            const std::string citation = teach::citation(link);
            text_wrapped(citation.c_str());
            copy_button(T("Copy citation"), ctx.host, citation);
            text_wrapped(teach::linking_advice(lang).c_str());
            ImGui::Spacing();
            ImGui::TextUnformatted(T("Built with"));
            ImGui::Separator();
            if (ImGui::BeginTable("components", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
                ImGui::TableSetupColumn(T("component"));
                ImGui::TableSetupColumn(T("version"));
                ImGui::TableSetupColumn(T("licence"));
                ImGui::TableHeadersRow();
                for (const teach::ThirdPartyComponent& c : about.components) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    text_wrapped(c.name.c_str());
                    if (ImGui::IsItemHovered())
                        ImGui::SetTooltip("%s\n%s\nin %s", c.use.c_str(), c.url.c_str(), c.artefacts.c_str());
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(c.version.c_str());
                    ImGui::TableNextColumn();
                    text_wrapped(c.licence.c_str());
                }
                ImGui::EndTable();
            }
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            text_wrapped(T("Their full notices: the Third-party notices tab, THIRD_PARTY_NOTICES.txt."));
            ImGui::PopStyleColor();
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem((std::string(T("Licence")) + "###licence tab").c_str())) {
            scrolling_text("licence text", about.licence_text);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem((std::string(T("Third-party notices")) + "###notices tab").c_str())) {
            // The web app fetches the text when this tab is first shown (ui::Host::notices).
            notices = ctx.host.notices ? ctx.host.notices() : nullptr;
            if (notices)
                scrolling_text("notices text", *notices);
            else
                text_wrapped(T(ctx.host.notices ? "Loading the notices (THIRD_PARTY_NOTICES.txt)..."
                                                            : "The notices travel with the lab in THIRD_PARTY_NOTICES.txt."));
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    // One row of buttons under every tab (the scrolling areas leave room for it).
    if (notices && ctx.host.copy_text) {
        copy_button(T("Copy notices"), ctx.host, *notices);
        ImGui::SameLine();
    }
    if (ImGui::Button(T("Close"))) open = false;
    ImGui::End();
    if (!open) {
        teach::Config c = player.config();
        c.about = false;
        player.apply(c);
    }
}

}  // namespace strideconv::ui
