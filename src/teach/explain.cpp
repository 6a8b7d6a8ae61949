// explain.cpp -- the lab's sentences (see explain.hpp). Standard C++ only.
#include "teach/explain.hpp"

#include <algorithm>
#include <cstdint>

#include "base/number_text.hpp"
#include "base/text.hpp"
#include "teach/transposed.hpp"
#include "teach/channels.hpp"

namespace strideconv::teach {

using base::size_text;

std::string reach_sentence(const ConvShape& g, Lang lang) {
    std::string reach;
    if (g.rows.dropped_input || g.cols.dropped_input) {
        std::string dropped;
        if (g.rows.dropped_input) dropped += trp(lang, "{0} last row|{0} last rows", g.rows.dropped_input);
        if (g.rows.dropped_input && g.cols.dropped_input) dropped += ", ";
        if (g.cols.dropped_input) dropped += trp(lang, "{0} last column|{0} last columns", g.cols.dropped_input);
        reach = trf(lang, "Dropped by the floor: {0}. ", {dropped});
    }
    return reach + trf(lang, "Never visited: {0} of {1} input cells.",
                       {number_text(lang, g.never_visited_cells()), number_text(lang, g.input_cells())});
}

namespace {

// "36 MACs" (conv2d) or "36 window reads" (pools).
std::string cost_text(int64_t macs, const Config& c) {
    return trf(c.lang, c.op == Op::conv2d ? "{0} MACs" : "{0} window reads", {number_text(c.lang, macs)});
}

// "Step 3 of 9: output (0, 2) from the window at input (0, 4)"
std::string step_head(const Lesson& l, int step, const CellIndex& cell, const CellTrace& t) {
    const Config& c = l.config();
    return trf(c.lang, "Step {0} of {1}: output {2} from the window at input {3}",
               {std::to_string(step + 1), std::to_string(l.steps()), position_text(c, cell.row, cell.col),
                position_text(c, t.origin_y, t.origin_x)});
}

}  // namespace

std::vector<Line> explanation(const Lesson& l, int step, Detail detail) {
    std::vector<Line> lines;
    const Config& c = l.config();
    if (c.op == Op::conv_transpose2d) return transposed_explanation(l, step, detail);  // teach/transposed.hpp
    if (!l.error.empty()) {
        lines.push_back({Line::error, true, trf(c.lang, "Nothing to walk: this layer is refused ({0}).", {say(c.lang, l.why)})});
        lines.push_back({Line::plain, true, trf(c.lang, "The output size per axis: {0}", {l.formula_symbols(true)})});
        return lines;
    }
    const auto trace = l.trace(step);
    if (trace.ok()) {
        const CellIndex cell = l.step_cell(step);
        lines.push_back({Line::plain, false, step_head(l, step, cell, trace.value)});
        lines.push_back({Line::window, true, step_arithmetic(c, trace.value)});
    }
    // [Channels and groups] which channels the walked filter sees, its partial sums, the layer's cost.
    for (std::string& text : channel_lines(l, step)) lines.push_back({Line::plain, true, std::move(text)});
    if (detail == Detail::compact) {
        lines.push_back({Line::plain, true, trf(c.lang, "Height: {0}", {l.formula(true)})});
        lines.push_back({Line::plain, true, trf(c.lang, "Width:  {0}", {l.formula(false)})});
        return lines;
    }
    const std::string symbols_h = l.formula_symbols(true), symbols_w = l.formula_symbols(false);
    // The formula's own text reads as PyTorch (C locale); the words around it are the language's.
    lines.push_back({Line::plain, true, trf(c.lang, "Height: {0}", {symbols_h.substr(symbols_h.find('=') + 2) + " = " + l.formula(true)})});
    lines.push_back({Line::plain, true, trf(c.lang, "Width:  {0}", {symbols_w.substr(symbols_w.find('=') + 2) + " = " + l.formula(false)})});

    const ConvShape& g = l.shape;
    lines.push_back({Line::plain, true, reach_sentence(g, c.lang)});

    const bool conv = c.op == Op::conv2d;
    const Lang lang = c.lang;
    const double cells = double(g.output_cells()) / double(std::max<int64_t>(g.input_cells(), 1));
    const std::string stride = std::to_string(c.stride[0]) + "x" + std::to_string(c.stride[1]);
    std::string cost = trf(lang, "Cost: {0}", {cost_text(g.macs, c)});
    if (c.stride[0] == 1 && c.stride[1] == 1) {
        cost += tr(lang, " (stride 1).");
    } else if (g.macs_stride1 == 0) {
        // A ceil_mode window wider than the padded input has no position at stride 1 (the core's
        // macs_stride1 is 0): PyTorch refuses that layer, so there is no ratio to give.
        cost += trf(lang, " at stride {0}; at stride 1 with the same padding the window would not fit (PyTorch refuses that layer).",
                    {stride});
    } else {
        cost += trf(lang, c.dilation != Pair{1, 1} ? " at stride {0}, {1} at stride 1 with the same padding and dilation: {2}\u00d7 fewer."
                                                   : " at stride {0}, {1} at stride 1 with the same padding: {2}\u00d7 fewer.",
                    {stride, number_text(lang, g.macs_stride1),
                     localize_number(lang, base::format_fixed(g.macs > 0 ? double(g.macs_stride1) / double(g.macs) : 0.0, 2))});
    }
    cost += trf(lang, " Output/input cells: {0}/{1} = {2}.",
                {number_text(lang, g.output_cells()), number_text(lang, g.input_cells()),
                 localize_number(lang, base::format_general(cells, 3))});
    if (conv) cost += tr(lang, " MACs count every kernel tap, padding zeros included; FLOPs are about 2 \u00d7 MACs.");
    lines.push_back({Line::plain, true, cost});
    return lines;
}

namespace {

// "2nd" (English), "2." (German), "2e" (French).
std::string ordinal(int k, Lang lang) {
    switch (lang) {
        case Lang::de: return std::to_string(k) + ".";
        case Lang::fr: return std::to_string(k) + (k == 1 ? "re" : "e");
        case Lang::en: break;
    }
    const char* suffix = k % 100 >= 11 && k % 100 <= 13 ? "th" : k % 10 == 1 ? "st" : k % 10 == 2 ? "nd" : k % 10 == 3 ? "rd" : "th";
    return std::to_string(k) + suffix;
}

}  // namespace

namespace {

// compare_with=pool: the stride-1 layer followed by max pooling, told as one side.
std::vector<Line> pooled_side(const Player& p) {
    std::vector<Line> lines;
    const Lesson& conv = p.compare();
    const Lesson& pool = p.pooled();
    if (!conv.error.empty() || !pool.error.empty()) {
        lines.push_back({Line::error, true, trf(p.config().lang, "stride 1, then max pool: refused: {0}",
                                                {say(p.config().lang, conv.error.empty() ? pool.why : conv.why)})});
        return lines;
    }
    const Config& pc = pool.config();
    const Lang lang = pc.lang;
    lines.push_back({Line::plain, false,
                     trf(lang, "stride 1 ({0} outputs, {1}), then {2} max pool: {3} outputs, {4} window reads",
                         {number_text(lang, conv.steps()), cost_text(conv.macs(), conv.config()), size_text(pc.kernel),
                          number_text(lang, pool.steps()), number_text(lang, pool.macs())})});
    const int step = p.step_of(pool);
    const auto t = pool.trace(step);
    if (!t.ok()) return lines;
    const CellIndex cell = pool.step_cell(step);
    lines.push_back({Line::plain, true,
                     trf(lang, "Step {0} of {1}: pooled output {2} keeps the largest stride-1 output of the block at {3}",
                         {std::to_string(step + 1), std::to_string(pool.steps()), position_text(pc, cell.row, cell.col),
                          position_text(pc, t.value.origin_y, t.value.origin_x)})});
    lines.push_back({Line::window, true, step_arithmetic(pc, t.value)});
    return lines;
}

}  // namespace

std::vector<Line> compare_side(const Player& p, const Lesson& l) {
    if (&l == &p.pooled() || (p.config().compare_with == CompareWith::pool && &l == &p.compare())) return pooled_side(p);
    std::vector<Line> lines;
    const Config& c = l.config();
    const std::string name = trf(c.lang, "stride {0}", {size_text(c.stride)});
    if (!l.error.empty()) {
        lines.push_back({Line::error, true, trf(c.lang, "{0}: refused: {1}", {name, say(c.lang, l.why)})});
        return lines;
    }
    const int step = p.step_of(l), last = l.steps() - 1;
    const auto [ly, lx] = l.tap_position(last, 0, 0);
    const auto [oy, ox] = p.lesson().steps() >= p.compare().steps() ? p.lesson().tap_position(p.current_step(), 0, 0)
                                                                    : p.compare().tap_position(p.current_step(), 0, 0);
    const bool done = step == last && (oy > ly || (oy == ly && ox >= lx));
    lines.push_back({Line::plain, false, trf(c.lang, "{0}: {1} steps, {2}", {name, number_text(c.lang, l.steps()), cost_text(l.macs(), c)}) +
                                             (done ? tr(c.lang, "  (done)") : "")});
    const auto t = l.trace(step);
    if (!t.ok()) return lines;
    const CellIndex cell = l.step_cell(step);
    const bool here = t.value.origin_y == oy && t.value.origin_x == ox;
    std::string head = step_head(l, step, cell, t.value);
    if (!here && p.config().compare_with == CompareWith::stride)
        head += trf(c.lang, "; no window of this stride starts at {0}", {position_text(c, oy, ox)});
    lines.push_back({Line::plain, true, head});
    lines.push_back({Line::window, true, step_arithmetic(c, t.value)});
    return lines;
}

std::vector<Line> compare_explanation(const Player& p) {
    std::vector<Line> lines;
    const Lesson& a = p.lesson();
    const Lesson& b = p.compare();
    if (!a.error.empty() || !b.error.empty()) return lines;
    if (p.config().compare_with == CompareWith::pool) {
        const Lesson& pool = p.pooled();
        if (!pool.error.empty()) return lines;
        const Config& ca = a.config();
        const int64_t weights = int64_t(ca.kernel[0]) * ca.kernel[1];
        const Lang lang = ca.lang;
        const std::string ratio =
            localize_number(lang, base::format_fixed(a.macs() > 0 ? double(b.macs()) / double(a.macs()) : 0.0, 2));
        lines.push_back({Line::plain, true,
                         trf(lang, "Stride {0}: {1} output, {2}, {3} learned weights. Stride 1 then {4} max pool: {5} output, "
                                   "{6} ({7}\u00d7 as many) and {8} window reads, the same {3} weights: the pool learns none.",
                             {size_text(ca.stride), size_text({a.output.h, a.output.w}), cost_text(a.macs(), ca),
                              number_text(lang, weights), size_text(pool.config().kernel),
                              size_text({pool.output.h, pool.output.w}), cost_text(b.macs(), b.config()), ratio,
                              number_text(lang, pool.macs())})});
        if (a.output.h == pool.output.h && a.output.w == pool.output.w) {
            int agree = 0;
            for (size_t k = 0; k < a.output.data.size(); ++k) agree += a.output.data[k] == pool.output.data[k];
            lines.push_back({Line::plain, true,
                             trf(lang, "Stride {0} keeps the first stride-1 output of each block; max pooling keeps the "
                                       "largest. Here they agree at {1} of {2} cells.",
                                 {size_text(ca.stride), number_text(lang, agree),
                                  number_text(lang, static_cast<int64_t>(a.output.data.size()))})});
        }
        return lines;
    }
    const Config& ca = a.config();
    const Config& cb = b.config();
    const Lesson& more = a.macs() >= b.macs() ? a : b;
    const Lesson& fewer = &more == &a ? b : a;
    const Lang lang = ca.lang;
    const std::string ratio =
        localize_number(lang, base::format_fixed(fewer.macs() > 0 ? double(more.macs()) / double(fewer.macs()) : 0.0, 2));
    lines.push_back({Line::plain, true,
                     trf(lang, "Stride {0}: {1} output, {2}. Stride {3}: {4} output, {5}. Stride {6} needs {7}\u00d7 fewer.",
                         {size_text(ca.stride), size_text({a.output.h, a.output.w}), cost_text(a.macs(), ca),
                          size_text(cb.stride), size_text({b.output.h, b.output.w}), cost_text(b.macs(), cb),
                          size_text(fewer.config().stride), ratio})});
    // When one stride divides the other on both axes, the coarser walk is every k-th window of the
    // finer one: its output is the finer output kept at every k-th row and column.
    const Config& fine = ca.stride[0] <= cb.stride[0] ? ca : cb;
    const Config& coarse = &fine == &ca ? cb : ca;
    if (const auto k = subsample_factor(fine, coarse))
        lines.push_back({Line::plain, true,
                         trf(lang, "Every window of stride {0} is a window of stride {1}: its output is the stride-{1} "
                                   "output kept at every {2} row and every {3} column (marked), computed without the "
                                   "windows in between.",
                             {size_text(coarse.stride), size_text(fine.stride), ordinal((*k)[0], lang),
                              ordinal((*k)[1], lang)})});
    return lines;
}

namespace {

std::string totals_text(const PaddingSolution& s, Lang lang) {
    std::string t = std::to_string(s.min_total);
    for (int p = s.min_total + 1; p <= s.max_total; ++p) t += (p == s.max_total ? tr(lang, " or ") : ", ") + std::to_string(p);
    return trf(lang, "total padding {0}", {t});
}

}  // namespace

SolvedPadding solve_for_output(const Config& c, Pair wanted) {
    SolvedPadding r;
    r.config = c;
    const char* names[2] = {tr(c.lang, "Rows"), tr(c.lang, "Columns")};
    int before[2] = {}, after[2] = {};
    for (int a = 0; a < 2; ++a) {
        const auto s = solve_padding(c.input[a], c.kernel[a], c.stride[a], c.dilation[a], wanted[a]);
        if (!s.ok()) {
            r.sentence = trf(c.lang, "{0}: {1}.", {names[a], say(c.lang, s.why)});
            return r;
        }
        before[a] = s.value.before;
        after[a] = s.value.after;
        r.sentence += std::string(a ? " " : "") +
                      trf(c.lang, "{0}: {1} gives {2} (the floor absorbs the rest); the smallest, {3}, split {4} + {5}.",
                          {names[a], totals_text(s.value, c.lang), std::to_string(wanted[a]),
                           std::to_string(s.value.min_total), std::to_string(before[a]), std::to_string(after[a])});
    }
    r.ok = true;
    r.config.pad_preset = PadPreset::custom;
    r.config.padding = {before[0], after[0], before[1], after[1]};
    return r;
}

SolvedPadding tensorflow_same(const Config& c) {
    const Pair wanted{(c.input[0] + c.stride[0] - 1) / c.stride[0], (c.input[1] + c.stride[1] - 1) / c.stride[1]};
    SolvedPadding r = solve_for_output(c, wanted);
    r.sentence = trf(c.lang, "TensorFlow's SAME: output ceil(input / stride) = {0}, the odd pixel after. ", {size_text(wanted)}) +
                 r.sentence;
    return r;
}

std::optional<Pair> subsample_factor(const Config& fine, const Config& coarse) {
    if (fine.stride == coarse.stride) return std::nullopt;
    for (int a = 0; a < 2; ++a)
        if (coarse.stride[a] < fine.stride[a] || coarse.stride[a] % fine.stride[a] != 0) return std::nullopt;
    return Pair{coarse.stride[0] / fine.stride[0], coarse.stride[1] / fine.stride[1]};
}

std::vector<Line> canvas_explanation(const Player& p) {
    const Config& c = p.config();
    if (c.view == View::compare) return compare_explanation(p);
    std::vector<Line> lines = explanation(p.lesson(), c.step, c.embed ? Detail::compact : Detail::full);
    if (c.predict == Predict::off || c.view != View::walk || lines.size() < 2 || !p.lesson().error.empty()) return lines;
    const Lesson& l = p.lesson();
    if (p.hidden()) {
        // The step and its arithmetic give the answer away: a question takes their place.
        const CellIndex cell = l.step_cell(c.step);
        lines[0] = {Line::window, true,
                    trf(c.lang,
                        c.predict == Predict::value
                            ? "Step {0} of {1}: predict the value the window writes at output {2}, then check it (or reveal it)."
                            : "Step {0} of {1}: where does the window for output {2} start? Click its top-left cell on the "
                              "input (padding counts).",
                        {std::to_string(c.step + 1), std::to_string(l.steps()), position_text(c, cell.row, cell.col)})};
        lines.erase(lines.begin() + 1);
    } else if (!p.prediction().feedback.empty()) {
        lines.insert(lines.begin(), {p.prediction().correct ? Line::window : Line::error, true, p.prediction().feedback});
    }
    return lines;
}

std::string quiz_score_line(int question_number, int correct, int asked, Lang lang) {
    return trf(lang, "Question {0}   (score {1} of {2})",
               {std::to_string(question_number), std::to_string(correct), std::to_string(asked)});
}

std::string quiz_config_line(const Config& c) {
    const Pad4 pad = effective_padding(c);
    std::string s;
    if (c.op == Op::conv_transpose2d) {
        // PyTorch's padding of a transposed conv: cropped from both sides, one number per axis.
        s = trf(c.lang, "conv_transpose2d: input {0}, kernel {1}, stride {2}, padding {3} (cropped from each side), "
                        "output_padding {4}, dilation {5}",
                {size_text(c.input), size_text(c.kernel), size_text(c.stride), size_text({pad.top, pad.left}),
                 size_text(c.output_padding), size_text(c.dilation)});
    } else {
        s = trf(c.lang, "Input {0}, kernel {1}, stride {2}, padding top {3} bottom {4} left {5} right {6}, dilation {7}",
                {size_text(c.input), size_text(c.kernel), size_text(c.stride), std::to_string(pad.top),
                 std::to_string(pad.bottom), std::to_string(pad.left), std::to_string(pad.right), size_text(c.dilation)});
    }
    const ChannelConfig& ch = c.channels;
    if (ch.in_channels > 1 || ch.out_channels > 1)
        s += trf(c.lang, ", in_channels {0}, out_channels {1}, groups {2}",
                 {std::to_string(ch.in_channels), std::to_string(ch.out_channels), std::to_string(ch.groups)});
    return s + ".";
}

}  // namespace strideconv::teach
