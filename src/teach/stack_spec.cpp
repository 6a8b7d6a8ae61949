// stack_spec.cpp -- the layer grammar and the network presets (see stack_spec.hpp).
//
// [SECTION] Parsing
// [SECTION] Formatting
// [SECTION] Presets: VGG-16, AlexNet, ResNet-18/50 (torchvision), ResNet-50 (TF-Slim),
//           MobileNet v1 (TF-Slim), MobileNet v2 (torchvision), and their stems
#include "teach/stack_spec.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <utility>

#include "base/number_text.hpp"
#include "base/text.hpp"
#include "teach/strings.hpp"

namespace strideconv::teach {

namespace {

// [SECTION] Parsing -------------------------------------------------------------------------------

// Untrusted text in a message: quoted, printable ASCII, at most 24 characters.
std::string quoted(const std::string& s) {
    std::string out = "'";
    for (size_t i = 0; i < s.size() && i < 24; ++i) {
        const auto u = static_cast<unsigned char>(s[i]);
        out += (u >= 0x20 && u < 0x7f) ? s[i] : '?';
    }
    return out + (s.size() > 24 ? "...'" : "'");
}

enum Field { f_k, f_s, f_p, f_d, f_c, f_g, f_op, f_ceil, f_global, f_b, f_bn, f_skip, f_name, f_count };
constexpr std::array<const char*, f_count> kFieldNames = {
    "k", "s", "p", "d", "c", "g", "op", "ceil", "global", "b", "bn", "skip", "name"};

const char* kKindList = "conv, dwconv, maxpool, avgpool, convT or add";

std::optional<LayerKind> kind_from_word(const std::string& word) {
    const std::string w = base::lower(word);
    for (LayerKind k : {LayerKind::conv, LayerKind::dwconv, LayerKind::maxpool, LayerKind::avgpool,
                        LayerKind::convT, LayerKind::add})
        if (w == base::lower(to_string(k))) return k;
    return std::nullopt;
}

// Which fields a kind takes, and why not when it does not.
const char* refuses(LayerKind kind, Field f) {
    switch (f) {
        case f_k: case f_s: case f_p: case f_d:
            return kind == LayerKind::add ? "add has no window" : nullptr;
        case f_c:
            if (is_pool(kind)) return "a pool keeps its input's channels";
            return kind == LayerKind::add ? "add keeps its input's channels" : nullptr;
        case f_g:
            if (kind == LayerKind::dwconv) return "a dwconv has one group per input channel";
            return is_convolution(kind) ? nullptr : "only convolutions have groups";
        case f_op: return kind == LayerKind::convT ? nullptr : "only convT has an output_padding";
        case f_ceil: case f_global: return is_pool(kind) ? nullptr : "only pools take it";
        case f_b: case f_bn: return is_convolution(kind) ? nullptr : "only convolutions have weights";
        case f_skip: case f_name: return nullptr;
        case f_count: break;
    }
    return nullptr;
}

struct LayerParser {
    int position;
    LayerKind kind;
    StackLayer& layer;
    Lang lang;
    std::string error;

    bool fail(const std::string& why) {
        error = trf(lang, "layer {0} ({1}): {2}", {number_text(lang, position), to_string(kind), why});
        return false;
    }

    bool whole(Field f, const std::string& text, int64_t lo, int64_t hi, int64_t& out) {
        if (base::parse_whole(text, lo, hi, out) == base::WholeStatus::ok) return true;
        return fail(trf(lang, "{0} must be a whole number {1}..{2} (got {3})",
                        {kFieldNames[f], std::to_string(lo), std::to_string(hi), quoted(text)}));
    }

    // N or HxW.
    bool pair(Field f, const std::string& text, int lo, Pair& out) {
        const auto parts = base::split(text, "xX");
        bool ok = parts.size() == 1 || parts.size() == 2;
        int64_t v[2] = {0, 0};
        for (size_t i = 0; ok && i < parts.size(); ++i)
            ok = base::parse_whole(base::trim(parts[i]), lo, kMaxStackInput, v[i]) == base::WholeStatus::ok;
        if (!ok)
            return fail(trf(lang, "{0} must be N or HxW with whole numbers {1}..{2} (got {3})",
                            {kFieldNames[f], std::to_string(lo), std::to_string(kMaxStackInput), quoted(text)}));
        out = {static_cast<int>(v[0]), static_cast<int>(parts.size() == 2 ? v[1] : v[0])};
        return true;
    }

    bool flag(Field f, const std::string& text, bool& out) {
        if (text == "0" || text == "1") {
            out = text == "1";
            return true;
        }
        return fail(trf(lang, "{0} must be 0 or 1 (got {1})", {kFieldNames[f], quoted(text)}));
    }

    bool apply(Field f, const std::string& value) {
        int64_t n = 0;
        switch (f) {
            case f_k: return pair(f, value, 1, layer.kernel);
            case f_s: {
                Pair s{1, 1};
                if (!pair(f, value, 1, s)) return false;
                layer.stride = s;
                return true;
            }
            case f_p: {
                const std::string w = base::lower(value);
                if (w == "same") layer.padding.kind = LayerPadding::Kind::same;
                else if (w == "valid") layer.padding.kind = LayerPadding::Kind::valid;
                else {
                    const auto parts = base::split(value, "xX");
                    bool ok = parts.size() == 1 || parts.size() == 2;
                    int64_t v[2] = {0, 0};
                    for (size_t i = 0; ok && i < parts.size(); ++i)
                        ok = base::parse_whole(base::trim(parts[i]), 0, kMaxStackInput, v[i]) == base::WholeStatus::ok;
                    if (!ok)
                        return fail(trf(lang, "p must be N or HxW with whole numbers 0..{0}, same or valid (got {1})",
                                        {std::to_string(kMaxStackInput), quoted(value)}));
                    layer.padding.value = {static_cast<int>(v[0]), static_cast<int>(parts.size() == 2 ? v[1] : v[0])};
                }
                return true;
            }
            case f_d: return pair(f, value, 1, layer.dilation);
            case f_op: return pair(f, value, 0, layer.output_padding);
            case f_c:
                if (!whole(f, value, 1, kMaxStackChannels, n)) return false;
                layer.out_channels = static_cast<int>(n);
                return true;
            case f_g:
                if (!whole(f, value, 1, kMaxStackChannels, n)) return false;
                layer.groups = static_cast<int>(n);
                return true;
            case f_skip:
                if (!whole(f, value, 0, position - 1, n)) return false;
                layer.skip = static_cast<int>(n);
                return true;
            case f_ceil: return flag(f, value, layer.ceil_mode);
            case f_global: return flag(f, value, layer.global);
            case f_b: return flag(f, value, layer.bias);
            case f_bn: return flag(f, value, layer.batch_norm);
            case f_name: {
                bool ok = !value.empty() && value.size() <= 64;
                for (const char ch : value)
                    ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                                (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' || ch == '/');
                if (!ok)
                    return fail(trf(lang, "name must be 1..64 letters, digits, '.', '_', '-' or '/' (got {0})", {quoted(value)}));
                layer.name = value;
                return true;
            }
            case f_count: break;
        }
        return false;
    }
};

using base::pair_text;

}  // namespace

Result<std::vector<StackLayer>> parse_stack(const std::string& spec, Lang lang) {
    using R = Result<std::vector<StackLayer>>;
    if (spec.size() > 200000) return R::fail(trf(lang, "the stack text is longer than {0} characters", {number_text(lang, 200000)}));
    auto parts = base::split(spec, ";");
    if (parts.size() > 1 && base::trim(parts.back()).empty()) parts.pop_back();  // trailing ';'
    if (parts.size() == 1 && base::trim(parts[0]).empty())
        return R::fail(tr(lang, "the stack is empty: give at least one layer, e.g. conv:k=3,c=16"));
    if (parts.size() > static_cast<size_t>(kMaxStackLayers))
        return R::fail(trf(lang, "a stack has at most {0} layers (got {1})",
                           {number_text(lang, kMaxStackLayers), number_text(lang, static_cast<int64_t>(parts.size()))}));
    std::vector<StackLayer> layers;
    for (size_t i = 0; i < parts.size(); ++i) {
        const int position = static_cast<int>(i) + 1;
        const std::string text = base::trim(parts[i]);
        const std::string at = number_text(lang, position);
        if (text.empty()) return R::fail(trf(lang, "layer {0}: empty (two ';' in a row)", {at}));
        const size_t colon = text.find(':');
        const std::string word = base::trim(text.substr(0, colon));
        const auto kind = kind_from_word(word);
        if (!kind) return R::fail(trf(lang, "layer {0}: unknown layer type {1} (expected {2})", {at, quoted(word), tr(lang, kKindList)}));
        StackLayer layer;
        layer.kind = *kind;
        LayerParser p{position, *kind, layer, lang, {}};
        std::array<bool, f_count> given{};
        if (colon != std::string::npos) {
            for (const std::string& item : base::split(text.substr(colon + 1), ",")) {
                const std::string entry = base::trim(item);
                const size_t eq = entry.find('=');
                if (entry.empty() || eq == std::string::npos) {
                    p.fail(trf(lang, "expected key=value, got {0}", {quoted(entry)}));
                    return R::fail(p.error);
                }
                const std::string key = base::lower(base::trim(entry.substr(0, eq)));
                const std::string value = base::trim(entry.substr(eq + 1));
                int field = -1;
                for (int f = 0; f < f_count; ++f)
                    if (key == kFieldNames[static_cast<size_t>(f)]) field = f;
                if (field < 0) {
                    p.fail(trf(lang, "unknown field {0} (expected {1})", {quoted(key), tr(lang, "k, s, p, d, c, g, op, ceil, global, b, bn, skip or name")}));
                    return R::fail(p.error);
                }
                const Field f = static_cast<Field>(field);
                if (given[f]) {
                    p.fail(trf(lang, "{0} is given twice", {kFieldNames[f]}));
                    return R::fail(p.error);
                }
                given[f] = true;
                if (const char* why = refuses(*kind, f)) {
                    p.fail(trf(lang, "{0} does not apply: {1}", {kFieldNames[f], tr(lang, why)}));
                    return R::fail(p.error);
                }
                if (!p.apply(f, value)) return R::fail(p.error);
            }
        }
        if (*kind == LayerKind::add && !given[f_skip]) {
            p.fail(tr(lang, "skip=N is required: the layer (0: the input) whose output it adds"));
            return R::fail(p.error);
        }
        if (layer.global && (given[f_k] || given[f_s] || given[f_p])) {
            p.fail(tr(lang, "global=1 makes the window the whole input: leave out k, s and p"));
            return R::fail(p.error);
        }
        if (*kind != LayerKind::add && !layer.global && !given[f_k]) {
            p.fail(tr(lang, "k is required (the kernel size, N or HxW)"));
            return R::fail(p.error);
        }
        layers.push_back(std::move(layer));
    }
    return {std::move(layers), {}, {}};
}

// [SECTION] Formatting --------------------------------------------------------------------------

std::string format_layer(const StackLayer& l) {
    std::string out = to_string(l.kind);
    std::vector<std::string> items;
    auto put = [&](Field f, const std::string& v) { items.push_back(std::string(kFieldNames[f]) + "=" + v); };
    if (l.kind != LayerKind::add && !l.global) {
        put(f_k, pair_text(l.kernel));
        const Pair default_stride = is_pool(l.kind) ? l.kernel : Pair{1, 1};
        if (l.effective_stride() != default_stride) put(f_s, pair_text(l.effective_stride()));
        switch (l.padding.kind) {
            case LayerPadding::Kind::same: put(f_p, "same"); break;
            case LayerPadding::Kind::valid: put(f_p, "valid"); break;
            case LayerPadding::Kind::explicit_sides:
                if (l.padding.value != Pair{0, 0}) put(f_p, pair_text(l.padding.value));
                break;
        }
    }
    if (l.kind != LayerKind::add && l.dilation != Pair{1, 1}) put(f_d, pair_text(l.dilation));
    if (l.out_channels != 0) put(f_c, std::to_string(l.out_channels));
    if (l.groups != 0) put(f_g, std::to_string(l.groups));
    if (l.output_padding != Pair{0, 0}) put(f_op, pair_text(l.output_padding));
    if (l.ceil_mode) put(f_ceil, "1");
    if (l.global) put(f_global, "1");
    if (is_convolution(l.kind) && !l.bias) put(f_b, "0");
    if (l.batch_norm) put(f_bn, "1");
    if (l.shortcut()) put(f_skip, std::to_string(l.skip));
    if (!l.name.empty()) put(f_name, l.name);
    for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? ":" : ",") + items[i];
    return out;
}

std::string format_stack(const std::vector<StackLayer>& layers) {
    std::string out;
    for (size_t i = 0; i < layers.size(); ++i) out += (i ? ";" : "") + format_layer(layers[i]);
    return out;
}

// [SECTION] Presets -----------------------------------------------------------------------------

namespace {

// Builds a stack layer by layer; positions are 1-based, as in skip=.
struct Builder {
    std::vector<StackLayer> layers;

    int last() const { return static_cast<int>(layers.size()); }

    StackLayer& conv(const std::string& name, int k, int s, int p, int c, bool bias, bool bn,
                     LayerKind kind = LayerKind::conv) {
        StackLayer l;
        l.kind = kind;
        l.name = name;
        l.kernel = {k, k};
        if (s != 1) l.stride = Pair{s, s};
        l.padding.value = {p, p};
        l.out_channels = kind == LayerKind::dwconv ? 0 : c;
        l.bias = bias;
        l.batch_norm = bn;
        layers.push_back(l);
        return layers.back();
    }
    StackLayer& conv_same(const std::string& name, int k, int s, int c, LayerKind kind = LayerKind::conv) {
        StackLayer& l = conv(name, k, s, 0, c, false, true, kind);
        l.padding.kind = LayerPadding::Kind::same;
        return l;
    }
    StackLayer& pool(const std::string& name, LayerKind kind, int k, int s, int p) {
        StackLayer l;
        l.kind = kind;
        l.name = name;
        l.kernel = {k, k};
        if (s != k) l.stride = Pair{s, s};
        l.padding.value = {p, p};
        layers.push_back(l);
        return layers.back();
    }
    void global_pool(const std::string& name) {
        StackLayer l;
        l.kind = LayerKind::avgpool;
        l.name = name;
        l.global = true;
        layers.push_back(l);
    }
    void add(const std::string& name, int source) {
        StackLayer l;
        l.kind = LayerKind::add;
        l.name = name;
        l.skip = source;
        layers.push_back(l);
    }
    // A fully connected layer on a k x k map, as a valid k x k convolution (k = 1: pointwise).
    void linear(const std::string& name, int k, int c) { conv(name, k, 1, 0, c, true, false); }
};

// torchvision.models.vgg16: thirteen 3x3 convolutions (padding 1, bias) in five blocks, each
// ending in a 2x2 max pool at stride 2; the classifier's Linear layers as convolutions.
std::vector<StackLayer> vgg16(bool stem_only) {
    Builder b;
    const int blocks[5][2] = {{2, 64}, {2, 128}, {3, 256}, {3, 512}, {3, 512}};
    int index = 0;
    for (const auto& [convs, width] : blocks) {
        for (int i = 0; i < convs; ++i, index += 2) b.conv("features." + std::to_string(index), 3, 1, 1, width, true, false);
        b.pool("features." + std::to_string(index++), LayerKind::maxpool, 2, 2, 0);
        if (stem_only) return b.layers;
    }
    b.linear("classifier.0", 7, 4096);
    b.linear("classifier.3", 1, 4096);
    b.linear("classifier.6", 1, 1000);
    return b.layers;
}

// torchvision.models.alexnet (the one-GPU variant: 64, 192, 384, 256, 256 channels).
std::vector<StackLayer> alexnet(bool stem_only) {
    Builder b;
    b.conv("features.0", 11, 4, 2, 64, true, false);
    b.pool("features.2", LayerKind::maxpool, 3, 2, 0);
    if (stem_only) return b.layers;
    b.conv("features.3", 5, 1, 2, 192, true, false);
    b.pool("features.5", LayerKind::maxpool, 3, 2, 0);
    b.conv("features.6", 3, 1, 1, 384, true, false);
    b.conv("features.8", 3, 1, 1, 256, true, false);
    b.conv("features.10", 3, 1, 1, 256, true, false);
    b.pool("features.12", LayerKind::maxpool, 3, 2, 0);
    b.linear("classifier.1", 6, 4096);
    b.linear("classifier.4", 1, 4096);
    b.linear("classifier.6", 1, 1000);
    return b.layers;
}

// torchvision.models.resnet18 / resnet50: the stride of each stage sits on the first block's 3x3
// convolution (conv1 of a basic block, conv2 of a bottleneck) and on its 1x1 projection shortcut.
std::vector<StackLayer> resnet(bool bottleneck, bool stem_only) {
    Builder b;
    b.conv("conv1", 7, 2, 3, 64, false, true);
    b.pool("maxpool", LayerKind::maxpool, 3, 2, 1);
    if (stem_only) return b.layers;
    const int blocks[4] = {bottleneck ? 3 : 2, bottleneck ? 4 : 2, bottleneck ? 6 : 2, bottleneck ? 3 : 2};
    const int expansion = bottleneck ? 4 : 1;
    int in_width = 64;
    for (int stage = 0; stage < 4; ++stage) {
        const int width = 64 << stage;
        for (int block = 0; block < blocks[stage]; ++block) {
            const std::string at = "layer" + std::to_string(stage + 1) + "." + std::to_string(block) + ".";
            const int stride = (block == 0 && stage > 0) ? 2 : 1;
            const int input = b.last();
            if (bottleneck) {
                b.conv(at + "conv1", 1, 1, 0, width, false, true);
                b.conv(at + "conv2", 3, stride, 1, width, false, true);
                b.conv(at + "conv3", 1, 1, 0, width * expansion, false, true);
            } else {
                b.conv(at + "conv1", 3, stride, 1, width, false, true);
                b.conv(at + "conv2", 3, 1, 1, width, false, true);
            }
            if (stride != 1 || in_width != width * expansion)
                b.conv(at + "downsample.0", 1, stride, 0, width * expansion, false, true).skip = input;
            else
                b.add(at + "add", input);
            in_width = width * expansion;
        }
    }
    b.global_pool("avgpool");
    b.linear("fc", 1, 1000);
    return b.layers;
}

// TF-Slim's resnet_v1_50, as in the receptive-field tables: conv1 is conv2d_same (explicit
// padding 3), pool1 a 3x3 max pool with TensorFlow's SAME padding, and each block's stride sits
// in its last unit (a 3x3 conv2d_same at stride 2, with a 1x1 max-pool subsample as shortcut).
std::vector<StackLayer> resnet50_slim(bool stem_only) {
    Builder b;
    b.conv("conv1", 7, 2, 3, 64, false, true);
    b.pool("pool1", LayerKind::maxpool, 3, 2, 0).padding.kind = LayerPadding::Kind::same;
    if (stem_only) return b.layers;
    const int units[4] = {3, 4, 6, 3};
    const int strides[4] = {2, 2, 2, 1};
    int in_depth = 64;
    for (int block = 0; block < 4; ++block) {
        const int width = 64 << block, depth = width * 4;
        for (int unit = 0; unit < units[block]; ++unit) {
            const std::string at = "block" + std::to_string(block + 1) + "/unit_" + std::to_string(unit + 1) + "/";
            const int stride = unit + 1 == units[block] ? strides[block] : 1;
            const int input = b.last();
            b.conv_same(at + "conv1", 1, 1, width);
            if (stride == 1) b.conv_same(at + "conv2", 3, 1, width);
            else b.conv(at + "conv2", 3, stride, 1, width, false, true);  // conv2d_same: explicit
            b.conv_same(at + "conv3", 1, 1, depth);
            if (in_depth != depth) {
                StackLayer& s = b.conv_same(at + "shortcut", 1, stride, depth);
                s.skip = input;
            } else if (stride != 1) {
                b.pool(at + "shortcut", LayerKind::maxpool, 1, stride, 0).skip = input;
            } else {
                b.add(at + "add", input);
            }
            in_depth = depth;
        }
    }
    b.global_pool("pool5");
    b.linear("logits", 1, 1000);
    return b.layers;
}

// TF-Slim's mobilenet_v1 (1.0, 224): a 3x3 conv at stride 2, then thirteen depthwise-separable
// pairs; strides on the depthwise layers 2, 4, 6 and 12; TensorFlow's SAME padding throughout.
std::vector<StackLayer> mobilenet_v1(bool stem_only) {
    Builder b;
    b.conv_same("Conv2d_0", 3, 2, 32);
    const int depth[13] = {64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
    const int stride[13] = {1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
    for (int i = 0; i < 13; ++i) {
        const std::string at = "Conv2d_" + std::to_string(i + 1);
        b.conv_same(at + "_depthwise", 3, stride[i], 0, LayerKind::dwconv);
        b.conv_same(at + "_pointwise", 1, 1, depth[i]);
        if (stem_only) return b.layers;
    }
    b.global_pool("AvgPool_1a");
    b.linear("Logits", 1, 1000);
    return b.layers;
}

// torchvision.models.mobilenet_v2: inverted residuals (expand 1x1, depthwise 3x3, project 1x1),
// strides on the first depthwise layer of stages 2, 3, 4 and 6, identity shortcuts where the
// stride is 1 and the channels match.
std::vector<StackLayer> mobilenet_v2(bool stem_only) {
    Builder b;
    b.conv("features.0.0", 3, 2, 1, 32, false, true);
    const int settings[7][4] = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
                                {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    int in_c = 32, index = 1;
    for (const auto& [t, c, n, s] : settings) {
        for (int i = 0; i < n; ++i, ++index) {
            const std::string at = "features." + std::to_string(index) + ".conv.";
            const int stride = i == 0 ? s : 1;
            const int input = b.last();
            int part = 0;
            if (t != 1) b.conv(at + std::to_string(part++) + ".0", 1, 1, 0, in_c * t, false, true);
            b.conv(at + std::to_string(part++) + ".0", 3, stride, 1, 0, false, true, LayerKind::dwconv);
            b.conv(at + std::to_string(part), 1, 1, 0, c, false, true);
            if (stride == 1 && in_c == c) b.add("features." + std::to_string(index) + ".add", input);
            in_c = c;
        }
        if (stem_only) return b.layers;
    }
    b.conv("features.18.0", 1, 1, 0, 1280, false, true);
    b.global_pool("avgpool");
    b.linear("classifier.1", 1, 1000);
    return b.layers;
}

struct PresetEntry {
    NetworkPreset info;
    std::function<std::vector<StackLayer>()> build;
};

const std::vector<PresetEntry>& entries() {
    static const std::vector<PresetEntry> list = {
        {{"vgg16", "VGG-16", "torchvision: 3x3 convolutions at stride 1; every downsampling is a 2x2 max pool at stride 2."},
         [] { return vgg16(false); }},
        {{"alexnet", "AlexNet", "torchvision: an 11x11 convolution at stride 4, then 3x3 max pools at stride 2."},
         [] { return alexnet(false); }},
        {{"resnet18", "ResNet-18", "torchvision: stem stride 4; each stage's first block strides its first 3x3 convolution and its 1x1 shortcut."},
         [] { return resnet(false, false); }},
        {{"resnet50", "ResNet-50", "torchvision: stem stride 4; each stage's first bottleneck strides its 3x3 convolution and its 1x1 shortcut."},
         [] { return resnet(true, false); }},
        {{"resnet50-slim", "ResNet-50 (TF-Slim)", "TF-Slim's resnet_v1_50: the stride sits in the last unit of blocks 1-3, as in the published receptive-field tables."},
         [] { return resnet50_slim(false); }},
        {{"mobilenet_v1", "MobileNet v1", "TF-Slim: no pooling until the end; a 3x3 convolution and four depthwise layers stride 2 (SAME padding)."},
         [] { return mobilenet_v1(false); }},
        {{"mobilenet_v2", "MobileNet v2", "torchvision: no pooling until the end; the first depthwise layer of five stages strides 2."},
         [] { return mobilenet_v2(false); }},
        {{"vgg16-stem", "VGG-16 stem", "The first block of VGG-16: two 3x3 convolutions and a 2x2 max pool."},
         [] { return vgg16(true); }},
        {{"alexnet-stem", "AlexNet stem", "AlexNet's 11x11 convolution at stride 4 and its first max pool."},
         [] { return alexnet(true); }},
        {{"resnet18-stem", "ResNet-18 stem", "A 7x7 convolution at stride 2 and a 3x3 max pool at stride 2: stride 4 before the first block."},
         [] { return resnet(false, true); }},
        {{"resnet50-stem", "ResNet-50 stem", "A 7x7 convolution at stride 2 and a 3x3 max pool at stride 2: stride 4 before the first block."},
         [] { return resnet(true, true); }},
        {{"resnet50-slim-stem", "ResNet-50 (TF-Slim) stem", "conv2d_same 7x7 at stride 2 and a 3x3 max pool with SAME padding."},
         [] { return resnet50_slim(true); }},
        {{"mobilenet_v1-stem", "MobileNet v1 stem", "A 3x3 convolution at stride 2 and the first depthwise-separable pair."},
         [] { return mobilenet_v1(true); }},
        {{"mobilenet_v2-stem", "MobileNet v2 stem", "A 3x3 convolution at stride 2 and the first inverted residual (no expansion)."},
         [] { return mobilenet_v2(true); }},
    };
    return list;
}

}  // namespace

std::string preset_title(const NetworkPreset& p, Lang lang) {
    const std::string title = p.title;
    const std::string stem = " stem";
    const bool is_stem = title.size() > stem.size() && title.compare(title.size() - stem.size(), stem.size(), stem) == 0;
    return is_stem ? std::string(tr(lang, p.title)) : title;
}

const std::vector<NetworkPreset>& network_presets() {
    static const std::vector<NetworkPreset> list = [] {
        std::vector<NetworkPreset> v;
        for (const auto& e : entries()) v.push_back(e.info);
        return v;
    }();
    return list;
}

std::optional<std::vector<StackLayer>> network_preset(const std::string& name) {
    for (const auto& e : entries())
        if (name == e.info.name) return e.build();
    return std::nullopt;
}

std::string network_preset_names() {
    std::string s;
    for (const auto& p : network_presets()) s += (s.empty() ? "" : ", ") + std::string(p.name);
    return s;
}

}  // namespace strideconv::teach
