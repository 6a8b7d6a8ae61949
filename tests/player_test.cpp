// player_test.cpp -- the walk's player without any UI: stepping and clamping, play/pause on a
// clock, the compare view's lockstep over the longer walk, change notifications, and the
// sentences of the explanation panel and the quiz session's scoring.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "teach/explain.hpp"
#include "teach/player.hpp"
#include "teach/quiz.hpp"
#include "teach/url.hpp"

using namespace strideconv;
using namespace strideconv::teach;

TEST_CASE("player: steps clamp to the walk, play advances on the clock and stops at the end") {
    Player p;
    p.set_config(*lesson_config("seed-stride2"));  // 4 steps
    CHECK(p.take_changed());
    CHECK_FALSE(p.take_changed());
    p.step(1);
    CHECK(p.config().step == 1);
    CHECK(p.take_changed());
    p.go_to(99);
    CHECK(p.config().step == 3);
    p.step(-10);
    CHECK(p.config().step == 0);

    p.set_speed(2);  // a step every 0.5 s
    p.advance(10.0);
    p.play();
    CHECK(p.playing());
    p.advance(10.4);
    CHECK(p.config().step == 0);
    p.advance(10.5);
    CHECK(p.config().step == 1);
    p.advance(11.0);
    p.advance(11.5);
    CHECK(p.config().step == 3);
    p.advance(12.0);  // at the end: stops
    CHECK_FALSE(p.playing());
    CHECK(p.config().step == 3);
    p.play();  // from the end: replays from the start
    CHECK(p.config().step == 0);
    p.pause();
    CHECK_FALSE(p.playing());
}

TEST_CASE("player: speed is clamped; faster and slower scale it") {
    Player p;
    p.set_speed(1000);
    CHECK(p.speed() == doctest::Approx(20));
    p.set_speed(0);
    CHECK(p.speed() == doctest::Approx(0.25));
    p.set_speed(2);
    p.faster();
    CHECK(p.speed() == doctest::Approx(3));
    p.slower();
    CHECK(p.speed() == doctest::Approx(2));
}

TEST_CASE("player: the compare view walks the longer walk; the other follows by position in the input") {
    Player p;
    auto d = decode_query("lesson=seed-stride2&view=compare&compare_stride=1");  // 4 and 9 steps
    p.set_config(d.config);
    p.advance(0);
    CHECK(p.walk_steps() == 9);
    CHECK(p.compare().steps() == 9);
    // One counter: the config's step is the longer walk's, for the transport, the text and the link.
    p.go_to(6);
    CHECK(p.current_step() == 6);
    CHECK(p.config().step == 6);
    CHECK(p.step_of(p.compare()) == 6);
    // Stride 1 at window origin (2, 0): stride 2's window at (2, 0) is its step 2.
    CHECK(p.step_of(p.lesson()) == 2);
    CHECK(p.aligned());
    p.go_to(1);  // stride 1 at (0, 1): stride 2 still shows its window at (0, 0)
    CHECK(p.step_of(p.lesson()) == 0);
    CHECK_FALSE(p.aligned());
    p.go_to(4);  // (1, 1): between stride 2's rows, which shows the end of row 0
    CHECK(p.step_of(p.lesson()) == 1);
    CHECK_FALSE(p.aligned());
    p.go_to(8);  // (2, 2): both at their last window
    CHECK(p.step_of(p.lesson()) == 3);
    CHECK(p.aligned());
    p.go_to(100);
    CHECK(p.current_step() == 8);

    // A link's step reopens the same position; out of range, it is clamped to the longer walk.
    auto again = decode_query(encode_query(p.config()));
    Player q;
    q.set_config(again.config);
    CHECK(q.current_step() == 8);
    q.set_config(decode_query("lesson=seed-stride2&view=compare&compare_stride=1&step=500").config);
    CHECK(q.current_step() == 8);
}

TEST_CASE("compare sentences: each side its own step; under both, the costs and every k-th window") {
    Player p;
    p.set_config(decode_query("lesson=seed-stride2&view=compare&compare_stride=1&step=1").config);
    p.advance(0);
    const auto left = compare_side(p, p.lesson());
    REQUIRE(left.size() == 3);
    CHECK(left[0].text == "stride 2x2: 4 steps, 36 MACs");
    CHECK(left[1].text == "Step 1 of 4: output (0, 0) from the window at input (0, 0); no window of this stride starts at (0, 1)");
    const auto right = compare_side(p, p.compare());
    CHECK(right[1].text == "Step 2 of 9: output (0, 1) from the window at input (0, 1)");
    const auto under = compare_explanation(p);
    REQUIRE(under.size() == 2);
    CHECK(under[0].text == "Stride 2x2: 2x2 output, 36 MACs. Stride 1x1: 3x3 output, 81 MACs. Stride 2x2 needs 2.25\u00d7 fewer.");
    CHECK(under[1].text.find("output kept at every 2nd row and every 2nd column") != std::string::npos);
    p.go_to(8);
    CHECK(compare_side(p, p.lesson())[0].text == "stride 2x2: 4 steps, 36 MACs  (done)");
    CHECK(canvas_explanation(p).size() == 2);
}

TEST_CASE("player: a refused configuration has no walk; play does nothing") {
    Player p;
    p.set_config(decode_query("padding=same&stride=2").config);
    CHECK(p.walk_steps() == 0);
    p.play();
    CHECK_FALSE(p.playing());
    p.step(1);
    CHECK(p.config().step == 0);
}

TEST_CASE("player: notices from a link and from normalization are kept until dismissed") {
    Player p;
    auto d = decode_query("input=99x5&bogus=1");
    p.set_config(d.config, d.notices);
    CHECK(p.notices().size() >= 2);
    p.dismiss_notices();
    CHECK(p.notices().empty());
}

TEST_CASE("explanation: the step, its arithmetic, the formula per axis, the floor and the cost") {
    Lesson l;
    l.set_config(*lesson_config("dropped"));
    const auto lines = explanation(l, 3);
    REQUIRE(lines.size() == 6);
    CHECK(lines[0].text == "Step 4 of 4: output (1, 1) from the window at input (2, 2)");
    CHECK(lines[1].style == Line::window);
    CHECK(lines[1].text.find("= 198") != std::string::npos);
    // Symbols first, then the same with the numbers.
    CHECK(lines[2].text == "Height: floor((H + p_top + p_bottom - d\u00b7(k - 1) - 1) / s) + 1 = " + l.formula(true));
    CHECK(lines[3].text == "Width:  floor((W + p_left + p_right - d\u00b7(k - 1) - 1) / s) + 1 = " + l.formula(false));
    CHECK(lines[4].text == "Dropped by the floor: 1 last row, 1 last column. Never visited: 11 of 36 input cells.");
    CHECK(lines[5].text ==
          "Cost: 36 MACs at stride 2x2, 144 at stride 1 with the same padding: 4.00\u00d7 fewer. Output/input "
          "cells: 4/36 = 0.111. MACs count every kernel tap, padding zeros included; FLOPs are about 2 \u00d7 MACs.");

    // At stride 1 there is no "1.00x fewer"; pools count window reads.
    l.set_config(*lesson_config("seed-stride1"));
    CHECK(explanation(l, 0).back().text.rfind("Cost: 81 MACs (stride 1). Output/input", 0) == 0);
    l.set_config(*lesson_config("pool-vs-stride"));
    CHECK(explanation(l, 0).back().text.find("window reads at stride 2x2") != std::string::npos);

    l.set_config(decode_query("padding=same&stride=2").config);
    const auto refused = explanation(l, 0);
    REQUIRE(refused.size() == 2);
    CHECK(refused[0].style == Line::error);
    CHECK(refused[0].text.rfind("Nothing to walk: this layer is refused (", 0) == 0);
}

TEST_CASE("explanation: a ceil_mode window that fits only at its stride gives no stride-1 ratio") {
    // 1x1 input, 3x3 window, stride 3, ceil_mode: one window (hanging past the input); at stride 1
    // the window has no position and PyTorch refuses the layer. The core says so with
    // macs_stride1 == 0, the lesson and the CLI read that one figure.
    Lesson l;
    const auto d = decode_query("op=max_pool2d&input=1&kernel=3&stride=3&ceil_mode=1&padding=0");
    REQUIRE(d.notices.empty());
    l.set_config(d.config);
    REQUIRE_MESSAGE(l.error.empty(), l.error);
    CHECK(l.steps() == 1);
    CHECK(l.macs() == 9);
    CHECK(l.macs_stride1() == 0);
    const auto lines = explanation(l, 0);
    CHECK(lines.back().text.find("9 window reads at stride 3x3; at stride 1 with the same padding the window would not fit") !=
          std::string::npos);
}

TEST_CASE("quiz lines") {
    Lesson l;
    l.set_config(*lesson_config("seed-stride2"));
    CHECK(quiz_score_line(3, 1, 2) == "Question 3   (score 1 of 2)");
    CHECK(quiz_config_line(l.config()) ==
          "Input 5x5, kernel 3x3, stride 2x2, padding top 0 bottom 0 left 0 right 0, dilation 1x1.");
}

TEST_CASE("quiz session: an answer counts once per question; unreadable answers do not count") {
    QuizSession q;
    q.seed = 5;
    const Verdict junk = q.answer("what?");
    CHECK(q.index == 0);
    if (!junk.understood) CHECK(q.asked == 0);
    q.answer(q.question.answer);
    CHECK(q.asked == 1);
    CHECK(q.correct == 1);
    q.answer(q.question.answer);  // again: still one question asked
    CHECK(q.asked == 1);
    q.next();
    CHECK(q.index == 1);
    CHECK_FALSE(q.answered);
    q.answer(q.question.kind == QuestionKind::output_size ? "999x999" : "-12345");
    CHECK(q.asked == 2);
    CHECK(q.correct == 1);
}

TEST_CASE("predict, then reveal: a value waits for the student's answer; a window for a click") {
    Player p;
    p.set_config(*lesson_config("predict-value"));
    p.advance(0);
    REQUIRE(p.config().predict == Predict::value);
    CHECK(p.hidden());
    // The explanation asks instead of telling.
    auto lines = canvas_explanation(p);
    CHECK(lines[0].text.find("predict the value the window writes at output (0, 0)") != std::string::npos);
    const std::string arithmetic = step_arithmetic(p.config(), p.lesson().trace(0).value);
    for (const Line& l : lines) CHECK(l.text.find(arithmetic) == std::string::npos);  // no arithmetic yet
    // Playing stops at a hidden step.
    p.play();
    p.advance(10);
    CHECK(p.config().step == 0);
    // An unreadable answer does not reveal; a wrong one does, with the right value.
    CHECK_FALSE(p.predict_value("twelve").understood);
    CHECK(p.hidden());
    const float want = p.lesson().output.at(0, 0, 0);
    const Verdict v = p.predict_value(format_number(want + 1));
    CHECK_FALSE(v.correct);
    CHECK_FALSE(p.hidden());
    CHECK(canvas_explanation(p)[0].text.rfind("Not quite", 0) == 0);
    p.step(1);
    CHECK(p.hidden());
    CHECK(p.predict_value(format_number(p.lesson().output.at(0, 0, 1))).correct);
    p.step(-1);  // earlier steps stay revealed
    CHECK_FALSE(p.hidden());

    p.set_config(*lesson_config("predict-window"));  // 7x7, kernel 2, stride 3
    p.step(1);
    REQUIRE(p.hidden());
    CHECK(canvas_explanation(p)[0].text.find("Click its top-left cell") != std::string::npos);
    CHECK_FALSE(p.predict_window(0, 1).correct);
    p.step(1);
    const Verdict w = p.predict_window(0, 3);  // step 2 is output (1, 0): its window starts at (3, 0)
    CHECK_FALSE(w.correct);
    CHECK(w.feedback.find("(3, 0)") != std::string::npos);
}

TEST_CASE("sentences follow the index convention") {
    Lesson l;
    Config c = *lesson_config("dropped");
    c.index_base = 1;
    l.set_config(c);
    CHECK(explanation(l, 3)[0].text == "Step 4 of 4: output (2, 2) from the window at input (3, 3)");
    c.index_base = 0;
    l.set_config(c);
    CHECK(explanation(l, 3)[0].text == "Step 4 of 4: output (1, 1) from the window at input (2, 2)");
    CHECK(index_convention(c) == "rows and columns are numbered from 0");
    QuizSession q;
    q.index_base = 1;
    for (int k = 0; k < 12; ++k) {
        q.next();
        if (q.question.kind == QuestionKind::output_value)
            CHECK(q.question.prompt.find("(counted from 1)") != std::string::npos);
    }
}

TEST_CASE("padding solver sentences: every total that works, the split, TensorFlow's SAME, and refusals") {
    Config c = *lesson_config("padding-solver");  // 7x7, kernel 3, stride 2
    SolvedPadding r = solve_for_output(c, {4, 4});
    REQUIRE(r.ok);
    CHECK(r.sentence.rfind("Rows: total padding 2 or 3 gives 4 (the floor absorbs the rest); the smallest, 2, split 1 + 1.", 0) == 0);
    CHECK(r.config.padding.top == 1);
    CHECK(r.config.padding.bottom == 1);
    Lesson l;
    l.set_config(r.config);
    CHECK(l.output.h == 4);
    c.input = {6, 6};
    r = tensorflow_same(c);
    REQUIRE(r.ok);
    CHECK(r.config.padding.top == 0);
    CHECK(r.config.padding.bottom == 1);
    CHECK(r.sentence.find("ceil(input / stride) = 3x3") != std::string::npos);
    r = solve_for_output(c, {1, 1});
    CHECK_FALSE(r.ok);
    CHECK(r.sentence.find("already 2") != std::string::npos);
}

TEST_CASE("compare with pooling: stride 1 then SxS max pool, stepped with the strided layer") {
    Player p;
    p.set_config(*lesson_config("pool-vs-conv"));  // 8x8, sobel_x, padding 1, stride 2
    p.advance(0);
    REQUIRE(p.config().compare_with == CompareWith::pool);
    const Lesson& conv = p.compare();
    const Lesson& pool = p.pooled();
    REQUIRE(conv.error.empty());
    REQUIRE(pool.error.empty());
    CHECK(conv.config().stride == Pair{1, 1});
    CHECK(conv.output.h == 8);
    CHECK(pool.output.h == 4);
    CHECK(p.walk_steps() == 16);
    // The pool's output is the max of each 2x2 block of the stride-1 output, computed independently.
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) {
            float m = -INFINITY;
            for (int dy = 0; dy < 2; ++dy)
                for (int dx = 0; dx < 2; ++dx) m = std::max(m, conv.output.at(0, 2 * r + dy, 2 * c + dx));
            CHECK(pool.output.at(0, r, c) == m);
            // and the strided layer keeps the block's first output
            CHECK(p.lesson().output.at(0, r, c) == conv.output.at(0, 2 * r, 2 * c));
        }
    p.go_to(5);
    CHECK(p.step_of(pool) == 5);
    CHECK(p.step_of(p.lesson()) == 5);
    const auto under = compare_explanation(p);
    REQUIRE(under.size() == 2);
    CHECK(under[0].text.find("the same 9 weights: the pool learns none") != std::string::npos);
    CHECK(under[0].text.find("144 MACs") != std::string::npos);  // 16 x 9
    CHECK(under[0].text.find("576 MACs (4.00\u00d7 as many) and 64 window reads") != std::string::npos);
    CHECK(under[1].text.find("they agree at") != std::string::npos);
    const auto side = compare_side(p, pool);
    CHECK(side[0].text == "stride 1 (64 outputs, 576 MACs), then 2x2 max pool: 16 outputs, 64 window reads");
}
