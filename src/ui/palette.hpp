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
    bool colour_blind_safe = false;  // built from Okabe and Ito's set (teach::Colours::colorblind)
};

// The colours of a theme in a colour set. Both sets keep the value map's ends, the window, the
// other windows and the kernel-weight highlight apart for people with protanopia and deuteranopia;
// the colour-blind set (Okabe and Ito's colours) for tritanopia too. tests/ui/palette_test.cpp
// checks it with simulated dichromat vision.
Palette palette(teach::Theme theme, teach::Colours colours = teach::Colours::standard);

// ImGui's colours for the theme, with every text colour at a contrast of at least 4.5:1 against
// the backgrounds it is drawn on (WCAG AA; ImGui's own greyed-out text is not).
void apply_style(teach::Theme theme);

// Diverging map: zero is the neutral colour, negatives blue, positives orange; the square root
// keeps small magnitudes visibly tinted.
ImU32 value_colour(const Palette& p, float v, float max_abs);

// WCAG 2 relative luminance of an sRGB colour (alpha ignored) and the contrast ratio of two
// colours, from 1 (same) to 21 (black on white).
float relative_luminance(ImU32 colour);
float contrast_ratio(ImU32 a, ImU32 b);

// The colour of group `group` of `groups` (channels and groups): hues spread round the wheel, or,
// in the colour-blind-safe set, Okabe and Ito's seven colours in turn (the groups are numbered on
// screen too, so a colour repeated past seven groups still reads).
ImU32 group_colour(const Palette& p, int group, int groups);

// Dark or light text, whichever contrasts more with `fill`.
ImU32 text_on(ImU32 fill);

}  // namespace strideconv::ui
