// quiz.cpp -- question generation and checking (see quiz.hpp). Standard C++ only.
#include "teach/quiz.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "base/number_text.hpp"
#include "base/random.hpp"
#include "base/text.hpp"
#include "teach/channels.hpp"
#include "teach/transposed.hpp"

namespace strideconv::teach {

namespace {

// conv_transpose2d with numbers a student can work through: PyTorch's rule output_padding <
// max(stride, dilation) holds, and padding stays below the kernel's span.
Config random_transposed_config(base::Random& d) {
    Config c;
    c.op = Op::conv_transpose2d;
    c.input = {d.between(2, 5), d.between(2, 5)};
    const int k = d.between(1, 4);
    c.kernel = {k, d.between(0, 3) == 0 ? d.between(1, 4) : k};
    const int s = d.between(1, 3);
    c.stride = {s, d.between(0, 3) == 0 ? d.between(1, 3) : s};
    c.dilation = d.between(0, 5) == 0 ? Pair{2, 2} : Pair{1, 1};
    const int p = d.between(0, std::min(c.kernel[0], c.kernel[1]) - 1);
    c.padding = {p, p, p, p};
    for (int a = 0; a < 2; ++a)
        c.output_padding[a] = d.between(0, 2) == 0 ? d.between(0, std::max(c.stride[a], c.dilation[a]) - 1) : 0;
    c.fill = Fill::random;
    c.seed = d.next() % 1000;
    c.kernel_preset = "ones";
    return c;
}

// A grouped conv2d: channel counts with several divisors in common, so every groups setting from
// standard to depthwise comes up.
Config random_channels_config(base::Random& d) {
    static const int kIn[] = {2, 3, 4, 6, 8};
    static const int kOut[] = {2, 4, 6, 8, 12};
    Config c;
    c.input = {d.between(4, 7), d.between(4, 7)};
    const int k = d.between(1, 3);
    c.kernel = {k, k};
    const int s = d.between(1, 2);
    c.stride = {s, s};
    const int p = d.between(0, 2) == 0 ? 1 : 0;
    c.padding = {p, p, p, p};
    c.channels.in_channels = kIn[d.between(0, 4)];
    c.channels.out_channels = kOut[d.between(0, 4)];
    const std::vector<int> groups = valid_groups(c.channels.in_channels, c.channels.out_channels);
    c.channels.groups = groups[static_cast<size_t>(d.between(0, static_cast<int>(groups.size()) - 1))];
    c.fill = Fill::random;
    c.seed = d.next() % 1000;
    c.kernel_preset = "ones";
    return c;
}

bool about_transposed(QuestionKind k) {
    return k == QuestionKind::transposed_size || k == QuestionKind::transposed_overlap ||
           k == QuestionKind::transposed_macs;
}

bool about_channels(QuestionKind k) {
    return k == QuestionKind::filter_inputs || k == QuestionKind::params || k == QuestionKind::channel_macs;
}

Config random_config(base::Random& d, QuestionKind kind) {
    if (about_transposed(kind)) return random_transposed_config(d);
    if (about_channels(kind)) return random_channels_config(d);
    Config c;
    c.input = {d.between(4, 9), d.between(4, 9)};
    const int k = d.between(1, 4);
    c.kernel = {k, d.between(0, 3) == 0 ? d.between(1, 4) : k};
    const int s = d.between(1, 3);
    c.stride = {s, d.between(0, 3) == 0 ? d.between(1, 3) : s};
    const int p = d.between(0, 3) == 0 ? d.between(1, 2) : 0;
    c.padding = {p, p, p, p};
    c.dilation = d.between(0, 5) == 0 ? Pair{2, 2} : Pair{1, 1};
    c.fill = Fill::random;
    c.seed = d.next() % 1000;
    c.kernel_preset = "ones";
    if (kind == QuestionKind::skipped_rows && d.between(0, 2) > 0) {
        // Rows between windows need a stride larger than the window's span, or dilation.
        c.kernel[0] = d.between(1, 2);
        c.stride[0] = d.between(c.kernel[0] + 1, 4);
    }
    if (kind == QuestionKind::output_value) {
        // Small numbers a student can add up by hand.
        c.input = {d.between(4, 6), d.between(4, 6)};
        c.kernel = {d.between(2, 3), d.between(2, 3)};
        c.dilation = {1, 1};
        if (c.kernel == Pair{3, 3} && d.between(0, 1) == 1) c.kernel_preset = "sobel_x";
    }
    return c;
}

// Input rows (0-based) in the three sets a question may ask about.
struct RowSets {
    std::vector<int> read, skipped, dropped;
};

RowSets row_sets(const AxisGeometry& g) {
    RowSets r;
    for (int y = 0; y < g.input; ++y) {
        if (g.uses[static_cast<size_t>(y)] > 0) r.read.push_back(y);
        else if (y >= g.input - g.dropped_input) r.dropped.push_back(y);
        else r.skipped.push_back(y);
    }
    return r;
}

// The (input index, kernel tap) pairs of one transposed axis that land on output index `o`, as
// "input row 1 with tap 2, input row 2 with tap 0".
std::string landing_text(const Config& c, const TransposedAxis& a, int o, bool rows) {
    std::string s;
    for (int i = 0; i < a.input; ++i)
        for (int k = 0; k < a.kernel; ++k)
            if (a.canvas_of(i, k) == o + a.padding)
                s += (s.empty() ? "" : ", ") + trf(c.lang, rows ? "input row {0} with tap {1}" : "input column {0} with tap {1}",
                                                   {index_number(c, i), index_number(c, k)});
    return s.empty() ? tr(c.lang, "none") : s;
}

std::string list_text(const Config& c, const std::vector<int>& v) {
    if (v.empty()) return tr(c.lang, "none");
    std::string s;
    for (size_t k = 0; k < v.size(); ++k) s += (k == 0 ? "" : k + 1 == v.size() ? tr(c.lang, " and ") : ", ") + index_number(c, v[k]);
    return s;
}

bool interesting(QuestionKind kind, const Lesson& l) {
    const RowSets rows = row_sets(l.shape.rows);
    switch (kind) {
        case QuestionKind::dropped_rows: return l.shape.rows.remainder > 0;
        case QuestionKind::skipped_rows: return !rows.skipped.empty();
        case QuestionKind::never_visited: return l.shape.never_visited_cells() > 0;
        case QuestionKind::transposed_overlap: return transposed_walk(l).overlap_max > 1;
        case QuestionKind::filter_inputs: return l.config().channels.groups > 1;
        default: return true;
    }
}

}  // namespace

const char* to_string(QuestionKind k) {
    switch (k) {
        case QuestionKind::output_size: return "output_size";
        case QuestionKind::dropped_rows: return "dropped_rows";
        case QuestionKind::skipped_rows: return "skipped_rows";
        case QuestionKind::never_visited: return "never_visited";
        case QuestionKind::macs: return "macs";
        case QuestionKind::output_value: return "output_value";
        case QuestionKind::transposed_size: return "transposed_size";
        case QuestionKind::transposed_overlap: return "transposed_overlap";
        case QuestionKind::transposed_macs: return "transposed_macs";
        case QuestionKind::filter_inputs: return "filter_inputs";
        case QuestionKind::params: return "params";
        case QuestionKind::channel_macs: return "channel_macs";
    }
    return "output_size";
}

std::vector<QuestionKind> topic_kinds(QuizTopic topic) {
    using K = QuestionKind;
    const std::vector<K> stride = {K::output_size, K::dropped_rows, K::skipped_rows,
                                   K::never_visited, K::macs, K::output_value};
    const std::vector<K> transposed = {K::transposed_size, K::transposed_overlap, K::transposed_macs};
    const std::vector<K> channels = {K::filter_inputs, K::params, K::channel_macs};
    switch (topic) {
        case QuizTopic::stride: return stride;
        case QuizTopic::transposed: return transposed;
        case QuizTopic::channels: return channels;
        case QuizTopic::all: break;
    }
    // Taken in turn from each topic, so a short quiz meets all three.
    std::vector<K> all;
    for (size_t i = 0; i < stride.size(); ++i) {
        all.push_back(stride[i]);
        if (i % 2 == 0) all.push_back(transposed[i / 2]);
        if (i % 2 == 1) all.push_back(channels[i / 2]);
    }
    return all;
}

bool asks_size(QuestionKind k) { return k == QuestionKind::output_size || k == QuestionKind::transposed_size; }

Question make_question(uint32_t seed, int index, int index_base, QuizTopic topic, Lang lang) {
    // The quiz's own seeding of the shared generator, so a quiz seed keeps its questions.
    base::Random d = base::Random::from_state(((seed + 7919u * static_cast<uint32_t>(index)) * 2654435761u) ^ 0x5bd1e995u);
    for (int k = 0; k < 4; ++k) d.next();
    const std::vector<QuestionKind> kinds = topic_kinds(topic);
    const QuestionKind kind = kinds[(static_cast<uint32_t>(index) + seed) % kinds.size()];
    Lesson l;
    for (int attempt = 0; attempt < 100; ++attempt) {
        l.set_config(random_config(d, kind));
        if (l.error.empty() && (interesting(kind, l) || attempt > 20)) break;
    }
    if (!l.error.empty()) l.set_config(*lesson_config("seed-stride2"));  // cannot happen in practice
    int step = 0;
    if (kind == QuestionKind::output_value) step = static_cast<int>(d.next() % static_cast<uint32_t>(l.steps()));
    if (kind == QuestionKind::transposed_overlap) {
        // An output cell where more than one pair lands, when there is one.
        const TransposedWalk w = transposed_walk(l);
        std::vector<int> cells;
        for (int r = 0; r < w.rows.output; ++r)
            for (int col = 0; col < w.cols.output; ++col)
                if (w.overlap(r, col) > 1) cells.push_back(r * w.cols.output + col);
        const uint32_t n = static_cast<uint32_t>(std::max<size_t>(cells.size(), 1));
        const uint32_t pick = d.next() % n;
        step = cells.empty() ? static_cast<int>(d.next() % static_cast<uint32_t>(std::max(l.output.h * l.output.w, 1)))
                             : cells[pick];
    }
    Config c = l.config();
    c.index_base = index_base;
    c.lang = lang;
    return make_question(kind, c, step);
}

Question make_question(QuestionKind kind, const Config& config, int step) {
    Question q;
    q.kind = kind;
    Lesson l;
    l.set_config(config);
    if (!l.error.empty())
        l.set_config(*lesson_config(about_transposed(kind) ? "transposed-upsample"
                                    : about_channels(kind)  ? "channels"
                                                            : "seed-stride2"));
    q.config = l.config();
    const ConvShape& g = l.shape;
    const AxisGeometry& r = g.rows;
    const RowSets rows = row_sets(r);
    const Lang lang = q.config.lang;
    auto n = [](int64_t v) { return std::to_string(v); };
    std::string e;
    switch (q.kind) {
        case QuestionKind::output_size:
            q.prompt = tr(lang, "What is the size of the output (height x width)?");
            q.answer = std::to_string(r.output) + "x" + std::to_string(g.cols.output);
            e = trf(lang, "Height: {0}\nWidth: {1}", {l.formula(true), l.formula(false)});
            break;
        case QuestionKind::dropped_rows:
            q.prompt = tr(lang, "How many input rows come after the last window, so that no window reaches them "
                                "(dropped by the floor)?");
            q.answer = std::to_string(r.dropped_input);
            e = trf(lang, "Height: {0}", {l.formula(true)}) + "\n" +
                trf(lang, "The last window covers padded rows {0} to {1} of {2} to {3}. After it: {4} padded row(s), of "
                          "which {5} are input rows ({6}) and {7} are padding. Rows between windows are skipped, not "
                          "dropped: {8}.",
                    {index_number(q.config, r.window_start(r.output - 1)), index_number(q.config, r.last_window_end - 1),
                     index_number(q.config, 0), index_number(q.config, r.padded - 1), n(r.remainder), n(r.dropped_input),
                     list_text(q.config, rows.dropped), n(r.remainder - r.dropped_input),
                     list_text(q.config, rows.skipped)});
            break;
        case QuestionKind::skipped_rows:
            q.prompt = tr(lang, "How many input rows before the end of the last window does no window read "
                                "(skipped: the stride or the dilation jumps over them)?");
            q.answer = std::to_string(rows.skipped.size());
            e = trf(lang, "Windows start every {0} padded row(s) and read every {1} row(s) of their {2}. Input rows "
                          "read: {3}. Skipped: {4}. After the last window (dropped, not skipped): {5}.",
                    {n(r.stride), n(r.dilation), n(r.effective_kernel), list_text(q.config, rows.read),
                     list_text(q.config, rows.skipped), list_text(q.config, rows.dropped)});
            break;
        case QuestionKind::never_visited:
            q.prompt = tr(lang, "How many input cells does no window read at all (dropped or skipped)?");
            q.answer = std::to_string(g.never_visited_cells());
            e = trf(lang, "Rows read: {0} of {1}; columns read: {2} of {3}. Unread cells: {4} - {5} = {6}.",
                    {n(r.input - r.never_visited), n(r.input), n(g.cols.input - g.cols.never_visited), n(g.cols.input),
                     n(g.input_cells()), n(int64_t(r.input - r.never_visited) * (g.cols.input - g.cols.never_visited)),
                     n(g.never_visited_cells())});
            break;
        case QuestionKind::macs:
            q.prompt = tr(lang, "How many multiply-accumulates does this layer perform (one per kernel tap per output "
                                "cell, taps on padding included)?");
            q.answer = std::to_string(g.macs);
            e = trf(lang, "Output cells {0}x{1} = {2}, each a {3}x{4} window: {2} x {5} = {6} (stride 1 with the same "
                          "padding would need {7}).",
                    {n(r.output), n(g.cols.output), n(g.output_cells()), n(q.config.kernel[0]), n(q.config.kernel[1]),
                     n(q.config.kernel[0] * q.config.kernel[1]), n(g.macs), n(g.macs_stride1)});
            break;
        case QuestionKind::output_value: {
            step = std::clamp(step, 0, l.steps() - 1);
            q.cell = l.step_cell(step);
            q.config.step = step;
            q.prompt = trf(lang, "What value does the layer write at output row {0}, column {1} (counted from {2})?",
                           {index_number(q.config, q.cell.row), index_number(q.config, q.cell.col),
                            std::to_string(q.config.index_base)});
            auto t = l.trace(step);
            q.answer = base::format_display(t.ok() ? t.value.result : 0.0f, 4);
            if (t.ok())
                e = trf(lang, "Its window starts at input row {0}, column {1}: {2}",
                        {index_number(q.config, t.value.origin_y), index_number(q.config, t.value.origin_x),
                         step_arithmetic(q.config, t.value)});
            break;
        }
        case QuestionKind::transposed_size: {
            const TransposedWalk w = transposed_walk(l);
            q.prompt = tr(lang, "conv_transpose2d: what is the size of the output (height x width)?");
            q.answer = base::size_text({w.rows.output, w.cols.output});
            // The formula reads as PyTorch's documentation writes it, in every language.
            e = "(H - 1)\u00b7S - 2\u00b7P + D\u00b7(K - 1) + output_padding + 1\n" +
                trf(lang, "Height: {0}\nWidth: {1}", {transposed_formula(w.rows, true), transposed_formula(w.cols, false)}) +
                "\n" +
                tr(lang, "Each input cell stamps the kernel S cells further on; the padding is cropped from both sides of "
                         "the stamped area and output_padding adds rows or columns back at the bottom or right.");
            break;
        }
        case QuestionKind::transposed_overlap: {
            const TransposedWalk w = transposed_walk(l);
            const int cols = std::max(w.cols.output, 1);
            step = std::clamp(step, 0, std::max(w.rows.output * w.cols.output - 1, 0));
            q.cell = CellIndex{0, step / cols, step % cols};
            q.prompt = trf(lang,
                           "conv_transpose2d: how many (input cell, kernel tap) pairs add into output row {0}, column {1} "
                           "(counted from {2})?",
                           {index_number(q.config, q.cell.row), index_number(q.config, q.cell.col),
                            std::to_string(q.config.index_base)});
            const int along_rows = w.rows.overlap[static_cast<size_t>(q.cell.row)];
            const int along_cols = w.cols.overlap[static_cast<size_t>(q.cell.col)];
            q.answer = std::to_string(along_rows * along_cols);
            e = trf(lang, "Input row i's tap k lands on output row i\u00b7{0} + k\u00b7{1} - {2}.",
                    {n(w.rows.stride), n(w.rows.dilation), n(w.rows.padding)}) +
                trf(lang, " Onto row {0}: {1} ({2}). Onto column {3}: {4} ({5}). Pairs: {2} x {5} = {6}.",
                    {index_number(q.config, q.cell.row), landing_text(q.config, w.rows, q.cell.row, true), n(along_rows),
                     index_number(q.config, q.cell.col), landing_text(q.config, w.cols, q.cell.col, false), n(along_cols),
                     q.answer}) +
                trf(lang,
                    w.overlap_min == w.overlap_max
                        ? " Across the output the counts run from {0} to {1}: even."
                        : " Across the output the counts run from {0} to {1}: uneven, the checkerboard of a kernel the "
                          "stride does not divide.",
                    {n(w.overlap_min), n(w.overlap_max)});
            break;
        }
        case QuestionKind::transposed_macs: {
            q.prompt = tr(lang, "conv_transpose2d: how many multiply-accumulates does the scatter perform (every input "
                                "cell times every kernel tap, taps on cropped cells included)?");
            q.answer = std::to_string(g.macs);
            const int64_t cells = int64_t(q.config.input[0]) * q.config.input[1];
            const int taps = q.config.kernel[0] * q.config.kernel[1];
            e = trf(lang,
                    "Input cells {0} = {1}, each stamping a {2} kernel: {1} x {3} = {4}. The stride spreads the stamps "
                    "apart; it does not change their number.",
                    {base::size_text(q.config.input), n(cells), base::size_text(q.config.kernel), n(taps), n(g.macs)});
            break;
        }
        case QuestionKind::filter_inputs: {
            const ChannelConfig& ch = q.config.channels;
            const int per = channels_per_filter(ch, q.config.op);
            q.prompt = trf(lang, "in_channels {0}, out_channels {1}, groups {2}: how many input channels does each filter read?",
                           {n(ch.in_channels), n(ch.out_channels), n(ch.groups)});
            q.answer = std::to_string(per);
            e = trp(lang,
                    "groups={0} splits the {1} input channels into {0} group of {1} / {0} = {2}, and the {3} filters "
                    "into {0} group of {4}; a filter reads only its own group's channels ({5}: groups 1 is standard, "
                    "groups = in_channels is depthwise).|"
                    "groups={0} splits the {1} input channels into {0} groups of {1} / {0} = {2}, and the {3} filters "
                    "into {0} groups of {4}; a filter reads only its own group's channels ({5}: groups 1 is standard, "
                    "groups = in_channels is depthwise).",
                    ch.groups, {n(ch.in_channels), n(per), n(ch.out_channels), n(ch.out_channels / ch.groups),
                                tr(lang, groups_kind(ch))});
            break;
        }
        case QuestionKind::params: {
            const ChannelConfig& ch = q.config.channels;
            const LayerCost cost = layer_cost(l);
            const int per = channels_per_filter(ch, q.config.op);
            q.prompt = tr(lang, "How many parameters does this layer have (its weights plus one bias per filter)?");
            q.answer = std::to_string(cost.params);
            e = trf(lang,
                    "Weights: C_out x C_in/groups x KH x KW = {0} x {1} x {2} x {3} = {4}; biases: {5}. In all {4} + {5} = "
                    "{6}. The stride does not change the parameters, only how often they are used.",
                    {n(ch.out_channels), n(per), n(q.config.kernel[0]), n(q.config.kernel[1]), n(cost.weights),
                     n(cost.biases), n(cost.params)});
            break;
        }
        case QuestionKind::channel_macs: {
            const ChannelConfig& ch = q.config.channels;
            const int per = channels_per_filter(ch, q.config.op);
            q.prompt = tr(lang, "How many multiply-accumulates does this layer perform (every filter, every input channel "
                                "it reads, taps on padding included)?");
            q.answer = std::to_string(g.macs);
            e = trp(lang,
                    "Output {1} = {2} cells per filter, {3} filters, each tap reading {0} channel of a {4} window: "
                    "{2} x {3} x {0} x {5} = {6} (stride 1 with the same padding would need {7}).|"
                    "Output {1} = {2} cells per filter, {3} filters, each tap reading {0} channels of a {4} window: "
                    "{2} x {3} x {0} x {5} = {6} (stride 1 with the same padding would need {7}).",
                    per, {base::size_text({r.output, g.cols.output}), n(g.output_cells()), n(ch.out_channels),
                          base::size_text(q.config.kernel), n(q.config.kernel[0] * q.config.kernel[1]), n(g.macs),
                          n(g.macs_stride1)});
            break;
        }
    }
    q.explanation = e;
    return q;
}

Scene transposed_quiz_scene(const Lesson& lesson, const Question& q, bool answered) {
    Scene s;
    s.config = lesson.config();
    const bool overlap = q.kind == QuestionKind::transposed_overlap;
    Lesson shown;  // the same layer; the overlap counts come with the overlap view
    Config c = lesson.config();
    c.transposed_view = overlap ? TransposedView::overlap : TransposedView::scatter;
    shown.set_config(c);
    TransposedSceneOptions o;
    o.step = std::max(shown.steps() - 1, 0);  // every stamp made
    const TransposedScene t = build_transposed_scene(shown, o);
    s.error = t.error;
    s.input = t.input;
    s.kernel = t.kernel;
    s.output = t.output;
    if (!t.error.empty()) return s;
    if (overlap) {
        s.readers.push_back({q.cell.row, q.cell.col});
        for (int r = 0; r < s.output.rows; ++r)
            for (int col = 0; col < s.output.cols; ++col) {
                SceneCell& cell = s.output.cells[static_cast<size_t>(r * s.output.cols + col)];
                if (answered) {
                    const SceneCell& count = t.overlap.at(r + t.overlap.origin_row, col + t.overlap.origin_col);
                    cell.value = count.value;
                    cell.text = count.text;
                } else {
                    cell.mark = Mark::pending;
                    cell.text.clear();
                }
            }
        if (answered) {
            s.output.title = tr(s.config.lang, "Overlap: pairs per output cell");
            s.output.max_abs = t.overlap.max_abs;
        }
    } else if (!answered) {
        s.output.hidden = true;  // its size, or the work that fills it, is the answer
    }
    return s;
}

Verdict check_answer(const Question& q, const std::string& typed) {
    Verdict v;
    const Lang lang = q.config.lang;
    std::string s = base::trim(typed);
    // German and French write a decimal comma: "-3,5" is -3.5 there (a size's comma separates).
    if (lang != Lang::en && q.kind == QuestionKind::output_value) std::replace(s.begin(), s.end(), ',', '.');
    if (s.empty()) {
        v.understood = false;
        v.feedback = tr(lang, "Type an answer first.");
        return v;
    }
    if (asks_size(q.kind)) {
        // "2x3", "2 x 3", "2,3", "2*3", "2 3": two whole numbers, whatever stands between them.
        std::vector<std::string> parts = base::split(s, "xX,* \t");
        parts.erase(std::remove(parts.begin(), parts.end(), std::string()), parts.end());
        int64_t h = 0, w = 0;
        if (parts.size() != 2 ||
            base::parse_whole(parts[0], INT32_MIN, INT32_MAX, h) != base::WholeStatus::ok ||
            base::parse_whole(parts[1], INT32_MIN, INT32_MAX, w) != base::WholeStatus::ok) {
            v.understood = false;
            v.feedback = tr(lang, "Answer as height x width, e.g. 3x3.");
            return v;
        }
        v.correct = std::to_string(h) + "x" + std::to_string(w) == q.answer;
    } else if (q.kind == QuestionKind::output_value) {
        const std::optional<double> x = base::parse_double(s);
        if (!x || !std::isfinite(*x)) {
            v.understood = false;
            v.feedback = tr(lang, "Answer with a number, e.g. 12 or -3.5.");
            return v;
        }
        const double want = base::parse_double(q.answer).value_or(0.0);
        v.correct = std::fabs(*x - want) <= 1e-3 * std::max(1.0, std::fabs(want));
    } else {
        int64_t n = 0;
        if (base::parse_whole(s, INT64_MIN, INT64_MAX, n) != base::WholeStatus::ok) {
            v.understood = false;
            v.feedback = tr(lang, "Answer with a whole number.");
            return v;
        }
        v.correct = std::to_string(n) == q.answer;
    }
    const std::string answer = q.kind == QuestionKind::output_value ? localize_number(lang, q.answer) : q.answer;
    v.feedback = trf(lang, v.correct ? "Correct: {0}." : "Not quite: the answer is {0}.", {answer});
    return v;
}

void QuizSession::next() {
    index += 1;
    question = make_question(seed, index, index_base, topic, lang);
    lesson.set_config(question.config);
    answered = false;
    verdict = {};
}

void QuizSession::speak(Lang language) {
    lang = language;
    if (index < 0 || question.config.lang == lang) return;
    Config c = question.config;
    c.lang = lang;
    // The same question: output_value keeps its step in the config; transposed_overlap's cell is
    // given in row-major order over the output.
    int step = c.step;
    if (question.kind == QuestionKind::transposed_overlap)
        step = question.cell.row * std::max(transposed_walk(lesson).cols.output, 1) + question.cell.col;
    question = make_question(question.kind, c, step);
    lesson.set_config(question.config);  // its grid titles and layer line in the new language too
    if (!verdict.feedback.empty()) verdict.feedback = check_answer(question, typed).feedback;
}

Verdict QuizSession::answer(const std::string& answer_text) {
    if (index < 0) next();
    typed = answer_text;
    Verdict v = check_answer(question, typed);
    if (v.understood && !answered) {
        answered = true;
        asked += 1;
        if (v.correct) correct += 1;
    }
    verdict = v;
    return v;
}

}  // namespace strideconv::teach
