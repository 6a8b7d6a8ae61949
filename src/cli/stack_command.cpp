// stack_command.cpp -- `strideconv stack`: a network (a preset or a stack in the layer grammar) layer
// by layer: sizes with the floor's remainder, jump, receptive field, effective padding, centre,
// MACs, parameters and activations, as a plain-text table for course notes or as JSON. Every
// figure comes from core/stack (evaluate_stack, receptive_region); the table's text and notes are
// teach's (stack_mode), shared with the app's network view. Standard C++ only.
#include "cli/cli.hpp"

#include <algorithm>
#include <iostream>

#include "base/json.hpp"
#include "base/number_text.hpp"
#include "base/text.hpp"
#include "teach/stack_mode.hpp"
#include "teach/stack_spec.hpp"

namespace strideconv::cli {

namespace {

// N or HxW, each 1..hi.
Result<Pair> size_option(const std::string& option, const std::string& text, int hi) {
    const auto parts = base::split(text, "xX");
    bool ok = parts.size() == 1 || parts.size() == 2;
    int64_t v[2] = {0, 0};
    for (size_t i = 0; ok && i < parts.size(); ++i)
        ok = base::parse_whole(parts[i], 1, hi, v[i]) == base::WholeStatus::ok;
    if (!ok)
        return Result<Pair>::fail(option + " must be N or HxW with whole numbers 1.." + std::to_string(hi) +
                                  " (got '" + text + "')");
    return {Pair{static_cast<int>(v[0]), static_cast<int>(parts.size() == 2 ? v[1] : v[0])}, {}, {}};
}

Result<std::vector<int>> int_list(const std::string& option, const std::string& text, size_t count, int lo, int hi) {
    std::vector<int> out;
    for (const std::string& part : base::split(text, ",")) {
        int64_t v = 0;
        if (base::parse_whole(base::trim(part), lo, hi, v) != base::WholeStatus::ok)
            return Result<std::vector<int>>::fail(option + ": '" + text + "' is not a list of whole numbers " +
                                                  std::to_string(lo) + ".." + std::to_string(hi));
        out.push_back(static_cast<int>(v));
    }
    if (count != 0 && out.size() != count)
        return Result<std::vector<int>>::fail(option + " takes " + std::to_string(count) + " numbers (got '" + text + "')");
    return {out, {}, {}};
}

// Columns padded to their widest cell; names and types left-aligned, numbers right-aligned.
void print_table(std::ostream& out, const teach::StackTable& t) {
    std::vector<size_t> width(t.headers.size(), 0);
    auto measure = [&](const std::vector<std::string>& cells) {
        for (size_t i = 0; i < cells.size() && i < width.size(); ++i) width[i] = std::max(width[i], cells[i].size());
    };
    measure(t.headers);
    for (const auto& row : t.rows) measure(row.cells);
    measure(t.totals);
    auto line = [&](const std::vector<std::string>& cells) {
        std::string s;
        for (size_t i = 0; i < cells.size() && i < width.size(); ++i) {
            const bool left = i == 1 || i == 2 || i == 12;
            const std::string pad(width[i] - cells[i].size(), ' ');
            s += (i ? "  " : "") + (left ? cells[i] + pad : pad + cells[i]);
        }
        while (!s.empty() && s.back() == ' ') s.pop_back();
        out << s << "\n";
    };
    line(t.headers);
    for (const auto& row : t.rows) line(row.cells);
    line(t.totals);
}

}  // namespace

int run_stack(const Args& args, std::ostream& out, std::ostream& err) {
    teach::StackConfig c;
    bool json = false, have_preset = false, have_layers = false;
    std::optional<std::array<int, 3>> cell;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string* {
            if (i + 1 >= args.size()) return nullptr;
            return &args[++i];
        };
        if (a == "--json") { json = true; continue; }
        if (a == "--flops") { c.flops = true; continue; }
        if (a != "--preset" && a != "--layers" && a != "--input" && a != "--channels" && a != "--swap" && a != "--cell")
            return fail(err, "stack: unknown option '" + a + "' (see --help)");
        const std::string* v = value();
        if (!v) return fail(err, a + " needs a value");
        if (a == "--preset") {
            if (!teach::network_preset(*v))
                return fail(err, "--preset: no network named '" + *v + "' (try " + teach::network_preset_names() + ")");
            c.preset = *v;
            have_preset = true;
        } else if (a == "--layers") {
            auto layers = teach::parse_stack(*v);
            if (!layers.ok()) return fail(err, "--layers: " + layers.error);
            c.spec = *v;
            have_layers = true;
        } else if (a == "--input") {
            auto p = size_option("--input", *v, kMaxStackInput);
            if (!p.ok()) return fail(err, p.error);
            c.input = p.value;
        } else if (a == "--channels") {
            auto n = int_list("--channels", *v, 1, 1, kMaxStackChannels);
            if (!n.ok()) return fail(err, n.error);
            c.channels = n.value[0];
        } else if (a == "--swap") {
            auto n = int_list("--swap", *v, 0, 1, kMaxStackLayers);
            if (!n.ok()) return fail(err, n.error);
            c.swaps = n.value;
        } else if (a == "--cell") {
            auto n = int_list("--cell", *v, 3, 0, kMaxStackInput);
            if (!n.ok()) return fail(err, n.error + " (LAYER,ROW,COL)");
            cell = std::array<int, 3>{n.value[0], n.value[1], n.value[2]};
        }
    }
    if (have_preset && have_layers) return fail(err, "stack: give --preset or --layers, not both");
    if (!have_preset && !have_layers) return fail(err, "stack: give --preset NAME or --layers SPEC (see --help)");

    // Swaps name downsampling points of the layers as given; refuse what normalize would drop.
    const auto base = teach::base_layers(c);
    if (!c.swaps.empty()) {
        auto swapped = swap_downsampling(base.value, c.swaps);
        if (!swapped.ok()) return fail(err, "--swap: " + swapped.error);
    }
    const teach::StackModel m = teach::build_stack_model(c);
    if (!m.result.ok()) return fail(err, m.result.error);
    if (cell && (cell->at(0) < 1 || cell->at(0) > static_cast<int>(m.result.rows.size())))
        return fail(err, "--cell: layer " + std::to_string(cell->at(0)) + " is not 1.." +
                             std::to_string(m.result.rows.size()));

    if (json) {
        const json::Value rows = teach::stack_rows_json(m.result, c.flops);
        out << "[";
        for (size_t i = 0; i < rows.items().size(); ++i)
            out << (i ? ",\n " : "\n ") << json::write(rows.items()[i]);
        out << "\n]\n";
        out.flush();
        return kExitOk;
    }

    out << m.title;
    if (!have_layers)
        for (const auto& p : teach::network_presets())
            if (c.preset == p.name) out << " -- " << p.layout;
    out << "\n";
    out << "input " << c.input[0] << "x" << c.input[1] << " x " << c.channels << " channels";
    if (!c.swaps.empty()) {
        out << "; swapped at layer";
        for (size_t i = 0; i < c.swaps.size(); ++i) out << (i ? ", " : " ") << c.swaps[i];
    }
    out << "\n\n";
    print_table(out, m.table);
    out << "\n" << m.summary << "\n";
    if (!m.notes.empty()) {
        out << "\n";
        for (const auto& n : m.notes) out << "- " << n << "\n";
    }
    if (!m.switches.empty()) {
        out << "\nstride/pool switches (--swap N):\n";
        for (const auto& s : m.switches)
            out << "  " << s.position << (s.swapped ? " [swapped] " : "  ") << s.label << "\n      " << s.effect << "\n";
    }
    if (cell) out << "\n" << teach::stack_picture(m, cell->at(0), cell->at(1), cell->at(2)).sentence << "\n";
    out.flush();
    return kExitOk;
}

}  // namespace strideconv::cli
