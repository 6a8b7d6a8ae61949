// touch_queue.cpp -- see touch_queue.hpp. Standard C++ only.
#include "ui/touch_queue.hpp"

namespace strideconv::ui {

namespace {

constexpr size_t kMaxEvents = 256;  // a stalled tab must not grow the queue without bound

}  // namespace

void TouchQueue::push(Kind kind, float x, float y) {
    if (kind == mouse) {
        // The mouse owns the pointer again: GLFW reports it, the queue lets go.
        events_.clear();
        pointer_ = {};
        active_ = false;
        leave_next_ = false;
        return;
    }
    active_ = true;
    if (kind == move && !events_.empty() && events_.back().kind == move) {
        events_.back() = {kind, x, y};  // only the latest of consecutive moves matters
        return;
    }
    if (events_.size() >= kMaxEvents) {
        // Keep the button changes: drop the oldest move, or else the oldest event.
        for (auto it = events_.begin(); it != events_.end(); ++it)
            if (it->kind == move) {
                events_.erase(it);
                events_.push_back({kind, x, y});
                return;
            }
        events_.pop_front();
    }
    events_.push_back({kind, x, y});
}

TouchQueue::Pointer TouchQueue::frame() {
    if (leave_next_) {
        pointer_.present = false;
        leave_next_ = false;
    }
    auto at = [&](const Event& e) { return pointer_.present && pointer_.x == e.x && pointer_.y == e.y; };
    while (!events_.empty()) {
        const Event e = events_.front();
        if (e.kind == move) {
            pointer_.present = true;
            pointer_.x = e.x;
            pointer_.y = e.y;
            events_.pop_front();
            continue;
        }
        if (e.kind == cancel) {
            // Released away from everything: no click.
            pointer_ = {};
            events_.pop_front();
            break;
        }
        // down or up: first a frame at the place, then the button change in a frame of its own.
        if (!at(e)) {
            pointer_.present = true;
            pointer_.x = e.x;
            pointer_.y = e.y;
            break;
        }
        pointer_.down = e.kind == down;
        events_.pop_front();
        if (e.kind == up) leave_next_ = true;
        break;
    }
    return pointer_;
}

}  // namespace strideconv::ui
