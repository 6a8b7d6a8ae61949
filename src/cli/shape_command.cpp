// shape_command.cpp -- `strideconv shape`: the output-size formula with the numbers substituted,
// per axis, and what the stride costs and saves. Every figure comes from the core's
// conv2d_shape() / axis_geometry(); this file only lays them out.
// Standard C++ only.
#include "cli/cli.hpp"

#include <sstream>

#include "base/number_text.hpp"

namespace strideconv::cli {

namespace {

// Output size of one axis with the numbers substituted, in the shape of the formula:
//   height: floor((5 + 0 + 0 - 3) / 2) + 1 = floor(2 / 2) + 1 = 2
void print_axis(std::ostream& out, const char* axis, const char* noun, const char* noun_plural,
                const AxisGeometry& g) {
    out << axis << ":";
    if (g.dilation > 1)
        out << " effective kernel " << g.dilation << " * (" << g.kernel << " - 1) + 1 = "
            << g.effective_kernel << ";";
    const char* rounding = g.ceil_mode ? "ceil" : "floor";
    out << " " << rounding << "((" << g.input << " + " << g.pad_before << " + " << g.pad_after
        << " - " << g.effective_kernel << ") / " << g.stride << ") + 1 = " << rounding << "("
        << g.span << " / " << g.stride << ") + 1";
    if (g.ceil_mode) {
        // PyTorch's ceil_mode rule: a last window that would start in the right padding is
        // dropped. Shown when it changed the answer.
        long long with_ceil = (static_cast<long long>(g.span) + g.stride - 1) / g.stride + 1;
        if (g.span < 0) with_ceil = 1;
        if (with_ceil != g.output)
            out << " = " << with_ceil << ", minus the last window (it would start in the padding)";
    }
    out << " = " << g.output << "\n";

    if (!g.ceil_mode)
        out << "  remainder of the floor: " << g.span << " mod " << g.stride << " = "
            << g.remainder << (g.remainder == 1 ? " position" : " positions")
            << " after the last window\n";
    else
        out << "  positions after the last window: " << g.remainder << "\n";

    std::vector<int> dropped, never;
    for (int i = g.input - g.dropped_input; i < g.input; ++i) dropped.push_back(i);
    for (int i = 0; i < g.input; ++i)
        if (g.uses[size_t(i)] == 0) never.push_back(i);
    out << "  dropped " << noun_plural << " (no window reaches them): "
        << (dropped.empty() ? "none"
                            : std::to_string(dropped.size()) + " (" +
                                  format_indices(dropped, noun, noun_plural) + ")")
        << "\n";
    out << "  never visited " << noun_plural << ": "
        << (never.empty() ? "none"
                          : std::to_string(g.never_visited) + " of " + std::to_string(g.input) +
                                " (" + format_indices(never, noun, noun_plural) + ")");
    if (never.size() > dropped.size()) out << ", some skipped between taps or windows";
    out << "\n";
}

std::string ratio_text(int64_t part, int64_t whole) {
    if (whole <= 0) return "";
    const double ratio = double(part) / double(whole);
    std::string text = "ratio " + base::format_general(ratio, 3);
    if (part > 0 && part < whole) text += " (" + base::format_general(double(whole) / double(part), 3) + "x fewer)";
    return text;
}

void print_totals(std::ostream& out, const LayerShape& s) {
    out << "never visited cells: " << format_count(s.never_visited_cells()) << " of "
        << format_count(s.input_cells()) << " per channel\n";
    out << (s.op == Op::conv2d ? "MACs" : "window reads") << ": " << format_count(s.macs);
    if (s.rows.stride != 1 || s.cols.stride != 1) {
        if (s.macs_stride1 > 0)
            out << " at this stride, " << format_count(s.macs_stride1) << " at stride 1 -- "
                << ratio_text(s.macs, s.macs_stride1);
        else
            out << " at this stride; at stride 1 the window does not fit (PyTorch refuses that layer)";
    }
    out << "\n";
}

int run_shape_into(const Args& args, std::ostream& out, std::ostream& err) {
    Result<LayerArgs> parsed = parse_layer_args(args, false);
    if (!parsed.ok()) return fail(err, parsed.error);
    const LayerArgs& a = parsed.value;
    Result<LayerShape> shape = layer_shape(a);
    if (!shape.ok()) return fail(err, shape.error);
    const LayerShape& s = shape.value;

    out << describe_layer(a) << "\n";
    out << "output: " << s.out_channels << " x " << s.rows.output << " x " << s.cols.output
        << " (channels x height x width)\n\n";
    print_axis(out, "height", "row", "rows", s.rows);
    print_axis(out, "width", "column", "columns", s.cols);
    out << "\n";
    print_totals(out, s);
    // shape allocates nothing of the layer's size; say when compute and explain would refuse it.
    if (auto over = check_budget(s); !over.empty())
        out << "too large to compute or explain: " << over << "\n";
    return kExitOk;
}

}  // namespace

// Output goes to a buffer first so a refused configuration prints nothing on stdout.
int run_shape(const Args& args, std::ostream& out, std::ostream& err) {
    std::ostringstream buffer;
    int status = run_shape_into(args, buffer, err);
    if (status == kExitOk) out << buffer.str();
    return status;
}

}  // namespace strideconv::cli
