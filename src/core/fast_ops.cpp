// fast_ops.cpp -- conv2d, conv_transpose2d, max_pool2d and avg_pool2d: the SIMD fast paths behind
// the public ops of core.hpp. One source for every target through Google Highway: natively it is
// compiled for AVX-512, AVX2 and a scalar fallback and the best one is chosen at run time
// (foreach_target.h); under Emscripten only WASM SIMD128 is compiled (static dispatch).
// The readable definitions are the reference ops (ops.cpp); tests/fast_ops_test.cpp compares the
// two on random shapes, strides, dilations, paddings, groups and channel counts.
//
// [SECTION] index
//   Row ring      padded input rows, built once each, split by stride phase
//   conv2d        register-blocked direct convolution: output x in vector lanes, a block of output
//                 channels x a block of vectors in registers, every (channel, ky, kx) tap read from
//                 contiguous memory at any stride
//   Pools         the same rows; max with NaN propagation, average divided by the reference's divisor
//   conv_transpose2d  gather per output row into stride-phase accumulators, then interleave
//   Public ops    validation (shared with the reference and the traces), dispatch, workspace
//
// Why a row ring instead of a padded copy of the whole input: a row is built when the first window
// reaches it and dropped when the last one has passed, so memory traffic is one read of the input
// and one write of the output, and the rows being read stay in the L1/L2 cache. Rows that need no
// padding and no phase split are read from the input in place.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/core.hpp"
#include "core/detail.hpp"
#include "core/fast_kernels.hpp"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/fast_ops.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per target
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace strideconv::detail {
namespace HWY_NAMESPACE {
namespace {

namespace hn = hwy::HWY_NAMESPACE;
using D = hn::ScalableTag<float>;
using V = hn::Vec<D>;

// Register blocking: how many vectors of output a block keeps in registers, per number of output
// channels in the block. AVX-512 has 32 vector registers, the others 16. An FMA has a latency of
// about 4 cycles and two can start per cycle, so at least 8 independent accumulators are needed.
// Rows of at most two vectors (stride-2 layers of small maps) keep 8 output channels in flight
// where the registers allow it, so that the block still has 16 accumulators.
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
constexpr int kVectorsFor8 = 2, kVectorsFor4 = 4, kVectorsFor2 = 6, kVectorsFor1 = 8;
constexpr bool kEightChannelBlocks = true;
#else
constexpr int kVectorsFor8 = 1, kVectorsFor4 = 2, kVectorsFor2 = 4, kVectorsFor1 = 8;
constexpr bool kEightChannelBlocks = false;
#endif

size_t round_up(size_t v, size_t to) { return (v + to - 1) / to * to; }

// [SECTION] Row ring ----------------------------------------------------------------------------

// Padded rows of every input channel, each split into `phases` (= column stride) phase rows of
// `length` floats: padded column px lives in phase px % phases at index px / phases, so a window
// tap at column x * stride + off reads phase off % stride at x + off / stride, contiguous in x.
// A ring of `slots` rows per channel (the window's height) holds each row while windows use it.
class RowRing {
public:
    RowRing(Workspace& ws, const float* input, int channels, const PaddedAxis& rows,
            const PaddedAxis& cols, PaddingMode mode, float fill)
        : ws_(ws), input_(input), rows_(rows), cols_(cols), mode_(mode),
          fill_(fill) {
        const D d;
        const size_t lanes = hn::Lanes(d);
        phases_ = static_cast<size_t>(cols.stride);
        slots_ = static_cast<size_t>(std::min(rows.dilation * (rows.kernel - 1) + 1, rows.extent));
        // Room for the row itself and for the whole-vector reads of the last output cells.
        const size_t max_shift = static_cast<size_t>(cols.dilation) * (cols.kernel - 1) / phases_;
        const size_t row_part = (static_cast<size_t>(cols.extent) + phases_ - 1) / phases_;
        const size_t read_part = round_up(static_cast<size_t>(cols.output), lanes) + max_shift;
        length_ = round_up(std::max(row_part, read_part), lanes);
        ws.rows.resize(static_cast<size_t>(channels) * slots_ * phases_ * length_);
        ws.row_tags.assign(static_cast<size_t>(channels) * slots_, -1);
        // In-place reads: rows without column padding or phase split, when the reads of the last
        // output cells stay inside the input tensor.
        in_place_ = phases_ == 1 && cols.pad_before == 0 && cols.extent <= cols.input;
        input_end_ = input + static_cast<size_t>(channels) * rows.input * cols.input;
    }

    size_t length() const { return length_; }

    // Phase 0 of padded row `py` of channel `c`; phase p starts length() floats further on.
    const float* row(int c, int py) {
        const int sy = source_index(mode_, py - rows_.pad_before, rows_.input);
        if (in_place_ && sy >= 0 && py - rows_.pad_before == sy) {
            const float* src = input_ + (static_cast<size_t>(c) * rows_.input + sy) * cols_.input;
            if (src + length_ <= input_end_) return src;
        }
        const size_t slot = static_cast<size_t>(c) * slots_ + static_cast<size_t>(py) % slots_;
        float* dst = ws_.rows.data() + slot * phases_ * length_;
        if (ws_.row_tags[slot] != py) {
            build(c, sy, dst);
            ws_.row_tags[slot] = py;
        }
        return dst;
    }

private:
    void put(float* dst, int px, float v) const {
        dst[static_cast<size_t>(px) % phases_ * length_ + static_cast<size_t>(px) / phases_] = v;
    }

    // Positions past the padded extent are left as they are: only the lanes of the last vectors
    // beyond the output width read them, and those lanes are never stored.
    void build(int c, int sy, float* dst) const {
        if (sy < 0) {
            std::fill(dst, dst + phases_ * length_, fill_);
            return;
        }
        const float* src = input_ + (static_cast<size_t>(c) * rows_.input + sy) * cols_.input;
        const int extent = cols_.extent, before = cols_.pad_before;
        const int inside_end = std::min(before + cols_.input, extent);
        const int count = inside_end - before;  // input columns any window reads
        if (count > 0) {
            if (phases_ == 1) {
                std::memcpy(dst + before, src, static_cast<size_t>(count) * sizeof(float));
            } else if (phases_ == 2) {
                // src[2k] lands at padded column before + 2k, src[2k + 1] at the next one. The last
                // vector may run past the row (into the next row of the input, or the ring row's
                // slack): the padding written below and the unused lanes make that harmless.
                float* even = dst + static_cast<size_t>(before % 2) * length_ + before / 2;
                float* odd = dst + static_cast<size_t>((before + 1) % 2) * length_ + (before + 1) / 2;
                const D d;
                const size_t lanes = hn::Lanes(d), n = static_cast<size_t>(count);
                const size_t room = length_ - static_cast<size_t>(before + 1) / 2;  // per phase row
                size_t k = 0;
                for (; 2 * k < n && k + lanes <= room && src + 2 * (k + lanes) <= input_end_; k += lanes) {
                    V e, o;
                    hn::LoadInterleaved2(d, src + 2 * k, e, o);
                    hn::StoreU(e, d, even + k);
                    hn::StoreU(o, d, odd + k);
                }
                for (; 2 * k < n; ++k) {
                    even[k] = src[2 * k];
                    if (2 * k + 1 < n) odd[k] = src[2 * k + 1];
                }
            } else {
                for (int x = 0; x < count; ++x) put(dst, before + x, src[x]);
            }
        }
        for (int px = 0; px < std::min(before, extent); ++px) {
            const int sx = source_index(mode_, px - before, cols_.input);
            put(dst, px, sx < 0 ? fill_ : src[sx]);
        }
        for (int px = std::max(inside_end, 0); px < extent; ++px) {
            const int sx = source_index(mode_, px - before, cols_.input);
            put(dst, px, sx < 0 ? fill_ : src[sx]);
        }
    }

    Workspace& ws_;
    const float* input_;
    const float* input_end_;
    PaddedAxis rows_, cols_;
    PaddingMode mode_;
    float fill_;
    size_t phases_ = 1, slots_ = 1, length_ = 0;
    bool in_place_ = false;
};

// Stores `valid` (1..lanes) leading lanes of v at dst.
void store_lanes(V v, float* dst, size_t valid) {
    const D d;
    if (valid >= hn::Lanes(d)) {
        hn::StoreU(v, d, dst);
        return;
    }
    HWY_ALIGN float lanes[HWY_MAX_BYTES / sizeof(float)];
    hn::Store(v, d, lanes);
    std::memcpy(dst, lanes, valid * sizeof(float));
}

// [SECTION] conv2d ------------------------------------------------------------------------------

// One block of output cells: output channels [0, M) x XB vectors from column x0, of which `valid`
// cells are real. taps[t] + x0 is where tap t reads its first vector; weights are [t][M].
template <int M, int XB>
HWY_INLINE void conv_cells(const float* const* taps, size_t num_taps, const float* weights,
                           const float* bias, size_t x0, size_t valid, float* const* out) {
    const D d;
    const size_t lanes = hn::Lanes(d);
    V acc[M][XB];
    for (int m = 0; m < M; ++m) {
        const V b = hn::Set(d, bias ? bias[m] : 0.0f);
        for (int v = 0; v < XB; ++v) acc[m][v] = b;
    }
    for (size_t t = 0; t < num_taps; ++t) {
        const float* src = taps[t] + x0;
        V in[XB];
        for (int v = 0; v < XB; ++v) in[v] = hn::LoadU(d, src + v * lanes);
        const float* w = weights + t * M;
        for (int m = 0; m < M; ++m) {
            const V wv = hn::Set(d, w[m]);
            for (int v = 0; v < XB; ++v) acc[m][v] = hn::MulAdd(wv, in[v], acc[m][v]);
        }
    }
    for (int m = 0; m < M; ++m) {
        for (int v = 0; v < XB; ++v) {
            const size_t start = v * lanes;
            if (start < valid) store_lanes(acc[m][v], out[m] + x0 + start, valid - start);
        }
    }
}

// The last block of a row, shorter than a whole block: `vectors` (1..XB) vectors.
template <int M, int XB>
void conv_tail(size_t vectors, const float* const* taps, size_t num_taps, const float* weights,
               const float* bias, size_t x0, size_t valid, float* const* out) {
    if constexpr (XB > 0) {
        if (vectors == XB)
            conv_cells<M, XB>(taps, num_taps, weights, bias, x0, valid, out);
        else
            conv_tail<M, XB - 1>(vectors, taps, num_taps, weights, bias, x0, valid, out);
    }
}

template <int M, int XB>
void conv_row(const float* const* taps, size_t num_taps, const float* weights, const float* bias,
              size_t width, float* const* out) {
    const D d;
    const size_t lanes = hn::Lanes(d), block = XB * lanes;
    size_t x = 0;
    for (; x + block <= width; x += block)
        conv_cells<M, XB>(taps, num_taps, weights, bias, x, block, out);
    if (x < width) {
        const size_t rest = width - x;
        conv_tail<M, XB>((rest + lanes - 1) / lanes, taps, num_taps, weights, bias, x, rest, out);
    }
}

// Output channels handled together: `widest` (8 or 4) while that many remain in the group, then
// 4, 2, 1.
int channel_block(int remaining, int widest) {
    return remaining >= widest ? widest : remaining >= 4 ? 4 : remaining >= 2 ? 2 : 1;
}

int widest_block(size_t width) {
    const D d;
    return kEightChannelBlocks && width <= 2 * hn::Lanes(d) ? 8 : 4;
}

// One output row of every channel in [oc, oc + m_count), m_count from channel_block.
void conv_row_block(int m_count, const float* const* taps, size_t num_taps, const float* weights,
                    const float* bias, size_t width, float* const* out) {
    switch (m_count) {
        case 8: conv_row<8, kVectorsFor8>(taps, num_taps, weights, bias, width, out); break;
        case 4: conv_row<4, kVectorsFor4>(taps, num_taps, weights, bias, width, out); break;
        case 2: conv_row<2, kVectorsFor2>(taps, num_taps, weights, bias, width, out); break;
        default: conv_row<1, kVectorsFor1>(taps, num_taps, weights, bias, width, out); break;
    }
}

void conv2d_kernel(const ConvJob& job, Workspace& ws) {
    const int in_per_group = job.channels / job.groups;
    const int out_per_group = job.out_channels / job.groups;
    const int kh = job.rows.kernel, kw = job.cols.kernel;
    const size_t taps_per_channel = static_cast<size_t>(in_per_group) * kh * kw;

    const int widest = widest_block(static_cast<size_t>(job.cols.output));
    // Weights regrouped per block of output channels: [t][m], so one tap's M weights are adjacent.
    ws.packed_weights.resize(static_cast<size_t>(job.out_channels) * taps_per_channel);
    {
        float* packed = ws.packed_weights.data();
        for (int oc = 0; oc < job.out_channels;) {
            const int in_group = oc % out_per_group;
            const int m_count = channel_block(out_per_group - in_group, widest);
            for (size_t t = 0; t < taps_per_channel; ++t)
                for (int m = 0; m < m_count; ++m)
                    *packed++ = job.weight[static_cast<size_t>(oc + m) * taps_per_channel + t];
            oc += m_count;
        }
    }

    RowRing ring(ws, job.input, job.channels, job.rows, job.cols, job.padding_mode, 0.0f);
    const size_t length = ring.length();
    ws.taps.resize(taps_per_channel);
    const int oh = job.rows.output, ow = job.cols.output;
    const int sh = job.rows.stride, sw = job.cols.stride;
    const int dh = job.rows.dilation, dw = job.cols.dilation;
    const size_t plane = static_cast<size_t>(oh) * ow;

    for (int oy = 0; oy < oh; ++oy) {
        for (int g = 0; g < job.groups; ++g) {
            const float** taps = ws.taps.data();
            for (int icl = 0; icl < in_per_group; ++icl) {
                for (int ky = 0; ky < kh; ++ky) {
                    const float* row = ring.row(g * in_per_group + icl, oy * sh + ky * dh);
                    for (int kx = 0; kx < kw; ++kx) {
                        const int off = kx * dw;
                        *taps++ = row + static_cast<size_t>(off % sw) * length + off / sw;
                    }
                }
            }
            const float* weights = ws.packed_weights.data() +
                                   static_cast<size_t>(g) * out_per_group * taps_per_channel;
            for (int ocl = 0; ocl < out_per_group;) {
                const int oc = g * out_per_group + ocl;
                const int m_count = channel_block(out_per_group - ocl, widest);
                float* out[8];
                for (int m = 0; m < m_count; ++m)
                    out[m] = job.output + static_cast<size_t>(oc + m) * plane + static_cast<size_t>(oy) * ow;
                const float* bias = job.bias ? job.bias + oc : nullptr;
                conv_row_block(m_count, ws.taps.data(), taps_per_channel, weights, bias, ow, out);
                weights += static_cast<size_t>(m_count) * taps_per_channel;
                ocl += m_count;
            }
        }
    }
}

// [SECTION] Pools -------------------------------------------------------------------------------

template <PoolKind kKind, int XB>
HWY_INLINE void pool_cells(const float* const* taps, size_t num_taps, const float* divisors,
                           size_t x0, size_t valid, float* out) {
    const D d;
    const size_t lanes = hn::Lanes(d);
    V acc[XB];
    const V start = hn::Set(d, kKind == PoolKind::max ? -std::numeric_limits<float>::infinity() : 0.0f);
    for (int v = 0; v < XB; ++v) acc[v] = start;
    for (size_t t = 0; t < num_taps; ++t) {
        const float* src = taps[t] + x0;
        for (int v = 0; v < XB; ++v) {
            const V in = hn::LoadU(d, src + v * lanes);
            if constexpr (kKind == PoolKind::max) {
                // As the reference: a larger value or a NaN replaces the best; a NaN best stays.
                acc[v] = hn::IfThenElse(hn::Or(in > acc[v], hn::IsNaN(in)), in, acc[v]);
            } else {
                acc[v] = acc[v] + in;
            }
        }
    }
    for (int v = 0; v < XB; ++v) {
        const size_t begin = v * lanes;
        if (begin >= valid) break;
        V result = acc[v];
        if constexpr (kKind == PoolKind::average) {
            const size_t n = std::min(lanes, valid - begin);
            HWY_ALIGN float div_lanes[HWY_MAX_BYTES / sizeof(float)] = {};
            std::memcpy(div_lanes, divisors + x0 + begin, n * sizeof(float));
            const V div = hn::Load(d, div_lanes);
            const auto covered = div != hn::Zero(d);
            result = hn::IfThenElseZero(covered, result / hn::IfThenElse(covered, div, hn::Set(d, 1.0f)));
        }
        store_lanes(result, out + x0 + begin, valid - begin);
    }
}

template <PoolKind kKind>
void pool_row(const float* const* taps, size_t num_taps, const float* divisors, size_t width,
              float* out) {
    constexpr int kBlock = 4;
    const D d;
    const size_t lanes = hn::Lanes(d);
    size_t x = 0;
    for (; x + kBlock * lanes <= width; x += kBlock * lanes)
        pool_cells<kKind, kBlock>(taps, num_taps, divisors, x, kBlock * lanes, out);
    for (; x < width; x += lanes)
        pool_cells<kKind, 1>(taps, num_taps, divisors, x, std::min(lanes, width - x), out);
}

void pool_kernel(const PoolJob& job, Workspace& ws) {
    const float fill = job.kind == PoolKind::max ? -std::numeric_limits<float>::infinity() : 0.0f;
    RowRing ring(ws, job.input, job.channels, job.rows, job.cols, PaddingMode::zeros, fill);
    const size_t length = ring.length();
    const int kh = job.rows.kernel, kw = job.cols.kernel;
    const int oh = job.rows.output, ow = job.cols.output;
    const int sw = job.cols.stride;
    ws.taps.resize(static_cast<size_t>(kh) * kw);
    for (int oy = 0; oy < oh; ++oy) {
        for (int c = 0; c < job.channels; ++c) {
            const float** taps = ws.taps.data();
            for (int ky = 0; ky < kh; ++ky) {
                const float* row = ring.row(c, oy * job.rows.stride + ky * job.rows.dilation);
                for (int kx = 0; kx < kw; ++kx) {
                    const int off = kx * job.cols.dilation;
                    *taps++ = row + static_cast<size_t>(off % sw) * length + off / sw;
                }
            }
            float* out = job.output + (static_cast<size_t>(c) * oh + oy) * ow;
            const float* divisors = job.divisors ? job.divisors + static_cast<size_t>(oy) * ow : nullptr;
            if (job.kind == PoolKind::max)
                pool_row<PoolKind::max>(ws.taps.data(), ws.taps.size(), divisors, ow, out);
            else
                pool_row<PoolKind::average>(ws.taps.data(), ws.taps.size(), divisors, ow, out);
        }
    }
}

// [SECTION] conv_transpose2d --------------------------------------------------------------------

// The transposed conv as direct convolutions, one per output phase (oy mod stride, ox mod stride):
// output (oy, ox) receives input (y, x) through kernel tap (ky, kx) when
// oy = y * sh + ky * dh - ph and ox = x * sw + kx * dw - pw (Dumoulin & Visin 2016, section 4).
// For a fixed output row only the ky with (oy + ph - ky * dh) divisible by sh contribute, from input
// row y = (oy + ph - ky * dh) / sh; within column phase r (ox = qx * sw + r) only the kx with
// (r + pw - kx * dw) divisible by sw, from input column qx + (r + pw - kx * dw) / sw: contiguous in
// qx. So each (row, column phase) is a tap list for the conv2d micro-kernel above, with no
// multiplication by the zeros a dilated-input formulation would insert.
void conv_transpose_kernel(const TransposeJob& job, Workspace& ws) {
    const D d;
    const size_t lanes = hn::Lanes(d);
    const int sh = job.stride[0], sw = job.stride[1];
    const int ph = job.padding[0], pw = job.padding[1];
    const int dh = job.dilation[0], dw = job.dilation[1];
    const int kh = job.kernel_h, kw = job.kernel_w;
    const int in_per_group = job.channels / job.groups;
    const int out_per_group = job.out_channels / job.groups;

    // Kernel rows per row class c = (oy + ph) mod sh; kernel columns per column phase r.
    std::vector<std::vector<int>> class_rows(static_cast<size_t>(sh)), phase_cols(static_cast<size_t>(sw));
    for (int ky = 0; ky < kh; ++ky)
        class_rows[static_cast<size_t>((int64_t(ky) * dh) % sh)].push_back(ky);
    for (int r = 0; r < sw; ++r) {
        for (int kx = 0; kx < kw; ++kx) {
            const int64_t num = int64_t(r) + pw - int64_t(kx) * dw;
            if (floor_div(num, sw) * sw == num) phase_cols[static_cast<size_t>(r)].push_back(kx);
        }
    }
    const int phase_cells_max = (job.out_w + sw - 1) / sw;
    const auto [rows, cols] = transpose_ring_axes(job);
    const int64_t top = rows.pad_before, left = cols.pad_before;
    RowRing ring(ws, job.input, job.channels, rows, cols, PaddingMode::zeros, 0.0f);

    const int widest = widest_block(static_cast<size_t>(phase_cells_max));
    // Weights per (row class, column phase, group), blocked by output channels as for conv2d.
    std::vector<size_t> packed_start(static_cast<size_t>(sh) * sw * job.groups);
    ws.packed_weights.resize(static_cast<size_t>(job.channels) * out_per_group * kh * kw);
    {
        float* packed = ws.packed_weights.data();
        for (int c = 0; c < sh; ++c) {
            for (int r = 0; r < sw; ++r) {
                const auto &kys = class_rows[static_cast<size_t>(c)], &kxs = phase_cols[static_cast<size_t>(r)];
                for (int g = 0; g < job.groups; ++g) {
                    packed_start[(static_cast<size_t>(c) * sw + r) * job.groups + g] =
                        static_cast<size_t>(packed - ws.packed_weights.data());
                    for (int ocl = 0; ocl < out_per_group;) {
                        const int m_count = channel_block(out_per_group - ocl, widest);
                        for (int icl = 0; icl < in_per_group; ++icl)
                            for (int ky : kys)
                                for (int kx : kxs)
                                    for (int m = 0; m < m_count; ++m)
                                        *packed++ = job.weight[((static_cast<size_t>(g * in_per_group + icl) * out_per_group + ocl + m) * kh + ky) * kw + kx];
                        ocl += m_count;
                    }
                }
            }
        }
    }

    const size_t phase_length = round_up(static_cast<size_t>(phase_cells_max), lanes);
    ws.accumulators.resize(8 * phase_length);
    ws.taps.resize(static_cast<size_t>(in_per_group) * kh * kw);
    const size_t plane = static_cast<size_t>(job.out_h) * job.out_w;
    for (int oy = 0; oy < job.out_h; ++oy) {
        const int c = static_cast<int>((int64_t(oy) + ph) % sh);
        const auto& kys = class_rows[static_cast<size_t>(c)];
        for (int g = 0; g < job.groups; ++g) {
            for (int r = 0; r < sw; ++r) {
                const auto& kxs = phase_cols[static_cast<size_t>(r)];
                const int cells = (job.out_w - r + sw - 1) / sw;
                if (cells <= 0) continue;
                const float** taps = ws.taps.data();
                for (int icl = 0; icl < in_per_group; ++icl) {
                    const int ic = g * in_per_group + icl;
                    for (int ky : kys) {
                        const int64_t y = (int64_t(oy) + ph - int64_t(ky) * dh) / sh;
                        const float* row = ring.row(ic, static_cast<int>(y + top)) + left;
                        for (int kx : kxs) *taps++ = row + (int64_t(r) + pw - int64_t(kx) * dw) / sw;
                    }
                }
                const size_t num_taps = static_cast<size_t>(taps - ws.taps.data());
                const float* weights = ws.packed_weights.data() + packed_start[(static_cast<size_t>(c) * sw + r) * job.groups + g];
                for (int ocl = 0; ocl < out_per_group;) {
                    const int oc = g * out_per_group + ocl;
                    const int m_count = channel_block(out_per_group - ocl, widest);
                    float* out[8];
                    for (int m = 0; m < m_count; ++m) {
                        out[m] = sw == 1 ? job.output + static_cast<size_t>(oc + m) * plane + static_cast<size_t>(oy) * job.out_w
                                         : ws.accumulators.data() + static_cast<size_t>(m) * phase_length;
                    }
                    const float* bias = job.bias ? job.bias + oc : nullptr;
                    conv_row_block(m_count, ws.taps.data(), num_taps, weights, bias, cells, out);
                    if (sw > 1) {
                        for (int m = 0; m < m_count; ++m) {
                            float* dst = job.output + static_cast<size_t>(oc + m) * plane + static_cast<size_t>(oy) * job.out_w + r;
                            for (int qx = 0; qx < cells; ++qx) dst[static_cast<size_t>(qx) * sw] = out[m][qx];
                        }
                    }
                    weights += static_cast<size_t>(m_count) * num_taps;
                    ocl += m_count;
                }
            }
        }
    }
}

// [SECTION] Multiply-add peak -------------------------------------------------------------------

// 16 accumulators: an FMA's latency (about 4 cycles) times the 2 that can start per cycle needs at
// least 8 in flight. Each round is acc = acc * a + b, which stays finite (a < 1) and cannot be
// folded away: the accumulators' sum goes to *sum.
int64_t multiply_add_probe(int64_t rounds, float* sum) {
    const D d;
    constexpr int kAccumulators = 16;
    V acc[kAccumulators];
    for (int k = 0; k < kAccumulators; ++k) acc[k] = hn::Set(d, 1.0f + 0.001f * static_cast<float>(k));
    const V a = hn::Set(d, 0.999f), b = hn::Set(d, 0.001f);
    for (int64_t r = 0; r < rounds; ++r)
        for (int k = 0; k < kAccumulators; ++k) acc[k] = hn::MulAdd(acc[k], a, b);
    V all = acc[0];
    for (int k = 1; k < kAccumulators; ++k) all = hn::Add(all, acc[k]);
    *sum = hn::GetLane(hn::SumOfLanes(d, all));
    return rounds * kAccumulators * static_cast<int64_t>(hn::Lanes(d)) * 2;
}

}  // namespace

// Entry points, one per target (HWY_EXPORT needs names outside the anonymous namespace).
int64_t MultiplyAddProbe(int64_t rounds, float* sum) { return multiply_add_probe(rounds, sum); }
void Conv2dKernel(const ConvJob& job, Workspace& ws) { conv2d_kernel(job, ws); }
void PoolKernel(const PoolJob& job, Workspace& ws) { pool_kernel(job, ws); }
void ConvTransposeKernel(const TransposeJob& job, Workspace& ws) { conv_transpose_kernel(job, ws); }

}  // namespace HWY_NAMESPACE
}  // namespace strideconv::detail
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
// [SECTION] Public ops --------------------------------------------------------------------------
namespace strideconv {

namespace detail {

HWY_EXPORT(Conv2dKernel);
HWY_EXPORT(PoolKernel);
HWY_EXPORT(ConvTransposeKernel);
HWY_EXPORT(MultiplyAddProbe);

namespace {

void run_conv2d(const ConvJob& job, Workspace& ws) { HWY_DYNAMIC_DISPATCH(Conv2dKernel)(job, ws); }
void run_pool(const PoolJob& job, Workspace& ws) { HWY_DYNAMIC_DISPATCH(PoolKernel)(job, ws); }
void run_conv_transpose(const TransposeJob& job, Workspace& ws) {
    HWY_DYNAMIC_DISPATCH(ConvTransposeKernel)(job, ws);
}
int64_t run_multiply_add_probe(int64_t rounds, float* sum) {
    return HWY_DYNAMIC_DISPATCH(MultiplyAddProbe)(rounds, sum);
}

volatile float probe_sink = 0;  // the probe's result, kept so that its loop is never dead code

Workspace& thread_workspace() {
    thread_local Workspace workspace;
    return workspace;
}

const char* const kOutputIsInput = "the output tensor must not be the input tensor";

// Gives `out` the shape; keeps its storage (and values, all overwritten by the kernels) when large
// enough. The input may not alias the output: the kernels read the input while writing.
void shape_output(Tensor& out, int c, int h, int w) {
    out.c = c;
    out.h = h;
    out.w = w;
    out.data.resize(static_cast<size_t>(c) * h * w);
}

PaddedAxis padded_axis(const AxisGeometry& g) {
    PaddedAxis a;
    a.input = g.input;
    a.pad_before = g.pad_before;
    a.stride = g.stride;
    a.dilation = g.dilation;
    a.kernel = g.kernel;
    a.output = g.output;
    // With ceil_mode (pools) the last window may reach past the padding; those taps read the fill.
    const int64_t last_tap = int64_t(g.output - 1) * g.stride + int64_t(g.kernel - 1) * g.dilation;
    a.extent = static_cast<int>(std::max<int64_t>(g.padded, last_tap + 1));
    return a;
}

// Runs a reference op (used past kMaxFastScratchBytes) into `out`.
std::string take_reference(Result<Tensor> r, Tensor& out) {
    if (!r.ok()) return std::move(r.error);
    out = std::move(r.value);
    return {};
}

// Every target compiled here that the CPU runs, as a bit set (Highway's target bits).
int64_t machine_targets() {
#if (HWY_TARGETS & (HWY_TARGETS - 1)) == 0
    return HWY_STATIC_TARGET;  // one target only (WebAssembly): static dispatch, nothing to detect
#else
    static const int64_t targets = hwy::SupportedTargets() & HWY_TARGETS;  // before any mock
    return targets;
#endif
}

int64_t chosen_target = 0;  // 0: the best of machine_targets()

}  // namespace

int64_t fast_scratch_bytes(int channels, const PaddedAxis& rows, const PaddedAxis& cols,
                           int64_t weight_values, int64_t taps) {
    // RowRing's sizes with the widest vectors compiled (AVX-512: 16 floats).
    constexpr int64_t kLanes = 16;
    auto round_up64 = [](int64_t v) { return (v + kLanes - 1) / kLanes * kLanes; };
    const int64_t phases = cols.stride;
    const int64_t slots = std::min(int64_t(rows.dilation) * (rows.kernel - 1) + 1, int64_t(rows.extent));
    const int64_t max_shift = int64_t(cols.dilation) * (cols.kernel - 1) / phases;
    const int64_t row_part = (int64_t(cols.extent) + phases - 1) / phases;
    const int64_t read_part = round_up64(cols.output) + max_shift;
    const int64_t length = round_up64(std::max(row_part, read_part));
    const int64_t ring = product({channels, slots, phases, length, int64_t(sizeof(float))});
    const int64_t packed = product({weight_values, int64_t(sizeof(float))});
    const int64_t pointers = product({taps, int64_t(sizeof(const float*))});
    if (ring < 0 || packed < 0 || pointers < 0) return -1;
    if (ring > std::numeric_limits<int64_t>::max() - packed - pointers) return -1;
    return ring + packed + pointers;
}

namespace {
bool too_large_for_fast_path(int64_t scratch_bytes) {
    return scratch_bytes < 0 || scratch_bytes > kMaxFastScratchBytes;
}
}  // namespace

}  // namespace detail

std::vector<std::string> simd_targets() {
    std::vector<std::string> names;
    // Lower bits are better targets in Highway's numbering.
    for (int64_t rest = detail::machine_targets(); rest != 0; rest &= rest - 1)
        names.emplace_back(hwy::TargetName(rest & -rest));
    return names;
}

std::string simd_target() {
    const int64_t all = detail::machine_targets();
    return hwy::TargetName(detail::chosen_target ? detail::chosen_target : all & -all);
}

bool use_simd_target(const std::string& name) {
    int64_t target = 0;
    for (int64_t rest = detail::machine_targets(); rest != 0; rest &= rest - 1)
        if (name == hwy::TargetName(rest & -rest)) target = rest & -rest;
    if (target == 0 && !name.empty()) return false;
#if (HWY_TARGETS & (HWY_TARGETS - 1)) != 0
    hwy::SetSupportedTargetsForTest(target);  // 0 ends the restriction
#endif
    detail::chosen_target = target;
    return true;
}

int64_t multiply_add_probe(int64_t rounds) {
    float sum = 0;
    const int64_t flops = detail::run_multiply_add_probe(std::max<int64_t>(rounds, 0), &sum);
    detail::probe_sink = sum;
    return flops;
}

std::string conv2d_into(const Tensor& input, const Weight& weight, const std::vector<float>* bias,
                        const Conv2dOptions& o, Tensor& out) {
    if (&out == &input) return detail::kOutputIsInput;
    auto plan = detail::plan_conv2d(input, weight, bias, o);
    if (!plan.ok()) return plan.error;
    const LayerShape& s = plan.value;
    const detail::PaddedAxis rows = detail::padded_axis(s.rows), cols = detail::padded_axis(s.cols);
    if (detail::too_large_for_fast_path(detail::fast_scratch_bytes(
            input.c, rows, cols, s.weight_values, s.weight_values / std::max(weight.o, 1))))
        return detail::take_reference(reference::conv2d(input, weight, bias, o), out);
    detail::shape_output(out, weight.o, s.rows.output, s.cols.output);
    detail::ConvJob job;
    job.input = input.data.data();
    job.channels = input.c;
    job.weight = weight.data.data();
    job.out_channels = weight.o;
    job.groups = o.groups;
    job.bias = bias ? bias->data() : nullptr;
    job.padding_mode = o.padding_mode;
    job.rows = rows;
    job.cols = cols;
    job.output = out.data.data();
    detail::run_conv2d(job, detail::thread_workspace());
    return {};
}

std::string conv_transpose2d_into(const Tensor& input, const Weight& weight,
                                  const std::vector<float>* bias, const ConvTranspose2dOptions& o,
                                  Tensor& out) {
    if (&out == &input) return detail::kOutputIsInput;
    auto plan = detail::plan_conv_transpose2d(input, weight, bias, o);
    if (!plan.ok()) return plan.error;
    const auto& p = plan.value;
    detail::TransposeJob job;
    job.input = input.data.data();
    job.channels = input.c;
    job.height = input.h;
    job.width = input.w;
    job.weight = weight.data.data();
    job.kernel_h = weight.kh;
    job.kernel_w = weight.kw;
    job.groups = o.groups;
    job.bias = bias ? bias->data() : nullptr;
    job.stride = o.stride;
    job.padding = o.padding;
    job.dilation = o.dilation;
    job.out_channels = p.out_channels;
    job.out_h = p.out_h;
    job.out_w = p.out_w;
    const auto [rows, cols] = detail::transpose_ring_axes(job);
    const int64_t weight_values = int64_t(weight.o) * weight.i * weight.kh * weight.kw;
    // The kernel keeps a tap list per stride phase (stride_h x stride_w of them, per group) and
    // visits every column phase of every output row: a stride longer than the output it makes
    // would cost more than the output itself (a 1x1 input at stride 108576 asked for 94 GB; found by
    // the json fuzz target). The reference scatters each input cell directly.
    if (o.stride[0] > p.out_h || o.stride[1] > p.out_w ||
        detail::too_large_for_fast_path(detail::fast_scratch_bytes(input.c, rows, cols, weight_values,
                                                                   weight_values / std::max(weight.i, 1))))
        return detail::take_reference(reference::conv_transpose2d(input, weight, bias, o), out);
    detail::shape_output(out, p.out_channels, p.out_h, p.out_w);
    job.output = out.data.data();
    detail::run_conv_transpose(job, detail::thread_workspace());
    return {};
}

std::string max_pool2d_into(const Tensor& input, const MaxPool2dOptions& o, Tensor& out) {
    if (&out == &input) return detail::kOutputIsInput;
    auto plan = detail::plan_pool(input, o.kernel_size, o.stride, o.padding, o.dilation, o.ceil_mode);
    if (!plan.ok()) return plan.error;
    const detail::PaddedAxis rows = detail::padded_axis(plan.value.rows), cols = detail::padded_axis(plan.value.cols);
    if (detail::too_large_for_fast_path(
            detail::fast_scratch_bytes(input.c, rows, cols, 0, int64_t(rows.kernel) * cols.kernel)))
        return detail::take_reference(reference::max_pool2d(input, o), out);
    detail::shape_output(out, input.c, plan.value.rows.output, plan.value.cols.output);
    detail::PoolJob job;
    job.kind = detail::PoolKind::max;
    job.input = input.data.data();
    job.channels = input.c;
    job.rows = rows;
    job.cols = cols;
    job.output = out.data.data();
    detail::run_pool(job, detail::thread_workspace());
    return {};
}

std::string avg_pool2d_into(const Tensor& input, const AvgPool2dOptions& o, Tensor& out) {
    if (&out == &input) return detail::kOutputIsInput;
    auto plan = detail::plan_pool(input, o.kernel_size, o.stride, o.padding, {1, 1}, o.ceil_mode);
    if (!plan.ok()) return plan.error;
    if (auto e = detail::check_divisor(o.divisor_override); !e.empty()) return e;
    const AxisGeometry &gr = plan.value.rows, &gc = plan.value.cols;
    const detail::PaddedAxis rows = detail::padded_axis(gr), cols = detail::padded_axis(gc);
    if (detail::too_large_for_fast_path(
            detail::fast_scratch_bytes(input.c, rows, cols, 0, int64_t(rows.kernel) * cols.kernel)))
        return detail::take_reference(reference::avg_pool2d(input, o), out);
    // The reference's divisor for every output cell (0 where the window covers no input cell),
    // shared by all channels.
    std::vector<float>& divisors = detail::thread_workspace().divisors;
    divisors.resize(static_cast<size_t>(gr.output) * gc.output);
    for (int oy = 0; oy < gr.output; ++oy) {
        const auto by = detail::avg_bounds(gr, oy);
        for (int ox = 0; ox < gc.output; ++ox) {
            const auto bx = detail::avg_bounds(gc, ox);
            float& divisor = divisors[static_cast<size_t>(oy) * gc.output + ox];
            if (by.start >= by.end || bx.start >= bx.end) {
                divisor = 0;
                continue;
            }
            divisor = static_cast<float>(detail::avg_divisor(o, by, bx));
        }
    }
    detail::shape_output(out, input.c, gr.output, gc.output);
    detail::PoolJob job;
    job.kind = detail::PoolKind::average;
    job.input = input.data.data();
    job.channels = input.c;
    job.rows = rows;
    job.cols = cols;
    job.divisors = divisors.data();
    job.output = out.data.data();
    detail::run_pool(job, detail::thread_workspace());
    return {};
}

// The ops returning a new tensor: a fresh output (zeroed by std::vector, then overwritten).
Result<Tensor> conv2d(const Tensor& input, const Weight& weight, const std::vector<float>* bias,
                      const Conv2dOptions& o) {
    Tensor out;
    std::string error = conv2d_into(input, weight, bias, o, out);
    if (!error.empty()) return Result<Tensor>::fail(std::move(error));
    return {std::move(out), {}, {}};
}

Result<Tensor> conv_transpose2d(const Tensor& input, const Weight& weight,
                                const std::vector<float>* bias, const ConvTranspose2dOptions& o) {
    Tensor out;
    std::string error = conv_transpose2d_into(input, weight, bias, o, out);
    if (!error.empty()) return Result<Tensor>::fail(std::move(error));
    return {std::move(out), {}, {}};
}

Result<Tensor> max_pool2d(const Tensor& input, const MaxPool2dOptions& o) {
    Tensor out;
    std::string error = max_pool2d_into(input, o, out);
    if (!error.empty()) return Result<Tensor>::fail(std::move(error));
    return {std::move(out), {}, {}};
}

Result<Tensor> avg_pool2d(const Tensor& input, const AvgPool2dOptions& o) {
    Tensor out;
    std::string error = avg_pool2d_into(input, o, out);
    if (!error.empty()) return Result<Tensor>::fail(std::move(error));
    return {std::move(out), {}, {}};
}

}  // namespace strideconv
#endif  // HWY_ONCE
