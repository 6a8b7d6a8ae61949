// fast_kernels.hpp -- plain-data jobs handed from the validated ops (core/fast_ops.cpp, HWY_ONCE
// part) to the SIMD kernels (the same file, compiled once per target by Highway). Internal: not
// part of the API. Standard C++ only; no Highway type appears here.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/core.hpp"
#include "core/detail.hpp"

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

// The ring axes of a transposed conv: input rows one output row spans, and the columns a column
// phase reads (shared by the kernel and fast_scratch_bytes).
inline std::pair<PaddedAxis, PaddedAxis> transpose_ring_axes(const TransposeJob& job) {
    const int sh = job.stride[0], sw = job.stride[1];
    const int ph = job.padding[0], pw = job.padding[1];
    const int dh = job.dilation[0], dw = job.dilation[1];
    const int kh = job.kernel_h, kw = job.kernel_w;
    // Column offsets (in phase cells) of the kernel columns that land on each column phase.
    int64_t min_off = 0, max_off = 0;
    for (int r = 0; r < sw; ++r) {
        for (int kx = 0; kx < kw; ++kx) {
            const int64_t num = int64_t(r) + pw - int64_t(kx) * dw;
            if (floor_div(num, sw) * sw != num) continue;
            min_off = std::min(min_off, num / sw);
            max_off = std::max(max_off, num / sw);
        }
    }
    const int phase_cells_max = (job.out_w + sw - 1) / sw;
    // Input rows and columns outside the image read zeros from the ring's padding.
    const int64_t top = std::max<int64_t>(0, -floor_div(int64_t(ph) - int64_t(kh - 1) * dh, sh));
    const int64_t last_row = floor_div(int64_t(job.out_h - 1) + ph, sh);
    PaddedAxis rows;
    rows.input = job.height;
    rows.pad_before = static_cast<int>(top);
    rows.extent = static_cast<int>(std::max<int64_t>(job.height + top, last_row + top + 1));
    rows.kernel = static_cast<int>(int64_t(kh - 1) * dh / sh + 2);  // rows one output row spans
    rows.output = job.out_h;
    PaddedAxis cols;
    const int64_t left = -min_off;
    cols.input = job.width;
    cols.pad_before = static_cast<int>(left);
    cols.extent = static_cast<int>(std::max<int64_t>(job.width + left, phase_cells_max + max_off + left));
    cols.kernel = static_cast<int>(max_off + left + 1);  // widest read past the output cell
    cols.output = phase_cells_max;
    return {rows, cols};
}

// Bytes of scratch the fast path of a layer would hold (its ring of padded rows, repacked
// weights and tap pointers), an upper bound for any vector width; -1 past int64_t. `weight_values`
// and `taps` are 0 for pools (taps: kernel taps per output cell, the pointer list's length).
int64_t fast_scratch_bytes(int channels, const PaddedAxis& rows, const PaddedAxis& cols,
                           int64_t weight_values, int64_t taps);
// Past this the ops run the reference's loops instead (slower, but they hold only the output and,
// for conv2d, the padded input LayerShape::workspace_bytes counts): a layer whose window or padding
// is huge next to its input, e.g. a 50000 x 50000 average over one cell, must not allocate
// gigabytes of padding rows. Ordinary layers stay far below it (3 rows of 64 x 1024 floats: 768 KiB).
constexpr int64_t kMaxFastScratchBytes = int64_t(1) << 28;  // 256 MiB

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
