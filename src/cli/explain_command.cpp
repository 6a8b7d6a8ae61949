// explain_command.cpp -- `strideconv explain`: the input, the kernel, then every output cell step
// by step (window, taps, products, sum) from the core's trace_* functions, then the output map.
// Plain aligned text, meant to be pasted into notes. Standard C++ only.
#include "cli/cli.hpp"

#include <algorithm>
#include <cstdint>
#include <sstream>

#include "base/number_text.hpp"
#include "base/presets.hpp"
#include "base/text.hpp"
#include "teach/channels.hpp"

namespace strideconv::cli {

namespace {

// Explain prints every step; beyond this it stops being readable (and allocating on a typo).
constexpr int kMaxSide = 256;
constexpr int kMaxChannels = 64;
// One line per tap of every explained cell, all held in memory until the command succeeds.
constexpr int64_t kMaxPrintedTaps = int64_t(1) << 20;

// --values: the app's input fills (base::fill_values), channel after channel.
Result<Tensor> make_input(const LayerArgs& a) {
    const std::string& v = a.values;
    const size_t colon = v.find(':');
    const std::optional<base::Fill> fill = base::fill_from_string(v.substr(0, colon));
    if (!fill || *fill == base::Fill::custom)
        return Result<Tensor>::fail("--values: expected seq, ones, checker or random:SEED, got '" + v + "'");
    int64_t seed = 1;
    if (colon != std::string::npos &&
        (*fill != base::Fill::random ||
         base::parse_whole(v.substr(colon + 1), 0, UINT32_MAX, seed) != base::WholeStatus::ok))
        return Result<Tensor>::fail("--values: expected random:SEED with a seed from 0 to 4294967295, got '" +
                                    v + "'");
    Tensor x = Tensor::zeros(a.in_channels, a.input[0], a.input[1]);
    x.data = base::fill_values(*fill, static_cast<uint32_t>(seed), a.in_channels * a.input[0], a.input[1]);
    return {x, {}, {}};
}

// --kernel-values: a named preset (base::kernel_presets) or a comma-separated list. conv2d's
// weight is out x in/groups x kh x kw; conv_transpose2d's in x out/groups x kh x kw (PyTorch).
Result<Weight> make_weight(const LayerArgs& a) {
    const bool transposed = a.op == Op::conv_transpose2d;
    const int groups = a.groups > 0 ? a.groups : 1;
    Weight w = transposed ? Weight::zeros(a.in_channels, a.out_channels / groups, a.kernel[0], a.kernel[1])
                          : Weight::zeros(a.out_channels, a.in_channels / groups, a.kernel[0], a.kernel[1]);
    const size_t plane = size_t(a.kernel[0]) * size_t(a.kernel[1]);
    std::vector<float> values;
    if (const base::KernelPreset* preset = base::find_kernel_preset(a.kernel_values)) {
        int kh = a.kernel[0], kw = a.kernel[1];
        base::kernel_preset_values(preset->name, kh, kw, values);
        if (kh != a.kernel[0] || kw != a.kernel[1])
            return Result<Weight>::fail("--kernel-values " + a.kernel_values + " is a " + std::to_string(kh) +
                                        "x" + std::to_string(kw) + " kernel (use --kernel " +
                                        std::to_string(kh) + ")");
    } else {
        const bool list = a.kernel_values.find(',') != std::string::npos ||
                          base::parse_double(base::trim(a.kernel_values)).has_value();
        if (!list)
            return Result<Weight>::fail("--kernel-values: expected " + base::kernel_preset_names() +
                                        " or a comma-separated list, got '" + a.kernel_values + "'");
        for (const std::string& item : base::split(a.kernel_values, ",")) {
            float f = 0;
            if (base::parse_float(base::trim(item), f) != base::FloatStatus::ok)
                return Result<Weight>::fail("--kernel-values: '" + item + "' is not a number");
            values.push_back(f);
        }
        if (values.size() != plane && values.size() != w.data.size())
            return Result<Weight>::fail(
                "--kernel-values: got " + std::to_string(values.size()) + " values, expected " +
                std::to_string(plane) + " (one " + std::to_string(a.kernel[0]) + "x" +
                std::to_string(a.kernel[1]) + " plane, used for every filter)" +
                (w.data.size() != plane ? " or " + std::to_string(w.data.size()) : ""));
    }
    for (size_t i = 0; i < w.data.size(); ++i) w.data[i] = values[values.size() == plane ? i % plane : i];
    return {w, {}, {}};
}

std::string index_text(const char* name, int channel, int row, int col, bool with_channel) {
    std::string text = name;
    if (with_channel) text += "[" + std::to_string(channel) + "]";
    return text + "[" + std::to_string(row) + "][" + std::to_string(col) + "]";
}

std::string source_note(const Tap& tap, bool with_channel) {
    switch (tap.source) {
        case TapSource::input: return "";
        case TapSource::zero_pad: return "pad (zeros)";
        case TapSource::neg_inf: return "pad (-inf, never wins)";
        case TapSource::reflect:
        case TapSource::replicate:
        case TapSource::circular:
            return std::string("pad (") + to_string(tap.source) + " of " +
                   index_text("x", tap.channel, tap.src_y, tap.src_x, with_channel) + ")";
    }
    return "";
}

// One step: the window, its taps aligned in columns, and how they combine.
void print_step(std::ostream& out, const CellTrace& t, Op op, int step, int steps,
                bool input_channels, bool output_channels, bool weight_index_full,
                const std::optional<float>& bias, const AvgPool2dOptions& avg) {
    const CellIndex& c = t.cell;
    int min_y = t.origin_y, max_y = t.origin_y, min_x = t.origin_x, max_x = t.origin_x;
    for (const Tap& tap : t.taps) {
        min_y = std::min(min_y, tap.y), max_y = std::max(max_y, tap.y);
        min_x = std::min(min_x, tap.x), max_x = std::max(max_x, tap.x);
    }
    out << "step " << step << " of " << steps << ": "
        << index_text("y", c.channel, c.row, c.col, output_channels) << ", window origin "
        << index_text("x", t.taps.empty() ? 0 : t.taps[0].channel, t.origin_y, t.origin_x,
                      input_channels)
        << " (rows " << min_y << ".." << max_y << ", cols " << min_x << ".." << max_x << ")\n";

    // Columns: location, value, padding note, weight name, weight, product (or the max mark).
    std::vector<std::array<std::string, 6>> rows;
    for (size_t i = 0; i < t.taps.size(); ++i) {
        const Tap& tap = t.taps[i];
        std::array<std::string, 6> row;
        row[0] = index_text("x", tap.channel, tap.y, tap.x, input_channels);
        row[1] = format_value(tap.value);
        row[2] = source_note(tap, input_channels);
        if (op == Op::conv2d) {
            row[3] = "w";
            if (weight_index_full)
                row[3] += "[" + std::to_string(c.channel) + "][" + std::to_string(tap.channel) + "]";
            row[3] += "[" + std::to_string(tap.ky) + "][" + std::to_string(tap.kx) + "]";
            row[4] = format_value(tap.weight);
            row[5] = format_value(tap.product);
        } else if (op == Op::max_pool2d && int(i) == t.winner) {
            row[5] = "<- max";
        }
        rows.push_back(row);
    }
    std::array<size_t, 6> width{};
    for (const auto& row : rows)
        for (size_t k = 0; k < row.size(); ++k) width[k] = std::max(width[k], row[k].size());
    for (const auto& row : rows) {
        std::string line = "  " + pad_right(row[0], width[0]) + " = " + pad_left(row[1], width[1]);
        if (width[2]) line += "  " + pad_right(row[2], width[2]);
        if (op == Op::conv2d)
            line += "  * " + pad_right(row[3], width[3]) + " = " + pad_left(row[4], width[4]) +
                    "  = " + pad_left(row[5], width[5]);
        else if (!row[5].empty())
            line += "  " + row[5];
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
    }

    const std::string y = index_text("y", c.channel, c.row, c.col, output_channels);
    switch (op) {
        case Op::conv2d:
        case Op::conv_transpose2d:  // explained by explain_transposed
            if (const auto parts = teach::conv_channel_parts(t); parts.size() > 1) {
                // A filter that reads several input channels: one partial sum per channel first.
                out << "  partial sums:";
                for (size_t k = 0; k < parts.size(); ++k)
                    out << (k ? "," : "") << " channel " << parts[k].channel << " " << format_value(parts[k].sum);
                out << "\n";
            }
            out << "  sum = " << format_value(t.sum);
            if (bias) out << ", + bias " << format_value(t.bias) << " = " << format_value(t.result);
            out << "\n  " << y << " = " << format_value(t.result) << "\n";
            break;
        case Op::max_pool2d:
            out << "  max = " << format_value(t.sum) << "\n  " << y << " = "
                << format_value(t.result) << "\n";
            break;
        case Op::avg_pool2d: {
            const char* why = avg.divisor_override ? "divisor_override"
                              : avg.count_include_pad ? "window cells, padding included"
                                                      : "input cells in the window";
            out << "  sum = " << format_value(t.sum) << ", / " << t.divisor << " (" << why
                << ") = " << format_value(t.result) << "\n  " << y << " = "
                << format_value(t.result) << "\n";
            break;
        }
    }
}

void print_tensor_grids(std::ostream& out, const char* title, const std::vector<float>& data,
                        int channels, int rows, int cols, const char* channel_word) {
    for (int ch = 0; ch < channels; ++ch) {
        out << title;
        if (channels > 1) out << " " << channel_word << " " << ch;
        out << " (" << rows << "x" << cols << "):\n";
        std::vector<std::string> cells;
        for (int i = 0; i < rows * cols; ++i)
            cells.push_back(format_value(data[size_t(ch) * size_t(rows) * size_t(cols) + size_t(i)]));
        print_grid(out, cells, rows, cols, "  ");
    }
}

}  // namespace

namespace {

// conv_transpose2d, as its scatter: each input cell (one step each) adds its value times the
// kernel into the output, tap by tap, at input·stride - padding + tap·dilation; taps landing
// outside the output are cropped (the padding). Then, for --cell, the one output cell gathered
// from every (input cell, tap) pair that reaches it (the core's trace). Every number is the core's.
int explain_transposed(const LayerArgs& a, const LayerShape& s, std::ostream& out, std::ostream& err) {
    const ConvTranspose2dOptions o = conv_transpose2d_options(a);
    // Each input cell prints one line per tap and output channel of its group.
    const int64_t printed_taps = a.cell ? int64_t(a.kernel[0]) * a.kernel[1] * (a.in_channels / std::max(a.groups, 1))
                                        : s.macs;
    if (printed_taps > kMaxPrintedTaps)
        return fail(err, "explain would print " + format_count(printed_taps) + " taps, more than " +
                             format_count(kMaxPrintedTaps) + ": explain one --cell");
    Result<Tensor> input = make_input(a);
    if (!input.ok()) return fail(err, input.error);
    const Tensor& x = input.value;
    Result<Weight> weight = make_weight(a);
    if (!weight.ok()) return fail(err, weight.error);
    const Weight& w = weight.value;
    std::vector<float> bias;
    if (a.bias) bias.assign(size_t(a.out_channels), *a.bias);
    const std::vector<float>* bias_ptr = a.bias ? &bias : nullptr;
    Result<Tensor> output = conv_transpose2d(x, w, bias_ptr, o);
    if (!output.ok()) return fail(err, output.error);
    const Tensor& y = output.value;
    std::optional<CellTrace> gathered;
    if (a.cell) {
        Result<CellTrace> t = trace_conv_transpose2d(x, w, bias_ptr, o, {(*a.cell)[0], (*a.cell)[1], (*a.cell)[2]});
        if (!t.ok()) return fail(err, "--cell: " + t.error);
        gathered = t.value;
    }

    const bool channels = x.c > 1 || y.c > 1;
    out << describe_layer(a) << "\n";
    out << "output: " << y.c << " x " << y.h << " x " << y.w << " (channels x height x width)\n";
    for (int axis = 0; axis < 2; ++axis) {
        const AxisGeometry& g = axis == 0 ? s.rows : s.cols;
        out << (axis == 0 ? "height: " : "width:  ") << "(" << g.input << " - 1)*" << g.stride << " - 2*" << g.pad_before
            << " + " << g.dilation << "*(" << g.kernel << " - 1) + " << g.output_padding << " + 1 = " << g.output
            << "\n";
    }
    out << "\n";
    print_tensor_grids(out, "input x", x.data, x.c, x.h, x.w, "channel");
    for (int i = 0; i < w.o; ++i)
        for (int oc = 0; oc < w.i; ++oc) {
            out << "kernel w";
            if (w.o > 1 || w.i > 1) out << "[" << i << "][" << oc << "]";
            out << " (" << w.kh << "x" << w.kw << "):\n";
            std::vector<std::string> cells_text;
            for (int ky = 0; ky < w.kh; ++ky)
                for (int kx = 0; kx < w.kw; ++kx) cells_text.push_back(format_value(w.at(i, oc, ky, kx)));
            print_grid(out, cells_text, w.kh, w.kw, "  ");
        }
    if (a.bias) out << "bias: " << format_value(*a.bias) << " (added once to every output cell)\n";
    out << "\n";

    if (!gathered) {
        const int in_per_group = x.c / o.groups, out_per_group = w.i;
        const int steps = x.c * x.h * x.w;
        int step = 0;
        for (int ic = 0; ic < x.c; ++ic)
            for (int i = 0; i < x.h; ++i)
                for (int j = 0; j < x.w; ++j) {
                    const float v = x.at(ic, i, j);
                    out << "step " << ++step << " of " << steps << ": " << index_text("x", ic, i, j, x.c > 1) << " = "
                        << format_value(v) << " scatters " << format_value(v) << " * the kernel\n";
                    for (int ocl = 0; ocl < out_per_group; ++ocl) {
                        const int oc = (ic / in_per_group) * out_per_group + ocl;
                        for (int ky = 0; ky < w.kh; ++ky)
                            for (int kx = 0; kx < w.kw; ++kx) {
                                const int64_t r = int64_t(i) * o.stride[0] - o.padding[0] + int64_t(ky) * o.dilation[0];
                                const int64_t c = int64_t(j) * o.stride[1] - o.padding[1] + int64_t(kx) * o.dilation[1];
                                const float wv = w.at(ic, ocl, ky, kx);
                                out << "  " << index_text("y", oc, int(r), int(c), channels) << " += " << format_value(v)
                                    << " * w" << (w.o > 1 || w.i > 1 ? "[" + std::to_string(ic) + "][" + std::to_string(ocl) + "]" : "")
                                    << "[" << ky << "][" << kx << "] = " << format_value(v) << " * " << format_value(wv)
                                    << " = " << format_value(v * wv);
                                if (r < 0 || r >= y.h || c < 0 || c >= y.w) out << "   (cropped: outside the output)";
                                out << "\n";
                            }
                    }
                    out << "\n";
                }
    } else {
        const CellTrace& t = *gathered;
        out << "output " << index_text("y", t.cell.channel, t.cell.row, t.cell.col, channels)
            << " gathers every (input cell, kernel tap) pair that lands on it:\n";
        int pairs = 0;
        for (const Tap& tap : t.taps) {
            if (tap.source != TapSource::input) continue;
            ++pairs;
            out << "  " << index_text("x", tap.channel, tap.src_y, tap.src_x, x.c > 1) << " = " << format_value(tap.value)
                << "  * w[" << tap.ky << "][" << tap.kx << "] = " << format_value(tap.weight) << "  = "
                << format_value(tap.product) << "\n";
        }
        if (pairs == 0) out << "  none: no input cell's taps land here\n";
        out << "  sum = " << format_value(t.sum);
        if (a.bias) out << ", + bias " << format_value(t.bias) << " = " << format_value(t.result);
        out << "\n  " << index_text("y", t.cell.channel, t.cell.row, t.cell.col, channels) << " = " << format_value(t.result)
            << "\n\n";
    }
    print_tensor_grids(out, "output y", y.data, y.c, y.h, y.w, "channel");
    return kExitOk;
}

int run_explain_into(const Args& args, std::ostream& out, std::ostream& err) {
    Result<LayerArgs> parsed = parse_layer_args(args, true);
    if (!parsed.ok()) return fail(err, parsed.error);
    const LayerArgs& a = parsed.value;

    // Validate the configuration and check its size before allocating anything of the user's size.
    Conv2dOptions conv = conv2d_options(a);
    MaxPool2dOptions max_pool = max_pool_options(a);
    AvgPool2dOptions avg_pool = avg_pool_options(a);
    Result<LayerShape> shape = layer_shape(a);
    if (!shape.ok()) return fail(err, shape.error);
    const LayerShape& s = shape.value;
    if (a.input[0] > kMaxSide || a.input[1] > kMaxSide || a.in_channels > kMaxChannels ||
        a.out_channels > kMaxChannels)
        return fail(err, "explain prints every step: use an input of at most " +
                             std::to_string(kMaxSide) + "x" + std::to_string(kMaxSide) + " and " +
                             std::to_string(kMaxChannels) + " channels (shape works at any size)");
    if (auto over = check_budget(s); !over.empty()) return fail(err, "too large to explain: " + over);
    if (a.op == Op::conv_transpose2d) return explain_transposed(a, s, out, err);
    const int64_t taps_per_cell = s.macs / s.output_values;
    const int64_t printed_taps = (a.cell ? 1 : s.output_values) * taps_per_cell;
    if (printed_taps > kMaxPrintedTaps)
        return fail(err, "explain would print " + format_count(printed_taps) + " taps, more than " +
                             format_count(kMaxPrintedTaps) +
                             (a.cell ? ", for the one --cell asked for: use shape"
                                     : ": explain one --cell, or use shape"));

    Result<Tensor> input = make_input(a);
    if (!input.ok()) return fail(err, input.error);
    const Tensor& x = input.value;
    Weight w;
    std::vector<float> bias;
    if (a.op == Op::conv2d) {
        Result<Weight> weight = make_weight(a);
        if (!weight.ok()) return fail(err, weight.error);
        w = weight.value;
        if (a.bias) bias.assign(size_t(a.out_channels), *a.bias);
    }
    const std::vector<float>* bias_ptr = a.bias ? &bias : nullptr;

    Result<Tensor> output = a.op == Op::conv2d       ? conv2d(x, w, bias_ptr, conv)
                            : a.op == Op::max_pool2d ? max_pool2d(x, max_pool)
                                                          : avg_pool2d(x, avg_pool);
    if (!output.ok()) return fail(err, output.error);
    const Tensor& y = output.value;

    std::vector<CellIndex> cells;
    if (a.cell) {
        cells.push_back({(*a.cell)[0], (*a.cell)[1], (*a.cell)[2]});
    } else {
        for (int ch = 0; ch < y.c; ++ch)
            for (int row = 0; row < y.h; ++row)
                for (int col = 0; col < y.w; ++col) cells.push_back({ch, row, col});
    }
    std::vector<CellTrace> traces;
    for (const CellIndex& cell : cells) {
        Result<CellTrace> t = a.op == Op::conv2d ? trace_conv2d(x, w, bias_ptr, conv, cell)
                              : a.op == Op::max_pool2d ? trace_max_pool2d(x, max_pool, cell)
                                                            : trace_avg_pool2d(x, avg_pool, cell);
        if (!t.ok()) return fail(err, "--cell: " + t.error);
        traces.push_back(std::move(t.value));
    }

    out << describe_layer(a) << "\n";
    out << "output: " << y.c << " x " << y.h << " x " << y.w << " (channels x height x width)\n\n";
    print_tensor_grids(out, "input x", x.data, x.c, x.h, x.w, "channel");
    if (a.op == Op::conv2d) {
        for (int o = 0; o < w.o; ++o)
            for (int i = 0; i < w.i; ++i) {
                out << "kernel w";
                if (w.o > 1 || w.i > 1) out << "[" << o << "][" << i << "]";
                out << " (" << w.kh << "x" << w.kw << "):\n";
                std::vector<std::string> cells_text;
                for (int ky = 0; ky < w.kh; ++ky)
                    for (int kx = 0; kx < w.kw; ++kx)
                        cells_text.push_back(format_value(w.at(o, i, ky, kx)));
                print_grid(out, cells_text, w.kh, w.kw, "  ");
            }
        if (a.bias) out << "bias: " << format_value(*a.bias) << "\n";
    }
    out << "\n";

    const int steps = int(cells.size());
    for (int k = 0; k < steps; ++k) {
        print_step(out, traces[size_t(k)], a.op, k + 1, steps, x.c > 1, y.c > 1, w.o > 1 || w.i > 1,
                   a.bias, avg_pool);
        out << "\n";
    }
    print_tensor_grids(out, "output y", y.data, y.c, y.h, y.w, "channel");
    return kExitOk;
}

}  // namespace

// Output goes to a buffer first so a refused configuration prints nothing on stdout.
int run_explain(const Args& args, std::ostream& out, std::ostream& err) {
    std::ostringstream buffer;
    int status = run_explain_into(args, buffer, err);
    if (status == kExitOk) out << buffer.str();
    return status;
}

}  // namespace strideconv::cli
