// quiz.cpp -- question generation and checking (see quiz.hpp). Standard C++ only.
#include "teach/quiz.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
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
    if (kind == QuestionKind::output_value) {
        // Small numbers a student can add up by hand.
        c.input = {d.between(4, 6), d.between(4, 6)};
        c.kernel = {d.between(2, 3), d.between(2, 3)};
        c.dilation = {1, 1};
        if (c.kernel == Pair{3, 3} && d.between(0, 1) == 1) c.kernel_preset = "sobel_x";
    }
    return c;
}

}  // namespace

Question make_question(uint32_t seed, int index) {
    // The quiz's own seeding of the shared generator, so a quiz seed keeps its questions.
    base::Random d = base::Random::from_state(((seed + 7919u * static_cast<uint32_t>(index)) * 2654435761u) ^ 0x5bd1e995u);
    for (int k = 0; k < 4; ++k) d.next();
    Question q;
    q.kind = static_cast<QuestionKind>((static_cast<uint32_t>(index) + seed) % kQuestionKinds);
    Lesson l;
    for (int attempt = 0; attempt < 100; ++attempt) {
        Config c = random_config(d, q.kind);
        l.set_config(c);
        const bool interesting = q.kind != QuestionKind::dropped_rows || l.shape.rows.remainder > 0 ||
                                 attempt > 20;
        if (l.error.empty() && interesting) break;
    }
    if (!l.error.empty()) l.set_config(*lesson_config("seed-stride2"));  // cannot happen in practice
    q.config = l.config();
    const auto& g = l.shape;
    std::ostringstream e;
    switch (q.kind) {
        case QuestionKind::output_size:
            q.prompt = "What is the size of the output (height x width)?";
            q.answer = std::to_string(g.rows.output) + "x" + std::to_string(g.cols.output);
            e << "Height: " << l.formula(true) << "\nWidth: " << l.formula(false);
            break;
        case QuestionKind::dropped_rows:
            q.prompt = "How many input rows does no window reach (dropped by the floor)?";
            q.answer = std::to_string(g.rows.dropped_input);
            e << "Height: " << l.formula(true) << "\nThe last window ends at padded row " << g.rows.last_window_end
              << " of " << g.rows.padded << "; " << g.rows.remainder << " padded row(s) after it, of which "
              << g.rows.dropped_input << " are real input rows.";
            break;
        case QuestionKind::never_visited:
            q.prompt = "How many input cells are never read by any window?";
            q.answer = std::to_string(g.never_visited_cells());
            e << "Rows read: " << (g.rows.input - g.rows.never_visited) << " of " << g.rows.input
              << "; columns read: " << (g.cols.input - g.cols.never_visited) << " of " << g.cols.input
              << ". Unread cells: " << g.input_cells() << " - "
              << (g.rows.input - g.rows.never_visited) * (g.cols.input - g.cols.never_visited) << " = "
              << g.never_visited_cells() << ".";
            break;
        case QuestionKind::macs:
            q.prompt = "How many multiply-accumulates does this layer perform?";
            q.answer = std::to_string(g.macs);
            e << "Output cells " << g.rows.output << "x" << g.cols.output << " = " << g.output_cells()
              << ", each a " << q.config.kernel[0] << "x" << q.config.kernel[1] << " window: "
              << g.output_cells() << " x " << q.config.kernel[0] * q.config.kernel[1] << " = " << g.macs
              << " (stride 1 would need " << g.macs_stride1 << ").";
            break;
        case QuestionKind::output_value: {
            const int step = static_cast<int>(d.next() % static_cast<uint32_t>(l.steps()));
            q.cell = l.step_cell(step);
            q.config.step = step;
            q.prompt = "What value does the window write at output (" + std::to_string(q.cell.row) + ", " +
                       std::to_string(q.cell.col) + ")?";
            auto t = l.trace(step);
            q.answer = base::format_display(t.ok() ? t.value.result : 0.0f, 4);
            if (t.ok()) e << step_arithmetic(l.config(), t.value);
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
    question = make_question(seed, index);
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
