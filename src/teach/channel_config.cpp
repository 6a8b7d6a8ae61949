// channel_config.cpp -- the channels-and-groups configuration (see channel_config.hpp).
// Standard C++ only.
#include "teach/channel_config.hpp"

#include <algorithm>
#include <numeric>

namespace strideconv::teach {

namespace {

bool is_pool(Op op) { return op == Op::max_pool2d || op == Op::avg_pool2d; }

}  // namespace

int output_channels(const ChannelConfig& c, Op op) { return is_pool(op) ? c.in_channels : c.out_channels; }

int channels_per_filter(const ChannelConfig& c, Op op) {
    if (is_pool(op)) return 1;
    return c.groups > 0 ? c.in_channels / c.groups : c.in_channels;
}

int filter_group(const ChannelConfig& c, Op op, int filter) {
    if (is_pool(op)) return filter;
    const int per_group = c.groups > 0 ? c.out_channels / c.groups : c.out_channels;
    return per_group > 0 ? filter / per_group : 0;
}

int first_seen_channel(const ChannelConfig& c, Op op, int filter) {
    return filter_group(c, op, filter) * channels_per_filter(c, op);
}

bool filter_sees(const ChannelConfig& c, Op op, int filter, int in_channel) {
    const int first = first_seen_channel(c, op, filter);
    return in_channel >= first && in_channel < first + channels_per_filter(c, op);
}

std::vector<int> valid_groups(int in_channels, int out_channels) {
    std::vector<int> out;
    const int g = std::gcd(std::max(in_channels, 1), std::max(out_channels, 1));
    for (int d = 1; d <= g; ++d)
        if (g % d == 0) out.push_back(d);
    return out;
}

const char* groups_kind(const ChannelConfig& c) {
    if (c.groups <= 1) return "standard";
    if (c.groups == c.in_channels) return "depthwise";
    return "grouped";
}

void normalize(ChannelConfig& c, Op op, std::vector<std::string>* notices, Lang lang) {
    auto note = [&](std::string s) {
        if (notices) notices->push_back(std::move(s));
    };
    auto clamp_count = [&](int& v, const char* what) {
        const int clamped = std::clamp(v, 1, kMaxChannels);
        if (clamped != v)
            note(trf(lang, "{0} {1} is out of range {2}..{3}; using {4}.",
                     {what, number_text(lang, v), "1", number_text(lang, kMaxChannels), number_text(lang, clamped)}));
        v = clamped;
    };
    if (op == Op::conv_transpose2d) {
        // The transposed walk (teach/transposed.hpp) scatters one channel.
        if (c.in_channels != 1 || c.out_channels != 1 || c.groups != 1)
            note(tr(lang, "conv_transpose2d is walked on one channel; using in_channels 1, out_channels 1, groups 1."));
        c = ChannelConfig{};
        return;
    }
    clamp_count(c.in_channels, "in_channels");
    clamp_count(c.out_channels, "out_channels");
    if (c.groups < 1 || c.in_channels % c.groups != 0 || c.out_channels % c.groups != 0) {
        // The largest groups setting that divides both and is not above the one asked for.
        int best = 1;
        for (int g : valid_groups(c.in_channels, c.out_channels))
            if (g <= std::max(c.groups, 1)) best = g;
        note(trf(lang, "groups {0} must divide both in_channels ({1}) and out_channels ({2}); using {3}.",
                 {std::to_string(c.groups), std::to_string(c.in_channels), std::to_string(c.out_channels), std::to_string(best)}));
        c.groups = best;
    }
    const int outs = output_channels(c, op);
    if (c.channel < 0 || c.channel >= outs) {
        const int clamped = std::clamp(c.channel, 0, outs - 1);
        note(trf(lang, "channel {0}: the layer has output channels 0..{1}; using {2}.",
                 {std::to_string(c.channel), std::to_string(outs - 1), std::to_string(clamped)}));
        c.channel = clamped;
    }
    const int first = first_seen_channel(c, op, c.channel);
    if (c.in_channel == -1) {
        c.in_channel = first;
    } else if (!filter_sees(c, op, c.channel, c.in_channel)) {
        const int last = first + channels_per_filter(c, op) - 1;
        note(trf(lang, "input channel {0} is not one output channel {1} reads (it reads {2}); showing {3}.",
                 {std::to_string(c.in_channel), std::to_string(c.channel),
                  last == first ? std::to_string(first) : std::to_string(first) + ".." + std::to_string(last),
                  std::to_string(first)}));
        c.in_channel = first;
    }
}

}  // namespace strideconv::teach
