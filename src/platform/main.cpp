// main.cpp -- the one main() of the app, native (GLFW + OpenGL 3) and web (GLFW on WebGL2): the
// window, fonts, the frame loop and image export. What differs between the two targets is in
// host_native.cpp and host_web.cpp (one is linked, chosen by CMake); everything the user sees is
// drawn by ui::App.
//
// Native: strideconv_app [--query '?input=7x7&stride=2'] [--frames N] [--screenshot out.png]
//                        [--size WxH] [--shots FILE] [--image FILE] | --version
//   --frames N quits after N frames; --screenshot writes a PNG of the last frame before quitting.
//   --shots FILE renders many states in one run (golden images): each line "out.png ?query" is
//   drawn by a fresh ui::App in a fresh ImGui context: --frames frames (default 4), the first
//   without the app, so every image is the same as from a run of its own. Screenshot runs ignore
//   the mouse pointer.
//   Without --query the last session's state is restored (~/.config/strideconv-lab/last-state).
//   --image FILE opens a picture (PNG, JPEG, GIF, BMP, ...) in image mode; so does dropping a file
//   on the window (both in host_native.cpp: the web app carries no image file decoders).
//   --test-clock: image mode times every stage as exactly 1 ms and computes in one frame (golden
//   images: pictures that do not depend on the machine); --shots implies it.
// Web: index.html passes the page's query and hash as --query, so links carry the configuration.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform/platform.hpp"
#include "strideconv_font.h"
#include "base/text.hpp"
#include "teach/about.hpp"
#include "teach/url.hpp"

namespace strideconv::platform {

Platform& platform() {
    static Platform p;
    return p;
}

teach::Config embedded(teach::Config c) {
    c.embed = true;
    return c;
}

std::string embed_snippet(const std::string& link) {
    return "<iframe src=\"" + link +
           "\" width=\"720\" height=\"480\" style=\"border:0\" title=\"Stride Convolution Lab\" "
           "loading=\"lazy\" allow=\"clipboard-write\"></iframe>";
}

namespace {

// The glyphs ImGui rasterises: Latin-1, and what German and French text needs beyond it (oe
// ligatures, typographic quotes and dashes, the ellipsis, U+202F between French digit groups). The
// embedded font is subset to the same ranges (CMakeLists.txt).
const ImWchar* glyph_ranges() {
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0152, 0x0153, 0x2013, 0x2014, 0x2018, 0x201E,
                                     0x2026, 0x2026, 0x202F, 0x202F, 0};
    return ranges;
}

// The fonts outlive ImGui contexts: --shots draws each state in a fresh context over the same
// atlas (fresh_imgui_context), so the glyphs are rasterised once per run, not once per state.
ImFontAtlas& font_atlas() {
    static ImFontAtlas atlas;
    return atlas;
}

// The projector font (24 px) costs a second rasterisation of the whole glyph set: done the first
// time projector text is on, not before the first frame of every page load.
void add_large_font(Platform& p) {
    ImFontConfig font_config;
    font_config.FontDataOwnedByAtlas = false;
    auto* font_bytes = const_cast<unsigned char*>(strideconv_font_data);
    p.app.fonts.large = font_atlas().AddFontFromMemoryTTF(
        font_bytes, static_cast<int>(strideconv_font_size), 24.0f * p.font_scale, &font_config, glyph_ranges());
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

// An ImGui context as every run starts with one, and the backends on it.
void start_imgui(Platform& p) {
    ImGui::CreateContext(&font_atlas());
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing to save between runs
    // A steady caret: images and recordings of the quiz do not depend on when they were taken.
    io.ConfigInputTextCursorBlink = false;
    // Screenshots show the state, not whatever the pointer happens to hover on the test display.
    if (!p.screenshot_path.empty()) io.ConfigFlags |= ImGuiConfigFlags_NoMouse;
    ImGui::StyleColorsDark();
    ImGui::GetStyle().ScaleAllSizes(p.font_scale);
    ImGui_ImplGlfw_InitForOpenGL(p.window, true);
    if (!p.gl_lost) ImGui_ImplOpenGL3_Init(host::glsl_version());
}

}  // namespace

void fresh_imgui_context(Platform& p) {
    if (!p.gl_lost) ImGui_ImplOpenGL3_Shutdown();  // the font texture goes with it; the atlas keeps the pixels
    ImGui_ImplGlfw_Shutdown();                     // gives the window its callbacks (on_key) back
    ImGui::DestroyContext();
    start_imgui(p);
}

void gl_context_lost(Platform& p) {
    if (p.gl_lost) return;
    p.gl_lost = true;
    // The whole renderer backend goes, not just its device objects: ImGui 1.86's backend keeps the
    // sizes of its vertex and index buffers past DestroyDeviceObjects, and would write into the new,
    // empty buffers as if they had them. The font texture goes with it; ImGui keeps the pixels.
    ImGui_ImplOpenGL3_Shutdown();
    p.heatmaps.release();
    p.pictures.release();
}

void gl_context_restored(Platform& p) {
    if (!p.gl_lost) return;
    ImGui_ImplOpenGL3_Init(host::glsl_version());  // its device objects are made at the next NewFrame
    p.gl_lost = false;
}

namespace {

void draw_frame() {
    Platform& p = platform();
    host::before_frame(p);
    glfwPollEvents();
    if (!p.gl_lost) {
        if (p.app.config().large_text && !p.app.fonts.large) add_large_font(p);
        ImGui_ImplOpenGL3_NewFrame();  // creates the backend's device objects when they are not there
    }
    ImGui_ImplGlfw_NewFrame();
    host::after_backend_frame(p);
    const double ui_start = glfwGetTime();
    ImGui::NewFrame();
    p.pictures.begin_frame();
    // --shots: each state starts after a frame without windows, as ImGui's first frame does.
    if (p.shots.empty() || p.frame_count > 0) p.app.frame(ui_start);
    ImGui::Render();
    // Kept only for a run with a frame limit, which prints them: a page (or a desktop session)
    // running for hours would otherwise keep eight bytes for every frame it ever drew.
    if (p.frame_limit > 0) p.ui_ms.push_back((glfwGetTime() - ui_start) * 1000.0);

    ++p.frame_count;
    const bool last_frame = p.frame_limit > 0 && p.frame_count >= p.frame_limit;
    if (p.gl_lost) {  // nothing can be drawn; a requested export waits for the restored context
        host::after_frame(p, last_frame);
        return;
    }

    int width = 0, height = 0;
    glfwGetFramebufferSize(p.window, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (p.export_scale > 0 || (last_frame && !p.screenshot_path.empty())) {
        int w = 0, h = 0;
        const auto png = render_png(ImGui::GetDrawData(), p.export_scale > 0 ? p.export_scale : 1, w, h);
        glViewport(0, 0, width, height);
        host::deliver_png(p, png, w, h);
        p.export_scale = 0;
    }
    glfwSwapBuffers(p.window);
    host::after_frame(p, last_frame);
}

// Installed before ImGui's backend, which chains to it: key presses reach the app as events.
void on_key(GLFWwindow*, int key, int, int action, int) {
    if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
    ui::App& app = platform().app;
    switch (key) {
        case GLFW_KEY_LEFT: app.key_pressed(ui::Key::left); break;
        case GLFW_KEY_RIGHT: app.key_pressed(ui::Key::right); break;
        case GLFW_KEY_HOME: app.key_pressed(ui::Key::home); break;
        case GLFW_KEY_END: app.key_pressed(ui::Key::end); break;
        case GLFW_KEY_SPACE: if (action == GLFW_PRESS) app.key_pressed(ui::Key::space); break;
        case GLFW_KEY_ESCAPE: app.key_pressed(ui::Key::escape); break;
        case GLFW_KEY_TAB:
            if (action == GLFW_PRESS && host::tab_enters_controls()) app.key_pressed(ui::Key::tab);
            break;
        default: break;
    }
}

// --shots FILE: lines "out.png ?query" ('#' starts a comment). False if unreadable or empty.
bool read_shots(const char* path, Platform& p) {
    FILE* f = std::fopen(path, "r");
    if (!f) {
        std::fprintf(stderr, "strideconv_app: cannot read %s\n", path);
        return false;
    }
    std::vector<char> line(teach::kMaxQueryLength + 1024);
    while (std::fgets(line.data(), static_cast<int>(line.size()), f)) {
        std::string text(line.data());
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        const size_t space = text.find(' ');
        if (text.empty() || text[0] == '#') continue;
        p.shots.emplace_back(text.substr(0, space), space == std::string::npos ? "" : text.substr(space + 1));
    }
    std::fclose(f);
    if (p.shots.empty()) std::fprintf(stderr, "strideconv_app: no shots in %s\n", path);
    return !p.shots.empty();
}

void print_glfw_error(int code, const char* description) {
    std::fprintf(stderr, "GLFW error %d: %s\n", code, description);
}

void usage() {
    std::fprintf(stderr,
                 "usage: strideconv_app [--query '?input=7x7&stride=2'] [--frames N] [--screenshot out.png]\n"
                 "                      [--size WxH] [--shots FILE (lines: out.png ?query)] [--image FILE]\n"
                 "                      [--lang en|de|fr] [--test-clock] | --version\n");
}

}  // namespace

}  // namespace strideconv::platform

int main(int argc, char** argv) {
    using namespace strideconv::platform;
    Platform& p = platform();
    host::Startup startup;
    int window_w = 1280, window_h = 800;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--query" && has_value) {
            startup.query = argv[++i];
            startup.query_given = true;
        } else if (a == "--frames" && has_value) {
            p.frame_limit = std::atol(argv[++i]);
        } else if (a == "--screenshot" && has_value) {
            p.screenshot_path = argv[++i];
        } else if (a == "--size" && has_value) {
            if (std::sscanf(argv[++i], "%dx%d", &window_w, &window_h) != 2 || window_w < 64 || window_h < 64 ||
                window_w > 8192 || window_h > 8192) {
                std::fprintf(stderr, "strideconv_app: --size takes WxH, each 64..8192, not '%s'\n", argv[i]);
                return 2;
            }
        } else if (a == "--test-clock") {
            startup.test_clock = true;
        } else if (a == "--lang" && has_value) {
            startup.lang = strideconv::teach::lang_from_code(argv[++i]);
            if (!startup.lang) {
                std::fprintf(stderr, "strideconv_app: --lang takes one of %s, not '%s'\n",
                             strideconv::teach::language_codes().c_str(), argv[i]);
                return 2;
            }
        } else if (a == "--browser-lang" && has_value) {
            startup.browser_langs = argv[++i];
        } else if (a == "--image" && has_value) {
            startup.image = argv[++i];
        } else if (a == "--shots" && has_value) {
            if (!read_shots(argv[++i], p)) return 2;
        } else if (a == "--help" || a == "-h") {
            usage();
            return 0;
        } else if (a == "--version") {  // the same version as the About panel and `strideconv --version`
            std::printf("strideconv_app (%s)\n", strideconv::teach::version_line().c_str());
            return 0;
        } else {
            std::fprintf(stderr, "strideconv_app: unknown option '%s'\n", a.c_str());
            usage();
            return 2;
        }
    }
    if (!p.shots.empty()) {
        startup.test_clock = true;
        p.screenshot_path = p.shots[0].first;
        startup.query = p.shots[0].second;
        startup.query_given = true;
        if (p.frame_limit <= 0) p.frame_limit = 4;
    }
    if (!p.screenshot_path.empty() && p.frame_limit <= 0) p.frame_limit = 3;
    const std::string query = host::startup_query(startup);

    glfwSetErrorCallback(print_glfw_error);
    if (!glfwInit()) return 1;
    host::window_hints();
    p.window = glfwCreateWindow(window_w, window_h, "Stride Convolution Lab", nullptr, nullptr);
    if (!p.window) {
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(p.window);

    IMGUI_CHECKVERSION();
    const float scale = host::content_scale(p.window);
    p.font_scale = scale;  // the projector font is rasterised when first needed (draw_frame)
    ImFontConfig font_config;
    font_config.FontDataOwnedByAtlas = false;  // the bytes are a constant array, not heap memory
    auto* font_bytes = const_cast<unsigned char*>(strideconv_font_data);
    const int font_size = static_cast<int>(strideconv_font_size);
    p.app.fonts.normal = font_atlas().AddFontFromMemoryTTF(font_bytes, font_size, 16.0f * scale, &font_config, glyph_ranges());
    glfwSetKeyCallback(p.window, on_key);  // before the backend installs (and chains) its own
    start_imgui(p);

    // Without a GL context the views draw grids as rectangles and say a picture cannot be shown.
    p.app.host.heatmap = [](const strideconv::ui::HeatmapImage& img) -> void* {
        return platform().gl_lost ? nullptr : platform().heatmaps.draw(img, host::shader_prefix());
    };
    p.app.host.picture = [](const strideconv::ui::PictureImage& picture) {
        return platform().gl_lost ? strideconv::ui::PictureTexture{} : platform().pictures.draw(picture, host::shader_prefix());
    };
    host::wire(p, startup);
    if (startup.test_clock) {
        p.app.use_test_clock();
        p.pictures.upload_budget = 0;  // every picture whole in the frame it is asked for
    }
    auto decoded = strideconv::teach::decode_query(query);
    // The language: --lang, else the link's lang=, else the browser's first language the lab speaks.
    if (startup.lang) {
        decoded.config.lang = *startup.lang;
    } else if (!decoded.lang_given) {
        for (const std::string& tag : strideconv::base::split(startup.browser_langs, ","))
            if (auto lang = strideconv::teach::lang_from_code(strideconv::base::trim(tag))) {
                decoded.config.lang = *lang;
                break;
            }
    }
    p.app.set_config(decoded.config, decoded.notices);
    host::open_startup_picture(p, startup);

    host::run(draw_frame);

    if (p.frame_limit > 0 && !p.ui_ms.empty()) {
        // A figure, not a test: how much of a 16.7 ms frame the UI itself takes.
        std::vector<double> ms = p.ui_ms;
        std::sort(ms.begin(), ms.end());
        std::fprintf(stderr, "strideconv_app: %zu frames, UI build median %.3f ms, p95 %.3f ms, max %.3f ms\n",
                     ms.size(), ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back());
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(p.window);
    glfwTerminate();
    return 0;
}
