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

std::string reach_sentence(const ConvShape& g) {
    std::string reach;
    if (g.rows.dropped_input || g.cols.dropped_input) {
        auto count = [](int n, const char* what) { return std::to_string(n) + " last " + what + (n > 1 ? "s" : ""); };
        reach = "Dropped by the floor: ";
        if (g.rows.dropped_input) reach += count(g.rows.dropped_input, "row");
        if (g.rows.dropped_input && g.cols.dropped_input) reach += ", ";
        if (g.cols.dropped_input) reach += count(g.cols.dropped_input, "column");
        reach += ". ";
    }
    return reach + "Never visited: " + std::to_string(g.never_visited_cells()) + " of " +
           std::to_string(g.input_cells()) + " input cells.";
}

std::vector<Line> explanation(const Lesson& l, int step, Detail detail) {
    std::vector<Line> lines;
    const Config& c = l.config();
    if (c.op == Op::conv_transpose2d) return transposed_explanation(l, step, detail);  // teach/transposed.hpp
    if (!l.error.empty()) {
        lines.push_back({Line::error, true, "Nothing to walk: this layer is refused (" + l.error + ")."});
        lines.push_back({Line::plain, true, "The output size per axis: " + l.formula_symbols(true)});
        return lines;
    }
    const auto trace = l.trace(step);
    if (trace.ok()) {
        const CellIndex cell = l.step_cell(step);
        lines.push_back({Line::plain, false,
                         "Step " + std::to_string(step + 1) + " of " + std::to_string(l.steps()) + ": output " +
                             position_text(c, cell.row, cell.col) + " from the window at input " +
                             position_text(c, trace.value.origin_y, trace.value.origin_x)});
        lines.push_back({Line::window, true, step_arithmetic(c, trace.value)});
    }
    // [Channels and groups] which channels the walked filter sees, its partial sums, the layer's cost.
    for (std::string& text : channel_lines(l, step)) lines.push_back({Line::plain, true, std::move(text)});
    if (detail == Detail::compact) {
        lines.push_back({Line::plain, true, "Height: " + l.formula(true)});
        lines.push_back({Line::plain, true, "Width:  " + l.formula(false)});
        return lines;
    }
    const std::string symbols_h = l.formula_symbols(true), symbols_w = l.formula_symbols(false);
    lines.push_back({Line::plain, true, "Height: " + symbols_h.substr(symbols_h.find('=') + 2) + " = " + l.formula(true)});
    lines.push_back({Line::plain, true, "Width:  " + symbols_w.substr(symbols_w.find('=') + 2) + " = " + l.formula(false)});

    const ConvShape& g = l.shape;
    lines.push_back({Line::plain, true, reach_sentence(g)});

    const bool conv = c.op == Op::conv2d;
    const char* unit = conv ? "MACs" : "window reads";
    const double cells = double(g.output_cells()) / double(std::max<int64_t>(g.input_cells(), 1));
    std::string cost = "Cost: " + std::to_string(g.macs) + " " + unit;
    if (c.stride[0] == 1 && c.stride[1] == 1) {
        cost += " (stride 1).";
    } else if (g.macs_stride1 == 0) {
        // A ceil_mode window wider than the padded input has no position at stride 1 (the core's
        // macs_stride1 is 0): PyTorch refuses that layer, so there is no ratio to give.
        cost += " at stride " + std::to_string(c.stride[0]) + "x" + std::to_string(c.stride[1]) +
                "; at stride 1 with the same padding the window would not fit (PyTorch refuses that layer).";
    } else {
        cost += " at stride " + std::to_string(c.stride[0]) + "x" + std::to_string(c.stride[1]) + ", " +
                std::to_string(g.macs_stride1) + " at stride 1 with the same padding" +
                (c.dilation != Pair{1, 1} ? " and dilation" : "") + ": " +
                base::format_fixed(g.macs > 0 ? double(g.macs_stride1) / double(g.macs) : 0.0, 2) + "\u00d7 fewer.";
    }
    cost += " Output/input cells: " + std::to_string(g.output_cells()) + "/" + std::to_string(g.input_cells()) +
            " = " + base::format_general(cells, 3) + ".";
    if (conv) cost += " MACs count every kernel tap, padding zeros included; FLOPs are about 2 \u00d7 MACs.";
    lines.push_back({Line::plain, true, cost});
    return lines;
}

namespace {

std::string ordinal(int k) {
    const char* suffix = k % 100 >= 11 && k % 100 <= 13 ? "th" : k % 10 == 1 ? "st" : k % 10 == 2 ? "nd" : k % 10 == 3 ? "rd" : "th";
    return std::to_string(k) + suffix;
}

std::string cost_text(int64_t macs, const Config& c) {
    return std::to_string(macs) + (c.op == Op::conv2d ? " MACs" : " window reads");
}

}  // namespace

namespace {

// compare_with=pool: the stride-1 layer followed by max pooling, told as one side.
std::vector<Line> pooled_side(const Player& p) {
    std::vector<Line> lines;
    const Lesson& conv = p.compare();
    const Lesson& pool = p.pooled();
    if (!conv.error.empty() || !pool.error.empty()) {
        lines.push_back({Line::error, true, "stride 1, then max pool: refused: " + (conv.error.empty() ? pool.error : conv.error)});
        return lines;
    }
    const Config& pc = pool.config();
    lines.push_back({Line::plain, false,
                     "stride 1 (" + std::to_string(conv.steps()) + " outputs, " + cost_text(conv.macs(), conv.config()) +
                         "), then " + size_text(pc.kernel) + " max pool: " + std::to_string(pool.steps()) + " outputs, " +
                         std::to_string(pool.macs()) + " window reads"});
    const int step = p.step_of(pool);
    const auto t = pool.trace(step);
    if (!t.ok()) return lines;
    const CellIndex cell = pool.step_cell(step);
    lines.push_back({Line::plain, true,
                     "Step " + std::to_string(step + 1) + " of " + std::to_string(pool.steps()) + ": pooled output " +
                         position_text(pc, cell.row, cell.col) + " keeps the largest stride-1 output of the block at " +
                         position_text(pc, t.value.origin_y, t.value.origin_x)});
    lines.push_back({Line::window, true, step_arithmetic(pc, t.value)});
    return lines;
}

}  // namespace

std::vector<Line> compare_side(const Player& p, const Lesson& l) {
    if (&l == &p.pooled() || (p.config().compare_with == CompareWith::pool && &l == &p.compare())) return pooled_side(p);
    std::vector<Line> lines;
    const Config& c = l.config();
    const std::string name = "stride " + size_text(c.stride);
    if (!l.error.empty()) {
        lines.push_back({Line::error, true, name + ": refused: " + l.error});
        return lines;
    }
    const int step = p.step_of(l), last = l.steps() - 1;
    const auto [ly, lx] = l.tap_position(last, 0, 0);
    const auto [oy, ox] = p.lesson().steps() >= p.compare().steps() ? p.lesson().tap_position(p.current_step(), 0, 0)
                                                                    : p.compare().tap_position(p.current_step(), 0, 0);
    const bool done = step == last && (oy > ly || (oy == ly && ox >= lx));
    lines.push_back({Line::plain, false, name + ": " + std::to_string(l.steps()) + " steps, " + cost_text(l.macs(), c) +
                                             (done ? "  (done)" : "")});
    const auto t = l.trace(step);
    if (!t.ok()) return lines;
    const CellIndex cell = l.step_cell(step);
    const bool here = t.value.origin_y == oy && t.value.origin_x == ox;
    std::string head = "Step " + std::to_string(step + 1) + " of " + std::to_string(l.steps()) + ": output " +
                       position_text(c, cell.row, cell.col) + " from the window at input " +
                       position_text(c, t.value.origin_y, t.value.origin_x);
    if (!here && p.config().compare_with == CompareWith::stride)
        head += "; no window of this stride starts at " + position_text(c, oy, ox);
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
        const std::string ratio = base::format_fixed(a.macs() > 0 ? double(b.macs()) / double(a.macs()) : 0.0, 2);
        lines.push_back({Line::plain, true,
                         "Stride " + size_text(ca.stride) + ": " + size_text({a.output.h, a.output.w}) + " output, " +
                             cost_text(a.macs(), ca) + ", " + std::to_string(weights) + " learned weights. Stride 1 then " +
                             size_text(pool.config().kernel) + " max pool: " +
                             size_text({pool.output.h, pool.output.w}) + " output, " + cost_text(b.macs(), b.config()) +
                             " (" + ratio + "\u00d7 as many) and " + std::to_string(pool.macs()) +
                             " window reads, the same " + std::to_string(weights) + " weights: the pool learns none."});
        if (a.output.h == pool.output.h && a.output.w == pool.output.w) {
            int agree = 0;
            for (size_t k = 0; k < a.output.data.size(); ++k) agree += a.output.data[k] == pool.output.data[k];
            lines.push_back({Line::plain, true,
                             "Stride " + size_text(ca.stride) + " keeps the first stride-1 output of each block; max "
                             "pooling keeps the largest. Here they agree at " + std::to_string(agree) + " of " +
                             std::to_string(a.output.data.size()) + " cells."});
        }
        return lines;
    }
    const Config& ca = a.config();
    const Config& cb = b.config();
    const Lesson& more = a.macs() >= b.macs() ? a : b;
    const Lesson& fewer = &more == &a ? b : a;
    const std::string ratio =
        base::format_fixed(fewer.macs() > 0 ? double(more.macs()) / double(fewer.macs()) : 0.0, 2);
    lines.push_back({Line::plain, true,
                     "Stride " + size_text(ca.stride) + ": " + size_text({a.output.h, a.output.w}) + " output, " +
                         cost_text(a.macs(), ca) + ". Stride " + size_text(cb.stride) + ": " +
                         size_text({b.output.h, b.output.w}) + " output, " + cost_text(b.macs(), cb) + ". Stride " +
                         size_text(fewer.config().stride) + " needs " + ratio + "\u00d7 fewer."});
    // When one stride divides the other on both axes, the coarser walk is every k-th window of the
    // finer one: its output is the finer output kept at every k-th row and column.
    const Config& fine = ca.stride[0] <= cb.stride[0] ? ca : cb;
    const Config& coarse = &fine == &ca ? cb : ca;
    if (const auto k = subsample_factor(fine, coarse))
        lines.push_back({Line::plain, true,
                         "Every window of stride " + size_text(coarse.stride) + " is a window of stride " +
                             size_text(fine.stride) + ": its output is the stride-" + size_text(fine.stride) +
                             " output kept at every " + ordinal((*k)[0]) + " row and every " + ordinal((*k)[1]) +
                             " column (marked), computed without the windows in between."});
    return lines;
}

namespace {

std::string totals_text(const PaddingSolution& s) {
    if (s.min_total == s.max_total) return "total padding " + std::to_string(s.min_total);
    std::string t = "total padding " + std::to_string(s.min_total);
    for (int p = s.min_total + 1; p <= s.max_total; ++p) t += (p == s.max_total ? " or " : ", ") + std::to_string(p);
    return t;
}

}  // namespace

SolvedPadding solve_for_output(const Config& c, Pair wanted) {
    SolvedPadding r;
    r.config = c;
    const char* names[2] = {"Rows", "Columns"};
    int before[2] = {}, after[2] = {};
    for (int a = 0; a < 2; ++a) {
        const auto s = solve_padding(c.input[a], c.kernel[a], c.stride[a], c.dilation[a], wanted[a]);
        if (!s.ok()) {
            r.sentence = std::string(names[a]) + ": " + s.error + ".";
            return r;
        }
        before[a] = s.value.before;
        after[a] = s.value.after;
        r.sentence += std::string(a ? " " : "") + names[a] + ": " + totals_text(s.value) + " gives " +
                      std::to_string(wanted[a]) + " (the floor absorbs the rest); the smallest, " +
                      std::to_string(s.value.min_total) + ", split " + std::to_string(before[a]) + " + " +
                      std::to_string(after[a]) + ".";
    }
    r.ok = true;
    r.config.pad_preset = PadPreset::custom;
    r.config.padding = {before[0], after[0], before[1], after[1]};
    return r;
}

SolvedPadding tensorflow_same(const Config& c) {
    const Pair wanted{(c.input[0] + c.stride[0] - 1) / c.stride[0], (c.input[1] + c.stride[1] - 1) / c.stride[1]};
    SolvedPadding r = solve_for_output(c, wanted);
    r.sentence = "TensorFlow's SAME: output ceil(input / stride) = " + size_text(wanted) + ", the odd pixel after. " +
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
        const std::string step = "Step " + std::to_string(c.step + 1) + " of " + std::to_string(l.steps()) + ": ";
        lines[0] = {Line::window, true,
                    c.predict == Predict::value
                        ? step + "predict the value the window writes at output " + position_text(c, cell.row, cell.col) +
                              ", then check it (or reveal it)."
                        : step + "where does the window for output " + position_text(c, cell.row, cell.col) +
                              " start? Click its top-left cell on the input (padding counts)."};
        lines.erase(lines.begin() + 1);
    } else if (!p.prediction().feedback.empty()) {
        lines.insert(lines.begin(), {p.prediction().correct ? Line::window : Line::error, true, p.prediction().feedback});
    }
    return lines;
}

std::string quiz_score_line(int question_number, int correct, int asked) {
    return "Question " + std::to_string(question_number) + "   (score " + std::to_string(correct) + " of " +
           std::to_string(asked) + ")";
}

std::string quiz_config_line(const Config& c) {
    const Pad4 pad = effective_padding(c);
    return "Input " + size_text(c.input) + ", kernel " + size_text(c.kernel) + ", stride " + size_text(c.stride) +
           ", padding top " + std::to_string(pad.top) + " bottom " + std::to_string(pad.bottom) + " left " +
           std::to_string(pad.left) + " right " + std::to_string(pad.right) + ", dilation " +
           size_text(c.dilation) + ".";
}

}  // namespace strideconv::teach
