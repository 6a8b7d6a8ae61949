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
    std::string text = "ratio " + base::format_display(ratio, 3);
    if (part > 0 && part < whole) text += " (" + base::format_display(double(whole) / double(part), 3) + "x fewer)";
    return text;
}

void print_totals(std::ostream& out, const ConvShape& s, bool strided, const char* work_name,
                  int64_t work, int64_t work_stride1) {
    out << "never visited cells: " << format_count(s.never_visited_cells()) << " of "
        << format_count(s.input_cells()) << " per channel\n";
    out << work_name << ": " << format_count(work);
    if (strided)
        out << " at this stride, " << format_count(work_stride1) << " at stride 1 -- "
            << ratio_text(work, work_stride1);
    out << "\n";
}

}  // namespace

namespace {

int run_shape_into(const Args& args, std::ostream& out, std::ostream& err) {
    Result<LayerArgs> parsed = parse_layer_args(args, false);
    if (!parsed.ok()) return fail(err, parsed.error);
    const LayerArgs& a = parsed.value;

    out << describe_layer(a) << "\n";
    if (a.op == Op::conv2d) {
        Conv2dOptions o = conv2d_options(a);
        Result<ConvShape> shape = conv2d_shape(a.in_channels, a.input[0], a.input[1],
                                               a.out_channels, a.kernel[0], a.kernel[1], o);
        if (!shape.ok()) return fail(err, shape.error);
        const ConvShape& s = shape.value;
        out << "output: " << s.out_channels << " x " << s.rows.output << " x " << s.cols.output
            << " (channels x height x width)\n\n";
        print_axis(out, "height", "row", "rows", s.rows);
        print_axis(out, "width", "column", "columns", s.cols);
        out << "\n";
        bool strided = o.stride[0] != 1 || o.stride[1] != 1;
        print_totals(out, s, strided, "MACs", s.macs, s.macs_stride1);
        return kExitOk;
    }

    // Pooling: the same axis formula (with ceil_mode), one window read per tap, no weights.
    bool is_max = a.op == Op::max_pool2d;
    Pair stride = a.stride.value_or(a.kernel);
    Pair dilation = is_max ? a.dilation : Pair{1, 1};
    Pair padding{a.padding.top, a.padding.left};
    Result<AxisGeometry> rows = axis_geometry(a.input[0], a.kernel[0], stride[0], dilation[0],
                                              padding[0], padding[0], a.ceil_mode, "height");
    if (!rows.ok()) return fail(err, rows.error);
    Result<AxisGeometry> cols = axis_geometry(a.input[1], a.kernel[1], stride[1], dilation[1],
                                              padding[1], padding[1], a.ceil_mode, "width");
    if (!cols.ok()) return fail(err, cols.error);
    // The op validates more than the geometry (padding at most half the kernel, ...).
    Tensor probe = Tensor::zeros(1, a.input[0], a.input[1]);
    Result<Tensor> checked = is_max ? max_pool2d(probe, max_pool_options(a))
                                    : avg_pool2d(probe, avg_pool_options(a));
    if (!checked.ok()) return fail(err, checked.error);

    out << "output: " << a.in_channels << " x " << rows.value.output << " x "
        << cols.value.output << " (channels x height x width)\n\n";
    print_axis(out, "height", "row", "rows", rows.value);
    print_axis(out, "width", "column", "columns", cols.value);
    out << "\n";

    ConvShape s;  // only for never_visited_cells(): coverage is separable, as for conv2d
    s.rows = rows.value;
    s.cols = cols.value;
    bool strided = stride[0] != 1 || stride[1] != 1;
    int64_t reads = 0, reads_stride1 = 0;
    if (strided) {
        Result<AxisGeometry> rows1 = axis_geometry(a.input[0], a.kernel[0], 1, dilation[0],
                                                   padding[0], padding[0], a.ceil_mode, "height");
        Result<AxisGeometry> cols1 = axis_geometry(a.input[1], a.kernel[1], 1, dilation[1],
                                                   padding[1], padding[1], a.ceil_mode, "width");
        if (rows1.ok() && cols1.ok())
            reads_stride1 = int64_t(a.in_channels) * rows1.value.output * cols1.value.output *
                            a.kernel[0] * a.kernel[1];
    }
    reads = int64_t(a.in_channels) * s.output_cells() * a.kernel[0] * a.kernel[1];
    print_totals(out, s, strided, "window reads", reads, reads_stride1);
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
