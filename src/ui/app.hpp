// app.hpp -- the teaching canvas: Dear ImGui views over the lesson model.
//
// Draws and edits state; computes nothing about convolution itself (every number comes from
// teach::Lesson or the core). Includes ImGui only: no GL, GLFW or Emscripten (see platform/).
//
// Usage (between ImGui::NewFrame() and ImGui::Render()):
//   ui::App app;  app.set_config(teach::lesson_config("seed-stride2").value());
//   app.frame(now_seconds);            // once per frame
// The platform wires `host` to the clipboard, the page URL and image export.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "teach/lesson.hpp"
#include "teach/quiz.hpp"

struct ImFont;

namespace strideconv::ui {

// A grid of cell values for the platform to draw as one texture through shaders/heatmap.frag
// (large maps: one image instead of thousands of rectangles). Colours are linear RGB 0..1.
struct HeatmapImage {
    int slot = 0;        // which cached image: 0 input, 1 output (+2 for the compare view's left)
    uint64_t key = 0;    // changes whenever anything below changes; same key, same image
    int cols = 0, rows = 0;
    const float* values = nullptr;          // rows * cols, row-major
    const unsigned char* roles = nullptr;   // 0 visited, 1 skipped, 2 dropped, 3 padding, 4 not yet written
    float max_abs = 0;
    int cell_px = 8;     // pixels per cell in the image
    float zero[3], positive[3], negative[3], padding[3], grid[3], dropped[3], skipped[3], future[3];
};

// The arrays behind one HeatmapImage, rebuilt only when its key changes.
struct HeatmapData {
    uint64_t key = 0;
    std::vector<float> values;
    std::vector<unsigned char> roles;
};

// Services the platform provides; any may be left empty.
struct Host {
    // Returns a texture of the image (0 if it cannot); called every frame, must cache by key.
    std::function<void*(const HeatmapImage& image)> heatmap;
    std::function<void(const std::string& text)> copy_text;
    // Called when the configuration (or step) changed, at most once per frame.
    std::function<void(const teach::Config& config)> state_changed;
    std::function<void(int scale)> export_png;
    std::function<void()> record_walk;  // an animation of the whole walk (web: WebM download)
    std::function<std::string(const teach::Config& config)> share_link;  // full URL for "Copy link"
    std::function<std::string(const teach::Config& config)> embed_code;  // <iframe> snippet
};

struct Fonts {
    ImFont* normal = nullptr;
    ImFont* large = nullptr;  // projector mode
};

// Keys the walk responds to (space, arrows, Home/End, Escape). '+', '-' and '?' arrive as typed
// characters through ImGui.
enum class Key { left, right, home, end, space, escape };

class App {
  public:
    Host host;
    Fonts fonts;

    // Replace the configuration; notices (e.g. from a URL) are shown to the user.
    void set_config(const teach::Config& c, std::vector<std::string> notices = {});
    const teach::Config& config() const { return lesson_.config(); }
    const teach::Lesson& lesson() const { return lesson_; }

    void play();
    void pause();
    bool playing() const { return playing_; }
    void step(int delta);
    void go_to(int step);
    void set_speed(float steps_per_second);
    float speed() const { return speed_; }

    // The platform reports each key press (and each OS auto-repeat) as it happens; presses are
    // applied at the start of the next frame, so one shorter than a frame is never lost or doubled
    // (ImGui 1.86 polls key state once per frame).
    void key_pressed(Key k) { pending_keys_.push_back(k); }

    // Draw one frame of the whole UI filling the main viewport.
    void frame(double now_seconds);

    bool help_visible() const { return show_help_; }
    // The quiz view's current question and score (for tests and hosts).
    const teach::Question* quiz_question() const { return quiz_.index >= 0 ? &quiz_.question : nullptr; }
    // Submit an answer to the current question, as the Check button does.
    teach::Verdict answer_quiz(const std::string& typed);
    void next_question();  // as the Next button does
    int quiz_correct() const { return quiz_.correct; }
    int quiz_asked() const { return quiz_.asked; }
    // Notices shown to the user (what was clamped or ignored), until dismissed.
    const std::vector<std::string>& notices() const { return notices_; }
    // Where the walk view put its grids on the last frame (screen coordinates), for tests and
    // hosts that point at cells. cell == 0 before the first walk frame.
    struct GridPlacement {
        float cell = 0;
        float input_x = 0, input_y = 0;    // top-left of the padded input grid
        float kernel_x = 0, kernel_y = 0;
        float output_x = 0, output_y = 0;
        int pad_top = 0, pad_left = 0;
    };
    const GridPlacement& placement() const { return placement_; }

  private:
    void apply(teach::Config c);
    void handle_keyboard();
    void draw_controls();
    void draw_canvas();
    void draw_transport();
    void draw_walk(float height);
    void draw_compare(float height);
    void draw_quiz(float height);
    void draw_explanation();
    void draw_help();
    void draw_cell_editor();
    void advance(double now);
    void sync_compare();
    int walk_steps() const;    // steps of the walk on screen (the longer one in compare view)
    int current_step() const;  // its current step

    teach::Lesson lesson_;
    teach::Lesson compare_;  // the other configuration of the compare view
    int compare_tick_ = 0;   // the compare view's lockstep counter (over the longer walk)
    std::vector<std::string> notices_;
    bool playing_ = false;
    float speed_ = 1.5f;  // steps per second
    double last_advance_ = 0;
    double now_ = 0;
    bool show_help_ = false;
    bool dirty_ = false;  // state changed this frame: tell the host once

    // Hover and edit targets found while drawing (used on the next frame).
    struct Hover {
        enum Kind { none, input, kernel, output } kind = none;
        int row = 0, col = 0;
    };
    Hover hover_, next_hover_;
    struct Edit {
        bool kernel = false;
        int index = -1;
        float value = 0;
    } edit_;
    bool open_editor_ = false;
    std::vector<Key> pending_keys_;
    GridPlacement placement_;
    HeatmapData heat_[4];

    // Step traces are recomputed only when the lesson or the step changes, not every frame.
    // Slots: 0 current step, 1 hovered output cell, 2-3 the compare view's two walks.
    struct TraceCache {
        bool valid = false;
        const teach::Lesson* lesson = nullptr;
        uint64_t revision = 0;
        int step = -1;
        Result<CellTrace> trace;
    };
    TraceCache traces_[4];

    // Quiz view.
    struct Quiz {
        uint32_t seed = 1;
        int index = -1;           // -1: no question yet
        teach::Question question;
        teach::Lesson lesson;     // the question's configuration, drawn without its answer
        char typed[48] = {};
        bool answered = false;
        teach::Verdict verdict;
        int asked = 0, correct = 0;
    } quiz_;
    const Result<CellTrace>& traced(int slot, const teach::Lesson& l, int step);
};

}  // namespace strideconv::ui
