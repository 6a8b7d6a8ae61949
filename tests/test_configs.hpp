// test_configs.hpp -- lesson configurations the teach tests walk: every sliding-window lesson, plus every padding
// mode, pools with padding and ceil_mode, dilation with padding, preset paddings and non-square
// shapes.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "teach/channels.hpp"  // on_shown_channel: the taps on the input plane the grids draw
#include "teach/lesson.hpp"

namespace strideconv::teach {


inline std::vector<std::pair<std::string, Config>> variants() {
    std::vector<std::pair<std::string, Config>> out;
    for (const auto& info : lessons()) {
        // The transposed conv's walk is not a sliding window: transposed_test.cpp walks its lessons.
        if (lesson_config(info.name)->op == Op::conv_transpose2d) continue;
        out.push_back({info.name, *lesson_config(info.name)});
    }
    Config c;
    c.padding = {1, 1, 1, 1};
    c.padding_mode = PaddingMode::reflect;
    out.push_back({"reflect pad 1", c});
    c.padding = {2, 1, 0, 2};
    c.stride = {2, 1};
    c.padding_mode = PaddingMode::replicate;
    out.push_back({"replicate uneven pad", c});
    c.padding_mode = PaddingMode::circular;
    out.push_back({"circular uneven pad", c});
    c = Config{};
    c.input = {6, 7};
    c.kernel = {3, 2};
    c.dilation = {2, 3};
    c.padding = {1, 2, 3, 1};
    c.stride = {2, 3};
    c.padding_mode = PaddingMode::reflect;
    out.push_back({"reflect dilated", c});
    c = Config{};
    c.pad_preset = PadPreset::full;
    c.padding_mode = PaddingMode::circular;
    out.push_back({"full circular", c});
    c = Config{};
    c.pad_preset = PadPreset::same;
    c.kernel = {4, 2};
    out.push_back({"same even kernel", c});
    c = Config{};
    c.op = Op::max_pool2d;
    c.input = {7, 5};
    c.kernel = {3, 2};
    c.stride = {2, 2};
    c.padding = {1, 1, 1, 1};
    c.ceil_mode = true;
    c.fill = Fill::random;
    out.push_back({"max pool padded ceil", c});
    c.op = Op::avg_pool2d;
    out.push_back({"avg pool padded ceil", c});
    c.count_include_pad = false;
    out.push_back({"avg pool no pad count", c});
    c = Config{};
    c.op = Op::max_pool2d;
    c.input = {9, 9};
    c.kernel = {2, 2};
    c.dilation = {2, 2};
    c.stride = {3, 3};
    out.push_back({"max pool dilated", c});
    return out;
}

}  // namespace strideconv::teach
