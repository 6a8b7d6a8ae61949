// explain.hpp -- the sentences the lab shows beside the grids: the current step and its
// arithmetic, the output-size formula per axis, what the floor drops, the cost against stride 1,
// and the headers of the compare and quiz views. Hosts get the same lines (getState), so a course
// page can show them as captions and tests can read them. Standard C++ only.
//
// Usage:
//   for (const teach::Line& line : teach::explanation(lesson, lesson.config().step)) ...
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "teach/lesson.hpp"
#include "teach/player.hpp"
#include "teach/quiz.hpp"

namespace strideconv::teach {

struct Line {
    enum Style { plain, window, error } style = plain;  // window: about the current window
    bool wraps = true;  // a long line wraps (false: one line, e.g. the step header)
    std::string text;
};

// The explanation panel of the walk view at `step`. Compact (embedded labs): the step, its
// arithmetic and the output size per axis with the numbers; full adds the formula in symbols, what
// the floor drops and the cost against stride 1.
enum class Detail { compact, full };
std::vector<Line> explanation(const Lesson& lesson, int step, Detail detail = Detail::full);

// What the windows never reach: "Dropped by the floor: 1 last row, 2 last columns. Never visited:
// 13 of 49 input cells." (the first sentence only when the floor drops something).
std::string reach_sentence(const ConvShape& shape, Lang lang = Lang::en);

// One side of the compare view at the player's step: its header ("stride 2x2: 4 steps, 36 MACs",
// "(done)" once the walk has passed its last window), its step and its arithmetic.
std::vector<Line> compare_side(const Player& player, const Lesson& side);
// Under both sides: their sizes and costs, and how the two outputs relate.
std::vector<Line> compare_explanation(const Player& player);
// When the coarser stride is a multiple of the finer on both axes (same layer otherwise), the
// coarser walk is every k-th window of the finer one: returns (k_rows, k_cols), else nothing.
std::optional<Pair> subsample_factor(const Config& fine, const Config& coarse);

// The padding that gives `wanted` output rows and columns (solve_padding per axis), applied to a
// copy of `c` as custom padding, with a sentence saying which totals work; or the reason none does.
struct SolvedPadding {
    bool ok = false;
    Config config;          // c with the smallest padding that gives `wanted`
    std::string sentence;   // e.g. "Rows: total padding 2 or 3 gives 4; the smallest, 2, split 1 + 1."
};
SolvedPadding solve_for_output(const Config& c, Pair wanted);
// TensorFlow's SAME (output ceil(input / stride), odd pixel after) as custom padding.
SolvedPadding tensorflow_same(const Config& c);

// What the canvas shows under the grids in the player's view (walk or compare; compact when
// embedded): the lines hosts get as getState().explanation.
std::vector<Line> canvas_explanation(const Player& player);

// The quiz's score line and the question's configuration as a sentence.
std::string quiz_score_line(int question_number, int correct, int asked, Lang lang = Lang::en);
std::string quiz_config_line(const Config& c);

}  // namespace strideconv::teach
