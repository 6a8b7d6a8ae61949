// state.hpp -- the lesson state as a JSON object for hosts (window.strideconv.getState()).
//
// Keys follow the URL parameter names, with numbers as arrays: input [H, W], kernel [KH, KW],
// stride [SH, SW], padding [top, bottom, left, right], dilation [DH, DW], plus read-only derived
// values: version (the lab's release, e.g. "0.2.0": the same as `strideconv --version` and the About
// panel), link_format (the v= of links this release makes: teach/url.hpp), output [H_out, W_out],
// output_values (the output map row by row, [[v, ...], ...]; null
// when the configuration is refused or the map is larger than kMaxStateOutputValues on a side;
// a value that is not finite is null) and steps. `stack` is the network view's state (see
// teach::stack_state_json): its configuration always, its layers with their derived values while
// view=stack. lang is the language of every string ("en", "de", "fr": teach/strings.hpp); the
// explanation, notices and description are in it. Standard C++ only.
#pragma once

#include <string>
#include <vector>

#include "teach/explain.hpp"
#include "teach/image_mode.hpp"
#include "teach/lesson.hpp"
#include "teach/player.hpp"
#include "teach/quiz.hpp"

namespace strideconv::teach {

// output_values is given for output maps up to this size on each side (the grid view's maps are
// at most 48x48 today; larger maps would make every state event a large message).
constexpr int kMaxStateOutputValues = 64;

// `playing`, `speed` and the notices on screen belong to the player, not the lesson; the caller
// passes them in. `notices` are the sentences saying what was clamped or ignored (e.g. from a URL).
// Image mode's keys follow its URL parameters: image_source ("zoneplate", "photo:brick", "file"),
// image_size [H, W], color, routes (names), shift [dy, dx], blur. With `image` (the app's model)
// and view=image, "image" is {source, height, width, channels, computing, all_routes_ms (one run of
// all five, the shared stride-1 conv once; median), progress, error,
// notices, routes: [{route, number, title, output [H, W] (null until planned: a configuration set
// since the last frame), macs, ms (median, null until timed),
// runs, shift_change (null without a shift)}], identity: {max_abs_difference, cells} | null};
// otherwise "image" is null.
// Channels and groups (teach/channels.hpp): in_channels, out_channels, groups and channel [O, I] as
// links set them (x and w hold every plane); output_values is output channel O's map; read-only
// params (weights + biases; 0 for pools), channel_step {filter, group, cell [row, col], channels
// [input channels it reads], sums [their partial sums], total, bias, result} for the walked filter
// at `step` (null when refused), separable {rows: [{name, params, macs}] for standard, depthwise,
// pointwise and both, counted_macs_ratio, counted_params_ratio, formula_ratio (1/C_out + 1/K^2)}
// for conv2d, else null.
// `explanation` is the lines under the grids; by default the walk view's at the lesson's step.
std::string state_json(const Lesson& lesson, bool playing, float speed,
                       const std::vector<std::string>& notices = {},
                       const std::vector<Line>* explanation = nullptr, const ImageModel* image = nullptr);
// The whole player: its lesson, playback, notices and the lines its view shows, plus
// "description": {layer, step, hidden}: the layer and the step in words (teach/describe.hpp), and
// whether predict-then-reveal hides the current step's answer.
std::string state_json(const Player& player, const ImageModel* image = nullptr);

// The quiz in progress, for hosts and the screen-reader mirror (strideconv.quiz()): {topic, number
// (1-based), lang, heading ("Question 2   (score 1 of 1)" in that language), kind, prompt, layer
// (the question's layer in words), answered, correct (this question),
// score {correct, asked}, feedback (the last answer's verdict, "" before one), explanation (the
// working, "" until answered)}. The answer itself is not in it before the question is answered.
std::string quiz_json(const QuizSession& quiz);
// A verdict as JSON: {correct, understood, feedback}.
std::string verdict_json(const Verdict& v);

// What a host can choose from: {lessons: [{name, title, point}], kernel_presets: [{name, label}],
// limits: {input, kernel, stride, dilation, padding} (the walk's grid limits), languages: [{code,
// name}] (lang=; each name in its own language)}. Titles and labels are English, as the keys of
// the string table (teach/strings.hpp).
std::string catalog_json();

}  // namespace strideconv::teach
