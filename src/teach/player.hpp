// player.hpp -- the walk's player: the lesson on screen, the compare view's second lesson in
// lockstep, the current step, play/pause and speed. What a transport bar, the keyboard, a host
// page and the tests all drive. Standard C++ only; time comes in as seconds from the caller.
//
// Usage:
//   teach::Player p;  p.set_config(*teach::lesson_config("seed-stride2"));
//   p.step(1);  p.play();  p.advance(now_seconds);   // once per frame
//   if (p.take_changed()) host_state_changed(p.config());
#pragma once

#include <string>
#include <vector>

#include "teach/lesson.hpp"
#include "teach/quiz.hpp"

namespace strideconv::teach {

class Player {
  public:
    // Replace the configuration; `notices` (e.g. from a link) are shown with normalization's own.
    void set_config(const Config& c, std::vector<std::string> notices = {});
    // An edit of the configuration; notices from normalization replace the ones on screen.
    void apply(Config c);
    const Config& config() const { return lesson_.config(); }
    const Lesson& lesson() const { return lesson_; }
    // The compare view's other configuration (compare_stride), stepped in lockstep.
    const Lesson& compare() const { return compare_; }
    // compare_with=pool: SxS max pooling at stride S over compare()'s output (the layer at stride 1).
    const Lesson& pooled() const { return pooled_; }

    void play();
    void pause();
    bool playing() const { return playing_; }
    void step(int delta);
    void go_to(int step);
    void set_speed(float steps_per_second);  // clamped to 0.25..20
    float speed() const { return speed_; }
    void faster() { set_speed(speed_ * 1.5f); }
    void slower() { set_speed(speed_ / 1.5f); }

    // Once per frame, before anything reads the state: keeps the compare lesson in step and
    // advances playback at `speed` steps per second.
    void advance(double now_seconds);

    // The walk on screen: the longer of the two in the compare view, whose step is config().step.
    int walk_steps() const;
    int current_step() const { return config().step; }
    // A lesson's own step at the current walk step. In the compare view the two walks are aligned by
    // position in the input: the other walk shows its last window whose origin the longer walk has
    // reached (in reading order), the same window when both have one starting there.
    int step_of(const Lesson& l) const;
    // Compare view: whether both walks have a window starting at the current position.
    bool aligned() const;

    // Predict, then reveal (config().predict): the current step's output value (or its window's
    // position) stays hidden until the student commits an answer or gives up. Steps before the
    // current one, and any step revealed before, are shown.
    bool hidden() const;
    Verdict predict_value(const std::string& typed);  // checked like a quiz answer
    Verdict predict_window(int row, int col);         // an input cell: the window's top-left tap
    void reveal();
    const Verdict& prediction() const { return prediction_; }  // the last answer's feedback

    // Sentences saying what was clamped or ignored, until replaced.
    const std::vector<std::string>& notices() const { return notices_; }
    void dismiss_notices() { notices_.clear(); }

    // True once after every change a host should hear about (configuration, step, play/pause).
    bool take_changed() {
        const bool c = changed_;
        changed_ = false;
        return c;
    }

  private:
    void sync_compare();
    const Lesson& driver() const;  // the compare view's longer walk

    Lesson lesson_;
    Lesson compare_;
    Lesson pooled_;
    std::vector<std::string> notices_;
    bool playing_ = false;
    float speed_ = 1.5f;
    double last_advance_ = 0;
    double now_ = 0;
    bool changed_ = false;
    int max_revealed_ = -1;          // predict mode: the highest step revealed
    uint64_t revealed_revision_ = 0;  // ... of this computation (an edit starts over)
    Verdict prediction_;
};

}  // namespace strideconv::teach
