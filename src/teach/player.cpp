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
    if (config().view == View::compare && config().step >= walk_steps()) go_to(config().step);  // clamp
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
    prediction_ = Verdict{};
    Config c = config();
    c.step = std::clamp(step, 0, std::max(walk_steps() - 1, 0));
    apply(c);
}

void Player::step(int delta) { go_to(current_step() + delta); }

void Player::sync_compare() {
    if (config().view != View::compare) return;
    const bool pool = config().compare_with == CompareWith::pool;
    Config other = config();
    other.stride = pool ? Pair{1, 1} : other.compare_stride;
    other.view = View::walk;
    other.predict = Predict::off;
    other.compare_with = CompareWith::stride;
    other.step = 0;  // the views ask step_of() for its step
    compare_.set_config(other);
    if (!pool || !compare_.error.empty()) return;
    // SxS max pooling at stride S over the stride-1 output, S the layer's own stride.
    Config p = other;
    p.op = Op::max_pool2d;
    p.input = {compare_.output.h, compare_.output.w};
    p.fill = Fill::custom;
    p.x = compare_.output.data;
    // [Channels and groups] the pool reads every output channel of the conv; the same one is walked.
    p.channels.in_channels = compare_.output.c;
    p.channels.out_channels = compare_.output.c;
    p.channels.groups = 1;
    p.channels.in_channel = -1;
    p.kernel = config().stride;
    p.kernel_preset = "ones";  // any size: a pool has no weights (a 3x3 preset would resize it)
    p.stride = config().stride;
    p.pad_preset = PadPreset::custom;
    p.padding = {};
    p.dilation = {1, 1};
    p.ceil_mode = false;
    p.lesson.clear();
    pooled_.set_config(p);
}

const Lesson& Player::driver() const {
    const Lesson& other = config().compare_with == CompareWith::pool ? pooled_ : compare_;
    return other.steps() > lesson_.steps() ? other : lesson_;
}

int Player::walk_steps() const {
    if (config().view == View::compare) return driver().steps();
    return lesson_.steps();
}

int Player::step_of(const Lesson& l) const {
    const int last = std::max(l.steps() - 1, 0);
    if (config().view != View::compare) return std::min(config().step, last);
    // Against pooling: the strided layer and the pool walk their outputs in lockstep; the stride-1
    // layer under the pool is shown whole.
    if (config().compare_with == CompareWith::pool) return &l == &compare_ ? last : std::min(config().step, last);
    const Lesson& d = driver();
    if (&l == &d || l.steps() == 0 || d.steps() == 0) return std::min(config().step, last);
    // The window origin the longer walk has reached; both walks share padding, so origins compare.
    const auto [oy, ox] = d.tap_position(config().step, 0, 0);
    const AxisGeometry& rows = l.shape.rows;
    const AxisGeometry& cols = l.shape.cols;
    const int row = std::clamp((oy + rows.pad_before) / rows.stride, 0, rows.output - 1);
    const bool same_row = rows.tap_input(row, 0) == oy;
    const int col = same_row ? std::clamp((ox + cols.pad_before) / cols.stride, 0, cols.output - 1) : cols.output - 1;
    return l.cell_step(row, col);
}

bool Player::aligned() const {
    if (config().view != View::compare || config().compare_with == CompareWith::pool) return true;
    const Lesson& d = driver();
    const Lesson& other = &d == &lesson_ ? compare_ : lesson_;
    if (other.steps() == 0 || d.steps() == 0) return false;
    return d.tap_position(config().step, 0, 0) == other.tap_position(step_of(other), 0, 0);
}

bool Player::hidden() const {
    if (config().predict == Predict::off || config().view != View::walk || lesson_.steps() == 0) return false;
    return revealed_revision_ != lesson_.revision || config().step > max_revealed_;
}

void Player::reveal() {
    if (revealed_revision_ != lesson_.revision) max_revealed_ = -1;
    revealed_revision_ = lesson_.revision;
    max_revealed_ = std::max(max_revealed_, config().step);
    changed_ = true;
}

Verdict Player::predict_value(const std::string& typed) {
    if (!hidden()) return prediction_;
    const Question q = make_question(QuestionKind::output_value, config(), config().step);
    prediction_ = check_answer(q, typed);
    if (prediction_.understood) reveal();
    return prediction_;
}

Verdict Player::predict_window(int row, int col) {
    if (!hidden()) return prediction_;
    const auto t = lesson_.trace(config().step);
    if (!t.ok()) return prediction_;
    const int y = t.value.origin_y, x = t.value.origin_x;
    prediction_ = Verdict{};
    prediction_.correct = row == y && col == x;
    const Lang lang = config().lang;
    prediction_.feedback = prediction_.correct
                               ? trf(lang, "Correct: the window starts at input {0}.", {position_text(config(), y, x)})
                               : trf(lang, "Not quite: the window starts at input {0}, not {1}.",
                                     {position_text(config(), y, x), position_text(config(), row, col)});
    reveal();
    return prediction_;
}

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
        if (current_step() >= walk_steps() - 1 || hidden())  // a prediction waits for the student
            pause();
        else
            step(1);
    }
}

}  // namespace strideconv::teach
