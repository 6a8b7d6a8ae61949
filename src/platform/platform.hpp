// platform.hpp -- what the one main() shares with the target's host file: the window, the app,
// the frame counters and image export; and the host interface that host_native.cpp (desktop) and
// host_web.cpp (browser) implement, one of them linked by CMake.
//
// Only src/platform includes GLFW, GL, the ImGui backends or Emscripten.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/gl.hpp"
#include "platform/heatmap_renderer.hpp"
#include "platform/picture_renderer.hpp"
#include "ui/app.hpp"

namespace strideconv::platform {

struct Platform {
    GLFWwindow* window = nullptr;
    ui::App app;
    long frame_count = 0;
    long frame_limit = 0;          // native: 0 runs until the window closes
    std::string screenshot_path;   // native: written after the last frame
    int export_scale = 0;          // > 0: export a PNG of the next frame at this scale
    HeatmapRenderer heatmaps;
    PictureRenderer pictures;      // image mode's pictures
    std::vector<double> ui_ms;     // CPU time of each frame's UI (NewFrame .. Render), with a frame_limit
    float font_scale = 1;          // the display's content scale, for fonts added later
    std::vector<std::pair<std::string, std::string>> shots;  // native --shots: (png path, query)
    size_t shot = 0;
    bool gl_lost = false;          // web: the browser took the GL context; frames run without drawing
};

// One per process: on the web main() returns while the frame loop keeps running.
Platform& platform();

// A PNG of the current ImGui draw data rendered offscreen at `scale` times the framebuffer size
// (the UI is vector geometry, so 2x and 4x stay sharp). Empty if it cannot be made.
std::vector<unsigned char> render_png(ImDrawData* draw_data, int scale, int& width, int& height);

// The GL context was lost (web: the browser reset the GPU or took the context back, or a page called
// WEBGL_lose_context.loseContext()): every GL object of ImGui's backend and the renderers is let go
// while deleting is a no-op, and frames keep running (playback, state, hosts) without drawing.
// gl_context_restored: the context is back, empty; the next frame builds everything anew and draws,
// and an export asked for meanwhile is made then.
void gl_context_lost(Platform& p);
void gl_context_restored(Platform& p);

// Native --shots: the next state starts in a new ImGui context (the same fonts, the backends set up
// again), as a run of its own starts. One context for all states kept the network table's column
// widths and sideways scroll from the states drawn before, so a state's image depended on them.
void fresh_imgui_context(Platform& p);

// The <iframe> snippet that embeds the lab at `link`, and a configuration as embedded.
std::string embed_snippet(const std::string& link);
teach::Config embedded(teach::Config c);

// [SECTION] Host interface: implemented by host_native.cpp or host_web.cpp --------------------------
namespace host {

// Command-line options (natively; the web page passes its query as --query).
struct Startup {
    std::string query;
    bool query_given = false;
    std::string image;        // native: --image FILE
    bool test_clock = false;  // --test-clock (web: test_clock=1 in the page's query)
    std::optional<teach::Lang> lang;  // --lang CODE: wins over the link's lang=
    std::string browser_langs;        // web: --browser-lang navigator.languages (comma-separated),
                                      // the language when the link has no lang=
};

const char* glsl_version();  // for the ImGui OpenGL3 backend
const char* shader_prefix(); // #version line (and precision) prepended to shaders/*
void window_hints();         // before glfwCreateWindow
float content_scale(GLFWwindow* window);
// Whether Tab moves the keyboard into the side panel (native), or leaves it to the page, whose
// HTML mirror holds the controls for the keyboard (web).
bool tab_enters_controls();
// The query the app starts from: --query, or natively the last session's state.
std::string startup_query(const Startup& s);
// Wires the app's host services (clipboard, links, export, recording, state changes).
void wire(Platform& p, const Startup& s);
// --image FILE, after the query's state is set. Native: decoded with stb_image (src/image) and
// opened in image mode, as a file dropped on the window is; a file that is not a picture gives a
// notice. Web: the page decodes pictures itself (strideconv.loadImage), so the download carries no
// image file decoders; --image is refused with a message.
void open_startup_picture(Platform& p, const Startup& s);
void before_frame(Platform& p);  // web: the canvas follows the page size
// After the GLFW backend's NewFrame, before ImGui's: web: touches the page queued (see host_web.cpp).
void after_backend_frame(Platform& p);
// A PNG the frame loop made: an export the user asked for, or the --screenshot at the last frame.
void deliver_png(Platform& p, const std::vector<unsigned char>& png, int width, int height);
void after_frame(Platform& p, bool last_frame);  // web: announce ready; native: close when done
void run(void (*frame)());  // the main loop; on the web it does not return

}  // namespace host

}  // namespace strideconv::platform
