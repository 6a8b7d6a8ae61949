// set_state.hpp -- a host's partial lesson state (the JSON object of window.strideconv.setState and
// of the postMessage setState) applied through the URL codec, so that the app owns the one codec:
// a key means the same, is clamped the same and raises the same notices whether it comes from a
// link or from a host, and the page's JavaScript encodes nothing itself.
//
// Keys are the URL parameter names (url.hpp), as getState writes them; values are JSON:
//   numbers (2, 0.5), booleans (true -> 1), strings ("same", "random:7"), and lists of numbers,
//   joined as the URL writes them: [H, W] -> "HxW"; padding [t, b, l, r], x [...] and w [...] with
//   commas (swap and cell too). null leaves a key as it is. "stack" may be getState().stack, an
//   object: its preset, custom, swaps, input, channels, flops, layer and cell become the network
//   view's link keys; what it derives (layers, totals, ...) is skipped. padding_preset same, valid or
//   full wins over the padding numbers (they follow from it). A whole getState() object (it has
//   version and link_format) gives the same state back with no notice: its derived members (output,
//   steps, macs, description, ...) are skipped; set alone, they are unknown parameters, as in a link.
// Standard C++17 only (teach + base + core).
//
// Usage:
//   teach::Decoded d = teach::apply_state_json(lesson.config(), R"({"stride": [2, 2]})");
//   lesson.set_config(d.config);   // and show d.notices
#pragma once

#include <cstddef>
#include <string>

#include "teach/url.hpp"

namespace strideconv::teach {

// Longest state text read (a canonical link of custom 32x32 and 9x9 values is about 17 KB).
constexpr size_t kMaxStateJsonBytes = 256 * 1024;

// `json_text` applied on top of `current`; never fails: text that is not a JSON object (or too
// long, or nested too deeply) leaves the lesson as it is, with one notice saying why.
Decoded apply_state_json(const Config& current, const std::string& json_text);

}  // namespace strideconv::teach
