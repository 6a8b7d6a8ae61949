// quiz.cpp -- question generation and checking (see quiz.hpp). Standard C++ only.
#include "teach/quiz.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "base/number_text.hpp"
#include "base/random.hpp"
#include "base/text.hpp"

namespace strideconv::teach {

namespace {

Config random_config(base::Random& d, QuestionKind kind) {
    Config c;
    c.input = {d.between(4, 9), d.between(4, 9)};
    const int k = d.between(1, 4);
    c.kernel = {k, d.between(0, 3) == 0 ? d.between(1, 4) : k};
    const int s = d.between(1, 3);
    c.stride = {s, d.between(0, 3) == 0 ? d.between(1, 3) : s};
    const int p = d.between(0, 3) == 0 ? d.between(1, 2) : 0;
    c.padding = {p, p, p, p};
    c.dilation = d.between(0, 5) == 0 ? Pair{2, 2} : Pair{1, 1};
    c.fill = Fill::random;
    c.seed = d.next() % 1000;
    c.kernel_preset = "ones";
    if (kind == QuestionKind::skipped_rows && d.between(0, 2) > 0) {
        // Rows between windows need a stride larger than the window's span, or dilation.
        c.kernel[0] = d.between(1, 2);
        c.stride[0] = d.between(c.kernel[0] + 1, 4);
    }
    if (kind == QuestionKind::output_value) {
        // Small numbers a student can add up by hand.
        c.input = {d.between(4, 6), d.between(4, 6)};
        c.kernel = {d.between(2, 3), d.between(2, 3)};
        c.dilation = {1, 1};
        if (c.kernel == Pair{3, 3} && d.between(0, 1) == 1) c.kernel_preset = "sobel_x";
    }
    return c;
}

// Input rows (0-based) in the three sets a question may ask about.
struct RowSets {
    std::vector<int> read, skipped, dropped;
};

RowSets row_sets(const AxisGeometry& g) {
    RowSets r;
    for (int y = 0; y < g.input; ++y) {
        if (g.uses[static_cast<size_t>(y)] > 0) r.read.push_back(y);
        else if (y >= g.input - g.dropped_input) r.dropped.push_back(y);
        else r.skipped.push_back(y);
    }
    return r;
}

std::string list_text(const Config& c, const std::vector<int>& v) {
    if (v.empty()) return tr(c.lang, "none");
    std::string s;
    for (size_t k = 0; k < v.size(); ++k) s += (k == 0 ? "" : k + 1 == v.size() ? tr(c.lang, " and ") : ", ") + index_number(c, v[k]);
    return s;
}

bool interesting(QuestionKind kind, const Lesson& l) {
    const RowSets rows = row_sets(l.shape.rows);
    switch (kind) {
        case QuestionKind::dropped_rows: return l.shape.rows.remainder > 0;
        case QuestionKind::skipped_rows: return !rows.skipped.empty();
        case QuestionKind::never_visited: return l.shape.never_visited_cells() > 0;
        default: return true;
    }
}

}  // namespace

const char* to_string(QuestionKind k) {
    switch (k) {
        case QuestionKind::output_size: return "output_size";
        case QuestionKind::dropped_rows: return "dropped_rows";
        case QuestionKind::skipped_rows: return "skipped_rows";
        case QuestionKind::never_visited: return "never_visited";
        case QuestionKind::macs: return "macs";
        case QuestionKind::output_value: return "output_value";
    }
    return "output_size";
}

Question make_question(uint32_t seed, int index, int index_base, Lang lang) {
    // The quiz's own seeding of the shared generator, so a quiz seed keeps its questions.
    base::Random d = base::Random::from_state(((seed + 7919u * static_cast<uint32_t>(index)) * 2654435761u) ^ 0x5bd1e995u);
    for (int k = 0; k < 4; ++k) d.next();
    const auto kind = static_cast<QuestionKind>((static_cast<uint32_t>(index) + seed) % kQuestionKinds);
    Lesson l;
    for (int attempt = 0; attempt < 100; ++attempt) {
        l.set_config(random_config(d, kind));
        if (l.error.empty() && (interesting(kind, l) || attempt > 20)) break;
    }
    if (!l.error.empty()) l.set_config(*lesson_config("seed-stride2"));  // cannot happen in practice
    const int step = kind == QuestionKind::output_value ? static_cast<int>(d.next() % static_cast<uint32_t>(l.steps())) : 0;
    Config c = l.config();
    c.index_base = index_base;
    c.lang = lang;
    return make_question(kind, c, step);
}

Question make_question(QuestionKind kind, const Config& config, int step) {
    Question q;
    q.kind = kind;
    Lesson l;
    l.set_config(config);
    if (!l.error.empty()) l.set_config(*lesson_config("seed-stride2"));
    q.config = l.config();
    const ConvShape& g = l.shape;
    const AxisGeometry& r = g.rows;
    const RowSets rows = row_sets(r);
    const Lang lang = q.config.lang;
    auto n = [](int64_t v) { return std::to_string(v); };
    std::string e;
    switch (q.kind) {
        case QuestionKind::output_size:
            q.prompt = tr(lang, "What is the size of the output (height x width)?");
            q.answer = std::to_string(r.output) + "x" + std::to_string(g.cols.output);
            e = trf(lang, "Height: {0}\nWidth: {1}", {l.formula(true), l.formula(false)});
            break;
        case QuestionKind::dropped_rows:
            q.prompt = tr(lang, "How many input rows come after the last window, so that no window reaches them "
                                "(dropped by the floor)?");
            q.answer = std::to_string(r.dropped_input);
            e = trf(lang, "Height: {0}", {l.formula(true)}) + "\n" +
                trf(lang, "The last window covers padded rows {0} to {1} of {2} to {3}. After it: {4} padded row(s), of "
                          "which {5} are input rows ({6}) and {7} are padding. Rows between windows are skipped, not "
                          "dropped: {8}.",
                    {index_number(q.config, r.window_start(r.output - 1)), index_number(q.config, r.last_window_end - 1),
                     index_number(q.config, 0), index_number(q.config, r.padded - 1), n(r.remainder), n(r.dropped_input),
                     list_text(q.config, rows.dropped), n(r.remainder - r.dropped_input),
                     list_text(q.config, rows.skipped)});
            break;
        case QuestionKind::skipped_rows:
            q.prompt = tr(lang, "How many input rows before the end of the last window does no window read "
                                "(skipped: the stride or the dilation jumps over them)?");
            q.answer = std::to_string(rows.skipped.size());
            e = trf(lang, "Windows start every {0} padded row(s) and read every {1} row(s) of their {2}. Input rows "
                          "read: {3}. Skipped: {4}. After the last window (dropped, not skipped): {5}.",
                    {n(r.stride), n(r.dilation), n(r.effective_kernel), list_text(q.config, rows.read),
                     list_text(q.config, rows.skipped), list_text(q.config, rows.dropped)});
            break;
        case QuestionKind::never_visited:
            q.prompt = tr(lang, "How many input cells does no window read at all (dropped or skipped)?");
            q.answer = std::to_string(g.never_visited_cells());
            e = trf(lang, "Rows read: {0} of {1}; columns read: {2} of {3}. Unread cells: {4} - {5} = {6}.",
                    {n(r.input - r.never_visited), n(r.input), n(g.cols.input - g.cols.never_visited), n(g.cols.input),
                     n(g.input_cells()), n(int64_t(r.input - r.never_visited) * (g.cols.input - g.cols.never_visited)),
                     n(g.never_visited_cells())});
            break;
        case QuestionKind::macs:
            q.prompt = tr(lang, "How many multiply-accumulates does this layer perform (one per kernel tap per output "
                                "cell, taps on padding included)?");
            q.answer = std::to_string(g.macs);
            e = trf(lang, "Output cells {0}x{1} = {2}, each a {3}x{4} window: {2} x {5} = {6} (stride 1 with the same "
                          "padding would need {7}).",
                    {n(r.output), n(g.cols.output), n(g.output_cells()), n(q.config.kernel[0]), n(q.config.kernel[1]),
                     n(q.config.kernel[0] * q.config.kernel[1]), n(g.macs), n(g.macs_stride1)});
            break;
        case QuestionKind::output_value: {
            step = std::clamp(step, 0, l.steps() - 1);
            q.cell = l.step_cell(step);
            q.config.step = step;
            q.prompt = trf(lang, "What value does the layer write at output row {0}, column {1} (counted from {2})?",
                           {index_number(q.config, q.cell.row), index_number(q.config, q.cell.col),
                            std::to_string(q.config.index_base)});
            auto t = l.trace(step);
            q.answer = base::format_display(t.ok() ? t.value.result : 0.0f, 4);
            if (t.ok())
                e = trf(lang, "Its window starts at input row {0}, column {1}: {2}",
                        {index_number(q.config, t.value.origin_y), index_number(q.config, t.value.origin_x),
                         step_arithmetic(q.config, t.value)});
            break;
        }
    }
    q.explanation = e;
    return q;
}

Verdict check_answer(const Question& q, const std::string& typed) {
    Verdict v;
    const Lang lang = q.config.lang;
    std::string s = base::trim(typed);
    // German and French write a decimal comma: "-3,5" is -3.5 there (a size's comma separates).
    if (lang != Lang::en && q.kind == QuestionKind::output_value) std::replace(s.begin(), s.end(), ',', '.');
    if (s.empty()) {
        v.understood = false;
        v.feedback = tr(lang, "Type an answer first.");
        return v;
    }
    if (q.kind == QuestionKind::output_size) {
        // "2x3", "2 x 3", "2,3", "2*3", "2 3": two whole numbers, whatever stands between them.
        std::vector<std::string> parts = base::split(s, "xX,* \t");
        parts.erase(std::remove(parts.begin(), parts.end(), std::string()), parts.end());
        int64_t h = 0, w = 0;
        if (parts.size() != 2 ||
            base::parse_whole(parts[0], INT32_MIN, INT32_MAX, h) != base::WholeStatus::ok ||
            base::parse_whole(parts[1], INT32_MIN, INT32_MAX, w) != base::WholeStatus::ok) {
            v.understood = false;
            v.feedback = tr(lang, "Answer as height x width, e.g. 3x3.");
            return v;
        }
        v.correct = std::to_string(h) + "x" + std::to_string(w) == q.answer;
    } else if (q.kind == QuestionKind::output_value) {
        const std::optional<double> x = base::parse_double(s);
        if (!x || !std::isfinite(*x)) {
            v.understood = false;
            v.feedback = tr(lang, "Answer with a number, e.g. 12 or -3.5.");
            return v;
        }
        const double want = base::parse_double(q.answer).value_or(0.0);
        v.correct = std::fabs(*x - want) <= 1e-3 * std::max(1.0, std::fabs(want));
    } else {
        int64_t n = 0;
        if (base::parse_whole(s, INT64_MIN, INT64_MAX, n) != base::WholeStatus::ok) {
            v.understood = false;
            v.feedback = tr(lang, "Answer with a whole number.");
            return v;
        }
        v.correct = std::to_string(n) == q.answer;
    }
    const std::string answer = q.kind == QuestionKind::output_value ? localize_number(lang, q.answer) : q.answer;
    v.feedback = trf(lang, v.correct ? "Correct: {0}." : "Not quite: the answer is {0}.", {answer});
    return v;
}

void QuizSession::next() {
    index += 1;
    question = make_question(seed, index, index_base, lang);
    lesson.set_config(question.config);
    answered = false;
    verdict = {};
}

void QuizSession::speak(Lang language) {
    lang = language;
    if (index < 0 || question.config.lang == lang) return;
    Config c = question.config;
    c.lang = lang;
    question = make_question(question.kind, c, c.step);
    if (!verdict.feedback.empty()) verdict.feedback = check_answer(question, typed).feedback;
}

Verdict QuizSession::answer(const std::string& answer_text) {
    if (index < 0) next();
    typed = answer_text;
    Verdict v = check_answer(question, typed);
    if (v.understood && !answered) {
        answered = true;
        asked += 1;
        if (v.correct) correct += 1;
    }
    verdict = v;
    return v;
}

}  // namespace strideconv::teach
