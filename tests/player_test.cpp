// player_test.cpp -- the walk's player without any UI: stepping and clamping, play/pause on a
// clock, the compare view's lockstep over the longer walk, change notifications, and the
// sentences of the explanation panel and the quiz session's scoring.
#include <doctest/doctest.h>

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

TEST_CASE("player: compare view steps both walks in lockstep over the longer one") {
    Player p;
    auto d = decode_query("lesson=seed-stride2&view=compare&compare_stride=1");  // 4 and 9 steps
    p.set_config(d.config);
    p.advance(0);
    CHECK(p.walk_steps() == 9);
    CHECK(p.compare().steps() == 9);
    p.go_to(6);
    CHECK(p.current_step() == 6);
    CHECK(p.step_of(p.compare()) == 6);
    CHECK(p.step_of(p.lesson()) == 3);  // the shorter walk waits at its end
    CHECK(p.config().step == 3);
    p.go_to(100);
    CHECK(p.current_step() == 8);
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
    CHECK(lines[2].text == "Height: " + l.formula(true));
    CHECK(lines[3].text == "Width:  " + l.formula(false));
    CHECK(lines[4].text.find("Never visited: 11 of 36 input cells") != std::string::npos);
    CHECK(lines[5].text.find("36 MACs at stride 2x2 vs 144 at stride 1") != std::string::npos);

    l.set_config(decode_query("padding=same&stride=2").config);
    const auto refused = explanation(l, 0);
    REQUIRE(refused.size() == 2);
    CHECK(refused[0].text.rfind("Height: ", 0) == 0);
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
    CHECK(lines.back().text.find("9 window reads at stride 3x3; at stride 1 the window would not fit") !=
          std::string::npos);
}

TEST_CASE("compare header and quiz lines") {
    Lesson l;
    l.set_config(*lesson_config("seed-stride2"));
    CHECK(compare_header(l, 0) == "stride 2x2: 4 steps, 36 MACs");
    CHECK(compare_header(l, 3) == "stride 2x2: 4 steps, 36 MACs  (done)");
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
