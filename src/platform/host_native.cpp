// host_native.cpp -- the desktop app's side of the host interface (see platform.hpp): OpenGL 3,
// the clipboard, PNG files, and the last session's state kept between runs in
// $XDG_CONFIG_HOME/strideconv-lab/last-state (default ~/.config/...), as a query string.
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <utility>

#include "image/image.hpp"
#include "platform/platform.hpp"
#include "teach/about.hpp"
#include "teach/url.hpp"

namespace strideconv::platform::host {

namespace {

bool persist = false;  // keep the state for the next session (not in scripted runs)

std::string state_file_path() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    std::string dir = xdg && *xdg ? std::string(xdg) : (home && *home ? std::string(home) + "/.config" : std::string());
    if (dir.empty()) return {};
    return dir + "/strideconv-lab/last-state";
}

std::string load_last_state() {
    const std::string path = state_file_path();
    FILE* f = path.empty() ? nullptr : std::fopen(path.c_str(), "rb");
    if (!f) return {};
    std::string text(static_cast<size_t>(teach::kMaxQueryLength), '\0');
    text.resize(std::fread(&text[0], 1, text.size(), f));
    std::fclose(f);
    return text;
}

void save_last_state(const std::string& query) {
    const std::string path = state_file_path();
    if (path.empty()) return;
    const std::string dir = path.substr(0, path.rfind('/'));
    const std::string parent = dir.substr(0, dir.rfind('/'));
    mkdir(parent.c_str(), 0755);
    mkdir(dir.c_str(), 0755);
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return;  // read-only home: nothing to keep, nothing to complain about
    std::fwrite(query.data(), 1, query.size(), f);
    std::fclose(f);
}

std::string share_link(const teach::Config& c) {
    const std::string q = teach::encode_query(c);
    return "index.html" + (q.empty() ? std::string() : "?" + q);
}

void write_png_file(const std::string& path, const std::vector<unsigned char>& png) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        std::fprintf(stderr, "strideconv_app: cannot write %s\n", path.c_str());
        return;
    }
    std::fwrite(png.data(), 1, png.size(), f);
    std::fclose(f);
    std::fprintf(stderr, "strideconv_app: wrote %s (%zu bytes)\n", path.c_str(), png.size());
}

// A picture file (--image FILE, a file dropped on the window) in image mode, decoded with stb_image
// (src/image); a file that is not a picture gives a notice instead.
void open_picture_file(Platform& p, const std::string& path) {
    image::ImportOptions options;
    options.color = image::Color::rgb;  // the app converts to gray itself when asked (color=gray)
    options.max_side = image::kMaxSide;
    auto picture = image::load_image_file(path, options);
    if (!picture.ok()) {
        std::fprintf(stderr, "strideconv_app: cannot open a picture: %s\n", picture.error.c_str());
        p.app.picture_refused(Message::of("Cannot open the picture: {0}.", {picture.why}));
        return;
    }
    std::fprintf(stderr, "strideconv_app: opened %s (%d x %d, %d channel%s)\n", path.c_str(), picture.value.pixels.h,
                 picture.value.pixels.w, picture.value.pixels.c, picture.value.pixels.c == 1 ? "" : "s");
    for (const Message& n : picture.value.notices) std::fprintf(stderr, "strideconv_app: note: %s\n", n.english().c_str());
    p.app.open_picture(std::move(picture.value));
}

}  // namespace

const char* glsl_version() { return "#version 130"; }
const char* shader_prefix() { return "#version 130\n"; }

void window_hints() {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
}

bool tab_enters_controls() { return true; }

float content_scale(GLFWwindow* window) {
    float x_scale = 1.0f, y_scale = 1.0f;
    glfwGetWindowContentScale(window, &x_scale, &y_scale);
    return x_scale > 0.0f ? x_scale : 1.0f;
}

std::string startup_query(const Startup& s) {
    // Without --query the app resumes where the last session ended; only sessions that are not
    // scripted (no --frames) write the state back.
    persist = !s.query_given && platform().frame_limit <= 0;
    return s.query_given ? s.query : load_last_state();
}

// A file dropped on the window opens in image mode (the first one, if several).
void on_drop(GLFWwindow*, int count, const char** paths) {
    if (count > 0 && paths && paths[0]) open_picture_file(platform(), paths[0]);
}

void wire(Platform& p, const Startup&) {
    glfwSetDropCallback(p.window, on_drop);
    ui::Host& h = p.app.host;
    h.state_changed = [](const teach::Config& c) {
        if (persist) save_last_state(teach::encode_query(c));  // at the pace of the user's changes
    };
    h.share_link = share_link;
    h.embed_code = [](const teach::Config& c) { return embed_snippet(share_link(embedded(c))); };
    h.export_png = [](int scale) { platform().export_scale = scale; };
    h.copy_text = [](const std::string& text) { glfwSetClipboardString(platform().window, text.c_str()); };
    h.notices = [] { return &teach::third_party_notices(); };
}

void open_startup_picture(Platform& p, const Startup& s) {
    if (!s.image.empty()) open_picture_file(p, s.image);
}

void before_frame(Platform&) {}

void after_backend_frame(Platform&) {}  // GLFW delivers the desktop's pointer as it is

void deliver_png(Platform& p, const std::vector<unsigned char>& png, int, int) {
    if (png.empty()) return;
    std::string path = p.screenshot_path;
    if (path.empty() || p.export_scale > 0) {
        char name[64];
        std::snprintf(name, sizeof name, "strideconv-%ld-%dx.png", static_cast<long>(std::time(nullptr)),
                      p.export_scale > 0 ? p.export_scale : 1);
        path = name;
    }
    write_png_file(path, png);
}

void after_frame(Platform& p, bool last_frame) {
    if (last_frame && p.shot + 1 < p.shots.size()) {
        // --shots: the next state, drawn by a fresh app in a fresh ImGui context, as a run of its
        // own would draw it.
        fresh_imgui_context(p);
        ui::App fresh;
        fresh.host = p.app.host;
        fresh.fonts = p.app.fonts;
        fresh.use_test_clock();  // --shots renders golden images
        p.app = std::move(fresh);
        p.heatmaps.forget();
        p.pictures.forget();
        p.screenshot_path = p.shots[++p.shot].first;
        const auto decoded = teach::decode_query(p.shots[p.shot].second);
        p.app.set_config(decoded.config, decoded.notices);
        p.frame_count = 0;
    } else if (last_frame) {
        glfwSetWindowShouldClose(p.window, GLFW_TRUE);
    }
}

void run(void (*frame)()) {
    glfwSwapInterval(1);
    while (!glfwWindowShouldClose(platform().window)) frame();
}

}  // namespace strideconv::platform::host
