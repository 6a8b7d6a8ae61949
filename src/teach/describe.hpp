// describe.hpp -- the lab in words, for screen readers (the browser's DOM mirror, web/mirror.js):
// one grid cell at a time with what it is and how it relates to the windows, the layer in one
// sentence, and the step. The words follow the canvas: the same index convention (index_base),
// the same arithmetic, and nothing the canvas hides (predict, then reveal). Standard C++ only.
//
// Usage:
//   teach::describe_cell(player, teach::Grid::output, 1, 2)
//     -> "output row 1, column 2 = 43: window over input rows 2 to 4, columns 4 to 6 (step 6 of 9);
//         1×0 + 2×1 + ... = 43"
//   teach::describe_layer(player.lesson())
//     -> "conv2d: input 7x7, kernel 3x3, stride 3x3, padding 0, 0, 0, 0: output 2x2. Dropped by the
//         floor: 1 last row, 1 last column. Never visited: 13 of 49 input cells."
#pragma once

#include <string>

#include "teach/player.hpp"

namespace strideconv::teach {

enum class Grid { input, kernel, output };

// The sentence for one cell of `grid` at (row, col) (0-based), or "" outside the grid or when the
// layer is refused. Output cells: the value, the window's input rows and columns (listed one by one
// when dilation leaves holes), how many taps fall in the padding, the step that writes the cell, and
// its arithmetic. Input cells: the value and which windows read it, or why none does (skipped
// between windows, dropped by the floor). Kernel cells: the weight (conv) or the tap (pools).
std::string describe_cell(const Player& player, Grid grid, int row, int col);

// The layer and what its stride does, in one or two sentences (the aria-live text after a change).
std::string describe_layer(const Lesson& lesson);

// The current step in one sentence (the aria-live text while stepping), from the walk's lines.
std::string describe_step(const Player& player);

}  // namespace strideconv::teach
