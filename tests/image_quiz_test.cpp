// image_quiz_test.cpp -- image mode's questions (teach/image_quiz.hpp): every kind is asked, the
// answers agree with the output-size formula and the stride/subsample identity worked out here,
// the canonical answer and its other spellings are accepted, wrong ones are not, unreadable ones
// do not count, the same seed asks the same questions, and German and French ask them in their words.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "teach/image_quiz.hpp"

using namespace strideconv;
using namespace strideconv::teach;

TEST_CASE("image quiz: every kind, answers accepted in their spellings, wrong ones refused") {
    std::set<int> kinds;
    for (uint32_t seed = 1; seed <= 6; ++seed)
        for (int index = 0; index < 12; ++index) {
            CAPTURE(seed);
            CAPTURE(index);
            const ImageQuestion q = make_image_question(seed, index);
            kinds.insert(static_cast<int>(q.kind));
            CHECK_FALSE(q.setting.empty());
            CHECK_FALSE(q.prompt.empty());
            CHECK_FALSE(q.explanation.empty());
            CHECK(check_image_answer(q, q.answer).correct);
            CHECK(check_image_answer(q, "  " + q.answer + " ").correct);
            CHECK_FALSE(check_image_answer(q, "").understood);
            CHECK_FALSE(check_image_answer(q, "banana").understood);
            CHECK_FALSE(check_image_answer(q, "999999").correct);
            // The same question for the same seed and index.
            CHECK(make_image_question(seed, index).answer == q.answer);
        }
    CHECK(kinds.size() == size_t(kImageQuestionKinds));
}

TEST_CASE("image quiz: answers follow the formula, the identity and the Nyquist limit") {
    for (uint32_t seed = 1; seed <= 40; ++seed) {
        const ImageQuestion q = make_image_question(seed, 3);  // subsample_cell
        REQUIRE(q.kind == ImageQuestionKind::subsample_cell);
        // "... at row I, column J equals ..." and the setting's stride.
        const size_t row_at = q.prompt.find("row ") + 4, col_at = q.prompt.find("column ") + 7;
        const int i = std::stoi(q.prompt.substr(row_at)), j = std::stoi(q.prompt.substr(col_at));
        const int s = std::stoi(q.setting.substr(q.setting.find("stride ") + 7));
        CHECK(q.answer == std::to_string(i * s) + ", " + std::to_string(j * s));
        CHECK(check_image_answer(q, "(" + std::to_string(i * s) + " " + std::to_string(j * s) + ")").correct);

        const ImageQuestion n = make_image_question(seed, 4);  // nyquist_period
        REQUIRE(n.kind == ImageQuestionKind::nyquist_period);
        const int sn = std::stoi(n.setting.substr(n.setting.find("stride ") + 7));
        CHECK(n.answer == std::to_string(2 * sn));
    }
    // Route 2's size by the formula floor((H + 2p - k) / S) + 1, worked out from the setting.
    int checked = 0;
    for (uint32_t seed = 1; seed <= 60; ++seed) {
        const ImageQuestion q = make_image_question(seed, 0);
        if (q.prompt.find("route 2,") == std::string::npos) continue;
        int h = 0, w = 0, k = 0, kk = 0, p = 0, s = 0;
        REQUIRE(std::sscanf(q.setting.c_str(), "A %dx%d picture", &h, &w) == 2);
        REQUIRE(std::sscanf(q.setting.c_str() + q.setting.find("; a ") + 4, "%dx%d kernel per channel, padding %d, stride %d",
                            &k, &kk, &p, &s) == 4);
        CHECK(q.answer == std::to_string((h + 2 * p - k) / s + 1) + "x" + std::to_string((w + 2 * p - k) / s + 1));
        ++checked;
    }
    CHECK(checked > 3);
}

TEST_CASE("image quiz: the route a shift changes least is the smallest figure listed, never plain stride") {
    for (uint32_t seed = 1; seed <= 4; ++seed) {
        const ImageQuestion q = make_image_question(seed, 5);
        REQUIRE(q.kind == ImageQuestionKind::least_shift_change);
        CAPTURE(q.explanation);
        int best = 0;
        double least = 1e300;
        for (int r = 2; r <= 5; ++r) {
            const size_t at = q.explanation.find("route " + std::to_string(r) + " ");
            REQUIRE(at != std::string::npos);
            const double change = std::stod(q.explanation.substr(at + 8));
            if (change < least) {
                least = change;
                best = r;
            }
        }
        CHECK(q.answer == std::to_string(best));
        CHECK(q.answer != "2");
    }
}

TEST_CASE("image quiz session: one count per question; unreadable answers do not count") {
    ImageQuizSession s;
    s.seed = 3;
    CHECK_FALSE(s.answer("").understood);
    CHECK(s.asked == 0);
    const std::string right = s.question.answer;
    CHECK(s.answer("nonsense words").understood == false);
    CHECK(s.answer(right).correct);
    CHECK(s.answer(right).correct);
    CHECK(s.asked == 1);
    CHECK(s.correct == 1);
    s.next();
    CHECK(s.index == 1);
    CHECK_FALSE(s.answered);
    s.answer("1");
    CHECK(s.asked == 2);
}

TEST_CASE("image quiz in German and French: every sentence worded, the same question and answer") {
    for (const Lang lang : {Lang::de, Lang::fr}) {
        CAPTURE(to_string(lang));
        clear_untranslated();
        for (int index = 0; index < kImageQuestionKinds; ++index) {
            CAPTURE(index);
            const ImageQuestion en = make_image_question(5, index);
            const ImageQuestion q = make_image_question(5, index, lang);
            CHECK(q.kind == en.kind);
            CHECK(q.answer == en.answer);
            // Worded in the language: not the English sentence, and no English words of it.
            CHECK(q.setting != en.setting);
            CHECK(q.prompt != en.prompt);
            CHECK(q.explanation != en.explanation);
            for (const char* english_stage : {"max pool:", "avg pool:", "blur:"})  // the formulas' stages too
                CHECK(q.explanation.find(english_stage) == std::string::npos);
            for (const char* english_word : {"What ", "How many", "picture", "route", "Route", "kernel per channel", "Moving"})
                CHECK(q.prompt.find(english_word) == std::string::npos);
            CHECK(check_image_answer(q, q.answer, lang).correct);
            const Verdict wrong = check_image_answer(q, "999999", lang);
            CHECK(wrong.feedback.find("Not quite") == std::string::npos);
            CHECK_FALSE(check_image_answer(q, "banana", lang).feedback.rfind("Answer", 0) == 0);
        }
        const std::vector<std::string> missing = untranslated();
        for (const std::string& m : missing) MESSAGE(m);
        CHECK(missing.empty());
    }
    // MACs ratios as the language writes them: "4,0" in German, and typed so it is understood.
    const ImageQuestion ratio = make_image_question(5, 1, Lang::de);
    REQUIRE(ratio.kind == ImageQuestionKind::macs_ratio);
    std::string comma = ratio.answer;
    std::replace(comma.begin(), comma.end(), '.', ',');
    CHECK(check_image_answer(ratio, comma, Lang::de).correct);
    CHECK(check_image_answer(ratio, comma, Lang::de).feedback.find(comma) != std::string::npos);
    CHECK(check_image_answer(ratio, ratio.answer, Lang::en).feedback.find(ratio.answer) != std::string::npos);
}

TEST_CASE("image quiz session: a language switch words the question and the verdict again, score kept") {
    ImageQuizSession s;
    s.seed = 3;
    s.next();
    const std::string english = s.question.prompt;
    REQUIRE(s.question.kind == ImageQuestionKind::route_size);  // index 0
    s.answer("1x1");
    REQUIRE(s.verdict.understood);
    REQUIRE_FALSE(s.verdict.feedback.empty());
    CHECK_FALSE(s.verdict.correct);
    const int asked = s.asked;
    s.set_lang(Lang::fr);
    CHECK(s.question.prompt != english);
    CHECK(s.question.prompt == make_image_question(3, s.index, Lang::fr).prompt);
    CHECK(s.verdict.feedback.find("Pas tout") != std::string::npos);
    CHECK(s.asked == asked);
    s.set_lang(Lang::en);
    CHECK(s.question.prompt == english);
    CHECK(s.verdict.feedback.rfind("Not quite", 0) == 0);
}
