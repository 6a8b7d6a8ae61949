// describe.cpp -- the lab in words for screen readers (see describe.hpp). Standard C++ only.
#include "teach/describe.hpp"

#include <algorithm>
#include <vector>

#include "base/text.hpp"
#include "teach/channels.hpp"
#include "teach/explain.hpp"
#include "teach/transposed.hpp"

namespace strideconv::teach {

namespace {

// "row 4", "rows 4 to 6" (consecutive), "rows 4, 6 and 8" (dilation holes), in the lesson's
// index convention and language. `indices` is sorted and without repeats.
std::string index_list(const Config& c, const std::vector<int>& indices, bool rows) {
    if (indices.empty()) return "";
    if (indices.size() == 1) return trf(c.lang, rows ? "row {0}" : "column {0}", {index_number(c, indices[0])});
    bool consecutive = true;
    for (size_t k = 1; k < indices.size(); ++k) consecutive = consecutive && indices[k] == indices[k - 1] + 1;
    if (consecutive)
        return trf(c.lang, rows ? "rows {0} to {1}" : "columns {0} to {1}",
                   {index_number(c, indices.front()), index_number(c, indices.back())});
    std::string list;
    for (size_t k = 0; k < indices.size(); ++k) {
        if (k) list += k + 1 == indices.size() ? tr(c.lang, " and ") : ", ";
        list += index_number(c, indices[k]);
    }
    return trf(c.lang, rows ? "rows {0}" : "columns {0}", {list});
}

std::string cell_name(const Config& c, const char* grid, int row, int col) {
    // [Channels and groups] the grids show one plane: name its channel (filter) when there are several.
    const std::string g = grid, r = index_number(c, row), k = index_number(c, col);
    if (has_channels(c)) {
        if (g == "input")
            return trf(c.lang, "input channel {0} row {1}, column {2}", {std::to_string(c.channels.in_channel), r, k});
        if (g == "output")
            return trf(c.lang, "output channel {0} row {1}, column {2}", {std::to_string(c.channels.channel), r, k});
        return trf(c.lang, "kernel of filter {0} for input channel {1} row {2}, column {3}",
                   {std::to_string(c.channels.channel), std::to_string(c.channels.in_channel), r, k});
    }
    return trf(c.lang, g == "input" ? "input row {0}, column {1}" : g == "output" ? "output row {0}, column {1}"
                                                                                 : "kernel row {0}, column {1}",
               {r, k});
}

std::string describe_output(const Player& p, int row, int col) {
    const Lesson& l = p.lesson();
    const Config& c = l.config();
    const int step = l.cell_step(row, col);
    const auto trace = l.trace(step);
    if (!trace.ok()) return "";
    const CellTrace t = on_shown_channel(trace.value, c);  // the taps on the input plane drawn
    const bool current = step == c.step && c.view == View::walk;
    const bool hide_value = current && p.hidden() && c.predict == Predict::value;
    const bool hide_window = current && p.hidden() && c.predict == Predict::window;

    std::string s = cell_name(c, "output", row, col) + " = " +
                    (hide_value ? std::string(tr(c.lang, "hidden until you answer"))
                                : number(c.lang, l.output.at(c.channels.channel, row, col)));
    if (hide_window) {
        s += tr(c.lang, ": its window is hidden until you answer");
    } else {
        std::vector<int> rows, cols;
        int in_padding = 0;
        for (const Tap& tap : t.taps) {
            rows.push_back(tap.y);
            cols.push_back(tap.x);
            if (tap.y < 0 || tap.y >= l.input.h || tap.x < 0 || tap.x >= l.input.w) ++in_padding;
        }
        for (auto* v : {&rows, &cols}) {
            std::sort(v->begin(), v->end());
            v->erase(std::unique(v->begin(), v->end()), v->end());
        }
        s += trf(c.lang, ": window over input {0}, {1}", {index_list(c, rows, true), index_list(c, cols, false)});
        if (in_padding > 0)
            s += trf(c.lang, "; {0} of its {1} taps in the padding",
                     {std::to_string(in_padding), std::to_string(t.taps.size())});
    }
    s += trf(c.lang, " (step {0} of {1})", {std::to_string(step + 1), std::to_string(l.steps())});
    if (!hide_value && !hide_window) s += ". " + step_arithmetic(c, trace.value);
    return s;
}

std::string describe_input(const Lesson& l, int row, int col) {
    const Config& c = l.config();
    std::string s = cell_name(c, "input", row, col) + " = " + number(c.lang, l.input.at(c.channels.in_channel, row, col));
    switch (l.role(row, col)) {
    case CellRole::skipped:
        return s + tr(c.lang, ": never read; the stride (or the dilation) jumps over it");
    case CellRole::dropped:
        return s + tr(c.lang, ": never read; it lies after the last window (the floor drops it)");
    case CellRole::visited: break;
    }
    int reads = 0;
    const std::vector<int> steps = l.readers(row, col, &reads);
    const auto windows = static_cast<int64_t>(steps.size());
    s += trp(c.lang, ": read by {0} window|: read by {0} windows", windows);
    if (reads > static_cast<int>(steps.size()))
        s += trf(c.lang, ", {0} reads in all (padding copies it)", {std::to_string(reads)});
    constexpr size_t kListed = 6;
    std::string list;
    for (size_t k = 0; k < std::min(steps.size(), kListed); ++k) {
        if (k) list += k + 1 == std::min(steps.size(), kListed) && steps.size() <= kListed ? tr(c.lang, " and ") : ", ";
        list += std::to_string(steps[k] + 1);
    }
    if (steps.size() > kListed) list += trf(c.lang, " and {0} more", {std::to_string(steps.size() - kListed)});
    return s + trp(c.lang, " (step {1})| (steps {1})", windows, {list});
}

std::string describe_kernel(const Lesson& l, int row, int col) {
    const Config& c = l.config();
    const std::string name = cell_name(c, "kernel", row, col);
    switch (c.op) {
    case Op::conv2d: return name + trf(c.lang, ": weight {0}", {number(c.lang, l.config().w[shown_weight_index(c, row, col)])});
    case Op::max_pool2d: return name + tr(c.lang, ": a tap of the max pool's window (no weight: the largest value wins)");
    case Op::avg_pool2d: return name + tr(c.lang, ": a tap of the average pool's window (no weight: the values are averaged)");
    default: return name;
    }
}

// conv_transpose2d: what hovering the scatter's input, the kernel or the output shows
// (teach/transposed.hpp), its lines joined by semicolons.
std::string describe_transposed(const Lesson& l, Grid grid, int row, int col) {
    TransposedSceneOptions o;
    o.step = l.config().step;
    o.hover.kind = grid == Grid::input ? TransposedHover::input : grid == Grid::kernel ? TransposedHover::kernel
                                                                                        : TransposedHover::output;
    o.hover.row = row;
    o.hover.col = col;
    // The tooltip's lines as one sentence: "{0}; {1}" from the table (French: a no-break space before ';').
    std::string joined;
    for (const std::string& line : base::split(build_transposed_scene(l, o).tooltip, "\n"))
        joined = joined.empty() ? line : trf(l.config().lang, "{0}; {1}", {joined, line});
    return joined;
}

}  // namespace

std::string describe_cell(const Player& player, Grid grid, int row, int col) {
    const Lesson& l = player.lesson();
    if (!l.error.empty() || row < 0 || col < 0) return "";
    if (l.config().op == Op::conv_transpose2d) return describe_transposed(l, grid, row, col);
    switch (grid) {
    case Grid::input:
        return row < l.input.h && col < l.input.w ? describe_input(l, row, col) : "";
    case Grid::kernel:
        return row < l.config().kernel[0] && col < l.config().kernel[1] ? describe_kernel(l, row, col) : "";
    case Grid::output:
        return row < l.output.h && col < l.output.w ? describe_output(player, row, col) : "";
    }
    return "";
}

std::string describe_layer(const Lesson& l) {
    const Config& c = l.config();
    const Pad4 p = effective_padding(c);
    auto pair = [](Pair v) { return std::to_string(v[0]) + "x" + std::to_string(v[1]); };
    std::string s = trf(c.lang, "{0}: input {1}, kernel {2}, stride {3}, padding {4}, {5}, {6}, {7}",
                        {to_string(c.op), pair(c.input), pair(c.kernel), pair(c.stride), std::to_string(p.top),
                         std::to_string(p.bottom), std::to_string(p.left), std::to_string(p.right)});
    if (c.dilation != Pair{1, 1}) s += trf(c.lang, ", dilation {0}", {pair(c.dilation)});
    if (c.op == Op::conv_transpose2d) s += ", output_padding " + pair(c.output_padding);
    if (!l.error.empty()) return s + trf(c.lang, ". Refused: {0}", {say(c.lang, l.why)});
    const std::string output = std::to_string(l.output.h) + "x" + std::to_string(l.output.w);
    if (c.op == Op::conv_transpose2d)
        return s + trf(c.lang, l.walks_input() ? ": output {0} in {1} steps, one per input cell (the scatter)."
                                               : ": output {0} in {1} steps, one per output cell (the equivalent convolution).",
                       {output, std::to_string(l.steps())});
    return s + trp(c.lang, ": output {1} in {0} step. |: output {1} in {0} steps. ", l.steps(), {output}) +
           reach_sentence(l.shape, c.lang);
}

std::string describe_step(const Player& player) {
    const std::vector<Line> lines = canvas_explanation(player);
    if (lines.empty()) return "";
    std::string s = lines[0].text;
    if (lines.size() > 1 && lines[1].style == Line::window) s += ". " + lines[1].text;
    return s;
}

}  // namespace strideconv::teach
