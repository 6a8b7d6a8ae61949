// image_quiz.hpp -- questions about image mode: the size of a route's output, how many times fewer
// MACs stride needs, a pool's window reads, which stride-1 output a strided one is, the Nyquist
// limit of a stride, and which route a shift changes least. Every answer is computed by the image
// layer (plans, shift figures), never written down. Standard C++ only.
//
// Questions come from (seed, index), so the same seed asks the same questions natively and in the
// browser. Every sentence is in the lab's language (lang); the answer is the same in every language.
//
// Usage:
//   teach::ImageQuestion q = teach::make_image_question(7, 0);
//   teach::Verdict v = teach::check_image_answer(q, "128x128");   // v.correct, v.feedback
#pragma once

#include <cstdint>
#include <string>

#include "teach/quiz.hpp"
#include "teach/strings.hpp"

namespace strideconv::teach {

enum class ImageQuestionKind {
    route_size,          // "HxW" of a route's output
    macs_ratio,          // route 1 MACs / route 2 MACs, one decimal
    pool_reads,          // window reads of route 3's or 4's pool
    subsample_cell,      // route 2's (i, j) is route 1's (S i, S j): "row, col"
    nyquist_period,      // the shortest period a stride-S output can still show: 2 S
    least_shift_change,  // which of routes 2-5 a shift changes least (a route number)
};
constexpr int kImageQuestionKinds = 6;

struct ImageQuestion {
    ImageQuestionKind kind = ImageQuestionKind::route_size;
    std::string setting;      // the picture and layer as a sentence
    std::string prompt;       // the question
    std::string answer;       // canonical answer text: "128x128", "4.0", "65536", "4, 6", "4", "5"
    std::string explanation;  // the working, shown after an answer
};

// The setting, prompt and explanation in `lang`; the answer is the same text in every language.
ImageQuestion make_image_question(uint32_t seed, int index, Lang lang = Lang::en);

// Sizes: "128x128", "128 x 128", "128,128"; cells: "4, 6", "(4, 6)", "4 6"; numbers: "4", "4.0"
// (macs_ratio within 0.05).
// macs_ratio takes a decimal comma too ("3,9"). The feedback is in `lang`.
Verdict check_image_answer(const ImageQuestion& q, const std::string& typed, Lang lang = Lang::en);

// One question at a time with a score; an answer counts once per question.
struct ImageQuizSession {
    uint32_t seed = 1;
    int index = -1;  // -1: no question yet
    ImageQuestion question;
    bool answered = false;
    Verdict verdict;
    int asked = 0, correct = 0;
    Lang lang = Lang::en;
    std::string typed;  // the answer the verdict is about

    void next();
    Verdict answer(const std::string& answer_text);  // asks the first question if none was asked
    // Words the question (and the verdict shown) in `to`: the same question, the same score.
    void set_lang(Lang to);
};

}  // namespace strideconv::teach
