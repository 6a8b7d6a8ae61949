// presets.cpp -- input fills and kernel presets (see presets.hpp). Standard C++ only.
#include "base/presets.hpp"

#include <cmath>
#include <initializer_list>

#include "base/random.hpp"
#include "base/text.hpp"

namespace strideconv::base {

// [SECTION] Input fills --------------------------------------------------------------------------

const char* to_string(Fill f) {
    switch (f) {
        case Fill::seq: return "seq";
        case Fill::random: return "random";
        case Fill::ones: return "ones";
        case Fill::checker: return "checker";
        case Fill::custom: return "custom";
    }
    return "seq";
}

std::optional<Fill> fill_from_string(std::string_view name) {
    for (Fill f : {Fill::seq, Fill::random, Fill::ones, Fill::checker, Fill::custom})
        if (name == to_string(f)) return f;
    return std::nullopt;
}

std::vector<float> fill_values(Fill f, uint32_t seed, int rows, int cols) {
    if (rows <= 0 || cols <= 0) return {};
    std::vector<float> v(static_cast<size_t>(rows) * static_cast<size_t>(cols), 0.0f);
    Random random(seed);
    size_t k = 0;
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x, ++k) {
            switch (f) {
                case Fill::seq: v[k] = static_cast<float>(k + 1); break;
                case Fill::ones: v[k] = 1; break;
                case Fill::checker: v[k] = (y + x) % 2 == 0 ? 1.0f : 0.0f; break;
                case Fill::random: v[k] = static_cast<float>(random.between(-9, 9)); break;
                case Fill::custom: break;
            }
        }
    return v;
}

// [SECTION] Kernel presets -----------------------------------------------------------------------

namespace {

// Binomial row 1, k-1 choose 1, ...: the integer Gaussian of any size.
std::vector<float> binomial(int n) {
    std::vector<float> row(static_cast<size_t>(n), 1.0f);
    for (int i = 1; i < n; ++i)
        for (int j = i - 1; j > 0; --j) row[static_cast<size_t>(j)] += row[static_cast<size_t>(j - 1)];
    return row;
}

}  // namespace

const std::vector<KernelPreset>& kernel_presets() {
    static const std::vector<KernelPreset> presets = {
        {"ones", "Ones (box sum)", 0},     {"box", "Box (average)", 0},
        {"identity", "Identity", 0},       {"gaussian", "Gaussian (binomial)", 0},
        {"gaussian_norm", "Gaussian (normalised, sum 1)", 0},
        {"sharpen", "Sharpen", 3},         {"edge", "Edge (Laplacian)", 3},
        {"laplacian", "Laplacian (4-neighbour)", 3},
        {"sobel_x", "Sobel x", 3},         {"sobel_y", "Sobel y", 3},
        {"emboss", "Emboss", 3},
    };
    return presets;
}

const KernelPreset* find_kernel_preset(std::string_view name) {
    std::string key = lower(name);
    for (char& ch : key)
        if (ch == '-') ch = '_';
    for (const KernelPreset& p : kernel_presets())
        if (key == p.name) return &p;
    return nullptr;
}

std::string kernel_preset_names() {
    std::string text;
    for (const KernelPreset& p : kernel_presets()) text += (text.empty() ? "" : ", ") + std::string(p.name);
    return text;
}

bool kernel_preset_values(std::string_view name, int& kh, int& kw, std::vector<float>& out) {
    const KernelPreset* preset = find_kernel_preset(name);
    if (!preset) return false;
    const std::string_view n = preset->name;
    auto fixed = [&](std::initializer_list<float> v) {
        kh = kw = 3;
        out.assign(v);
        return true;
    };
    if (n == "sharpen") return fixed({0, -1, 0, -1, 5, -1, 0, -1, 0});
    if (n == "edge") return fixed({-1, -1, -1, -1, 8, -1, -1, -1, -1});
    if (n == "laplacian") return fixed({0, 1, 0, 1, -4, 1, 0, 1, 0});
    if (n == "sobel_x") return fixed({-1, 0, 1, -2, 0, 2, -1, 0, 1});
    if (n == "sobel_y") return fixed({-1, -2, -1, 0, 0, 0, 1, 2, 1});
    if (n == "emboss") return fixed({-2, -1, 0, -1, 1, 1, 0, 1, 2});
    if (kh <= 0 || kw <= 0) return false;
    const size_t count = static_cast<size_t>(kh) * static_cast<size_t>(kw);
    if (n == "ones" || n == "box") {
        out.assign(count, n == "ones" ? 1.0f : 1.0f / static_cast<float>(count));
    } else if (n == "identity") {
        out.assign(count, 0.0f);
        out[static_cast<size_t>(kh / 2) * static_cast<size_t>(kw) + static_cast<size_t>(kw / 2)] = 1.0f;
    } else {  // gaussian: whole numbers (their sum is 2^(kh-1) * 2^(kw-1)); gaussian_norm: divided by it
        const auto r = binomial(kh), c = binomial(kw);
        const float sum = n == "gaussian_norm" ? std::ldexp(1.0f, kh - 1 + kw - 1) : 1.0f;
        out.resize(count);
        for (int y = 0; y < kh; ++y)
            for (int x = 0; x < kw; ++x)
                out[static_cast<size_t>(y) * static_cast<size_t>(kw) + static_cast<size_t>(x)] =
                    r[static_cast<size_t>(y)] * c[static_cast<size_t>(x)] / sum;
    }
    return true;
}

}  // namespace strideconv::base
