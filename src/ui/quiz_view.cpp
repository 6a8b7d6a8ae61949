// quiz_view.cpp -- a generated question about a strided convolution, checked with its working.
// The question's configuration is drawn without giving the answer away until it is given.
#include <algorithm>

#include "imgui.h"
#include "teach/explain.hpp"
#include "ui/views.hpp"
#include "ui/wrap_text.hpp"

namespace strideconv::ui {

void QuizView::next() {
    session.next();
    typed_[0] = '\0';
}

void QuizView::draw(const ViewContext& ctx) {
    if (session.index < 0) next();
    const teach::Question& q = session.question;
    const teach::Lesson& l = session.lesson;
    const teach::Config& qc = l.config();
    const Palette& p = ctx.palette;
    ImGui::TextUnformatted(teach::quiz_score_line(session.index + 1, session.correct, session.asked, qc.lang).c_str());
    text_wrapped(teach::quiz_config_line(qc).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.window));
    text_wrapped(q.prompt.c_str());
    ImGui::PopStyleColor();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool entered = ImGui::InputText("##answer", typed_, sizeof typed_, ImGuiInputTextFlags_EnterReturnsTrue);
    // Each button beside the last while it fits, else under it ("Question suivante" on a phone).
    button_beside(teach::tr(qc.lang, "Check"));
    if (ImGui::Button(teach::tr(qc.lang, "Check")) || entered) session.answer(typed_);
    button_beside(teach::tr(qc.lang, "Next question"));
    if (ImGui::Button(teach::tr(qc.lang, "Next question"))) next();
    if (!session.verdict.feedback.empty()) {
        const ImU32 col = !session.verdict.understood ? p.notice : session.verdict.correct ? p.other_window : p.error;
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(col));
        text_wrapped(session.verdict.feedback.c_str());
        ImGui::PopStyleColor();
        if (session.answered) text_wrapped(q.explanation.c_str());
    }

    // Zoomed (zoom=), the grids are laid out larger in a child window that scrolls over them; a drag
    // anywhere on them scrolls.
    const ImVec2 avail = zoom_.begin("quiz-zoom", ImVec2(ImGui::GetContentRegionAvail().x,
                                                         std::max(ImGui::GetContentRegionAvail().y, 80.0f)),
                                     ctx.player.config().zoom, ctx.pan);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = zoom_.origin;
    const float label_h = ImGui::GetTextLineHeightWithSpacing() + 4;
    // Nothing on screen gives the answer away before it is given: no output grid (its size) for a
    // size or MAC question, no window for a value question, no marks or trail for row questions.
    teach::SceneOptions options;
    options.reveal = session.answered;
    options.step = -1;
    options.window_step = -1;
    using K = teach::QuestionKind;
    options.hide_output = !session.answered && (teach::asks_size(q.kind) || q.kind == K::macs ||
                                                q.kind == K::transposed_macs || q.kind == K::channel_macs);
    if (session.answered && !teach::asks_size(q.kind)) options.step = l.steps() - 1;
    if (q.kind == teach::QuestionKind::output_value) {
        options.outlined_steps = {qc.step};  // the output cell asked about
        if (session.answered) options.step = options.window_step = qc.step;
    }
    // conv_transpose2d: the scatter's grids (the walk's scene would pad its input), rebuilt when the
    // question or its answer changes.
    const bool transposed = qc.op == teach::Op::conv_transpose2d;
    if (transposed && (transposed_revision_ != l.revision || transposed_lang_ != l.config().lang ||
                       transposed_answered_ != session.answered)) {
        transposed_scene_ = teach::transposed_quiz_scene(l, q, session.answered);
        transposed_revision_ = l.revision;
        transposed_lang_ = l.config().lang;
        transposed_answered_ = session.answered;
    }
    const teach::Scene& s = transposed ? transposed_scene_ : scene_.get(l, options);
    const GridLayout g = layout_grids(s, ImVec2(at.x + 4, at.y + label_h * 0.5f), ImVec2(avail.x - 8, avail.y - label_h),
                                      label_h, true, ImGui::GetFontSize() * 4.0f * zoom_.scale, true);
    ImGui::InvisibleButton("quiz grids", zoom_.zoomed ? ImVec2(g.end.x - at.x + 4, g.end.y - at.y) : avail);
    const bool dragged = ImGui::IsItemActive();
    GridStyle style;
    style.font = ctx.font;
    style.host = &ctx.host;
    style.index_base = qc.index_base;
    style.heat = heat_;
    style.revision = l.revision;
    style.step = options.step;
    style.reveal = options.reveal;
    draw_grids(dl, s, g, p, style);
    zoom_.end(g.end, dragged);
}

}  // namespace strideconv::ui
