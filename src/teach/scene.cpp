// scene.cpp -- the views' plain data (see scene.hpp). Standard C++ only.
#include "teach/scene.hpp"

#include <algorithm>
#include <cmath>

#include "base/text.hpp"
#include "teach/channels.hpp"

namespace strideconv::teach {

float largest_magnitude(const std::vector<float>& values) {
    float m = 0;
    for (float v : values)
        if (std::isfinite(v)) m = std::max(m, std::fabs(v));
    return m;
}

std::string indexed_name(const Config& c, const char* name, int row, int col) {
    // [Channels and groups] x[channel][row][col], w[filter][plane][ky][kx], y[channel][row][col].
    std::string channel;
    if (c.channels.in_channels > 1 || output_channels(c.channels, c.op) > 1) {
        const int plane = c.channels.in_channel - first_seen_channel(c.channels, c.op, c.channels.channel);
        channel = name[0] == 'x'   ? "[" + std::to_string(c.channels.in_channel) + "]"
                  : name[0] == 'w' ? "[" + std::to_string(c.channels.channel) + "][" + std::to_string(plane) + "]"
                                   : "[" + std::to_string(c.channels.channel) + "]";
    }
    return std::string(name) + channel + "[" + index_number(c, row) + "][" + index_number(c, col) + "]";
}

namespace {

// [Channels and groups] The grids show one plane: input channel channels.in_channel, the walked
// filter's plane for it, output channel channels.channel (teach/channels.hpp has the indices).
size_t input_plane(const Config& c) { return shown_input_index(c, 0, 0); }
size_t kernel_plane(const Config& c) { return shown_weight_index(c, 0, 0); }
bool multichannel(const Config& c) { return c.channels.in_channels > 1 || output_channels(c.channels, c.op) > 1; }

// Pools never copy input into their padding; conv does for reflect, replicate and circular.
PaddingMode read_mode(const Config& c) { return c.op == Op::conv2d ? c.padding_mode : PaddingMode::zeros; }

void fill_input(const Lesson& l, const SceneOptions& o, SceneGrid& g) {
    const Config& c = l.config();
    const Pad4 pad = effective_padding(c);
    const int H = c.input[0], W = c.input[1];
    const PaddingMode mode = read_mode(c);
    g.rows = H + pad.top + pad.bottom;
    g.cols = W + pad.left + pad.right;
    g.origin_row = pad.top;
    g.origin_col = pad.left;
    g.inner_rows = H;
    g.inner_cols = W;
    g.title = trf(c.lang, "Input {0}", {base::size_text({H, W})});
    if (multichannel(c))
        g.title = trf(c.lang, "Input ch {0}, {1}", {std::to_string(c.channels.in_channel), base::size_text({H, W})});
    if (g.rows != H || g.cols != W)
        g.title += trf(c.lang, " (padded {0})", {base::size_text({g.rows, g.cols})});
    g.max_abs = largest_magnitude(c.x);
    g.cells.resize(static_cast<size_t>(g.rows) * g.cols);
    const float* plane = c.x.data() + input_plane(c);
    const bool roles = l.error.empty() && o.reveal;
    for (int py = 0; py < g.rows; ++py)
        for (int px = 0; px < g.cols; ++px) {
            SceneCell& cell = g.cells[static_cast<size_t>(py * g.cols + px)];
            const int y = py - pad.top, x = px - pad.left;
            if (y >= 0 && y < H && x >= 0 && x < W) {
                cell.value = plane[static_cast<size_t>(y * W + x)];
                cell.text = format_number(cell.value);
                const CellRole role = roles ? l.role(y, x) : CellRole::visited;
                cell.mark = role == CellRole::dropped ? Mark::dropped
                            : role == CellRole::skipped ? Mark::skipped
                                                        : Mark::input;
                continue;
            }
            cell.mark = Mark::padding;
            // The floor's remainder may lie partly in the padding: those rows/columns are unread too.
            cell.unread = l.error.empty() && o.reveal &&
                          (py >= l.shape.rows.last_window_end || px >= l.shape.cols.last_window_end);
            const int sy = source_index(mode, y, H), sx = source_index(mode, x, W);
            if (sy >= 0 && sx >= 0) {
                cell.src_y = sy;
                cell.src_x = sx;
                cell.value = plane[static_cast<size_t>(sy * W + sx)];
                cell.text = format_number(cell.value);
            } else if (c.op == Op::max_pool2d) {
                cell.value = -INFINITY;  // max pooling pads with -inf: never the maximum
                cell.text = "-inf";
            } else {
                cell.value = 0;
                cell.text = "0";
            }
        }
}

void fill_kernel(const Config& c, SceneGrid& g) {
    g.rows = g.inner_rows = c.kernel[0];
    g.cols = g.inner_cols = c.kernel[1];
    const bool conv = c.op == Op::conv2d;
    g.title = trf(c.lang, conv ? "Kernel {0}" : c.op == Op::max_pool2d ? "Max window {0}" : "Avg window {0}",
                  {base::size_text({g.rows, g.cols})});
    if (conv && multichannel(c))
        g.title = trf(c.lang, "Filter {0}, ch {1}, {2}",
                      {std::to_string(c.channels.channel), std::to_string(c.channels.in_channel),
                       base::size_text({g.rows, g.cols})});
    g.max_abs = largest_magnitude(c.w);
    g.cells.resize(static_cast<size_t>(g.rows) * g.cols);
    for (size_t k = 0; k < g.cells.size(); ++k) {
        SceneCell& cell = g.cells[k];
        if (conv) {
            cell.mark = Mark::weight;
            cell.value = c.w[kernel_plane(c) + k];
            cell.text = format_number(cell.value);
        } else {
            cell.mark = Mark::pool_tap;
            cell.text = c.op == Op::max_pool2d ? "max" : "avg";
        }
    }
}

void fill_output(const Lesson& l, const SceneOptions& o, SceneGrid& g) {
    const Config& c = l.config();
    g.hidden = o.hide_output;
    if (!l.error.empty()) return;
    g.rows = g.inner_rows = l.output.h;
    g.cols = g.inner_cols = l.output.w;
    g.title = trf(c.lang, "Output {0}", {base::size_text({g.rows, g.cols})});
    if (multichannel(c))
        g.title = trf(c.lang, "Output ch {0}, {1}", {std::to_string(c.channels.channel), base::size_text({g.rows, g.cols})});
    g.max_abs = largest_magnitude(l.output.data);
    g.cells.resize(static_cast<size_t>(g.rows) * g.cols);
    for (int oy = 0; oy < g.rows; ++oy)
        for (int ox = 0; ox < g.cols; ++ox) {
            SceneCell& cell = g.cells[static_cast<size_t>(oy * g.cols + ox)];
            cell.value = l.output.at(c.channels.channel, oy, ox);
            cell.kept = o.kept_every && oy % (*o.kept_every)[0] == 0 && ox % (*o.kept_every)[1] == 0;
            const int st = l.cell_step(oy, ox);
            if (st == o.step && o.hide_current) {
                cell.mark = Mark::pending;
                cell.text = "?";
            } else if (st <= o.step) {
                cell.mark = Mark::written;
                cell.text = format_number(cell.value);
            } else {
                cell.mark = Mark::pending;
            }
        }
}

InputPos origin_of(const Lesson& l, int step) {
    const auto [y, x] = l.tap_position(step, 0, 0);
    return {y, x};
}

void add_walk(const Lesson& l, const SceneOptions& o, Scene& s) {
    const Config& c = l.config();
    const int steps = l.steps();
    if (steps > 0 && o.step >= 0) {
        const CellIndex cur = l.step_cell(o.step);
        s.current = OutputPos{cur.row, cur.col};
    }
    int prev_row = -1;
    for (int st = 0; o.reveal && st < steps && !(o.hide_window && st >= o.step); ++st) {
        const int row = l.step_cell(st).row;
        TrailPoint p;
        p.at = origin_of(l, st);
        p.past = st <= o.step;
        p.joined = p.past && prev_row == row && st > 0;
        s.trail.push_back(p);
        prev_row = row;
    }
    if (steps > 0 && o.step > 0 && !o.hide_window) {
        const CellIndex cur = l.step_cell(o.step);
        const int from = cur.col > 0 ? o.step - 1 : l.cell_step(cur.row - 1, 0);
        Jump j;
        j.from = origin_of(l, from);
        j.to = origin_of(l, o.step);
        j.down = cur.col == 0;
        j.text = "+" + std::to_string(j.down ? c.stride[0] : c.stride[1]);
        s.jump = j;
    }
    if (steps > 0 && o.window_step >= 0 && !o.hide_window) {
        const auto t = l.trace(o.window_step);
        if (t.ok()) {
            // The large input grid is one channel: its taps (the other channels' are in channels.hpp).
            for (const Tap& tap : t.value.taps)
                if (tap.channel == c.channels.in_channel) s.window.push_back({{tap.y, tap.x}, tap.weight});
            if (t.value.winner >= 0) {
                const Tap& w = t.value.taps[static_cast<size_t>(t.value.winner)];
                s.winner = InputPos{w.y, w.x};
            }
        }
        s.window_weights = s.conv;
    }
}

void add_hover(const Lesson& l, const SceneOptions& o, Scene& s) {
    const Config& c = l.config();
    const SceneHover& h = o.hover;
    const bool ok = l.error.empty();
    if (h.kind == SceneHover::input) {
        s.hover_input = InputPos{h.row, h.col};
        const int H = c.input[0], W = c.input[1];
        if (h.row >= 0 && h.row < H && h.col >= 0 && h.col < W) {
            int reads = 0;
            const std::vector<int> readers = l.readers(h.row, h.col, &reads);
            for (int st : readers) {
                const CellIndex ci = l.step_cell(st);
                s.readers.push_back({ci.row, ci.col});
            }
            s.tooltip = indexed_name(c, "x", h.row, h.col) + " = " +
                        format_number(c.x[input_plane(c) + static_cast<size_t>(h.row * W + h.col)]);
            if (ok) {
                const CellRole role = l.role(h.row, h.col);
                if (reads > 0)
                    s.tooltip += trf(c.lang, "\nread by {0} window(s), {1} time(s) in all",
                                     {std::to_string(readers.size()), std::to_string(reads)});
                if (role == CellRole::dropped)
                    s.tooltip += tr(c.lang, "\nnever visited: after the last window (dropped by the floor)");
                else if (role == CellRole::skipped)
                    s.tooltip += tr(c.lang, "\nnever visited: the stride jumps over it");
            }
        } else {
            const PaddingMode mode = read_mode(c);
            const int sy = source_index(mode, h.row, H), sx = source_index(mode, h.col, W);
            s.tooltip = trf(c.lang, "padding ({0})",
                            {c.op == Op::max_pool2d ? tr(c.lang, "-inf: never the maximum") : to_string(mode)});
            if (sy >= 0 && sx >= 0) {
                s.tooltip += trf(c.lang, ": a copy of {0}", {indexed_name(c, "x", sy, sx)});
                if (ok) s.hover_source = InputPos{sy, sx};
            } else if (c.op != Op::max_pool2d) {
                s.tooltip += tr(c.lang, ": reads 0");
            }
        }
        if (!ok) s.hover_input.reset();  // a refused layer shows no overlays, only the tooltip
    } else if (h.kind == SceneHover::kernel) {
        s.hover_weight = OutputPos{h.row, h.col};
        if (s.conv) {
            s.tooltip = indexed_name(c, "w", h.row, h.col) + " = " +
                        format_number(c.w[kernel_plane(c) + static_cast<size_t>(h.row * c.kernel[1] + h.col)]);
            if (ok && o.step >= 0 && l.steps() > 0 && !o.hide_window) {
                const auto [ty, tx] = l.tap_position(o.step, h.row, h.col);
                s.weight_target = InputPos{ty, tx};
                s.tooltip += trf(c.lang, "\nmultiplies input {0} at this step", {position_text(c, ty, tx)});
            }
        }
    } else if (h.kind == SceneHover::output && ok && !(o.hide_current && l.cell_step(h.row, h.col) == o.step)) {
        const int st = l.cell_step(h.row, h.col);
        const auto t = l.trace(st);
        if (t.ok()) {
            for (const Tap& tap : t.value.taps)
                if (tap.channel == c.channels.in_channel) s.hover_window.push_back({tap.y, tap.x});
            if (t.value.winner >= 0) {
                const Tap& w = t.value.taps[static_cast<size_t>(t.value.winner)];
                s.hover_winner = InputPos{w.y, w.x};
            }
            s.tooltip = trf(c.lang, "{0} (step {1})", {indexed_name(c, "y", h.row, h.col), std::to_string(st + 1)}) + "\n" +
                        step_arithmetic(c, t.value);
        }
    }
}

}  // namespace

const char* to_string(Mark m) {
    switch (m) {
        case Mark::input: return "input";
        case Mark::skipped: return "skipped";
        case Mark::dropped: return "dropped";
        case Mark::padding: return "padding";
        case Mark::weight: return "weight";
        case Mark::pool_tap: return "pool_tap";
        case Mark::written: return "written";
        case Mark::pending: return "pending";
    }
    return "input";
}

Scene build_scene(const Lesson& l, const SceneOptions& o) {
    Scene s;
    const Config& c = l.config();
    s.config = c;
    s.conv = c.op == Op::conv2d;
    s.error = l.error;
    fill_input(l, o, s.input);
    if (!o.input_title.empty()) s.input.title = o.input_title;
    fill_kernel(c, s.kernel);
    fill_output(l, o, s.output);
    if (!l.error.empty()) {
        // Only the tooltip of what is hovered: a refused layer has no windows to show.
        add_hover(l, o, s);
        return s;
    }
    add_walk(l, o, s);
    add_hover(l, o, s);
    for (int st : o.outlined_steps) {
        const CellIndex ci = l.step_cell(st);
        s.readers.push_back({ci.row, ci.col});
    }
    return s;
}

}  // namespace strideconv::teach
