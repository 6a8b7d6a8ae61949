// app.hpp -- the teaching canvas: wires the views (controls, transport, walk, compare, quiz,
// explanation, help, About) over one teach::Player. Views draw; every number and sentence comes from
// teach and the core. Includes ImGui only: no GL, GLFW or Emscripten (see platform/).
//
// Usage (between ImGui::NewFrame() and ImGui::Render()):
//   ui::App app;  app.set_config(teach::lesson_config("seed-stride2").value());
//   app.frame(now_seconds);            // once per frame
// The platform wires `host` to the clipboard, the page URL and image export.
#pragma once

#include <string>
#include <vector>

#include "image/image.hpp"
#include "teach/image_mode.hpp"
#include "teach/player.hpp"
#include "teach/quiz.hpp"
#include "ui/host.hpp"
#include "ui/image_view.hpp"
#include "ui/views.hpp"

struct ImFont;

namespace strideconv::ui {

// Keys the walk responds to (space, arrows, Home/End, Escape), and Tab, which the desktop app
// reports to move the keyboard into the controls. '+', '-' (speed), '?' (help), ']', '[' and '0'
// (zoom) arrive as typed characters through ImGui.
enum class Key { left, right, home, end, space, escape, tab };

class App {
  public:
    Host host;
    Fonts fonts;

    // Replace the configuration; notices (e.g. from a URL) are shown to the user.
    // Image mode (and a network view's picture) takes the new configuration at once, so that a
    // host's getState right after setState describes the new picture and routes (computing).
    void set_config(const teach::Config& c, std::vector<std::string> notices = {});
    const teach::Config& config() const { return player_.config(); }
    const teach::Lesson& lesson() const { return player_.lesson(); }
    teach::Player& player() { return player_; }
    const teach::Player& player() const { return player_; }

    void play() { player_.play(); }
    void pause() { player_.pause(); }
    bool playing() const { return player_.playing(); }
    void step(int delta) { player_.step(delta); }
    void go_to(int step) { player_.go_to(step); }
    void set_speed(float steps_per_second) { player_.set_speed(steps_per_second); }
    float speed() const { return player_.speed(); }

    // The platform reports each key press (and each OS auto-repeat) as it happens; presses are
    // applied at the start of the next frame, so one shorter than a frame is never lost or doubled
    // (ImGui 1.86 polls key state once per frame).
    void key_pressed(Key k) { pending_keys_.push_back(k); }

    // Draw one frame of the whole UI filling the main viewport.
    void frame(double now_seconds);

    // The platform says when a finger is the pointer (a touch screen, or touches seen): bigger
    // targets, and taps on cells act on release.
    void set_touch(bool touch) { touch_ = touch; }
    bool touch() const { return touch_; }
    // A pinch or two-finger pan from the host (web: web/host-api.js): the grids' zoom becomes `zoom`
    // percent (clamped, whole), and zoomed grids scroll by `dx`, `dy` pixels at the next frame.
    void zoom_gesture(float zoom, float dx, float dy);

    bool help_visible() const { return show_help_; }
    // The keyboard is in the side panel (Tab entered it, Esc leaves): arrows move between its
    // controls, Space and Enter use them, and the walk's keys wait. The desktop app's way to every
    // control without a mouse (the browser has the HTML mirror, web/mirror.js, for that).
    bool keyboard_in_controls() const { return keyboard_in_controls_; }
    // The quiz view's current question and score (for tests and hosts). The quiz follows the
    // config's topic (quiz=) from the next frame, or at once through these.
    const teach::Question* quiz_question() const { return quiz_.session.index >= 0 ? &quiz_.session.question : nullptr; }
    const teach::QuizSession& quiz_session() {
        sync_quiz();
        if (quiz_.session.index < 0) quiz_.next();
        return quiz_.session;
    }
    teach::Verdict answer_quiz(const std::string& typed) {
        sync_quiz();
        return quiz_.session.answer(typed);
    }
    void next_question() {
        sync_quiz();
        quiz_.next();
    }
    int quiz_correct() const { return quiz_.session.correct; }
    int quiz_asked() const { return quiz_.session.asked; }
    // Notices shown to the user (what was clamped or ignored), until dismissed.
    const std::vector<std::string>& notices() const { return player_.notices(); }
    // Where the walk view put its grids on the last frame (screen coordinates), for tests and
    // hosts that point at cells. cell == 0 before the first walk frame.
    const GridPlacement& placement() const { return walk_.placement; }
    const TransposedView::Placement& transposed_placement() const { return transposed_.placement; }
    // Where the network view put its clickable output grid on the last frame.
    const StackView::Placement& stack_placement() const { return stack_.placement; }

    // Image mode: the model (picture, routes, timings) and where its pictures were drawn.
    const teach::ImageModel& image_model() const { return image_; }
    const ImageView& image_view() const { return image_view_; }
    // Milliseconds of computing image mode may do per frame (the rest of the work waits for the
    // next frames, so no change freezes the app).
    double image_budget_ms = 12;
    // Golden images and scripted screenshots: image mode times every stage as exactly 1 ms and
    // computes everything in the frame that asks, so a picture never depends on the machine.
    void use_test_clock();
    // A picture the platform decoded (a file opened or dropped): image mode shows it.
    void open_picture(image::Image picture);
    // A file that could not be read as a picture: the reason is shown as a notice, in the lab's
    // language (the key and parameters of core.hpp's Message).
    void picture_refused(const Message& why);

  private:
    void handle_keyboard();
    void draw_canvas(const ViewContext& ctx);
    void take_keyboard_focus();  // inside the side panel's child window

    teach::Player player_;
    std::vector<Key> pending_keys_;
    bool show_help_ = false;
    bool controls_hidden_ = false;  // the side panel folded away (projector, small screens)
    bool controls_open_narrow_ = false;  // narrow screens: the controls under the grids unfolded
    bool touch_ = false;
    float pan_x_ = 0, pan_y_ = 0;  // zoom_gesture's pan, handed to the views at the next frame
    bool keyboard_in_controls_ = false;
    bool focus_controls_ = false;  // the next frame gives the side panel the keyboard focus
    WalkView walk_;
    TransposedView transposed_;
    CompareView compare_;
    QuizView quiz_;
    void sync_quiz();  // the session's topic and row numbering from the config
    StackView stack_;
    CellEditor editor_;
    PaddingSolverState padding_solver_;
    teach::ImageModel image_;
    ImageView image_view_;
    bool picture_wanted() const {
        return config().view == teach::View::image || (config().view == teach::View::stack && config().stack.picture);
    }
    // Back from a walk image mode opened (ImageView::back_from_walk), then the picture's model
    // takes the configuration (no computing: that is work(), frame by frame).
    void sync_picture();
    image::Clock image_clock_;  // empty: the steady clock
};

}  // namespace strideconv::ui
