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
#include <vector>

#include "teach/lesson.hpp"
#include "teach/scene.hpp"

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
    // conv_transpose2d (quiz=transposed)
    transposed_size,     // "HxW" of its output: (H - 1)S - 2P + D(K - 1) + output_padding + 1
    transposed_overlap,  // (input cell, kernel tap) pairs adding into one output cell
    transposed_macs,     // multiply-accumulates of the scatter: every input cell times the kernel
    // channels and groups (quiz=channels)
    filter_inputs,   // input channels one filter reads: C_in / groups
    params,          // weights and biases: C_out x C_in/groups x KH x KW + C_out
    channel_macs,    // multiply-accumulates over every filter and every channel it reads
};
constexpr int kQuestionKinds = 12;
const char* to_string(QuestionKind k);
// The kinds a topic asks, in the order a quiz cycles through them. quiz=stride (the default) has
// the first six, as every quiz before topics did, so older quiz links keep their questions.
std::vector<QuestionKind> topic_kinds(QuizTopic topic);
// Size questions are answered "HxW"; output_value with a number; the others with a whole number.
bool asks_size(QuestionKind k);

struct Question {
    QuestionKind kind = QuestionKind::output_size;
    Config config;         // what the question is about (drawn by the UI, without the answer)
    std::string prompt;    // one sentence
    std::string answer;    // canonical answer text, e.g. "2x2", "1", "36", "81"
    CellIndex cell;        // output_value: the cell asked about
    std::string explanation;  // the working, shown after an answer
};

// The question `index` of a quiz on `topic`: its kind, configuration and (for output_value and
// transposed_overlap) cell come from (seed, index), so a quiz link reproduces the same questions.
Question make_question(uint32_t seed, int index, int index_base = 0, QuizTopic topic = QuizTopic::stride,
                       Lang lang = Lang::en);
// A question of `kind` about `config`. output_value: the output cell of walk step `step`;
// transposed_overlap: output cell `step` in row-major order.
Question make_question(QuestionKind kind, const Config& config, int step = 0);

// What the quiz view draws for a conv_transpose2d question (the walk's scene would pad its input):
// the scatter's input and kernel and the output, hidden before the answer to a size or MAC
// question. The overlap question's cell is outlined; once answered, the output shows every cell's
// overlap count.
Scene transposed_quiz_scene(const Lesson& lesson, const Question& q, bool answered);

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
    QuizTopic topic = QuizTopic::stride;
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
