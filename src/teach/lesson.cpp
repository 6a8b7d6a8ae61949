// lesson.cpp -- the lesson model (see lesson.hpp). Standard C++ only.
#include "teach/lesson.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>

#include "base/text.hpp"

namespace strideconv::teach {

namespace {

void replace_non_finite(std::vector<float>& values, const char* what, std::vector<std::string>* notices, Lang lang) {
    int64_t replaced = 0;
    for (auto& v : values) {
        if (std::isfinite(v)) continue;
        v = 0;
        ++replaced;
    }
    if (replaced > 0 && notices)
        notices->push_back(trp(lang, "{1}: {0} value was not a finite number; using 0.|{1}: {0} values were not a finite number; using 0.",
                               replaced, {tr(lang, what)}));
}


// Unique across all lessons, so a cache keyed by revision never confuses two lessons.
uint64_t next_revision() {
    static std::atomic<uint64_t> last_revision{0};
    return ++last_revision;
}

// The core's options for a lesson configuration: one place, used to compute and to trace.
// 'same' is passed as such so the core refuses it for strided convolutions, with its message.
Conv2dOptions conv_options(const Config& c) {
    const Pad4 pad = effective_padding(c);
    Conv2dOptions o;
    o.stride = c.stride;
    o.dilation = c.dilation;
    o.padding_mode = c.padding_mode;
    o.groups = c.channels.groups;
    o.padding = c.pad_preset == PadPreset::same ? Padding::same()
                                                : Padding::sides(pad.top, pad.bottom, pad.left, pad.right);
    return o;
}

// Pools take one padding per axis (recompute refuses a lesson with uneven sides first).
MaxPool2dOptions max_pool_options(const Config& c) {
    const Pad4 pad = effective_padding(c);
    return {c.kernel, c.stride, {pad.top, pad.left}, c.dilation, c.ceil_mode};
}

AvgPool2dOptions avg_pool_options(const Config& c) {
    const Pad4 pad = effective_padding(c);
    return {c.kernel, c.stride, {pad.top, pad.left}, c.ceil_mode, c.count_include_pad, std::nullopt};
}

// [SECTION] conv_transpose2d (issue 12) -----------------------------------------------------------

// Refusals the core cannot give, because the lesson's padding is richer than PyTorch's
// conv_transpose2d takes (one whole number per axis, zeros only); empty when the layer is one.
std::string transposed_refusal(const Config& c) {
    if (c.pad_preset == PadPreset::same || c.pad_preset == PadPreset::full)
        return std::string("conv_transpose2d takes whole-number padding, not '") + to_string(c.pad_preset) +
               "' (PyTorch has no such preset for it); set padding to a number";
    const Pad4 pad = effective_padding(c);
    if (pad.top != pad.bottom || pad.left != pad.right)
        return "conv_transpose2d takes the same padding on both sides of an axis (top = bottom, left = right)";
    if (c.padding_mode != PaddingMode::zeros)
        return std::string("conv_transpose2d pads with zeros only (PyTorch's ConvTranspose2d refuses padding_mode ") +
               to_string(c.padding_mode) + ")";
    return {};
}

// output_padding: PyTorch's rule, output_padding < max(stride, dilation) per axis, and nothing for
// the other ops (a link that gives it to conv2d says so).
void normalize_transposed(Config& c, std::vector<std::string>* notices) {
    const Lang lang = c.lang;
    if (c.op != Op::conv_transpose2d) {
        if (c.output_padding != Pair{0, 0}) {
            if (notices)
                notices->push_back(trf(lang, "output_padding belongs to conv_transpose2d; {0} has none, so it is set to 0.",
                                       {to_string(c.op)}));
            c.output_padding = {0, 0};
        }
        return;
    }
    for (int a = 0; a < 2; ++a) {
        const int limit = std::max(c.stride[a], c.dilation[a]) - 1;
        const int v = c.output_padding[a];
        const int fixed = std::clamp(v, 0, limit);
        if (fixed == v) continue;
        const std::string field = trf(lang, "output_padding ({0})", {tr(lang, a == 0 ? "height" : "width")});
        if (notices)
            notices->push_back(
                v < 0 ? trf(lang, "{0} {1} is negative; PyTorch needs 0 <= output_padding < max(stride, dilation): using {2}.",
                            {field, std::to_string(v), std::to_string(fixed)})
                      : trf(lang, "{0} {1} is not smaller than the stride ({2}) or the dilation ({3}); PyTorch needs 0 <= output_padding < max(stride, dilation): using {4}.",
                            {field, std::to_string(v), std::to_string(c.stride[a]), std::to_string(c.dilation[a]),
                             std::to_string(fixed)}));
        c.output_padding[a] = fixed;
    }
    // The walk's other views do not draw a scatter.
    if (c.view == View::compare) {
        if (notices) notices->push_back(tr(lang, "the compare view shows conv2d and pooling; showing conv_transpose2d's walk."));
        c.view = View::walk;
    }
    if (c.predict != Predict::off) {
        if (notices) notices->push_back(tr(lang, "predict, then reveal is not offered for conv_transpose2d; it is off."));
        c.predict = Predict::off;
    }
}

ConvTranspose2dOptions transpose_options(const Config& c) {
    const Pad4 pad = effective_padding(c);
    ConvTranspose2dOptions o;
    o.stride = c.stride;
    o.padding = {pad.top, pad.left};
    o.output_padding = c.output_padding;
    o.dilation = c.dilation;
    return o;
}

}  // namespace

bool same_computation(const Config& a, const Config& b) {
    return a.op == b.op && a.input == b.input && a.kernel == b.kernel && a.stride == b.stride &&
           a.pad_preset == b.pad_preset && a.padding == b.padding && a.padding_mode == b.padding_mode &&
           a.dilation == b.dilation && a.bias == b.bias && a.ceil_mode == b.ceil_mode &&
           a.count_include_pad == b.count_include_pad && a.x == b.x && a.w == b.w &&
           a.output_padding == b.output_padding && a.transposed_view == b.transposed_view &&
           a.channels.same_layer(b.channels);
}

ConvTranspose2dOptions conv_transpose_options(const Config& c) { return transpose_options(c); }

bool Config::operator==(const Config& o) const {
    return same_computation(*this, o) && fill == o.fill && seed == o.seed &&
           kernel_preset == o.kernel_preset && step == o.step && view == o.view &&
           compare_stride == o.compare_stride && compare_with == o.compare_with && quiz == o.quiz && stack == o.stack &&
           theme == o.theme && colours == o.colours && embed == o.embed && large_text == o.large_text && zoom == o.zoom && index_base == o.index_base &&
           predict == o.predict && about == o.about && lang == o.lang && lesson == o.lesson && image == o.image &&
           channels == o.channels;
}

namespace {
constexpr int kZoomLevels[] = {100, 125, 150, 200, 250, 300, 400};
}  // namespace

int zoom_in(int zoom) {
    for (const int level : kZoomLevels)
        if (level > zoom) return level;
    return kMaxZoom;
}

int zoom_out(int zoom) {
    int lower = kMinZoom;
    for (const int level : kZoomLevels)
        if (level < zoom) lower = level;
    return lower;
}

const char* zoom_tooltip(View view) {
    switch (view) {
        case View::image:
            return "Enlarges the pictures. To move around them, drag off the pictures or use the scroll bars or the wheel; "
                   "on a touch screen, pinch and drag with two fingers.";
        case View::stack:
            return "Enlarges the network view's text, table and boxes, as a browser's zoom does. Wider than the canvas, the "
                   "view scrolls: use the scroll bars or the wheel; on a touch screen, pinch and drag with two fingers.";
        case View::walk:
        case View::compare:
        case View::quiz: break;
    }
    return "Enlarges the grids. To move around them, drag off the grids or use the scroll bars or the wheel; on a touch "
           "screen, pinch and drag with two fingers.";
}

bool is_lesson_op(Op op) {
    for (Op lesson_op : kLessonOps)
        if (op == lesson_op) return true;
    return false;
}

// [SECTION] Lessons ------------------------------------------------------------------------------

const std::vector<LessonInfo>& lessons() {
    static const std::vector<LessonInfo> list = {
        {"seed-stride1", "1. Stride 1: 5x5 input, 3x3 kernel",
         "The window moves one cell at a time: (5 - 3) / 1 + 1 = 3, a 3x3 map."},
        {"seed-stride2", "2. Stride 2: the same, jumping two",
         "Jumping two cells: (5 - 3) / 2 + 1 = 2, a 2x2 map with 36 instead of 81 MACs."},
        {"dropped", "3. The floor drops a row",
         "6x6, kernel 3, stride 2: (6 - 3) / 2 = 1.5 floors to 1, so the last row and column are never "
         "reached."},
        {"skipped", "4. Stride larger than the kernel",
         "Kernel 2, stride 3: the window jumps over whole rows and columns; they are never read."},
        {"padding-same", "5. Padding keeps the size",
         "Padding 1 around a 5x5 input keeps a 3x3 kernel's output at 5x5 (stride 1)."},
        {"resnet-downsample", "6. Downsampling as in ResNet",
         "Stride 2 with padding 1 halves 8x8 to 4x4: a learned downsampling instead of pooling."},
        {"pool-vs-stride", "7. Max pooling, the layer stride replaces",
         "2x2 max pooling at stride 2 also halves the map, but learns nothing."},
        {"uneven", "8. Uneven strides are fine",
         "Input 4, padding 1, kernel 3, stride 2: (4 + 2 - 3) / 2 = 1.5 floors to 1, so 2x2. PyTorch, "
         "TensorFlow and JAX floor silently; some visualizers and textbooks refuse strides that do not "
         "divide evenly."},
        {"dilation", "9. Dilation widens the window",
         "Kernel 3 with dilation 2 covers 5 cells: effective kernel 2*(3-1)+1 = 5."},
        {"tf-same", "10. TensorFlow's SAME at stride 2",
         "TF pads 0 before and 1 after so out = ceil(6/2) = 3; PyTorch refuses 'same' for stride 2."},
        {"every-kth", "11. Stride 2 is stride 1, every 2nd output",
         "Stride 2 beside stride 1: every stride-2 window is a stride-1 window, so the stride-2 map is the "
         "stride-1 map at the marked cells, for a quarter of the MACs."},
        {"padding-solver", "12. Solving for the padding",
         "Which padding turns 7x7 into 4x4 at stride 2? A total of 2 or 3 works (the floor absorbs one). Try "
         "the solver under Padding, and TensorFlow's SAME."},
        {"predict-value", "13. Predict, then reveal: values",
         "Work out what each window writes before the lab shows it: type it and check."},
        {"predict-window", "14. Predict, then reveal: windows",
         "Kernel 2 at stride 3: click where each window starts before the lab shows it, and watch the jumps."},
        {"pool-vs-conv", "15. Strided conv against conv + max pool",
         "Both halve 8x8 to 4x4 with the same 9 learned weights: stride 2 computes a quarter of the outputs; "
         "conv then 2x2 max pool computes all 64 and keeps each block's largest (the pool learns nothing)."},
        // Image mode (view=image).
        {"zoneplate-stride2", "16. Stride 2 on a zone plate",
         "Stride 2 keeps one pixel in four: the outer rings, finer than 4 pixels, come back as false rings "
         "(moire) in plain stride and max pooling; average pooling and BlurPool blur first and keep far less."},
        {"pool-vs-stride-photo", "17. Pooling or stride on a photo",
         "An edge filter on a photo: stride 2 gives the same size as conv + 2x2 pooling for about a quarter "
         "of the MACs; max pooling keeps the strongest edge of each 2x2 block, stride just one of them."},
        {"why-blurpool", "18. Why BlurPool",
         "Move the zone plate by one pixel: plain stride's output changes a lot, BlurPool's much less, "
         "because the blur removes the detail that would alias before it samples."},
        // [transposed] conv_transpose2d (teach/transposed.hpp).
        {"transposed-upsample", "19. Transposed conv: 4x4 up to 8x8",
         "Each input cell stamps the 3x3 kernel, times its value, onto the output two cells apart: "
         "(4 - 1)\u00b72 - 2\u00b71 + 1\u00b7(3 - 1) + 1 + 1 = 8. The same numbers come out of a stride-1 "
         "convolution over the input with a zero between cells, padded by 1 (2 at the bottom/right), kernel flipped."},
        {"transposed-checkerboard", "20. The checkerboard of a transposed conv",
         "Kernel 3 at stride 2: output cells get 1, 2 or 4 (input cell, kernel tap) pairs, a checkerboard. "
         "Kernel 4 (divisible by 2) or resizing then convolving reach every inner cell equally."},
        {"transposed-adjoint", "21. Transposed conv: the gradient of a strided conv",
         "A 3x3 conv2d at stride 2 reads 7x7 into 3x3; its gradient sends each of the 3x3 errors back through "
         "the same 9 weights to the cells its window read, which is this scatter: <conv2d(x), y> = "
         "<x, conv_transpose2d(y)> for every x and y (the numbers are under the grids)."},
        // [Channels and groups]
        {"channels", "22. Channels: a filter reads every input channel",
         "3 input channels, 2 filters of 3 planes each: step 1 adds three partial sums, 63 + 288 + 513 = 864. "
         "Pick another input channel to see its window, another filter to walk it."},
        {"grouped", "23. Groups: from standard to depthwise",
         "4 input channels, 8 filters, groups 4: each filter reads only its group's channel, so 72 weights "
         "instead of 288 and a quarter of the MACs. Slide groups from 1 (standard) to 4 (depthwise)."},
    };
    return list;
}

std::optional<Config> lesson_config(const std::string& name) {
    Config c;
    c.lesson = name;
    c.kernel_preset = "ones";
    if (name == "seed-stride1") {
    } else if (name == "seed-stride2") {
        c.stride = {2, 2};
    } else if (name == "dropped") {
        c.input = {6, 6};
        c.stride = {2, 2};
    } else if (name == "skipped") {
        c.input = {7, 7};
        c.kernel = {2, 2};
        c.stride = {3, 3};
    } else if (name == "padding-same") {
        c.padding = {1, 1, 1, 1};
    } else if (name == "resnet-downsample" || name == "pool-vs-conv") {
        c.input = {8, 8};
        c.stride = {2, 2};
        c.padding = {1, 1, 1, 1};
        c.fill = Fill::random;
        c.seed = 7;
        c.kernel_preset = "sobel_x";
        if (name == "pool-vs-conv") {  // the same layer beside conv at stride 1 + max pool 2x2
            c.view = View::compare;
            c.compare_with = CompareWith::pool;
        }
    } else if (name == "pool-vs-stride") {
        c.op = Op::max_pool2d;
        c.input = {8, 8};
        c.kernel = {2, 2};
        c.stride = {2, 2};
        c.fill = Fill::random;
        c.seed = 7;
    } else if (name == "uneven") {
        c.input = {4, 4};
        c.stride = {2, 2};
        c.padding = {1, 1, 1, 1};
    } else if (name == "dilation") {
        c.input = {7, 7};
        c.dilation = {2, 2};
    } else if (name == "every-kth") {
        c.stride = {2, 2};
        c.view = View::compare;
        c.compare_stride = {1, 1};
    } else if (name == "padding-solver") {
        c.input = {7, 7};
        c.stride = {2, 2};
        c.padding = {1, 1, 1, 1};
    } else if (name == "predict-value") {
        c.stride = {2, 2};
        c.padding = {1, 1, 1, 1};
        c.predict = Predict::value;
    } else if (name == "predict-window") {
        c.input = {7, 7};
        c.kernel = {2, 2};
        c.stride = {3, 3};
        c.predict = Predict::window;
    } else if (name == "transposed-upsample" || name == "transposed-checkerboard") {
        c.op = Op::conv_transpose2d;
        c.input = {4, 4};
        c.stride = {2, 2};
        c.padding = {1, 1, 1, 1};
        c.output_padding = {1, 1};
        if (name == "transposed-checkerboard") c.transposed_view = TransposedView::overlap;
    } else if (name == "transposed-adjoint") {
        c.op = Op::conv_transpose2d;
        c.input = {3, 3};
        c.stride = {2, 2};
        c.kernel_preset = "sobel_x";
    } else if (name == "tf-same") {
        c.input = {6, 6};
        c.stride = {2, 2};
        c.padding = {0, 1, 0, 1};
    } else if (name == "channels") {
        c.channels.in_channels = 3;
        c.channels.out_channels = 2;
    } else if (name == "grouped") {
        c.channels.in_channels = 4;
        c.channels.out_channels = 8;
        c.channels.groups = 4;
    } else if (auto stack = stack_lesson_config(name)) {  // the network view's lessons
        c.view = View::stack;
        c.stack = *stack;
    } else if (name == "zoneplate-stride2" || name == "why-blurpool") {
        c.view = View::image;
        c.stride = {2, 2};
        c.kernel_preset = "identity";
        c.padding = {1, 1, 1, 1};
        if (name == "why-blurpool") c.image.shift = {1, 1};
    } else if (name == "pool-vs-stride-photo") {
        c.view = View::image;
        c.image.source = image::SourceKind::photo;
        c.image.photo = "astronaut";
        c.image.color = image::Color::gray;
        c.kernel_preset = "sobel_x";
        c.stride = {2, 2};
        c.padding = {1, 1, 1, 1};
    } else {
        return std::nullopt;
    }
    normalize(c);
    return c;
}

// [SECTION] Normalization ------------------------------------------------------------------------

Pad4 effective_padding(const Config& c) {
    switch (c.pad_preset) {
        case PadPreset::valid: return {};
        case PadPreset::full: {
            const int ph = c.dilation[0] * (c.kernel[0] - 1), pw = c.dilation[1] * (c.kernel[1] - 1);
            return {ph, ph, pw, pw};
        }
        case PadPreset::same: {
            auto p = resolve_padding(Padding::same(), c.kernel, {1, 1}, c.dilation);
            return p.value;
        }
        case PadPreset::custom: return c.padding;
    }
    return c.padding;
}

void keep_presentation(const Config& from, Config& to) {
    to.theme = from.theme;
    to.colours = from.colours;
    to.large_text = from.large_text;
    to.zoom = from.zoom;
    to.lang = from.lang;
}

void normalize(Config& c, std::vector<std::string>* notices) {
    const Lang lang = c.lang;
    if (!is_lesson_op(c.op)) {
        if (notices) notices->push_back(trf(lang, "the lesson does not teach {0}; using conv2d.", {to_string(c.op)}));
        c.op = Op::conv2d;
    }
    normalize(c.channels, c.op, notices, lang);
    c.input[0] = clamp_noted(c.input[0], 1, kMaxGrid, "input height", notices, lang);
    c.input[1] = clamp_noted(c.input[1], 1, kMaxGrid, "input width", notices, lang);
    c.kernel[0] = clamp_noted(c.kernel[0], 1, kMaxKernel, "kernel height", notices, lang);
    c.kernel[1] = clamp_noted(c.kernel[1], 1, kMaxKernel, "kernel width", notices, lang);
    c.stride[0] = clamp_noted(c.stride[0], 1, kMaxStride, "stride (height)", notices, lang);
    c.stride[1] = clamp_noted(c.stride[1], 1, kMaxStride, "stride (width)", notices, lang);
    c.compare_stride[0] =
        clamp_noted(c.compare_stride[0], 1, kMaxStride, "compare stride (height)", notices, lang);
    c.compare_stride[1] =
        clamp_noted(c.compare_stride[1], 1, kMaxStride, "compare stride (width)", notices, lang);
    normalize(c.stack, notices, c.lang);
    c.dilation[0] = clamp_noted(c.dilation[0], 1, kMaxDilation, "dilation (height)", notices, lang);
    c.dilation[1] = clamp_noted(c.dilation[1], 1, kMaxDilation, "dilation (width)", notices, lang);
    c.padding.top = clamp_noted(c.padding.top, 0, kMaxPad, "padding top", notices, lang);
    c.padding.bottom = clamp_noted(c.padding.bottom, 0, kMaxPad, "padding bottom", notices, lang);
    c.padding.left = clamp_noted(c.padding.left, 0, kMaxPad, "padding left", notices, lang);
    c.padding.right = clamp_noted(c.padding.right, 0, kMaxPad, "padding right", notices, lang);
    if (!std::isfinite(c.bias)) {
        if (notices) notices->push_back(tr(lang, "bias must be a finite number; using 0."));
        c.bias = 0;
    }

    // Several channels: one fill over C_in * H rows, so seq and random continue across planes.
    const int in_channels = c.channels.in_channels;
    const size_t nx = static_cast<size_t>(in_channels) * c.input[0] * c.input[1];
    if (c.fill != Fill::custom) {
        c.x = fill_values(c.fill, c.seed, in_channels * c.input[0], c.input[1]);
    } else if (c.x.size() != nx) {
        if (notices)
            notices->push_back(trf(lang, "input values: expected {0} values, got {1}; missing ones are 0.",
                                   {number_text(lang, static_cast<int64_t>(nx)), number_text(lang, static_cast<int64_t>(c.x.size()))}));
        c.x.resize(nx, 0.0f);
    }
    replace_non_finite(c.x, "input values", notices, lang);

    if (c.kernel_preset != "custom") {
        int kh = c.kernel[0], kw = c.kernel[1];
        std::vector<float> values;
        if (const KernelPreset* preset = base::find_kernel_preset(c.kernel_preset)) {
            c.kernel_preset = preset->name;  // the canonical spelling of an alias
        } else {
            if (notices)
                notices->push_back(trf(lang, "unknown kernel preset '{0}'; using ones.", {c.kernel_preset}));
            c.kernel_preset = "ones";
        }
        kernel_preset_values(c.kernel_preset, kh, kw, values);
        if ((kh != c.kernel[0] || kw != c.kernel[1]) && notices)
            notices->push_back(trf(lang, "the {0} kernel is 3x3; kernel size set to 3x3.", {c.kernel_preset}));
        c.kernel = {kh, kw};
        // Every filter's every plane is the preset (as the CLI's --kernel-values NAME).
        const size_t planes = static_cast<size_t>(c.channels.out_channels) *
                              static_cast<size_t>(channels_per_filter(c.channels, Op::conv2d));
        c.w.clear();
        for (size_t p = 0; p < planes; ++p) c.w.insert(c.w.end(), values.begin(), values.end());
    }
    const size_t nw = static_cast<size_t>(c.channels.out_channels) * channels_per_filter(c.channels, Op::conv2d) *
                      c.kernel[0] * c.kernel[1];
    if (c.w.size() != nw) {
        if (notices)
            notices->push_back(trf(lang, "kernel values: expected {0} values, got {1}; missing ones are 0.",
                                   {number_text(lang, static_cast<int64_t>(nw)), number_text(lang, static_cast<int64_t>(c.w.size()))}));
        c.w.resize(nw, 0.0f);
    }
    replace_non_finite(c.w, "kernel values", notices, lang);
    if (c.index_base != 0 && c.index_base != 1) {
        if (notices) notices->push_back(tr(lang, "index_base must be 0 or 1; using 0."));
        c.index_base = 0;
    }
    c.zoom = clamp_noted(c.zoom, kMinZoom, kMaxZoom, "zoom (percent)", notices, lang);
    if (c.step < 0) {
        if (notices)
            notices->push_back(trf(lang, "step {0} is negative; using 0.", {std::to_string(c.step)}));
        c.step = 0;
    }
    normalize_image(c.image, c.stride, notices, lang);
    normalize_transposed(c, notices);
}

// [SECTION] Text ---------------------------------------------------------------------------------

std::string index_number(const Config& c, int i) { return std::to_string(i + c.index_base); }

std::string position_text(const Config& c, int row, int col) {
    return "(" + index_number(c, row) + ", " + index_number(c, col) + ")";
}

std::string index_convention(const Config& c) {
    return trf(c.lang, "rows and columns are numbered from {0}", {std::to_string(c.index_base)});
}

std::string step_arithmetic(const Config& c, const CellTrace& t) {
    const auto& fmt = format_number;
    std::string s;
    if (c.op == Op::conv2d && channels_per_filter(c.channels, c.op) > 1) {
        // [Channels and groups] One partial sum per input channel the filter sees, then their total.
        std::string totals;
        for (size_t k = 0; k < t.taps.size();) {
            const int channel = t.taps[k].channel;
            float partial = 0;
            s += (k ? "; " : "") + trf(c.lang, "channel {0}: ", {std::to_string(channel)});
            for (size_t first = k; k < t.taps.size() && t.taps[k].channel == channel; ++k) {
                s += (k > first ? " + " : "") + fmt(t.taps[k].value) + "\u00d7" + fmt(t.taps[k].weight);
                partial += t.taps[k].product;
            }
            s += " = " + fmt(partial);
            totals += (totals.empty() ? "" : " + ") + fmt(partial);
        }
        s += trf(c.lang, ";   total {0} = {1}", {totals, fmt(t.sum)});
        if (c.bias != 0) s += trf(c.lang, "   + bias {0} = {1}", {fmt(t.bias), fmt(t.result)});
    } else if (c.op == Op::conv2d) {
        for (size_t k = 0; k < t.taps.size(); ++k) {
            if (k) s += " + ";
            s += fmt(t.taps[k].value) + "\u00d7" + fmt(t.taps[k].weight);
        }
        s += " = " + fmt(t.sum);
        if (c.bias != 0) s += trf(c.lang, "   + bias {0} = {1}", {fmt(t.bias), fmt(t.result)});
    } else if (c.op == Op::max_pool2d) {
        s = "max(";
        for (size_t k = 0; k < t.taps.size(); ++k) s += (k ? ", " : "") + fmt(t.taps[k].value);
        s += ") = " + fmt(t.result);
    } else {
        // Without count_include_pad the padding is neither summed nor counted: show only the
        // cells the divisor counts.
        s = "(";
        int shown = 0;
        for (const Tap& tap : t.taps) {
            if (!c.count_include_pad && tap.source != TapSource::input) continue;
            s += (shown++ ? " + " : "") + fmt(tap.value);
        }
        s += ") / " + std::to_string(t.divisor) + " = " + fmt(t.result);
        if (!c.count_include_pad && shown < static_cast<int>(t.taps.size()))
            s += trf(c.lang, "   ({0} padding cells not counted)", {std::to_string(static_cast<int>(t.taps.size()) - shown)});
    }
    return s;
}

// [SECTION] Lesson -------------------------------------------------------------------------------

bool Lesson::set_config(const Config& c) {
    Config n = c;
    std::vector<std::string> new_notices;
    normalize(n, &new_notices);
    const bool recompute_needed = !has_config_ || !same_computation(n, config_);
    if (!new_notices.empty()) notices = std::move(new_notices);
    // Keep the step inside the walk. In the compare view the step counts the longer of two walks,
    // which the player knows: here it only has to stay inside the largest walk there can be.
    auto clamp_step = [this](int step) {
        const int last = config_.view == View::compare ? kMaxWalkSteps - 1 : steps() - 1;
        return last > 0 ? std::min(step, last) : 0;
    };
    if (recompute_needed) {
        config_ = std::move(n);
        has_config_ = true;
        recompute();
        config_.step = clamp_step(config_.step);
        return true;
    }
    // Same computation, same walk: clamp before comparing, so that passing the same out-of-range
    // step again (clamped last time) is not reported as a change.
    n.step = clamp_step(n.step);
    const bool changed = n != config_;
    // Another channel on screen: the same computation, other values drawn (caches key on revision).
    if (n.channels != config_.channels) revision = next_revision();
    if (changed) config_ = std::move(n);
    return changed;
}

void Lesson::recompute() {
    revision = next_revision();
    refuse(Message{});
    const Config& c = config_;
    const ChannelConfig& ch = c.channels;
    input = Tensor::zeros(ch.in_channels, c.input[0], c.input[1]);
    input.data = c.x;
    weight = Weight::zeros(ch.out_channels, channels_per_filter(ch, Op::conv2d), c.kernel[0], c.kernel[1]);
    weight.data = c.w;
    output = Tensor{};
    shape = LayerShape{};

    if (c.op == Op::conv_transpose2d) {
        recompute_transposed();
        return;
    }
    if (c.op != Op::conv2d) {
        // Pools: PyTorch takes one padding per axis, and avg_pool2d no dilation.
        const Pad4 pad = effective_padding(c);
        if (pad.top != pad.bottom || pad.left != pad.right) {
            refuse(Message::of("{0} takes the same padding on both sides of an axis (top = bottom, left = right)",
                               {Message::literal(to_string(c.op))}));
            return;
        }
        if (c.op == Op::avg_pool2d && (c.dilation[0] != 1 || c.dilation[1] != 1)) {
            refuse(Message::of("avg_pool2d has no dilation parameter; set dilation to 1"));
            return;
        }
    }
    const std::vector<float> bias(static_cast<size_t>(ch.out_channels), c.bias);  // one bias for every filter
    const int C = ch.in_channels;
    compute_layer(c.op == Op::max_pool2d   ? max_pool2d_shape(C, c.input[0], c.input[1], max_pool_options(c))
                  : c.op == Op::avg_pool2d ? avg_pool2d_shape(C, c.input[0], c.input[1], avg_pool_options(c))
                                           : conv2d_shape(C, c.input[0], c.input[1], weight, conv_options(c)),
                  [&] {
                      return c.op == Op::max_pool2d   ? max_pool2d(input, max_pool_options(c))
                             : c.op == Op::avg_pool2d ? avg_pool2d(input, avg_pool_options(c))
                                                      : conv2d(input, weight, &bias, conv_options(c));
                  });
}

void Lesson::refuse(Message why) {
    error = why.english();
    this->why = std::move(why);
}

void Lesson::compute_layer(Result<LayerShape> s, const std::function<Result<Tensor>()>& run) {
    // The core's shape and budget before the op allocates its output.
    if (!s.ok()) {
        refuse(s.why);
        return;
    }
    if (auto over = budget_refusal(s.value); !over.empty()) {
        refuse(Message::of("too large: {0}", {over}));
        return;
    }
    Result<Tensor> y = run();
    if (!y.ok()) {
        refuse(y.why);
        return;
    }
    shape = std::move(s.value);
    output = std::move(y.value);
}

void Lesson::recompute_transposed() {
    const Config& c = config_;
    if (auto why = transposed_refusal(c); !why.empty()) {
        refuse(Message::literal(why));
        return;
    }
    // PyTorch's layout for conv_transpose2d: in_channels x out_channels x kH x kW (1 x 1 here).
    const std::vector<float> bias{c.bias};
    compute_layer(conv_transpose2d_shape(1, c.input[0], c.input[1], weight, transpose_options(c)),
                  [&] { return conv_transpose2d(input, weight, &bias, transpose_options(c)); });
}

bool Lesson::walks_input() const {
    return config_.op == Op::conv_transpose2d && config_.transposed_view != TransposedView::conv;
}

int Lesson::steps() const {
    if (!error.empty()) return 0;
    // The scatter (and the overlap map building up) takes one step per input cell.
    if (walks_input()) return input.h * input.w;
    return output.h * output.w;
}

CellIndex Lesson::step_cell(int step) const {
    if (output.w <= 0) return {};
    const int s = std::clamp(step, 0, std::max(steps() - 1, 0));
    if (walks_input()) return {0, s / input.w, s % input.w};
    return {config_.channels.channel, s / output.w, s % output.w};
}

int Lesson::cell_step(int row, int col) const { return row * (walks_input() ? input.w : output.w) + col; }

Result<CellTrace> Lesson::trace(int step) const {
    if (!error.empty()) return Result<CellTrace>::fail(error);
    const Config& c = config_;
    const CellIndex cell = step_cell(step);
    if (c.op == Op::conv2d) {
        const std::vector<float> bias(static_cast<size_t>(c.channels.out_channels), c.bias);
        return trace_conv2d(input, weight, &bias, conv_options(c), cell);
    }
    if (c.op == Op::conv_transpose2d) {
        // The output cell's gather (the scatter's steps are input cells: teach/transposed.hpp).
        if (walks_input()) return Result<CellTrace>::fail("the scatter walks input cells; trace an output cell");
        const std::vector<float> bias{c.bias};
        return trace_conv_transpose2d(input, weight, &bias, transpose_options(c), cell);
    }
    if (c.op == Op::max_pool2d) return trace_max_pool2d(input, max_pool_options(c), cell);
    return trace_avg_pool2d(input, avg_pool_options(c), cell);
}

CellRole Lesson::role(int row, int col) const {
    if (!error.empty()) return CellRole::visited;
    const auto& r = shape.rows;
    const auto& cl = shape.cols;
    if (row < 0 || col < 0 || row >= r.input || col >= cl.input) return CellRole::visited;
    if (r.uses[static_cast<size_t>(row)] > 0 && cl.uses[static_cast<size_t>(col)] > 0)
        return CellRole::visited;
    const bool dropped = row >= r.input - r.dropped_input || col >= cl.input - cl.dropped_input;
    return dropped ? CellRole::dropped : CellRole::skipped;
}

std::pair<int, int> Lesson::tap_position(int step, int ky, int kx) const {
    const CellIndex cell = step_cell(step);
    return {shape.rows.tap_input(cell.row, ky), shape.cols.tap_input(cell.col, kx)};
}

std::vector<int> Lesson::readers(int row, int col, int* reads) const {
    std::vector<int> result;
    int total = 0;
    if (error.empty()) {
        // Pools never copy input into the padding; conv does for reflect/replicate/circular.
        const PaddingMode mode =
            config_.op == Op::conv2d ? config_.padding_mode : PaddingMode::zeros;
        const auto& r = shape.rows;
        const auto& cl = shape.cols;
        for (int oy = 0; oy < r.output; ++oy) {
            int row_hits = 0;
            for (int ky = 0; ky < r.kernel; ++ky)
                if (source_index(mode, r.tap_input(oy, ky), r.input) == row) ++row_hits;
            if (row_hits == 0) continue;
            for (int ox = 0; ox < cl.output; ++ox) {
                int col_hits = 0;
                for (int kx = 0; kx < cl.kernel; ++kx)
                    if (source_index(mode, cl.tap_input(ox, kx), cl.input) == col) ++col_hits;
                if (col_hits == 0) continue;
                result.push_back(cell_step(oy, ox));
                total += row_hits * col_hits;
            }
        }
    }
    if (reads) *reads = total;
    return result;
}

std::string Lesson::formula_symbols(bool rows) const {
    const Config& c = config_;
    const bool ceil = c.op != Op::conv2d && c.ceil_mode;
    const std::string before = rows ? "p_top" : "p_left", after = rows ? "p_bottom" : "p_right";
    std::string f = std::string(rows ? "H_out" : "W_out") + " = " + (ceil ? "ceil" : "floor") + "((" +
                    (rows ? "H" : "W") + " + " + before + " + " + after + " - d\u00b7(k - 1) - 1) / s) + 1";
    return f;
}

std::string Lesson::formula(bool rows) const {
    const Config& c = config_;
    const int axis = rows ? 0 : 1;
    const Pad4 pad = effective_padding(c);
    const int in = c.input[axis], k = c.kernel[axis], s = c.stride[axis], d = c.dilation[axis];
    const int pb = rows ? pad.top : pad.left, pa = rows ? pad.bottom : pad.right;
    const int numer = in + pb + pa - (d * (k - 1) + 1);
    const bool ceil = c.op != Op::conv2d && c.ceil_mode;
    const char* fn = ceil ? "ceil" : "floor";
    const Lang lang = c.lang;
    base::Text f;
    f << fn << "((" << in << " + " << pb << " + " << pa << " - " << d << "\u00b7(" << k << " - 1) - 1) / " << s
      << ") + 1 = " << fn << "(" << numer << " / " << s << ") + 1";
    if (numer < 0) {
        f << tr(lang, " < 1: the window does not fit");
        return f.str();
    }
    const int raw = (ceil ? (numer + s - 1) / s : numer / s) + 1;
    f << " = " << raw;
    if (!error.empty()) return f.str();
    const AxisGeometry& g = rows ? shape.rows : shape.cols;
    if (ceil && g.output != raw) {
        // PyTorch's rule: a last window that would start inside the padding after the input is dropped.
        f << trf(lang, rows ? "; the last window would start at padded row {0}, after the last input row (padded row {1}): dropped, so {2}"
                            : "; the last window would start at padded column {0}, after the last input column (padded column {1}): dropped, so {2}",
                 {index_number(c, (raw - 1) * s), index_number(c, pb + in - 1), std::to_string(g.output)});
        return f.str();
    }
    if (!ceil && g.remainder > 0) {
        const int padding_left_over = g.remainder - g.dropped_input;
        std::string unread;
        if (g.dropped_input > 0)
            unread += trp(lang, rows ? "{0} input row|{0} input rows" : "{0} input column|{0} input columns", g.dropped_input);
        if (g.dropped_input > 0 && padding_left_over > 0) unread += tr(lang, " and ");
        if (padding_left_over > 0)
            unread += trp(lang, rows ? "{0} padding row|{0} padding rows" : "{0} padding column|{0} padding columns",
                          padding_left_over);
        f << trf(lang, "; remainder {0}: {1} after the last window, never read", {std::to_string(g.remainder), unread});
    }
    return f.str();
}

}  // namespace strideconv::teach
