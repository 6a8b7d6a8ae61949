// palette.hpp -- the lab's colours for each theme, the diverging value map (zero neutral,
// negatives blue, positives orange) and readable text on any fill. ImGui only.
#pragma once

#include "imgui.h"
#include "teach/lesson.hpp"

namespace strideconv::ui {

struct Palette {
    ImVec4 zero, positive, negative;
    ImU32 grid, text, text_dim, pad, pad_hatch, window, window_fill, other_window, kernel_hover,
        readers, path, dropped, skipped, future, panel, error, notice,
        halo,          // drawn under window outlines so they read on every value colour
        output_frame;  // the output grid's frame (the input's is the text colour, the kernel's the window's)
};

Palette palette(teach::Theme theme);

// Diverging map: zero is the neutral colour, negatives blue, positives orange; the square root
// keeps small magnitudes visibly tinted.
ImU32 value_colour(const Palette& p, float v, float max_abs);

// Dark or light text, whichever reads on `fill`.
ImU32 text_on(ImU32 fill);

}  // namespace strideconv::ui
