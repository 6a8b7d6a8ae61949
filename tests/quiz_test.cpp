// quiz_test.cpp -- quiz questions: deterministic, valid configurations, answers that agree with
// the lesson model, and tolerant but strict answer parsing.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "teach/quiz.hpp"

using namespace strideconv;
using teach::QuestionKind;

TEST_CASE("questions are reproducible from (seed, index) and cover every kind") {
    std::set<int> kinds;
    for (uint32_t seed : {1u, 2u, 99u})
        for (int i = 0; i < 40; ++i) {
            const teach::Question a = teach::make_question(seed, i), b = teach::make_question(seed, i);
            CHECK(a.prompt == b.prompt);
            CHECK(a.answer == b.answer);
            CHECK(a.config == b.config);
            kinds.insert(static_cast<int>(a.kind));
        }
    CHECK(kinds.size() == static_cast<size_t>(teach::kQuestionKinds));
}

TEST_CASE("every answer agrees with the lesson model for the same configuration") {
    for (int i = 0; i < 200; ++i) {
        const teach::Question q = teach::make_question(7, i);
        teach::Lesson l;
        l.set_config(q.config);
        REQUIRE_MESSAGE(l.error.empty(), l.error);
        CHECK_FALSE(q.explanation.empty());
        switch (q.kind) {
            case QuestionKind::output_size:
                CHECK(q.answer == std::to_string(l.output.h) + "x" + std::to_string(l.output.w));
                break;
            case QuestionKind::dropped_rows:
                CHECK(q.answer == std::to_string(l.shape.rows.dropped_input));
                break;
            case QuestionKind::never_visited:
                CHECK(q.answer == std::to_string(l.shape.never_visited_cells()));
                break;
            case QuestionKind::macs:
                CHECK(q.answer == std::to_string(l.shape.macs));
                break;
            case QuestionKind::output_value: {
                const float v = l.output.at(0, q.cell.row, q.cell.col);
                CHECK(std::stod(q.answer) == doctest::Approx(v).epsilon(1e-3));
                CHECK(l.step_cell(q.config.step).row == q.cell.row);
                CHECK(l.step_cell(q.config.step).col == q.cell.col);
                break;
            }
        }
        CHECK(teach::check_answer(q, q.answer).correct);
        CHECK(teach::check_answer(q, "  " + q.answer + " ").correct);
    }
}

TEST_CASE("answer parsing: sizes in several spellings, junk refused with a hint") {
    teach::Question q;
    q.kind = QuestionKind::output_size;
    q.answer = "2x3";
    for (const char* ok : {"2x3", "2 x 3", "2,3", "2 3", "2X3", "2*3"}) CHECK_MESSAGE(teach::check_answer(q, ok).correct, ok);
    CHECK_FALSE(teach::check_answer(q, "3x2").correct);
    CHECK(teach::check_answer(q, "3x2").understood);
    CHECK_FALSE(teach::check_answer(q, "2").understood);
    CHECK_FALSE(teach::check_answer(q, "2x3x4").understood);
    CHECK_FALSE(teach::check_answer(q, "").understood);

    q.kind = QuestionKind::macs;
    q.answer = "36";
    CHECK(teach::check_answer(q, "36").correct);
    CHECK_FALSE(teach::check_answer(q, "36.5").understood);
    CHECK_FALSE(teach::check_answer(q, "thirty-six").understood);
    CHECK_FALSE(teach::check_answer(q, "35").correct);

    q.kind = QuestionKind::output_value;
    q.answer = "-4.5";
    CHECK(teach::check_answer(q, "-4.5").correct);
    CHECK(teach::check_answer(q, "-4.50").correct);
    CHECK_FALSE(teach::check_answer(q, "4.5").correct);
    CHECK_FALSE(teach::check_answer(q, "nan").understood);
    CHECK_FALSE(teach::check_answer(q, "1e999").understood);
}
