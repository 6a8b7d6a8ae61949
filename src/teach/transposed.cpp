// transposed.cpp -- the transposed convolution's walk (see transposed.hpp). Standard C++ only.
//
// [SECTION] Names
// [SECTION] Axes
// [SECTION] The walk's numbers
// [SECTION] Overlap comparisons
// [SECTION] Scene
// [SECTION] Sentences
#include "teach/transposed.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "base/number_text.hpp"
#include "base/text.hpp"

namespace strideconv::teach {

// [SECTION] Names ---------------------------------------------------------------------------------

const char* to_string(TransposedView v) {
    switch (v) {
        case TransposedView::scatter: return "scatter";
        case TransposedView::conv: return "conv";
        case TransposedView::overlap: return "overlap";
    }
    return "scatter";
}

std::optional<TransposedView> transposed_view_from_string(const std::string& word) {
    for (TransposedView v : {TransposedView::scatter, TransposedView::conv, TransposedView::overlap})
        if (word == to_string(v)) return v;
    return std::nullopt;
}

// [SECTION] Axes ----------------------------------------------------------------------------------

int TransposedAxis::input_at_grid(int g) const {
    const int z = g - equivalent_pad;
    if (z < 0 || z >= inserted || z % stride != 0) return -1;
    return z / stride;
}

bool TransposedAxis::inserted_zero_at_grid(int g) const {
    const int z = g - equivalent_pad;
    return z >= 0 && z < inserted && z % stride != 0;
}

TransposedAxis transposed_axis(int input, int kernel, int stride, int dilation, int padding, int output_padding) {
    TransposedAxis a;
    a.input = input;
    a.kernel = kernel;
    a.stride = stride;
    a.dilation = dilation;
    a.padding = padding;
    a.output_padding = output_padding;
    a.output = conv_transpose_output_size(input, kernel, stride, padding, dilation, output_padding);
    a.reach = (input - 1) * stride + dilation * (kernel - 1) + 1;
    a.canvas = std::max(a.reach, padding + std::max(a.output, 0));
    a.crop_after = a.canvas - padding - std::max(a.output, 0);
    a.inserted = (input - 1) * stride + 1;
    a.equivalent_pad = dilation * (kernel - 1) - padding;
    a.equivalent = std::max(a.output, 0) + dilation * (kernel - 1);
    a.overlap.assign(static_cast<size_t>(std::max(a.output, 0)), 0);
    for (int o = 0; o < a.output; ++o)
        for (int i = 0; i < input; ++i) {
            const int f = o + padding - i * stride;  // = k·dilation for the tap that lands on o
            if (f >= 0 && f % dilation == 0 && f / dilation < kernel) ++a.overlap[static_cast<size_t>(o)];
        }
    return a;
}

namespace {

// The (input index, tap) pairs of one axis that land on output index o.
std::vector<std::pair<int, int>> axis_pairs(const TransposedAxis& a, int o) {
    std::vector<std::pair<int, int>> pairs;
    for (int i = 0; i < a.input; ++i) {
        const int f = o + a.padding - i * a.stride;
        if (f >= 0 && f % a.dilation == 0 && f / a.dilation < a.kernel) pairs.push_back({i, f / a.dilation});
    }
    return pairs;
}

std::pair<int, int> min_max(const std::vector<int>& v) {
    if (v.empty()) return {0, 0};
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return {*lo, *hi};
}

}  // namespace

// [SECTION] The walk's numbers --------------------------------------------------------------------

TransposedWalk transposed_walk(const Lesson& l) {
    TransposedWalk w;
    const Config& c = l.config();
    if (c.op != Op::conv_transpose2d) {
        w.error = "not a transposed convolution";
        return w;
    }
    if (!l.error.empty()) {
        w.error = l.error;
        return w;
    }
    const ConvTranspose2dOptions o = conv_transpose_options(c);
    w.rows = transposed_axis(c.input[0], c.kernel[0], c.stride[0], c.dilation[0], o.padding[0], c.output_padding[0]);
    w.cols = transposed_axis(c.input[1], c.kernel[1], c.stride[1], c.dilation[1], o.padding[1], c.output_padding[1]);
    w.equivalent_input = Tensor::zeros(1, w.rows.equivalent, w.cols.equivalent);
    for (int i = 0; i < c.input[0]; ++i)
        for (int j = 0; j < c.input[1]; ++j) {
            const int g = w.rows.grid_of(i), h = w.cols.grid_of(j);
            if (g >= 0 && g < w.rows.equivalent && h >= 0 && h < w.cols.equivalent)
                w.equivalent_input.at(0, g, h) = l.input.at(0, i, j);
        }
    const int kh = c.kernel[0], kw = c.kernel[1];
    w.flipped = Weight::zeros(1, 1, kh, kw);
    for (int ky = 0; ky < kh; ++ky)
        for (int kx = 0; kx < kw; ++kx) w.flipped.at(0, 0, ky, kx) = l.weight.at(0, 0, kh - 1 - ky, kw - 1 - kx);
    Conv2dOptions eo;
    eo.dilation = c.dilation;
    const std::vector<float> bias{c.bias};
    Result<Tensor> y = conv2d(w.equivalent_input, w.flipped, &bias, eo);
    if (!y.ok()) w.error = y.error;
    else w.equivalent_output = std::move(y.value);
    const auto [rlo, rhi] = min_max(w.rows.overlap);
    const auto [clo, chi] = min_max(w.cols.overlap);
    w.overlap_min = rlo * clo;
    w.overlap_max = rhi * chi;
    return w;
}

std::vector<float> scatter_partial(const Lesson& l, const TransposedWalk& w, int step, std::vector<char>* reached) {
    const TransposedAxis &r = w.rows, &cl = w.cols;
    std::vector<float> canvas(static_cast<size_t>(r.canvas) * cl.canvas, 0.0f);
    if (reached) reached->assign(canvas.size(), 0);
    const float bias = l.config().bias;
    // Output cells start at the bias (PyTorch adds it once per output cell).
    for (int y = r.padding; y < r.padding + r.output; ++y)
        for (int x = cl.padding; x < cl.padding + cl.output; ++x) canvas[static_cast<size_t>(y) * cl.canvas + x] = bias;
    const int last = std::min(step, r.input * cl.input - 1);
    for (int s = 0; s <= last; ++s) {
        const int i = s / cl.input, j = s % cl.input;
        const float v = l.input.at(0, i, j);
        for (int ky = 0; ky < r.kernel; ++ky)
            for (int kx = 0; kx < cl.kernel; ++kx) {
                const size_t at = static_cast<size_t>(r.canvas_of(i, ky)) * cl.canvas + cl.canvas_of(j, kx);
                canvas[at] += v * l.weight.at(0, 0, ky, kx);
                if (reached) (*reached)[at] = 1;
            }
    }
    return canvas;
}

// [SECTION] Overlap comparisons -------------------------------------------------------------------

namespace {

// Whether output o of the axis is away from its edges: every tap of the kernel can land on it.
bool inside(const TransposedAxis& a, int o) {
    const int f = o + a.padding;
    return f >= a.dilation * (a.kernel - 1) && f <= (a.input - 1) * a.stride;
}

struct AxisCounts {
    std::vector<int> counts;
    bool even_inside = true;  // every cell all of whose taps can land (away from the edges) has the same count
};

AxisCounts transposed_counts(const TransposedAxis& a) {
    AxisCounts r;
    r.counts = a.overlap;
    int first = -1;
    for (int o = 0; o < a.output; ++o) {
        if (!inside(a, o)) continue;  // near an edge
        const int n = a.overlap[static_cast<size_t>(o)];
        if (first < 0) first = n;
        else if (n != first) r.even_inside = false;
    }
    return r;
}

// Nearest-neighbour resize by `stride`, then a stride-1 convolution of the same kernel and dilation
// with PyTorch's 'same' padding: the taps of output o that land on an upsampled cell.
AxisCounts resize_counts(int input, int kernel, int stride, int dilation) {
    AxisCounts r;
    const int n = input * stride, before = dilation * (kernel - 1) / 2;
    r.counts.assign(static_cast<size_t>(n), 0);
    for (int o = 0; o < n; ++o)
        for (int k = 0; k < kernel; ++k) {
            const int at = o - before + k * dilation;
            if (at >= 0 && at < n) ++r.counts[static_cast<size_t>(o)];
        }
    return r;
}

// The axis of a second layer like `a` taking a's output: the two stacked (Odena, Dumoulin & Olah
// 2016, "stacking ... compounds" the checkerboard).
TransposedAxis second_axis(const TransposedAxis& a) {
    return transposed_axis(a.output, a.kernel, a.stride, a.dilation, a.padding, a.output_padding);
}

// Two layers like `a` stacked: the paths (input cell, first kernel's tap, second kernel's tap) that
// reach each output of the second, i.e. the first layer's overlap counts scattered again by the
// second layer's taps. conv_transpose2d applied twice to ones with kernels of ones writes exactly
// these numbers (tests/golden/gen_golden.py, "overlap ... twice"). Even inside when the cells away
// from both layers' edges (and reached only from the first layer's inside) agree.
AxisCounts twice_counts(const TransposedAxis& a) {
    const TransposedAxis b = second_axis(a);
    AxisCounts r;
    r.counts.assign(static_cast<size_t>(std::max(b.output, 0)), 0);
    std::vector<char> from_edge(r.counts.size(), 0);
    for (int j = 0; j < a.output; ++j)
        for (int k = 0; k < b.kernel; ++k) {
            const int o = b.canvas_of(j, k) - b.padding;
            if (o < 0 || o >= b.output) continue;
            r.counts[static_cast<size_t>(o)] += a.overlap[static_cast<size_t>(j)];
            if (!inside(a, j)) from_edge[static_cast<size_t>(o)] = 1;
        }
    int first = -1;
    for (int o = 0; o < b.output; ++o) {
        if (!inside(b, o) || from_edge[static_cast<size_t>(o)]) continue;
        const int n = r.counts[static_cast<size_t>(o)];
        if (first < 0) first = n;
        else if (n != first) r.even_inside = false;
    }
    return r;
}

OverlapPanel panel_of(const AxisCounts& rows, const AxisCounts& cols, std::string title, const std::string& note, Lang lang,
                      bool paths = false) {
    OverlapPanel p;
    p.title = std::move(title);
    p.rows = static_cast<int>(rows.counts.size());
    p.cols = static_cast<int>(cols.counts.size());
    for (int r : rows.counts)
        for (int c : cols.counts) p.counts.push_back(r * c);
    const auto [lo, hi] = min_max(p.counts);
    p.min = lo;
    p.max = hi;
    const char* count = paths ? (lo == hi ? "{0} paths per cell; " : "{0} to {1} paths per cell; ")
                              : (lo == hi ? "{0} pairs per cell; " : "{0} to {1} pairs per cell; ");
    const char* evenness = rows.even_inside && cols.even_inside ? "even away from the edges" : "uneven inside, a checkerboard";
    // "{0}: {1}" from the table: French puts a no-break space before the colon.
    p.caption = trf(lang, count, {std::to_string(lo), std::to_string(hi)}) +
                (note.empty() ? std::string(tr(lang, evenness)) : trf(lang, "{0}: {1}", {note, tr(lang, evenness)}));
    return p;
}

// A kernel divisible by the stride when this one is not (rounded up to a multiple), or one that is
// not when this one is (one smaller), with the padding and output_padding that keep the output
// size when some do.
TransposedAxis other_kernel_axis(const TransposedAxis& a) {
    int k = a.kernel % a.stride == 0 ? a.kernel - 1 : (a.kernel + a.stride - 1) / a.stride * a.stride;
    k = std::max(k, 1);
    const int diff = a.dilation * (k - a.kernel);
    const int limit = std::max(a.stride, a.dilation);
    for (int half : {diff >= 0 ? diff / 2 : -((-diff + 1) / 2), diff >= 0 ? (diff + 1) / 2 : -(-diff / 2)}) {
        const int p = a.padding + half, op = a.output_padding - diff + 2 * half;
        if (p >= 0 && op >= 0 && op < limit) return transposed_axis(a.input, k, a.stride, a.dilation, p, op);
    }
    return transposed_axis(a.input, k, a.stride, a.dilation, a.padding, std::min(a.output_padding, limit - 1));
}

}  // namespace

std::vector<OverlapPanel> overlap_panels(const Lesson& l, const TransposedWalk& w) {
    std::vector<OverlapPanel> panels;
    if (!w.error.empty()) return panels;
    const Config& c = l.config();
    const AxisCounts rows = transposed_counts(w.rows), cols = transposed_counts(w.cols);
    const Lang lang = c.lang;
    auto divisibility = [lang](int k0, int k1, int s0, int s1) {
        if (s0 == 1 && s1 == 1) return std::string(tr(lang, "stride 1"));
        const bool divisible = k0 % s0 == 0 && k1 % s1 == 0;
        return trf(lang, divisible ? "kernel {0} divisible by {1}" : "kernel {0} not divisible by {1}",
                   {base::pair_text({k0, k1}), base::pair_text({s0, s1})});
    };
    panels.push_back(panel_of(rows, cols,
                              trf(lang, "This layer: kernel {0}, stride {1}",
                                  {base::pair_text({c.kernel[0], c.kernel[1]}), base::pair_text({c.stride[0], c.stride[1]})}),
                              divisibility(c.kernel[0], c.kernel[1], c.stride[0], c.stride[1]), lang));
    if (c.stride != Pair{1, 1}) {
        const TransposedAxis ra = other_kernel_axis(w.rows), ca = other_kernel_axis(w.cols);
        if (ra.output > 0 && ca.output > 0)
            panels.push_back(panel_of(transposed_counts(ra), transposed_counts(ca),
                                      trf(lang, "Kernel {0}, padding {1}, output_padding {2}",
                                          {base::pair_text({ra.kernel, ca.kernel}), base::pair_text({ra.padding, ca.padding}),
                                           base::pair_text({ra.output_padding, ca.output_padding})}),
                                      divisibility(ra.kernel, ca.kernel, ra.stride, ca.stride), lang));
    }
    // This layer twice (its output into a second layer like it), while the map stays drawable.
    const TransposedAxis rb = second_axis(w.rows), cb = second_axis(w.cols);
    if (rb.output > 0 && cb.output > 0 && rb.output <= kMaxTwiceSide && cb.output <= kMaxTwiceSide)
        panels.push_back(panel_of(twice_counts(w.rows), twice_counts(w.cols), tr(lang, "This layer, twice"),
                                  divisibility(c.kernel[0], c.kernel[1], c.stride[0], c.stride[1]), lang, true));
    panels.push_back(panel_of(resize_counts(c.input[0], c.kernel[0], c.stride[0], c.dilation[0]),
                              resize_counts(c.input[1], c.kernel[1], c.stride[1], c.dilation[1]),
                              trf(lang, "Nearest x{0}, then conv {1}",
                                  {base::pair_text({c.stride[0], c.stride[1]}), base::pair_text({c.kernel[0], c.kernel[1]})}),
                              "", lang));
    return panels;
}

// [SECTION] Scene ---------------------------------------------------------------------------------

namespace {


void size_grid(SceneGrid& g, int rows, int cols) {
    g.rows = g.inner_rows = rows;
    g.cols = g.inner_cols = cols;
    g.cells.assign(static_cast<size_t>(rows) * cols, SceneCell{});
}

SceneCell& cell_at(SceneGrid& g, int row, int col) { return g.cells[static_cast<size_t>(row * g.cols + col)]; }

// Every (input cell, kernel tap) pair that lands on output (r, c), row-major in the input.
struct Pair2 {
    int i, j, ky, kx;
};
std::vector<Pair2> contributions(const TransposedWalk& w, int r, int c) {
    std::vector<Pair2> out;
    for (const auto& [i, ky] : axis_pairs(w.rows, r))
        for (const auto& [j, kx] : axis_pairs(w.cols, c)) out.push_back({i, j, ky, kx});
    std::sort(out.begin(), out.end(), [](const Pair2& a, const Pair2& b) { return a.i != b.i ? a.i < b.i : a.j < b.j; });
    return out;
}

// "x[0][0]×w[2][2] + ... = 1×1 + 2×1 = 3" for output (r, c).
std::string gather_sum(const Lesson& l, const TransposedWalk& w, int r, int c) {
    const Config& cf = l.config();
    const auto pairs = contributions(w, r, c);
    if (pairs.empty()) {
        std::string s = tr(cf.lang, "no (input cell, kernel tap) pair reaches it");
        s += cf.bias != 0 ? trf(cf.lang, ": only the bias, {0}", {format_number(cf.bias)}) : std::string(tr(cf.lang, ": it stays 0"));
        return s;
    }
    std::string names, numbers;
    for (size_t k = 0; k < pairs.size(); ++k) {
        const Pair2& p = pairs[k];
        names += (k ? " + " : "") + indexed_name(cf, "x", p.i, p.j) + "\u00d7" + indexed_name(cf, "w", p.ky, p.kx);
        numbers += (k ? " + " : "") + format_number(l.input.at(0, p.i, p.j)) + "\u00d7" +
                   format_number(l.weight.at(0, 0, p.ky, p.kx));
    }
    std::string s = names + " = " + numbers;
    if (cf.bias != 0) s += trf(cf.lang, " + bias {0}", {format_number(cf.bias)});
    return s + " = " + format_number(l.output.at(0, r, c));
}

// The output cells (and canvas positions) input (i, j) stamps onto.
void stamp_of(const TransposedWalk& w, int i, int j, std::vector<OutputPos>& canvas, std::vector<OutputPos>& output,
              std::vector<OutputPos>* taps) {
    for (int ky = 0; ky < w.rows.kernel; ++ky)
        for (int kx = 0; kx < w.cols.kernel; ++kx) {
            const int fr = w.rows.canvas_of(i, ky), fc = w.cols.canvas_of(j, kx);
            canvas.push_back({fr, fc});
            if (taps) taps->push_back({ky, kx});
            const int r = fr - w.rows.padding, c = fc - w.cols.padding;
            if (r >= 0 && r < w.rows.output && c >= 0 && c < w.cols.output) output.push_back({r, c});
        }
}

// The equivalent convolution's window for output (r, c): its taps in the grid, flipped-kernel order.
void window_of(const TransposedWalk& w, int r, int c, std::vector<OutputPos>& grid) {
    for (int ky = 0; ky < w.rows.kernel; ++ky)
        for (int kx = 0; kx < w.cols.kernel; ++kx) grid.push_back({r + ky * w.rows.dilation, c + kx * w.cols.dilation});
}

// Output cells whose equivalent windows cover grid cell (g, h).
std::vector<OutputPos> windows_covering(const TransposedWalk& w, int g, int h) {
    std::vector<OutputPos> out;
    for (int ky = 0; ky < w.rows.kernel; ++ky) {
        const int r = g - ky * w.rows.dilation;
        if (r < 0 || r >= w.rows.output) continue;
        for (int kx = 0; kx < w.cols.kernel; ++kx) {
            const int c = h - kx * w.cols.dilation;
            if (c >= 0 && c < w.cols.output) out.push_back({r, c});
        }
    }
    return out;
}

void hover_output_cell(const Lesson& l, const TransposedWalk& w, int r, int c, TransposedScene& s) {
    const Config& cf = l.config();
    s.hover_output.push_back({r, c});
    s.hover_canvas.push_back({r + w.rows.padding, c + w.cols.padding});
    window_of(w, r, c, s.hover_grid);
    const auto pairs = contributions(w, r, c);
    for (const Pair2& p : pairs) {
        s.hover_input.push_back({p.i, p.j});
        s.hover_kernel.push_back({p.ky, p.kx});
    }
    s.tooltip = indexed_name(cf, "y", r, c) + " = " + format_number(l.output.at(0, r, c)) + "\n" +
                trp(cf.lang, "{0} (input cell, kernel tap) pair reach it: {1}|{0} (input cell, kernel tap) pairs reach it: {1}",
                    static_cast<int64_t>(pairs.size()), {gather_sum(l, w, r, c)}) +
                trf(cf.lang, "\nequivalent convolution: the window at {0} of the zero-inserted input, kernel flipped",
                    {position_text(cf, r - w.rows.equivalent_pad, c - w.cols.equivalent_pad)});
}

void hover_input_cell(const Lesson& l, const TransposedWalk& w, int i, int j, TransposedScene& s) {
    const Config& cf = l.config();
    s.hover_input.push_back({i, j});
    const size_t before = s.hover_output.size();
    stamp_of(w, i, j, s.hover_canvas, s.hover_output, nullptr);
    const int g = w.rows.grid_of(i), h = w.cols.grid_of(j);
    const bool in_grid = g >= 0 && g < w.rows.equivalent && h >= 0 && h < w.cols.equivalent;
    if (in_grid) s.hover_grid.push_back({g, h});
    const int reached = static_cast<int>(s.hover_output.size() - before);
    const int taps = w.rows.kernel * w.cols.kernel;
    s.tooltip = indexed_name(cf, "x", i, j) + " = " + format_number(l.input.at(0, i, j)) +
                trp(cf.lang, "\nstamps {1} \u00d7 the kernel onto {0} output cell|\nstamps {1} \u00d7 the kernel onto {0} output cells",
                    reached, {format_number(l.input.at(0, i, j))});
    if (reached < taps)
        s.tooltip += trf(cf.lang, " ({0} of its {1} taps cropped)", {std::to_string(taps - reached), std::to_string(taps)});
    s.tooltip += in_grid ? trf(cf.lang, "\nequivalent convolution: at {0} of the zero-inserted input",
                               {position_text(cf, i * w.rows.stride, j * w.cols.stride)})
                         : std::string(tr(cf.lang, "\nequivalent convolution: cropped away (padding > dilation\u00b7(kernel - 1))"));
}

}  // namespace

TransposedScene build_transposed_scene(const Lesson& l, const TransposedSceneOptions& o) {
    TransposedScene s;
    const Config& c = l.config();
    s.config = c;
    s.error = l.error;
    s.walks_input = l.walks_input();
    s.steps = l.steps();
    s.step = s.steps > 0 ? std::clamp(o.step, 0, s.steps - 1) : 0;

    // Input and kernel: shown even when the layer is refused.
    const int H = c.input[0], W = c.input[1], KH = c.kernel[0], KW = c.kernel[1];
    size_grid(s.input, H, W);
    s.input.title = trf(c.lang, "Input {0}", {base::size_text(c.input)});
    s.input.max_abs = largest_magnitude(c.x);
    for (int i = 0; i < H; ++i)
        for (int j = 0; j < W; ++j) {
            SceneCell& cell = cell_at(s.input, i, j);
            cell.value = c.x[static_cast<size_t>(i * W + j)];
            cell.text = format_number(cell.value);
            // Input cells still to scatter are drawn as pending.
            cell.mark = s.walks_input && s.steps > 0 && i * W + j > s.step ? Mark::pending : Mark::input;
        }
    size_grid(s.kernel, KH, KW);
    s.kernel.title = trf(c.lang, "Kernel {0}", {base::size_text(c.kernel)});
    s.kernel.max_abs = largest_magnitude(c.w);
    for (size_t k = 0; k < s.kernel.cells.size(); ++k) {
        s.kernel.cells[k].mark = Mark::weight;
        s.kernel.cells[k].value = c.w[k];
        s.kernel.cells[k].text = format_number(c.w[k]);
    }
    if (!l.error.empty()) return s;

    const TransposedWalk w = transposed_walk(l);
    if (!w.error.empty()) {
        s.error = w.error;
        return s;
    }
    s.rows = w.rows;
    s.cols = w.cols;
    s.overlap_min = w.overlap_min;
    s.overlap_max = w.overlap_max;
    const TransposedAxis &R = w.rows, &C = w.cols;
    const int OH = R.output, OW = C.output;
    const int last = s.steps - 1;

    // The scatter's canvas: partial sums (scatter) or the outputs gathered so far (conv).
    std::vector<char> reached;
    const std::vector<float> partial =
        scatter_partial(l, w, s.walks_input ? s.step : last, &reached);
    size_grid(s.canvas, R.canvas, C.canvas);
    s.canvas.origin_row = R.padding;
    s.canvas.origin_col = C.padding;
    s.canvas.inner_rows = OH;
    s.canvas.inner_cols = OW;
    s.canvas.title = trf(c.lang, "Output {0}", {base::size_text({OH, OW})});
    if (R.canvas != OH || C.canvas != OW)
        s.canvas.title += trf(c.lang, " (scatter {0}, cropped)", {base::size_text({R.canvas, C.canvas})});
    s.canvas.max_abs = std::max(largest_magnitude(partial), largest_magnitude(l.output.data));
    for (int fr = 0; fr < R.canvas; ++fr)
        for (int fc = 0; fc < C.canvas; ++fc) {
            SceneCell& cell = cell_at(s.canvas, fr, fc);
            const size_t at = static_cast<size_t>(fr) * C.canvas + fc;
            const int r = fr - R.padding, cc = fc - C.padding;
            const bool inside = r >= 0 && r < OH && cc >= 0 && cc < OW;
            cell.unread = !inside;  // cropped by the padding
            bool written;
            if (s.walks_input) written = reached[at] || (inside && s.step == last);
            else written = inside && r * OW + cc <= s.step;
            cell.mark = written ? Mark::written : Mark::pending;
            cell.value = partial[at];
            if (written) cell.text = format_number(cell.value);
        }

    // The equivalent convolution.
    size_grid(s.grid, R.equivalent, C.equivalent);
    s.grid.origin_row = R.equivalent_pad;
    s.grid.origin_col = C.equivalent_pad;
    s.grid.title = trf(c.lang, "Input {0}, zeros inserted, padded", {base::size_text({R.equivalent, C.equivalent})});
    s.grid.max_abs = s.input.max_abs;
    for (int g = 0; g < R.equivalent; ++g)
        for (int h = 0; h < C.equivalent; ++h) {
            SceneCell& cell = cell_at(s.grid, g, h);
            const int i = R.input_at_grid(g), j = C.input_at_grid(h);
            cell.value = w.equivalent_input.at(0, g, h);
            cell.text = format_number(cell.value);
            const bool in_rows = i >= 0 || R.inserted_zero_at_grid(g);
            const bool in_cols = j >= 0 || C.inserted_zero_at_grid(h);
            if (i >= 0 && j >= 0) {
                cell.mark = Mark::input;
                cell.src_y = i;
                cell.src_x = j;
            } else if (in_rows && in_cols) {
                cell.mark = Mark::skipped;  // a zero the stride inserts between input cells
            } else {
                cell.mark = Mark::padding;
            }
        }
    size_grid(s.flipped, KH, KW);
    s.flipped.title = tr(c.lang, "Kernel flipped");
    s.flipped.max_abs = s.kernel.max_abs;
    for (int ky = 0; ky < KH; ++ky)
        for (int kx = 0; kx < KW; ++kx) {
            SceneCell& cell = cell_at(s.flipped, ky, kx);
            cell.mark = Mark::weight;
            cell.value = w.flipped.at(0, 0, ky, kx);
            cell.text = format_number(cell.value);
        }
    size_grid(s.output, OH, OW);
    s.output.title = trf(c.lang, "Output {0}", {base::size_text({OH, OW})});
    s.output.max_abs = s.canvas.max_abs;
    for (int r = 0; r < OH; ++r)
        for (int cc = 0; cc < OW; ++cc) {
            SceneCell& cell = cell_at(s.output, r, cc);
            const SceneCell& on_canvas = cell_at(s.canvas, r + R.padding, cc + C.padding);
            cell.mark = on_canvas.mark;
            // Scatter: the partial sum so far; conv: the equivalent convolution's own output.
            cell.value = s.walks_input && s.step < last ? on_canvas.value : w.equivalent_output.at(0, r, cc);
            if (cell.mark == Mark::written) cell.text = format_number(cell.value);
        }

    // The overlap view: the counts so far on the canvas.
    if (c.transposed_view == TransposedView::overlap) {
        size_grid(s.overlap, R.canvas, C.canvas);
        s.overlap.origin_row = R.padding;
        s.overlap.origin_col = C.padding;
        s.overlap.inner_rows = OH;
        s.overlap.inner_cols = OW;
        s.overlap.title = tr(c.lang, "Overlap: pairs per output cell");
        std::vector<int> counts(s.overlap.cells.size(), 0);
        for (int st = 0; st <= s.step; ++st) {
            const int i = st / W, j = st % W;
            for (int ky = 0; ky < KH; ++ky)
                for (int kx = 0; kx < KW; ++kx)
                    ++counts[static_cast<size_t>(R.canvas_of(i, ky)) * C.canvas + C.canvas_of(j, kx)];
        }
        s.overlap.max_abs = static_cast<float>(std::max(w.overlap_max, 1));
        for (size_t k = 0; k < counts.size(); ++k) {
            SceneCell& cell = s.overlap.cells[k];
            const int fr = static_cast<int>(k) / C.canvas, fc = static_cast<int>(k) % C.canvas;
            const int r = fr - R.padding, cc = fc - C.padding;
            cell.unread = !(r >= 0 && r < OH && cc >= 0 && cc < OW);
            cell.value = static_cast<float>(counts[k]);
            cell.mark = counts[k] > 0 || s.step == last ? Mark::written : Mark::pending;
            if (cell.mark == Mark::written) cell.text = std::to_string(counts[k]);
        }
        s.panels = overlap_panels(l, w);
    }

    // The current step in every grid.
    if (s.steps > 0) {
        if (s.walks_input) {
            const int i = s.step / W, j = s.step % W;
            s.step_input.push_back({i, j});
            stamp_of(w, i, j, s.step_canvas, s.step_output, &s.step_kernel);
            const int g = R.grid_of(i), h = C.grid_of(j);
            if (g >= 0 && g < R.equivalent && h >= 0 && h < C.equivalent) s.step_grid.push_back({g, h});
        } else {
            const int r = s.step / OW, cc = s.step % OW;
            s.step_output.push_back({r, cc});
            s.step_canvas.push_back({r + R.padding, cc + C.padding});
            window_of(w, r, cc, s.step_grid);
            for (int ky = 0; ky < KH; ++ky)
                for (int kx = 0; kx < KW; ++kx) s.step_flipped.push_back({ky, kx});
            for (const Pair2& p : contributions(w, r, cc)) {
                s.step_input.push_back({p.i, p.j});
                s.step_kernel.push_back({p.ky, p.kx});
            }
        }
    }

    // What the pointer is over, in every grid.
    const TransposedHover& h = o.hover;
    switch (h.kind) {
        case TransposedHover::none: break;
        case TransposedHover::input:
            if (h.row >= 0 && h.row < H && h.col >= 0 && h.col < W) hover_input_cell(l, w, h.row, h.col, s);
            break;
        case TransposedHover::output:
            if (h.row >= 0 && h.row < OH && h.col >= 0 && h.col < OW) hover_output_cell(l, w, h.row, h.col, s);
            break;
        case TransposedHover::canvas: {
            if (h.row < 0 || h.row >= R.canvas || h.col < 0 || h.col >= C.canvas) break;
            const int r = h.row - R.padding, cc = h.col - C.padding;
            if (r >= 0 && r < OH && cc >= 0 && cc < OW) {
                hover_output_cell(l, w, r, cc, s);
                break;
            }
            s.hover_canvas.push_back({h.row, h.col});
            int pairs = 0;
            for (int i = 0; i < H; ++i)
                for (int ky = 0; ky < KH; ++ky)
                    if (R.canvas_of(i, ky) == h.row)
                        for (int j = 0; j < W; ++j)
                            for (int kx = 0; kx < KW; ++kx)
                                if (C.canvas_of(j, kx) == h.col) {
                                    s.hover_input.push_back({i, j});
                                    s.hover_kernel.push_back({ky, kx});
                                    ++pairs;
                                }
            s.tooltip = trf(c.lang, R.output_padding || C.output_padding
                                        ? "cropped: scatter position {0} is in the padding ({1} and {2} cropped from each side, less output_padding at the bottom/right)"
                                        : "cropped: scatter position {0} is in the padding ({1} and {2} cropped from each side)",
                            {position_text(c, h.row, h.col), trp(c.lang, "{0} row|{0} rows", R.padding),
                             trp(c.lang, "{0} column|{0} columns", C.padding)}) +
                        trp(c.lang, "\n{0} (input cell, kernel tap) pair land here and are thrown away|\n{0} (input cell, kernel tap) pairs land here and are thrown away",
                            pairs);
            break;
        }
        case TransposedHover::grid: {
            if (h.row < 0 || h.row >= R.equivalent || h.col < 0 || h.col >= C.equivalent) break;
            const int i = R.input_at_grid(h.row), j = C.input_at_grid(h.col);
            if (i >= 0 && j >= 0) {
                hover_input_cell(l, w, i, j, s);
                break;
            }
            s.hover_grid.push_back({h.row, h.col});
            s.hover_output = windows_covering(w, h.row, h.col);
            const bool inserted = (i >= 0 || R.inserted_zero_at_grid(h.row)) && (j >= 0 || C.inserted_zero_at_grid(h.col));
            s.tooltip = inserted ? trp(c.lang, "0: inserted by the stride ({0} zero between input rows, {1} between columns)|"
                                               "0: inserted by the stride ({0} zeros between input rows, {1} between columns)",
                                       R.stride - 1, {std::to_string(C.stride - 1)})
                                 : trf(c.lang, "0: padding of the equivalent convolution, dilation\u00b7(kernel - 1) - padding = {0}",
                                       {std::to_string(R.equivalent_pad)}) +
                                       (R.output_padding || C.output_padding
                                            ? tr(c.lang, " (plus output_padding at the bottom/right)")
                                            : "");
            s.tooltip += trf(c.lang, "\nread by {0} window(s); every product with it is 0, wasted work",
                             {std::to_string(s.hover_output.size())});
            break;
        }
        case TransposedHover::kernel:
        case TransposedHover::flipped: {
            if (h.row < 0 || h.row >= KH || h.col < 0 || h.col >= KW) break;
            const bool flipped = h.kind == TransposedHover::flipped;
            const int ky = flipped ? KH - 1 - h.row : h.row, kx = flipped ? KW - 1 - h.col : h.col;
            s.hover_kernel.push_back({ky, kx});
            s.tooltip = indexed_name(c, "w", ky, kx) + " = " + format_number(l.weight.at(0, 0, ky, kx)) +
                        trf(c.lang, "\nflipped, it is tap {0} of the equivalent convolution's kernel",
                            {position_text(c, KH - 1 - ky, KW - 1 - kx)});
            if (s.walks_input && s.steps > 0) {
                const int i = s.step / W, j = s.step % W;
                const OutputPos at{R.canvas_of(i, ky), C.canvas_of(j, kx)};
                s.hover_canvas.push_back(at);
                s.tooltip += trf(c.lang, "\nat this step it adds {0} at scatter position {1}",
                                 {format_number(l.input.at(0, i, j)) + "\u00d7" + format_number(l.weight.at(0, 0, ky, kx)),
                                  position_text(c, at.row, at.col)});
            }
            break;
        }
    }
    return s;
}

// [SECTION] Sentences -----------------------------------------------------------------------------

std::optional<AdjointCheck> adjoint_check(const Lesson& l) {
    const Config& c = l.config();
    if (c.op != Op::conv_transpose2d || !l.error.empty()) return std::nullopt;
    const ConvTranspose2dOptions t = conv_transpose_options(c);
    // conv2d of the output's size comes back to the input's size unless output_padding reaches the
    // stride (possible when the dilation is larger): then the floor gives one more.
    if (c.output_padding[0] >= c.stride[0] || c.output_padding[1] >= c.stride[1]) return std::nullopt;
    Tensor x = Tensor::zeros(1, l.output.h, l.output.w);
    x.data = base::fill_values(base::Fill::seq, 1, l.output.h, l.output.w);
    Conv2dOptions o;
    o.stride = c.stride;
    o.dilation = c.dilation;
    o.padding = Padding::symmetric(t.padding[0], t.padding[1]);
    const Result<Tensor> forward = conv2d(x, l.weight, nullptr, o);
    const Result<Tensor> back = conv_transpose2d(l.input, l.weight, nullptr, t);
    if (!forward.ok() || !back.ok() || forward.value.size() != l.input.size() || back.value.size() != x.size())
        return std::nullopt;
    AdjointCheck a;
    for (size_t k = 0; k < l.input.size(); ++k) a.conv_dot += double(forward.value.data[k]) * l.input.data[k];
    for (size_t k = 0; k < x.size(); ++k) a.transposed_dot += double(x.data[k]) * back.value.data[k];
    return a;
}

std::string transposed_formula(const TransposedAxis& a, bool rows) {
    base::Text f;
    f << "(" << a.input << " - 1)\u00b7" << a.stride << " - 2\u00b7" << a.padding << " + " << a.dilation << "\u00b7("
      << a.kernel << " - 1) + " << a.output_padding << " + 1 = " << a.output;
    (void)rows;
    return f.str();
}

std::string output_padding_reason(const TransposedAxis& a, bool rows, Lang lang) {
    // conv2d with this kernel, stride, padding and dilation maps every n in [lo, lo + stride - 1]
    // to a.input (the floor absorbs up to stride - 1): the transposed conv gives back lo + output_padding.
    const int lo = (a.input - 1) * a.stride - 2 * a.padding + a.dilation * (a.kernel - 1) + 1;
    auto n = [](int v) { return std::to_string(v); };
    if (a.stride == 1)
        return trf(lang, rows ? "Stride 1: conv2d maps only {0} rows to {1}, so there is nothing to choose"
                              : "Stride 1: conv2d maps only {0} columns to {1}, so there is nothing to choose",
                   {n(lo), n(a.input)});
    std::vector<int> sizes;
    for (int m = lo; m < lo + a.stride; ++m)
        if (m >= 1) sizes.push_back(m);
    std::string list;
    for (size_t k = 0; k < sizes.size(); ++k) list += (k == 0 ? "" : k + 1 == sizes.size() ? tr(lang, " and ") : ", ") + n(sizes[k]);
    std::string picks;
    const int limit = std::max(a.stride, a.dilation);
    for (int op = 0; op < limit && lo + op >= 1; ++op) picks += (op ? ", " : "") + trf(lang, "{0} gives {1}", {n(op), n(lo + op)});
    return trf(lang, rows ? "A stride-{0} conv2d (kernel {1}, padding {2}) maps {3} rows to {4}: the transposed conv cannot know which to give back, so output_padding picks it ({5})"
                          : "A stride-{0} conv2d (kernel {1}, padding {2}) maps {3} columns to {4}: the transposed conv cannot know which to give back, so output_padding picks it ({5})",
               {n(a.stride), n(a.kernel), n(a.padding), list, n(a.input), picks});
}

std::vector<Line> transposed_explanation(const Lesson& l, int step, Detail detail) {
    std::vector<Line> lines;
    const Config& c = l.config();
    if (!l.error.empty()) {
        lines.push_back({Line::error, true, trf(c.lang, "Nothing to walk: this layer is refused ({0}).", {say(c.lang, l.why)})});
        lines.push_back({Line::plain, true,
                         trf(c.lang, "The output size per axis: {0}",
                             {"H_out = (H - 1)\u00b7S - 2\u00b7P + D\u00b7(K - 1) + output_padding + 1"})});
        return lines;
    }
    const TransposedWalk w = transposed_walk(l);
    if (!w.error.empty()) return lines;
    const int steps = l.steps();
    const int st = std::clamp(step, 0, std::max(steps - 1, 0));
    const int W = c.input[1];
    const TransposedAxis &R = w.rows, &C = w.cols;
    if (l.walks_input() && steps > 0) {
        const int i = st / W, j = st % W;
        const float v = l.input.at(0, i, j);
        const int r0 = R.canvas_of(i, 0) - R.padding, r1 = R.canvas_of(i, R.kernel - 1) - R.padding;
        const int c0 = C.canvas_of(j, 0) - C.padding, c1 = C.canvas_of(j, C.kernel - 1) - C.padding;
        int cropped = 0;
        for (int ky = 0; ky < R.kernel; ++ky)
            for (int kx = 0; kx < C.kernel; ++kx) {
                const int r = R.canvas_of(i, ky) - R.padding, cc = C.canvas_of(j, kx) - C.padding;
                cropped += r < 0 || r >= R.output || cc < 0 || cc >= C.output;
            }
        std::string head = trf(c.lang, "Step {0} of {1}: input {2} = {3} stamps {3} \u00d7 the kernel onto output rows {4}..{5}, columns {6}..{7}",
                               {std::to_string(st + 1), std::to_string(steps), position_text(c, i, j), format_number(v),
                                index_number(c, r0), index_number(c, r1), index_number(c, c0), index_number(c, c1)});
        if (R.dilation > 1 || C.dilation > 1) head += trf(c.lang, " (every {0} apart: dilation)", {std::to_string(R.dilation)});
        lines.push_back({Line::plain, true, head});
        std::string products;
        const int taps = R.kernel * C.kernel;
        for (int k = 0; k < taps && k < 9; ++k)
            products += (k ? ", " : "") + format_number(v) + "\u00d7" + format_number(c.w[static_cast<size_t>(k)]);
        if (taps > 9) products += ", ...";
        std::string adds = trf(c.lang, "adds {0}", {products});
        adds += cropped ? trf(c.lang, "; {0} of the {1} land in the padding and are cropped", {std::to_string(cropped), std::to_string(taps)})
                        : std::string(tr(c.lang, "; the output accumulates: cells reached by earlier stamps add up"));
        lines.push_back({Line::window, true, adds});
        lines.push_back({Line::plain, true,
                         trf(c.lang, "Equivalent stride-1 convolution: the same input cell sits at {0} of the zero-inserted input "
                                     "({1} zero(s) between cells, {2} padding before, {3} after); the flipped kernel's windows "
                                     "over it are the outputs it reaches.",
                             {position_text(c, i * R.stride, j * C.stride), std::to_string(R.stride - 1),
                              std::to_string(R.equivalent_pad), std::to_string(R.equivalent_pad + R.output_padding)})});
    } else if (steps > 0) {
        const int OW = C.output;
        const int r = st / OW, cc = st % OW;
        const auto trace = l.trace(st);
        std::string products;
        if (trace.ok()) {
            // The equivalent convolution reads every tap, inserted and padding zeros included; the
            // trace lists them by kernel tap, which is the flipped kernel read backwards.
            const auto& taps = trace.value.taps;
            for (size_t k = taps.size(); k-- > 0;)
                products += (k + 1 == taps.size() ? "" : " + ") + format_number(taps[k].value) + "\u00d7" +
                            format_number(taps[k].weight);
            products += " = " + format_number(trace.value.sum);
            if (c.bias != 0) products += trf(c.lang, "   + bias {0} = {1}", {format_number(c.bias), format_number(trace.value.result)});
        }
        lines.push_back({Line::plain, true,
                         trf(c.lang, "Step {0} of {1}: output {2} from the flipped kernel's window at {3} of the zero-inserted input (padding counts below 0)",
                             {std::to_string(st + 1), std::to_string(steps), position_text(c, r, cc),
                              position_text(c, r - R.equivalent_pad, cc - C.equivalent_pad)})});
        lines.push_back({Line::window, true, products});
        const auto pairs = axis_pairs(R, r).size() * axis_pairs(C, cc).size();
        lines.push_back({Line::plain, true,
                         trf(c.lang, "Scatter: {0} of the {1} products are real (input cell \u00d7 kernel tap): {2}; the rest multiply inserted or padding zeros.",
                             {std::to_string(pairs), std::to_string(R.kernel * C.kernel), gather_sum(l, w, r, cc)})});
    }
    lines.push_back({Line::plain, true, trf(c.lang, "Height: {0}", {"(H - 1)\u00b7S - 2\u00b7P + D\u00b7(K - 1) + output_padding + 1 = " +
                                                                   transposed_formula(R, true)})});
    lines.push_back({Line::plain, true, trf(c.lang, "Width:  {0}", {transposed_formula(C, false)})});
    if (detail == Detail::compact) return lines;
    lines.push_back({Line::plain, true, output_padding_reason(R, true, c.lang) + "."});
    if (C.stride != R.stride || C.kernel != R.kernel || C.padding != R.padding || C.input != R.input)
        lines.push_back({Line::plain, true, output_padding_reason(C, false, c.lang) + "."});
    const bool divisible = R.kernel % R.stride == 0 && C.kernel % C.stride == 0;
    std::string overlap = trf(c.lang, w.overlap_max != w.overlap_min ? "Overlap: {0} to {1} (input cell, kernel tap) pairs reach each output cell"
                                                                      : "Overlap: {0} (input cell, kernel tap) pairs reach each output cell",
                              {std::to_string(w.overlap_min), std::to_string(w.overlap_max)});
    if (R.stride > 1 || C.stride > 1)
        overlap += divisible ? std::string(tr(c.lang, "; the kernel is divisible by the stride, so away from the edges every cell gets the same"))
                             : std::string(tr(c.lang, "; the kernel is not divisible by the stride, so neighbours get "
                                                      "different counts: the checkerboard")) +
                                   (c.transposed_view == TransposedView::overlap ? "" : tr(c.lang, " (see the overlap view)"));
    lines.push_back({Line::plain, true, overlap + "."});
    if (c.transposed_view == TransposedView::overlap) {  // the comparisons under the map, in words
        const std::vector<OverlapPanel> panels = overlap_panels(l, w);
        for (size_t k = 1; k < panels.size(); ++k)
            lines.push_back({Line::plain, true, trf(c.lang, "{0}: {1}", {panels[k].title, panels[k].caption}) + "."});
    }
    if (auto adjoint = adjoint_check(l)) {
        const std::string pair_in = std::to_string(R.input) + "x" + std::to_string(C.input);
        const std::string pair_out = std::to_string(R.output) + "x" + std::to_string(C.output);
        // The inner products read as code (C locale), as the formula lines do.
        lines.push_back({Line::plain, true,
                         trf(c.lang, "Adjoint: conv2d with this kernel, stride, padding and dilation maps {0} to {1}, and this layer is its gradient. For x = 1, 2, 3, ... ({0}) and y the input here: {2} (no bias).",
                             {pair_out, pair_in,
                              "<conv2d(x), y> = " + base::format_general(adjoint->conv_dot, 9) +
                                  " = <x, conv_transpose2d(y)> = " + base::format_general(adjoint->transposed_dot, 9)})});
    }
    const int64_t equivalent_macs = int64_t(R.output) * C.output * R.kernel * C.kernel;
    int64_t real = 0;
    for (int r = 0; r < R.output; ++r)
        for (int cc = 0; cc < C.output; ++cc) real += w.overlap(r, cc);
    lines.push_back({Line::plain, true,
                     trf(c.lang, "Cost: {0} MACs scattering (every input cell times the whole kernel, cropped taps included); the equivalent convolution does {1}, of which {2} multiply inserted or padding zeros.",
                         {number_text(c.lang, l.macs()), number_text(c.lang, equivalent_macs), number_text(c.lang, equivalent_macs - real)})});
    return lines;
}

}  // namespace strideconv::teach
