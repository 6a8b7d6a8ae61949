// describe.cpp -- the lab in words for screen readers (see describe.hpp). Standard C++ only.
#include "teach/describe.hpp"

#include <algorithm>
#include <vector>

#include "teach/channels.hpp"
#include "teach/explain.hpp"
#include "teach/transposed.hpp"

namespace strideconv::teach {

namespace {

// "row 4", "rows 4 to 6" (consecutive), "rows 4, 6 and 8" (dilation holes), in the lesson's
// index convention. `indices` is sorted and without repeats.
std::string index_list(const Config& c, const std::vector<int>& indices, const char* one, const char* many) {
    if (indices.empty()) return "";
    if (indices.size() == 1) return std::string(one) + " " + index_number(c, indices[0]);
    bool consecutive = true;
    for (size_t k = 1; k < indices.size(); ++k) consecutive = consecutive && indices[k] == indices[k - 1] + 1;
    std::string s = std::string(many) + " ";
    if (consecutive) return s + index_number(c, indices.front()) + " to " + index_number(c, indices.back());
    for (size_t k = 0; k < indices.size(); ++k) {
        if (k) s += k + 1 == indices.size() ? " and " : ", ";
        s += index_number(c, indices[k]);
    }
    return s;
}

std::string cell_name(const Config& c, const char* grid, int row, int col) {
    // [Channels and groups] the grids show one plane: name its channel (filter) when there are several.
    std::string plane;
    if (has_channels(c)) {
        const std::string g = grid;
        plane = g == "input"    ? " channel " + std::to_string(c.channels.in_channel)
                : g == "output" ? " channel " + std::to_string(c.channels.channel)
                                : " of filter " + std::to_string(c.channels.channel) + " for input channel " +
                                      std::to_string(c.channels.in_channel);
    }
    return std::string(grid) + plane + " row " + index_number(c, row) + ", column " + index_number(c, col);
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
                    (hide_value ? std::string("hidden until you answer") : format_number(l.output.at(c.channels.channel, row, col)));
    if (hide_window) {
        s += ": its window is hidden until you answer";
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
        s += ": window over input " + index_list(c, rows, "row", "rows") + ", " + index_list(c, cols, "column", "columns");
        if (in_padding > 0)
            s += "; " + std::to_string(in_padding) + " of its " + std::to_string(t.taps.size()) + " taps in the padding";
    }
    s += " (step " + std::to_string(step + 1) + " of " + std::to_string(l.steps()) + ")";
    if (!hide_value && !hide_window) s += ". " + step_arithmetic(c, trace.value);
    return s;
}

std::string describe_input(const Lesson& l, int row, int col) {
    const Config& c = l.config();
    std::string s = cell_name(c, "input", row, col) + " = " + format_number(l.input.at(c.channels.in_channel, row, col));
    switch (l.role(row, col)) {
    case CellRole::skipped:
        return s + ": never read; the stride (or the dilation) jumps over it";
    case CellRole::dropped:
        return s + ": never read; it lies after the last window (the floor drops it)";
    case CellRole::visited: break;
    }
    int reads = 0;
    const std::vector<int> steps = l.readers(row, col, &reads);
    s += ": read by " + std::to_string(steps.size()) + (steps.size() == 1 ? " window" : " windows");
    if (reads > static_cast<int>(steps.size())) s += ", " + std::to_string(reads) + " reads in all (padding copies it)";
    constexpr size_t kListed = 6;
    s += steps.size() == 1 ? " (step " : " (steps ";
    for (size_t k = 0; k < std::min(steps.size(), kListed); ++k) {
        if (k) s += k + 1 == std::min(steps.size(), kListed) && steps.size() <= kListed ? " and " : ", ";
        s += std::to_string(steps[k] + 1);
    }
    if (steps.size() > kListed) s += " and " + std::to_string(steps.size() - kListed) + " more";
    return s + ")";
}

std::string describe_kernel(const Lesson& l, int row, int col) {
    const Config& c = l.config();
    const std::string name = cell_name(c, "kernel", row, col);
    switch (c.op) {
    case Op::conv2d: return name + ": weight " + format_number(l.config().w[shown_weight_index(c, row, col)]);
    case Op::max_pool2d: return name + ": a tap of the max pool's window (no weight: the largest value wins)";
    case Op::avg_pool2d: return name + ": a tap of the average pool's window (no weight: the values are averaged)";
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
    std::string joined;
    for (char ch : build_transposed_scene(l, o).tooltip) joined += ch == '\n' ? std::string("; ") : std::string(1, ch);
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
    std::string s = std::string(to_string(c.op)) + ": input " + pair(c.input) + ", kernel " + pair(c.kernel) +
                    ", stride " + pair(c.stride) + ", padding " + std::to_string(p.top) + ", " +
                    std::to_string(p.bottom) + ", " + std::to_string(p.left) + ", " + std::to_string(p.right);
    if (c.dilation != Pair{1, 1}) s += ", dilation " + pair(c.dilation);
    if (c.op == Op::conv_transpose2d) s += ", output_padding " + pair(c.output_padding);
    if (!l.error.empty()) return s + ". Refused: " + l.error;
    if (c.op == Op::conv_transpose2d)
        return s + ": output " + std::to_string(l.output.h) + "x" + std::to_string(l.output.w) + " in " +
               std::to_string(l.steps()) + (l.walks_input() ? " steps, one per input cell (the scatter)."
                                                            : " steps, one per output cell (the equivalent convolution).");
    return s + ": output " + std::to_string(l.output.h) + "x" + std::to_string(l.output.w) + " in " +
           std::to_string(l.steps()) + (l.steps() == 1 ? " step. " : " steps. ") + reach_sentence(l.shape);
}

std::string describe_step(const Player& player) {
    const std::vector<Line> lines = canvas_explanation(player);
    if (lines.empty()) return "";
    std::string s = lines[0].text;
    if (lines.size() > 1 && lines[1].style == Line::window) s += ". " + lines[1].text;
    return s;
}

}  // namespace strideconv::teach
