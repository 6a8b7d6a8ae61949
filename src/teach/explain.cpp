// explain.cpp -- the lab's sentences (see explain.hpp). Standard C++ only.
#include "teach/explain.hpp"

#include <algorithm>
#include <cstdint>

#include "base/number_text.hpp"

namespace strideconv::teach {

namespace {

std::string pair_text(Pair p) { return std::to_string(p[0]) + "x" + std::to_string(p[1]); }

}  // namespace

std::vector<Line> explanation(const Lesson& l, int step) {
    std::vector<Line> lines;
    const Config& c = l.config();
    if (!l.error.empty()) {
        lines.push_back({Line::plain, true, "Height: " + l.formula(true)});
        lines.push_back({Line::plain, true, "Width:  " + l.formula(false)});
        return lines;
    }
    const auto trace = l.trace(step);
    if (trace.ok()) {
        const CellIndex cell = l.step_cell(step);
        lines.push_back({Line::plain, false,
                         "Step " + std::to_string(step + 1) + " of " + std::to_string(l.steps()) + ": output (" +
                             std::to_string(cell.row) + ", " + std::to_string(cell.col) +
                             ") from the window at input (" + std::to_string(trace.value.origin_y) + ", " +
                             std::to_string(trace.value.origin_x) + ")"});
        lines.push_back({Line::window, true, step_arithmetic(c, trace.value)});
    }
    lines.push_back({Line::plain, true, "Height: " + l.formula(true)});
    lines.push_back({Line::plain, true, "Width:  " + l.formula(false)});

    const ConvShape& g = l.shape;
    std::string reach;
    if (g.rows.dropped_input || g.cols.dropped_input) {
        reach = "Dropped by the floor: ";
        if (g.rows.dropped_input) reach += std::to_string(g.rows.dropped_input) + " last row(s) ";
        if (g.cols.dropped_input) reach += std::to_string(g.cols.dropped_input) + " last column(s) ";
        reach += "  ";
    }
    reach += "Never visited: " + std::to_string(g.never_visited_cells()) + " of " +
             std::to_string(g.input_cells()) + " input cells";
    lines.push_back({Line::plain, false, reach});

    // At stride 1 a ceil_mode window wider than the padded input has no position (the core's
    // macs_stride1 is 0): PyTorch refuses that layer, so there is no ratio to give.
    std::string cost = "Cost: " + std::to_string(g.macs) + (c.op == Op::conv2d ? " MACs" : " window reads") +
                       " at stride " + pair_text(c.stride);
    if (g.macs_stride1 > 0)
        cost += " vs " + std::to_string(g.macs_stride1) + " at stride 1 (" +
                base::format_fixed(g.macs > 0 ? double(g.macs_stride1) / double(g.macs) : 0.0, 2) + "x fewer)";
    else
        cost += "; at stride 1 the window would not fit";
    cost += ";  output/input cells = " + std::to_string(g.output_cells()) + "/" + std::to_string(g.input_cells()) +
            " = " + base::format_general(double(g.output_cells()) / double(std::max<int64_t>(g.input_cells(), 1)), 3);
    lines.push_back({Line::plain, true, cost});
    return lines;
}

std::string compare_header(const Lesson& l, int walk_step) {
    const Config& c = l.config();
    if (!l.error.empty()) return "stride " + pair_text(c.stride) + ": refused: " + l.error;
    const bool done = walk_step >= l.steps() - 1 && l.steps() > 0;
    return "stride " + pair_text(c.stride) + ": " + std::to_string(l.steps()) + " steps, " +
           std::to_string(l.macs()) + " MACs" + (done ? "  (done)" : "");
}

std::string quiz_score_line(int question_number, int correct, int asked) {
    return "Question " + std::to_string(question_number) + "   (score " + std::to_string(correct) + " of " +
           std::to_string(asked) + ")";
}

std::string quiz_config_line(const Config& c) {
    const Pad4 pad = effective_padding(c);
    return "Input " + pair_text(c.input) + ", kernel " + pair_text(c.kernel) + ", stride " + pair_text(c.stride) +
           ", padding top " + std::to_string(pad.top) + " bottom " + std::to_string(pad.bottom) + " left " +
           std::to_string(pad.left) + " right " + std::to_string(pad.right) + ", dilation " +
           pair_text(c.dilation) + ".";
}

}  // namespace strideconv::teach
