// quiz_test.cpp -- quiz questions: deterministic; hand-computed cases for every kind; answers over
// many seeds checked against an independent computation from the core (its op output and its
// per-cell traces), never against the lesson fields that produced the question; tolerant but
// strict answer parsing; prompts that name one set of rows each.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "teach/quiz.hpp"
#include "teach/url.hpp"

using namespace strideconv;
using teach::Question;
using teach::QuestionKind;

namespace {

// What the core itself says about a configuration, from conv2d's output and every cell's trace.
struct CoreFacts {
    int out_h = 0, out_w = 0;
    int dropped_rows = 0, skipped_rows = 0;
    long never_read_cells = 0, macs = 0;
    Tensor output;
};

CoreFacts core_facts(const teach::Config& c) {
    const Tensor x = [&] {
        Tensor t = Tensor::zeros(1, c.input[0], c.input[1]);
        t.data = c.x;
        return t;
    }();
    Weight w = Weight::zeros(1, 1, c.kernel[0], c.kernel[1]);
    w.data = c.w;
    Conv2dOptions o;
    o.stride = c.stride;
    o.dilation = c.dilation;
    o.padding = Padding::sides(c.padding.top, c.padding.bottom, c.padding.left, c.padding.right);
    const std::vector<float> bias{c.bias};
    auto y = conv2d(x, w, &bias, o);
    REQUIRE(y.ok());
    CoreFacts f;
    f.output = y.value;
    f.out_h = y.value.h;
    f.out_w = y.value.w;
    std::set<int> rows_reached;
    std::set<std::pair<int, int>> cells_read;
    int last_row = -1000;
    for (int oy = 0; oy < f.out_h; ++oy)
        for (int ox = 0; ox < f.out_w; ++ox) {
            auto t = trace_conv2d(x, w, &bias, o, {0, oy, ox});
            REQUIRE(t.ok());
            f.macs += static_cast<long>(t.value.taps.size());
            for (const Tap& tap : t.value.taps) {
                rows_reached.insert(tap.y);
                last_row = std::max(last_row, tap.y);
                if (tap.source == TapSource::input) cells_read.insert({tap.y, tap.x});
            }
        }
    for (int y = 0; y < c.input[0]; ++y) {
        if (y > last_row) ++f.dropped_rows;
        else if (!rows_reached.count(y)) ++f.skipped_rows;
    }
    f.never_read_cells = long(c.input[0]) * c.input[1] - static_cast<long>(cells_read.size());
    return f;
}

std::string expected_answer(const Question& q, const CoreFacts& f) {
    switch (q.kind) {
        case QuestionKind::output_size: return std::to_string(f.out_h) + "x" + std::to_string(f.out_w);
        case QuestionKind::dropped_rows: return std::to_string(f.dropped_rows);
        case QuestionKind::skipped_rows: return std::to_string(f.skipped_rows);
        case QuestionKind::never_visited: return std::to_string(f.never_read_cells);
        case QuestionKind::macs: return std::to_string(f.macs);
        case QuestionKind::output_value: return teach::format_number(f.output.at(0, q.cell.row, q.cell.col));
    }
    return {};
}

}  // namespace

TEST_CASE("questions are reproducible from (seed, index) and cover every kind") {
    std::set<int> kinds;
    for (uint32_t seed : {1u, 2u, 99u})
        for (int i = 0; i < 40; ++i) {
            const Question a = teach::make_question(seed, i), b = teach::make_question(seed, i);
            CHECK(a.prompt == b.prompt);
            CHECK(a.answer == b.answer);
            CHECK(a.config == b.config);
            kinds.insert(static_cast<int>(a.kind));
        }
    CHECK(kinds.size() == static_cast<size_t>(teach::kQuestionKinds));
}

TEST_CASE("hand-computed: 6x9 input, kernel 1, stride 2, padding 2, dilation 2 (rows 1, 3, 5 skipped, none dropped)") {
    // Padded rows 0..9; windows start at padded 0, 2, 4, 6, 8 = input rows -2, 0, 2, 4, 6: rows 0,
    // 2 and 4 are read; 1, 3 and 5 lie between windows; the last window (padding) ends after row 5.
    // Columns: padded 0..12, windows at input columns -2, 0, ..., 10: columns 0, 2, 4, 6, 8 read.
    const teach::Config c = teach::decode_query("input=6x9&kernel=1&stride=2&padding=2&dilation=2").config;
    CHECK(teach::make_question(QuestionKind::dropped_rows, c).answer == "0");
    CHECK(teach::make_question(QuestionKind::skipped_rows, c).answer == "3");
    CHECK(teach::make_question(QuestionKind::never_visited, c).answer == "39");  // 54 - 3 x 5
    CHECK(teach::make_question(QuestionKind::output_size, c).answer == "5x7");   // floor(9/2)+1, floor(12/2)+1
    CHECK(teach::make_question(QuestionKind::macs, c).answer == "35");          // 35 cells x 1 tap
    const Question skipped = teach::make_question(QuestionKind::skipped_rows, c);
    CHECK(skipped.explanation.find("Skipped: 1, 3 and 5") != std::string::npos);
}

TEST_CASE("hand-computed: the seed's 5x5 input, kernel 3, and the dropped row of a 6x6 input") {
    teach::Config c = *teach::lesson_config("seed-stride2");
    CHECK(teach::make_question(QuestionKind::output_size, c).answer == "2x2");
    CHECK(teach::make_question(QuestionKind::macs, c).answer == "36");
    CHECK(teach::make_question(QuestionKind::dropped_rows, c).answer == "0");
    CHECK(teach::make_question(QuestionKind::output_value, c, 3).answer == "171");  // 13+14+15+18+19+20+23+24+25
    CHECK(teach::make_question(QuestionKind::output_value, c, 0).answer == "63");
    c = *teach::lesson_config("dropped");
    CHECK(teach::make_question(QuestionKind::dropped_rows, c).answer == "1");     // row 5
    CHECK(teach::make_question(QuestionKind::never_visited, c).answer == "11");   // 36 - 5 x 5
    // 9x9, kernel 3, stride 3, padding 1: the remainder 2 is one input row and one padding row.
    c = teach::decode_query("input=9x9&kernel=3&stride=3&padding=1").config;
    const Question q = teach::make_question(QuestionKind::dropped_rows, c);
    CHECK(q.answer == "1");
    CHECK(q.explanation.find("2 padded row(s), of which 1 are input rows (8) and 1 are padding") != std::string::npos);
    // Kernel 2 at stride 3 on 7 rows: windows at rows 0 and 3 (a third at 6 would need row 7), so
    // row 2 is skipped between them and rows 5 and 6 come after the last one.
    c = *teach::lesson_config("skipped");
    CHECK(teach::make_question(QuestionKind::skipped_rows, c).answer == "1");
    CHECK(teach::make_question(QuestionKind::dropped_rows, c).answer == "2");
}

TEST_CASE("every answer over many seeds agrees with the core's own output and traces") {
    int counted[teach::kQuestionKinds] = {};
    int nonzero[teach::kQuestionKinds] = {};
    for (uint32_t seed : {1u, 7u, 1234u})
        for (int i = 0; i < 120; ++i) {
            const Question q = teach::make_question(seed, i);
            CAPTURE(seed);
            CAPTURE(i);
            CAPTURE(teach::to_string(q.kind));
            CHECK_FALSE(q.explanation.empty());
            const CoreFacts f = core_facts(q.config);
            CHECK(q.answer == expected_answer(q, f));
            CHECK(teach::check_answer(q, expected_answer(q, f)).correct);
            CHECK(teach::check_answer(q, "  " + q.answer + " ").correct);
            ++counted[static_cast<int>(q.kind)];
            if (q.answer != "0") ++nonzero[static_cast<int>(q.kind)];
        }
    for (int k = 0; k < teach::kQuestionKinds; ++k) {
        CHECK(counted[k] > 30);
        CHECK_MESSAGE(nonzero[k] * 2 > counted[k], "kind " << k << ": most answers should not be 0");
    }
}

TEST_CASE("each row question names one set: dropped (after the last window) or skipped (between windows)") {
    const Question dropped = teach::make_question(QuestionKind::dropped_rows, *teach::lesson_config("dropped"));
    CHECK(dropped.prompt.find("after the last window") != std::string::npos);
    CHECK(dropped.prompt.find("between") == std::string::npos);
    const Question skipped = teach::make_question(QuestionKind::skipped_rows, *teach::lesson_config("skipped"));
    CHECK(skipped.prompt.find("before the end of the last window") != std::string::npos);
    CHECK(skipped.prompt.find("dropped") == std::string::npos);
}

TEST_CASE("answer parsing: sizes in several spellings, junk refused with a hint") {
    Question q;
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
