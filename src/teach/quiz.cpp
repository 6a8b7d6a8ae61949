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
    if (v.empty()) return "none";
    std::string s;
    for (size_t k = 0; k < v.size(); ++k) s += (k == 0 ? "" : k + 1 == v.size() ? " and " : ", ") + index_number(c, v[k]);
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

Question make_question(uint32_t seed, int index, int index_base) {
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
    base::Text e;
    switch (q.kind) {
        case QuestionKind::output_size:
            q.prompt = "What is the size of the output (height x width)?";
            q.answer = std::to_string(r.output) + "x" + std::to_string(g.cols.output);
            e << "Height: " << l.formula(true) << "\nWidth: " << l.formula(false);
            break;
        case QuestionKind::dropped_rows:
            q.prompt = "How many input rows come after the last window, so that no window reaches them "
                       "(dropped by the floor)?";
            q.answer = std::to_string(r.dropped_input);
            e << "Height: " << l.formula(true) << "\nThe last window covers padded rows "
              << index_number(q.config, r.window_start(r.output - 1)) << " to " << index_number(q.config, r.last_window_end - 1)
              << " of " << index_number(q.config, 0) << " to " << index_number(q.config, r.padded - 1)
              << ". After it: " << r.remainder << " padded row(s), of which " << r.dropped_input
              << " are input rows (" << list_text(q.config, rows.dropped) << ") and " << r.remainder - r.dropped_input
              << " are padding. Rows between windows are skipped, not dropped: " << list_text(q.config, rows.skipped) << ".";
            break;
        case QuestionKind::skipped_rows:
            q.prompt = "How many input rows before the end of the last window does no window read "
                       "(skipped: the stride or the dilation jumps over them)?";
            q.answer = std::to_string(rows.skipped.size());
            e << "Windows start every " << r.stride << " padded row(s) and read every " << r.dilation
              << " row(s) of their " << r.effective_kernel << ". Input rows read: " << list_text(q.config, rows.read)
              << ". Skipped: " << list_text(q.config, rows.skipped) << ". After the last window (dropped, not skipped): "
              << list_text(q.config, rows.dropped) << ".";
            break;
        case QuestionKind::never_visited:
            q.prompt = "How many input cells does no window read at all (dropped or skipped)?";
            q.answer = std::to_string(g.never_visited_cells());
            e << "Rows read: " << (r.input - r.never_visited) << " of " << r.input
              << "; columns read: " << (g.cols.input - g.cols.never_visited) << " of " << g.cols.input
              << ". Unread cells: " << g.input_cells() << " - "
              << (r.input - r.never_visited) * (g.cols.input - g.cols.never_visited) << " = "
              << g.never_visited_cells() << ".";
            break;
        case QuestionKind::macs:
            q.prompt = "How many multiply-accumulates does this layer perform (one per kernel tap per output "
                       "cell, taps on padding included)?";
            q.answer = std::to_string(g.macs);
            e << "Output cells " << r.output << "x" << g.cols.output << " = " << g.output_cells()
              << ", each a " << q.config.kernel[0] << "x" << q.config.kernel[1] << " window: "
              << g.output_cells() << " x " << q.config.kernel[0] * q.config.kernel[1] << " = " << g.macs
              << " (stride 1 with the same padding would need " << g.macs_stride1 << ").";
            break;
        case QuestionKind::output_value: {
            step = std::clamp(step, 0, l.steps() - 1);
            q.cell = l.step_cell(step);
            q.config.step = step;
            q.prompt = "What value does the layer write at output row " + index_number(q.config, q.cell.row) +
                       ", column " + index_number(q.config, q.cell.col) + " (counted from " +
                       std::to_string(q.config.index_base) + ")?";
            auto t = l.trace(step);
            q.answer = base::format_display(t.ok() ? t.value.result : 0.0f, 4);
            if (t.ok())
                e << "Its window starts at input row " << index_number(q.config, t.value.origin_y) << ", column "
                  << index_number(q.config, t.value.origin_x)
                  << ": " << step_arithmetic(l.config(), t.value);
            break;
        }
    }
    q.explanation = e.str();
    return q;
}

Verdict check_answer(const Question& q, const std::string& typed) {
    Verdict v;
    const std::string s = base::trim(typed);
    if (s.empty()) {
        v.understood = false;
        v.feedback = "Type an answer first.";
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
            v.feedback = "Answer as height x width, e.g. 3x3.";
            return v;
        }
        v.correct = std::to_string(h) + "x" + std::to_string(w) == q.answer;
    } else if (q.kind == QuestionKind::output_value) {
        const std::optional<double> x = base::parse_double(s);
        if (!x || !std::isfinite(*x)) {
            v.understood = false;
            v.feedback = "Answer with a number, e.g. 12 or -3.5.";
            return v;
        }
        const double want = base::parse_double(q.answer).value_or(0.0);
        v.correct = std::fabs(*x - want) <= 1e-3 * std::max(1.0, std::fabs(want));
    } else {
        int64_t n = 0;
        if (base::parse_whole(s, INT64_MIN, INT64_MAX, n) != base::WholeStatus::ok) {
            v.understood = false;
            v.feedback = "Answer with a whole number.";
            return v;
        }
        v.correct = std::to_string(n) == q.answer;
    }
    v.feedback = v.correct ? "Correct: " + q.answer + "." : "Not quite: the answer is " + q.answer + ".";
    return v;
}

void QuizSession::next() {
    index += 1;
    question = make_question(seed, index, index_base);
    lesson.set_config(question.config);
    answered = false;
    verdict = {};
}

Verdict QuizSession::answer(const std::string& typed) {
    if (index < 0) next();
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
