// quiz_test.cpp -- quiz questions: deterministic; hand-computed cases for every kind; answers over
// many seeds checked against an independent computation from the core (its op output and its
// per-cell traces), never against the lesson fields that produced the question; tolerant but
// strict answer parsing; prompts that name one set of rows each.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "teach/quiz.hpp"
#include "teach/url.hpp"

using namespace strideconv;
using teach::Question;
using teach::QuestionKind;

namespace {

// What the core itself says about a configuration, from conv2d's output and every cell's trace.
struct CoreFacts {
    int out_h = 0, out_w = 0;
    int dropped_rows = 0, skipped_rows = 0;
    long never_read_cells = 0, macs = 0;
    Tensor output;
};

CoreFacts core_facts(const teach::Config& c) {
    const Tensor x = [&] {
        Tensor t = Tensor::zeros(1, c.input[0], c.input[1]);
        t.data = c.x;
        return t;
    }();
    Weight w = Weight::zeros(1, 1, c.kernel[0], c.kernel[1]);
    w.data = c.w;
    Conv2dOptions o;
    o.stride = c.stride;
    o.dilation = c.dilation;
    o.padding = Padding::sides(c.padding.top, c.padding.bottom, c.padding.left, c.padding.right);
    const std::vector<float> bias{c.bias};
    auto y = conv2d(x, w, &bias, o);
    REQUIRE(y.ok());
    CoreFacts f;
    f.output = y.value;
    f.out_h = y.value.h;
    f.out_w = y.value.w;
    std::set<int> rows_reached;
    std::set<std::pair<int, int>> cells_read;
    int last_row = -1000;
    for (int oy = 0; oy < f.out_h; ++oy)
        for (int ox = 0; ox < f.out_w; ++ox) {
            auto t = trace_conv2d(x, w, &bias, o, {0, oy, ox});
            REQUIRE(t.ok());
            f.macs += static_cast<long>(t.value.taps.size());
            for (const Tap& tap : t.value.taps) {
                rows_reached.insert(tap.y);
                last_row = std::max(last_row, tap.y);
                if (tap.source == TapSource::input) cells_read.insert({tap.y, tap.x});
            }
        }
    for (int y = 0; y < c.input[0]; ++y) {
        if (y > last_row) ++f.dropped_rows;
        else if (!rows_reached.count(y)) ++f.skipped_rows;
    }
    f.never_read_cells = long(c.input[0]) * c.input[1] - static_cast<long>(cells_read.size());
    return f;
}

std::string expected_answer(const Question& q, const CoreFacts& f) {
    switch (q.kind) {
        case QuestionKind::output_size: return std::to_string(f.out_h) + "x" + std::to_string(f.out_w);
        case QuestionKind::dropped_rows: return std::to_string(f.dropped_rows);
        case QuestionKind::skipped_rows: return std::to_string(f.skipped_rows);
        case QuestionKind::never_visited: return std::to_string(f.never_read_cells);
        case QuestionKind::macs: return std::to_string(f.macs);
        case QuestionKind::output_value: return teach::format_number(f.output.at(0, q.cell.row, q.cell.col));
        default: break;  // the transposed and channel kinds: their own cases below
    }
    return {};
}

// What the core says about a transposed or grouped question's layer: its op's output size, the
// trace of the cell asked about (the (input cell, kernel tap) pairs scattering into it), and
// counts from the tensors' own dimensions.
std::string core_answer(const Question& q) {
    const teach::Config& c = q.config;
    const teach::ChannelConfig& ch = c.channels;
    Tensor x = Tensor::zeros(ch.in_channels, c.input[0], c.input[1]);
    x.data = c.x;
    if (c.op == Op::conv_transpose2d) {
        Weight w = Weight::zeros(1, 1, c.kernel[0], c.kernel[1]);
        w.data = c.w;
        const ConvTranspose2dOptions o = teach::conv_transpose_options(c);
        const std::vector<float> bias{c.bias};
        const auto y = conv_transpose2d(x, w, &bias, o);
        REQUIRE(y.ok());
        switch (q.kind) {
            case QuestionKind::transposed_size: return std::to_string(y.value.h) + "x" + std::to_string(y.value.w);
            case QuestionKind::transposed_overlap: {
                const auto t = trace_conv_transpose2d(x, w, &bias, o, {0, q.cell.row, q.cell.col});
                REQUIRE(t.ok());
                // The equivalent convolution's taps on input cells (the others read inserted zeros).
                return std::to_string(std::count_if(t.value.taps.begin(), t.value.taps.end(),
                                                    [](const Tap& tap) { return tap.source == TapSource::input; }));
            }
            case QuestionKind::transposed_macs: return std::to_string(x.h * x.w * w.kh * w.kw);
            default: return {};
        }
    }
    Weight w = Weight::zeros(ch.out_channels, ch.in_channels / ch.groups, c.kernel[0], c.kernel[1]);
    w.data = c.w;
    Conv2dOptions o;
    o.stride = c.stride;
    o.dilation = c.dilation;
    o.groups = ch.groups;
    o.padding = Padding::sides(c.padding.top, c.padding.bottom, c.padding.left, c.padding.right);
    const std::vector<float> bias(static_cast<size_t>(ch.out_channels), c.bias);
    const auto y = conv2d(x, w, &bias, o);
    REQUIRE(y.ok());
    switch (q.kind) {
        case QuestionKind::filter_inputs: return std::to_string(w.i);
        case QuestionKind::params: return std::to_string(w.data.size() + bias.size());
        case QuestionKind::channel_macs: {
            // Every output value's trace: its taps over every channel its filter reads.
            size_t taps = 0;
            for (int oc = 0; oc < y.value.c; ++oc)
                for (int oy = 0; oy < y.value.h; ++oy)
                    for (int ox = 0; ox < y.value.w; ++ox) {
                        const auto t = trace_conv2d(x, w, &bias, o, {oc, oy, ox});
                        REQUIRE(t.ok());
                        taps += t.value.taps.size();
                    }
            return std::to_string(taps);
        }
        default: return {};
    }
}

}  // namespace

TEST_CASE("questions are reproducible from (seed, index) and each topic covers its kinds") {
    using teach::QuizTopic;
    std::set<int> every;
    for (QuizTopic topic : {QuizTopic::stride, QuizTopic::transposed, QuizTopic::channels, QuizTopic::all}) {
        CAPTURE(std::string(teach::to_string(topic)));
        const std::vector<QuestionKind> wanted = teach::topic_kinds(topic);
        std::set<int> kinds;
        for (uint32_t seed : {1u, 2u, 99u})
            for (int i = 0; i < 30; ++i) {
                const Question a = teach::make_question(seed, i, 0, topic), b = teach::make_question(seed, i, 0, topic);
                CHECK(a.prompt == b.prompt);
                CHECK(a.answer == b.answer);
                CHECK(a.config == b.config);
                CHECK(std::find(wanted.begin(), wanted.end(), a.kind) != wanted.end());
                kinds.insert(static_cast<int>(a.kind));
                every.insert(static_cast<int>(a.kind));
            }
        CHECK(kinds.size() == wanted.size());
    }
    CHECK(every.size() == static_cast<size_t>(teach::kQuestionKinds));
    CHECK(teach::topic_kinds(QuizTopic::all).size() == static_cast<size_t>(teach::kQuestionKinds));
}

TEST_CASE("quiz=stride, the default, asks what every quiz asked before topics, so older quiz links keep their questions") {
    // Before topics the kind of question i was QuestionKind((i + seed) % 6), the six in this order.
    for (uint32_t seed : {1u, 5u})
        for (int i = 0; i < 12; ++i) {
            const Question q = teach::make_question(seed, i);
            CHECK(static_cast<int>(q.kind) == static_cast<int>((static_cast<uint32_t>(i) + seed) % 6));
            CHECK(q.config.op == Op::conv2d);
            CHECK(q.config.channels.in_channels == 1);
        }
    CHECK(teach::decode_query("view=quiz").config.quiz == teach::QuizTopic::stride);
    const teach::Decoded d = teach::decode_query("view=quiz&quiz=transposed");
    CHECK(d.config.quiz == teach::QuizTopic::transposed);
    CHECK(d.notices.empty());
    CHECK(teach::encode_query(d.config) == "view=quiz&quiz=transposed");
    const teach::Decoded bad = teach::decode_query("view=quiz&quiz=everything");
    CHECK(bad.config.quiz == teach::QuizTopic::stride);
    REQUIRE(bad.notices.size() == 1);
    CHECK(bad.notices[0].find("expected stride, transposed, channels or all") != std::string::npos);
}

TEST_CASE("hand-computed: the issue's transposed layer (4x4, kernel 3, stride 2, padding 1, output_padding 1)") {
    const teach::Config c =
        teach::decode_query("op=conv_transpose2d&input=4x4&kernel=3&stride=2&padding=1&output_padding=1").config;
    const Question size = teach::make_question(QuestionKind::transposed_size, c);
    CHECK(size.answer == "8x8");  // (4 - 1)2 - 2 + (3 - 1) + 1 + 1
    CHECK(size.explanation.find("(4 - 1)\u00b72 - 2\u00b71 + 1\u00b7(3 - 1) + 1 + 1 = 8") != std::string::npos);
    CHECK(teach::check_answer(size, "8 x 8").correct);
    // Output row o is stamped position o + 1: row 0 only by input row 0's tap 1; row 1 by input
    // row 0's tap 2 and input row 1's tap 0. Cell (1, 1): 2 x 2 pairs; (0, 0): 1; (0, 1): 2.
    CHECK(teach::make_question(QuestionKind::transposed_overlap, c, 0).answer == "1");
    CHECK(teach::make_question(QuestionKind::transposed_overlap, c, 1).answer == "2");
    const Question overlap = teach::make_question(QuestionKind::transposed_overlap, c, 9);  // row 1, column 1
    CHECK(overlap.cell.row == 1);
    CHECK(overlap.cell.col == 1);
    CHECK(overlap.answer == "4");
    CHECK(overlap.explanation.find("input row 0 with tap 2, input row 1 with tap 0 (2)") != std::string::npos);
    CHECK(overlap.explanation.find("from 1 to 4: uneven") != std::string::npos);
    CHECK(teach::make_question(QuestionKind::transposed_macs, c).answer == "144");  // 16 cells x 9 taps
}

TEST_CASE("hand-computed: a 4-channel input, 8 filters, groups 4, kernel 3 on 5x5") {
    const teach::Config c = teach::decode_query("input=5x5&kernel=3&in_channels=4&out_channels=8&groups=4").config;
    const Question reads = teach::make_question(QuestionKind::filter_inputs, c);
    CHECK(reads.answer == "1");
    CHECK(reads.explanation.find("4 input channels into 4 groups of 4 / 4 = 1") != std::string::npos);
    CHECK(teach::make_question(QuestionKind::params, c).answer == "80");         // 8 x 1 x 3 x 3 + 8
    CHECK(teach::make_question(QuestionKind::channel_macs, c).answer == "648");  // 3x3 outputs x 8 x 1 x 9
    const teach::Config standard = teach::decode_query("input=5x5&kernel=3&in_channels=4&out_channels=8").config;
    CHECK(teach::make_question(QuestionKind::params, standard).answer == "296");         // 8 x 4 x 9 + 8
    CHECK(teach::make_question(QuestionKind::channel_macs, standard).answer == "2592");  // 9 x 8 x 4 x 9
}

TEST_CASE("transposed and channel answers over many seeds agree with the core's ops and traces") {
    using teach::QuizTopic;
    for (QuizTopic topic : {QuizTopic::transposed, QuizTopic::channels}) {
        std::map<int, int> counted;
        int overlaps = 0, overlaps_above_one = 0;
        for (uint32_t seed : {1u, 7u, 1234u})
            for (int i = 0; i < 45; ++i) {
                const Question q = teach::make_question(seed, i, 0, topic);
                CAPTURE(seed);
                CAPTURE(i);
                CAPTURE(std::string(teach::to_string(q.kind)));
                CAPTURE(teach::encode_query(q.config));
                CHECK_FALSE(q.explanation.empty());
                const std::string want = core_answer(q);
                CHECK(q.answer == want);
                CHECK(teach::check_answer(q, want).correct);
                ++counted[static_cast<int>(q.kind)];
                if (q.kind == QuestionKind::transposed_overlap) {
                    ++overlaps;
                    if (q.answer != "1") ++overlaps_above_one;
                }
            }
        for (QuestionKind k : teach::topic_kinds(topic)) {
            CAPTURE(std::string(teach::to_string(k)));
            CHECK(counted[static_cast<int>(k)] >= 40);
        }
        // Overlap questions worth asking: most about a cell where stamps overlap.
        if (topic == QuizTopic::transposed) CHECK(overlaps_above_one * 2 > overlaps);
    }
}

TEST_CASE("hand-computed: 6x9 input, kernel 1, stride 2, padding 2, dilation 2 (rows 1, 3, 5 skipped, none dropped)") {
    // Padded rows 0..9; windows start at padded 0, 2, 4, 6, 8 = input rows -2, 0, 2, 4, 6: rows 0,
    // 2 and 4 are read; 1, 3 and 5 lie between windows; the last window (padding) ends after row 5.
    // Columns: padded 0..12, windows at input columns -2, 0, ..., 10: columns 0, 2, 4, 6, 8 read.
    const teach::Config c = teach::decode_query("input=6x9&kernel=1&stride=2&padding=2&dilation=2").config;
    CHECK(teach::make_question(QuestionKind::dropped_rows, c).answer == "0");
    CHECK(teach::make_question(QuestionKind::skipped_rows, c).answer == "3");
    CHECK(teach::make_question(QuestionKind::never_visited, c).answer == "39");  // 54 - 3 x 5
    CHECK(teach::make_question(QuestionKind::output_size, c).answer == "5x7");   // floor(9/2)+1, floor(12/2)+1
    CHECK(teach::make_question(QuestionKind::macs, c).answer == "35");          // 35 cells x 1 tap
    const Question skipped = teach::make_question(QuestionKind::skipped_rows, c);
    CHECK(skipped.explanation.find("Skipped: 1, 3 and 5") != std::string::npos);
}

TEST_CASE("hand-computed: the seed's 5x5 input, kernel 3, and the dropped row of a 6x6 input") {
    teach::Config c = *teach::lesson_config("seed-stride2");
    CHECK(teach::make_question(QuestionKind::output_size, c).answer == "2x2");
    CHECK(teach::make_question(QuestionKind::macs, c).answer == "36");
    CHECK(teach::make_question(QuestionKind::dropped_rows, c).answer == "0");
    CHECK(teach::make_question(QuestionKind::output_value, c, 3).answer == "171");  // 13+14+15+18+19+20+23+24+25
    CHECK(teach::make_question(QuestionKind::output_value, c, 0).answer == "63");
    c = *teach::lesson_config("dropped");
    CHECK(teach::make_question(QuestionKind::dropped_rows, c).answer == "1");     // row 5
    CHECK(teach::make_question(QuestionKind::never_visited, c).answer == "11");   // 36 - 5 x 5
    // 9x9, kernel 3, stride 3, padding 1: the remainder 2 is one input row and one padding row.
    c = teach::decode_query("input=9x9&kernel=3&stride=3&padding=1").config;
    const Question q = teach::make_question(QuestionKind::dropped_rows, c);
    CHECK(q.answer == "1");
    CHECK(q.explanation.find("2 padded row(s), of which 1 are input rows (8) and 1 are padding") != std::string::npos);
    // Kernel 2 at stride 3 on 7 rows: windows at rows 0 and 3 (a third at 6 would need row 7), so
    // row 2 is skipped between them and rows 5 and 6 come after the last one.
    c = *teach::lesson_config("skipped");
    CHECK(teach::make_question(QuestionKind::skipped_rows, c).answer == "1");
    CHECK(teach::make_question(QuestionKind::dropped_rows, c).answer == "2");
}

TEST_CASE("every answer over many seeds agrees with the core's own output and traces") {
    // quiz=stride's six kinds (the default topic).
    constexpr int kStrideKinds = 6;
    int counted[kStrideKinds] = {};
    int nonzero[kStrideKinds] = {};
    for (uint32_t seed : {1u, 7u, 1234u})
        for (int i = 0; i < 120; ++i) {
            const Question q = teach::make_question(seed, i);
            CAPTURE(seed);
            CAPTURE(i);
            CAPTURE(teach::to_string(q.kind));
            CHECK_FALSE(q.explanation.empty());
            const CoreFacts f = core_facts(q.config);
            CHECK(q.answer == expected_answer(q, f));
            CHECK(teach::check_answer(q, expected_answer(q, f)).correct);
            CHECK(teach::check_answer(q, "  " + q.answer + " ").correct);
            ++counted[static_cast<int>(q.kind)];
            if (q.answer != "0") ++nonzero[static_cast<int>(q.kind)];
        }
    for (int k = 0; k < kStrideKinds; ++k) {
        CHECK(counted[k] > 30);
        CHECK_MESSAGE(nonzero[k] * 2 > counted[k], "kind " << k << ": most answers should not be 0");
    }
}

TEST_CASE("each row question names one set: dropped (after the last window) or skipped (between windows)") {
    const Question dropped = teach::make_question(QuestionKind::dropped_rows, *teach::lesson_config("dropped"));
    CHECK(dropped.prompt.find("after the last window") != std::string::npos);
    CHECK(dropped.prompt.find("between") == std::string::npos);
    const Question skipped = teach::make_question(QuestionKind::skipped_rows, *teach::lesson_config("skipped"));
    CHECK(skipped.prompt.find("before the end of the last window") != std::string::npos);
    CHECK(skipped.prompt.find("dropped") == std::string::npos);
}

TEST_CASE("answer parsing: sizes in several spellings, junk refused with a hint") {
    Question q;
    q.kind = QuestionKind::output_size;
    q.answer = "2x3";
    for (const char* ok : {"2x3", "2 x 3", "2,3", "2 3", "2X3", "2*3"}) CHECK_MESSAGE(teach::check_answer(q, ok).correct, ok);
    CHECK_FALSE(teach::check_answer(q, "3x2").correct);
    CHECK(teach::check_answer(q, "3x2").understood);
    CHECK_FALSE(teach::check_answer(q, "2").understood);
    CHECK_FALSE(teach::check_answer(q, "2x3x4").understood);
    CHECK_FALSE(teach::check_answer(q, "").understood);

    q.kind = QuestionKind::macs;
    q.answer = "36";
    CHECK(teach::check_answer(q, "36").correct);
    CHECK_FALSE(teach::check_answer(q, "36.5").understood);
    CHECK_FALSE(teach::check_answer(q, "thirty-six").understood);
    CHECK_FALSE(teach::check_answer(q, "35").correct);

    q.kind = QuestionKind::output_value;
    q.answer = "-4.5";
    CHECK(teach::check_answer(q, "-4.5").correct);
    CHECK(teach::check_answer(q, "-4.50").correct);
    CHECK_FALSE(teach::check_answer(q, "4.5").correct);
    CHECK_FALSE(teach::check_answer(q, "nan").understood);
    CHECK_FALSE(teach::check_answer(q, "1e999").understood);
}
