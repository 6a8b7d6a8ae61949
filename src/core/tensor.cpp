// tensor.cpp -- construction helpers for Tensor and Weight, and the names of enums (ops, padding
// modes, tap sources).
// Standard C++ only (see core.hpp).
#include "core/core.hpp"

namespace strideconv {

Tensor Tensor::zeros(int c, int h, int w) { return filled(c, h, w, 0.0f); }

Tensor Tensor::filled(int c, int h, int w, float v) {
    Tensor t;
    t.c = c;
    t.h = h;
    t.w = w;
    if (c > 0 && h > 0 && w > 0) t.data.assign(static_cast<size_t>(c) * h * w, v);
    return t;
}

Tensor Tensor::sequential(int c, int h, int w) {
    Tensor t = zeros(c, h, w);
    for (size_t k = 0; k < t.data.size(); ++k) t.data[k] = static_cast<float>(k + 1);
    return t;
}

Weight Weight::zeros(int o, int i, int kh, int kw) { return filled(o, i, kh, kw, 0.0f); }

Weight Weight::filled(int o, int i, int kh, int kw, float v) {
    Weight w;
    w.o = o;
    w.i = i;
    w.kh = kh;
    w.kw = kw;
    if (o > 0 && i > 0 && kh > 0 && kw > 0) w.data.assign(static_cast<size_t>(o) * i * kh * kw, v);
    return w;
}

const char* to_string(Op op) {
    switch (op) {
        case Op::conv2d: return "conv2d";
        case Op::max_pool2d: return "max_pool2d";
        case Op::avg_pool2d: return "avg_pool2d";
        case Op::conv_transpose2d: return "conv_transpose2d";
    }
    return "conv2d";
}

std::optional<Op> op_from_string(const std::string& name) {
    for (Op op : {Op::conv2d, Op::max_pool2d, Op::avg_pool2d, Op::conv_transpose2d})
        if (name == to_string(op)) return op;
    return std::nullopt;
}

std::string op_names(std::initializer_list<Op> ops) {
    std::string text;
    size_t k = 0;
    for (Op op : ops) {
        if (k > 0) text += k + 1 == ops.size() ? " or " : ", ";
        text += to_string(op);
        ++k;
    }
    return text;
}

const char* to_string(PaddingMode m) {
    switch (m) {
        case PaddingMode::zeros: return "zeros";
        case PaddingMode::reflect: return "reflect";
        case PaddingMode::replicate: return "replicate";
        case PaddingMode::circular: return "circular";
    }
    return "zeros";
}

std::optional<PaddingMode> padding_mode_from_string(const std::string& s) {
    if (s == "zeros") return PaddingMode::zeros;
    if (s == "reflect") return PaddingMode::reflect;
    if (s == "replicate") return PaddingMode::replicate;
    if (s == "circular") return PaddingMode::circular;
    return std::nullopt;
}

const char* to_string(TapSource s) {
    switch (s) {
        case TapSource::input: return "input";
        case TapSource::zero_pad: return "zero";
        case TapSource::reflect: return "reflect";
        case TapSource::replicate: return "replicate";
        case TapSource::circular: return "circular";
        case TapSource::neg_inf: return "-inf";
    }
    return "input";
}

}  // namespace strideconv
