// channels_view.cpp -- channels and groups: the strip above the walk's grids (the filters to walk,
// every input channel as a small picture with the walked filter's window and partial sum on each it
// reads, the step's sum as a sentence) and the side panel's controls (channel counts, the groups
// slider from standard through grouped to depthwise, depthwise then pointwise against the standard
// layer). Draws teach::ChannelStrip, teach::GroupsPicture and teach::SeparableCost; computes nothing.
// ImGui only.
#include <algorithm>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "teach/channels.hpp"
#include "ui/canvas_text.hpp"
#include "ui/views.hpp"
#include "ui/wrap_text.hpp"

namespace strideconv::ui {

namespace {

// Starts the next item on this line if `width` still fits, else on a new line.
void flow(float width, bool first) {
    if (first) return;
    ImGui::SameLine(0, 4);
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

void walk_filter(teach::Player& player, int filter, int in_channel) {
    teach::Config c = player.config();
    c.channels.channel = filter;
    c.channels.in_channel = in_channel;
    player.pause();
    player.apply(c);
}

}  // namespace

float draw_channel_strip(const ViewContext& ctx, float height) {
    teach::Player& player = ctx.player;
    const teach::Lesson& l = player.lesson();
    const teach::Config& c = l.config();
    const Palette& p = ctx.palette;
    const float top = ImGui::GetCursorScreenPos().y;
    const float fs = ImGui::GetFontSize();
    const teach::ChannelStrip strip = teach::channel_strip(l, c.step);
    const int groups = strip.inputs.empty() ? 1 : strip.inputs.back().group + 1;
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // The filters: click one to walk it. (Titles wrap: German and French run past a phone's width.)
    text_wrapped(strip.filters_title.c_str());
    const ImVec2 button(fs * 1.8f, 0);
    for (const teach::StripFilter& f : strip.filters) {
        flow(button.x, f.filter == 0);
        const ImU32 fill = group_colour(p, f.group, groups);
        ImGui::PushStyleColor(ImGuiCol_Button, fill);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, fill);
        ImGui::PushStyleColor(ImGuiCol_Text, text_on(fill));
        char label[16];
        std::snprintf(label, sizeof label, "%d##filter", f.filter);  // ids: tests find "5##filter"
        if (ImGui::Button(label, button) && !f.walked) walk_filter(player, f.filter, -1);
        ImGui::PopStyleColor(3);
        if (f.walked) {
            dl->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), p.halo, 0, 0, 5);
            dl->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), p.window, 0, 0, 3);
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", teach::trf(c.lang, "walk output channel {0} (group {1})",
                                               {std::to_string(f.filter), std::to_string(f.group)}).c_str());
    }

    // The input channels: each a small picture; the walked filter's window on those it reads.
    text_wrapped(strip.inputs_title.c_str());
    const int n = static_cast<int>(strip.inputs.size());
    const float avail = ImGui::GetContentRegionAvail().x;
    const int side = std::max(strip.rows, strip.cols);
    // As wide as the row allows, at most 4.5 lines high and an eighth of the walk's height (phones),
    // and never narrower than the partial sums written under the pictures ("= 288" was cut to "= 28").
    float widest_sum = 0;
    for (const teach::StripChannel& in : strip.inputs) widest_sum = std::max(widest_sum, ImGui::CalcTextSize(in.sum_text.c_str()).x);
    const float thumb = std::clamp(std::min((avail - 6.0f * n) / std::max(n, 1), height * 0.125f),
                                   std::max(fs * 1.5f, widest_sum + 2), std::max(fs * 4.5f, widest_sum + 2));
    const float cell = thumb / std::max(side, 1);
    const float line = ImGui::GetTextLineHeight();
    for (const teach::StripChannel& in : strip.inputs) {
        flow(thumb, in.channel == 0);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        char id[24];
        std::snprintf(id, sizeof id, "##plane%d", in.channel);
        if (ImGui::InvisibleButton(id, ImVec2(thumb, thumb + line + 2))) {
            // A channel the filter does not read: walk the first filter of the group that does.
            int filter = c.channels.channel;
            if (!in.read)
                for (const teach::StripFilter& f : strip.filters)
                    if (f.group == in.group) {
                        filter = f.filter;
                        break;
                    }
            walk_filter(player, filter, in.channel);
        }
        const bool hovered = ImGui::IsItemHovered();
        for (int y = 0; y < strip.rows; ++y)
            for (int x = 0; x < strip.cols; ++x) {
                const float v = c.x[in.offset + static_cast<size_t>(y * strip.cols + x)];
                const ImVec2 a(at.x + x * cell, at.y + y * cell);
                dl->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), value_colour(p, v, strip.max_abs));
            }
        const ImVec2 end(at.x + strip.cols * cell, at.y + strip.rows * cell);
        if (!in.read) dl->AddRectFilled(at, end, (p.panel & 0x00ffffffu) | 0xb0000000u);  // not read: dimmed
        dl->AddRect(ImVec2(at.x - 1, at.y - 1), ImVec2(end.x + 1, end.y + 1), group_colour(p, in.group, groups), 0, 0,
                    in.read ? 2.5f : 1.0f);
        if (in.read && strip.has_window) {
            const ImVec2 w0(at.x + strip.x0 * cell, at.y + strip.y0 * cell);
            const ImVec2 w1(at.x + (strip.x1 + 1) * cell, at.y + (strip.y1 + 1) * cell);
            dl->AddRect(w0, w1, p.halo, 0, 0, 3);
            dl->AddRect(w0, w1, p.window, 0, 0, 1.5f);
        }
        if (in.shown) dl->AddRect(ImVec2(at.x - 3, at.y - 3), ImVec2(end.x + 3, end.y + 3), p.window, 0, 0, 2);
        // "2 = 513" under the picture, or "= 513" alone when that is wider than the picture.
        char label[32];
        std::snprintf(label, sizeof label, "%d %s", in.channel, in.sum_text.c_str());
        if (ImGui::CalcTextSize(label).x > thumb && !in.sum_text.empty())
            std::snprintf(label, sizeof label, "%s", in.sum_text.c_str());
        dl->PushClipRect(ImVec2(at.x, end.y), ImVec2(at.x + thumb, end.y + line + 2), true);
        canvas_text(dl, ImVec2(at.x, end.y + 1), in.read ? p.text : p.text_dim, label);
        dl->PopClipRect();
        if (hovered)
            ImGui::SetTooltip("%s", (in.read ? teach::trf(c.lang, "input channel {0} (group {1}): its partial sum {2}",
                                                          {std::to_string(in.channel), std::to_string(in.group), in.sum_text})
                                             : teach::trf(c.lang, "input channel {0} (group {1}): not read by this filter; click to walk one that reads it",
                                                          {std::to_string(in.channel), std::to_string(in.group)})).c_str());
    }
    if (!strip.sentence.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.window));
        text_wrapped(strip.sentence.c_str());
        ImGui::PopStyleColor();
    }
    return ImGui::GetCursorScreenPos().y - top;
}

void draw_channel_controls(teach::Config& c) {
    const float fs = ImGui::GetFontSize();
    const bool conv = c.op == teach::Op::conv2d;
    const auto T = [&](const char* english) { return teach::tr(c.lang, english); };
    ImGui::TextUnformatted(T("Channels and groups"));
    ImGui::PushItemWidth(fs * 7);
    teach::ChannelConfig ch = c.channels;
    bool changed = ImGui::SliderInt(T("In channels"), &ch.in_channels, 1, teach::kMaxChannels);
    ImGui::BeginDisabled(!conv);  // pools keep the channels
    changed |= ImGui::SliderInt(T("Out channels"), &ch.out_channels, 1, teach::kMaxChannels);
    const std::vector<int> choices = teach::valid_groups(ch.in_channels, ch.out_channels);
    int index = 0;
    for (size_t k = 0; k < choices.size(); ++k)
        if (choices[k] <= ch.groups) index = static_cast<int>(k);
    teach::ChannelConfig shown = ch;
    shown.groups = choices[static_cast<size_t>(index)];
    char label[96];
    std::snprintf(label, sizeof label, "%d: %s", shown.groups, T(teach::groups_kind(shown)));
    ImGui::BeginDisabled(choices.size() < 2);
    if (ImGui::SliderInt(T("Groups"), &index, 0, static_cast<int>(choices.size()) - 1, label)) {
        ch.groups = choices[static_cast<size_t>(index)];
        changed = true;
    }
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    ImGui::PopItemWidth();
    if (changed) {
        // Counts that no longer fit the groups or the walked channel are fitted quietly while sliding.
        teach::normalize(ch, c.op, nullptr);
        c.channels = ch;
    }
    const teach::GroupsPicture g = teach::groups_picture(c);
    if (c.channels.in_channels > 1 || teach::output_channels(c.channels, c.op) > 1)
        text_wrapped(g.sentence + ".");
    if (!conv || (c.channels.in_channels == 1 && c.channels.out_channels == 1)) return;

    const teach::SeparableCost sep = teach::separable_cost(c);
    if (!sep.ok || !ImGui::TreeNodeEx(T("Depthwise then pointwise"), ImGuiTreeNodeFlags_DefaultOpen)) return;
    // One line a layer (the side panel is narrow): its weights' shape, parameters and MACs.
    for (const teach::SeparableRow& r : sep.rows)
        text_wrapped(teach::trf(c.lang, "{0}: {1}",
                                {std::string(T(r.name.c_str())) + (r.shape.empty() ? "" : " ") + r.shape,
                                 teach::trf(c.lang, "{0} params, {1} MACs",
                                            {teach::number_text(c.lang, r.params), teach::number_text(c.lang, r.macs)})}));
    text_wrapped(sep.sentence + ".");
    ImGui::TreePop();
}

}  // namespace strideconv::ui
