// quiz.hpp -- questions a student answers about a strided convolution, with checking and an
// explanation built from the same formula the lesson shows. Standard C++ only.
//
// Questions are generated from (seed, index), so a quiz link reproduces the same questions.
//
// Usage:
//   teach::Question q = teach::make_question(42, 0);
//   teach::Verdict v = teach::check_answer(q, "2x2");   // v.correct, v.feedback
#pragma once

#include <cstdint>
#include <string>

#include "teach/lesson.hpp"

namespace strideconv::teach {

// One question per set of cells, so no question mixes two of them: rows after the last window
// (dropped by the floor) are not rows between windows (skipped by the stride or dilation), and
// either kind is "never read".
enum class QuestionKind {
    output_size,     // "HxW" of the feature map
    dropped_rows,    // input rows after the last window: the floor's remainder, minus padding
    skipped_rows,    // input rows before the last window's end that no window reads
    never_visited,   // input cells no window reads at all (dropped or skipped)
    macs,            // multiply-accumulates of the layer, padding taps included
    output_value,    // the value of one output cell
};
constexpr int kQuestionKinds = 6;
const char* to_string(QuestionKind k);

struct Question {
    QuestionKind kind = QuestionKind::output_size;
    Config config;         // what the question is about (drawn by the UI, without the answer)
    std::string prompt;    // one sentence
    std::string answer;    // canonical answer text, e.g. "2x2", "1", "36", "81"
    CellIndex cell;        // output_value: the cell asked about
    std::string explanation;  // the working, shown after an answer
};

// The question `index` of a quiz: its kind, configuration and (for output_value) cell come from
// (seed, index), so a quiz link reproduces the same questions.
Question make_question(uint32_t seed, int index, int index_base = 0, Lang lang = Lang::en);
// A question of `kind` about `config` (output_value: the output cell of walk step `step`).
Question make_question(QuestionKind kind, const Config& config, int step = 0);

struct Verdict {
    bool correct = false;
    bool understood = true;  // false: the answer could not be read (feedback says what to type)
    std::string feedback;
};

// Accepts "2x2", "2 x 2", "2,2", "2 2" for sizes; integers or decimals elsewhere.
Verdict check_answer(const Question& q, const std::string& typed);

// A quiz in progress: the current question, its lesson (drawn without the answer) and the score.
// An answer counts once per question; answers that cannot be read do not count.
struct QuizSession {
    uint32_t seed = 1;
    int index_base = 0;  // rows and columns in questions counted from 0 or 1
    Lang lang = Lang::en;  // the language of the questions (speak() changes it)
    int index = -1;  // -1: no question yet
    Question question;
    Lesson lesson;
    bool answered = false;
    Verdict verdict;
    int asked = 0, correct = 0;

    std::string typed;  // the last answer given
    void next();
    Verdict answer(const std::string& answer_text);  // asks the first question if none was asked
    // The current question, its working and the verdict's feedback in `language` from now on.
    void speak(Lang language);
};

}  // namespace strideconv::teach
