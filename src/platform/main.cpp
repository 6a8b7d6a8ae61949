// main.cpp -- the one main() of the app, native (GLFW + OpenGL 3) and web (GLFW on WebGL2).
//
// Only this folder includes GLFW, GL, the ImGui backends or Emscripten. It owns the window, the
// frame loop, fonts, image export and (on the web) the bridge to window.strideconv in
// web/index.html. Everything the user sees is drawn by ui::App.
//
// Native: strideconv_app [--query '?input=7x7&stride=2'] [--frames N] [--screenshot out.png]
//                        [--size WxH] [--shots FILE]
//   --frames N quits after N frames; --screenshot writes a PNG of the last frame before quitting.
//   --shots FILE renders many states in one run (golden images): each line "out.png ?query" is
//   drawn by a fresh ui::App: --frames frames (default 4), the first without the app, so every image
//   is the same as from a run of its own. Screenshot runs ignore the mouse pointer.
//   Without --query the last session's state is restored (~/.config/strideconv-lab/last-state).
// Web: index.html passes the page's query and hash as --query, so links carry the configuration.
//
// [SECTION] Platform state and image export
// [SECTION] Web bridge (exported functions called by index.html)
// [SECTION] Frame loop and main()

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define GLFW_INCLUDE_ES3
#else
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GLFW/glfw3.h>
#ifndef __EMSCRIPTEN__
#include <GL/glext.h>
#include <sys/stat.h>
#endif

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "strideconv_font.h"
#include "strideconv_shaders.h"
#include "teach/state.hpp"
#include "teach/url.hpp"
#include "ui/app.hpp"

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace {

using namespace strideconv;

// [SECTION] Heatmaps: large grids drawn by shaders/heatmap.frag into cached textures -------------

class HeatmapRenderer {
  public:
    // Returns the texture for `img`, re-rendering only when its key changed; nullptr on failure
    // (the UI then falls back to rectangles).
    void* draw(const ui::HeatmapImage& img) {
        if (img.slot < 0 || img.slot >= kSlots || img.cols <= 0 || img.rows <= 0) return nullptr;
        if (!ready_ && !init()) return nullptr;
        Slot& slot = slots_[img.slot];
        if (slot.key == img.key && slot.target) return texture_id(slot.target);
        const int width = std::min(img.cols * img.cell_px, 4096), height = std::min(img.rows * img.cell_px, 4096);

        upload(slot.values, GL_R32F, GL_FLOAT, img.cols, img.rows, img.values);
        upload(slot.roles, GL_R8, GL_UNSIGNED_BYTE, img.cols, img.rows, img.roles);
        if (!slot.target || slot.width != width || slot.height != height) {
            if (!slot.target) glGenTextures(1, &slot.target);
            glBindTexture(GL_TEXTURE_2D, slot.target);
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
            if (!slot.fbo) glGenFramebuffers(1, &slot.fbo);
            glBindFramebuffer(GL_FRAMEBUFFER, slot.fbo);
            glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, slot.target, 0);
            slot.width = width;
            slot.height = height;
        }
        glBindFramebuffer(GL_FRAMEBUFFER, slot.fbo);
        if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
            return nullptr;
        }
        glViewport(0, 0, width, height);
        glDisable(GL_BLEND);
        glDisable(GL_SCISSOR_TEST);
        glDisable(GL_DEPTH_TEST);
        glUseProgram(program_);
        glBindVertexArray(vao_);
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_2D, slot.roles);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, slot.values);
        glUniform1i(uniform("u_values"), 0);
        glUniform1i(uniform("u_roles"), 1);
        glUniform2f(uniform("u_cells"), static_cast<float>(img.cols), static_cast<float>(img.rows));
        glUniform1f(uniform("u_max_abs"), img.max_abs);
        glUniform3fv(uniform("u_zero"), 1, img.zero);
        glUniform3fv(uniform("u_positive"), 1, img.positive);
        glUniform3fv(uniform("u_negative"), 1, img.negative);
        glUniform3fv(uniform("u_padding"), 1, img.padding);
        glUniform3fv(uniform("u_grid"), 1, img.grid);
        glUniform3fv(uniform("u_dropped"), 1, img.dropped);
        glUniform3fv(uniform("u_skipped"), 1, img.skipped);
        glUniform3fv(uniform("u_future"), 1, img.future);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glBindVertexArray(0);
        glUseProgram(0);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        slot.key = img.key;
        return texture_id(slot.target);
    }

  private:
    static constexpr int kSlots = 4;
    struct Slot {
        uint64_t key = 0;
        GLuint values = 0, roles = 0, target = 0, fbo = 0;
        int width = 0, height = 0;
    };

    static void* texture_id(GLuint t) { return reinterpret_cast<void*>(static_cast<intptr_t>(t)); }

    GLint uniform(const char* name) const { return glGetUniformLocation(program_, name); }

    static void upload(GLuint& tex, GLenum internal, GLenum type, int w, int h, const void* data) {
        if (!tex) glGenTextures(1, &tex);
        glBindTexture(GL_TEXTURE_2D, tex);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, static_cast<GLint>(internal), w, h, 0, GL_RED, type, data);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    }

    static GLuint compile(GLenum kind, const char* body) {
#ifdef __EMSCRIPTEN__
        const char* prefix = "#version 300 es\nprecision highp float;\nprecision highp int;\n";
#else
        const char* prefix = "#version 130\n";
#endif
        const char* sources[] = {prefix, body};
        GLuint shader = glCreateShader(kind);
        glShaderSource(shader, 2, sources, nullptr);
        glCompileShader(shader);
        GLint ok = 0;
        glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
        if (!ok) {
            char log[1024] = {};
            glGetShaderInfoLog(shader, sizeof log, nullptr, log);
            std::fprintf(stderr, "heatmap shader: %s\n", log);
            glDeleteShader(shader);
            return 0;
        }
        return shader;
    }

    bool init() {
        if (failed_) return false;
        failed_ = true;  // until proven otherwise
        const GLuint vs = compile(GL_VERTEX_SHADER, strideconv_shader_heatmap_vert);
        const GLuint fs = compile(GL_FRAGMENT_SHADER, strideconv_shader_heatmap_frag);
        if (!vs || !fs) return false;
        program_ = glCreateProgram();
        glAttachShader(program_, vs);
        glAttachShader(program_, fs);
        glLinkProgram(program_);
        glDeleteShader(vs);
        glDeleteShader(fs);
        GLint ok = 0;
        glGetProgramiv(program_, GL_LINK_STATUS, &ok);
        if (!ok) {
            std::fprintf(stderr, "heatmap shader: link failed\n");
            return false;
        }
        glGenVertexArrays(1, &vao_);
        failed_ = false;
        ready_ = true;
        return true;
    }

  public:
    // A new ui::App numbers its revisions from the start again: cached images must not match.
    void forget() {
        for (Slot& s : slots_) s.key = 0;
    }

  private:
    GLuint program_ = 0, vao_ = 0;
    bool ready_ = false, failed_ = false;
    Slot slots_[kSlots];
};

// [SECTION] Platform state and image export ------------------------------------------------------

struct Platform {
    GLFWwindow* window = nullptr;
    ui::App app;
    long frame_count = 0;
    long frame_limit = 0;          // native: 0 runs until the window closes
    std::string screenshot_path;   // native: written after the last frame
    int export_scale = 0;          // > 0: export a PNG of the next frame at this scale
    std::string last_query;
    HeatmapRenderer heatmaps;
    std::vector<double> ui_ms;     // CPU time of each frame's UI (NewFrame .. Render)
    bool persist = false;          // native: keep the state for the next session
    std::vector<std::pair<std::string, std::string>> shots;  // native --shots: (png path, query)
    size_t shot = 0;
};

Platform& platform() {
    static Platform p;  // static: on the web main() returns while the loop keeps running
    return p;
}

void append_png_bytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    const auto* bytes = static_cast<const unsigned char*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

// Render the current ImGui draw data into an offscreen framebuffer `scale` times larger than the
// window and encode it as PNG. The UI is vector geometry, so a 2x or 4x export stays sharp.
std::vector<unsigned char> render_png(ImDrawData* draw_data, int scale, int& width, int& height) {
    std::vector<unsigned char> png;
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(platform().window, &fb_w, &fb_h);
    width = fb_w * scale;
    height = fb_h * scale;
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384) return png;

    GLuint fbo = 0, colour = 0;
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glGenRenderbuffers(1, &colour);
    glBindRenderbuffer(GL_RENDERBUFFER, colour);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE) {
        const ImVec2 saved = draw_data->FramebufferScale;
        draw_data->FramebufferScale = ImVec2(saved.x * scale, saved.y * scale);
        glViewport(0, 0, width, height);
        const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(draw_data);
        draw_data->FramebufferScale = saved;

        std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 4);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
        for (auto k = size_t(3); k < pixels.size(); k += 4) pixels[k] = 255;  // opaque image
        stbi_flip_vertically_on_write(1);  // GL rows run bottom-up
        stbi_write_png_to_func(append_png_bytes, &png, width, height, 4, pixels.data(), width * 4);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteRenderbuffers(1, &colour);
    glDeleteFramebuffers(1, &fbo);
    return png;
}

#ifdef __EMSCRIPTEN__
// [SECTION] Web bridge ---------------------------------------------------------------------------

EM_JS(double, canvas_css_width, (), { return Module.canvas.getBoundingClientRect().width; });
EM_JS(double, canvas_css_height, (), { return Module.canvas.getBoundingClientRect().height; });
EM_JS(double, device_pixel_ratio, (), { return window.devicePixelRatio || 1; });
EM_JS(void, announce_ready, (), {
    if (window.strideconv && window.strideconv._resolveReady) window.strideconv._resolveReady();
});
EM_JS(void, announce_state, (const char* query, const char* state), {
    if (window.strideconv && window.strideconv._stateChanged)
        window.strideconv._stateChanged(UTF8ToString(query), UTF8ToString(state));
});
EM_JS(void, copy_to_clipboard, (const char* text), {
    if (window.strideconv && window.strideconv._copy) window.strideconv._copy(UTF8ToString(text));
});
EM_JS(void, deliver_png, (const unsigned char* data, int size, int width, int height), {
    if (window.strideconv && window.strideconv._png)
        window.strideconv._png(HEAPU8.slice(data, data + size), width, height);
});
EM_JS(void, request_png, (int scale), {
    if (window.strideconv && window.strideconv.exportPNG) window.strideconv.exportPNG(scale, true);
});
// For a "Record WebM" button: the page records the stride walk and downloads it (web/host-api.js).
EM_JS(void, request_webm, (), {
    if (window.strideconv && window.strideconv.recordWebM) window.strideconv.recordWebM(true);
});
// Sizes the canvas backing store and GLFW's window together. glfwSetWindowSize cannot: in
// Emscripten's library_glfw.js it requests fullscreen instead of resizing whenever the size equals
// the screen's (a browser in F11 fullscreen, a kiosk, a full-screen iframe), leaving the canvas at
// its old size and logging a warning every frame. GLFW's own resize listener (GLFW.onCanvasResize)
// takes the new canvas size over as the window size and calls the size callbacks.
EM_JS(void, resize_canvas, (int width, int height), { Browser.setCanvasSize(width, height); });
EM_JS(char*, page_link_base, (), {
    var base = window.location.href.split(/[?#]/)[0];
    var n = lengthBytesUTF8(base) + 1;
    var p = _malloc(n);
    stringToUTF8(base, p, n);
    return p;
});

// The canvas fills the page through CSS; its backing store follows the CSS size times the device
// pixel ratio so text stays sharp on high-DPI screens.
void fit_canvas_to_page(GLFWwindow* window) {
    const double ratio = device_pixel_ratio();
    const int width = static_cast<int>(canvas_css_width() * ratio + 0.5);
    const int height = static_cast<int>(canvas_css_height() * ratio + 0.5);
    int current_width = 0, current_height = 0;
    glfwGetWindowSize(window, &current_width, &current_height);
    if (width > 0 && height > 0 && (width != current_width || height != current_height))
        resize_canvas(width, height);
}

std::string link_base() {
    char* p = page_link_base();
    std::string s = p ? p : "";
    std::free(p);
    return s;
}
#endif

float content_scale(GLFWwindow* window) {
#ifdef __EMSCRIPTEN__
    (void)window;
    return static_cast<float>(device_pixel_ratio());
#else
    float x_scale = 1.0f, y_scale = 1.0f;
    glfwGetWindowContentScale(window, &x_scale, &y_scale);
    return x_scale > 0.0f ? x_scale : 1.0f;
#endif
}

#ifndef __EMSCRIPTEN__
// The desktop app keeps the last state between runs (the web app keeps it in the URL), in
// $XDG_CONFIG_HOME/strideconv-lab/last-state (default ~/.config/...), as a query string.
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
#endif

void state_changed(const teach::Config& c) {
    Platform& p = platform();
    const std::string query = teach::encode_query(c);
#ifdef __EMSCRIPTEN__
    const std::string state = teach::state_json(p.app.lesson(), p.app.playing(), p.app.speed(), p.app.notices());
    announce_state(query.c_str(), state.c_str());
#endif
    p.last_query = query;
#ifndef __EMSCRIPTEN__
    if (p.persist) save_last_state(query);  // at the pace of the user's changes, not per frame
#endif
}

std::string share_link(const teach::Config& c) {
    const std::string q = teach::encode_query(c);
#ifdef __EMSCRIPTEN__
    return link_base() + (q.empty() ? "" : "?" + q);
#else
    return "index.html" + (q.empty() ? std::string() : "?" + q);
#endif
}

std::string embed_code(const teach::Config& c) {
    teach::Config e = c;
    e.embed = true;
    return "<iframe src=\"" + share_link(e) +
           "\" width=\"720\" height=\"480\" style=\"border:0\" title=\"Stride Convolution Lab\" "
           "loading=\"lazy\" allow=\"clipboard-write\"></iframe>";
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

// [SECTION] Frame loop and main() -----------------------------------------------------------------

void draw_frame(void*) {
    Platform& p = platform();
#ifdef __EMSCRIPTEN__
    fit_canvas_to_page(p.window);
#endif
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    const double ui_start = glfwGetTime();
    ImGui::NewFrame();
    // --shots: each state starts after a frame without windows, as ImGui's first frame does.
    if (p.shots.empty() || p.frame_count > 0) p.app.frame(ui_start);
    ImGui::Render();
    p.ui_ms.push_back((glfwGetTime() - ui_start) * 1000.0);

    int width = 0, height = 0;
    glfwGetFramebufferSize(p.window, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    ++p.frame_count;
    const bool last_frame = p.frame_limit > 0 && p.frame_count >= p.frame_limit;
    if (p.export_scale > 0 || (last_frame && !p.screenshot_path.empty())) {
        const int scale = p.export_scale > 0 ? p.export_scale : 1;
        int w = 0, h = 0;
        const auto png = render_png(ImGui::GetDrawData(), scale, w, h);
        glViewport(0, 0, width, height);
#ifdef __EMSCRIPTEN__
        deliver_png(png.data(), static_cast<int>(png.size()), w, h);
#else
        if (!png.empty()) {
            std::string path = p.screenshot_path;
            if (path.empty() || p.export_scale > 0) {
                char name[64];
                std::snprintf(name, sizeof name, "strideconv-%ld-%dx.png", static_cast<long>(std::time(nullptr)), scale);
                path = name;
            }
            write_png_file(path, png);
        }
#endif
        p.export_scale = 0;
    }
    glfwSwapBuffers(p.window);

#ifdef __EMSCRIPTEN__
    if (p.frame_count == 1) announce_ready();
#else
    if (last_frame && p.shot + 1 < p.shots.size()) {
        ui::App fresh;
        fresh.host = p.app.host;
        fresh.fonts = p.app.fonts;
        p.app = std::move(fresh);
        p.heatmaps.forget();
        p.screenshot_path = p.shots[++p.shot].first;
        const auto decoded = teach::decode_query(p.shots[p.shot].second);
        p.app.set_config(decoded.config, decoded.notices);
        p.frame_count = 0;
    } else if (last_frame) {
        glfwSetWindowShouldClose(p.window, GLFW_TRUE);
    }
#endif
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
        default: break;
    }
}

void print_glfw_error(int code, const char* description) {
    std::fprintf(stderr, "GLFW error %d: %s\n", code, description);
}

void usage() {
    std::fprintf(stderr,
                 "usage: strideconv_app [--query '?input=7x7&stride=2'] [--frames N] [--screenshot out.png]\n"
                 "                      [--size WxH] [--shots FILE (lines: out.png ?query)]\n");
}

}  // namespace

#ifdef __EMSCRIPTEN__
extern "C" {
EMSCRIPTEN_KEEPALIVE const char* sc_get_state() {
    static std::string buffer;
    Platform& p = platform();
    buffer = teach::state_json(p.app.lesson(), p.app.playing(), p.app.speed(), p.app.notices());
    return buffer.c_str();
}
// Merge a query (URL parameter syntax) into the current state; returns the notices, one a line.
EMSCRIPTEN_KEEPALIVE const char* sc_set_query(const char* query) {
    static std::string notices;
    Platform& p = platform();
    auto d = teach::apply_query(p.app.config(), query ? query : "");
    notices.clear();
    for (const auto& n : d.notices) notices += n + "\n";
    p.app.set_config(d.config, d.notices);
    return notices.c_str();
}
EMSCRIPTEN_KEEPALIVE void sc_play() { platform().app.play(); }
EMSCRIPTEN_KEEPALIVE void sc_pause() { platform().app.pause(); }
EMSCRIPTEN_KEEPALIVE void sc_step(int n) { platform().app.step(n); }
EMSCRIPTEN_KEEPALIVE void sc_set_speed(float s) { platform().app.set_speed(s); }
EMSCRIPTEN_KEEPALIVE void sc_export_png(int scale) {
    platform().export_scale = scale < 1 ? 1 : (scale > 4 ? 4 : scale);
}
}
#endif

int main(int argc, char** argv) {
    Platform& p = platform();
    std::string query;
    bool query_given = false;
    int window_w = 1280, window_h = 800;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--query" && has_value) {
            query = argv[++i];
            query_given = true;
        }
        else if (a == "--frames" && has_value) p.frame_limit = std::atol(argv[++i]);
        else if (a == "--screenshot" && has_value) p.screenshot_path = argv[++i];
        else if (a == "--size" && has_value) {
            if (std::sscanf(argv[++i], "%dx%d", &window_w, &window_h) != 2 || window_w < 64 || window_h < 64 ||
                window_w > 8192 || window_h > 8192) {
                std::fprintf(stderr, "strideconv_app: --size takes WxH, each 64..8192, not '%s'\n", argv[i]);
                return 2;
            }
        }
        else if (a == "--shots" && has_value) {
            FILE* f = std::fopen(argv[++i], "r");
            if (!f) {
                std::fprintf(stderr, "strideconv_app: cannot read %s\n", argv[i]);
                return 2;
            }
            char line[teach::kMaxQueryLength + 1024];
            while (std::fgets(line, sizeof line, f)) {
                std::string text(line);
                while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
                const size_t space = text.find(' ');
                if (text.empty() || text[0] == '#') continue;
                p.shots.emplace_back(text.substr(0, space), space == std::string::npos ? "" : text.substr(space + 1));
            }
            std::fclose(f);
            if (p.shots.empty()) {
                std::fprintf(stderr, "strideconv_app: no shots in %s\n", argv[i]);
                return 2;
            }
        }
        else if (a == "--help" || a == "-h") { usage(); return 0; }
        else {
            std::fprintf(stderr, "strideconv_app: unknown option '%s'\n", a.c_str());
            usage();
            return 2;
        }
    }
    if (!p.shots.empty()) {
        p.screenshot_path = p.shots[0].first;
        query = p.shots[0].second;
        query_given = true;
        if (p.frame_limit <= 0) p.frame_limit = 4;
    }
    if (!p.screenshot_path.empty() && p.frame_limit <= 0) p.frame_limit = 3;
#ifndef __EMSCRIPTEN__
    // Without --query the app resumes where the last session ended; only sessions that are not
    // scripted (no --frames) write the state back.
    if (!query_given) query = load_last_state();
    p.persist = !query_given && p.frame_limit <= 0;
#endif

    glfwSetErrorCallback(print_glfw_error);
    if (!glfwInit()) return 1;
#ifdef __EMSCRIPTEN__
    const char* glsl_version = "#version 300 es";  // WebGL2
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#else
    const char* glsl_version = "#version 130";  // OpenGL 3.0
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#endif
    p.window = glfwCreateWindow(window_w, window_h, "Stride Convolution Lab", nullptr, nullptr);
    if (!p.window) {
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(p.window);
#ifndef __EMSCRIPTEN__
    glfwSwapInterval(1);
#endif

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing to save between runs
    // A steady caret: images and recordings of the quiz do not depend on when they were taken.
    io.ConfigInputTextCursorBlink = false;
#ifndef __EMSCRIPTEN__
    // Screenshots show the state, not whatever the pointer happens to hover on the test display.
    if (!p.screenshot_path.empty()) io.ConfigFlags |= ImGuiConfigFlags_NoMouse;
#endif
    const float scale = content_scale(p.window);
    ImFontConfig font_config;
    font_config.FontDataOwnedByAtlas = false;  // the bytes are a constant array, not heap memory
    auto* font_bytes = const_cast<unsigned char*>(strideconv_font_data);
    const int font_size = static_cast<int>(strideconv_font_size);
    p.app.fonts.normal = io.Fonts->AddFontFromMemoryTTF(font_bytes, font_size, 16.0f * scale, &font_config);
    p.app.fonts.large = io.Fonts->AddFontFromMemoryTTF(font_bytes, font_size, 24.0f * scale, &font_config);
    ImGui::StyleColorsDark();
    ImGui::GetStyle().ScaleAllSizes(scale);

    glfwSetKeyCallback(p.window, on_key);  // before the backend installs (and chains) its own
    ImGui_ImplGlfw_InitForOpenGL(p.window, true);
    ImGui_ImplOpenGL3_Init(glsl_version);

    p.app.host.state_changed = state_changed;
    p.app.host.heatmap = [](const ui::HeatmapImage& img) { return platform().heatmaps.draw(img); };
    p.app.host.share_link = share_link;
    p.app.host.embed_code = embed_code;
    p.app.host.export_png = [](int s) {
#ifdef __EMSCRIPTEN__
        request_png(s);  // the page downloads it (and resolves exportPNG's promise)
#else
        platform().export_scale = s;
#endif
    };
#ifdef __EMSCRIPTEN__
    p.app.host.record_walk = [] { request_webm(); };
#endif
    p.app.host.copy_text = [](const std::string& text) {
#ifdef __EMSCRIPTEN__
        copy_to_clipboard(text.c_str());
#else
        glfwSetClipboardString(platform().window, text.c_str());
#endif
    };

    auto decoded = teach::decode_query(query);
    p.app.set_config(decoded.config, decoded.notices);

#ifdef __EMSCRIPTEN__
    emscripten_set_main_loop_arg(draw_frame, nullptr, 0, true);  // does not return
#else
    while (!glfwWindowShouldClose(p.window)) draw_frame(nullptr);
#endif

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
