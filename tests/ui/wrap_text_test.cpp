// wrap_text_test.cpp -- ui/wrap_text.hpp: text breaks at spaces only, so a number ("0.611"), a
// number with its unit ("4.0x") and words joined by a no-break space stay on one line, where
// Dear ImGui's own wrapping breaks after '.' and ','.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "headless_screen.hpp"
#include "imgui.h"
#include "ui/wrap_text.hpp"

using namespace strideconv;

namespace {

// Every character one unit wide (a UTF-8 character counts once): widths are counts of characters.
float chars(std::string_view t) {
    float n = 0;
    for (const char c : t) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1.0f : 0.0f;
    return n;
}

// Where ImGui 1.86 itself would break `text` at `width` with the current font.
std::string imgui_lines(const char* text, float width) {
    std::string out;
    const ImFont* font = ImGui::GetFont();
    const char* end = text + std::char_traits<char>::length(text);
    for (const char* s = text; s < end;) {
        const char* brk = font->CalcWordWrapPositionA(1.0f, s, end, width);
        if (brk == s) ++brk;
        out += std::string(s, brk);
        s = brk;
        while (s < end && *s == ' ') ++s;
        if (s < end) out += '\n';
    }
    return out;
}

}  // namespace

TEST_CASE("wrap at spaces: greedy lines, numbers and units whole, the text's own breaks kept") {
    CHECK(ui::wrap_at_spaces("route 2 is 0.611 of route 1", 12, chars) == "route 2 is\n0.611 of\nroute 1");
    CHECK(ui::wrap_at_spaces("against conv stride 1: 4.0x fewer MACs", 26, chars) == "against conv stride 1:\n4.0x fewer MACs");
    // A no-break space (U+00A0, U+202F) joins: "12 544" in French and "38.2 %" stay together.
    CHECK(ui::wrap_at_spaces("changes 38.2\xC2\xA0% of 12\xE2\x80\xAF" "544 values", 10, chars) ==
          "changes\n38.2\xC2\xA0% of\n12\xE2\x80\xAF" "544\nvalues");
    CHECK(ui::wrap_at_spaces("one line\nand another one", 40, chars) == "one line\nand another one");
    CHECK(ui::wrap_at_spaces("fits", 4, chars) == "fits");
    CHECK(ui::wrap_at_spaces("", 10, chars).empty());
    // A word wider than the whole line (a layer spec) starts on its line and breaks after a comma
    // or a '.' that is not a decimal point; with none of those, where it must.
    CHECK(ui::wrap_at_spaces("Layer 2: dwconv:k=3,p=1,name=conv.0.5", 16, chars) == "Layer 2: dwconv:\nk=3,p=1,\nname=conv.0.5");
    CHECK(ui::wrap_at_spaces("x 12.5,0.25", 7, chars) == "x 12.5,\n0.25");
    CHECK(ui::wrap_at_spaces("abcdefghij xy", 4, chars) == "abcd\nefgh\nij\nxy");
    CHECK(ui::wrap_at_spaces("\xC3\xA9\xC3\xA9\xC3\xA9", 2, chars) == "\xC3\xA9\xC3\xA9\n\xC3\xA9");
}

TEST_CASE("wrap at spaces: a number and its unit stay on one line, in every language's spelling") {
    // The sentences keep plain spaces (the CLI and the JSON state print them too): the join is here.
    CHECK(ui::wrap_at_spaces("route 2 takes 3.2 ms", 17, chars) == "route 2 takes\n3.2 ms");
    CHECK(ui::wrap_at_spaces("total 15,5 G MAC, 4 M parameters", 14, chars) == "total\n15,5 G MAC,\n4 M parameters");
    CHECK(ui::wrap_at_spaces("berechne 38 %", 11, chars) == "berechne\n38 %");
    CHECK(ui::wrap_at_spaces("(about 4.0 x fewer)", 10, chars) == "(about\n4.0 x\nfewer)");
    CHECK(ui::wrap_at_spaces("takes (3.2 ms).", 10, chars) == "takes\n(3.2 ms).");
    // A unit's letters after a word, and a number after a unit, still break.
    CHECK(ui::wrap_at_spaces("take the M matrix", 10, chars) == "take the M\nmatrix");
    CHECK(ui::wrap_at_spaces("2 x 3 x 4 x 5", 5, chars) == "2 x\n3 x\n4 x 5");
    // A group wider than a line breaks where it must, at its own spaces.
    CHECK(ui::wrap_at_spaces("12.5 ms", 4, chars) == "12.5\nms");
}

TEST_CASE("wrap at spaces with the app's font: where ImGui breaks inside a number, these lines do not") {
    test::HeadlessScreen screen(400, 300);
    ImGui::NewFrame();
    const char* text = "the largest absolute difference is 0.611 over 4096 values";
    // The width that ends a line right after "0." (ImGui may break after the point).
    const std::string head = "the largest absolute difference is 0.";
    const float width = ImGui::CalcTextSize(head.c_str()).x + 1;
    const std::string imgui = imgui_lines(text, width);
    CAPTURE(imgui);
    CHECK(imgui.find("0.\n611") != std::string::npos);  // ImGui's own wrap splits the number
    const std::string ours = ui::wrapped(text, width);
    CAPTURE(ours);
    CHECK(ours.find("0.611") != std::string::npos);
    CHECK(ours == "the largest absolute difference is\n0.611 over 4096 values");
    CHECK(ui::wrapped_size(text, width).y == doctest::Approx(2 * ImGui::GetTextLineHeight()));
    CHECK(ui::wrapped_size(text, -1).y == doctest::Approx(ImGui::GetTextLineHeight()));
    ImGui::EndFrame();
}
