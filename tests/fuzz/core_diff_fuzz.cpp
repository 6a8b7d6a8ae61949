// core_diff_fuzz.cpp -- libFuzzer target, differential: the core's SIMD fast paths against the
// scalar reference (strideconv::reference), on small layers of all four ops that the fuzzer
// chooses byte by byte: sizes, kernels, strides, dilations, paddings (explicit, same, valid),
// padding modes, groups, output_padding, ceil_mode, count_include_pad, divisor_override, bias, and
// the values (small integers, whose sums are exact in float32 in any order; reals; now and then
// NaN and infinities in the input).
//
// For every input, on every SIMD target this machine runs (AVX-512, AVX2, the scalar fallback):
//   - the fast op and the reference accept or refuse together, with the same message, and so does
//     the op's shape function (conv2d_shape, ...; the same message unless a tensor is empty), which
//     also predicts the output's size;
//   - they compute the same values: bit for bit with integer data, within 1e-4 + 1e-5 |y| with
//     reals; NaN where the reference has NaN;
//   - the _into form writing into a reused tensor gives the same values as the op;
//   - the step trace of each output cell (what the lesson and `explain` show) ends on the
//     reference's value.
// Invalid configurations are chosen on purpose now and then (zero or negative sizes, padding past
// the kernel, groups that do not divide), so validation is compared too.
// Seeds: tests/fuzz/corpus/core_diff/ (raw bytes; see tests/fuzz/README.md).
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/core.hpp"
#include "fuzz_check.hpp"

using namespace strideconv;

namespace {

struct Layer {
    Op op = Op::conv2d;
    Tensor input;
    Weight weight;
    std::vector<float> bias;
    bool has_bias = false;
    Conv2dOptions conv;
    ConvTranspose2dOptions transpose;
    MaxPool2dOptions max_pool;
    AvgPool2dOptions avg_pool;
    bool exact = true;  // integer data: every sum exact in float32 whatever the order
    std::string text;   // the configuration, for failure messages
};

std::string pair_text(Pair p) { return std::to_string(p[0]) + "x" + std::to_string(p[1]); }

class Maker {
public:
    explicit Maker(FuzzedDataProvider& in) : in_(in) {}

    // A value in [lo, hi]; with `wild` (chosen per input) the range widens to reach invalid values.
    int pick(int lo, int hi) { return in_.ConsumeIntegralInRange<int>(wild_ ? lo - 1 : lo, hi); }
    Pair pair(int lo, int hi) {
        const int a = pick(lo, hi);
        return {a, in_.ConsumeBool() ? a : pick(lo, hi)};
    }
    bool flag() { return in_.ConsumeBool(); }

    float value(bool weight) {
        if (layer_.exact) return static_cast<float>(in_.ConsumeIntegralInRange<int>(-4, 4));
        if (!weight && in_.ConsumeIntegralInRange<int>(0, 31) == 0) {
            constexpr float inf = std::numeric_limits<float>::infinity();
            const float specials[] = {std::numeric_limits<float>::quiet_NaN(), inf, -inf};
            return specials[in_.ConsumeIntegralInRange<int>(0, 2)];
        }
        return static_cast<float>(in_.ConsumeIntegralInRange<int>(-100000, 99999)) / 100000.0f;
    }
    void fill(std::vector<float>& data, bool weight) {
        for (float& v : data) v = value(weight);
    }

    Layer make() {
        wild_ = in_.ConsumeIntegralInRange<int>(0, 7) == 0;
        layer_.op = static_cast<Op>(in_.ConsumeIntegralInRange<int>(0, 3));
        layer_.exact = in_.ConsumeIntegralInRange<int>(0, 3) != 0;
        const int groups = pick(1, 3);
        const int channels = std::max(1, groups) * in_.ConsumeIntegralInRange<int>(1, 3) + (wild_ ? pick(0, 1) : 0);
        const int h = pick(1, 12), w = pick(1, 12);
        layer_.input = Tensor::zeros(channels, std::max(h, 0), std::max(w, 0));
        layer_.input.h = h;  // a zero or negative size reaches validation as given
        layer_.input.w = w;
        std::string& t = layer_.text;
        t = std::string(to_string(layer_.op)) + " input " + std::to_string(channels) + "x" + std::to_string(h) + "x" +
            std::to_string(w);
        switch (layer_.op) {
            case Op::conv2d: make_conv(groups, channels); break;
            case Op::conv_transpose2d: make_transpose(groups, channels); break;
            case Op::max_pool2d: make_max_pool(); break;
            case Op::avg_pool2d: make_avg_pool(); break;
        }
        fill(layer_.input.data, false);
        fill(layer_.weight.data, true);
        fill(layer_.bias, true);
        t += layer_.exact ? ", integer values" : ", real values";
        return layer_;
    }

private:
    Padding padding() {
        switch (in_.ConsumeIntegralInRange<int>(0, 5)) {
            case 0: return Padding::valid();
            case 1: return Padding::same();
            case 2: return Padding::sides(pick(0, 3), pick(0, 3), pick(0, 3), pick(0, 3));
            default: {
                const Pair p = pair(0, 3);
                return Padding::symmetric(p[0], p[1]);
            }
        }
    }

    void make_weight(int o, int i, Pair kernel) {
        layer_.weight = Weight::zeros(std::max(o, 0), std::max(i, 0), std::max(kernel[0], 0), std::max(kernel[1], 0));
        layer_.has_bias = flag();
        if (layer_.has_bias) layer_.bias.assign(static_cast<size_t>(std::max(wild_ && flag() ? o + 1 : o, 0)), 0.0f);
        layer_.text += ", weight " + std::to_string(layer_.weight.o) + "x" + std::to_string(layer_.weight.i) + "x" +
                       pair_text(kernel) + (layer_.has_bias ? ", bias " + std::to_string(layer_.bias.size()) : "");
    }

    void make_conv(int groups, int channels) {
        Conv2dOptions& o = layer_.conv;
        o.groups = groups;
        o.stride = pair(1, 4);
        o.dilation = pair(1, 3);
        o.padding = padding();
        o.padding_mode = static_cast<PaddingMode>(in_.ConsumeIntegralInRange<int>(0, 3));
        const int out_channels = std::max(1, groups) * in_.ConsumeIntegralInRange<int>(1, 3);
        const int per_group = groups > 0 ? channels / groups : channels;
        make_weight(out_channels, wild_ && flag() ? per_group + 1 : per_group, pair(1, 5));
        const Padding& p = o.padding;
        layer_.text += ", stride " + pair_text(o.stride) + ", dilation " + pair_text(o.dilation) + ", groups " +
                       std::to_string(groups) + ", padding " +
                       (p.kind == Padding::Kind::same    ? std::string("same")
                        : p.kind == Padding::Kind::valid ? std::string("valid")
                                                         : std::to_string(p.top) + "," + std::to_string(p.bottom) +
                                                               "," + std::to_string(p.left) + "," +
                                                               std::to_string(p.right)) +
                       " " + to_string(o.padding_mode);
    }

    void make_transpose(int groups, int channels) {
        ConvTranspose2dOptions& o = layer_.transpose;
        o.groups = groups;
        o.stride = pair(1, 4);
        o.dilation = pair(1, 3);
        o.padding = pair(0, 3);
        o.output_padding = pair(0, 2);
        const int out_per_group = in_.ConsumeIntegralInRange<int>(1, 3);
        make_weight(channels, out_per_group, pair(1, 5));
        layer_.text += ", stride " + pair_text(o.stride) + ", dilation " + pair_text(o.dilation) + ", groups " +
                       std::to_string(groups) + ", padding " + pair_text(o.padding) + ", output_padding " +
                       pair_text(o.output_padding);
    }

    void make_max_pool() {
        MaxPool2dOptions& o = layer_.max_pool;
        o.kernel_size = pair(1, 5);
        if (flag()) o.stride = pair(1, 4);
        o.padding = pair(0, wild_ ? 4 : std::max(0, std::min(o.kernel_size[0], o.kernel_size[1]) / 2));
        o.dilation = pair(1, 3);
        o.ceil_mode = flag();
        layer_.text += ", kernel " + pair_text(o.kernel_size) + ", stride " +
                       (o.stride ? pair_text(*o.stride) : "kernel") + ", padding " + pair_text(o.padding) +
                       ", dilation " + pair_text(o.dilation) + (o.ceil_mode ? ", ceil_mode" : "");
    }

    void make_avg_pool() {
        AvgPool2dOptions& o = layer_.avg_pool;
        o.kernel_size = pair(1, 5);
        if (flag()) o.stride = pair(1, 4);
        o.padding = pair(0, wild_ ? 4 : std::max(0, std::min(o.kernel_size[0], o.kernel_size[1]) / 2));
        o.ceil_mode = flag();
        o.count_include_pad = flag();
        if (in_.ConsumeIntegralInRange<int>(0, 4) == 0) o.divisor_override = in_.ConsumeIntegralInRange<int>(-3, 5);
        layer_.text += ", kernel " + pair_text(o.kernel_size) + ", stride " +
                       (o.stride ? pair_text(*o.stride) : "kernel") + ", padding " + pair_text(o.padding) +
                       (o.ceil_mode ? ", ceil_mode" : "") + (o.count_include_pad ? "" : ", count_include_pad off") +
                       (o.divisor_override ? ", divisor_override " + std::to_string(*o.divisor_override) : "");
    }

    FuzzedDataProvider& in_;
    Layer layer_;
    bool wild_ = false;
};

const std::vector<float>* bias_of(const Layer& l) { return l.has_bias ? &l.bias : nullptr; }

Result<Tensor> run_fast(const Layer& l) {
    switch (l.op) {
        case Op::conv2d: return conv2d(l.input, l.weight, bias_of(l), l.conv);
        case Op::conv_transpose2d: return conv_transpose2d(l.input, l.weight, bias_of(l), l.transpose);
        case Op::max_pool2d: return max_pool2d(l.input, l.max_pool);
        case Op::avg_pool2d: return avg_pool2d(l.input, l.avg_pool);
    }
    return Result<Tensor>::fail("unknown op");
}

Result<Tensor> run_reference(const Layer& l) {
    switch (l.op) {
        case Op::conv2d: return reference::conv2d(l.input, l.weight, bias_of(l), l.conv);
        case Op::conv_transpose2d: return reference::conv_transpose2d(l.input, l.weight, bias_of(l), l.transpose);
        case Op::max_pool2d: return reference::max_pool2d(l.input, l.max_pool);
        case Op::avg_pool2d: return reference::avg_pool2d(l.input, l.avg_pool);
    }
    return Result<Tensor>::fail("unknown op");
}

std::string run_into(const Layer& l, Tensor& out) {
    switch (l.op) {
        case Op::conv2d: return conv2d_into(l.input, l.weight, bias_of(l), l.conv, out);
        case Op::conv_transpose2d: return conv_transpose2d_into(l.input, l.weight, bias_of(l), l.transpose, out);
        case Op::max_pool2d: return max_pool2d_into(l.input, l.max_pool, out);
        case Op::avg_pool2d: return avg_pool2d_into(l.input, l.avg_pool, out);
    }
    return "unknown op";
}

Result<LayerShape> shape_of(const Layer& l) {
    const Tensor& x = l.input;
    switch (l.op) {
        case Op::conv2d: return conv2d_shape(x.c, x.h, x.w, l.weight, l.conv);
        case Op::conv_transpose2d: return conv_transpose2d_shape(x.c, x.h, x.w, l.weight, l.transpose);
        case Op::max_pool2d: return max_pool2d_shape(x.c, x.h, x.w, l.max_pool);
        case Op::avg_pool2d: return avg_pool2d_shape(x.c, x.h, x.w, l.avg_pool);
    }
    return Result<LayerShape>::fail("unknown op");
}

Result<CellTrace> trace_of(const Layer& l, CellIndex cell) {
    switch (l.op) {
        case Op::conv2d: return trace_conv2d(l.input, l.weight, bias_of(l), l.conv, cell);
        case Op::conv_transpose2d: return trace_conv_transpose2d(l.input, l.weight, bias_of(l), l.transpose, cell);
        case Op::max_pool2d: return trace_max_pool2d(l.input, l.max_pool, cell);
        case Op::avg_pool2d: return trace_avg_pool2d(l.input, l.avg_pool, cell);
    }
    return Result<CellTrace>::fail("unknown op");
}

bool same_value(float got, float want, bool exact) {
    if (std::isnan(want)) return std::isnan(got);
    if (got == want) return true;  // also equal infinities
    if (exact || std::isinf(want) || !std::isfinite(got)) return false;
    return std::fabs(got - want) <= 1e-4f + 1e-5f * std::fabs(want);
}

void check_values(const Tensor& got, const Tensor& want, const Layer& l, const std::string& what) {
    FUZZ_CHECK(got.c == want.c && got.h == want.h && got.w == want.w && got.size() == want.size(),
               what << ": output " << got.c << "x" << got.h << "x" << got.w << ", reference " << want.c << "x"
                    << want.h << "x" << want.w << "; " << l.text);
    for (size_t k = 0; k < want.size(); ++k)
        FUZZ_CHECK(same_value(got.data[k], want.data[k], l.exact),
                   what << ": value " << got.data[k] << " at flat index " << k << ", reference " << want.data[k]
                        << "; " << l.text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const Layer layer = Maker(in).make();

    const Result<Tensor> want = run_reference(layer);
    const Result<LayerShape> shape = shape_of(layer);
    // The op checks its tensors first ("input must have at least one channel, row and column"),
    // the shape function, which sees sizes only, its axes ("input height must be at least 1"):
    // with an empty tensor or weight both refuse, in their own words.
    const bool sizes_positive = layer.input.c > 0 && layer.input.h > 0 && layer.input.w > 0 &&
                                (layer.op == Op::max_pool2d || layer.op == Op::avg_pool2d ||
                                 (layer.weight.o > 0 && layer.weight.i > 0 && layer.weight.kh > 0 && layer.weight.kw > 0));
    // The shape functions take no bias: a bias of the wrong length is the op's refusal alone.
    const bool bias_refused = want.error.rfind("bias must have", 0) == 0;
    FUZZ_CHECK((shape.ok() == want.ok() || (bias_refused && shape.ok())) &&
                   (!sizes_positive || bias_refused || shape.error == want.error),
               "the shape function says '" << shape.error << "', the op '" << want.error << "'; " << layer.text);
    if (want.ok()) {
        const LayerShape& s = shape.value;
        FUZZ_CHECK(want.value.c == s.out_channels && want.value.h == s.rows.output && want.value.w == s.cols.output,
                   "shape " << s.out_channels << "x" << s.rows.output << "x" << s.cols.output << " but the op gives "
                            << want.value.c << "x" << want.value.h << "x" << want.value.w << "; " << layer.text);
    }

    static Tensor reused;  // kept across inputs, as the app keeps its output tensor across edits
    for (const std::string& target : simd_targets()) {
        FUZZ_CHECK(use_simd_target(target), "cannot select SIMD target " << target);
        const Result<Tensor> got = run_fast(layer);
        FUZZ_CHECK(got.ok() == want.ok() && got.error == want.error,
                   target << ": the fast path says '" << got.error << "', the reference '" << want.error << "'; "
                          << layer.text);
        if (!want.ok()) continue;
        check_values(got.value, want.value, layer, target + " fast path");
        const std::string into_error = run_into(layer, reused);
        FUZZ_CHECK(into_error.empty(), target << ": the _into op refuses what the op computes: " << into_error);
        check_values(reused, want.value, layer, target + " _into");
    }
    FUZZ_CHECK(use_simd_target(""), "cannot return to the best SIMD target");

    if (want.ok() && want.value.size() <= 256) {
        const Tensor& y = want.value;
        for (int c = 0; c < y.c; ++c)
            for (int row = 0; row < y.h; ++row)
                for (int col = 0; col < y.w; ++col) {
                    const Result<CellTrace> t = trace_of(layer, {c, row, col});
                    FUZZ_CHECK(t.ok(), "no trace of cell " << c << "," << row << "," << col << ": " << t.error << "; "
                                                           << layer.text);
                    FUZZ_CHECK(same_value(t.value.result, y.at(c, row, col), layer.exact),
                               "the trace of cell " << c << "," << row << "," << col << " ends on " << t.value.result
                                                    << ", the reference has " << y.at(c, row, col) << "; "
                                                    << layer.text);
                }
    }
    return 0;
}
