// zoom_layout_test.cpp -- frames of the UI against Dear ImGui with no renderer: the grids' layout
// leaves room for titles wider than their grids, the side panel's zoom control (zoom=) enlarges the
// walk's grids and fits them again, and zoomed grids scroll under a drag and a host's two-finger pan;
// it is image mode's only zoom, and image mode's Source picker shows a photo's whole name.
#include <doctest/doctest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "headless_screen.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ImGuiWindow: the zoomed grids' child window and its scroll
#include "image/image.hpp"
#include "teach/lesson.hpp"
#include "teach/scene.hpp"
#include "teach/state.hpp"
#include "teach/strings.hpp"
#include "teach/url.hpp"
#include "ui/app.hpp"
#include "ui/canvas_text.hpp"
#include "ui/grid_view.hpp"

using namespace strideconv;

namespace {

using Screen = test::HeadlessScreen;

// The side panel's Zoom row: its "-" button, the first in the row after the "Zoom" label (not in
// the panel's first column). False when the panel or the button is not there.
bool find_zoom_out(Screen& screen, ui::App& app, ImVec2& at) {
    ImGuiWindow* panel = Screen::child_window("controls");
    if (!panel) return false;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float minus_x = panel->Pos.x + style.WindowPadding.x + ImGui::CalcTextSize("Zoom").x + style.ItemSpacing.x + 4;
    return screen.find_button(app, "controls", "-##zoom out", at, -1, minus_x);
}

}  // namespace

TEST_CASE("layout_grids leaves room for an output title wider than its grid, before the canvas's edge") {
    Screen screen(1280, 800);
    ui::App app;
    for (const char* lang : {"en", "de", "fr"}) {
        CAPTURE(lang);
        // A wide input and kernel: the width sets the cells, and the output is one column under a
        // title several cells wide.
        app.set_config(teach::decode_query(std::string("input=4x9&kernel=3x9&lang=") + lang).config);
        REQUIRE(app.lesson().error.empty());
        const teach::Scene scene = teach::build_scene(app.lesson(), teach::SceneOptions{});
        REQUIRE(scene.output.cols == 1);
        ImGui::NewFrame();
        const ImVec2 at(10, 20), room(600, 400);
        const float label_h = ImGui::GetTextLineHeightWithSpacing() + 4;
        const float output_title = ImGui::CalcTextSize(scene.output.title.c_str()).x;
        const float input_title = ImGui::CalcTextSize(scene.input.title.c_str()).x;
        for (const bool stacking : {false, true}) {
            const ui::GridLayout g = ui::layout_grids(scene, at, room, label_h, true, 60, stacking);
            CHECK(output_title > g.cell);  // the case this is about
            CHECK(g.output_at.x + std::max(g.cell * g.ow, output_title) <= at.x + room.x);
            CHECK(g.end.x <= at.x + room.x);
            CHECK(g.end.x >= g.output_at.x + output_title);
            // Titles do not run into the next grid on their row (stacked, the kernel is under the input).
            if (g.kernel_at.y == g.input_at.y) CHECK(g.input_at.x + input_title < g.kernel_at.x);
        }
        ImGui::EndFrame();
    }
}

TEST_CASE("the zoom control: + enlarges the walk's grids, - and Fit bring them back; the link and the state carry it") {
    Screen screen(1280, 800);
    ui::App app;
    teach::Config c = *teach::lesson_config("seed-stride1");
    app.set_config(c);
    screen.frame(app);
    screen.frame(app);
    const float fitted = app.placement().cell;
    REQUIRE(fitted > 0);
    // Start one step up, so that every button of the row is enabled; find the row by its "-".
    c.zoom = 125;
    app.set_config(c);
    screen.frame(app);
    ImVec2 minus, plus, fit;
    // The row is low in the panel: find_button scrolls it into view.
    REQUIRE(find_zoom_out(screen, app, minus));
    REQUIRE(screen.find_button(app, "controls", "+##zoom in", plus, minus.y));
    const float at_125 = app.placement().cell;
    CHECK(at_125 > fitted);

    screen.click(app, plus);
    CHECK(app.config().zoom == 150);
    CHECK(app.config().lesson == "seed-stride1");  // presentation: the lesson stays
    screen.frame(app);
    CHECK(app.placement().cell > at_125);
    CHECK(teach::encode_query(app.config()).find("zoom=150") != std::string::npos);
    CHECK(teach::state_json(app.player()).find("\"zoom\":150") != std::string::npos);

    screen.click(app, minus);
    CHECK(app.config().zoom == 125);
    REQUIRE(screen.find_button(app, "controls", "Fit##zoom fit", fit, minus.y));
    screen.click(app, fit);
    CHECK(app.config().zoom == 100);
    screen.frame(app);
    CHECK(app.placement().cell == doctest::Approx(fitted));
    CHECK(teach::encode_query(app.config()).find("zoom=") == std::string::npos);
}

TEST_CASE("zoomed grids scroll: a drag that starts off the grids pans them, and so does a host's two-finger pan") {
    Screen screen(390, 844);
    ui::App app;
    teach::Config c = *teach::lesson_config("seed-stride1");
    app.set_config(c);
    screen.frame(app);
    screen.frame(app);
    const float fitted = app.placement().cell;
    CHECK(Screen::child_window("walk-zoom") == nullptr);  // at 100 % nothing scrolls

    // A pinch to 300 % (the host's sc_zoom_gesture); out-of-range and junk values are clamped or ignored.
    app.zoom_gesture(300, 0, 0);
    CHECK(app.config().zoom == 300);
    screen.frame(app);
    screen.frame(app);
    ImGuiWindow* zoomed = Screen::child_window("walk-zoom");
    REQUIRE(zoomed != nullptr);
    CHECK(app.placement().cell > fitted * 2);
    CHECK(zoomed->ScrollMax.x > zoomed->Size.x);  // the grids are wider than the canvas
    // A new zoom keeps the middle in the middle; two fingers far right and down bring the top-left
    // corner into view (the scroll stops at 0).
    app.zoom_gesture(300, 1e5f, 1e5f);
    screen.frame(app);
    screen.frame(app);
    CHECK(zoomed->Scroll.x == 0);
    CHECK(zoomed->Scroll.y == 0);

    // Press beside the input's first row (its row numbers: no cell), drag 60 pixels left.
    const ui::GridPlacement before = app.placement();
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 press(before.input_x - 3, before.input_y + before.cell * 0.5f);
    REQUIRE(press.x > zoomed->Pos.x);
    io.MousePos = press;
    screen.frame(app);
    io.MouseDown[0] = true;
    screen.frame(app);
    for (int k = 1; k <= 6; ++k) {
        io.MousePos = ImVec2(press.x - 10.0f * k, press.y);
        screen.frame(app);
    }
    io.MouseDown[0] = false;
    screen.frame(app);
    screen.frame(app);
    CHECK(app.config().step == c.step);  // no cell was pressed: the walk stays
    CHECK(std::abs(app.placement().input_x - (before.input_x - 60)) <= 2);  // a pixel of rounding

    // Two fingers move 40 pixels right: the grids follow them.
    const float dragged = app.placement().input_x;
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    app.zoom_gesture(300, 40, 0);
    screen.frame(app);
    screen.frame(app);
    CHECK(std::abs(app.placement().input_x - (dragged + 40)) <= 2);

    app.zoom_gesture(1000, 0, 0);
    CHECK(app.config().zoom == teach::kMaxZoom);
    app.zoom_gesture(NAN, 0, 0);
    CHECK(app.config().zoom == teach::kMaxZoom);
    app.zoom_gesture(10, 0, 0);
    CHECK(app.config().zoom == teach::kMinZoom);
    screen.frame(app);
    screen.frame(app);
    CHECK(app.placement().cell == doctest::Approx(fitted));
}

TEST_CASE("zoom= enlarges image mode's pictures; larger than the canvas, they scroll") {
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(390, 844)}) {
        CAPTURE(size.x);
        Screen screen(size.x, size.y);
        ui::App app;
        app.use_test_clock();  // every route computed in the frame that asks
        // The picture and the first route's output as drawn at `zoom` percent (screen pixels per pixel).
        auto drawn_at = [&](int zoom) {
            teach::Config c = teach::decode_query("view=image&image=zoneplate&stride=2&zoom=" + std::to_string(zoom)).config;
            REQUIRE(c.view == teach::View::image);
            REQUIRE(c.zoom == zoom);
            app.set_config(c);
            for (int k = 0; k < 3; ++k) screen.frame(app);
            REQUIRE(app.image_view().input.shown);
            REQUIRE(app.image_view().routes[0].shown);
            return std::make_pair(app.image_view().input.zoom, app.image_view().routes[0].zoom);
        };
        const auto fitted = drawn_at(100);
        CHECK(Screen::child_window("image-zoom") == nullptr);  // at 100 % the pictures fit: nothing scrolls
        const auto zoomed = drawn_at(300);
        CHECK(zoomed.first >= fitted.first * 2);
        CHECK(zoomed.second >= fitted.second * 2);
        ImGuiWindow* area = Screen::child_window("image-zoom");
        REQUIRE(area != nullptr);
        CHECK(area->ScrollMax.x > 0);  // the panels are wider than the canvas
        // A two-finger pan scrolls them.
        const float scroll_x = area->Scroll.x;
        app.zoom_gesture(300, -50, 0);
        screen.frame(app);
        screen.frame(app);
        CHECK(area->Scroll.x == doctest::Approx(scroll_x + 50));
        // Back to 100 %: as fitted before.
        CHECK(drawn_at(100).first == doctest::Approx(fitted.first));
        // 200 %: twice the size (a phone kept three narrow columns at first, and its pictures shrank).
        CHECK(drawn_at(200).first >= fitted.first * 2);
    }
}

TEST_CASE("zoom= enlarges the network view's text and boxes; on a phone they scroll sideways") {
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(390, 844)}) {
        CAPTURE(size.x);
        Screen screen(size.x, size.y);
        ui::App app;
        auto show = [&](int zoom) {
            teach::Config c = teach::decode_query("view=stack&preset=resnet50&cell=16,5,5&zoom=" + std::to_string(zoom)).config;
            REQUIRE(c.view == teach::View::stack);
            app.set_config(c);
            for (int k = 0; k < 3; ++k) screen.frame(app);
            return app.stack_placement();
        };
        const ui::StackView::Placement fitted = show(100);
        ImGuiWindow* network = Screen::child_window("network");
        REQUIRE(network != nullptr);
        const float text_at_100 = network->CalcFontSize();
        REQUIRE(fitted.input_cell > 0);
        const ui::StackView::Placement zoomed = show(200);
        network = Screen::child_window("network");
        REQUIRE(network != nullptr);
        CHECK(network->CalcFontSize() == doctest::Approx(text_at_100 * 2));  // the table, the sentences
        CHECK(zoomed.input_cell >= fitted.input_cell * 1.8f);
        CHECK(zoomed.output_cell >= fitted.output_cell * 1.8f);
        if (size.x < 500) {
            CHECK(network->ScrollMax.x > 0);  // two phone-wide boxes: the view scrolls sideways
            // The layer names are wider than the phone at 200 %: the table is not cut at the
            // canvas's edge but takes its first columns whole (the view scrolls to them).
            const ImGuiTable* table = ImGui::TableFindByID(network->GetID("layers"));
            REQUIRE(table != nullptr);
            CHECK(table->Columns[1].MaxX > network->InnerRect.Max.x);
            CHECK(table->Columns[1].MaxX <= table->OuterRect.Max.x + 1);
        }
        CHECK(show(100).input_cell == doctest::Approx(fitted.input_cell));
    }
}

TEST_CASE("the side panel's zoom row is there in image mode and the network view") {
    for (const char* link : {"view=image&image=zoneplate&stride=2&zoom=125", "view=stack&preset=resnet50&zoom=125"}) {
        const std::string shown_link = link;
        CAPTURE(shown_link);
        Screen screen(1280, 800);
        ui::App app;
        app.use_test_clock();
        app.set_config(teach::decode_query(link).config);
        screen.frame(app);
        screen.frame(app);
        ImVec2 minus, plus;
        REQUIRE(find_zoom_out(screen, app, minus));
        REQUIRE(screen.find_button(app, "controls", "+##zoom in", plus, minus.y));
        screen.click(app, plus);
        CHECK(app.config().zoom == 150);
        screen.click(app, minus);
        CHECK(app.config().zoom == 125);
    }
}

TEST_CASE("keyboard zoom: ']' zooms in, '[' out, '0' fits, in every view; '+' stays the speed; a text field keeps its keys") {
    Screen screen(1280, 800);
    ui::App app;
    app.use_test_clock();
    auto type = [&](char ch) {
        ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(ch));
        screen.frame(app);
    };
    for (const char* link : {"lesson=seed-stride1", "view=image&image=zoneplate&stride=2", "view=stack&preset=resnet50"}) {
        const std::string shown_link = link;
        CAPTURE(shown_link);
        app.set_config(teach::decode_query(link).config);
        screen.frame(app);
        screen.frame(app);
        const teach::Config start = app.config();
        REQUIRE(start.zoom == teach::kMinZoom);
        type(']');
        CHECK(app.config().zoom == teach::zoom_in(teach::kMinZoom));
        type(']');
        CHECK(app.config().zoom == teach::zoom_in(teach::zoom_in(teach::kMinZoom)));
        type('[');
        CHECK(app.config().zoom == teach::zoom_in(teach::kMinZoom));
        type(']');
        type('0');
        CHECK(app.config().zoom == teach::kMinZoom);
        type('[');  // already at the smallest
        CHECK(app.config().zoom == teach::kMinZoom);
        CHECK(app.config().lesson == start.lesson);  // presentation: a lesson stays
        const float speed = app.speed();
        type('+');
        CHECK(app.config().zoom == teach::kMinZoom);
        CHECK(app.speed() > speed);
    }
}

TEST_CASE("keyboard zoom: ']' typed into a text field stays there") {
    Screen screen(1280, 800);
    ui::App app;
    teach::Config quiz;
    quiz.view = teach::View::quiz;  // its answer field takes the keyboard when it appears
    app.set_config(quiz);
    for (int k = 0; k < 4; ++k) screen.frame(app);
    REQUIRE(ImGui::GetIO().WantTextInput);
    for (const char ch : {']', ']'}) {
        ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(ch));
        screen.frame(app);
    }
    CHECK(app.config().zoom == teach::kMinZoom);
}

namespace {
std::vector<std::string> g_drawn;  // what canvas_text drew (the wrapped lesson picker draws its title so)
}  // namespace

TEST_CASE("image mode's lesson picker shows a title longer than the panel whole, wrapped, as the walk's does") {
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(1920, 1080)}) {
        CAPTURE(size.x);
        Screen screen(size.x, size.y);
        ui::App app;
        app.use_test_clock();
        teach::Config c = *teach::lesson_config("zoneplate-stride2");
        c.lang = teach::Lang::de;  // "16. Schrittweite 2 auf einer Zonenplatte": wider than the panel here
        app.set_config(c);
        REQUIRE(app.config().view == teach::View::image);
        std::string title;
        for (const auto& info : teach::lessons())
            if (info.name == app.config().lesson) title = teach::tr(teach::Lang::de, info.title);
        REQUIRE(!title.empty());
        screen.frame(app);
        ImGuiWindow* panel = Screen::child_window("controls");
        REQUIRE(panel != nullptr);
        REQUIRE(ImGui::CalcTextSize(title.c_str()).x > panel->Size.x);  // the case this is about
        g_drawn.clear();
        ui::set_canvas_text_hook([](std::string_view t) { g_drawn.emplace_back(t); });
        screen.frame(app);
        ui::set_canvas_text_hook(nullptr);
        CHECK(std::find(g_drawn.begin(), g_drawn.end(), title) != g_drawn.end());
    }
}

TEST_CASE("image mode's Source picker shows a photo's whole name, on a laptop and a phone, in English and German") {
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(390, 844)}) {
        for (const char* lang : {"en", "de"}) {
            CAPTURE(size.x);
            const std::string shown_lang = lang;
            CAPTURE(shown_lang);
            Screen screen(size.x, size.y);
            ui::App app;
            app.use_test_clock();
            teach::Config c = teach::decode_query(std::string("view=image&image=photo:astronaut&lang=") + lang).config;
            REQUIRE(c.image.source == image::SourceKind::photo);
            app.set_config(c);
            if (size.x < 500) app.key_pressed(ui::Key::tab);  // a phone: the controls unfold under the canvas
            for (int k = 0; k < 3; ++k) screen.frame(app);
            ImGuiWindow* panel = Screen::child_window("controls");
            REQUIRE(panel != nullptr);
            // The picker (the lesson picker's code, under the ID "source"): where the pointer hovers it.
            const ImGuiID picker = ImHashStr("##lesson", 0, panel->GetID("source"));
            auto hovered = [&](float x, float y) {
                ImGui::GetIO().MousePos = ImVec2(x, y);
                screen.frame(app);
                return GImGui->HoveredId == picker;
            };
            const float column = panel->Pos.x + ImGui::GetStyle().WindowPadding.x + 4;
            float row = -1;
            for (float y = panel->Pos.y + 2; y < panel->Pos.y + panel->Size.y && row < 0; y += 3)
                if (hovered(column, y)) row = y;
            REQUIRE(row >= 0);
            float right = column;
            while (right < panel->Pos.x + panel->Size.x && hovered(right + 1, row)) right += 1;
            // The preview's room (the picker less its arrow and padding) holds the whole name on one
            // line, or the picker shows it whole on two (drawn as canvas text, as the lesson picker's).
            const std::string name = teach::trf(c.lang, "photo: {0}", {image::photos()[0].title});
            const float room = right - column - ImGui::GetFrameHeight() - ImGui::GetStyle().FramePadding.x * 2 + 4;
            ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
            g_drawn.clear();
            ui::set_canvas_text_hook([](std::string_view t) { g_drawn.emplace_back(t); });
            screen.frame(app);
            ui::set_canvas_text_hook(nullptr);
            const bool wrapped_whole = std::find(g_drawn.begin(), g_drawn.end(), name) != g_drawn.end();
            CHECK((ImGui::CalcTextSize(name.c_str()).x <= room || wrapped_whole));
        }
    }
}

TEST_CASE("image mode has one zoom: the side panel's Zoom row (zoom=), none of its own; every step keeps pixels whole") {
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(768, 1024), ImVec2(390, 844)}) {
        CAPTURE(size.x);
        Screen screen(size.x, size.y);
        ui::App app;
        app.use_test_clock();
        app.set_config(teach::decode_query("view=image&image=photo:astronaut&stride=2").config);
        for (int k = 0; k < 3; ++k) screen.frame(app);
        // No picture zoom on the canvas (its "fit / 1x / 2x / 4x / 8x" picker was a second zoom that
        // links, the keys and a pinch did not reach).
        ImVec2 at;
        CHECK_FALSE(screen.find_button(app, "canvas", teach::tr(app.config().lang, "Zoom"), at));
        // ']' steps the one zoom through every level: the picture never shrinks, is drawn at whole
        // screen pixels per picture pixel (or 1/n), and the outputs at the stride times that.
        float before = 0, fitted = 0;
        for (int level = teach::kMinZoom;; level = teach::zoom_in(level)) {
            CAPTURE(level);
            for (int k = 0; k < 3; ++k) screen.frame(app);
            REQUIRE(app.config().zoom == level);
            REQUIRE(app.image_view().input.shown);
            const float z = app.image_view().input.zoom;
            CHECK(z >= before);
            CHECK((z >= 1 ? z == std::floor(z) : 1 / z == std::floor(1 / z)));
            CHECK(app.image_view().routes[1].zoom == doctest::Approx(z * 2));  // route 2: conv stride 2
            if (level == teach::kMinZoom) fitted = z;
            if (level == 200 && fitted >= 1) CHECK(z == fitted * 2);  // 200 %: twice the fitted size
            before = z;
            if (level >= teach::kMaxZoom) break;
            ImGui::GetIO().AddInputCharacter(']');
            screen.frame(app);
        }
        // 400 % shows the picture at least twice as large as fitted; '0' fits it again.
        CHECK(before >= 2);
        ImGui::GetIO().AddInputCharacter('0');
        for (int k = 0; k < 3; ++k) screen.frame(app);
        CHECK(app.config().zoom == teach::kMinZoom);
    }
}
