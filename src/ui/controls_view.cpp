// controls_view.cpp -- the side panel: lesson picker, every parameter of the layer, values,
// view and presentation, and the share/export buttons.
#include <algorithm>
#include <string>

#include "imgui.h"
#include "teach/explain.hpp"
#include "ui/canvas_text.hpp"
#include "ui/views.hpp"
#include "ui/wrap_text.hpp"

namespace strideconv::ui {

namespace {

using teach::Config;
using teach::Op;

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

// The lesson picker, the whole panel's width. A title wider than the panel is not cut short: the
// picker grows to show it wrapped (a German title at 1280x800, most titles on a phone) and opens the
// same list as a combo, under it, each title in the list wrapped at the screen's width.
template <class F>
bool lesson_combo(int current, int count, F name_of, int& chosen) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    const float arrow = ImGui::GetFrameHeight();
    const float text_w = std::max(width - arrow - style.FramePadding.x * 2, 1.0f);
    const char* preview = name_of(current);
    bool changed = false;
    if (ImGui::CalcTextSize(preview).x <= text_w) {
        ImGui::PushItemWidth(-1);
        changed = combo("##lesson", current, count, name_of, chosen);
        ImGui::PopItemWidth();
        return changed;
    }
    const ImVec2 text = wrapped_size(preview, text_w);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 size(width, text.y + style.FramePadding.y * 2);
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_FrameBgHovered));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::GetStyleColorVec4(ImGuiCol_FrameBgActive));
    if (ImGui::Button("##lesson", size)) ImGui::OpenPopup("lesson list");
    ImGui::PopStyleColor(3);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    canvas_text(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x + style.FramePadding.x, at.y + style.FramePadding.y),
                text_col, preview, nullptr, text_w);
    // The arrow, as a combo draws it, in a button-coloured square at the right.
    const ImVec2 box(at.x + width - arrow, at.y);
    dl->AddRectFilled(box, ImVec2(at.x + width, at.y + size.y), ImGui::GetColorU32(ImGuiCol_Button), style.FrameRounding);
    const float r = ImGui::GetFontSize() * 0.25f, cx = box.x + arrow * 0.5f, cy = at.y + size.y * 0.5f;
    dl->AddTriangleFilled(ImVec2(cx - r, cy - r * 0.5f), ImVec2(cx + r, cy - r * 0.5f), ImVec2(cx, cy + r * 0.7f), text_col);
    // The list under the picker, or above it when the screen has no room for it below (phones,
    // where the panel is the lower half of the screen).
    const ImGuiViewport* screen = ImGui::GetMainViewport();
    const float screen_w = screen->WorkSize.x;
    const float list_h = std::min(count * ImGui::GetTextLineHeightWithSpacing() * 1.5f, ImGui::GetFontSize() * 20) +
                         style.WindowPadding.y * 2;
    const bool below = at.y + size.y + list_h <= screen->WorkPos.y + screen->WorkSize.y;
    ImGui::SetNextWindowPos(below ? ImVec2(at.x, at.y + size.y) : at, ImGuiCond_Always, ImVec2(0, below ? 0.0f : 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(screen_w, ImGui::GetFontSize() * 20));
    if (ImGui::BeginPopup("lesson list")) {
        ImGui::PushTextWrapPos(screen_w - style.WindowPadding.x * 2);
        for (int k = 0; k < count; ++k) {
            const char* name = name_of(k);
            const float w = std::min(ImGui::CalcTextSize(name).x, screen_w - style.WindowPadding.x * 4);
            const float h = wrapped_size(name, w).y;
            const ImVec2 item = ImGui::GetCursorScreenPos();
            ImGui::PushID(k);
            if (ImGui::Selectable("##lesson item", k == current, 0, ImVec2(w, h))) {
                chosen = k;
                changed = true;
            }
            ImGui::PopID();
            canvas_text(ImGui::GetWindowDrawList(), ImGui::GetFont(), ImGui::GetFontSize(), item, text_col, name, nullptr, w);
        }
        ImGui::PopTextWrapPos();
        ImGui::EndPopup();
    }
    return changed;
}

// A checkbox whose label wraps at the panel's edge instead of running off it (French and German
// labels); clicking the label toggles it, as it does a one-line checkbox's.
bool checkbox_wrapped(const char* label, bool* value) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float box = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x;
    if (ImGui::CalcTextSize(label).x <= ImGui::GetContentRegionAvail().x - box) return ImGui::Checkbox(label, value);
    ImGui::PushID(label);
    bool changed = ImGui::Checkbox("##box", value);
    ImGui::PopID();
    ImGui::SameLine(0, style.ItemInnerSpacing.x);
    text_wrapped(label);
    if (ImGui::IsItemClicked()) {
        *value = !*value;
        changed = true;
    }
    return changed;
}

// Dimmed text that wraps at the panel's edge (longer languages than English need it).
void text_disabled_wrapped(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    text_wrapped(text);
    ImGui::PopStyleColor();
}

}  // namespace

bool lesson_picker(int current, const char* const* titles, int count, const char* none, int& chosen) {
    return lesson_combo(current, count, [&](int k) { return k < 0 || k >= count ? none : titles[k]; }, chosen);
}

namespace {

// Flows labelled toggles (radio buttons, checkboxes) like words: the next one goes on the same line
// while it fits in the panel.
class Flow {
public:
    void next(const char* label) { next_width(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                                              ImGui::CalcTextSize(label).x); }
    // A button: its text and frame padding.
    void next_button(const char* label) {
        next_width(ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2);
    }
    void next_width(float w) {
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        if (!first_ && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right) ImGui::SameLine();
        first_ = false;
    }

private:
    bool first_ = true;
};

}  // namespace

void button_beside(const char* label) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float w = ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2;
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
        ImGui::SameLine();
}

void draw_language_choice(teach::Config& c) {
    // Each language under its own name, so a student who cannot read the current one finds theirs.
    const auto& langs = teach::languages();
    int current = static_cast<int>(c.lang), chosen = current;
    if (combo(teach::tr(c.lang, "Language"), current, static_cast<int>(langs.size()),
              [&](int k) { return langs[static_cast<size_t>(k)].name; }, chosen))
        c.lang = langs[static_cast<size_t>(chosen)].lang;
}

void draw_view_choice(teach::View& view, teach::Lang lang) {
    struct Choice {
        const char* label;
        teach::View view;
    };
    static const Choice choices[] = {{"Walk", teach::View::walk},
                                     {"Compare strides", teach::View::compare},
                                     {"Quiz", teach::View::quiz},
                                     {"Image", teach::View::image},
                                     {"Network (layer stacks)", teach::View::stack}};
    Flow flow;
    for (const Choice& choice : choices) {
        const char* label = teach::tr(lang, choice.label);
        flow.next(label);
        if (ImGui::RadioButton(label, view == choice.view)) view = choice.view;
    }
}

void draw_share_and_export(const Host& host, const teach::Config& c, bool walk) {
    const auto T = [&](const char* english) { return teach::tr(c.lang, english); };
    // Flowed like words: a button that does not fit beside the previous one goes under it (German
    // and French cut "Copy embed code" at the panel's edge).
    Flow flow;
    if (host.share_link) {
        flow.next_button(T("Copy link"));
        if (ImGui::Button(T("Copy link")) && host.copy_text) host.copy_text(host.share_link(c));
    }
    if (host.embed_code) {
        flow.next_button(T("Copy embed code"));
        if (ImGui::Button(T("Copy embed code")) && host.copy_text) host.copy_text(host.embed_code(c));
    }
    Flow exports;
    if (host.export_png) {
        exports.next_button("PNG 1x");
        if (ImGui::Button("PNG 1x")) host.export_png(1);
        exports.next_button("2x");
        if (ImGui::Button("2x")) host.export_png(2);
        exports.next_button("4x");
        if (ImGui::Button("4x")) host.export_png(4);
    }
    if (host.record_walk && walk) {
        exports.next_button(T("Record walk (WebM)"));
        if (ImGui::Button(T("Record walk (WebM)"))) host.record_walk();
    }
}

void draw_presentation(teach::Config& c) {
    const auto T = [&](const char* english) { return teach::tr(c.lang, english); };
    draw_language_choice(c);
    Flow flow;
    bool light = c.theme == teach::Theme::light;
    flow.next(T("Light theme"));
    if (ImGui::Checkbox(T("Light theme"), &light)) c.theme = light ? teach::Theme::light : teach::Theme::dark;
    bool colorblind = c.colours == teach::Colours::colorblind;
    flow.next(T("Colour-blind-safe colours"));
    if (ImGui::Checkbox(T("Colour-blind-safe colours"), &colorblind))
        c.colours = colorblind ? teach::Colours::colorblind : teach::Colours::standard;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", T("Okabe and Ito's colours: the values and the marks stay apart for every kind of colour blindness.\n"
                                  "The standard colours are apart for red-green colour blindness."));
    flow.next(T("Projector text"));
    ImGui::Checkbox(T("Projector text"), &c.large_text);
    draw_zoom(c);  // every view: grids, image mode's pictures, the network view's text and boxes
}

void draw_zoom(teach::Config& c) {
    const auto T = [&](const char* english) { return teach::tr(c.lang, english); };
    // The grids' zoom (zoom=): - and + step through teach's levels, Fit goes back to 100 %. Flowed
    // like words; Tab into the panel reaches every button.
    Flow flow;
    flow.next_width(ImGui::CalcTextSize(T("Zoom")).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("Zoom"));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(teach::zoom_tooltip(c.view)));
    const ImVec2 button(ImGui::GetFrameHeight() * 1.2f, 0);  // square-ish, easy to hit
    ImGui::BeginDisabled(c.zoom <= teach::kMinZoom);
    flow.next_width(button.x);
    if (ImGui::Button("-##zoom out", button)) c.zoom = teach::zoom_out(c.zoom);
    ImGui::EndDisabled();
    const std::string percent = teach::trf(c.lang, "{0}%", {std::to_string(c.zoom)});
    flow.next_width(ImGui::CalcTextSize(percent.c_str()).x);
    ImGui::TextUnformatted(percent.c_str());
    ImGui::BeginDisabled(c.zoom >= teach::kMaxZoom);
    flow.next_width(button.x);
    if (ImGui::Button("+##zoom in", button)) c.zoom = teach::zoom_in(c.zoom);
    ImGui::EndDisabled();
    ImGui::BeginDisabled(c.zoom == teach::kMinZoom);
    flow.next_button(T("Fit"));
    if (ImGui::Button((std::string(T("Fit")) + "##zoom fit").c_str())) c.zoom = teach::kMinZoom;
    ImGui::EndDisabled();
}

void draw_controls(const ViewContext& ctx, PaddingSolverState& solver) {
    teach::Player& player = ctx.player;
    const Host& host = ctx.host;
    Config c = player.config();
    const Config before = c;
    const auto T = [&](const char* english) { return teach::tr(c.lang, english); };
    ImGui::TextUnformatted("Stride Convolution Lab");
    text_disabled_wrapped(T("press ? for keyboard help"));
    ImGui::Separator();

    if (c.view == teach::View::stack) {
        // The network view's own controls follow these (draw_stack_controls); the walk's layer
        // is not on screen.
    } else if (ctx.quiz) {
        // What the questions are about (link quiz=); a new topic starts a new quiz (ui/app.cpp).
        ImGui::TextUnformatted(T("Questions about"));
        const struct {
            const char* label;
            teach::QuizTopic topic;
        } topics[] = {{"stride", teach::QuizTopic::stride},
                      {"transposed conv", teach::QuizTopic::transposed},
                      {"channels and groups", teach::QuizTopic::channels},
                      {"all", teach::QuizTopic::all}};
        const ImGuiStyle& style = ImGui::GetStyle();
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        for (size_t k = 0; k < 4; ++k) {
            // Flowed like words: on the same line while the next one fits.
            const char* label = T(topics[k].label);
            const float w = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
            if (k && ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= right) ImGui::SameLine();
            if (ImGui::RadioButton(label, c.quiz == topics[k].topic)) c.quiz = topics[k].topic;
        }
        ImGui::Separator();
        // The quiz asks about its own layer: show that one, read-only, not the walk's controls.
        ImGui::TextUnformatted(T("This question's layer"));
        text_wrapped(teach::quiz_config_line(ctx.quiz->lesson.config()).c_str());
        ImGui::Separator();
    } else {
        // Lessons.
        const auto& ls = teach::lessons();
        int chosen = -1;
        int current = -1;
        for (size_t k = 0; k < ls.size(); ++k)
            if (c.lesson == ls[k].name) current = static_cast<int>(k);
        ImGui::TextUnformatted(T("Lesson"));
        const auto title = [&](int k) { return k < 0 ? T("(your own)") : T(ls[static_cast<size_t>(k)].title); };
        const bool picked = lesson_combo(current, static_cast<int>(ls.size()), title, chosen);
        if (picked) {
            auto lc = teach::lesson_config(ls[static_cast<size_t>(chosen)].name);
            if (lc) {
                teach::keep_presentation(c, *lc);
                if (lc->view == teach::View::walk) lc->view = c.view;  // a lesson about comparing keeps its view
                player.pause();
                player.apply(*lc);
                return;
            }
        }
        if (current >= 0) text_wrapped(T(ls[static_cast<size_t>(current)].point));
        ImGui::Separator();

        int op = static_cast<int>(c.op);
        const char* ops[] = {"conv2d", "max_pool2d", "avg_pool2d", "conv_transpose2d"};
        if (combo(T("Operation"), op, 4, [&](int k) { return ops[k]; }, op)) c.op = static_cast<Op>(op);

        ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
        ImGui::SliderInt2(T("Input HxW"), c.input.data(), 1, teach::kMaxGrid);
        ImGui::SliderInt2(T("Kernel HxW"), c.kernel.data(), 1, teach::kMaxKernel);
        ImGui::SliderInt2(T("Stride"), c.stride.data(), 1, teach::kMaxStride);
        ImGui::BeginDisabled(c.op == Op::avg_pool2d);  // avg_pool2d has no dilation (PyTorch)
        ImGui::SliderInt2(T("Dilation"), c.dilation.data(), 1, teach::kMaxDilation);
        ImGui::EndDisabled();
        ImGui::PopItemWidth();

        ImGui::TextUnformatted(T("Padding"));
        const char* presets[] = {"custom", "same", "valid", "full"};  // same, valid, full: PyTorch's words
        for (int k = 0; k < 4; ++k) {
            if (k) ImGui::SameLine();
            if (ImGui::RadioButton(k == 0 ? T(presets[k]) : presets[k], static_cast<int>(c.pad_preset) == k))
                c.pad_preset = static_cast<teach::PadPreset>(k);
        }
        if (c.pad_preset == teach::PadPreset::custom) {
            ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
            int tb[2] = {c.padding.top, c.padding.bottom}, lr[2] = {c.padding.left, c.padding.right};
            if (ImGui::SliderInt2(T("top, bottom"), tb, 0, teach::kMaxPad)) { c.padding.top = tb[0]; c.padding.bottom = tb[1]; }
            if (ImGui::SliderInt2(T("left, right"), lr, 0, teach::kMaxPad)) { c.padding.left = lr[0]; c.padding.right = lr[1]; }
            ImGui::PopItemWidth();
        } else {
            const Pad4 p = teach::effective_padding(c);
            text_disabled_wrapped(teach::trf(c.lang, "= top {0}, bottom {1}, left {2}, right {3}",
                                             {std::to_string(p.top), std::to_string(p.bottom),
                                              std::to_string(p.left), std::to_string(p.right)}).c_str());
        }
        // The padding solver: which padding gives a wanted output size (and TensorFlow's SAME).
        // The wanted size starts as the layer's output and follows every change of the layer, except
        // the solver's own (its sentence stays until the next change).
        int* wanted = solver.wanted;
        std::string& solved = solver.solved;
        uint64_t& seen_revision = solver.seen_revision;
        bool& solver_changed = solver.solver_changed;
        const teach::Lesson& l = player.lesson();
        if (l.revision != seen_revision) {
            seen_revision = l.revision;
            if (l.error.empty()) {
                wanted[0] = l.output.h;
                wanted[1] = l.output.w;
            }
            if (!solver_changed) solved.clear();
            solver_changed = false;
        }
        ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
        ImGui::InputInt2(T("wanted output"), wanted);
        ImGui::PopItemWidth();
        const bool solve = ImGui::SmallButton(T("Solve padding"));
        // The second button beside the first while it fits in the panel.
        const float tf_w = ImGui::CalcTextSize("TensorFlow SAME").x + ImGui::GetStyle().FramePadding.x * 2;
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + tf_w <=
            ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
            ImGui::SameLine();
        const bool tf = ImGui::SmallButton("TensorFlow SAME");
        if (solve || tf) {
            const teach::SolvedPadding r = tf ? teach::tensorflow_same(c) : teach::solve_for_output(c, {wanted[0], wanted[1]});
            solved = r.sentence;
            if (r.ok) c = r.config;
            solver_changed = r.ok && !(r.config == player.config());
        }
        if (!solved.empty()) text_wrapped(solved.c_str());
        draw_transposed_controls(c);  // conv_transpose2d only (transposed_view.cpp)
        if (c.op == Op::conv2d) {
            int mode = static_cast<int>(c.padding_mode);
            const char* modes[] = {"zeros", "reflect", "replicate", "circular"};
            if (combo("padding_mode", mode, 4, [&](int k) { return modes[k]; }, mode))
                c.padding_mode = static_cast<PaddingMode>(mode);
            ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
            ImGui::DragFloat(T("Bias"), &c.bias, 0.1f, -100.0f, 100.0f, "%.2f");
            ImGui::PopItemWidth();
        } else if (c.op == Op::conv_transpose2d) {  // zeros only: PyTorch has no padding_mode for it
            ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
            ImGui::DragFloat(T("Bias"), &c.bias, 0.1f, -100.0f, 100.0f, "%.2f");
            ImGui::PopItemWidth();
        } else {
            ImGui::Checkbox("ceil_mode", &c.ceil_mode);
            if (c.op == Op::avg_pool2d) ImGui::Checkbox("count_include_pad", &c.count_include_pad);
        }
        ImGui::Separator();
        if (c.op != Op::conv_transpose2d) {  // its walk scatters one channel (teach/channel_config.hpp)
            draw_channel_controls(c);
            ImGui::Separator();
        }

        // Values.
        int fill = static_cast<int>(c.fill);
        const char* fills[] = {"1, 2, 3, ... (seed)", "random integers", "all ones", "checkerboard", "edited by hand"};
        if (combo(T("Input values"), fill, 5, [&](int k) { return T(fills[k]); }, fill)) c.fill = static_cast<teach::Fill>(fill);
        if (c.fill == teach::Fill::random) {
            int seed = static_cast<int>(c.seed);
            ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
            if (ImGui::InputInt(T("seed"), &seed)) c.seed = static_cast<uint32_t>(std::max(seed, 0));
            ImGui::PopItemWidth();
        }
        if (c.op == Op::conv2d || c.op == Op::conv_transpose2d) {
            const auto& kp = teach::kernel_presets();
            int cur = -1;
            for (size_t k = 0; k < kp.size(); ++k)
                if (c.kernel_preset == kp[k].name) cur = static_cast<int>(k);
            int pick = cur;
            if (combo(T("Kernel values"), cur, static_cast<int>(kp.size()),
                      [&](int k) { return k < 0 ? T("edited by hand") : T(kp[static_cast<size_t>(k)].label); }, pick))
                c.kernel_preset = kp[static_cast<size_t>(pick)].name;
        }
        text_disabled_wrapped(T("Click a cell to edit its value."));
        ImGui::Separator();
    }
    // View and presentation.
    draw_view_choice(c.view, c.lang);
    if (c.view == teach::View::compare) {
        if (ImGui::RadioButton(T("another stride"), c.compare_with == teach::CompareWith::stride))
            c.compare_with = teach::CompareWith::stride;
        ImGui::SameLine();
        if (ImGui::RadioButton(T("stride 1 + pool"), c.compare_with == teach::CompareWith::pool))
            c.compare_with = teach::CompareWith::pool;
        if (c.compare_with == teach::CompareWith::stride) {
            ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
            ImGui::SliderInt2(T("other stride"), c.compare_stride.data(), 1, teach::kMaxStride);
            ImGui::PopItemWidth();
        }
    }
    draw_presentation(c);
    if (c.view == teach::View::walk) {
        int predict = static_cast<int>(c.predict);
        const char* modes[] = {"off", "the output value", "the window's position"};
        if (combo(T("Predict first"), predict, 3, [&](int k) { return T(modes[k]); }, predict))
            c.predict = static_cast<teach::Predict>(predict);
    }
    bool from_one = c.index_base == 1;
    if (checkbox_wrapped(T("Count rows and columns from 1"), &from_one)) c.index_base = from_one ? 1 : 0;
    ImGui::Separator();

    draw_share_and_export(host, c, c.view != teach::View::stack);  // the network view has no walk

    if (!(c == before)) {
        // Changing a parameter leaves the lesson (the URL then carries the parameters);
        // presentation alone (theme, text size, view) keeps it.
        Config presentation_only = before;
        teach::keep_presentation(c, presentation_only);
        presentation_only.about = c.about;
        presentation_only.view = c.view;
        presentation_only.compare_stride = c.compare_stride;
        presentation_only.compare_with = c.compare_with;
        presentation_only.quiz = c.quiz;
        presentation_only.index_base = c.index_base;
        presentation_only.predict = c.predict;
        presentation_only.transposed_view = c.transposed_view;
        if (!(c == presentation_only)) c.lesson.clear();
        player.apply(c);
    }
}

}  // namespace strideconv::ui
