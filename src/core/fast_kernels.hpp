// fast_kernels.hpp -- plain-data jobs handed from the validated ops (core/fast_ops.cpp, HWY_ONCE
// part) to the SIMD kernels (the same file, compiled once per target by Highway). Internal: not
// part of the API. Standard C++ only; no Highway type appears here.
#pragma once

#include <cstddef>
#include <vector>

#include "core/core.hpp"

namespace strideconv::detail {

// Where a padded row or column of a sliding-window op reads from. Coordinates are in the padded
// frame: padded index p reads input index p - pad_before when that lies inside the input,
// otherwise `mode`'s source (conv2d) or `fill` (pools, whose padding is never a real value).
struct PaddedAxis {
    int input = 0;       // input extent
    int pad_before = 0;
    int extent = 0;      // padded positions any window reads: [0, extent)
    int stride = 1, dilation = 1, kernel = 1, output = 0;
};

// conv2d on one C x H x W image, already validated (plan_conv2d).
struct ConvJob {
    const float* input = nullptr;
    int channels = 0;
    const float* weight = nullptr;  // O x (C/groups) x KH x KW
    int out_channels = 0, groups = 1;
    const float* bias = nullptr;    // out_channels values, or null
    PaddingMode padding_mode = PaddingMode::zeros;
    PaddedAxis rows, cols;
    float* output = nullptr;        // out_channels x rows.output x cols.output
};

enum class PoolKind { max, average };

// max_pool2d / avg_pool2d, already validated (plan_pool). The average divides the window's sum by
// `divisors` (rows.output x cols.output values, computed the reference's way); cells whose
// window covers no input cell get divisor 0 and output 0, as PyTorch writes.
struct PoolJob {
    PoolKind kind = PoolKind::max;
    const float* input = nullptr;
    int channels = 0;
    PaddedAxis rows, cols;
    const float* divisors = nullptr;
    float* output = nullptr;
};

// conv_transpose2d, already validated (plan_conv_transpose2d).
struct TransposeJob {
    const float* input = nullptr;
    int channels = 0, height = 0, width = 0;
    const float* weight = nullptr;  // C_in x (C_out/groups) x KH x KW
    int kernel_h = 0, kernel_w = 0, groups = 1;
    const float* bias = nullptr;
    Pair stride{1, 1}, padding{0, 0}, dilation{1, 1};
    int out_channels = 0, out_h = 0, out_w = 0;
    float* output = nullptr;
};

// Scratch memory the kernels reuse from call to call (one per thread), so that the UI, which
// recomputes on every edit, and a benchmark loop do not allocate in the hot path once warm.
struct Workspace {
    std::vector<float> rows;            // ring of padded, stride-phase-split input rows
    std::vector<int> row_tags;          // which padded row each ring slot holds (-1: none)
    std::vector<float> packed_weights;  // conv weights regrouped by output-channel block
    std::vector<const float*> taps;     // per output row: where each (channel, ky, kx) reads
    std::vector<float> accumulators;    // transposed conv: one output row split by phase
    std::vector<float> divisors;        // avg pool: the divisor of every output cell
};

}  // namespace strideconv::detail
