// explain.hpp -- the sentences the lab shows beside the grids: the current step and its
// arithmetic, the output-size formula per axis, what the floor drops, the cost against stride 1,
// and the headers of the compare and quiz views. Hosts get the same lines (getState), so a course
// page can show them as captions and tests can read them. Standard C++ only.
//
// Usage:
//   for (const teach::Line& line : teach::explanation(lesson, lesson.config().step)) ...
#pragma once

#include <string>
#include <vector>

#include "teach/lesson.hpp"
#include "teach/quiz.hpp"

namespace strideconv::teach {

struct Line {
    enum Style { plain, window, error } style = plain;  // window: about the current window
    bool wraps = true;  // a long line wraps (false: one line, e.g. the step header)
    std::string text;
};

// The explanation panel of the walk view at `step`.
std::vector<Line> explanation(const Lesson& lesson, int step);

// The header of one side of the compare view, e.g. "stride 2x2: 4 steps, 36 MACs  (done)".
std::string compare_header(const Lesson& lesson, int walk_step);

// The quiz's score line and the question's configuration as a sentence.
std::string quiz_score_line(int question_number, int correct, int asked);
std::string quiz_config_line(const Config& c);

}  // namespace strideconv::teach
