// player.cpp -- the walk's player (see player.hpp). Standard C++ only.
#include "teach/player.hpp"

#include <algorithm>

namespace strideconv::teach {

void Player::set_config(const Config& c, std::vector<std::string> notices) {
    lesson_.set_config(c);
    notices_ = std::move(notices);
    for (auto& n : lesson_.notices) notices_.push_back(n);
    lesson_.notices.clear();
    changed_ = true;
    sync_compare();
}

void Player::apply(Config c) {
    lesson_.notices.clear();
    if (lesson_.set_config(c)) changed_ = true;
    if (!lesson_.notices.empty()) notices_ = lesson_.notices;
    sync_compare();
}

void Player::play() {
    if (walk_steps() == 0) return;
    if (current_step() >= walk_steps() - 1) go_to(0);  // replay from the start
    if (!playing_) changed_ = true;  // hosts hear about play/pause as a state change
    playing_ = true;
    last_advance_ = now_;
}

void Player::pause() {
    if (playing_) changed_ = true;
    playing_ = false;
}

void Player::go_to(int step) {
    Config c = config();
    if (c.view == View::compare) {
        // Lockstep over the longer walk; the lesson's own step follows, clamped to its walk.
        compare_tick_ = std::clamp(step, 0, std::max(walk_steps() - 1, 0));
        step = compare_tick_;
    }
    c.step = std::clamp(step, 0, std::max(lesson_.steps() - 1, 0));
    apply(c);
}

void Player::step(int delta) { go_to(current_step() + delta); }

void Player::sync_compare() {
    if (config().view != View::compare) {
        compare_tick_ = config().step;
        return;
    }
    Config other = config();
    other.stride = other.compare_stride;
    other.view = View::walk;
    other.step = compare_tick_;
    compare_.set_config(other);
    if (compare_tick_ < config().step) compare_tick_ = config().step;  // e.g. a step set by a link
}

int Player::walk_steps() const {
    if (config().view == View::compare) return std::max(lesson_.steps(), compare_.steps());
    return lesson_.steps();
}

int Player::current_step() const { return config().view == View::compare ? compare_tick_ : config().step; }

int Player::step_of(const Lesson& l) const { return std::min(current_step(), std::max(l.steps() - 1, 0)); }

void Player::set_speed(float steps_per_second) { speed_ = std::clamp(steps_per_second, 0.25f, 20.0f); }

void Player::advance(double now) {
    sync_compare();
    now_ = now;
    if (!playing_) return;
    if (walk_steps() == 0) {
        pause();
        return;
    }
    if (now - last_advance_ >= 1.0 / speed_) {
        last_advance_ = now;
        if (current_step() >= walk_steps() - 1)
            pause();
        else
            step(1);
    }
}

}  // namespace strideconv::teach
