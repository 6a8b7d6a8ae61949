// detail.hpp -- internal helpers shared by the core's translation units. Not part of the API.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/core.hpp"

namespace strideconv::detail {

std::string pair_text(Pair p);
// The product of non-negative factors, or -1 when it does not fit in int64_t.
int64_t product(std::initializer_list<int64_t> factors);
// `s` if every count of it is exact (none is -1 from product()), else the refusal.
Result<LayerShape> counted(LayerShape s);
// Floor division for a positive divisor (C++ '/' truncates toward zero).
inline int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
// Empty when every size of `w` is positive and groups > 0, else the message.
Message check_weight_sizes(const Weight& w, int groups);
// Empty when groups > 0 divides both channel counts, else the message.
Message check_groups(int groups, int in_channels, int out_channels);
// Empty when min_value <= v <= kMaxExtent, else a message naming `what`.
Message check_extent(Message what, int64_t v, int64_t min_value);

struct TransposePlan {
    int out_channels = 0, out_h = 0, out_w = 0;
};

struct PoolPlan {
    AxisGeometry rows, cols;
};

// What max_pool2d_shape and avg_pool2d_shape share: PyTorch's pool2d_shape_check and both axes.
Result<LayerShape> pool_shape(Op op, int channels, int in_h, int in_w, Pair kernel,
                              const std::optional<Pair>& stride, Pair padding, Pair dilation,
                              bool ceil_mode);

// One axis of an avg-pool window, as PyTorch bounds it: `padded_count` counts the cells inside
// input + padding (the count_include_pad divisor), [start, end) the real input cells.
struct AvgBounds {
    int start = 0, end = 0, padded_count = 0;
};

std::string check_tensor(const Tensor& t, const char* name);
std::string check_weight(const Weight& w);
std::string check_bias(const std::vector<float>* bias, int out_channels);
std::string check_divisor(const std::optional<int>& divisor_override);

// Validate a whole call; the ops and the traces share these so they refuse identically.
Result<ConvShape> plan_conv2d(const Tensor& input, const Weight& weight,
                              const std::vector<float>* bias, const Conv2dOptions& o);
Result<TransposePlan> plan_conv_transpose2d(const Tensor& input, const Weight& weight,
                                            const std::vector<float>* bias,
                                            const ConvTranspose2dOptions& o);
Result<PoolPlan> plan_pool(const Tensor& input, Pair kernel, const std::optional<Pair>& stride,
                           Pair padding, Pair dilation, bool ceil_mode);
AvgBounds avg_bounds(const AxisGeometry& g, int o);
// What avg-pool window (by, bx) divides its sum by: 64-bit, as in PyTorch, where the padded
// window of a large kernel holds more than 2^31 cells.
int64_t avg_divisor(const AvgPool2dOptions& o, const AvgBounds& by, const AvgBounds& bx);

}  // namespace strideconv::detail
