// stack_mode.cpp -- the network view's model (see stack_mode.hpp). Standard C++ only.
//
// [SECTION] Text helpers
// [SECTION] Configuration
// [SECTION] Table, notes, JSON
// [SECTION] Swap switches and the model
// [SECTION] Receptive field of a clicked cell
// [SECTION] Lessons and quiz
#include "teach/stack_mode.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "base/number_text.hpp"
#include "base/text.hpp"
#include "teach/stack_spec.hpp"
#include "teach/strings.hpp"

namespace strideconv::teach {

// [SECTION] Text helpers --------------------------------------------------------------------------

std::string count_text(int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), text;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
        text += digits[i];
    }
    return n < 0 ? "-" + text : text;
}

std::string jump_text(const StackAxis& a) {
    return a.jump_den == 1 ? std::to_string(a.jump_num)
                           : std::to_string(a.jump_num) + "/" + std::to_string(a.jump_den);
}

std::string centre_text(const StackAxis& a) {
    const int64_t c2 = a.centre2();
    std::string s = std::to_string(c2 / 2);
    if (c2 % 2 != 0) s = (c2 < 0 && c2 / 2 == 0 ? "-0" : s) + ".5";
    return s;
}

std::string axes_text(int64_t h, int64_t w) {
    return h == w ? std::to_string(h) : std::to_string(h) + "x" + std::to_string(w);
}

namespace {

std::string axes_words(const std::string& h, const std::string& w) { return h == w ? h : h + "x" + w; }

using base::size_text;

// "4.09 G", "300.8 M", "9,536": large counts in a sentence, in the language's number format.
std::string short_count(Lang lang, int64_t n) {
    const double v = static_cast<double>(n);
    if (n >= 1000000000000) return number(lang, v / 1e12, 3) + " T";
    if (n >= 1000000000) return number(lang, v / 1e9, 3) + " G";
    if (n >= 1000000) return number(lang, v / 1e6, 4) + " M";
    return grouped(lang, n);
}

std::string percent_change(Lang lang, int64_t before, int64_t after) {
    if (before == after) return tr(lang, "unchanged");
    if (before == 0) return short_count(lang, before) + " -> " + short_count(lang, after);
    const double p = 100.0 * (static_cast<double>(after) - static_cast<double>(before)) / static_cast<double>(before);
    return short_count(lang, before) + " -> " + short_count(lang, after) + " (" + (p > 0 ? "+" : "") +
           trf(lang, "{0}%", {number(lang, p, 3)}) + ")";
}

// The layer's type as the table says it: the grammar's names (conv, maxpool, avgpool, add) as they
// are, the kinds of convolution in words.
const char* kind_label(Lang lang, const StackRow& row) {
    switch (row.kind) {
        case LayerKind::conv:
            if (row.groups > 1) return tr(lang, "grouped conv");
            return row.axes[0].kernel == 1 && row.axes[1].kernel == 1 ? tr(lang, "pointwise") : "conv";
        case LayerKind::dwconv: return tr(lang, "depthwise");
        case LayerKind::maxpool: return row.global ? tr(lang, "global maxpool") : "maxpool";
        case LayerKind::avgpool: return row.global ? tr(lang, "global avgpool") : "avgpool";
        case LayerKind::convT: return tr(lang, "transposed");
        case LayerKind::add: return "add";
    }
    return "?";
}

std::string layer_ref(Lang lang, const StackRow& row) {
    return trf(lang, "layer {0} ({1})", {number_text(lang, row.position), row.name});
}

// The floor's remainder on one axis, as the table says it.
std::string floor_cell(Lang lang, const StackRow& row) {
    if (row.kind == LayerKind::add || row.kind == LayerKind::convT) return "";
    std::vector<std::string> parts;
    const char* noun[2] = {"{0} row|{0} rows", "{0} col|{0} cols"};
    for (int a = 0; a < 2; ++a) {
        const StackAxis& x = row.axes[static_cast<size_t>(a)];
        if (x.dropped > 0) parts.push_back(trp(lang, noun[a], x.dropped));
    }
    if (!parts.empty()) return trf(lang, "drops {0}", {parts.size() == 2 ? parts[0] + ", " + parts[1] : parts[0]});
    const StackAxis& h = row.axes[0];
    const StackAxis& w = row.axes[1];
    if (h.remainder > 0 || w.remainder > 0) return trf(lang, "r{0}", {axes_text(h.remainder, w.remainder)});
    return "";
}

// Output size per axis with its working: "floor((225 + 0 + 0 - 2) / 2) + 1 = 112, remainder 1".
// The arithmetic reads as PyTorch's formula (C locale); the words are the language's.
std::string size_working(Lang lang, const StackRow& row, int a) {
    const StackAxis& x = row.axes[static_cast<size_t>(a)];
    if (row.kind == LayerKind::add) return trf(lang, "{0} (the sum keeps the size)", {std::to_string(x.output)});
    if (row.kind == LayerKind::convT)
        return "(" + std::to_string(x.input) + " - 1) x " + std::to_string(x.stride) + " - 2 x " +
               std::to_string(x.pad_before) + " + " + std::to_string(x.effective_kernel) + " + " +
               std::to_string(x.output_padding) + " = " + std::to_string(x.output);
    const char* rounding = x.ceil_mode ? "ceil" : "floor";
    std::string s = std::string(rounding) + "((" + std::to_string(x.input) + " + " +
                    std::to_string(x.pad_before) + " + " + std::to_string(x.pad_after) + " - " +
                    std::to_string(x.effective_kernel) + ") / " + std::to_string(x.stride) + ") + 1 = " +
                    std::to_string(x.output);
    if (!x.ceil_mode && x.stride > 1) s += trf(lang, ", remainder {0}", {std::to_string(x.remainder)});
    return s;
}

}  // namespace

// [SECTION] Configuration -------------------------------------------------------------------------

bool StackConfig::operator==(const StackConfig& o) const {
    return std::tie(preset, spec, swaps, input, channels, flops, picture, layer, cell) ==
           std::tie(o.preset, o.spec, o.swaps, o.input, o.channels, o.flops, o.picture, o.layer, o.cell);
}

Result<std::vector<StackLayer>> base_layers(const StackConfig& c) {
    if (!c.spec.empty()) return parse_stack(c.spec);
    if (auto p = network_preset(c.preset)) return {std::move(*p), {}, {}};
    return Result<std::vector<StackLayer>>::fail("no network preset named '" + c.preset + "' (try " +
                                                 network_preset_names() + ")");
}

void normalize(StackConfig& c, std::vector<std::string>* notices, Lang lang) {
    auto note = [&](std::string s) {
        if (notices) notices->push_back(std::move(s));
    };
    const StackConfig defaults;
    for (int a = 0; a < 2; ++a) {
        int& v = c.input[static_cast<size_t>(a)];
        const int clamped = std::clamp(v, 1, kMaxStackInput);
        if (clamped != v) {
            note(trf(lang, a == 0 ? "The network's input height {0} is outside 1..{1}; using {2}."
                                  : "The network's input width {0} is outside 1..{1}; using {2}.",
                     {number_text(lang, v), number_text(lang, kMaxStackInput), number_text(lang, clamped)}));
            v = clamped;
        }
    }
    const int channels = std::clamp(c.channels, 1, kMaxStackChannels);
    if (channels != c.channels) {
        note(trf(lang, "The network's input channels {0} are outside 1..{1}; using {2}.",
                 {number_text(lang, c.channels), number_text(lang, kMaxStackChannels), number_text(lang, channels)}));
        c.channels = channels;
    }
    if (!network_preset(c.preset)) {
        note(trf(lang, "There is no network preset '{0}'; using {1}.", {c.preset, defaults.preset}));
        c.preset = defaults.preset;
    }
    if (!c.spec.empty()) {
        auto parsed = parse_stack(c.spec, lang);
        if (!parsed.ok()) {
            note(trf(lang, "Ignored the stack: {0}.", {parsed.error}));
            c.spec.clear();
        } else {
            c.spec = format_stack(parsed.value);
        }
    }
    const auto base = base_layers(c);
    std::sort(c.swaps.begin(), c.swaps.end());
    c.swaps.erase(std::unique(c.swaps.begin(), c.swaps.end()), c.swaps.end());
    std::vector<int> kept;
    const auto points = downsampling_points(base.value);
    for (const int p : c.swaps) {
        auto it = std::find_if(points.begin(), points.end(), [p](const DownsamplingPoint& d) { return d.position == p; });
        if (it != points.end() && it->swap != DownsamplingPoint::Swap::none) kept.push_back(p);
        else note(trf(lang, "Ignored swap={0}: layer {1} is not a downsampling point that can be swapped.",
                      {std::to_string(p), number_text(lang, p)}));
    }
    c.swaps = kept;
    const auto shown = swap_downsampling(base.value, c.swaps);
    const int count = static_cast<int>(shown.value.size());
    if (c.layer < 0 || c.layer > count) {
        note(trp(lang, "Ignored the selected layer {1}: the stack has {0} layer.|Ignored the selected layer {1}: the stack has {0} layers.",
                 count, {number_text(lang, c.layer)}));
        c.layer = 0;
    }
    c.cell = {std::max(c.cell[0], 0), std::max(c.cell[1], 0)};
}

StackConfig with_layers(const StackConfig& c, const std::vector<StackLayer>& layers) {
    StackConfig out = c;
    out.spec = format_stack(layers);
    out.swaps.clear();
    if (out.layer > static_cast<int>(layers.size())) out.layer = static_cast<int>(layers.size());
    return out;
}

// [SECTION] Table, notes, JSON ----------------------------------------------------------------------

StackTable stack_table(const StackResult& r, bool flops, Lang lang) {
    StackTable t;
    // Column names: the lab's short words; MACs, FLOPs and RF as the literature writes them.
    t.headers = {"#", tr(lang, "layer"), tr(lang, "type"), tr(lang, "kernel"), tr(lang, "stride"), tr(lang, "pad"),
                 tr(lang, "output"), tr(lang, "ch"), tr(lang, "jump"), "RF", tr(lang, "eff. pad"), tr(lang, "centre"),
                 tr(lang, "floor"), tr(lang, flops ? "FLOPs" : "MACs"), tr(lang, "params"), tr(lang, "activations")};
    auto centre = [lang](const StackAxis& a) { return localize_number(lang, centre_text(a)); };
    for (const StackRow& row : r.rows) {
        StackTableRow tr_;
        tr_.position = row.position;
        tr_.shortcut = row.shortcut();
        tr_.drops = row.drops();
        const StackAxis& h = row.axes[0];
        const StackAxis& w = row.axes[1];
        tr_.downsamples = row.kind != LayerKind::add && row.kind != LayerKind::convT && (h.stride > 1 || w.stride > 1);
        std::string name = row.name;
        if (row.shortcut()) name = "+ " + trf(lang, "{0} (from {1})", {name, number_text(lang, row.skip)});
        std::string kernel, stride, pad;
        if (row.kind != LayerKind::add) {
            kernel = axes_text(h.kernel, w.kernel) + (row.global ? tr(lang, " (all)") : "");
            if (h.dilation > 1 || w.dilation > 1) kernel += " d" + axes_text(h.dilation, w.dilation);
            stride = axes_text(h.stride, w.stride);
            auto side = [](const StackAxis& x) {
                return x.pad_before == x.pad_after ? std::to_string(x.pad_before)
                                                   : std::to_string(x.pad_before) + "+" + std::to_string(x.pad_after);
            };
            pad = axes_words(side(h), side(w));
        }
        const std::string rf = axes_words(std::to_string(h.rf) + (h.uniform ? "" : "~"),
                                         std::to_string(w.rf) + (w.uniform ? "" : "~"));
        const int64_t cost = row.macs * (flops ? 2 : 1);
        tr_.cells = {std::to_string(row.position), name, kind_label(lang, row), kernel, stride, pad,
                     size_text(row.output), std::to_string(row.out_channels),
                     axes_words(jump_text(h), jump_text(w)), rf,
                     axes_text(h.effective_padding, w.effective_padding),
                     axes_words(centre(h), centre(w)), floor_cell(lang, row),
                     is_convolution(row.kind) ? grouped(lang, cost) : "-",
                     row.params ? grouped(lang, row.params) : "-", grouped(lang, row.activations)};
        // The working behind the row.
        std::string tip = layer_ref(lang, row) + "\n";
        for (int a = 0; a < 2; ++a)
            tip += trf(lang, a == 0 ? "height: {0}" : "width: {0}", {size_working(lang, row, a)}) + "\n";
        tip += trf(lang, "jump {0}, receptive field {1}, effective padding {2}: output (0, 0) sees input rows {3}..{4}, columns {5}..{6}",
                   {axes_words(jump_text(h), jump_text(w)), axes_text(h.rf, w.rf),
                    axes_text(h.effective_padding, w.effective_padding), std::to_string(-h.effective_padding),
                    std::to_string(h.rf - 1 - h.effective_padding), std::to_string(-w.effective_padding),
                    std::to_string(w.rf - 1 - w.effective_padding)});
        if (!h.uniform || !w.uniform) tip += tr(lang, " (after a transposed convolution the field differs from cell to cell)");
        tip += "\n";
        if (is_convolution(row.kind))
            tip += trf(lang, "MACs: {0} x {1} x {2} outputs x {3} x {4} x {5} taps = {6}",
                       {grouped(lang, row.output[0]), grouped(lang, row.output[1]), std::to_string(row.out_channels),
                        std::to_string(row.in_channels / std::max(row.groups, 1)), std::to_string(h.kernel),
                        std::to_string(w.kernel), grouped(lang, row.macs)}) +
                   (row.kind == LayerKind::convT ? tr(lang, " (taps inside the output)") : "");
        else if (is_pool(row.kind))
            tip += trf(lang, "no multiplies: {0} window reads", {grouped(lang, row.window_reads)});
        else
            tip += trf(lang, "{0} additions", {grouped(lang, row.additions)});
        tr_.tooltip = tip;
        t.rows.push_back(std::move(tr_));
    }
    const StackTotals& s = r.totals;
    std::string jump, rf, pad, centre_cell;
    if (!r.rows.empty()) {
        const StackRow& last = r.rows.back();
        jump = axes_words(jump_text(last.axes[0]), jump_text(last.axes[1]));
        rf = axes_text(last.axes[0].rf, last.axes[1].rf);
        pad = axes_text(last.axes[0].effective_padding, last.axes[1].effective_padding);
        centre_cell = axes_words(centre(last.axes[0]), centre(last.axes[1]));
    }
    t.totals = {"", tr(lang, "total"), trp(lang, "{0} layer|{0} layers", static_cast<int64_t>(r.rows.size())), "", "", "",
                size_text(s.output), std::to_string(s.channels), jump, rf, pad, centre_cell, "",
                grouped(lang, s.macs * (flops ? 2 : 1)), grouped(lang, s.params), grouped(lang, s.activations)};
    return t;
}

std::vector<std::string> stack_notes(const StackResult& r, Lang lang) {
    std::vector<std::string> notes;
    for (const StackRow& row : r.rows) {
        if (row.drops()) {
            std::vector<std::string> parts;
            for (int a = 0; a < 2; ++a) {
                const StackAxis& x = row.axes[static_cast<size_t>(a)];
                if (x.dropped == 0) continue;
                const std::string of = number_text(lang, x.input), working = size_working(lang, row, a);
                if (x.dropped == 1)
                    parts.push_back(trf(lang, a == 0 ? "input row {0} of {1}: {2}" : "input column {0} of {1}: {2}",
                                        {number_text(lang, x.input - 1), of, working}));
                else
                    parts.push_back(trf(lang, a == 0 ? "input rows {0}..{1} of {2}: {3}" : "input columns {0}..{1} of {2}: {3}",
                                        {number_text(lang, x.input - x.dropped), number_text(lang, x.input - 1), of, working}));
            }
            notes.push_back(parts.size() > 1
                                ? trf(lang, "{0} never reads {1}; nor {2}.", {layer_ref(lang, row), parts[0], parts[1]})
                                : trf(lang, "{0} never reads {1}.", {layer_ref(lang, row), parts[0]}));
        }
        // Identity shortcuts that line up are the rule; say so for projections and misfits.
        if (row.shortcut() && (row.kind != LayerKind::add || !row.aligned[0] || !row.aligned[1])) {
            const std::string from = row.skip == 0 ? std::string(tr(lang, "the input"))
                                                   : trf(lang, "layer {0}", {number_text(lang, row.skip)});
            std::string s = trf(lang, "{0} adds a shortcut from {1} to the main path (layer {2}): ",
                                {layer_ref(lang, row), from, number_text(lang, row.position - 1)});
            const StackAxis& m = row.main_path[0];
            const StackAxis& c = row.shortcut_path[0];
            if (row.aligned[0] && row.aligned[1]) {
                s += trf(lang, "their receptive fields ({0} and {1}) are centred on the same input pixel ({2} for output 0): aligned.",
                         {number_text(lang, m.rf), number_text(lang, c.rf), localize_number(lang, centre_text(m))});
            } else {
                s += trf(lang, "not aligned: output 0's field is centred at {0} on the main path but at {1} through the shortcut, so the sum mixes features from different places.",
                         {axes_words(localize_number(lang, centre_text(row.main_path[0])), localize_number(lang, centre_text(row.main_path[1]))),
                          axes_words(localize_number(lang, centre_text(row.shortcut_path[0])), localize_number(lang, centre_text(row.shortcut_path[1])))});
            }
            notes.push_back(s);
        }
    }
    if (!r.ok()) notes.push_back(trf(lang, "Refused: {0}.", {say(lang, r.why)}));
    return notes;
}

namespace {

json::Value pair_json(int64_t a, int64_t b) {
    json::Value v = json::Value::array();
    v.push_back(json::Value::number(static_cast<double>(a)));
    v.push_back(json::Value::number(static_cast<double>(b)));
    return v;
}

json::Value number(int64_t n) { return json::Value::number(static_cast<double>(n)); }

json::Value jump_json(const StackAxis& a) {
    return json::Value::number(static_cast<double>(a.jump_num) / static_cast<double>(a.jump_den));
}

}  // namespace

json::Value stack_rows_json(const StackResult& r, bool flops) {
    json::Value rows = json::Value::array();
    for (const StackRow& row : r.rows) {
        const StackAxis& h = row.axes[0];
        const StackAxis& w = row.axes[1];
        json::Value o = json::Value::object();
        o.set("position", number(row.position));
        o.set("name", json::Value::string(row.name));
        o.set("type", json::Value::string(to_string(row.kind)));
        o.set("input", pair_json(row.input[0], row.input[1]));
        o.set("output", pair_json(row.output[0], row.output[1]));
        o.set("in_channels", number(row.in_channels));
        o.set("channels", number(row.out_channels));
        if (row.kind != LayerKind::add) {
            o.set("kernel", pair_json(h.kernel, w.kernel));
            o.set("stride", pair_json(h.stride, w.stride));
            json::Value pad = json::Value::array();
            for (int v : {h.pad_before, h.pad_after, w.pad_before, w.pad_after}) pad.push_back(number(v));
            o.set("padding", std::move(pad));
            o.set("dilation", pair_json(h.dilation, w.dilation));
            o.set("groups", number(row.groups));
        }
        json::Value jump = json::Value::array();
        jump.push_back(jump_json(h));
        jump.push_back(jump_json(w));
        o.set("jump", std::move(jump));
        o.set("rf", pair_json(h.rf, w.rf));
        o.set("effective_padding", pair_json(h.effective_padding, w.effective_padding));
        json::Value centre = json::Value::array();
        centre.push_back(json::Value::number(static_cast<double>(h.centre2()) / 2));
        centre.push_back(json::Value::number(static_cast<double>(w.centre2()) / 2));
        o.set("centre", std::move(centre));
        json::Value uniform = json::Value::array();
        uniform.push_back(json::Value::boolean(h.uniform));
        uniform.push_back(json::Value::boolean(w.uniform));
        o.set("uniform", std::move(uniform));
        o.set("remainder", pair_json(h.remainder, w.remainder));
        o.set("dropped", pair_json(h.dropped, w.dropped));
        o.set("macs", number(row.macs));
        if (flops) o.set("flops", number(2 * row.macs));
        o.set("params", number(row.params));
        o.set("activations", number(row.activations));
        o.set("window_reads", number(row.window_reads));
        if (row.shortcut()) {
            o.set("skip", number(row.skip));
            o.set("additions", number(row.additions));
            json::Value aligned = json::Value::array();
            aligned.push_back(json::Value::boolean(row.aligned[0]));
            aligned.push_back(json::Value::boolean(row.aligned[1]));
            o.set("aligned", std::move(aligned));
            json::Value mc = json::Value::array(), sc = json::Value::array();
            for (int a = 0; a < 2; ++a) {
                mc.push_back(json::Value::number(static_cast<double>(row.main_path[static_cast<size_t>(a)].centre2()) / 2));
                sc.push_back(json::Value::number(static_cast<double>(row.shortcut_path[static_cast<size_t>(a)].centre2()) / 2));
            }
            o.set("main_centre", std::move(mc));
            o.set("shortcut_centre", std::move(sc));
        }
        rows.push_back(std::move(o));
    }
    return rows;
}

json::Value stack_totals_json(const StackResult& r, bool flops) {
    const StackTotals& t = r.totals;
    json::Value o = json::Value::object();
    o.set("layers", number(static_cast<int64_t>(r.rows.size())));
    o.set("output", pair_json(t.output[0], t.output[1]));
    o.set("channels", number(t.channels));
    o.set("macs", number(t.macs));
    if (flops) o.set("flops", number(2 * t.macs));
    o.set("params", number(t.params));
    o.set("activations", number(t.activations));
    o.set("peak_activations", number(t.peak_activations));
    o.set("window_reads", number(t.window_reads));
    o.set("additions", number(t.additions));
    return o;
}

json::Value stack_state_json(const StackConfig& config, bool derived, Lang lang) {
    StackConfig c = config;
    normalize(c);
    json::Value o = json::Value::object();
    o.set("preset", json::Value::string(c.preset));
    const auto base = base_layers(c);
    const auto shown = swap_downsampling(base.value, c.swaps);
    o.set("custom", json::Value::string(c.spec));  // stack= of a link ("" for a preset's layers)
    o.set("spec", json::Value::string(format_stack(shown.value)));
    json::Value swaps = json::Value::array();
    for (const int p : c.swaps) swaps.push_back(number(p));
    o.set("swaps", std::move(swaps));
    o.set("input", pair_json(c.input[0], c.input[1]));
    o.set("channels", number(c.channels));
    o.set("flops", json::Value::boolean(c.flops));
    o.set("picture", json::Value::boolean(c.picture));
    o.set("layer", number(c.layer));
    o.set("cell", pair_json(c.cell[0], c.cell[1]));
    if (!derived) return o;
    const StackModel m = build_stack_model(c, lang);
    o.set("title", json::Value::string(m.title));
    o.set("layers", stack_rows_json(m.result, c.flops));
    o.set("totals", stack_totals_json(m.result, c.flops));
    o.set("error", m.result.ok() ? json::Value() : json::Value::string(m.result.error));
    json::Value switches = json::Value::array();
    for (const SwapSwitch& s : m.switches) {
        json::Value w = json::Value::object();
        w.set("position", number(s.position));
        w.set("swappable", json::Value::boolean(s.swappable));
        w.set("swapped", json::Value::boolean(s.swapped));
        w.set("label", json::Value::string(s.label));
        w.set("effect", json::Value::string(s.effect));
        switches.push_back(std::move(w));
    }
    o.set("switches", std::move(switches));
    const StackPicture p = stack_picture(m, c.layer, c.cell[0], c.cell[1]);
    if (p.valid) {
        json::Value f = json::Value::object();
        f.set("layer", number(p.layer));
        f.set("cell", pair_json(p.cell[0], p.cell[1]));
        f.set("rows", p.rows.empty() ? json::Value() : pair_json(p.rows.first, p.rows.last));
        f.set("cols", p.cols.empty() ? json::Value() : pair_json(p.cols.first, p.cols.last));
        f.set("padding_rows", number(p.padding_rows));
        f.set("padding_cols", number(p.padding_cols));
        f.set("sentence", json::Value::string(p.sentence));
        if (p.shortcut) {
            auto region = [&](Span rows, Span cols) {
                json::Value v = json::Value::object();
                v.set("rows", rows.empty() ? json::Value() : pair_json(rows.first, rows.last));
                v.set("cols", cols.empty() ? json::Value() : pair_json(cols.first, cols.last));
                return v;
            };
            f.set("main_path", region(p.main_rows, p.main_cols));
            f.set("shortcut_path", region(p.shortcut_rows, p.shortcut_cols));
            f.set("paths", json::Value::string(p.paths_sentence));
        }
        o.set("field", std::move(f));
    } else {
        o.set("field", json::Value());
    }
    return o;
}

// [SECTION] Swap switches and the model --------------------------------------------------------------

namespace {

std::string swap_label(Lang lang, const StackLayer& l, int position, DownsamplingPoint::Swap swap,
                       const std::vector<StackLayer>& layers) {
    const std::string name = l.name.empty() ? std::string(to_string(l.kind)) + std::to_string(position) : l.name;
    const Pair s = l.effective_stride();
    const std::string st = axes_text(s[0], s[1]);
    switch (swap) {
        case DownsamplingPoint::Swap::stride_to_pool:
            return trf(lang, "{0}: stride {1}  <->  stride 1 + max pool {2}", {name, st, size_text(s)});
        case DownsamplingPoint::Swap::pool_to_stride: {
            const StackLayer& conv = layers[static_cast<size_t>(position - 2)];
            const std::string cname = conv.name.empty() ? std::string(to_string(conv.kind)) + std::to_string(position - 1) : conv.name;
            return trf(lang, "{0} + {1} (pool stride {2})  <->  {0} at stride {2}", {cname, name, st});
        }
        case DownsamplingPoint::Swap::none: break;
    }
    return trf(lang, "{0}: stride {1}", {name, st});
}

}  // namespace

StackModel build_stack_model(const StackConfig& config, Lang lang) {
    StackModel m;
    m.lang = lang;
    m.config = config;
    normalize(m.config, &m.notices, lang);
    const StackConfig& c = m.config;
    const auto base = base_layers(c);
    const auto shown = swap_downsampling(base.value, c.swaps);
    m.layers = shown.value;
    m.result = evaluate_stack(m.layers, c.input, c.channels);
    m.table = stack_table(m.result, c.flops, lang);
    m.notes = stack_notes(m.result, lang);
    m.title = tr(lang, "Custom stack");
    if (c.spec.empty())
        for (const auto& p : network_presets())
            if (c.preset == p.name) m.title = preset_title(p, lang);
    if (!c.swaps.empty())
        m.title += " (" + trp(lang, "{0} swap|{0} swaps", static_cast<int64_t>(c.swaps.size())) + ")";

    // Each switch: the stack with that one point flipped, against the stack on screen.
    for (const DownsamplingPoint& p : downsampling_points(base.value)) {
        SwapSwitch s;
        s.position = p.position;
        s.swappable = p.swap != DownsamplingPoint::Swap::none;
        s.swapped = std::find(c.swaps.begin(), c.swaps.end(), p.position) != c.swaps.end();
        s.label = swap_label(lang, base.value[static_cast<size_t>(p.position - 1)], p.position, p.swap, base.value);
        if (!s.swappable) {
            s.effect = trf(lang, "Cannot swap: {0}.", {p.why_not.empty() ? std::string() : std::string(tr(lang, p.why_not.c_str()))});
        } else if (m.result.ok()) {
            std::vector<int> flipped = c.swaps;
            if (s.swapped) flipped.erase(std::find(flipped.begin(), flipped.end(), p.position));
            else flipped.push_back(p.position);
            const auto other_layers = swap_downsampling(base.value, flipped);
            const StackResult other = evaluate_stack(other_layers.value, c.input, c.channels);
            if (!other.ok()) {
                s.effect = trf(lang, "Flipping it is refused: {0}.", {say(lang, other.why)});
            } else {
                const StackRow& a = m.result.rows.back();
                const StackRow& b = other.rows.back();
                auto misaligned = [](const StackResult& x) {
                    int n = 0;
                    for (const StackRow& row : x.rows) n += row.shortcut() && (!row.aligned[0] || !row.aligned[1]);
                    return n;
                };
                const int mis_a = misaligned(m.result), mis_b = misaligned(other);
                s.effect = trf(lang, "Flipping it: MACs {0}, parameters {1}, the last layer's receptive field {2} -> {3}, output {4} -> {5}",
                               {percent_change(lang, m.result.totals.macs, other.totals.macs),
                                percent_change(lang, m.result.totals.params, other.totals.params),
                                axes_text(a.axes[0].rf, a.axes[1].rf), axes_text(b.axes[0].rf, b.axes[1].rf),
                                size_text(m.result.totals.output), size_text(other.totals.output)}) +
                           (mis_a != mis_b ? trf(lang, ", shortcuts out of line with their main path {0} -> {1}",
                                                 {number_text(lang, mis_a), number_text(lang, mis_b)})
                                           : std::string()) +
                           ".";
            }
        }
        m.switches.push_back(std::move(s));
    }

    const StackResult& r = m.result;
    if (!r.rows.empty()) {
        const StackRow& last = r.rows.back();
        m.summary = trf(lang, c.flops ? "{0} x {1} in, {2} x {3} out after {4}; jump {5}, receptive field {6}; {7} FLOPs, {8} parameters."
                                      : "{0} x {1} in, {2} x {3} out after {4}; jump {5}, receptive field {6}; {7} MACs, {8} parameters.",
                        {size_text(c.input), std::to_string(c.channels), size_text(r.totals.output),
                         std::to_string(r.totals.channels), trp(lang, "{0} layer|{0} layers", static_cast<int64_t>(r.rows.size())),
                         axes_words(jump_text(last.axes[0]), jump_text(last.axes[1])), axes_text(last.axes[0].rf, last.axes[1].rf),
                         short_count(lang, r.totals.macs * (c.flops ? 2 : 1)), short_count(lang, r.totals.params)});
    }
    return m;
}

// [SECTION] Receptive field of a clicked cell -----------------------------------------------------

StackPicture stack_picture(const StackModel& m, int layer, int row, int col) {
    StackPicture p;
    const StackResult& r = m.result;
    p.input = r.input;
    if (layer < 1 || layer > static_cast<int>(r.rows.size())) return p;
    const StackRow& L = r.rows[static_cast<size_t>(layer - 1)];
    row = std::clamp(row, 0, L.output[0] - 1);
    col = std::clamp(col, 0, L.output[1] - 1);
    p.valid = true;
    p.layer = layer;
    p.cell = {row, col};
    const auto region = receptive_region(r, layer, {row, row}, {col, col});
    p.rows = region[0];
    p.cols = region[1];
    // Rows of the field outside [0, n): before the input plus after it, capped at the field.
    auto padding_part = [](Span s, int n) -> int {
        if (s.empty()) return 0;
        const int64_t before = std::clamp<int64_t>(-s.first, 0, s.size());
        const int64_t after = std::clamp<int64_t>(s.last - (n - 1), 0, s.size());
        return static_cast<int>(std::min(before + after, s.size()));
    };
    p.padding_rows = padding_part(p.rows, r.input[0]);
    p.padding_cols = padding_part(p.cols, r.input[1]);
    const int first_pad_h = r.rows.empty() ? 0 : r.rows[0].axes[0].pad_before;
    const int first_pad_w = r.rows.empty() ? 0 : r.rows[0].axes[1].pad_before;
    auto margin = [](int64_t v, int floor_value) { return static_cast<int>(std::clamp<int64_t>(std::max<int64_t>(v, floor_value), 0, kMaxStackInput)); };
    p.margin_top = margin(p.rows.empty() ? 0 : -p.rows.first, first_pad_h);
    p.margin_left = margin(p.cols.empty() ? 0 : -p.cols.first, first_pad_w);
    p.margin_bottom = margin(p.rows.empty() ? 0 : p.rows.last - (r.input[0] - 1), first_pad_h);
    p.margin_right = margin(p.cols.empty() ? 0 : p.cols.last - (r.input[1] - 1), first_pad_w);
    // The close-up: a square window on the extent [-margin_top, input + margin_bottom) x ...
    const int64_t extent_h = int64_t(p.input[0]) + p.margin_top + p.margin_bottom;
    const int64_t extent_w = int64_t(p.input[1]) + p.margin_left + p.margin_right;
    const int64_t field = std::max(p.rows.size(), p.cols.size());
    const int64_t side = std::max<int64_t>(3 * field, 12);
    if (field > 0 && 4 * field < std::max(extent_h, extent_w) && side < std::max(extent_h, extent_w)) {
        // Centred on the field, then moved back inside the extent (where the extent is shorter
        // than the window, the window starts at the extent's first row).
        auto window = [side](Span f, int64_t lo, int64_t extent) {
            const int64_t hi = lo + extent;  // one past the last row of the extent
            int64_t first = (f.first + f.last + 1) / 2 - side / 2;
            first = std::max(std::min(first, hi - side), lo);
            return Span{first, first + side - 1};
        };
        p.view_rows = window(p.rows, -p.margin_top, extent_h);
        p.view_cols = window(p.cols, -p.margin_left, extent_w);
    }

    const Lang lang = m.lang;
    std::string s;
    const std::string cell = "(" + number_text(lang, row) + ", " + number_text(lang, col) + ")";
    if (p.rows.empty() || p.cols.empty()) {
        s = trf(lang, "Output {0} of {1} reads no input at all: a transposed convolution's stride leaves it between taps, so it holds only biases.",
                {cell, layer_ref(lang, L)});
    } else {
        const std::string field = trf(lang, "Output {0} of {1} sees input rows {2}..{3} and columns {4}..{5}: a {6} field",
                                      {cell, layer_ref(lang, L), number_text(lang, p.rows.first), number_text(lang, p.rows.last),
                                       number_text(lang, p.cols.first), number_text(lang, p.cols.last),
                                       std::to_string(p.rows.size()) + "x" + std::to_string(p.cols.size())});
        if (p.padding_rows == 0 && p.padding_cols == 0)
            s = field + tr(lang, ", all of it inside the input.");
        else
            s = field + trf(lang, ", of which {0} and {1} lie in the padding.",
                            {trp(lang, "{0} row|{0} rows", p.padding_rows), trp(lang, "{0} column|{0} columns", p.padding_cols)});
    }
    p.sentence = s;

    if (L.shortcut()) {
        const ShortcutRegions t = shortcut_regions(r, layer, {row, row}, {col, col});
        p.shortcut = true;
        p.main_rows = t.main_path[0];
        p.main_cols = t.main_path[1];
        p.shortcut_rows = t.shortcut_path[0];
        p.shortcut_cols = t.shortcut_path[1];
        // Centres as halves: first + last is twice the centre.
        auto centre = [lang](Span a, Span b) {
            auto half = [lang](int64_t twice) {
                std::string t = std::to_string(twice / 2);
                if (twice % 2 != 0) t = (twice < 0 && twice / 2 == 0 ? "-0" : t) + ".5";
                return localize_number(lang, t);
            };
            return "(" + half(a.first + a.last) + ", " + half(b.first + b.last) + ")";
        };
        const bool any = !p.main_rows.empty() && !p.main_cols.empty() && !p.shortcut_rows.empty() &&
                         !p.shortcut_cols.empty();
        if (any) {
            const std::string from = L.skip == 0 ? std::string(tr(lang, "the input")) : trf(lang, "layer {0}", {number_text(lang, L.skip)});
            const std::string kind = L.kind == LayerKind::add ? std::string(tr(lang, "identity")) : std::string(kind_label(lang, L));
            std::string t = trf(lang, "Main path (layer {0}): rows {1}..{2}, columns {3}..{4}, centre {5}. ",
                                {number_text(lang, layer - 1), number_text(lang, p.main_rows.first), number_text(lang, p.main_rows.last),
                                 number_text(lang, p.main_cols.first), number_text(lang, p.main_cols.last), centre(p.main_rows, p.main_cols)}) +
                            trf(lang, "Shortcut ({0} from {1}): rows {2}..{3}, columns {4}..{5}, centre {6}. ",
                                {kind, from, number_text(lang, p.shortcut_rows.first), number_text(lang, p.shortcut_rows.last),
                                 number_text(lang, p.shortcut_cols.first), number_text(lang, p.shortcut_cols.last),
                                 centre(p.shortcut_rows, p.shortcut_cols)});
            const int64_t dy2 = (p.main_rows.first + p.main_rows.last) - (p.shortcut_rows.first + p.shortcut_rows.last);
            const int64_t dx2 = (p.main_cols.first + p.main_cols.last) - (p.shortcut_cols.first + p.shortcut_cols.last);
            if (dy2 == 0 && dx2 == 0) {
                t += tr(lang, "The two centres are the same pixel: the sum adds features of one place.");
            } else {
                auto apart = [lang](int64_t twice) {
                    const int64_t a = twice < 0 ? -twice : twice;
                    return localize_number(lang, std::to_string(a / 2) + (a % 2 ? ".5" : ""));
                };
                t += trf(lang, "The centres are {0} rows and {1} columns apart: the sum adds features of two different places.",
                         {apart(dy2), apart(dx2)});
            }
            p.paths_sentence = t;
        }
    }
    return p;
}

std::string stack_picture_note(const std::string& picture_title, Pair picture, Pair input, Lang lang) {
    if (picture == input) return trf(lang, "Drawn on image mode's picture: {0}, the network's input pixel for pixel.", {picture_title});
    return trf(lang, "Drawn on image mode's picture: {0}, stretched over the network's {1} input (a network would see it resized). Set the input to {2} to see the field on its own pixels.",
               {picture_title, size_text(input), size_text(picture)});
}

std::optional<Pair> grid_cell_at(float x0, float y0, float cell, Pair cells, float x, float y) {
    if (!(cell > 0) || x < x0 || y < y0) return std::nullopt;
    const int c = static_cast<int>(std::floor((x - x0) / cell));
    const int r = static_cast<int>(std::floor((y - y0) / cell));
    if (r < 0 || c < 0 || r >= cells[0] || c >= cells[1]) return std::nullopt;
    return Pair{r, c};
}

// [SECTION] Lessons and quiz ---------------------------------------------------------------------

namespace {

int position_of(const StackResult& r, const std::string& name) {
    for (const StackRow& row : r.rows)
        if (row.name == name) return row.position;
    return 0;
}

StackModel model_of(const std::string& preset, Lang lang, Pair input = {224, 224}) {
    StackConfig c;
    c.preset = preset;
    c.input = input;
    return build_stack_model(c, lang);
}

// Layers that stride (above 1) on the main path, as "name (jump J)".
std::vector<std::string> striding_layers(const StackResult& r, Lang lang) {
    std::vector<std::string> out;
    for (const StackRow& row : r.rows) {
        if (row.shortcut() || row.kind == LayerKind::add || row.kind == LayerKind::convT) continue;
        if (row.axes[0].stride > 1) out.push_back(trf(lang, "{0} (jump {1})", {row.name, jump_text(row.axes[0])}));
    }
    return out;
}

std::string join(const std::vector<std::string>& items, Lang lang) {
    std::string s;
    for (size_t i = 0; i < items.size(); ++i) s += (i == 0 ? "" : i + 1 == items.size() ? tr(lang, " and ") : ", ") + items[i];
    return s;
}

}  // namespace

const std::vector<StackLesson>& stack_lessons() {
    static const std::vector<StackLesson> list = {
        {"stack-resnet-stem", "Network 1. ResNet's stem: stride 4 before the first block",
         "A 7x7 conv at stride 2 and a 3x3 max pool at stride 2 multiply to a jump of 4: 224 becomes 56 before layer1."},
        {"stack-mobilenet-strides", "Network 2. Where MobileNet puts its strides",
         "No pooling until the end: the first conv and one depthwise layer per stage stride 2."},
        {"stack-vgg-pool5", "Network 3. What one output of VGG's pool5 sees",
         "A 212x212 window of the input, 32 pixels from its neighbour's; the corner's reaches 90 pixels into the padding."},
        {"stack-225", "Network 4. Why a 225x225 input loses a row",
         "pool1 fits 112 windows of 2 in 225 rows: floor(223 / 2) + 1 = 112, remainder 1, so row 224 is never read."},
    };
    return list;
}

std::optional<StackConfig> stack_lesson_config(const std::string& name) {
    StackConfig c;
    if (name == "stack-resnet-stem") {
        c.preset = "resnet50";
        c.layer = 2;
        c.cell = {0, 0};
    } else if (name == "stack-mobilenet-strides") {
        c.preset = "mobilenet_v2";
        c.layer = 1;
    } else if (name == "stack-vgg-pool5") {
        c.preset = "vgg16";
        c.layer = 18;  // features.30
        c.cell = {3, 3};
    } else if (name == "stack-225") {
        c.preset = "vgg16";
        c.input = {225, 225};
        c.layer = 3;  // features.4
        c.cell = {111, 111};
    } else {
        return std::nullopt;
    }
    return c;
}

std::string stack_lesson_text(const std::string& name, Lang lang) {
    auto c = stack_lesson_config(name);
    if (!c) return {};
    const StackModel m = build_stack_model(*c, lang);
    const StackResult& r = m.result;
    if (!r.ok() || r.rows.empty()) return m.notes.empty() ? std::string() : m.notes.back();
    if (name == "stack-resnet-stem") {
        const StackRow& conv = r.rows[0];
        const StackRow& pool = r.rows[1];
        return trf(lang,
                   "conv1 (7x7, stride 2) turns {0} into {1}; the max pool (3x3, stride 2) halves it again to {2}. "
                   "Jumps multiply: {3} x {4} = {5}, so neighbouring outputs of the stem are {5} input pixels apart and each sees {6} pixels. "
                   "Every block after it then works on 16 times fewer positions than the image has: "
                   "the stem spends {7} MACs so that layer1 can run at {2}.",
                   {size_text(r.input), size_text(conv.output), size_text(pool.output), jump_text(conv.axes[0]),
                    std::to_string(pool.axes[0].stride), jump_text(pool.axes[0]),
                    std::to_string(pool.axes[0].rf) + "x" + std::to_string(pool.axes[1].rf), short_count(lang, conv.macs)});
    }
    if (name == "stack-mobilenet-strides") {
        const auto strides = striding_layers(r, lang);
        return trf(lang,
                   "MobileNet v2 never pools before its last layer: {0} layers stride 2 -- {1}. "
                   "Each strided depthwise 3x3 costs 9 MACs per output and channel, so downsampling is almost free; "
                   "the 1x1 convolutions around it do the work ({2} MACs in all at {3}).",
                   {number_text(lang, static_cast<int64_t>(strides.size())), join(strides, lang), short_count(lang, r.totals.macs),
                    size_text(r.input)});
    }
    if (name == "stack-vgg-pool5") {
        const StackRow& pool5 = r.rows[static_cast<size_t>(position_of(r, "features.30") - 1)];
        const StackPicture p = stack_picture(m, pool5.position, 0, 0);
        const StackPicture mid = stack_picture(m, pool5.position, 3, 3);
        return trf(lang,
                   "pool5 gives {0} outputs at a jump of {1}; each sees a {2} window ({3} = 1 + the sum of (k - 1) x jump over 13 convs and 5 pools). "
                   "Output (3, 3) sees rows {4}..{5}; output (0, 0) starts {6} pixels up in the padding (the effective padding {7}).",
                   {size_text(pool5.output), jump_text(pool5.axes[0]),
                    std::to_string(pool5.axes[0].rf) + "x" + std::to_string(pool5.axes[1].rf), std::to_string(pool5.axes[0].rf),
                    number_text(lang, mid.rows.first), number_text(lang, mid.rows.last), number_text(lang, -p.rows.first),
                    number_text(lang, pool5.axes[0].effective_padding)});
    }
    if (name == "stack-225") {
        for (const StackRow& row : r.rows)
            if (row.drops())
                return trf(lang,
                           "At 225x225 the first 2x2 pool, {0}, computes {1}: the windows cover rows 0..223 and row 224 (and column 224) is never read. "
                           "The conv layers before it keep 225 (3x3 with padding 1), so it is the pool that drops it; at 224 nothing is dropped.",
                           {layer_ref(lang, row), size_working(lang, row, 0)});
        return tr(lang, "No layer drops a row at this size.");
    }
    return {};
}

std::vector<StackQuestion> stack_questions(Lang lang) {
    std::vector<StackQuestion> qs;
    {
        const StackModel m = model_of("resnet50", lang);
        const StackRow& pool = m.result.rows[1];
        StackQuestion q;
        q.prompt = tr(lang, "ResNet-50 at 224x224: what is the jump (effective stride) after the stem's max pool, before layer1?");
        q.answer = jump_text(pool.axes[0]);
        q.explanation = trf(lang, "conv1 strides {0} and the max pool strides {1}: jumps multiply, {2}. The map is {3}.",
                            {number_text(lang, m.result.rows[0].axes[0].stride), number_text(lang, pool.axes[0].stride), q.answer,
                             size_text(pool.output)});
        q.config = *stack_lesson_config("stack-resnet-stem");
        qs.push_back(q);
    }
    {
        const StackModel m = model_of("mobilenet_v2", lang);
        const auto strides = striding_layers(m.result, lang);
        StackQuestion q;
        q.prompt = tr(lang, "MobileNet v2: how many of its layers stride 2 (it has no pooling until the end)?");
        q.answer = std::to_string(strides.size());
        q.explanation = join(strides, lang) + ".";
        q.config = *stack_lesson_config("stack-mobilenet-strides");
        qs.push_back(q);
    }
    {
        const StackModel m = model_of("vgg16", lang);
        const StackRow& pool5 = m.result.rows[static_cast<size_t>(position_of(m.result, "features.30") - 1)];
        StackQuestion q;
        q.prompt = tr(lang, "VGG-16: how many input pixels wide is the receptive field of one output of pool5?");
        q.answer = std::to_string(pool5.axes[0].rf);
        q.explanation = trf(lang, "r = 1 + sum of (k - 1) x jump: thirteen 3x3 convs and five 2x2 pools give {0} at a jump of {1}.",
                            {q.answer, jump_text(pool5.axes[0])});
        q.config = *stack_lesson_config("stack-vgg-pool5");
        qs.push_back(q);
    }
    {
        const StackModel m = model_of("vgg16", lang, {225, 225});
        const StackRow& pool1 = m.result.rows[static_cast<size_t>(position_of(m.result, "features.4") - 1)];
        StackQuestion q;
        q.prompt = tr(lang, "VGG-16 at 225x225: what size (HxW) is pool1's output?");
        q.answer = size_text(pool1.output);
        q.explanation = trf(lang, "{0}: the last input row and column are never read.", {size_working(lang, pool1, 0)});
        q.config = *stack_lesson_config("stack-225");
        qs.push_back(q);
    }
    {
        const StackModel m = model_of("mobilenet_v2", lang);
        const int last_conv = position_of(m.result, "features.18.0");
        const StackRow& row = m.result.rows[static_cast<size_t>(last_conv - 1)];
        StackQuestion q;
        q.prompt = tr(lang, "MobileNet v2 at 224x224: how large is the receptive field of its last convolution (features.18)?");
        q.answer = std::to_string(row.axes[0].rf);
        q.explanation = trf(lang, "Jump {0} and effective padding {1}: the field is larger than the image, so every output also sees padding.",
                            {jump_text(row.axes[0]), number_text(lang, row.axes[0].effective_padding)});
        q.config = *stack_lesson_config("stack-mobilenet-strides");
        q.config.layer = last_conv;
        qs.push_back(q);
    }
    return qs;
}

bool stack_answer_correct(const StackQuestion& q, const std::string& typed) {
    auto numbers = [](const std::string& s) {
        std::vector<int64_t> out;
        for (const std::string& part : base::split(base::lower(base::trim(s)), "x, ")) {
            if (part.empty()) continue;
            int64_t v = 0;
            if (base::parse_whole(part, -(int64_t(1) << 40), int64_t(1) << 40, v) != base::WholeStatus::ok) return std::vector<int64_t>{};
            out.push_back(v);
        }
        return out;
    };
    const auto want = numbers(q.answer), got = numbers(typed);
    if (want.empty() || got.empty()) return false;
    if (want.size() == 2 && got.size() == 1) return want[0] == want[1] && got[0] == want[0];
    return want == got;
}

}  // namespace strideconv::teach
