// describe_test.cpp -- the sentences a screen reader hears for each grid cell, the layer and the
// step (teach/describe.hpp), checked against hand-worked layers.
#include <doctest/doctest.h>

#include <string>

#include "teach/describe.hpp"

using namespace strideconv;
using namespace strideconv::teach;

namespace {

Player player_of(const Config& c) {
    Player p;
    p.set_config(c);
    return p;
}

Config layer(Pair input, Pair kernel, Pair stride, Pad4 padding = {}, Pair dilation = {1, 1}) {
    Config c;
    c.input = input;
    c.kernel = kernel;
    c.stride = stride;
    c.padding = padding;
    c.dilation = dilation;
    return c;  // values 1, 2, 3, ... in reading order; kernel of ones
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("describe: an output cell names its value, its window's rows and columns, its step and its sum") {
    // 7x7 input valued 7r + c + 1, 3x3 kernel of ones, stride 3: output 2x2. Output (1, 1) reads
    // rows 3..5 and columns 3..5, whose values sum to 9 * (7*4 + 4 + 1) = 297.
    const Player p = player_of(layer({7, 7}, {3, 3}, {3, 3}));
    const std::string s = describe_cell(p, Grid::output, 1, 1);
    CHECK(s.rfind("output row 1, column 1 = 297: window over input rows 3 to 5, columns 3 to 5 (step 4 of 4). ", 0) == 0);
    REQUIRE(s.size() > 5);
    CHECK(s.substr(s.size() - 5) == "= 297");
    CHECK_FALSE(contains(s, "padding"));
    // Outside the grid: nothing.
    CHECK(describe_cell(p, Grid::output, 2, 0).empty());
    CHECK(describe_cell(p, Grid::output, 0, -1).empty());
}

TEST_CASE("describe: dilation lists the rows it reads one by one; padding taps are counted") {
    // Kernel 3, dilation 2: output (0, 0) reads rows and columns 0, 2 and 4.
    const Player dilated = player_of(layer({7, 7}, {3, 3}, {1, 1}, {}, {2, 2}));
    CHECK(contains(describe_cell(dilated, Grid::output, 0, 0), "window over input rows 0, 2 and 4, columns 0, 2 and 4"));
    // 5x5, kernel 3, stride 2, padding 1: output (0, 0) starts at (-1, -1); 5 of its 9 taps are in the
    // padding (the top row and the left column).
    const Player padded = player_of(layer({5, 5}, {3, 3}, {2, 2}, {1, 1, 1, 1}));
    const std::string s = describe_cell(padded, Grid::output, 0, 0);
    CHECK(contains(s, "window over input rows -1 to 1, columns -1 to 1; 5 of its 9 taps in the padding"));
}

TEST_CASE("describe: input cells say which windows read them, or why none does") {
    const Player p = player_of(layer({7, 7}, {3, 3}, {3, 3}));
    // (0, 0) = 1 is read by the first window only; (3, 3) = 25 by step 4 only.
    CHECK(describe_cell(p, Grid::input, 0, 0) == "input row 0, column 0 = 1: read by 1 window (step 1)");
    CHECK(describe_cell(p, Grid::input, 3, 3) == "input row 3, column 3 = 25: read by 1 window (step 4)");
    // Row 6 lies after the last window (span 4, stride 3: remainder 1).
    CHECK(describe_cell(p, Grid::input, 6, 0) ==
          "input row 6, column 0 = 43: never read; it lies after the last window (the floor drops it)");
    // Stride 1 over 5x5 with kernel 3: the centre is read by all 9 windows.
    const Player dense = player_of(layer({5, 5}, {3, 3}, {1, 1}));
    CHECK(describe_cell(dense, Grid::input, 2, 2) ==
          "input row 2, column 2 = 13: read by 9 windows (steps 1, 2, 3, 4, 5, 6 and 3 more)");
    // Kernel 1 at stride 2 jumps over odd rows.
    const Player skipping = player_of(layer({5, 5}, {1, 1}, {2, 2}));
    CHECK(describe_cell(skipping, Grid::input, 1, 0) ==
          "input row 1, column 0 = 6: never read; the stride (or the dilation) jumps over it");
}

TEST_CASE("describe: kernel cells, counting from 1 when the lab does, and refused layers") {
    Config c = layer({5, 5}, {2, 3}, {1, 1});
    c.kernel_preset = "custom";
    c.w = {1, 2, 3, 4, 5, -6.5f};
    c.index_base = 1;
    const Player p = player_of(c);
    CHECK(describe_cell(p, Grid::kernel, 1, 2) == "kernel row 2, column 3: weight -6.5");
    CHECK(describe_cell(p, Grid::kernel, 2, 0).empty());
    CHECK(describe_cell(p, Grid::input, 0, 0).rfind("input row 1, column 1 = 1: ", 0) == 0);
    c.op = Op::max_pool2d;
    CHECK(contains(describe_cell(player_of(c), Grid::kernel, 0, 0), "the largest value wins"));

    Config refused = layer({3, 3}, {5, 5}, {1, 1});
    const Player r = player_of(refused);
    REQUIRE_FALSE(r.lesson().error.empty());
    CHECK(describe_cell(r, Grid::output, 0, 0).empty());
    CHECK(contains(describe_layer(r.lesson()), "Refused: "));
}

TEST_CASE("describe: the layer sentence says what the stride leaves out; the step sentence follows the walk") {
    const Player p = player_of(layer({7, 7}, {3, 3}, {3, 3}));
    CHECK(describe_layer(p.lesson()) ==
          "conv2d: input 7x7, kernel 3x3, stride 3x3, padding 0, 0, 0, 0: output 2x2 in 4 steps. "
          "Dropped by the floor: 1 last row, 1 last column. Never visited: 13 of 49 input cells.");
    Player walking = p;
    walking.go_to(2);
    CHECK(describe_step(walking).rfind("Step 3 of 4: output (1, 0) from the window at input (3, 0). ", 0) == 0);
}

TEST_CASE("describe: predict, then reveal hides the current step's value or window, as the canvas does") {
    Config c = layer({7, 7}, {3, 3}, {3, 3});
    c.predict = Predict::value;
    Player p = player_of(c);
    p.go_to(3);
    REQUIRE(p.hidden());
    const std::string hidden = describe_cell(p, Grid::output, 1, 1);
    CHECK(hidden == "output row 1, column 1 = hidden until you answer: window over input rows 3 to 5, columns 3 to 5 "
                    "(step 4 of 4)");
    CHECK_FALSE(contains(describe_step(p), "297"));
    // Earlier steps are shown.
    CHECK(contains(describe_cell(p, Grid::output, 0, 0), "= 81"));
    p.reveal();
    CHECK(contains(describe_cell(p, Grid::output, 1, 1), "= 297"));

    c.predict = Predict::window;
    Player w = player_of(c);
    w.go_to(3);
    REQUIRE(w.hidden());
    CHECK(describe_cell(w, Grid::output, 1, 1) == "output row 1, column 1 = 297: its window is hidden until you answer (step 4 of 4)");
}
