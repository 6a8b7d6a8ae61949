// controls_view.cpp -- the side panel: lesson picker, every parameter of the layer, values,
// view and presentation, and the share/export buttons.
#include <algorithm>
#include <string>

#include "imgui.h"
#include "teach/explain.hpp"
#include "ui/views.hpp"

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

}  // namespace

namespace {

// Flows labelled toggles (radio buttons, checkboxes) like words: the next one goes on the same line
// while it fits in the panel.
class Flow {
public:
    void next(const char* label) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        const float w = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
        if (!first_ && ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= right) ImGui::SameLine();
        first_ = false;
    }

private:
    bool first_ = true;
};

}  // namespace

void draw_view_choice(teach::View& view) {
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
        flow.next(choice.label);
        if (ImGui::RadioButton(choice.label, view == choice.view)) view = choice.view;
    }
}

void draw_share_and_export(const Host& host, const teach::Config& c, bool walk) {
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
    if (host.record_walk && walk) {
        if (host.export_png) ImGui::SameLine();
        if (ImGui::Button("Record walk (WebM)")) host.record_walk();
    }
}

void draw_presentation(teach::Config& c) {
    Flow flow;
    bool light = c.theme == teach::Theme::light;
    flow.next("Light theme");
    if (ImGui::Checkbox("Light theme", &light)) c.theme = light ? teach::Theme::light : teach::Theme::dark;
    bool colorblind = c.colours == teach::Colours::colorblind;
    flow.next("Colour-blind-safe colours");
    if (ImGui::Checkbox("Colour-blind-safe colours", &colorblind))
        c.colours = colorblind ? teach::Colours::colorblind : teach::Colours::standard;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Okabe and Ito's colours: the values and the marks stay apart for every kind of colour blindness.\n"
                          "The standard colours are apart for red-green colour blindness.");
    flow.next("Projector text");
    ImGui::Checkbox("Projector text", &c.large_text);
}

void draw_controls(const ViewContext& ctx) {
    teach::Player& player = ctx.player;
    const Host& host = ctx.host;
    Config c = player.config();
    const Config before = c;
    ImGui::TextUnformatted("Stride Convolution Lab");
    ImGui::TextDisabled("press ? for keyboard help");
    ImGui::Separator();

    if (c.view == teach::View::stack) {
        // The network view's own controls follow these (draw_stack_controls); the walk's layer
        // is not on screen.
    } else if (ctx.quiz) {
        // The quiz asks about its own layer: show that one, read-only, not the walk's controls.
        ImGui::TextUnformatted("This question's layer");
        ImGui::TextWrapped("%s", teach::quiz_config_line(ctx.quiz->lesson.config()).c_str());
        ImGui::Separator();
    } else {
        // Lessons.
        const auto& ls = teach::lessons();
        int chosen = -1;
        int current = -1;
        for (size_t k = 0; k < ls.size(); ++k)
            if (c.lesson == ls[k].name) current = static_cast<int>(k);
        ImGui::TextUnformatted("Lesson");
        ImGui::PushItemWidth(-1);  // the whole panel's width: titles are not cut short
        const bool picked = combo("##lesson", current, static_cast<int>(ls.size()),
                  [&](int k) { return k < 0 ? "(your own)" : ls[static_cast<size_t>(k)].title; }, chosen);
        ImGui::PopItemWidth();
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
        if (current >= 0) ImGui::TextWrapped("%s", ls[static_cast<size_t>(current)].point);
        ImGui::Separator();

        int op = static_cast<int>(c.op);
        const char* ops[] = {"conv2d", "max_pool2d", "avg_pool2d", "conv_transpose2d"};
        if (combo("Operation", op, 4, [&](int k) { return ops[k]; }, op)) c.op = static_cast<Op>(op);

        ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
        ImGui::SliderInt2("Input HxW", c.input.data(), 1, teach::kMaxGrid);
        ImGui::SliderInt2("Kernel HxW", c.kernel.data(), 1, teach::kMaxKernel);
        ImGui::SliderInt2("Stride", c.stride.data(), 1, teach::kMaxStride);
        ImGui::BeginDisabled(c.op == Op::avg_pool2d);  // avg_pool2d has no dilation (PyTorch)
        ImGui::SliderInt2("Dilation", c.dilation.data(), 1, teach::kMaxDilation);
        ImGui::EndDisabled();
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
        // The padding solver: which padding gives a wanted output size (and TensorFlow's SAME).
        // The wanted size starts as the layer's output and follows every change of the layer, except
        // the solver's own (its sentence stays until the next change).
        static int wanted[2] = {0, 0};
        static std::string solved;
        static uint64_t seen_revision = 0;
        static bool solver_changed = false;  // the next recompute is the solver's
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
        ImGui::InputInt2("wanted output", wanted);
        ImGui::PopItemWidth();
        const bool solve = ImGui::SmallButton("Solve padding");
        ImGui::SameLine();
        const bool tf = ImGui::SmallButton("TensorFlow SAME");
        if (solve || tf) {
            const teach::SolvedPadding r = tf ? teach::tensorflow_same(c) : teach::solve_for_output(c, {wanted[0], wanted[1]});
            solved = r.sentence;
            if (r.ok) c = r.config;
            solver_changed = r.ok && !(r.config == player.config());
        }
        if (!solved.empty()) ImGui::TextWrapped("%s", solved.c_str());
        draw_transposed_controls(c);  // conv_transpose2d only (transposed_view.cpp)
        if (c.op == Op::conv2d) {
            int mode = static_cast<int>(c.padding_mode);
            const char* modes[] = {"zeros", "reflect", "replicate", "circular"};
            if (combo("padding_mode", mode, 4, [&](int k) { return modes[k]; }, mode))
                c.padding_mode = static_cast<PaddingMode>(mode);
            ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
            ImGui::DragFloat("Bias", &c.bias, 0.1f, -100.0f, 100.0f, "%.2f");
            ImGui::PopItemWidth();
        } else if (c.op == Op::conv_transpose2d) {  // zeros only: PyTorch has no padding_mode for it
            ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
            ImGui::DragFloat("Bias", &c.bias, 0.1f, -100.0f, 100.0f, "%.2f");
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
        if (combo("Input values", fill, 5, [&](int k) { return fills[k]; }, fill)) c.fill = static_cast<teach::Fill>(fill);
        if (c.fill == teach::Fill::random) {
            int seed = static_cast<int>(c.seed);
            ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
            if (ImGui::InputInt("seed", &seed)) c.seed = static_cast<uint32_t>(std::max(seed, 0));
            ImGui::PopItemWidth();
        }
        if (c.op == Op::conv2d || c.op == Op::conv_transpose2d) {
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
    }
    // View and presentation.
    draw_view_choice(c.view);
    if (c.view == teach::View::compare) {
        if (ImGui::RadioButton("another stride", c.compare_with == teach::CompareWith::stride))
            c.compare_with = teach::CompareWith::stride;
        ImGui::SameLine();
        if (ImGui::RadioButton("stride 1 + pool", c.compare_with == teach::CompareWith::pool))
            c.compare_with = teach::CompareWith::pool;
        if (c.compare_with == teach::CompareWith::stride) {
            ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
            ImGui::SliderInt2("other stride", c.compare_stride.data(), 1, teach::kMaxStride);
            ImGui::PopItemWidth();
        }
    }
    draw_presentation(c);
    if (c.view == teach::View::walk) {
        int predict = static_cast<int>(c.predict);
        const char* modes[] = {"off", "the output value", "the window's position"};
        if (combo("Predict first", predict, 3, [&](int k) { return modes[k]; }, predict))
            c.predict = static_cast<teach::Predict>(predict);
    }
    bool from_one = c.index_base == 1;
    if (ImGui::Checkbox("Count rows and columns from 1", &from_one)) c.index_base = from_one ? 1 : 0;
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
        presentation_only.index_base = c.index_base;
        presentation_only.predict = c.predict;
        presentation_only.transposed_view = c.transposed_view;
        if (!(c == presentation_only)) c.lesson.clear();
        player.apply(c);
    }
}

}  // namespace strideconv::ui
