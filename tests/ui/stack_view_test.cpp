// stack_view_test.cpp -- frames of the network view (view=stack) against Dear ImGui with no
// renderer: every preset draws in both themes, on a laptop and a phone screen, at the smallest and
// largest inputs; clicking a cell of the selected layer's output selects it, as the picture says;
// the layer table shows whole columns only and scrolls sideways a column at a time; on a phone a
// layer's name, type, stride and output are in view without scrolling.
#include <doctest/doctest.h>

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

#include "headless_screen.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ImGuiTable: where the layer table's columns are and what it clips
#include "teach/stack_spec.hpp"
#include "teach/strings.hpp"
#include "teach/url.hpp"
#include "ui/app.hpp"

using namespace strideconv;

namespace {

using Screen = test::HeadlessScreen;

}  // namespace

TEST_CASE("network view: every preset draws, both themes, laptop and phone") {
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(390, 844)}) {
        Screen s(size.x, size.y);
        ui::App app;
        for (const auto& preset : teach::network_presets()) {
            for (const char* theme : {"dark", "light"}) {
                CAPTURE(preset.name);
                const std::string q = std::string("view=stack&preset=") + preset.name + "&theme=" + theme + "&cell=1,0,0";
                const auto d = teach::decode_query(q);
                CHECK(d.notices.empty());
                app.set_config(d.config);
                s.frame(app);
                CHECK(s.frame(app) > 1000);
                CHECK(app.stack_placement().layer == 1);
            }
        }
        // The extremes of the input and a refused stack draw too.
        for (const char* q : {"view=stack&preset=vgg16&stack_input=4096&large_text=1", "view=stack&preset=resnet18&stack_input=1",
                              "view=stack&stack=convT:k=3,s=2,c=4;conv:k=3,s=2,p=same&stack_input=7x5&cell=2,3,1",
                              "view=stack&preset=mobilenet_v2&swap=1,5"}) {
            CAPTURE(q);
            app.set_config(teach::decode_query(q).config);
            s.frame(app);
            CHECK(s.frame(app) > 500);
        }
    }
}

TEST_CASE("network view: clicking an output cell selects it and paints its field") {
    Screen s(1280, 800);
    ui::App app;
    app.set_config(teach::decode_query("view=stack&preset=resnet50&cell=2,0,0").config);
    s.frame(app);
    s.frame(app);
    const auto& p = app.stack_placement();
    REQUIRE(p.layer == 2);
    REQUIRE(p.output == Pair{56, 56});
    REQUIRE(p.output_cell > 0);
    s.click(app, p.output_x + (10 + 0.5f) * p.output_cell, p.output_y + (20 + 0.5f) * p.output_cell);
    CHECK(app.config().stack.layer == 2);
    CHECK(app.config().stack.cell == Pair{20, 10});
    CHECK(app.config().view == teach::View::stack);
    // Outside the grid nothing changes.
    s.click(app, p.output_x - 5, p.output_y - 5);
    CHECK(app.config().stack.cell == Pair{20, 10});
}

TEST_CASE("network view: stack_picture=1 paints the field on image mode's picture") {
    Screen s(1280, 800);
    ui::App app;
    app.use_test_clock();  // image mode computes in one frame
    int drawn = 0;
    ui::PictureImage last;
    app.host.picture = [&](const ui::PictureImage& p) {
        ++drawn;
        last = p;
        ui::PictureTexture t;
        t.texture = reinterpret_cast<void*>(1);
        return t;
    };
    app.set_config(teach::decode_query("view=stack&preset=resnet18&cell=1,10,10").config);
    s.frame(app);
    s.frame(app);
    CHECK(drawn == 0);  // a grid: image mode's picture is not even made
    CHECK(app.image_model().picture() == nullptr);

    app.set_config(teach::decode_query("view=stack&preset=resnet18&cell=1,10,10&stack_picture=1&image=checker&image_size=96x64").config);
    for (int k = 0; k < 4; ++k) s.frame(app);
    REQUIRE(app.image_model().picture() != nullptr);
    CHECK(drawn > 0);
    CHECK(last.rows == 96);
    CHECK(last.cols == 64);
    CHECK(last.key == app.image_model().picture_key());
    CHECK(app.config().view == teach::View::stack);
    CHECK(app.stack_placement().layer == 1);
}

TEST_CASE("network view: the layer table cuts no column at its edges, at any size, and scrolls a column at a time") {
    const ImVec2 sizes[] = {ImVec2(390, 844), ImVec2(320, 568), ImVec2(844, 390), ImVec2(768, 1024), ImVec2(1280, 800),
                            ImVec2(1920, 1080)};
    for (const ImVec2 size : sizes) {
        for (const char* link : {"view=stack&preset=resnet50&cell=16,5,5", "view=stack&preset=mobilenet_v2&lang=de"}) {
            CAPTURE(size.x);
            CAPTURE(size.y);
            const std::string shown_link = link;
            CAPTURE(shown_link);
            Screen s(size.x, size.y);
            ui::App app;
            app.set_config(teach::decode_query(link).config);
            for (int k = 0; k < 3; ++k) s.frame(app);  // the first two find the scroll bars and measure the columns
            ImGuiWindow* network = Screen::child_window("network");
            REQUIRE(network != nullptr);
            const ImGuiTable* table = ImGui::TableFindByID(network->GetID("layers"));
            REQUIRE(table != nullptr);
            const int frozen = table->FreezeColumnsRequest;  // (FreezeColumnsCount is 0 while not scrolled)
            REQUIRE(frozen >= 1);
            // Every column is whole on screen or not on screen at all: none runs past the table's
            // right edge or, scrolled, under the frozen columns.
            auto whole_columns = [&](int& first_shown) {
                const float right = table->InnerClipRect.Max.x;
                const float frozen_right = table->Columns[frozen - 1].MaxX;
                first_shown = -1;
                for (int k = 0; k < table->ColumnsCount; ++k) {
                    const ImGuiTableColumn& col = table->Columns[k];
                    CAPTURE(k);
                    CHECK_FALSE((col.MinX < right - 1 && col.MaxX > right + 1));
                    if (k < frozen) continue;
                    CHECK_FALSE((col.MinX < frozen_right - 1 && col.MaxX > frozen_right + 1));
                    if (first_shown < 0 && col.MinX >= frozen_right - 1 && col.MinX < right) first_shown = k;
                }
                // Something after the frozen columns is in view: the table is not all frozen columns.
                CHECK(first_shown >= frozen);
            };
            int first = -1;
            whole_columns(first);
            const bool scrolls = table->InnerWindow->ScrollMax.x > 0;
            if (size.x < 1000) CHECK(scrolls);  // these sizes cannot show all sixteen columns
            if (!scrolls) continue;
            // The wheel sideways over the table: one column on, whole again; and back.
            ImGuiIO& io = ImGui::GetIO();
            io.MousePos = ImVec2((table->OuterRect.Min.x + table->OuterRect.Max.x) * 0.5f,
                                 (table->OuterRect.Min.y + table->OuterRect.Max.y) * 0.5f);
            s.frame(app);
            io.MouseWheelH = -1;
            for (int k = 0; k < 3; ++k) s.frame(app);
            int after = -1;
            whole_columns(after);
            CHECK(after == first + 1);
            CHECK(table->InnerWindow->Scroll.x > 0);
            io.MouseWheelH = 1;
            for (int k = 0; k < 3; ++k) s.frame(app);
            whole_columns(after);
            CHECK(after == first);
            CHECK(table->InnerWindow->Scroll.x == 0);
            io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        }
    }
}

TEST_CASE("network view: a phone shows each layer's name, type, stride and output without a sideways scroll") {
    struct Case {
        ImVec2 size;
        const char* link;
        std::vector<const char*> in_view;  // English column words (translated below) that must be whole in view
    };
    const Case cases[] = {
        // ResNet-50's shortcut names ("+ layer2.0.downsample.0 (from 14)") pushed the type, the stride
        // and the output a scroll away at 390 pixels.
        {ImVec2(390, 844), "view=stack&preset=resnet50&cell=16,5,5", {"layer", "type", "stride", "output"}},
        {ImVec2(390, 844), "view=stack&preset=mobilenet_v2&lang=de", {"layer", "type", "stride", "output"}},
        {ImVec2(390, 844), "lesson=stack-225&lang=fr", {"layer", "type", "stride", "output"}},
        {ImVec2(320, 568), "view=stack&preset=resnet50&cell=16,5,5", {"layer", "type", "stride"}},
        {ImVec2(1280, 800), "view=stack&preset=resnet50&cell=16,5,5", {"layer", "type", "kernel", "stride", "pad", "output"}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.size.x);
        const std::string shown_link = c.link;
        CAPTURE(shown_link);
        Screen s(c.size.x, c.size.y);
        ui::App app;
        app.set_config(teach::decode_query(c.link).config);
        for (int k = 0; k < 3; ++k) s.frame(app);
        ImGuiWindow* network = Screen::child_window("network");
        REQUIRE(network != nullptr);
        const ImGuiTable* table = ImGui::TableFindByID(network->GetID("layers"));
        REQUIRE(table != nullptr);
        REQUIRE(table->InnerWindow->Scroll.x == 0);
        const float right = std::min(table->InnerClipRect.Max.x, network->InnerRect.Max.x);
        for (const char* word : c.in_view) {
            const std::string header = teach::tr(app.config().lang, word);
            CAPTURE(header);
            int found = -1;  // the column whose header names it ("layer, type" on a phone names both)
            for (int k = 0; k < table->ColumnsCount; ++k) {
                const std::string name = ImGui::TableGetColumnName(table, k);
                if (name == header || name.rfind(header + ",", 0) == 0 || name.find(", " + header) != std::string::npos) found = k;
            }
            REQUIRE(found >= 0);
            CHECK(table->Columns[found].MaxX <= right + 1);
            CHECK(table->Columns[found].MinX >= table->OuterRect.Min.x);
        }
    }
}
