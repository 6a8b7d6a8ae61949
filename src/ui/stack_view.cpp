// stack_view.cpp -- the network view (view=stack): the side panel's network controls (preset, input
// size and channels, FLOPs, the view's lessons and quiz), and the canvas: the layer table, the
// input with the receptive field of the clicked output cell painted on it (the part in padding
// hatched), the selected layer's output grid to click, the layer editor and the stride/pool
// switches. It draws a teach::StackModel and sends edits back as a StackConfig; every number and
// sentence is teach's. ImGui only.
//
// [SECTION] Helpers
// [SECTION] Side panel
// [SECTION] Canvas: table, picture, editor, switches
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ImGuiTable's columns and the scroll bar's id: the table's sideways scroll in whole columns
#include "teach/stack_spec.hpp"
#include "ui/canvas_text.hpp"
#include "ui/image_view.hpp"
#include "ui/views.hpp"
#include "ui/wrap_text.hpp"

namespace strideconv::ui {

namespace {

// [SECTION] Helpers -----------------------------------------------------------------------------

// Apply a new network state. Choosing a layer or cell, the FLOPs toggle or the picture keeps a
// lesson; any other change leaves it (the link then carries the network itself).
void apply(teach::Player& player, const teach::StackConfig& stack) {
    teach::Config c = player.config();
    teach::StackConfig presentation = c.stack;
    presentation.layer = stack.layer;
    presentation.cell = stack.cell;
    presentation.flops = stack.flops;
    presentation.picture = stack.picture;
    if (!(presentation == stack)) c.lesson.clear();
    c.stack = stack;
    player.apply(c);
}

void text_colour(ImU32 col, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(col));
    text_wrapped(text.c_str());
    ImGui::PopStyleColor();
}

// A centre mark: a plus of arms `arm` long.
void cross(ImDrawList* dl, ImVec2 c, ImU32 col, float arm) {
    dl->AddLine(ImVec2(c.x - arm, c.y), ImVec2(c.x + arm, c.y), col, 2);
    dl->AddLine(ImVec2(c.x, c.y - arm), ImVec2(c.x, c.y + arm), col, 2);
}

bool input_pair(const char* label, Pair& v, int lo, int hi) {
    int values[2] = {v[0], v[1]};
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (!ImGui::InputInt2(label, values)) return false;
    v = {std::clamp(values[0], lo, hi), std::clamp(values[1], lo, hi)};
    return true;
}

// The width from the cursor to the window's right edge as it is on screen. A zoomed view scrolls
// sideways, and then ImGui's content region (and TextWrapped) reach to the end of what it scrolls
// over, past the screen; layout and wrapping go by this instead. At 100 % ImGui's own.
float shown_width(bool zoomed) {
    if (!zoomed) return ImGui::GetContentRegionAvail().x;
    const ImGuiWindow* w = ImGui::GetCurrentWindow();
    return std::max(w->InnerRect.Max.x - w->WindowPadding.x - ImGui::GetCursorScreenPos().x, 1.0f);
}

// Wrapped text ends at the window's edge on screen (see shown_width); pair with PopTextWrapPos.
void wrap_at_shown_edge(bool zoomed) {
    const ImGuiWindow* w = ImGui::GetCurrentWindow();
    ImGui::PushTextWrapPos(zoomed ? w->InnerRect.Max.x - w->WindowPadding.x - w->Pos.x + w->Scroll.x : -1.0f);
}

}  // namespace

const teach::StackModel& StackView::model(const teach::StackConfig& c, teach::Lang lang) {
    if (!valid_ || !(key_ == c) || key_lang_ != lang) {
        model_ = teach::build_stack_model(c, lang);
        key_ = c;
        key_lang_ = lang;
        valid_ = true;
    }
    return model_;
}

// [SECTION] Side panel --------------------------------------------------------------------------

void draw_stack_controls(const ViewContext& ctx, StackView& view, const teach::ImageModel& picture) {
    teach::Player& player = ctx.player;
    const teach::Config& config = player.config();
    teach::StackConfig s = config.stack;
    const teach::Lang lang = config.lang;
    const teach::StackModel& m = view.model(s, lang);

    // The view's lessons.
    const auto& lessons = teach::stack_lessons();
    int current = -1;
    for (size_t k = 0; k < lessons.size(); ++k)
        if (config.lesson == lessons[k].name) current = static_cast<int>(k);
    ImGui::TextUnformatted(teach::tr(lang, "Network lesson"));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##network lesson", current < 0 ? teach::tr(lang, "(your own)")
                                                          : teach::tr(lang, lessons[static_cast<size_t>(current)].title))) {
        for (size_t k = 0; k < lessons.size(); ++k) {
            if (ImGui::Selectable(teach::tr(lang, lessons[k].title), static_cast<int>(k) == current)) {
                if (auto lc = teach::lesson_config(lessons[k].name)) {
                    teach::keep_presentation(config, *lc);
                    player.pause();
                    player.apply(*lc);
                }
            }
        }
        ImGui::EndCombo();
    }
    if (current >= 0) {
        text_wrapped(teach::tr(lang, lessons[static_cast<size_t>(current)].point));
        text_wrapped(view.lesson_text(lessons[static_cast<size_t>(current)].name, lang).c_str());
    }
    ImGui::Separator();

    // The network.
    const auto& presets = teach::network_presets();
    std::string shown = s.spec.empty() ? m.title : teach::tr(lang, "Custom stack");
    for (const auto& p : presets)
        if (s.spec.empty() && s.preset == p.name) shown = teach::preset_title(p, lang);
    ImGui::TextUnformatted(teach::tr(lang, "Network"));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##network", shown.c_str())) {
        for (const auto& p : presets) {
            if (ImGui::Selectable(teach::preset_title(p, lang).c_str(), s.spec.empty() && s.preset == p.name)) {
                teach::StackConfig next = s;
                next.preset = p.name;
                next.spec.clear();
                next.swaps.clear();
                next.layer = 0;
                next.cell = {0, 0};
                apply(player, next);
                return;
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", teach::tr(lang, p.layout));
        }
        ImGui::EndCombo();
    }
    teach::StackConfig next = s;
    bool changed = input_pair(teach::tr(lang, "Input HxW"), next.input, 1, kMaxStackInput);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    int channels = next.channels;
    if (ImGui::InputInt(teach::tr(lang, "Channels"), &channels)) {
        next.channels = std::clamp(channels, 1, kMaxStackChannels);
        changed = true;
    }
    changed = ImGui::Checkbox(teach::tr(lang, "FLOPs (2 x MACs)"), &next.flops) || changed;
    changed = ImGui::Checkbox(teach::tr(lang, "On image mode's picture"), &next.picture) || changed;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", teach::tr(lang, "Paint the field on the picture image mode shows (its Picture choice), not on a grid."));
    const image::Image* pic = s.picture ? picture.picture() : nullptr;
    if (pic && Pair{pic->pixels.h, pic->pixels.w} != s.input) {
        const std::string label = teach::trf(lang, "Input = picture size ({0})", {base::size_text({pic->pixels.h, pic->pixels.w})});
        if (ImGui::Button(label.c_str())) {
            next.input = {std::min(pic->pixels.h, kMaxStackInput), std::min(pic->pixels.w, kMaxStackInput)};
            changed = true;
        }
    }
    if (changed) apply(player, next);
    ImGui::Separator();

    // The view's quiz.
    view.draw_quiz(ctx);
}

std::string StackView::lesson_text(const std::string& name, teach::Lang lang) {
    if (name != lesson_name_ || lang != lesson_lang_) {
        lesson_name_ = name;
        lesson_lang_ = lang;
        lesson_text_ = teach::stack_lesson_text(name, lang);
    }
    return lesson_text_;
}

void StackView::draw_quiz(const ViewContext& ctx) {
    const Palette& p = ctx.palette;
    const teach::Lang lang = ctx.player.config().lang;
    // The same questions in another language: the question and its verdict stay.
    if (questions_.empty() || questions_lang_ != lang) {
        questions_ = teach::stack_questions(lang);
        questions_lang_ = lang;
    }
    ImGui::TextUnformatted(teach::tr(lang, "Network quiz"));
    if (question_ < 0) {
        if (ImGui::Button(teach::tr(lang, "Ask a question"))) {
            question_ = 0;
            typed_[0] = '\0';
            verdict_ = 0;
            ctx.player.pause();
            apply(ctx.player, questions_[0].config);
        }
        return;
    }
    const teach::StackQuestion& q = questions_[static_cast<size_t>(question_)];
    ImGui::TextUnformatted(teach::trf(lang, "Question {0} of {1}",
                                      {std::to_string(question_ + 1), std::to_string(questions_.size())}).c_str());
    text_colour(p.window, q.prompt);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    const bool entered = ImGui::InputText("##stack answer", typed_, sizeof typed_, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button(teach::tr(lang, "Check")) || entered) verdict_ = teach::stack_answer_correct(q, typed_) ? 1 : -1;
    if (ImGui::Button(teach::tr(lang, "Next question"))) {
        question_ = (question_ + 1) % static_cast<int>(questions_.size());
        typed_[0] = '\0';
        verdict_ = 0;
        apply(ctx.player, questions_[static_cast<size_t>(question_)].config);
        return;
    }
    if (verdict_ != 0) {
        text_colour(verdict_ > 0 ? p.other_window : p.error,
                    teach::trf(lang, verdict_ > 0 ? "Right: {0}." : "Not quite: the answer is {0}.", {q.answer}));
        text_wrapped(q.explanation.c_str());
    }
}

// [SECTION] Canvas ------------------------------------------------------------------------------

void StackView::draw(const ViewContext& ctx, float height, const teach::ImageModel& picture) {
    teach::Player& player = ctx.player;
    const teach::StackConfig& s = player.config().stack;
    const teach::Lang lang = player.config().lang;
    const teach::StackModel& m = model(s, lang);
    const Palette& p = ctx.palette;

    // The zoom (zoom=) enlarges the whole view, its text and its two boxes, as a browser's zoom
    // would: the layout follows the larger font (one column sooner), and what is wider than the
    // canvas scrolls, under the scroll bars, the wheel and a host's two-finger pan.
    const int zoom = player.config().zoom;
    const bool zoomed = zoom > teach::kMinZoom;
    const ImGuiWindowFlags scrolls = zoomed ? ImGuiWindowFlags_HorizontalScrollbar : 0;
    ImGui::BeginChild("network", ImVec2(0, height), false, scrolls);
    ImGui::SetWindowFontScale(static_cast<float>(zoom) / 100.0f);
    if (ctx.pan.x != 0 || ctx.pan.y != 0) {
        ImGui::SetScrollX(ImGui::GetScrollX() - ctx.pan.x);
        ImGui::SetScrollY(ImGui::GetScrollY() - ctx.pan.y);
    }
    zoomed_ = zoomed;
    wrap_at_shown_edge(zoomed);
    ImGui::TextUnformatted(m.title.c_str());
    if (!m.summary.empty()) text_wrapped(m.summary.c_str());
    if (!m.result.ok()) text_colour(p.error, teach::trf(lang, "Refused: {0}", {teach::say(lang, m.result.why)}));
    for (const auto& n : m.notices) text_colour(p.notice, teach::trf(lang, "Note: {0}", {n}));

    const float width = shown_width(zoomed);
    const bool wide = width >= ImGui::GetFontSize() * 45;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float rest = ImGui::GetContentRegionAvail().y;
    // Wide: the table across the top; under it the picture and the editor, the switches beside
    // them. Narrow: one column.
    draw_table(ctx, m, wide ? std::max(rest * 0.45f, line * 8) : std::max(line * 12, rest * 0.4f));
    if (wide) {
        ImGui::BeginChild("picture and editor", ImVec2(width * 0.55f, 0), false, scrolls);
        wrap_at_shown_edge(zoomed);
        draw_picture(ctx, m, picture);
        draw_editor(ctx, m);
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("switches", ImVec2(0, 0), false);
        draw_switches(ctx, m);
        ImGui::EndChild();
    } else {
        draw_picture(ctx, m, picture);
        draw_editor(ctx, m);
        draw_switches(ctx, m);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

void StackView::draw_table(const ViewContext& ctx, const teach::StackModel& m, float height) {
    const teach::StackTable& t = m.table;
    const Palette& p = ctx.palette;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                                  ImGuiTableFlags_SizingFixedFit;
    // teach's columns: #, layer, type, kernel, stride, pad, output, ch, jump, RF, eff. pad, centre,
    // floor, MACs, params, activations.
    enum { kNumber = 0, kLayer = 1, kType = 2, kStride = 4, kOutput = 6, kJump = 8, kFloor = 12 };
    const int given = static_cast<int>(t.headers.size());
    const float avail = shown_width(zoomed_);
    const float fs = ImGui::GetFontSize();
    // Narrow (a phone, a tablet's canvas): what identifies a layer and what it does to the size first,
    // without a sideways scroll: the number; the name with the type under it (a shortcut's "(from N)"
    // on a line of its own); the stride; the output. Then the rest in teach's order. At 390 pixels
    // the type, the stride and the output were a scroll away behind ResNet-50's shortcut names.
    const bool narrow = avail < fs * 45 && given > kFloor;
    std::vector<int> order;  // teach's column shown at each place
    if (narrow) {
        order = {kNumber, kLayer, kStride, kOutput};
        for (int k = 0; k < given; ++k)
            if (k != kNumber && k != kLayer && k != kType && k != kStride && k != kOutput) order.push_back(k);
    } else {
        for (int k = 0; k < given; ++k) order.push_back(k);
    }
    const int columns = static_cast<int>(order.size());
    // The layer cell's text: narrow, the name (broken before a shortcut's parenthesis) over the type.
    auto layer_lines = [&](const teach::StackTableRow& row, std::string& name, std::string& type) {
        name = row.cells[kLayer];
        type.clear();
        if (!narrow) return;
        type = row.cells[kType];
        const size_t paren = name.rfind(" (");
        if (row.shortcut && paren != std::string::npos && paren > 0) name[paren] = '\n';
    };
    const std::string header_layer = narrow ? t.headers[kLayer] + ", " + t.headers[kType] : t.headers[kLayer];
    auto header = [&](int k) { return order[static_cast<size_t>(k)] == kLayer ? header_layer : t.headers[static_cast<size_t>(order[static_cast<size_t>(k)])]; };
    // Each column as wide as its widest text, measured here: ImGui's own fitting takes three frames
    // to settle, and the table's width (below) would follow it a frame later still.
    std::vector<float> widest(static_cast<size_t>(columns), 0.0f);
    for (int k = 0; k < columns; ++k) {
        const size_t at = static_cast<size_t>(order[static_cast<size_t>(k)]);
        float w = std::max(ImGui::CalcTextSize(header(k).c_str()).x, ImGui::CalcTextSize(t.totals[at].c_str()).x);
        if (narrow && at == kLayer) w = std::max(w, ImGui::CalcTextSize(t.totals[kType].c_str()).x);
        for (const auto& row : t.rows) {
            if (at == kLayer) {
                std::string name, type;
                layer_lines(row, name, type);
                w = std::max({w, ImGui::CalcTextSize(name.c_str()).x, ImGui::CalcTextSize(type.c_str()).x});
            } else {
                w = std::max(w, ImGui::CalcTextSize(row.cells[at].c_str()).x);
            }
        }
        widest[static_cast<size_t>(k)] = std::ceil(w);
    }
    // The number and the name stay in view while the table scrolls sideways, unless they would
    // take so much of the width that the widest other column would not fit beside them (a layer
    // name at 200 % on a phone, ResNet-50's at 320 pixels): then the number alone.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float cell_pad = style.CellPadding.x * 2;
    float widest_other = 0;
    for (int k = 2; k < columns; ++k) widest_other = std::max(widest_other, widest[static_cast<size_t>(k)]);
    const float scroll_bar = style.ScrollbarSize + 2 * style.WindowBorderSize;
    const int frozen = widest[0] + widest[1] + widest_other + 3 * cell_pad + scroll_bar <= avail ? 2 : 1;
    // Whole columns only: the table ends at the last column that fits whole, and it scrolls sideways
    // a column at a time. A table as wide as the canvas cut the column at its edge in the middle
    // of its words ('pointwis' at 390 pixels, 'drops 1 row, 1' at 1280).
    const TableColumns& shown = table_columns_;
    float width = 0;  // 0: the canvas's width (the first frame, before the columns are measured)
    if (shown.frozen != frozen) table_first_ = frozen;  // (a zoom froze the name, or let it go)
    if (static_cast<int>(shown.widths.size()) == columns && shown.frozen == frozen) {
        table_first_ = std::clamp(table_first_, frozen, columns - 1);
        width = shown.lead;
        for (int k = 0; k < frozen; ++k) width += shown.widths[static_cast<size_t>(k)];
        for (int k = table_first_; k < columns; ++k) {
            const float w = shown.widths[static_cast<size_t>(k)];
            if (k > table_first_ && width + w + shown.trail > avail) break;
            width += w;
        }
        // Zoomed, the view itself scrolls sideways: a first column wider than the canvas (a layer's
        // name at 200 % on a phone) is shown whole, a scroll away, rather than cut.
        width = zoomed_ ? width + shown.trail : std::min(width + shown.trail, avail);
    }
    if (!ImGui::BeginTable("layers", columns, flags, ImVec2(width, height))) return;
    ImGui::TableSetupScrollFreeze(frozen, 1);
    snap_table_scroll(frozen, columns);
    for (int k = 0; k < columns; ++k)
        ImGui::TableSetupColumn(header(k).c_str(), ImGuiTableColumnFlags_WidthFixed, widest[static_cast<size_t>(k)]);
    ImGui::TableHeadersRow();
    const int selected = m.config.layer;
    for (const auto& row : t.rows) {
        ImGui::TableNextRow();
        for (int k = 0; k < columns; ++k) {
            ImGui::TableSetColumnIndex(k);
            const int source = order[static_cast<size_t>(k)];
            const std::string& cell = row.cells[static_cast<size_t>(source)];
            if (source == kNumber) {
                // The whole row selects the layer, all its lines (narrow: the name's and the type's).
                std::string name, type;
                layer_lines(row, name, type);
                const int lines = 1 + static_cast<int>(std::count(name.begin(), name.end(), '\n')) + (type.empty() ? 0 : 1);
                const float row_h = ImGui::GetTextLineHeight() * static_cast<float>(lines) +
                                    style.ItemSpacing.y * static_cast<float>(lines - 1);
                if (ImGui::Selectable(cell.c_str(), row.position == selected,
                                      ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                                      ImVec2(0, row_h))) {
                    teach::StackConfig next = m.config;
                    next.layer = row.position;
                    apply(ctx.player, next);
                }
                if (ImGui::IsItemHovered() && !row.tooltip.empty()) ImGui::SetTooltip("%s", row.tooltip.c_str());
                // A layer chosen elsewhere (a lesson, a link, the quiz) scrolls into view once.
                if (row.position == selected && scrolled_to_ != selected) {
                    ImGui::SetScrollHereY(0.3f);
                    scrolled_to_ = selected;
                }
                continue;
            }
            ImU32 col = p.text;
            if (row.shortcut) col = p.other_window;
            if (source == kFloor && row.drops) col = p.error;
            if ((source == kStride || source == kJump) && row.downsamples) col = p.window;
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(col));
            if (source == kLayer) {
                std::string name, type;
                layer_lines(row, name, type);
                ImGui::TextUnformatted(name.c_str());
                ImGui::PopStyleColor();
                if (!type.empty()) ImGui::TextDisabled("%s", type.c_str());
                continue;
            }
            ImGui::TextUnformatted(cell.c_str());
            ImGui::PopStyleColor();
        }
    }
    ImGui::TableNextRow();
    for (int k = 0; k < columns; ++k) {
        ImGui::TableSetColumnIndex(k);
        const int source = order[static_cast<size_t>(k)];
        // Narrow, the layer count (the type column's total) goes under the layer column's.
        std::string total = t.totals[static_cast<size_t>(source)];
        if (narrow && source == kLayer) total += "\n" + t.totals[kType];
        ImGui::TextDisabled("%s", total.c_str());
    }
    // The columns' widths as laid out, for the next frame's width and scroll.
    const ImGuiTable* table = ImGui::GetCurrentTable();
    table_columns_.frozen = frozen;
    table_columns_.widths.resize(static_cast<size_t>(columns));
    for (int k = 0; k < columns; ++k)
        table_columns_.widths[static_cast<size_t>(k)] = table->Columns[k].MaxX - table->Columns[k].MinX;
    table_columns_.lead = table->Columns[0].MinX - table->OuterRect.Min.x;
    table_columns_.trail = table->OuterRect.Max.x - table->InnerClipRect.Max.x;
    ImGui::EndTable();
}

// The table's sideways scroll in whole columns: a scroll by the wheel, a drag or the scroll bar
// (once let go) moves on to the next column's start in its direction, so that the first column
// after the frozen ones starts at their edge. Inside the table (its window is the current one).
void StackView::snap_table_scroll(int frozen, int columns) {
    const TableColumns& shown = table_columns_;
    if (static_cast<int>(shown.widths.size()) != columns || shown.frozen != frozen) return;
    auto start = [&](int first) {  // the scroll at which column `first` is the first after the frozen ones
        float x = 0;
        for (int k = frozen; k < first; ++k) x += shown.widths[static_cast<size_t>(k)];
        return x;
    };
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const float scroll = ImGui::GetScrollX();
    if (ImGui::GetActiveID() == ImGui::GetWindowScrollbarID(window, ImGuiAxis_X)) {
        // The scroll bar held: it moves freely; the width follows the column under its start.
        while (table_first_ + 1 < columns && start(table_first_ + 1) <= scroll + 0.5f) ++table_first_;
        while (table_first_ > frozen && start(table_first_) > scroll + 0.5f) --table_first_;
        table_scroll_ = -1;
        return;
    }
    if (table_scroll_ >= 0 && std::abs(scroll - table_scroll_) <= 0.5f) return;
    if (table_scroll_ >= 0 && scroll > table_scroll_) {
        while (table_first_ + 1 < columns && start(table_first_) < scroll - 0.5f) ++table_first_;
    } else {
        while (table_first_ > frozen && start(table_first_) > scroll + 0.5f) --table_first_;
    }
    table_scroll_ = start(table_first_);
    ImGui::SetScrollX(table_scroll_);
}

// The input (padding hatched) with the clicked cell's field painted on it, and the selected
// layer's output grid, whose cells are clicked.
void StackView::draw_picture(const ViewContext& ctx, const teach::StackModel& m, const teach::ImageModel& picture) {
    const Palette& p = ctx.palette;
    const teach::StackConfig& s = m.config;
    placement = {};
    if (m.result.rows.empty()) return;
    const int layer = std::clamp(s.layer, 1, static_cast<int>(m.result.rows.size()));
    const StackRow& row = m.result.rows[static_cast<size_t>(layer - 1)];
    const teach::StackPicture pic = teach::stack_picture(m, layer, s.cell[0], s.cell[1]);
    const teach::Lang lang = ctx.player.config().lang;
    // Hints wrap (in the dim colour) so that they do not run off a narrow panel.
    if (s.layer == 0)
        text_colour(p.text_dim, teach::trf(lang, "Click a table row to choose a layer; showing layer {0}.", {teach::number_text(lang, layer)}));
    text_wrapped(pic.sentence.c_str());
    if (!pic.paths_sentence.empty()) text_colour(p.other_window, pic.paths_sentence);
    if (s.picture) {
        const image::Image* shown_picture = picture.picture();
        if (shown_picture)
            text_colour(p.text_dim, teach::stack_picture_note(picture.picture_title(),
                                                              {shown_picture->pixels.h, shown_picture->pixels.w}, pic.input, lang));
        else if (!picture.error().empty())
            text_colour(p.error, teach::say(lang, picture.error_message()));
        else
            text_colour(p.text_dim, teach::tr(lang, "Making image mode's picture..."));
    }

    // Side by side when there is room for two boxes of 8 lines; one above the other on a phone.
    const float avail_w = shown_width(zoomed_);
    const bool side_by_side = avail_w >= ImGui::GetFontSize() * 17;
    // Each box fits the width at 100 %; the zoom enlarges it from there (it may then be wider than
    // the canvas, which scrolls).
    const float scale = static_cast<float>(ctx.player.config().zoom) / 100.0f;
    const float box = std::min(side_by_side ? avail_w * 0.5f - 8 : avail_w - 4, ImGui::GetFontSize() / scale * 16) * scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    // Input, with as much padding around it as the field reaches into. A small field is drawn in
    // close-up (pic.view_rows/cols), with a map of the whole input in the corner away from it.
    const int rows_total = pic.input[0] + pic.margin_top + pic.margin_bottom;
    const int cols_total = pic.input[1] + pic.margin_left + pic.margin_right;
    const bool closeup = !pic.view_rows.empty() && !pic.view_cols.empty();
    // The boxes' titles wrap at the box's width (German on a phone: "Eingabe 224x224: Ausschnitt");
    // both boxes start under the taller one.
    const std::string in_label = teach::trf(lang, closeup ? "input {0}: close-up" : "input {0}", {base::size_text(pic.input)});
    const std::string out_label =
        teach::trf(lang, "layer {0}: {1}", {teach::number_text(lang, layer), base::size_text(row.output)});
    const float spacing = ImGui::GetTextLineHeightWithSpacing() - ImGui::GetTextLineHeight();
    auto label_height = [&](const std::string& t) { return wrapped_size(t.c_str(), box).y + spacing; };
    const float label_h = std::max(label_height(in_label), label_height(out_label));
    auto draw_label = [&](ImVec2 where, const std::string& t) {
        canvas_text(dl, ImGui::GetFont(), ImGui::GetFontSize(), where, p.text_dim, t.c_str(), nullptr, box);
    };
    const int64_t view_r0 = closeup ? pic.view_rows.first : -pic.margin_top;
    const int64_t view_c0 = closeup ? pic.view_cols.first : -pic.margin_left;
    const int64_t view_h = closeup ? pic.view_rows.size() : rows_total;
    const int64_t view_w = closeup ? pic.view_cols.size() : cols_total;
    const float in_cell = std::max(box / static_cast<float>(std::max(view_h, view_w)), 0.02f);
    const ImVec2 in_at(at.x, at.y + label_h);
    const ImVec2 view_b(in_at.x + static_cast<float>(view_w) * in_cell, in_at.y + static_cast<float>(view_h) * in_cell);
    auto to_screen = [&](int64_t r, int64_t c) {
        return ImVec2(in_at.x + static_cast<float>(c - view_c0) * in_cell, in_at.y + static_cast<float>(r - view_r0) * in_cell);
    };
    // The padded extent and the input on screen (in close-up they reach past the view, clipped).
    const ImVec2 outer_a = to_screen(-pic.margin_top, -pic.margin_left);
    const ImVec2 outer_b = to_screen(pic.input[0] + pic.margin_bottom, pic.input[1] + pic.margin_right);
    const ImVec2 img_a = to_screen(0, 0), img_b = to_screen(pic.input[0], pic.input[1]);
    const ImVec2 shown_a(std::max(outer_a.x, in_at.x), std::max(outer_a.y, in_at.y));
    const ImVec2 shown_b(std::min(outer_b.x, view_b.x), std::min(outer_b.y, view_b.y));
    draw_label(at, in_label);
    dl->PushClipRect(in_at, view_b, true);
    dl->AddRectFilled(shown_a, shown_b, p.pad);
    hatch(dl, shown_a, shown_b, p.pad_hatch, std::max(in_cell * 2, 6.0f));
    // Image mode's picture under the field (stack_picture=1), stretched over the input; a plain
    // grid otherwise (and while the picture is being made).
    const image::Image* shown = s.picture ? picture.picture() : nullptr;
    void* texture = shown && ctx.host.picture
                        ? ctx.host.picture(describe_picture(0, picture.picture_key(), shown->pixels, picture.input_map(), p)).texture
                        : nullptr;
    if (texture) dl->AddImage(texture, img_a, img_b);
    else dl->AddRectFilled(img_a, img_b, ImGui::ColorConvertFloat4ToU32(p.zero));
    if (in_cell >= 5 && !texture) {
        // The cell lines inside the view (the extent's rows and columns that are on screen).
        const int64_t r_lo = std::max<int64_t>(view_r0, -pic.margin_top);
        const int64_t r_hi = std::min<int64_t>(view_r0 + view_h, pic.input[0] + pic.margin_bottom);
        const int64_t c_lo = std::max<int64_t>(view_c0, -pic.margin_left);
        const int64_t c_hi = std::min<int64_t>(view_c0 + view_w, pic.input[1] + pic.margin_right);
        for (int64_t r = r_lo; r <= r_hi; ++r)
            dl->AddLine(ImVec2(shown_a.x, to_screen(r, 0).y), ImVec2(shown_b.x, to_screen(r, 0).y), p.grid);
        for (int64_t c = c_lo; c <= c_hi; ++c)
            dl->AddLine(ImVec2(to_screen(0, c).x, shown_a.y), ImVec2(to_screen(0, c).x, shown_b.y), p.grid);
    }
    if (!pic.rows.empty() && !pic.cols.empty()) {
        const ImVec2 fa = to_screen(pic.rows.first, pic.cols.first);
        const ImVec2 fb = to_screen(pic.rows.last + 1, pic.cols.last + 1);
        // The part in the padding: hatched in the window colour; the part on the image: filled.
        dl->PushClipRect(fa, fb, true);
        hatch(dl, fa, fb, p.window, std::max(in_cell * 1.5f, 4.0f));
        dl->PopClipRect();
        const ImVec2 ia(std::max(fa.x, img_a.x), std::max(fa.y, img_a.y));
        const ImVec2 ib(std::min(fb.x, img_b.x), std::min(fb.y, img_b.y));
        if (ia.x < ib.x && ia.y < ib.y) {
            if (!texture) dl->AddRectFilled(ia, ib, ImGui::ColorConvertFloat4ToU32(p.zero));
            dl->AddRectFilled(ia, ib, p.window_fill);
        }
        dl->AddRect(fa, fb, p.window, 0, 0, 2.0f);
        if (!pic.shortcut) {
            cross(dl, ImVec2((fa.x + fb.x) * 0.5f, (fa.y + fb.y) * 0.5f), p.window, 5);
        } else {
            // A shortcut's sum: each term's field outlined with its centre, the main path in the
            // window colour, the shortcut in the shortcut rows' colour, inset 3 pixels and with a
            // longer cross so that the two stay apart where they coincide.
            auto outline = [&](Span rows, Span cols, ImU32 col, float inset, float arm) {
                if (rows.empty() || cols.empty()) return;
                const ImVec2 a = to_screen(rows.first, cols.first), b = to_screen(rows.last + 1, cols.last + 1);
                dl->AddRect(ImVec2(a.x + inset, a.y + inset), ImVec2(b.x - inset, b.y - inset), col, 0, 0, 2.0f);
                cross(dl, ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f), col, arm);
            };
            outline(pic.main_rows, pic.main_cols, p.window, 0, 5);
            outline(pic.shortcut_rows, pic.shortcut_cols, p.other_window, 3, 8);
        }
    }
    dl->AddRect(img_a, img_b, p.text_dim);
    dl->PopClipRect();
    if (closeup) {
        dl->AddRect(in_at, view_b, p.text_dim);
        // The whole extent, small, in the corner diagonally away from the field: the input, the
        // close-up's window and the field.
        const float map = box * 0.3f;
        const float map_cell = map / static_cast<float>(std::max(rows_total, cols_total));
        const bool field_right = (pic.cols.first + pic.cols.last) > 2 * view_c0 + view_w;
        const bool field_low = (pic.rows.first + pic.rows.last) > 2 * view_r0 + view_h;
        const ImVec2 map_a(field_right ? in_at.x + 4 : view_b.x - 4 - cols_total * map_cell,
                           field_low ? in_at.y + 4 : view_b.y - 4 - rows_total * map_cell);
        auto to_map = [&](int64_t r, int64_t c) {
            return ImVec2(map_a.x + static_cast<float>(c + pic.margin_left) * map_cell,
                          map_a.y + static_cast<float>(r + pic.margin_top) * map_cell);
        };
        const ImVec2 map_b = to_map(pic.input[0] + pic.margin_bottom, pic.input[1] + pic.margin_right);
        dl->AddRectFilled(ImVec2(map_a.x - 2, map_a.y - 2), ImVec2(map_b.x + 2, map_b.y + 2), p.panel);
        dl->AddRectFilled(map_a, map_b, p.pad);
        if (texture) dl->AddImage(texture, to_map(0, 0), to_map(pic.input[0], pic.input[1]));
        else dl->AddRectFilled(to_map(0, 0), to_map(pic.input[0], pic.input[1]), ImGui::ColorConvertFloat4ToU32(p.zero));
        dl->AddRect(to_map(0, 0), to_map(pic.input[0], pic.input[1]), p.text_dim);
        if (!pic.rows.empty() && !pic.cols.empty())
            dl->AddRectFilled(to_map(pic.rows.first, pic.cols.first), to_map(pic.rows.last + 1, pic.cols.last + 1), p.window);
        dl->AddRect(to_map(view_r0, view_c0), to_map(view_r0 + view_h, view_c0 + view_w), p.other_window, 0, 0, 1.5f);
    }

    // The selected layer's output: click a cell.
    const ImVec2 out_at = side_by_side ? ImVec2(at.x + box + 16, at.y) : ImVec2(at.x, view_b.y + 6);
    const ImVec2 out_origin(out_at.x, out_at.y + label_h);
    const float out_cell = std::max(box / static_cast<float>(std::max(row.output[0], row.output[1])), 0.02f);
    draw_label(out_at, out_label);
    const ImVec2 out_b(out_origin.x + row.output[1] * out_cell, out_origin.y + row.output[0] * out_cell);
    dl->AddRectFilled(out_origin, out_b, ImGui::ColorConvertFloat4ToU32(p.zero));
    if (out_cell >= 5) {
        for (int r = 0; r <= row.output[0]; ++r)
            dl->AddLine(ImVec2(out_origin.x, out_origin.y + r * out_cell), ImVec2(out_b.x, out_origin.y + r * out_cell), p.grid);
        for (int c = 0; c <= row.output[1]; ++c)
            dl->AddLine(ImVec2(out_origin.x + c * out_cell, out_origin.y), ImVec2(out_origin.x + c * out_cell, out_b.y), p.grid);
    }
    dl->AddRect(out_origin, out_b, p.text_dim);
    if (pic.valid) {
        const ImVec2 ca(out_origin.x + pic.cell[1] * out_cell, out_origin.y + pic.cell[0] * out_cell);
        dl->AddRectFilled(ca, ImVec2(ca.x + std::max(out_cell, 2.0f), ca.y + std::max(out_cell, 2.0f)), p.window);
    }
    ImGui::SetCursorScreenPos(out_origin);
    ImGui::InvisibleButton("output cells", ImVec2(std::max(out_b.x - out_origin.x, 1.0f), std::max(out_b.y - out_origin.y, 1.0f)));
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const auto hovered = ImGui::IsItemHovered()
                             ? teach::grid_cell_at(out_origin.x, out_origin.y, out_cell, row.output, mouse.x, mouse.y)
                             : std::nullopt;
    if (hovered) {
        const ImVec2 ha(out_origin.x + (*hovered)[1] * out_cell, out_origin.y + (*hovered)[0] * out_cell);
        dl->AddRect(ha, ImVec2(ha.x + out_cell, ha.y + out_cell), p.other_window, 0, 0, 2.0f);
        if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
            teach::StackConfig next = m.config;
            next.layer = layer;
            next.cell = *hovered;
            apply(ctx.player, next);
        }
    }
    placement.output_x = out_origin.x;
    placement.output_y = out_origin.y;
    placement.output_cell = out_cell;
    placement.output = row.output;
    placement.layer = layer;
    placement.input_x = img_a.x;
    placement.input_y = img_a.y;
    placement.input_cell = in_cell;
    ImGui::SetCursorScreenPos(ImVec2(at.x, std::max(view_b.y, out_b.y) + 4));
    text_colour(p.text_dim, teach::tr(lang, "Hatched: padding. Click a cell of the layer's output to see its field."));
}

// The selected layer's fields; edits become the stack's spec.
void StackView::draw_editor(const ViewContext& ctx, const teach::StackModel& m) {
    const teach::StackConfig& s = m.config;
    const teach::Lang lang = ctx.player.config().lang;
    ImGui::Separator();
    if (s.layer < 1 || s.layer > static_cast<int>(m.layers.size())) {
        text_colour(ctx.palette.text_dim, teach::tr(lang, "Choose a layer in the table to edit, move or remove it."));
        if (m.layers.empty() && ImGui::Button(teach::tr(lang, "Add a layer"))) {
            std::vector<StackLayer> layers;
            StackLayer conv;
            conv.kernel = {3, 3};
            conv.padding.value = {1, 1};
            layers.push_back(conv);
            teach::StackConfig next = teach::with_layers(s, layers);
            next.layer = 1;
            apply(ctx.player, next);
        }
        return;
    }
    const int position = s.layer;
    std::vector<StackLayer> layers = m.layers;
    StackLayer& l = layers[static_cast<size_t>(position - 1)];
    const StackLayer before = l;
    text_wrapped(teach::trf(lang, "Layer {0}: {1}", {teach::number_text(lang, position), teach::format_layer(l)}).c_str());

    // The grammar's names (conv, maxpool, same, valid) and PyTorch's (output_padding, ceil_mode)
    // stay as they are: they are what a link and the layer text write.
    const char* kinds[] = {"conv", "dwconv", "maxpool", "avgpool", "convT", "add"};
    int kind = static_cast<int>(l.kind);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ImGui::Combo(teach::tr(lang, "type"), &kind, kinds, 6)) {
        l.kind = static_cast<LayerKind>(kind);
        if (l.kind == LayerKind::add && !l.shortcut()) l.skip = position - 1 > 0 ? position - 2 : 0;
        if (!is_convolution(l.kind)) {
            l.out_channels = 0;
            l.groups = 0;
            l.bias = true;
            l.batch_norm = false;
        }
    }
    if (l.kind != LayerKind::add && !l.global) {
        input_pair(teach::tr(lang, "kernel"), l.kernel, 1, kMaxStackInput);
        Pair stride = l.effective_stride();
        if (input_pair(teach::tr(lang, "stride"), stride, 1, kMaxStackInput)) l.stride = stride;
        int pad_kind = static_cast<int>(l.padding.kind);
        ImGui::RadioButton(teach::tr(lang, "pad"), &pad_kind, 0);
        ImGui::SameLine();
        ImGui::RadioButton("same", &pad_kind, 1);
        ImGui::SameLine();
        ImGui::RadioButton("valid", &pad_kind, 2);
        l.padding.kind = static_cast<LayerPadding::Kind>(pad_kind);
        if (l.padding.kind == LayerPadding::Kind::explicit_sides)
            input_pair(teach::tr(lang, "padding"), l.padding.value, 0, kMaxStackInput);
        if (l.kind != LayerKind::avgpool) input_pair(teach::tr(lang, "dilation"), l.dilation, 1, kMaxStackInput);
    }
    if (is_convolution(l.kind)) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        ImGui::InputInt(teach::tr(lang, "channels (0: same)"), &l.out_channels);
        l.out_channels = std::clamp(l.out_channels, 0, kMaxStackChannels);
        if (l.kind != LayerKind::dwconv) {
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
            ImGui::InputInt(teach::tr(lang, "groups (0: 1)"), &l.groups);
            l.groups = std::clamp(l.groups, 0, kMaxStackChannels);
        }
        ImGui::Checkbox(teach::tr(lang, "bias"), &l.bias);
        ImGui::SameLine();
        ImGui::Checkbox(teach::tr(lang, "batch norm"), &l.batch_norm);
    }
    if (l.kind == LayerKind::convT) input_pair("output_padding", l.output_padding, 0, kMaxStackInput);
    if (is_pool(l.kind)) {
        ImGui::Checkbox("ceil_mode", &l.ceil_mode);
        ImGui::SameLine();
        ImGui::Checkbox(teach::tr(lang, "global"), &l.global);
    }
    bool shortcut = l.shortcut();
    if (ImGui::Checkbox(teach::tr(lang, "shortcut from layer"), &shortcut)) l.skip = shortcut ? std::max(position - 2, 0) : -1;
    if (l.shortcut()) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
        ImGui::InputInt("##skip", &l.skip);
        l.skip = std::clamp(l.skip, 0, position - 1);
    }

    // Structure.
    std::vector<StackLayer> edited = layers;
    int select = position;
    bool structural = false;
    if (ImGui::Button(teach::tr(lang, "Insert after"))) {
        StackLayer copy = before;
        copy.name.clear();
        copy.skip = -1;
        if (copy.kind == LayerKind::add) copy.kind = LayerKind::conv;
        structural = insert_layer(edited, position + 1, copy);
        select = position + 1;
    }
    ImGui::SameLine();
    if (ImGui::Button(teach::tr(lang, "Remove"))) {
        structural = remove_layer(edited, position);
        select = std::min(position, static_cast<int>(edited.size()));
    }
    ImGui::SameLine();
    if (ImGui::Button(teach::tr(lang, "Up"))) {
        structural = move_layer(edited, position, -1);
        select = position - 1;
    }
    ImGui::SameLine();
    if (ImGui::Button(teach::tr(lang, "Down"))) {
        structural = move_layer(edited, position, +1);
        select = position + 1;
    }
    if (structural) {
        teach::StackConfig next = teach::with_layers(s, edited);
        next.layer = std::max(select, 0);
        apply(ctx.player, next);
    } else if (!(l == before)) {
        apply(ctx.player, teach::with_layers(s, layers));
    }
}

void StackView::draw_switches(const ViewContext& ctx, const teach::StackModel& m) {
    if (m.switches.empty()) return;
    ImGui::Separator();
    text_wrapped(teach::tr(ctx.player.config().lang, "Stride against pooling: a switch at each downsampling point"));
    for (const auto& sw : m.switches) {
        ImGui::PushID(sw.position);
        ImGui::BeginDisabled(!sw.swappable);
        bool on = sw.swapped;
        // The label wraps beside the box: a swap's label names two layers.
        const bool flipped = ImGui::Checkbox("##switch", &on);
        ImGui::SameLine();
        text_wrapped(sw.label.c_str());
        if (flipped) {
            teach::StackConfig next = m.config;
            if (on) next.swaps.push_back(sw.position);
            else next.swaps.erase(std::remove(next.swaps.begin(), next.swaps.end(), sw.position), next.swaps.end());
            std::sort(next.swaps.begin(), next.swaps.end());
            next.layer = 0;  // the layers move
            apply(ctx.player, next);
        }
        ImGui::EndDisabled();
        ImGui::Indent();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ctx.palette.text_dim));
        text_wrapped(sw.effect.c_str());
        ImGui::PopStyleColor();
        ImGui::Unindent();
        ImGui::PopID();
    }
    for (const auto& n : m.notes) {
        ImGui::Bullet();
        ImGui::SameLine();
        text_wrapped(n.c_str());
    }
}

}  // namespace strideconv::ui
