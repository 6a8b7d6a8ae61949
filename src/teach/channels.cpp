// channels.cpp -- channels and groups in the walk (see channels.hpp). Standard C++ only.
#include "teach/channels.hpp"

#include <algorithm>
#include <cmath>

namespace strideconv::teach {

namespace {

std::string channel_range(int first, int count, Lang lang) {
    return count == 1 ? trf(lang, "channel {0}", {std::to_string(first)})
                      : trf(lang, "channels {0}..{1}", {std::to_string(first), std::to_string(first + count - 1)});
}

std::string dims(std::initializer_list<int64_t> list, const char* by = " x ") {
    std::string s;
    for (int64_t v : list) s += (s.empty() ? "" : by) + std::to_string(v);
    return s;
}

}  // namespace

bool has_channels(const Config& c) {
    return c.channels.in_channels > 1 || output_channels(c.channels, c.op) > 1;
}

size_t shown_input_index(const Config& c, int row, int col) {
    return (static_cast<size_t>(c.channels.in_channel) * static_cast<size_t>(c.input[0]) + static_cast<size_t>(row)) *
               static_cast<size_t>(c.input[1]) + static_cast<size_t>(col);
}

size_t shown_weight_index(const Config& c, int ky, int kx) {
    const ChannelConfig& ch = c.channels;
    const int slot = ch.in_channel - first_seen_channel(ch, Op::conv2d, ch.channel);
    const size_t plane = static_cast<size_t>(ch.channel) * channels_per_filter(ch, Op::conv2d) + static_cast<size_t>(slot);
    return (plane * static_cast<size_t>(c.kernel[0]) + static_cast<size_t>(ky)) * static_cast<size_t>(c.kernel[1]) +
           static_cast<size_t>(kx);
}

CellTrace on_shown_channel(CellTrace t, const Config& c) {
    std::vector<Tap> kept;
    for (const Tap& tap : t.taps)
        if (tap.channel == c.channels.in_channel) kept.push_back(tap);
    t.taps = std::move(kept);
    return t;
}

// [SECTION] The walked filter at one step ---------------------------------------------------------

std::vector<ChannelPart> conv_channel_parts(const CellTrace& tr) {
    std::vector<ChannelPart> parts;
    for (size_t k = 0; k < tr.taps.size();) {
        ChannelPart part;
        part.channel = tr.taps[k].channel;
        for (size_t first = k; k < tr.taps.size() && tr.taps[k].channel == part.channel; ++k) {
            const Tap& tap = tr.taps[k];
            ++part.taps;
            part.sum += tap.product;
            part.text += (k > first ? " + " : "") + format_number(tap.value) + "\u00d7" + format_number(tap.weight);
        }
        part.text += " = " + format_number(part.sum);
        parts.push_back(std::move(part));
    }
    return parts;
}

Result<ChannelStep> channel_step(const Lesson& l, int step) {
    const Config& c = l.config();
    auto t = l.trace(step);
    if (!t.ok()) return Result<ChannelStep>::fail(t.error);
    const CellTrace& tr = t.value;
    ChannelStep s;
    s.filter = tr.cell.channel;
    s.row = tr.cell.row;
    s.col = tr.cell.col;
    s.group = filter_group(c.channels, c.op, s.filter);
    s.first_channel = first_seen_channel(c.channels, c.op, s.filter);
    s.bias = tr.bias;
    s.result = tr.result;
    const bool conv = c.op == Op::conv2d;
    if (conv) {
        s.parts = conv_channel_parts(tr);
    } else if (!tr.taps.empty()) {
        // A pool reads one channel: its max or mean is the only part.
        ChannelPart part;
        part.channel = tr.taps[0].channel;
        part.taps = static_cast<int>(tr.taps.size());
        part.sum = tr.result;
        part.text = step_arithmetic(c, tr);
        s.parts.push_back(std::move(part));
    }
    if (conv) {
        for (const ChannelPart& p : s.parts) s.total += p.sum;
    } else {
        s.total = tr.result;
    }
    const std::string where = "y[" + std::to_string(s.filter) + "]" + "[" + index_number(c, s.row) + "][" +
                              index_number(c, s.col) + "]";
    if (conv) {
        std::string sums;
        for (const ChannelPart& p : s.parts) sums += (sums.empty() ? "" : " + ") + format_number(p.sum);
        s.sentence = where + " = " + sums + (s.parts.size() > 1 ? " = " + format_number(tr.sum) : "") +
                     trf(c.lang, " ({0}, group {1}) + bias {2} = {3}",
                         {channel_range(s.first_channel, static_cast<int>(s.parts.size()), c.lang),
                          std::to_string(s.group), format_number(s.bias), format_number(s.result)});
    } else {
        s.sentence = where + " = " + format_number(s.result) +
                     trf(c.lang, ": {0} reads input channel {1} alone", {to_string(c.op), std::to_string(s.first_channel)});
    }
    return {std::move(s), {}, {}};
}

ChannelStrip channel_strip(const Lesson& l, int step) {
    const Config& c = l.config();
    const ChannelConfig& ch = c.channels;
    ChannelStrip strip;
    strip.rows = c.input[0];
    strip.cols = c.input[1];
    for (float v : c.x)
        if (std::isfinite(v)) strip.max_abs = std::max(strip.max_abs, std::fabs(v));
    const auto s = l.error.empty() ? channel_step(l, step) : Result<ChannelStep>::fail(l.error);
    const int per_filter = channels_per_filter(ch, c.op);
    const size_t plane = static_cast<size_t>(c.input[0]) * static_cast<size_t>(c.input[1]);
    for (int i = 0; i < ch.in_channels; ++i) {
        StripChannel in;
        in.channel = i;
        in.group = per_filter > 0 ? i / per_filter : 0;
        in.read = filter_sees(ch, c.op, ch.channel, i);
        in.shown = i == ch.in_channel;
        in.offset = static_cast<size_t>(i) * plane;
        if (s.ok())
            for (const ChannelPart& p : s.value.parts)
                if (p.channel == i) in.sum_text = "= " + format_number(p.sum);
        strip.inputs.push_back(std::move(in));
    }
    for (int o = 0; o < output_channels(ch, c.op); ++o)
        strip.filters.push_back({o, filter_group(ch, c.op, o), o == ch.channel});
    if (auto t = l.error.empty() ? l.trace(step) : Result<CellTrace>::fail(l.error); t.ok() && !t.value.taps.empty()) {
        int y0 = c.input[0], y1 = -1, x0 = c.input[1], x1 = -1;
        for (const Tap& tap : t.value.taps) {
            y0 = std::min(y0, tap.y), y1 = std::max(y1, tap.y);
            x0 = std::min(x0, tap.x), x1 = std::max(x1, tap.x);
        }
        strip.y0 = std::max(y0, 0), strip.y1 = std::min(y1, c.input[0] - 1);
        strip.x0 = std::max(x0, 0), strip.x1 = std::min(x1, c.input[1] - 1);
        strip.has_window = strip.y0 <= strip.y1 && strip.x0 <= strip.x1;
    }
    const bool conv = c.op == Op::conv2d;
    strip.filters_title = tr(c.lang, conv ? "Filters (output channels), coloured by group" : "Output channels (one per input channel)");
    const int first = first_seen_channel(ch, c.op, ch.channel);
    strip.inputs_title = trf(c.lang, conv ? "Input channels: filter {0} reads {1}" : "Input channels: output channel {0} reads {1}",
                             {std::to_string(ch.channel), channel_range(first, per_filter, c.lang)});
    if (s.ok()) strip.sentence = s.value.sentence;
    return strip;
}

// [SECTION] Groups --------------------------------------------------------------------------------

GroupsPicture groups_picture(const Config& c) {
    const ChannelConfig& ch = c.channels;
    GroupsPicture g;
    g.in_channels = ch.in_channels;
    g.out_channels = output_channels(ch, c.op);
    const bool conv = c.op == Op::conv2d;
    g.groups = conv ? ch.groups : ch.in_channels;
    g.kind = conv ? groups_kind(ch) : "per channel";
    g.groups_choices = valid_groups(ch.in_channels, ch.out_channels);
    const int per_filter = channels_per_filter(ch, c.op);
    for (int i = 0; i < g.in_channels; ++i) g.input_group.push_back(per_filter > 0 ? i / per_filter : 0);
    for (int o = 0; o < g.out_channels; ++o) g.filter_group.push_back(filter_group(ch, c.op, o));
    if (!conv) {
        g.sentence = trf(c.lang, "{0} works per channel: {1} input channels give {2} output channels, each from its own",
                         {to_string(c.op), std::to_string(g.in_channels), std::to_string(g.out_channels)});
    } else {
        const int per_group = g.out_channels / std::max(g.groups, 1);
        g.sentence = trf(c.lang, "groups {0} ({1}): each of the {2} filters sees {3} of the {4} input channels",
                         {std::to_string(g.groups), tr(c.lang, g.kind), std::to_string(g.out_channels),
                          std::to_string(per_filter), std::to_string(g.in_channels)});
        if (g.groups > 1)
            g.sentence += trp(c.lang, "; {1} groups of {2} input and {0} output channel|; {1} groups of {2} input and {0} output channels",
                              per_group, {std::to_string(g.groups), std::to_string(per_filter)});
    }
    return g;
}

// [SECTION] Cost ----------------------------------------------------------------------------------

LayerCost layer_cost(const Lesson& l) {
    LayerCost cost;
    if (!l.error.empty()) return cost;
    cost.macs = l.shape.macs;
    if (l.config().op == Op::conv2d) {
        cost.weights = l.shape.weight_values;
        cost.biases = l.shape.out_channels;
    }
    cost.params = cost.weights + cost.biases;
    return cost;
}

SeparableCost separable_cost(const Config& c) {
    SeparableCost out;
    if (c.op != Op::conv2d) {
        out.error = "depthwise then pointwise compares convolutions; pools have no weights";
        return out;
    }
    const ChannelConfig& ch = c.channels;
    const int cin = ch.in_channels, cout = ch.out_channels, kh = c.kernel[0], kw = c.kernel[1];
    // The lesson's layer at groups 1 (standard) and at groups C_in with C_in filters (depthwise).
    Conv2dOptions o;
    o.stride = c.stride;
    o.dilation = c.dilation;
    o.padding_mode = c.padding_mode;
    const Pad4 pad = effective_padding(c);
    o.padding = Padding::sides(pad.top, pad.bottom, pad.left, pad.right);
    const Result<LayerShape> standard = conv2d_shape(cin, c.input[0], c.input[1], cout, kh, kw, o);
    o.groups = cin;
    const Result<LayerShape> dw = conv2d_shape(cin, c.input[0], c.input[1], cin, kh, kw, o);
    if (!standard.ok() || !dw.ok()) {
        out.error = standard.ok() ? dw.error : standard.error;
        return out;
    }
    const LayerShape& std_shape = standard.value;
    const Result<LayerShape> pw =
        conv2d_shape(cin, dw.value.rows.output, dw.value.cols.output, cout, 1, 1, Conv2dOptions{});
    if (!pw.ok()) {
        out.error = pw.error;
        return out;
    }
    auto row = [](std::string name, std::string shape, const LayerShape& s) {
        return SeparableRow{std::move(name), std::move(shape), s.weight_values + s.out_channels, s.macs};
    };
    out.rows.push_back(row("standard", dims({cout, cin, kh, kw}, "x"), std_shape));
    out.rows.push_back(row("depthwise", dims({cin, 1, kh, kw}, "x"), dw.value));
    out.rows.push_back(row("pointwise", dims({cout, cin, 1, 1}, "x"), pw.value));
    SeparableRow both{"depthwise + pointwise", "", out.rows[1].params + out.rows[2].params,
                      out.rows[1].macs + out.rows[2].macs};
    out.rows.push_back(both);
    out.counted_macs_ratio = out.rows[0].macs > 0 ? double(both.macs) / double(out.rows[0].macs) : 0;
    out.counted_params_ratio = out.rows[0].params > 0 ? double(both.params) / double(out.rows[0].params) : 0;
    out.formula_ratio = 1.0 / cout + 1.0 / (double(kh) * kw);
    out.formula = "1/" + std::to_string(cout) + " + 1/" + std::to_string(kh * kw) + " = " +
                  base::format_display(out.formula_ratio, 3);
    // The formula reads as code (C locale); the counts and ratios are prose.
    out.sentence = trf(c.lang, "MobileNet's ratio {0}; counted: MACs {1} / {2} = {3}, parameters (with biases) {4} / {5} = {6}",
                       {out.formula, number_text(c.lang, both.macs), number_text(c.lang, out.rows[0].macs),
                        number(c.lang, out.counted_macs_ratio), number_text(c.lang, both.params),
                        number_text(c.lang, out.rows[0].params), number(c.lang, out.counted_params_ratio)});
    out.ok = true;
    return out;
}

// [SECTION] Explanation ---------------------------------------------------------------------------

std::vector<std::string> channel_lines(const Lesson& l, int step) {
    std::vector<std::string> lines;
    const Config& c = l.config();
    if (!has_channels(c) || !l.error.empty()) return lines;
    const GroupsPicture g = groups_picture(c);
    lines.push_back(g.sentence + ".");
    if (auto s = channel_step(l, step); s.ok()) lines.push_back(s.value.sentence + ".");
    if (c.op == Op::conv2d) {
        const LayerCost cost = layer_cost(l);
        lines.push_back(trf(c.lang, "Parameters {0} + {1} biases = {2}; MACs {3}.",
                            {dims({c.channels.out_channels, channels_per_filter(c.channels, c.op), c.kernel[0], c.kernel[1]}),
                             number_text(c.lang, cost.biases), number_text(c.lang, cost.params),
                             number_text(c.lang, cost.macs)}));
        if (c.channels.in_channels > 1) {
            const SeparableCost sep = separable_cost(c);
            if (sep.ok)
                lines.push_back(trf(c.lang, "Depthwise {0} then pointwise {1} instead of the standard {2}: {3}.",
                                    {sep.rows[1].shape, sep.rows[2].shape, sep.rows[0].shape, sep.sentence}));
        }
    }
    return lines;
}

}  // namespace strideconv::teach
