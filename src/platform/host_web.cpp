// host_web.cpp -- the browser's side of the host interface (see platform.hpp): WebGL2, a canvas
// that follows the page, and the bridge to window.strideconv in web/host-api.js: the page calls
// the exported sc_* functions; the app calls back through the EM_JS functions below.
#include <emscripten/emscripten.h>
#include <malloc.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <iterator>
#include <string>

#include "image/image.hpp"
#include "imgui.h"
#include "platform/platform.hpp"
#include "teach/about.hpp"
#include "teach/describe.hpp"
#include "teach/set_state.hpp"
#include "teach/state.hpp"
#include "teach/strings.hpp"
#include "teach/url.hpp"
#include "ui/touch_queue.hpp"

namespace strideconv::platform::host {

namespace {

EM_JS(double, canvas_css_width, (), { return Module.canvas.getBoundingClientRect().width; });
EM_JS(double, canvas_css_height, (), { return Module.canvas.getBoundingClientRect().height; });
EM_JS(double, device_pixel_ratio, (), { return window.devicePixelRatio || 1; });
// A touch screen is the main pointer (phones, tablets): controls get finger-sized targets.
EM_JS(int, coarse_pointer, (), { return window.matchMedia && window.matchMedia('(pointer: coarse)').matches ? 1 : 0; });
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
EM_JS(void, send_png, (const unsigned char* data, int size, int width, int height), {
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
// The About panel's third-party notices (issue 11: 14 KB gzip the page need not download before its
// first frame). Fetched from beside the page the first time the panel asks; the single-file page
// carries them (after the licence) in <template id="strideconv-notices"> (scripts/single_file.mjs).
EM_JS(void, request_notices, (), {
    var deliver = function(text, failure) {
        Module.ccall("sc_notices_arrived", null, ["string", "string"], [text, failure]);
    };
    var inline = document.getElementById("strideconv-notices");
    if (inline && inline.content) { deliver(inline.content.textContent, ""); return; }
    fetch("THIRD_PARTY_NOTICES.txt")
        .then(function(r) { return r.ok ? r.text() : Promise.reject(new Error("HTTP " + r.status)); })
        .then(function(text) { deliver(text, ""); },
              function(e) { deliver("", String((e && e.message) || e)); });
});
// Image mode's "Open a picture..." button: the page's <input type=file> (web/index.html).
EM_JS(void, request_picture, (), {
    if (window.strideconv && window.strideconv._openPicture) window.strideconv._openPicture();
});
// ImGui's OpenGL3 backend saves and restores the viewport, scissor box and blend state around every
// frame with glGetIntegerv. WebGL answers those from the GPU process, synchronously: each query waits
// until the GPU has done everything queued before it (at the first frame: compiling the shaders,
// uploading the font). The app's context keeps its own copy of these eight values instead, set by
// the calls that change them, starting from WebGL's initial state (viewport and scissor box: the
// drawing buffer; blend: ONE, ZERO, FUNC_ADD). Called right after the context is created.
// A restored context (after webglcontextlost) starts from that initial state again.
EM_JS(void, keep_gl_state_in_js, (), {
    var gl = GLctx;
    var kept = {};
    function initial() {
        var w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
        kept[0x0BA2] = [0, 0, w, h];             // VIEWPORT
        kept[0x0C10] = [0, 0, w, h];             // SCISSOR_BOX
        kept[0x80C9] = kept[0x80CB] = 1;         // BLEND_SRC_RGB, BLEND_SRC_ALPHA: ONE
        kept[0x80C8] = kept[0x80CA] = 0;         // BLEND_DST_RGB, BLEND_DST_ALPHA: ZERO
        kept[0x8009] = kept[0x883D] = 0x8006;    // BLEND_EQUATION_RGB, BLEND_EQUATION_ALPHA: FUNC_ADD
    }
    initial();
    Module.canvas.addEventListener('webglcontextrestored', initial);
    var getParameter = gl.getParameter;
    gl.getParameter = function(name) {
        var value = kept[name];
        if (value === undefined) return getParameter.call(gl, name);
        return Array.isArray(value) ? new Int32Array(value) : value;
    };
    function keep(method, set) {
        var original = gl[method];
        gl[method] = function(a, b, c, d) { set(a, b, c, d); return original.call(gl, a, b, c, d); };
    }
    keep('viewport', function(x, y, width, height) { kept[0x0BA2] = [x, y, width, height]; });
    keep('scissor', function(x, y, width, height) { kept[0x0C10] = [x, y, width, height]; });
    keep('blendFunc', function(src, dst) { kept[0x80C9] = kept[0x80CB] = src; kept[0x80C8] = kept[0x80CA] = dst; });
    keep('blendFuncSeparate', function(src_rgb, dst_rgb, src_alpha, dst_alpha) {
        kept[0x80C9] = src_rgb; kept[0x80C8] = dst_rgb; kept[0x80CB] = src_alpha; kept[0x80CA] = dst_alpha;
    });
    keep('blendEquation', function(mode) { kept[0x8009] = kept[0x883D] = mode; });
    keep('blendEquationSeparate', function(rgb, alpha) { kept[0x8009] = rgb; kept[0x883D] = alpha; });
});
// The browser may take the WebGL context away (a GPU reset, too many contexts, a driver update; a
// page calling WEBGL_lose_context.loseContext()). Preventing the default of webglcontextlost asks
// for it back; until webglcontextrestored the app runs without drawing (gl_context_lost), then
// redraws everything from its state: no reload, nothing lost. The page shows why the canvas is
// still meanwhile (strideconv._glContext in web/host-api.js); sc_gl_context_lost gives the sentence.
EM_JS(void, watch_gl_context, (), {
    Module.canvas.addEventListener('webglcontextlost', function(event) {
        event.preventDefault();
        var why = UTF8ToString(Module['_sc_gl_context_lost']());
        if (window.strideconv && window.strideconv._glContext) window.strideconv._glContext(true, why);
    });
    Module.canvas.addEventListener('webglcontextrestored', function() {
        Module['_sc_gl_context_restored']();
        if (window.strideconv && window.strideconv._glContext) window.strideconv._glContext(false, "");
    });
});
EM_JS(char*, page_link_base, (), {
    var base = window.location.href.split(/[?#]/)[0];
    var n = lengthBytesUTF8(base) + 1;
    var p = _malloc(n);
    stringToUTF8(base, p, n);
    return p;
});

std::string link_base() {
    char* p = page_link_base();
    std::string s = p ? p : "";
    std::free(p);
    return s;
}

std::string share_link(const teach::Config& c) {
    const std::string q = teach::encode_query(c);
    return link_base() + (q.empty() ? "" : "?" + q);
}

std::string state_of(const ui::App& app) { return teach::state_json(app.player(), &app.image_model()); }

// Touches from the page (sc_pointer), one mouse state per frame (see ui/touch_queue.hpp).
ui::TouchQueue& touches() {
    static ui::TouchQueue queue;
    return queue;
}
bool touch_screen = false;

}  // namespace

const char* glsl_version() { return "#version 300 es"; }  // WebGL2
const char* shader_prefix() { return "#version 300 es\nprecision highp float;\nprecision highp int;\n"; }

void window_hints() {
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    // Nothing draws with depth or stencil (ImGui and our quads): a WebGL context without those buffers.
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
}

namespace {
enum class NoticesState { not_asked, loading, arrived };
NoticesState notices_state = NoticesState::not_asked;
std::string notices_text;

const std::string* requested_notices() {
    if (notices_state == NoticesState::not_asked) {
        notices_state = NoticesState::loading;
        request_notices();  // may answer at once (the single file)
    }
    return notices_state == NoticesState::arrived ? &notices_text : nullptr;
}

void notices_arrived(const std::string& text, const std::string& failure) {
    if (!failure.empty()) {
        notices_text = teach::trf(platform().app.config().lang,
                                  "The notices could not be loaded ({0}); they travel with the lab in "
                                  "THIRD_PARTY_NOTICES.txt.",
                                  {failure});
    } else {
        // The single file's template holds LICENSE, a blank line, then the notices.
        const std::string licence = teach::about().licence_text + "\n\n";
        notices_text = text.compare(0, licence.size(), licence) == 0 ? text.substr(licence.size()) : text;
    }
    notices_state = NoticesState::arrived;
}
}  // namespace

bool tab_enters_controls() { return false; }

float content_scale(GLFWwindow*) { return static_cast<float>(device_pixel_ratio()); }

std::string startup_query(const Startup& s) { return s.query; }

void wire(Platform& p, const Startup&) {
    keep_gl_state_in_js();  // before anything changes the GL state (ImGui's backend init only reads)
    watch_gl_context();
    touch_screen = coarse_pointer() != 0;
    ui::Host& h = p.app.host;
    h.state_changed = [](const teach::Config& c) {
        announce_state(teach::encode_query(c).c_str(), state_of(platform().app).c_str());
    };
    h.share_link = share_link;
    h.embed_code = [](const teach::Config& c) { return embed_snippet(share_link(embedded(c))); };
    h.export_png = [](int scale) { request_png(scale); };  // the page downloads it (and resolves exportPNG)
    h.record_walk = [] { request_webm(); };
    h.copy_text = [](const std::string& text) { copy_to_clipboard(text.c_str()); };
    h.open_picture = [] { request_picture(); };
    h.notices = [] { return requested_notices(); };
}

void open_startup_picture(Platform&, const Startup& s) {
    if (!s.image.empty())
        std::fprintf(stderr, "strideconv_app: --image is for the desktop app; a page opens pictures with "
                             "strideconv.loadImage\n");
}

// The canvas fills the page through CSS; its backing store follows the CSS size times the device
// pixel ratio so text stays sharp on high-DPI screens.
void before_frame(Platform& p) {
    const double ratio = device_pixel_ratio();
    const int width = static_cast<int>(canvas_css_width() * ratio + 0.5);
    const int height = static_cast<int>(canvas_css_height() * ratio + 0.5);
    int current_width = 0, current_height = 0;
    glfwGetWindowSize(p.window, &current_width, &current_height);
    if (width > 0 && height > 0 && (width != current_width || height != current_height))
        resize_canvas(width, height);
}

void after_backend_frame(Platform& p) {
    ui::TouchQueue& q = touches();
    p.app.set_touch(touch_screen || q.active());
    if (!q.active()) return;  // the mouse: GLFW's cursor and buttons, as the backend read them
    const ui::TouchQueue::Pointer ptr = q.frame();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ptr.present ? ImVec2(ptr.x, ptr.y) : ImVec2(-FLT_MAX, -FLT_MAX);
    io.MouseDown[0] = ptr.down;
    for (int b = 1; b < IM_ARRAYSIZE(io.MouseDown); ++b) io.MouseDown[b] = false;
}

void deliver_png(Platform&, const std::vector<unsigned char>& png, int width, int height) {
    send_png(png.data(), static_cast<int>(png.size()), width, height);
}

void after_frame(Platform& p, bool) {
    if (p.frame_count == 1) announce_ready();
}

namespace {
void (*the_frame)() = nullptr;  // for sc_draw_frame
}  // namespace

// The first frame is drawn at once, not at the next animation frame (up to 16 ms later): the page
// is ready as soon as main() gets here. Then the browser's animation frames drive the loop.
void run(void (*frame)()) {
    the_frame = frame;
    frame();
    emscripten_set_main_loop(frame, 0, true);  // does not return
}

}  // namespace strideconv::platform::host

// [SECTION] ImGui's default font, left out of the link ---------------------------------------------
// The download (issue 11): ImFontAtlas::Build() adds ImGui's built-in ProggyClean font (12 KB of
// base85 text and a decompressor in the wasm) when no font was added before. main() always adds the
// embedded DejaVu subset first, so the web link wraps AddFontDefault (-Wl,--wrap in CMakeLists.txt):
// every call comes here and ImGui's own function, with the font data, is dropped as unreferenced.
// The name is the linker's (the wrapped symbol's mangled name with __wrap_ in front).
extern "C" ImFont* __wrap__ZN11ImFontAtlas14AddFontDefaultEPK12ImFontConfig(ImFontAtlas*, const ImFontConfig*) {
    std::fputs("strideconv: ImGui's default font is not linked into the web app; add a font first\n", stderr);
    std::abort();
}

// [SECTION] Exported to the page (web/host-api.js calls them with ccall) ---------------------------

using strideconv::platform::platform;

extern "C" {
// request_notices' answer: the text, or why it could not be fetched.
EMSCRIPTEN_KEEPALIVE void sc_notices_arrived(const char* text, const char* failure) {
    strideconv::platform::host::notices_arrived(text ? text : "", failure ? failure : "");
}
EMSCRIPTEN_KEEPALIVE const char* sc_get_state() {
    static std::string buffer;
    buffer = strideconv::platform::host::state_of(platform().app);
    return buffer.c_str();
}
// Merge a partial state (a JSON object, keys as in getState) into the current state; returns the
// notices, one a line.
EMSCRIPTEN_KEEPALIVE const char* sc_set_state(const char* state_json) {
    static std::string notices;
    auto& app = platform().app;
    auto d = strideconv::teach::apply_state_json(app.config(), state_json ? state_json : "{}");
    notices.clear();
    for (const auto& n : d.notices) notices += n + "\n";
    app.set_config(d.config, d.notices);
    return notices.c_str();
}
// Where the network view drew the selected layer's output grid on the last frame, in CSS pixels
// of the canvas: {"layer", "rows", "cols", "x", "y", "cell"} (cell 0 before the view was drawn).
EMSCRIPTEN_KEEPALIVE const char* sc_stack_layout() {
    static std::string buffer;
    const auto& p = platform().app.stack_placement();
    const double ratio = strideconv::platform::host::device_pixel_ratio();
    char text[256];
    std::snprintf(text, sizeof text, "{\"layer\": %d, \"rows\": %d, \"cols\": %d, \"x\": %.3f, \"y\": %.3f, \"cell\": %.4f}",
                  p.layer, p.output[0], p.output[1], p.output_x / ratio, p.output_y / ratio, p.output_cell / ratio);
    buffer = text;
    return buffer.c_str();
}
// Where image mode drew its pictures on the last frame, in CSS pixels of the canvas:
// {"input": P, "routes": [P, ...]} by route number - 1, each P {"shown", "drawn", "x", "y",
// "zoom", "rows", "cols"} (shown: computed; drawn: its texture on screen).
EMSCRIPTEN_KEEPALIVE const char* sc_image_layout() {
    static std::string buffer;
    const auto& v = platform().app.image_view();
    const double ratio = strideconv::platform::host::device_pixel_ratio();
    auto place = [ratio](const strideconv::ui::PicturePlacement& p) {
        char text[200];
        std::snprintf(text, sizeof text,
                      "{\"shown\": %s, \"drawn\": %s, \"x\": %.3f, \"y\": %.3f, \"zoom\": %.4f, \"rows\": %d, \"cols\": %d}",
                      p.shown ? "true" : "false", p.drawn ? "true" : "false", p.x / ratio, p.y / ratio, p.zoom / ratio,
                      p.rows, p.cols);
        return std::string(text);
    };
    buffer = "{\"input\": " + place(v.input) + ", \"routes\": [";
    for (size_t k = 0; k < std::size(v.routes); ++k) buffer += (k ? ", " : "") + place(v.routes[k]);
    buffer += "]}";
    return buffer.c_str();
}
// One grid cell in words for the page's screen-reader mirror (web/mirror.js): grid 0 input,
// 1 kernel, 2 output; "" outside the grid or for a refused layer.
EMSCRIPTEN_KEEPALIVE const char* sc_describe_cell(int grid, int row, int col) {
    static std::string sentence;
    sentence = grid < 0 || grid > 2 ? std::string()
                                    : strideconv::teach::describe_cell(platform().app.player(),
                                                                       static_cast<strideconv::teach::Grid>(grid), row, col);
    return sentence.c_str();
}
// One of the UI's English texts (a key of teach's string table) in the lab's language, for the
// page's screen-reader mirror; the text itself when the table has none.
EMSCRIPTEN_KEEPALIVE const char* sc_text(const char* english) {
    static std::string text;
    text = strideconv::teach::text_for(platform().app.config().lang, english ? english : "");
    return text.c_str();
}
// A whole number as the lab's language writes it in prose ("12.345" in German): the page's notes.
EMSCRIPTEN_KEEPALIVE const char* sc_number_text(double n) {
    static std::string text;
    const double clamped = std::isfinite(n) ? std::clamp(std::round(n), -9e15, 9e15) : 0.0;
    text = strideconv::teach::number_text(platform().app.config().lang, static_cast<int64_t>(clamped));
    return text.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* sc_catalog() {
    static const std::string catalog = strideconv::teach::catalog_json();
    return catalog.c_str();
}
// Where conv_transpose2d's walk drew its grids on the last frame, in CSS pixels of the canvas:
// {"cell", "input": {x, y}, "canvas": {...}, "grid": {...}, "output": {...}} (the scatter's input
// and canvas, the equivalent convolution's input and output; cell 0 before the view was drawn).
EMSCRIPTEN_KEEPALIVE const char* sc_transposed_layout() {
    static std::string buffer;
    const auto& p = platform().app.transposed_placement();
    const double r = strideconv::platform::host::device_pixel_ratio();
    char text[512];
    std::snprintf(text, sizeof text,
                  "{\"cell\": %.4f, \"input\": {\"x\": %.3f, \"y\": %.3f}, \"canvas\": {\"x\": %.3f, \"y\": %.3f}, "
                  "\"grid\": {\"x\": %.3f, \"y\": %.3f}, \"output\": {\"x\": %.3f, \"y\": %.3f}}",
                  p.cell / r, p.input.x / r, p.input.y / r, p.canvas.x / r, p.canvas.y / r, p.grid.x / r,
                  p.grid.y / r, p.output.x / r, p.output.y / r);
    buffer = text;
    return buffer.c_str();
}
// The quiz (strideconv.quiz / answerQuiz / nextQuestion): teach::quiz_json and verdict_json.
EMSCRIPTEN_KEEPALIVE const char* sc_quiz() {
    static std::string buffer;
    buffer = strideconv::teach::quiz_json(platform().app.quiz_session());
    return buffer.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* sc_quiz_answer(const char* typed) {
    static std::string buffer;
    buffer = strideconv::teach::verdict_json(platform().app.answer_quiz(typed ? typed : ""));
    return buffer.c_str();
}
EMSCRIPTEN_KEEPALIVE void sc_quiz_next() { platform().app.next_question(); }
// The page's canvas lost its WebGL context (watch_gl_context): returns the sentence the page shows
// until sc_gl_context_restored.
EMSCRIPTEN_KEEPALIVE const char* sc_gl_context_lost() {
    strideconv::platform::gl_context_lost(platform());
    return strideconv::teach::tr(platform().app.config().lang,
                                 "The graphics were lost (the browser reset them). They come back by themselves; "
                                 "nothing you did is lost.");
}
EMSCRIPTEN_KEEPALIVE void sc_gl_context_restored() { strideconv::platform::gl_context_restored(platform()); }
// The wasm heap for long-session checks (strideconv.memory() in web/host-api.js): its size and the
// bytes malloc has handed out and not taken back, as "heap in_use".
EMSCRIPTEN_KEEPALIVE const char* sc_memory() {
    static char text[64];
    const struct mallinfo m = mallinfo();
    std::snprintf(text, sizeof text, "%lu %lu", static_cast<unsigned long>(__builtin_wasm_memory_size(0) * 65536ul),
                  static_cast<unsigned long>(m.uordblks));
    return text;
}
// One frame now, outside the browser's animation frames: an export asked for while the page gets
// none (a background tab; web/host-api.js exportPNG). JavaScript calls it from a timer, so never
// inside a frame.
EMSCRIPTEN_KEEPALIVE void sc_draw_frame() {
    if (strideconv::platform::host::the_frame) strideconv::platform::host::the_frame();
}
EMSCRIPTEN_KEEPALIVE void sc_play() { platform().app.play(); }
EMSCRIPTEN_KEEPALIVE void sc_pause() { platform().app.pause(); }
EMSCRIPTEN_KEEPALIVE void sc_step(int n) { platform().app.step(n); }
EMSCRIPTEN_KEEPALIVE void sc_set_speed(float s) { platform().app.set_speed(s); }
// A touch (pointer events of type touch or pen) in canvas pixels: kind 0 move, 1 down, 2 up,
// 3 cancel; 4: a mouse moved, the touch queue lets go of the pointer.
EMSCRIPTEN_KEEPALIVE void sc_pointer(int kind, float x, float y) {
    if (kind < 0 || kind > 4) return;
    strideconv::platform::host::touches().push(static_cast<strideconv::ui::TouchQueue::Kind>(kind), x, y);
}
// A pinch (web/host-api.js): the grids' zoom in percent and the fingers' pan in canvas pixels.
EMSCRIPTEN_KEEPALIVE void sc_zoom_gesture(float zoom, float dx, float dy) {
    platform().app.zoom_gesture(zoom, dx, dy);
}
// The grids' zoom when a pinch begins.
EMSCRIPTEN_KEEPALIVE int sc_zoom() { return platform().app.config().zoom; }
EMSCRIPTEN_KEEPALIVE void sc_export_png(int scale) { platform().export_scale = scale < 1 ? 1 : (scale > 4 ? 4 : scale); }
// Image mode: a picture the page decoded (web/host-api.js loadImage), named `name`: RGBA8 rows, `width` x `height`.
// `original_width` x `original_height` is its size before the browser scaled it down to the working
// limit, `frames` its frame count (animated GIF: the first is shown). Returns "" when image mode
// shows it, or the sentence saying why not (also shown in the app).
EMSCRIPTEN_KEEPALIVE const char* sc_load_image(const char* name, const uint8_t* rgba, int width, int height,
                                               int original_width, int original_height, int frames) {
    static std::string error;
    namespace image = strideconv::image;
    using strideconv::Message;
    image::ImportOptions options;
    options.color = image::Color::rgb;
    options.max_side = image::kMaxSide;
    auto picture = image::from_pixels8(rgba, width, height, 4, options);
    const std::string file = name && *name ? name : "picture";
    if (!picture.ok()) {
        const Message why = Message::of("{0} cannot be shown: {1}.", {Message::literal(file), picture.why});
        error = why.english();  // the page's promise: English, as the host API's errors are
        platform().app.picture_refused(why);
        return error.c_str();
    }
    picture.value.source = file;
    picture.value.original_width = original_width;
    picture.value.original_height = original_height;
    auto& notices = picture.value.notices;
    if (original_width != width || original_height != height)
        notices.insert(notices.begin(),
                       Message::of("The browser scaled {0} ({1}x{2}) down to {3}x{4} to fit the working limit of {5} pixels per side.",
                                   {Message::literal(file), Message::number(original_width), Message::number(original_height),
                                    Message::number(width), Message::number(height), Message::number(image::kMaxSide)}));
    if (frames > 1)
        notices.insert(notices.begin(), Message::of("{0} is an animated GIF with {1} frames; image mode shows the first.",
                                                    {Message::literal(file), Message::number(frames)}));
    platform().app.open_picture(std::move(picture.value));
    error.clear();
    return error.c_str();
}
// A file the page could not decode as a picture: the app shows why.
// The page refused a picture before the app saw its pixels (web/host-api.js): `code` says why,
// `name` is the file's name, `detail` the browser's own words (for undecodable), `a`..`d` the
// figures. The app shows the sentence in its language; the English is returned for the page's promise.
EMSCRIPTEN_KEEPALIVE const char* sc_image_refused(const char* code, const char* name, const char* detail, int a, int b,
                                                  int c, int d) {
    static std::string english;
    using M = strideconv::Message;
    const std::string why = code ? code : "";
    const M file = M::literal(name && *name ? name : "the picture");
    M message = M::of("The file could not be read as a picture.");
    if (why == "not_a_blob") message = M::of("loadImage needs a File or Blob.");
    else if (why == "empty") message = M::of("{0} is empty (0 bytes).", {file});
    else if (why == "file_too_large") message = M::of("{0} is larger than {1} MiB.", {file, M::number(a)});
    else if (why == "no_pixels") message = M::of("{0} is {1}x{2}: a picture needs at least one pixel.", {file, M::number(a), M::number(b)});
    else if (why == "too_many_pixels")
        message = M::of("{0} is {1}x{2}, more than the {3} pixels per side and {4} Mpx the lab reads.",
                        {file, M::number(a), M::number(b), M::number(c), M::number(d)});
    else if (why == "unreadable")
        message = M::of("{0} could not be read as a picture (not an image, or a damaged or unsupported file).", {file});
    else if (why == "undecodable") message = M::of("{0} could not be decoded: {1}.", {file, M::literal(detail ? detail : "")});
    else if (why == "no_memory") message = M::of("{0} does not fit in the app's memory.", {file});
    english = message.english();
    platform().app.picture_refused(message);
    return english.c_str();
}
}
