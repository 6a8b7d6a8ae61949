// state.hpp -- the lesson state as a JSON object for hosts (window.strideconv.getState()).
//
// Keys follow the URL parameter names, with numbers as arrays: input [H, W], kernel [KH, KW],
// stride [SH, SW], padding [top, bottom, left, right], dilation [DH, DW], plus read-only derived
// values: output [H_out, W_out] and steps. Standard C++ only.
#pragma once

#include <string>
#include <vector>

#include "teach/lesson.hpp"

namespace strideconv::teach {

// `playing`, `speed` and the notices on screen belong to the player, not the lesson; the caller
// passes them in. `notices` are the sentences saying what was clamped or ignored (e.g. from a URL).
std::string state_json(const Lesson& lesson, bool playing, float speed,
                       const std::vector<std::string>& notices = {});

}  // namespace strideconv::teach
