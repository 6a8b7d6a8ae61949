// channel_config.hpp -- the channels-and-groups part of the teaching configuration
// (teach::Config::channels): how many input channels and filters the walk's layer has, how they are
// grouped, which filter is walked and which of its input channels is drawn large.
//
// Standard C++ only (teach over core). Field names follow the URL parameters (teach/url.hpp):
// in_channels=, out_channels=, groups=, channel=O[,I]. With the defaults (1, 1, 1) the lesson is the
// single-channel one it always was. Grouping follows PyTorch's conv2d: with G groups, filter o
// belongs to group o / (C_out / G) and sees input channels g * (C_in / G) .. (g + 1) * (C_in / G) - 1.
// Pools work per channel: C_out = C_in, and channel O reads input channel O alone.
//
// Usage:
//   teach::Config c;  c.channels.in_channels = 4;  c.channels.out_channels = 8;  c.channels.groups = 4;
//   teach::normalize(c);                        // x holds 4 planes, w 8 filters of 1 plane each
//   teach::first_seen_channel(c.channels, c.op, 5);   // 2: filter 5 is in group 2
#pragma once

#include <string>
#include <vector>

#include "core/core.hpp"
#include "teach/strings.hpp"

namespace strideconv::teach {

// Input channels and filters the walk can show.
constexpr int kMaxChannels = 16;

struct ChannelConfig {
    int in_channels = 1;
    int out_channels = 1;   // conv2d's filters; pools keep in_channels whatever this says
    int groups = 1;         // divides both in_channels and out_channels
    int channel = 0;        // the output channel walked: its filter (pools: the channel)
    int in_channel = 0;     // the input channel drawn large; -1 (set before normalize): the first
                            // the walked filter sees. Always one the walked filter sees after normalize.
    bool operator==(const ChannelConfig& o) const {
        return in_channels == o.in_channels && out_channels == o.out_channels && groups == o.groups &&
               channel == o.channel && in_channel == o.in_channel;
    }
    bool operator!=(const ChannelConfig& o) const { return !(*this == o); }
    // The same layer (the fields that change what is computed, not which part is shown).
    bool same_layer(const ChannelConfig& o) const {
        return in_channels == o.in_channels && out_channels == o.out_channels && groups == o.groups;
    }
};

// Output channels the layer computes: out_channels for conv2d, in_channels for the pools.
int output_channels(const ChannelConfig& c, Op op);
// Input channels one filter sees (conv2d: in_channels / groups; pools: 1).
int channels_per_filter(const ChannelConfig& c, Op op);
// The group of output channel `filter` (pools: the channel itself, as if depthwise).
int filter_group(const ChannelConfig& c, Op op, int filter);
// The first input channel output channel `filter` sees; it sees channels_per_filter from there.
int first_seen_channel(const ChannelConfig& c, Op op, int filter);
bool filter_sees(const ChannelConfig& c, Op op, int filter, int in_channel);

// The groups settings that divide both counts, smallest first: 1 (standard) .. gcd (depthwise when
// the gcd is in_channels).
std::vector<int> valid_groups(int in_channels, int out_channels);
// "standard" (groups 1), "depthwise" (groups = in_channels), otherwise "grouped".
const char* groups_kind(const ChannelConfig& c);

// Clamps counts to 1..kMaxChannels, groups to a divisor of both (the largest not above the one
// given), channel into the layer's output channels and in_channel into what that filter sees; each
// change is a sentence in `notices` (in_channel -1 resolves silently).
void normalize(ChannelConfig& c, Op op, std::vector<std::string>* notices, Lang lang = Lang::en);

}  // namespace strideconv::teach
