// ui_frames_test.cpp -- runs frames of the whole UI against Dear ImGui with no renderer and no
// window (as ImPlot's CI does): every lesson and view draws, and the keyboard and mouse drive the
// walk as a student would. Built as its own executable (strideconv_ui_tests) because it links
// ImGui; the same source runs natively and under node.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "headless_screen.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // GImGui->NavWindow and NavId: where the keyboard is
#include "teach/about.hpp"
#include "teach/lesson.hpp"
#include "teach/state.hpp"
#include "teach/url.hpp"
#include "ui/app.hpp"
#include "ui/canvas_text.hpp"

using namespace strideconv;

namespace {

// A laptop-sized headless screen, with keys and the side panel's buttons.
struct Headless : test::HeadlessScreen {
    // A key press as the platform reports it, then a frame.
    void press(ui::App& app, ui::Key key) {
        app.key_pressed(key);
        frame(app);
    }
    void type(ui::App& app, char ch) {
        ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(ch));
        frame(app);
    }
};

}  // namespace

TEST_CASE("every lesson draws in both views, both themes and projector text") {
    Headless h;
    ui::App app;
    for (const auto& info : teach::lessons()) {
        auto c = teach::lesson_config(info.name);
        REQUIRE(c.has_value());
        for (auto view : {teach::View::walk, teach::View::compare}) {
            for (auto theme : {teach::Theme::dark, teach::Theme::light}) {
                c->view = view;
                c->theme = theme;
                c->large_text = theme == teach::Theme::light;
                app.set_config(*c);
                h.frame(app);
                const int vertices = h.frame(app);
                CHECK_MESSAGE(vertices > 1000, info.name);
                CHECK(app.lesson().error.empty());
            }
        }
    }
}

TEST_CASE("every lesson draws in every language in every view, and every string it looks up has its translation") {
    Headless h;
    ui::App app;
    const teach::View views[] = {teach::View::walk, teach::View::compare, teach::View::quiz, teach::View::image,
                                 teach::View::stack};
    for (const teach::Language& lang : teach::languages()) {
        CAPTURE(lang.code);
        teach::clear_untranslated();
        for (const auto& info : teach::lessons()) {
            auto c = teach::lesson_config(info.name);
            REQUIRE(c.has_value());
            c->lang = lang.lang;
            for (const teach::View view : views) {
                c->view = view;
                c->predict = view == teach::View::walk ? teach::Predict::value : teach::Predict::off;
                app.set_config(*c);
                h.frame(app);
                CHECK_MESSAGE(h.frame(app) > 200, info.name);
            }
        }
        // The help, the narrow layout and the refused layer's sentences.
        h.type(app, '?');
        CHECK(app.help_visible());
        h.type(app, '?');
        ImGui::GetIO().DisplaySize = ImVec2(390, 844);
        auto d = teach::decode_query("padding=same&stride=2&lang=" + std::string(lang.code));
        app.set_config(d.config, {"a notice"});
        h.frame(app);
        h.frame(app);
        ImGui::GetIO().DisplaySize = ImVec2(1280, 800);
        // Every kind of quiz question (quiz=all takes them in turn), asked and then answered, so its
        // working and the verdict are drawn too.
        app.set_config(teach::decode_query("view=quiz&quiz=all&lang=" + std::string(lang.code)).config);
        for (int k = 0; k < teach::kQuestionKinds; ++k) {
            app.next_question();
            h.frame(app);
            app.answer_quiz("0");
            CHECK(h.frame(app) > 200);
        }
        const std::vector<std::string> missing = teach::untranslated();
        for (const std::string& m : missing) MESSAGE(m);
        CHECK(missing.empty());
    }
}

TEST_CASE("a refused configuration shows its reason and the app keeps running") {
    Headless h;
    ui::App app;
    auto d = teach::decode_query("padding=same&stride=2");
    app.set_config(d.config);
    CHECK_FALSE(app.lesson().error.empty());
    CHECK(h.frame(app) > 0);
    app.step(1);  // no steps: stays put, no crash
    CHECK(app.config().step == 0);
    app.play();
    CHECK_FALSE(app.playing());
}

TEST_CASE("keyboard: arrows step, Home/End jump, space plays, ? toggles help") {
    Headless h;
    ui::App app;
    app.set_config(*teach::lesson_config("seed-stride1"));  // 9 steps
    h.frame(app);
    CHECK(app.config().step == 0);
    h.press(app, ui::Key::right);
    CHECK(app.config().step == 1);
    h.press(app, ui::Key::right);
    h.press(app, ui::Key::left);
    CHECK(app.config().step == 1);
    h.press(app, ui::Key::end);
    CHECK(app.config().step == 8);
    h.press(app, ui::Key::right);  // clamped at the last step
    CHECK(app.config().step == 8);
    h.press(app, ui::Key::home);
    CHECK(app.config().step == 0);

    h.press(app, ui::Key::space);
    CHECK(app.playing());
    const float before = app.speed();
    h.type(app, '+');
    CHECK(app.speed() > before);
    for (int k = 0; k < 120; ++k) h.frame(app);  // two seconds of frames
    CHECK(app.config().step > 0);
    h.press(app, ui::Key::space);
    CHECK_FALSE(app.playing());

    CHECK_FALSE(app.help_visible());
    h.type(app, '?');
    CHECK(app.help_visible());
    h.press(app, ui::Key::escape);
    CHECK_FALSE(app.help_visible());
}

TEST_CASE("keyboard: Tab takes the keyboard into the controls, where it reaches a control and uses it; Esc returns") {
    Headless h;
    ui::App app;
    app.set_config(*teach::lesson_config("seed-stride1"));
    h.frame(app);
    ImGuiIO& io = ImGui::GetIO();
    // A key held for one frame and released, as ImGui's backend reports it (KeyMap index == ImGuiKey).
    const auto key = [&](ImGuiKey k, ui::Key also_reported) {
        app.key_pressed(also_reported);
        io.KeysDown[k] = true;
        h.frame(app);
        io.KeysDown[k] = false;
        h.frame(app);
    };
    CHECK_FALSE(app.keyboard_in_controls());
    key(ImGuiKey_Tab, ui::Key::tab);
    h.frame(app);
    REQUIRE(app.keyboard_in_controls());
    REQUIRE(GImGui->NavWindow != nullptr);
    CHECK(std::string(GImGui->NavWindow->Name).find("/controls_") != std::string::npos);
    CHECK(GImGui->NavId != 0);  // a control is highlighted
    // The walk's keys now move through the controls: the walk stays where it is.
    key(ImGuiKey_RightArrow, ui::Key::right);
    CHECK(app.config().step == 0);
    // Down the panel to the "Light theme" checkbox, then Space ticks it.
    const ImGuiID light = GImGui->NavWindow->GetID("Light theme");
    int presses = 0;
    while (GImGui->NavId != light && presses < 80) {
        key(ImGuiKey_DownArrow, ui::Key::home);  // Home is the walk's too: it must not act here either
        ++presses;
    }
    REQUIRE_MESSAGE(GImGui->NavId == light, "the arrows never reached Light theme");
    CHECK(app.config().step == 0);
    key(ImGuiKey_Space, ui::Key::space);
    CHECK(app.config().theme == teach::Theme::light);
    CHECK_FALSE(app.playing());
    // Esc gives the keys back to the walk.
    key(ImGuiKey_Escape, ui::Key::escape);
    CHECK_FALSE(app.keyboard_in_controls());
    h.press(app, ui::Key::right);
    CHECK(app.config().step == 1);
    CHECK((io.ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard) == 0);
}

TEST_CASE("several presses within one frame all count; none is lost or doubled") {
    Headless h;
    ui::App app;
    app.set_config(*teach::lesson_config("seed-stride1"));  // 9 steps
    h.frame(app);
    app.key_pressed(ui::Key::right);
    app.key_pressed(ui::Key::right);
    app.key_pressed(ui::Key::right);
    h.frame(app);
    CHECK(app.config().step == 3);
    h.frame(app);
    CHECK(app.config().step == 3);
}

TEST_CASE("keys typed into a text field do not drive the walk") {
    Headless h;
    ui::App app;
    teach::Config c;
    c.view = teach::View::quiz;  // its answer field takes keyboard focus when it appears
    app.set_config(c);
    for (int k = 0; k < 4; ++k) h.frame(app);
    REQUIRE(ImGui::GetIO().WantTextInput);
    const int before = app.config().step;
    h.press(app, ui::Key::right);
    h.press(app, ui::Key::space);
    CHECK(app.config().step == before);
    CHECK_FALSE(app.playing());
}

TEST_CASE("mouse: clicking an output cell jumps the walk to it") {
    Headless h;
    ui::App app;
    app.set_config(*teach::lesson_config("seed-stride2"));  // 2x2 output
    h.frame(app);
    const auto& g = app.placement();
    REQUIRE(g.cell > 0);
    h.click(app, g.output_x + g.cell * 1.5f, g.output_y + g.cell * 1.5f);  // cell (1, 1)
    CHECK(app.config().step == 3);
    h.click(app, g.output_x + g.cell * 1.5f, g.output_y + g.cell * 0.5f);  // cell (0, 1)
    CHECK(app.config().step == 1);
}

TEST_CASE("channels: the strip's filter buttons walk a filter; an input channel it does not read walks one that does") {
    Headless h;
    ui::App app;
    app.set_config(*teach::lesson_config("grouped"));  // 4 input channels, 8 filters, groups 4
    h.frame(app);
    h.frame(app);
    ImVec2 first, fifth, plane;
    REQUIRE(h.find_button(app, "canvas", "0##filter", first));
    REQUIRE(h.find_button(app, "canvas", "5##filter", fifth, first.y));
    h.click(app, fifth.x, fifth.y);
    CHECK(app.config().channels.channel == 5);
    CHECK(app.config().channels.in_channel == 2);  // filter 5 is in group 2
    // Input channel 3 belongs to group 3: clicking it walks the group's first filter, 6.
    REQUIRE(h.find_button(app, "canvas", "##plane0", plane));
    REQUIRE(h.find_button(app, "canvas", "##plane3", plane, plane.y + 4));
    h.click(app, plane.x, plane.y);
    CHECK(app.config().channels.channel == 6);
    CHECK(app.config().channels.in_channel == 3);
    CHECK(app.config().lesson == "grouped");  // walking another filter keeps the lesson
}

TEST_CASE("state changes reach the host once per frame, with the new configuration") {
    Headless h;
    ui::App app;
    int calls = 0;
    int last_step = -1;
    app.host.state_changed = [&](const teach::Config& c) {
        ++calls;
        last_step = c.step;
    };
    app.set_config(*teach::lesson_config("dropped"));
    h.frame(app);
    CHECK(calls == 1);
    h.frame(app);
    CHECK(calls == 1);  // nothing changed: no call
    app.step(2);
    h.frame(app);
    CHECK(calls == 2);
    CHECK(last_step == 2);
    app.play();  // playing is part of the state hosts see
    h.frame(app);
    CHECK(calls == 3);
    app.pause();
    h.frame(app);
    CHECK(calls == 4);
    app.pause();  // already paused: nothing to report
    h.frame(app);
    CHECK(calls == 4);
}

TEST_CASE("compare view: one step counter over the longer walk; the other side follows by position") {
    Headless h;
    ui::App app;
    auto c = *teach::lesson_config("seed-stride2");  // stride 2: 4 steps
    c.view = teach::View::compare;                   // against stride 1: 9 steps
    app.set_config(c);
    h.frame(app);
    h.press(app, ui::Key::end);
    CHECK(app.config().step == 8);  // the longer walk's last step, as the transport shows it
    CHECK(app.player().step_of(app.lesson()) == 3);
    h.press(app, ui::Key::left);
    CHECK(app.config().step == 7);  // stride 1 at (2, 1): stride 2 still shows (2, 0)
    CHECK(app.player().step_of(app.lesson()) == 2);
    for (int k = 0; k < 5; ++k) h.press(app, ui::Key::left);
    CHECK(app.config().step == 2);  // (0, 2): stride 2's second window
    CHECK(app.player().step_of(app.lesson()) == 1);
    h.press(app, ui::Key::home);
    CHECK(app.config().step == 0);
}

TEST_CASE("quiz view: questions draw, answers are checked and scored once each, on every topic") {
    for (teach::QuizTopic topic : {teach::QuizTopic::stride, teach::QuizTopic::transposed, teach::QuizTopic::channels,
                                   teach::QuizTopic::all}) {
    CAPTURE(std::string(teach::to_string(topic)));
    Headless h;
    ui::App app;
    teach::Config c;
    c.view = teach::View::quiz;
    c.quiz = topic;
    app.set_config(c);
    int expected_correct = 0;
    for (int k = 0; k < 10; ++k) {
        CHECK(h.frame(app) > 500);
        const teach::Question* q = app.quiz_question();
        REQUIRE(q != nullptr);
        const std::string right = q->answer;
        CHECK_FALSE(app.answer_quiz("not a number").understood);  // unreadable: not scored
        if (k % 3 == 0) {
            CHECK_FALSE(app.answer_quiz(teach::asks_size(q->kind) ? "99x99" : "987654").correct);
        } else {
            CHECK(app.answer_quiz(right).correct);
            ++expected_correct;
        }
        app.answer_quiz(right);  // a second answer to the same question does not count again
        CHECK(h.frame(app) > 500);  // the answered question draws with its working
        app.next_question();
    }
    CHECK(app.quiz_asked() == 10);
    CHECK(app.quiz_correct() == expected_correct);
    CHECK(app.quiz_session().topic == topic);
    }
}

TEST_CASE("quiz view: another topic starts a new quiz, scored from zero") {
    Headless h;
    ui::App app;
    teach::Config c;
    c.view = teach::View::quiz;
    app.set_config(c);
    h.frame(app);
    REQUIRE(app.quiz_question() != nullptr);
    CHECK(app.answer_quiz(app.quiz_question()->answer).correct);
    CHECK(app.quiz_asked() == 1);
    c.quiz = teach::QuizTopic::transposed;
    app.set_config(c);
    const teach::QuizSession& s = app.quiz_session();
    CHECK(s.topic == teach::QuizTopic::transposed);
    CHECK(s.asked == 0);
    CHECK(s.index == 0);
    CHECK(s.question.config.op == teach::Op::conv_transpose2d);
    CHECK(h.frame(app) > 500);
}

TEST_CASE("Copy link, Copy embed code and PNG buttons hand the host the current state") {
    Headless h;
    ui::App app;
    std::vector<std::string> copied;
    std::vector<int> exported;
    // As platform/main.cpp wires them on the desktop (the link and the embed code are the host's).
    app.host.share_link = [](const teach::Config& c) { return "index.html?" + teach::encode_query(c); };
    app.host.embed_code = [](const teach::Config& c) {
        teach::Config e = c;
        e.embed = true;
        return "<iframe src=\"index.html?" + teach::encode_query(e) + "\"></iframe>";
    };
    app.host.copy_text = [&](const std::string& text) { copied.push_back(text); };
    app.host.export_png = [&](int scale) { exported.push_back(scale); };
    auto c = *teach::lesson_config("dropped");
    c.step = 2;
    c.theme = teach::Theme::light;
    app.set_config(c);
    h.frame(app);
    h.frame(app);

    ImVec2 link, embed, png1, png2, png4;
    REQUIRE(h.find_button(app, "controls", "Copy link", link));
    REQUIRE(h.find_button(app, "controls", "Copy embed code", embed, link.y));
    REQUIRE(h.find_button(app, "controls", "PNG 1x", png1));
    REQUIRE(h.find_button(app, "controls", "2x", png2, png1.y));
    REQUIRE(h.find_button(app, "controls", "4x", png4, png1.y));
    CHECK(copied.empty());  // hovering clicks nothing
    CHECK(exported.empty());

    h.click(app, link.x, link.y);
    REQUIRE(copied.size() == 1);
    CHECK(copied[0] == "index.html?lesson=dropped&step=2&theme=light");
    const auto back = teach::decode_query(copied[0].substr(copied[0].find('?')));
    CHECK(back.notices.empty());
    CHECK(back.config == app.config());

    h.click(app, embed.x, embed.y);
    REQUIRE(copied.size() == 2);
    CHECK(copied[1] == "<iframe src=\"index.html?lesson=dropped&step=2&theme=light&embed=1\"></iframe>");

    h.click(app, png1.x, png1.y);
    h.click(app, png2.x, png2.y);
    h.click(app, png4.x, png4.y);
    CHECK(exported == std::vector<int>{1, 2, 4});

    // The link follows the state: after a step, Copy link gives the new step.
    h.press(app, ui::Key::right);
    h.click(app, link.x, link.y);
    REQUIRE(copied.size() == 3);
    CHECK(copied[2] == "index.html?lesson=dropped&step=3&theme=light");
    CHECK(app.config().step == 3);  // the clicks changed nothing else
}

// [SECTION] Image mode ----------------------------------------------------------------------------

TEST_CASE("image mode: every image lesson draws its picture and five routes, both themes") {
    Headless h;
    ui::App app;
    app.use_test_clock();
    for (const auto& info : teach::lessons()) {
        auto c = teach::lesson_config(info.name);
        if (c->view != teach::View::image) continue;
        for (auto theme : {teach::Theme::dark, teach::Theme::light}) {
            CAPTURE(info.name);
            c->theme = theme;
            app.set_config(*c);
            h.frame(app);
            const int vertices = h.frame(app);
            CHECK(vertices > 1000);
            CHECK_FALSE(app.image_model().busy());
            CHECK(app.image_model().cards().size() == 5);
            CHECK(app.image_view().input.shown);
            for (const auto& place : app.image_view().routes) CHECK(place.shown);
        }
    }
}

TEST_CASE("image mode: pointing reads a pixel; clicking an output pixel opens the walk on its window") {
    Headless h;
    ui::App app;
    app.use_test_clock();
    app.set_config(*teach::lesson_config("zoneplate-stride2"));
    h.frame(app);
    h.frame(app);
    const ui::PicturePlacement& route2 = app.image_view().routes[1];
    REQUIRE(route2.shown);
    CHECK(route2.rows == 128);
    // Output pixel (10, 20) of route 2.
    const float x = route2.x + (20 + 0.5f) * route2.zoom, y = route2.y + (10 + 0.5f) * route2.zoom;
    ImGui::GetIO().MousePos = ImVec2(x, y);
    h.frame(app);
    h.frame(app);
    CHECK(app.config().view == teach::View::image);
    h.click(app, x, y);
    const teach::Config& walk = app.config();
    CHECK(walk.view == teach::View::walk);
    CHECK(walk.stride == Pair{2, 2});
    CHECK(walk.input[0] <= teach::kMaxGrid);
    CHECK(walk.fill == teach::Fill::custom);
    REQUIRE(app.lesson().error.empty());
    const CellIndex cell = app.lesson().step_cell(walk.step);
    const auto& cards = app.image_model().cards();
    CHECK(app.lesson().output.at(0, cell.row, cell.col) == doctest::Approx(cards[1].output->at(0, 10, 20)));
    REQUIRE_FALSE(app.notices().empty());
    CHECK(app.notices()[0].find("around output row 10, col 20 of route 2") != std::string::npos);
    // Back to image mode: the picture and the routes are still there, nothing recomputed, and the
    // layer is image mode's own again (not the walked region's padding).
    const uint64_t gray_key = cards[1].key;
    teach::Config back = walk;
    back.view = teach::View::image;
    app.set_config(back);
    h.frame(app);
    CHECK_FALSE(app.image_model().busy());
    CHECK(app.image_model().cards()[1].key == gray_key);
    CHECK(app.config().view == teach::View::image);
    CHECK(app.config().padding == teach::lesson_config("zoneplate-stride2")->padding);
    CHECK(app.config().input == teach::lesson_config("zoneplate-stride2")->input);

    // A colour picture: the walk has its three planes as input channels (the kernel repeated), and
    // going back recomputes nothing either.
    teach::Config colour = *teach::lesson_config("zoneplate-stride2");
    colour.image.source = image::SourceKind::scene;
    colour.image.color = image::Color::rgb;
    app.set_config(colour);
    for (int k = 0; k < 4 && app.image_model().busy(); ++k) h.frame(app);
    REQUIRE_FALSE(app.image_model().busy());
    h.frame(app);
    const ui::PicturePlacement& stride_route = app.image_view().routes[1];
    REQUIRE(stride_route.shown);
    const float cx = stride_route.x + 5.5f * stride_route.zoom, cy = stride_route.y + 7.5f * stride_route.zoom;
    ImGui::GetIO().MousePos = ImVec2(cx, cy);
    h.frame(app);
    h.click(app, cx, cy);
    CHECK(app.config().view == teach::View::walk);
    CHECK(app.config().channels.in_channels == 3);
    CHECK(app.config().channels.groups == 3);
    REQUIRE(app.lesson().error.empty());
    const CellIndex at = app.lesson().step_cell(app.config().step);
    for (int ch = 0; ch < 3; ++ch)
        CHECK(app.lesson().output.at(ch, at.row, at.col) ==
              doctest::Approx(app.image_model().cards()[1].output->at(ch, 7, 5)));
    const uint64_t computed = app.image_model().cards()[1].key;  // changes whenever the output is recomputed
    teach::Config colour_back = app.config();
    colour_back.view = teach::View::image;
    app.set_config(colour_back);
    h.frame(app);
    CHECK_FALSE(app.image_model().busy());
    CHECK(app.image_model().cards()[1].key == computed);
}

namespace {
std::vector<std::string> g_canvas_texts;
}

TEST_CASE("image mode: a picture still on its way to the GPU says how far it got, in the lab's language") {
    Headless h;
    ui::App app;
    app.use_test_clock();
    std::vector<uint64_t> asked;
    // The platform's upload budget is spent: every picture is 40% up.
    app.host.picture = [&](const ui::PictureImage& p) {
        asked.push_back(p.key);
        ui::PictureTexture t;
        t.loading = true;
        t.progress = 0.4f;
        return t;
    };
    ui::set_canvas_text_hook([](std::string_view t) { g_canvas_texts.emplace_back(t); });
    for (const char* lang : {"en", "de"}) {
        CAPTURE(lang);
        teach::Config c = *teach::lesson_config("zoneplate-stride2");
        c.lang = *teach::lang_from_code(lang);
        app.set_config(c);
        h.frame(app);
        REQUIRE_FALSE(app.image_model().busy());
        g_canvas_texts.clear();
        asked.clear();
        h.frame(app);
        CHECK(asked.size() >= 2);  // the input and the routes shown
        const std::string want = std::string(lang) == "en" ? "drawing... 40%" : "zeichne … 40 %";
        CHECK(std::count(g_canvas_texts.begin(), g_canvas_texts.end(), want) == long(asked.size()));
        CHECK(std::count(g_canvas_texts.begin(), g_canvas_texts.end(), "(no texture)") == 0);
    }
    ui::set_canvas_text_hook(nullptr);
}

TEST_CASE("image mode: a new configuration (a host's setState) reaches the picture and routes before the next frame") {
    Headless h;
    ui::App app;
    app.use_test_clock();
    teach::Config c = *teach::lesson_config("zoneplate-stride2");
    app.set_config(c);
    h.frame(app);
    REQUIRE_FALSE(app.image_model().busy());
    const int stride2_rows = app.image_model().cards()[1].out_h;
    c.stride = {3, 3};
    app.set_config(c);  // no frame in between: what getState would read now
    CHECK(app.image_model().busy());
    CHECK(app.image_model().cards()[1].title == "conv stride 3");
    CHECK_FALSE(app.image_model().cards()[1].ready);
    const std::string state = teach::state_json(app.player(), &app.image_model());
    CHECK(state.find("\"stride\":[3,3]") != std::string::npos);
    CHECK(state.find("\"computing\":true") != std::string::npos);
    CHECK(state.find("\"title\":\"conv stride 3\"") != std::string::npos);
    CHECK(state.find("\"output\":[0,0]") == std::string::npos);  // not planned yet: null, never a false size
    h.frame(app);
    REQUIRE_FALSE(app.image_model().busy());
    CHECK(app.image_model().cards()[1].ready);
    CHECK(app.image_model().cards()[1].out_h < stride2_rows);
}

TEST_CASE("image mode: the Weights fields show the kernel; typing a weight makes it custom and recomputes the routes") {
    Headless h;
    ui::App app;
    app.use_test_clock();
    teach::Config c = *teach::lesson_config("zoneplate-stride2");
    c.kernel_preset = "sobel_x";
    app.set_config(c);
    h.frame(app);
    REQUIRE_FALSE(app.image_model().busy());
    const std::string sobel_output = teach::state_json(app.player(), &app.image_model());
    ImVec2 node;
    REQUIRE(h.find_button(app, "controls", "Weights", node));
    h.click(app, node.x, node.y);  // unfolds the fields: the first row is the next line
    const float row = ImGui::GetFrameHeightWithSpacing();
    // Weight (0, 0), -1 in Sobel x, indented under the node; the click selects all its text.
    h.click(app, node.x + ImGui::GetStyle().IndentSpacing + 6, node.y + row);
    REQUIRE(ImGui::GetIO().WantTextInput);
    for (char ch : std::string("5")) h.type(app, ch);
    ImGui::GetIO().KeysDown[ImGuiKey_Enter] = true;
    h.frame(app);
    ImGui::GetIO().KeysDown[ImGuiKey_Enter] = false;
    h.frame(app);
    CHECK(app.config().kernel_preset == "custom");
    const std::vector<float> expected = {5, 0, 1, -2, 0, 2, -1, 0, 1};
    CHECK(app.config().w == expected);
    CHECK(teach::encode_query(app.config()).find("w=5,0,1,-2,0,2,-1,0,1") != std::string::npos);
    h.frame(app);
    CHECK_FALSE(app.image_model().busy());
    CHECK(teach::state_json(app.player(), &app.image_model()) != sobel_output);
}

TEST_CASE("image mode: the user's own picture opens in image mode; a refused file is a notice") {
    Headless h;
    ui::App app;
    app.use_test_clock();
    std::vector<uint8_t> gray(40 * 30);
    for (size_t k = 0; k < gray.size(); ++k) gray[k] = static_cast<uint8_t>(k * 7);
    auto picture = image::from_pixels8(gray.data(), 40, 30, 1, image::ImportOptions{});
    REQUIRE(picture.ok());
    picture.value.source = "mine.png";
    app.open_picture(picture.value);
    h.frame(app);
    h.frame(app);
    CHECK(app.config().view == teach::View::image);
    CHECK(app.config().image.own_file);
    REQUIRE(app.image_model().picture());
    CHECK(app.image_model().picture()->pixels.w == 40);
    app.picture_refused(Message::literal("broken.png could not be read as a picture."));
    h.frame(app);
    REQUIRE(app.notices().size() == 1);
    CHECK(app.notices()[0] == "broken.png could not be read as a picture.");
    CHECK(app.config().image.own_file);  // the picture shown stays
}

TEST_CASE("About: the help's button opens it over the lesson; Esc shuts it") {
    Headless h;
    ui::App app;
    std::vector<teach::Config> linked;  // what the panel asks the host to link (the citation)
    app.host.share_link = [&](const teach::Config& c) {
        linked.push_back(c);
        return "index.html?" + teach::encode_query(c);
    };
    app.set_config(*teach::lesson_config("dropped"));
    h.frame(app);
    const int lesson_only = h.frame(app);

    // The keyboard help (?) has the About button.
    h.type(app, '?');
    REQUIRE(app.help_visible());
    ImGuiWindow* help = ImGui::FindWindowByName("###Keyboard");
    REQUIRE(help != nullptr);
    const ImGuiID about_id = help->GetID("About: version, licence, notices");
    ImVec2 about;
    bool found = false;
    for (float y = help->Pos.y + 2; y < help->Pos.y + help->Size.y && !found; y += 3) {
        ImGui::GetIO().MousePos = ImVec2(help->Pos.x + help->Size.x * 0.5f, y);
        h.frame(app);
        found = GImGui->HoveredId == about_id;
        about = ImGui::GetIO().MousePos;
    }
    REQUIRE(found);
    CHECK_FALSE(app.config().about);
    h.click(app, about.x, about.y);
    CHECK_FALSE(app.help_visible());  // the help closes, About opens
    REQUIRE(app.config().about);
    CHECK(app.config().lesson == "dropped");  // presentation only: the lesson stays named
    const int with_about = h.frame(app);
    CHECK(with_about > lesson_only);
    ImGuiWindow* panel = ImGui::FindWindowByName("###about");
    REQUIRE(panel != nullptr);
    CHECK(panel->Active);
    CHECK(std::string(panel->Name).find(teach::version_line()) != std::string::npos);
    REQUIRE_FALSE(linked.empty());
    CHECK_FALSE(linked.back().about);  // the citation's link opens the lesson, not this panel
    CHECK(linked.back().lesson == "dropped");

    h.press(app, ui::Key::escape);
    CHECK_FALSE(app.config().about);
    CHECK(h.frame(app) == lesson_only);

    // A link with about=1 opens it; the help's keys do not close it while help is shown.
    app.set_config(teach::decode_query("lesson=dropped&about=1").config);
    CHECK(h.frame(app) > lesson_only);
    h.type(app, '?');
    CHECK(app.help_visible());
    h.press(app, ui::Key::escape);  // closes the help first
    CHECK_FALSE(app.help_visible());
    CHECK(app.config().about);
    h.press(app, ui::Key::escape);
    CHECK_FALSE(app.config().about);
}

TEST_CASE("About draws on a phone-sized screen and with projector text") {
    Headless h;
    ui::App app;
    ImGui::GetIO().DisplaySize = ImVec2(390, 844);
    auto c = *teach::lesson_config("uneven");
    c.about = true;
    c.large_text = true;
    app.set_config(c);
    h.frame(app);
    CHECK(h.frame(app) > 500);
    ImGuiWindow* panel = ImGui::FindWindowByName("###about");
    REQUIRE(panel != nullptr);
    CHECK(panel->Size.x <= 390.0f);
    CHECK(panel->Size.y <= 844.0f);
}

TEST_CASE("transposed conv: scatter, equivalent conv and overlap draw; clicks walk to an input cell or an output cell") {
    Headless h;
    ui::App app;
    app.set_config(teach::decode_query("op=conv_transpose2d&input=4x4&kernel=3&stride=2&padding=1&output_padding=1").config);
    h.frame(app);
    CHECK(h.frame(app) > 1000);
    const auto& g = app.transposed_placement();
    REQUIRE(g.cell > 0);
    h.click(app, g.input.x + g.cell * 2.5f, g.input.y + g.cell * 1.5f);  // input (1, 2): step 7 of the scatter
    CHECK(app.config().step == 6);
    teach::Config c = app.config();
    c.transposed_view = teach::TransposedView::conv;
    app.set_config(c);
    h.frame(app);
    h.frame(app);
    h.click(app, g.output.x + g.cell * 3.5f, g.output.y + g.cell * 2.5f);  // output (2, 3) of 8x8
    CHECK(app.config().step == 19);
    c = app.config();
    c.transposed_view = teach::TransposedView::overlap;
    for (auto theme : {teach::Theme::dark, teach::Theme::light}) {
        c.theme = theme;
        app.set_config(c);
        h.frame(app);
        CHECK(h.frame(app) > 1000);
    }
    // A refused transposed layer says why and still draws its input and kernel.
    app.set_config(teach::decode_query("op=conv_transpose2d&padding=same").config);
    h.frame(app);
    CHECK(h.frame(app) > 200);
    CHECK_FALSE(app.lesson().error.empty());
}
