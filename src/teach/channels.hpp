// channels.hpp -- channels and groups in the walk: for the walked filter at one step, its window
// across every input channel it sees, one partial sum per channel and their total; which input
// channels each filter sees (the groups picture); what the layer costs (parameters, MACs); and
// "depthwise then pointwise" beside the standard layer, with MobileNet's ratio 1/C_out + 1/K^2
// (Howard et al. 2017, section 3.1) against the counted figures.
//
// Standard C++ only. Every number comes from the core (trace_conv2d's taps, conv2d_shape's counts);
// the views draw these structs and the sentences come from here.
//
// Usage:
//   teach::Lesson l;  l.set_config(teach::decode_query("in_channels=4&out_channels=8&groups=4").config);
//   teach::ChannelStep s = teach::channel_step(l, l.config().step);   // s.parts[0].sum, s.total
//   teach::SeparableCost sep = teach::separable_cost(l.config());     // sep.counted_macs_ratio
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "teach/lesson.hpp"

namespace strideconv::teach {

// True when the walk's layer has more than one input or output channel (the channel panel shows).
bool has_channels(const Config& c);

// Where the grids' cells live in Config::x and Config::w: input (row, col) of the input channel drawn
// (channels.in_channel), and weight (ky, kx) of the walked filter's plane for that channel.
size_t shown_input_index(const Config& c, int row, int col);
size_t shown_weight_index(const Config& c, int ky, int kx);

// A trace's taps on the input channel the grids draw (channels.in_channel): the walk's input grid
// is one plane of the several a filter reads.
CellTrace on_shown_channel(CellTrace t, const Config& c);

// One input channel's part of the walked window.
struct ChannelPart {
    int channel = 0;       // input channel
    int taps = 0;          // kernel taps read in it
    float sum = 0;         // conv2d: the sum of its products (summing order of the trace);
                           // pools: the channel's max or sum (the only part)
    std::string text;      // e.g. "1×1 + 2×1 + ... = 45"
};

// A convolution trace's taps split by input channel (the trace lists them channel after channel):
// one part per channel with the sum of its products in the trace's summing order. The CLI's
// explain prints these for a filter that reads several channels.
std::vector<ChannelPart> conv_channel_parts(const CellTrace& t);

// The walked filter (output channel) at one step.
struct ChannelStep {
    int filter = 0;            // output channel
    int row = 0, col = 0;      // output cell
    int group = 0;             // its group
    int first_channel = 0;     // the input channels it sees: first_channel .. + parts.size() - 1
    std::vector<ChannelPart> parts;
    float total = 0;           // sum of the parts (conv2d), before the bias
    float bias = 0;
    float result = 0;          // the output value: core conv2d's / the pool's
    std::string sentence;      // e.g. "y[3][0][1] = 45 + 126 = 171 (channels 2..3, group 1) + bias 0 = 171"
};
Result<ChannelStep> channel_step(const Lesson& lesson, int step);

// Which input channels each output channel reads, for the colour-coded groups picture.
struct GroupsPicture {
    int in_channels = 0, out_channels = 0, groups = 1;
    const char* kind = "standard";  // standard, grouped, depthwise (pools: per channel)
    std::vector<int> input_group;   // per input channel: the group that reads it
    std::vector<int> filter_group;  // per output channel: its group
    std::vector<int> groups_choices;  // valid groups settings, 1 .. gcd
    std::string sentence;           // e.g. "groups 4 (grouped): each of the 8 filters sees 1 of the 4 input channels"
};
GroupsPicture groups_picture(const Config& c);

// The channel strip above the walk's grids: every input channel as a small picture, the walked
// filter's window on each channel it reads with that channel's partial sum, and the filters.
struct StripChannel {
    int channel = 0;
    int group = 0;           // the group that reads it
    bool read = false;       // the walked filter reads it
    bool shown = false;      // drawn large in the walk (channels.in_channel)
    size_t offset = 0;       // its plane in Config::x (H*W values)
    std::string sum_text;    // "= 63" under a channel the filter reads at this step, else ""
};
struct StripFilter {
    int filter = 0;
    int group = 0;
    bool walked = false;
};
struct ChannelStrip {
    int rows = 0, cols = 0;         // one plane's size (no padding)
    float max_abs = 0;              // the colour scale of every plane (the input grid's)
    std::vector<StripChannel> inputs;
    std::vector<StripFilter> filters;
    // The current window on each plane it reads, clipped to the input: rows y0..y1, cols x0..x1
    // (inclusive); none when the window lies wholly in the padding or the layer is refused.
    bool has_window = false;
    int y0 = 0, y1 = 0, x0 = 0, x1 = 0;
    std::string filters_title;      // "Filters (output channels), coloured by group"
    std::string inputs_title;       // "Input channels: filter 5 reads channel 2"
    std::string sentence;           // channel_step's sentence
};
ChannelStrip channel_strip(const Lesson& lesson, int step);

// What the layer costs, from the core's shape.
struct LayerCost {
    int64_t weights = 0;   // C_out x C_in/groups x KH x KW
    int64_t biases = 0;    // C_out (conv2d)
    int64_t params = 0;    // weights + biases
    int64_t macs = 0;      // multiply-accumulates (pools: window reads)
};
LayerCost layer_cost(const Lesson& lesson);

// "Depthwise then pointwise" against the standard layer of the same sizes (conv2d only): a KxK
// depthwise layer (groups = C_in, C_in filters) then a 1x1 pointwise layer (C_in -> C_out) over
// its output. Counts are the core's; the ratio is MobileNet's formula.
struct SeparableRow {
    std::string name;          // "standard", "depthwise", "pointwise", "depthwise + pointwise"
    std::string shape;         // e.g. "8 x 4 x 3 x 3"
    int64_t params = 0;        // weights + biases
    int64_t macs = 0;
};
struct SeparableCost {
    bool ok = false;
    std::string error;         // why there is no comparison (a pool, a refused layer)
    std::vector<SeparableRow> rows;  // standard, depthwise, pointwise, both
    double counted_macs_ratio = 0;   // (depthwise + pointwise) MACs / standard MACs
    double counted_params_ratio = 0; // the same for parameters (biases included)
    double formula_ratio = 0;        // 1/C_out + 1/(KH*KW)
    std::string formula;             // "1/8 + 1/9 = 0.236"
    std::string sentence;            // the counted ratios against the formula
};
SeparableCost separable_cost(const Config& c);

// The explanation's lines about channels (empty with one channel in and out).
std::vector<std::string> channel_lines(const Lesson& lesson, int step);

}  // namespace strideconv::teach
