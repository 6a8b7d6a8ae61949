// touch_queue.hpp -- touches from the page, turned into one mouse state per frame for ImGui.
//
// Why: Emscripten 3.1.6's GLFW turns touchstart/touchend into button presses without moving the
// cursor (it reads a field only SDL sets), so a tap pressed wherever the mouse last was; and ImGui
// 1.86 reads one mouse state per frame, so a press and a release in the same frame were lost. The
// web host takes touches from pointer events instead (web/host-api.js) and queues them here; each
// frame applies at most one button change, and only once the pointer has been at that place for a
// frame, so ImGui sees hover, then press, then release, as it does with a mouse.
//
// Standard C++ only (tests/ui/touch_queue_test.cpp).
//
// Usage (host_web.cpp):
//   queue.push(TouchQueue::down, x, y);        // from the page, any number between frames
//   TouchQueue::Pointer ptr = queue.frame();   // once a frame, after the GLFW backend's NewFrame
//   if (queue.active()) { io.MousePos = ptr.present ? ImVec2(ptr.x, ptr.y) : ImVec2(-FLT_MAX, -FLT_MAX);
//                         io.MouseDown[0] = ptr.down; }
#pragma once

#include <cstddef>
#include <deque>

namespace strideconv::ui {

class TouchQueue {
  public:
    // down, move and up of the primary touch; cancel: the browser took the gesture over (a scroll),
    // released without a click; mouse: a mouse moved, so the queue stops steering the pointer.
    enum Kind { move, down, up, cancel, mouse };
    struct Pointer {
        bool present = false;  // false: no pointer over the canvas (nothing hovered)
        float x = 0, y = 0;    // canvas pixels
        bool down = false;
    };

    void push(Kind kind, float x, float y);
    // The pointer for the next frame.
    Pointer frame();
    // True while touch is the pointer in use (from the first touch until a mouse moves).
    bool active() const { return active_; }
    size_t pending() const { return events_.size(); }

  private:
    struct Event {
        Kind kind;
        float x, y;
    };
    std::deque<Event> events_;
    Pointer pointer_;
    bool active_ = false;
    bool leave_next_ = false;  // a finger lifted last frame: nothing is hovered from this frame on
};

}  // namespace strideconv::ui
