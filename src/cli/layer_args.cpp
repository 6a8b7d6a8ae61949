// layer_args.cpp -- the options of `strideconv shape` and `strideconv explain`, and text helpers.
// Standard C++ only.
//
// [SECTION] Numbers and pairs
// [SECTION] Options
// [SECTION] Text
#include "cli/cli.hpp"

#include <climits>
#include <cmath>

#include "base/number_text.hpp"
#include "base/text.hpp"

namespace strideconv::cli {

int fail(std::ostream& err, const std::string& message) {
    std::string line = message;
    for (char& c : line)
        if (c == '\n' || c == '\r') c = ' ';
    err << "strideconv: " << line << "\n";
    return kExitUsage;
}

namespace {

// [SECTION] Numbers and pairs -------------------------------------------------------------------

Result<int> parse_int(const std::string& text, const std::string& option) {
    int64_t v = 0;
    switch (base::parse_whole(text, INT_MIN, INT_MAX, v)) {
        case base::WholeStatus::junk:
            return Result<int>::fail(option + ": expected an integer, got '" + text + "'");
        case base::WholeStatus::saturated: return Result<int>::fail(option + ": " + text + " is out of range");
        case base::WholeStatus::ok: break;
    }
    Result<int> r;
    r.value = static_cast<int>(v);
    return r;
}

using base::split;

// "5" -> {5, 5}; "4x6" -> {4, 6} (height x width).
Result<Pair> parse_pair(const std::string& text, const std::string& option) {
    std::vector<std::string> parts = split(text, "x");
    if (parts.size() != 1 && parts.size() != 2)
        return Result<Pair>::fail(option + ": expected N or HxW, got '" + text + "'");
    Result<Pair> r;
    for (size_t i = 0; i < parts.size(); ++i) {
        Result<int> n = parse_int(parts[i], option);
        if (!n.ok()) return Result<Pair>::fail(n.error);
        r.value[i] = n.value;
    }
    if (parts.size() == 1) r.value[1] = r.value[0];
    return r;
}

// [SECTION] Options -----------------------------------------------------------------------------

struct OptionSpec {
    const char* name;
    bool takes_value;
    bool explain_only;
};

constexpr OptionSpec kOptions[] = {
    {"--op", true, false},           {"--input", true, false},
    {"--kernel", true, false},       {"--stride", true, false},
    {"--padding", true, false},      {"--dilation", true, false},
    {"--padding-mode", true, false}, {"--ceil-mode", false, false},
    {"--exclude-pad", false, false}, {"--in-channels", true, false},
    {"--out-channels", true, false}, {"--groups", true, false},
    {"--values", true, true},        {"--kernel-values", true, true},
    {"--bias", true, true},          {"--cell", true, true},
    {"--output-padding", true, true},
};

// 'full' padding: every position where the kernel overlaps the input at least once, i.e.
// dilation * (kernel - 1) per side (Dumoulin & Visin 2016, section 2.2.3, with dilation).
Padding full_padding(Pair kernel, Pair dilation) {
    int vertical = int(std::min<int64_t>(int64_t(dilation[0]) * (kernel[0] - 1), INT_MAX));
    int horizontal = int(std::min<int64_t>(int64_t(dilation[1]) * (kernel[1] - 1), INT_MAX));
    return Padding::symmetric(vertical, horizontal);
}

Result<Padding> parse_padding(const std::string& text, const LayerArgs& a) {
    Result<Padding> r;
    if (text == "same") {
        r.value = Padding::same();
    } else if (text == "valid") {
        r.value = Padding::valid();
    } else if (text == "full") {
        r.value = full_padding(a.kernel, a.dilation);
    } else if (text.find(',') != std::string::npos) {
        std::vector<std::string> parts = split(text, ",");
        if (parts.size() != 4)
            return Result<Padding>::fail("--padding: expected T,B,L,R (4 values), got '" + text +
                                         "'");
        int sides[4];
        for (int i = 0; i < 4; ++i) {
            Result<int> n = parse_int(parts[size_t(i)], "--padding");
            if (!n.ok()) return Result<Padding>::fail(n.error);
            sides[i] = n.value;
        }
        r.value = Padding::sides(sides[0], sides[1], sides[2], sides[3]);
    } else {
        Result<Pair> p = parse_pair(text, "--padding");
        if (!p.ok())
            return Result<Padding>::fail("--padding: expected P, PHxPW, T,B,L,R, same, valid or "
                                         "full, got '" + text + "'");
        r.value = Padding::symmetric(p.value[0], p.value[1]);
    }
    return r;
}

}  // namespace

Result<LayerArgs> parse_layer_args(const Args& args, bool explain) {
    using R = Result<LayerArgs>;
    R r;
    LayerArgs& a = r.value;
    std::vector<std::string> given;
    bool has_input = false, has_kernel = false;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i], value;
        size_t equals = name.find('=');
        bool inline_value = name.rfind("--", 0) == 0 && equals != std::string::npos;
        if (inline_value) {
            value = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        const OptionSpec* spec = nullptr;
        for (const OptionSpec& s : kOptions)
            if (name == s.name && (explain || !s.explain_only)) spec = &s;
        if (!spec) {
            if (name.rfind("-", 0) == 0)
                return R::fail("unknown option '" + name + "' for '" +
                               (explain ? "explain" : "shape") + "' (see strideconv --help)");
            return R::fail("unexpected argument '" + name + "'");
        }
        if (spec->takes_value && !inline_value) {
            if (i + 1 >= args.size()) return R::fail("option " + name + " needs a value");
            value = args[++i];
        } else if (!spec->takes_value && inline_value) {
            return R::fail("option " + name + " takes no value");
        }
        for (const std::string& g : given)
            if (g == name) return R::fail("option " + name + " given twice");
        given.push_back(name);

        auto take_pair = [&](Pair& out) -> std::string {
            Result<Pair> p = parse_pair(value, name);
            if (p.ok()) out = p.value;
            return p.error;
        };
        auto take_int = [&](int& out) -> std::string {
            Result<int> n = parse_int(value, name);
            if (n.ok()) out = n.value;
            return n.error;
        };
        std::string error;
        if (name == "--op") {
            // explain walks conv_transpose2d's scatter too; shape's floor and remainder are conv2d's.
            const std::optional<Op> op = op_from_string(value);
            if (op && (*op != Op::conv_transpose2d || explain)) a.op = *op;
            else if (op) error = "--op conv_transpose2d: shape describes sliding windows; use explain for it";
            else error = "--op: expected " +
                         (explain ? op_names({Op::conv2d, Op::max_pool2d, Op::avg_pool2d, Op::conv_transpose2d})
                                  : op_names({Op::conv2d, Op::max_pool2d, Op::avg_pool2d})) +
                         ", got '" + value + "'";
        } else if (name == "--input") {
            error = take_pair(a.input);
            has_input = true;
        } else if (name == "--kernel") {
            error = take_pair(a.kernel);
            has_kernel = true;
        } else if (name == "--stride") {
            Pair s{};
            error = take_pair(s);
            a.stride = s;
        } else if (name == "--padding") {
            a.padding_text = value;  // resolved below, once kernel and dilation are known
        } else if (name == "--dilation") {
            error = take_pair(a.dilation);
        } else if (name == "--padding-mode") {
            std::optional<PaddingMode> mode = padding_mode_from_string(value);
            if (mode) a.padding_mode = *mode;
            else error = "--padding-mode: expected zeros, reflect, replicate or circular, got '" +
                         value + "'";
        } else if (name == "--ceil-mode") {
            a.ceil_mode = true;
        } else if (name == "--exclude-pad") {
            a.count_include_pad = false;
        } else if (name == "--in-channels") {
            error = take_int(a.in_channels);
        } else if (name == "--out-channels") {
            error = take_int(a.out_channels);
        } else if (name == "--groups") {
            error = take_int(a.groups);
        } else if (name == "--output-padding") {
            error = take_pair(a.output_padding);
        } else if (name == "--values") {
            a.values = value;
        } else if (name == "--kernel-values") {
            a.kernel_values = value;
        } else if (name == "--bias") {
            float b = 0;
            if (base::parse_float(value, b) != base::FloatStatus::ok)
                error = "--bias: expected a number, got '" + value + "'";
            else a.bias = b;
        } else if (name == "--cell") {
            std::vector<std::string> parts = split(value, ",");
            if (parts.size() != 2 && parts.size() != 3) {
                error = "--cell: expected ROW,COL or CHANNEL,ROW,COL, got '" + value + "'";
            } else {
                std::array<int, 3> cell{0, 0, 0};
                size_t first = 3 - parts.size();
                for (size_t k = 0; k < parts.size() && error.empty(); ++k) {
                    Result<int> n = parse_int(parts[k], "--cell");
                    if (n.ok()) cell[first + k] = n.value;
                    else error = n.error;
                }
                a.cell = cell;
            }
        }
        if (!error.empty()) return R::fail(error);
    }
    if (!has_input) return R::fail("missing --input (e.g. --input 5x5)");
    if (!has_kernel) return R::fail("missing --kernel (e.g. --kernel 3)");

    auto was_given = [&](const char* option) {
        for (const std::string& g : given)
            if (g == option) return true;
        return false;
    };
    auto refuse_for_op = [&](const char* option, const char* reason) -> std::string {
        if (!was_given(option)) return "";
        return std::string(option) + " does not apply to " + to_string(a.op) + ": " + reason;
    };
    std::string error;
    if (a.op != Op::conv_transpose2d) error = refuse_for_op("--output-padding", "it is a conv_transpose2d option");
    if (!error.empty()) {
    } else if (a.op == Op::conv2d || a.op == Op::conv_transpose2d) {
        for (const char* option : {"--ceil-mode", "--exclude-pad"})
            if (error.empty()) error = refuse_for_op(option, "it is a pooling option");
        if (error.empty() && a.op == Op::conv_transpose2d && a.padding_mode != PaddingMode::zeros)
            error = refuse_for_op("--padding-mode", "PyTorch's ConvTranspose2d pads with zeros only");
    } else {
        for (const char* option : {"--padding-mode", "--out-channels", "--groups",
                                   "--kernel-values", "--bias"})
            if (error.empty()) error = refuse_for_op(option, "pooling has no weights or padding modes");
        if (error.empty() && a.op == Op::max_pool2d)
            error = refuse_for_op("--exclude-pad", "it is an avg_pool2d option");
        if (error.empty() && a.op == Op::avg_pool2d)
            error = refuse_for_op("--dilation", "PyTorch's avg_pool2d has no dilation");
        a.out_channels = a.in_channels;
    }
    if (!error.empty()) return R::fail(error);

    Result<Padding> padding = parse_padding(a.padding_text, a);
    if (!padding.ok()) return R::fail(padding.error);
    a.padding = padding.value;
    if (a.op != Op::conv2d) {  // pools and conv_transpose2d: one padding per axis
        bool symmetric = a.padding.kind == Padding::Kind::explicit_sides &&
                         a.padding.top == a.padding.bottom && a.padding.left == a.padding.right;
        if (a.padding.kind == Padding::Kind::same)
            return R::fail(std::string("--padding same is a conv2d option; ") + to_string(a.op) +
                           " takes P or PHxPW");
        if (a.padding.kind == Padding::Kind::explicit_sides && !symmetric)
            return R::fail(std::string(to_string(a.op)) +
                           " pads both sides equally: use --padding P or PHxPW");
    }
    return r;
}

Result<LayerShape> layer_shape(const LayerArgs& a) {
    switch (a.op) {
        case Op::max_pool2d: return max_pool2d_shape(a.in_channels, a.input[0], a.input[1], max_pool_options(a));
        case Op::avg_pool2d: return avg_pool2d_shape(a.in_channels, a.input[0], a.input[1], avg_pool_options(a));
        case Op::conv_transpose2d:
            return conv_transpose2d_shape(a.in_channels, a.input[0], a.input[1], a.out_channels, a.kernel[0],
                                          a.kernel[1], conv_transpose2d_options(a));
        case Op::conv2d: break;
    }
    return conv2d_shape(a.in_channels, a.input[0], a.input[1], a.out_channels, a.kernel[0],
                        a.kernel[1], conv2d_options(a));
}

Conv2dOptions conv2d_options(const LayerArgs& a) {
    Conv2dOptions o;
    o.stride = a.stride.value_or(Pair{1, 1});
    o.padding = a.padding;
    o.dilation = a.dilation;
    o.groups = a.groups;
    o.padding_mode = a.padding_mode;
    return o;
}

ConvTranspose2dOptions conv_transpose2d_options(const LayerArgs& a) {
    ConvTranspose2dOptions o;
    o.stride = a.stride.value_or(Pair{1, 1});
    o.padding = {a.padding.top, a.padding.left};
    o.output_padding = a.output_padding;
    o.groups = a.groups;
    o.dilation = a.dilation;
    return o;
}

// Pools: one padding per axis ('valid' has all sides 0); the stride may be absent (= kernel).
MaxPool2dOptions max_pool_options(const LayerArgs& a) {
    return {a.kernel, a.stride, {a.padding.top, a.padding.left}, a.dilation, a.ceil_mode};
}

AvgPool2dOptions avg_pool_options(const LayerArgs& a) {
    return {a.kernel, a.stride, {a.padding.top, a.padding.left}, a.ceil_mode, a.count_include_pad,
            std::nullopt};
}

namespace {

std::string pair_text(Pair p) { return std::to_string(p[0]) + "x" + std::to_string(p[1]); }

std::string padding_text(const LayerArgs& a) {
    const Padding& p = a.padding;
    switch (p.kind) {
        case Padding::Kind::same: return "same";
        case Padding::Kind::valid: return "valid";
        case Padding::Kind::explicit_sides: break;
    }
    std::string text;
    if (p.top == p.bottom && p.left == p.right)
        text = p.top == p.left ? std::to_string(p.top) : std::to_string(p.top) + "x" +
                                                             std::to_string(p.left);
    else
        text = "top " + std::to_string(p.top) + ", bottom " + std::to_string(p.bottom) +
               ", left " + std::to_string(p.left) + ", right " + std::to_string(p.right);
    return a.padding_text == "full" ? "full (" + text + ")" : text;
}

}  // namespace

std::string describe_layer(const LayerArgs& a) {
    std::string text = std::string(to_string(a.op)) + ": input " + pair_text(a.input);
    if (a.in_channels != 1 || a.out_channels != 1)
        text += " (" + std::to_string(a.in_channels) + " -> " + std::to_string(a.out_channels) +
                " channels" + (a.groups != 1 ? ", groups " + std::to_string(a.groups) : "") + ")";
    text += ", kernel " + pair_text(a.kernel);
    text += ", stride " + (a.stride ? pair_text(*a.stride)
                                    : a.op == Op::conv2d || a.op == Op::conv_transpose2d ? "1x1"
                                                                                          : pair_text(a.kernel) + " (= kernel)");
    text += ", padding " + padding_text(a);
    if (a.op == Op::conv2d && a.padding_mode != PaddingMode::zeros)
        text += std::string(" (") + to_string(a.padding_mode) + ")";
    if (a.op != Op::avg_pool2d) text += ", dilation " + pair_text(a.dilation);
    if (a.op == Op::conv_transpose2d) text += ", output_padding " + pair_text(a.output_padding);
    if (a.ceil_mode) text += ", ceil_mode";
    if (a.op == Op::avg_pool2d && !a.count_include_pad) text += ", count_include_pad off";
    return text;
}

// [SECTION] Text --------------------------------------------------------------------------------

std::string format_value(float v) { return base::format_display(v, 6); }

std::string pad_right(const std::string& s, size_t width) {
    return s + std::string(width - std::min(width, s.size()), ' ');
}

std::string pad_left(const std::string& s, size_t width) {
    return std::string(width - std::min(width, s.size()), ' ') + s;
}

std::string format_count(int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), text;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
        text += digits[i];
    }
    return n < 0 ? "-" + text : text;
}

std::string format_indices(const std::vector<int>& indices, const char* noun,
                           const char* noun_plural, size_t max_items) {
    if (indices.empty()) return "none";
    std::string text = indices.size() == 1 ? noun : noun_plural;
    for (size_t i = 0; i < indices.size() && i < max_items; ++i)
        text += (i ? ", " : " ") + std::to_string(indices[i]);
    if (indices.size() > max_items)
        text += ", ... (" + std::to_string(indices.size() - max_items) + " more)";
    return text;
}

void print_grid(std::ostream& out, const std::vector<std::string>& cells, int rows, int cols,
                const std::string& indent) {
    size_t width = std::to_string(cols - 1).size();
    for (const std::string& c : cells) width = std::max(width, c.size());
    size_t label = std::to_string(rows - 1).size();
    auto pad = [](const std::string& s, size_t w) { return std::string(w - std::min(w, s.size()), ' ') + s; };
    out << indent << std::string(label, ' ') << "   ";
    for (int c = 0; c < cols; ++c) out << (c ? " " : "") << pad(std::to_string(c), width);
    out << "\n";
    for (int r = 0; r < rows; ++r) {
        out << indent << pad(std::to_string(r), label) << " | ";
        for (int c = 0; c < cols; ++c)
            out << (c ? " " : "") << pad(cells[size_t(r) * size_t(cols) + size_t(c)], width);
        out << "\n";
    }
}

}  // namespace strideconv::cli
