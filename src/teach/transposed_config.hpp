// transposed_config.hpp -- the transposed convolution's part of the teaching configuration
// (issue 12, first half): which of its views the walk shows. The layer's own numbers are the
// lesson's (Config::input, kernel, stride, padding, dilation, output_padding).
//
// Standard C++ only. The names follow the URL parameter transposed_view= (teach/url.hpp).
//
// Usage:
//   teach::Config c;  c.op = Op::conv_transpose2d;  c.stride = {2, 2};  c.output_padding = {1, 1};
//   c.transposed_view = teach::TransposedView::overlap;
#pragma once

#include <optional>
#include <string>

namespace strideconv::teach {

// scatter: the walk steps through the input cells, each stamping the kernel onto the output, with
//          the equivalent stride-1 convolution beside it in step;
// conv:    the walk steps through the output cells of the equivalent stride-1 convolution (input
//          with zeros inserted, padded, kernel flipped), with the scatter beside it in step;
// overlap: how many (input cell, kernel tap) pairs reach each output cell, as a heatmap, beside a
//          kernel divisible by the stride and a nearest-neighbour resize followed by a convolution.
enum class TransposedView { scatter, conv, overlap };

const char* to_string(TransposedView v);
std::optional<TransposedView> transposed_view_from_string(const std::string& word);

}  // namespace strideconv::teach
