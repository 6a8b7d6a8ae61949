// touch_queue_test.cpp -- taps and drags queued between frames reach ImGui as a mouse would make
// them: hover first, then press, then release, one button change per frame; nothing is lost when a
// whole tap arrives between two frames.
#include <doctest/doctest.h>

#include <vector>

#include "ui/touch_queue.hpp"

using strideconv::ui::TouchQueue;

namespace {

struct Seen {
    bool present, down;
    float x, y;
};

std::vector<Seen> frames(TouchQueue& q, int n) {
    std::vector<Seen> out;
    for (int k = 0; k < n; ++k) {
        const TouchQueue::Pointer p = q.frame();
        out.push_back({p.present, p.down, p.x, p.y});
    }
    return out;
}

}  // namespace

TEST_CASE("a tap that arrives between two frames: hover, press, release, then nothing hovered") {
    TouchQueue q;
    CHECK_FALSE(q.active());
    q.push(TouchQueue::down, 10, 20);
    q.push(TouchQueue::up, 10, 20);
    CHECK(q.active());
    const auto f = frames(q, 4);
    CHECK((f[0].present && !f[0].down && f[0].x == 10 && f[0].y == 20));  // the pointer arrives
    CHECK((f[1].present && f[1].down));                                    // pressed where it is
    CHECK((f[2].present && !f[2].down && f[2].x == 10));                   // released there: a click
    CHECK_FALSE(f[3].present);                                             // the finger is gone
    CHECK(q.pending() == 0);
}

TEST_CASE("two taps in one frame are two clicks") {
    TouchQueue q;
    q.push(TouchQueue::down, 1, 1);
    q.push(TouchQueue::up, 1, 1);
    q.push(TouchQueue::down, 50, 60);
    q.push(TouchQueue::up, 50, 60);
    int presses = 0, releases = 0;
    bool was_down = false;
    for (const Seen& s : frames(q, 10)) {
        if (s.down && !was_down) {
            presses += 1;
            CHECK(s.present);
        }
        if (!s.down && was_down) releases += 1;
        was_down = s.down;
    }
    CHECK(presses == 2);
    CHECK(releases == 2);
}

TEST_CASE("a drag: pressed at the start, moves while down, released at the end") {
    TouchQueue q;
    q.push(TouchQueue::down, 0, 0);
    const auto start = frames(q, 2);
    CHECK(start[1].down);
    q.push(TouchQueue::move, 5, 0);
    q.push(TouchQueue::move, 9, 0);  // consecutive moves: only the latest matters
    q.push(TouchQueue::up, 12, 0);
    const auto f = frames(q, 3);
    CHECK((f[0].down && f[0].x == 12));  // moved to the release point while still down
    CHECK((!f[1].down && f[1].x == 12));  // released there
    CHECK_FALSE(f[2].present);
}

TEST_CASE("a cancelled touch (the browser scrolled) releases without a click") {
    TouchQueue q;
    q.push(TouchQueue::down, 3, 4);
    frames(q, 2);
    q.push(TouchQueue::cancel, 3, 4);
    const auto f = frames(q, 1);
    CHECK_FALSE(f[0].present);  // released while hovering nothing: ImGui clicks nothing
    CHECK_FALSE(f[0].down);
}

TEST_CASE("a mouse takes the pointer back; the queue stays bounded") {
    TouchQueue q;
    for (int k = 0; k < 10000; ++k) {
        q.push(TouchQueue::down, float(k), 0);
        q.push(TouchQueue::move, float(k), 1);
        q.push(TouchQueue::up, float(k), 1);
    }
    CHECK(q.pending() <= 256);
    q.push(TouchQueue::mouse, 0, 0);
    CHECK_FALSE(q.active());
    CHECK(q.pending() == 0);
    CHECK_FALSE(q.frame().present);
}
