// views.hpp -- the views of the canvas, one file each: controls panel (controls_view.cpp),
// transport bar and explanation (walk_view.cpp shares them), walk, compare, quiz, keyboard help
// and the cell editor. Each reads the player and a teach::Scene and draws; edits go back through
// the player. ImGui only; used by app.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "teach/explain.hpp"
#include "teach/player.hpp"
#include "teach/quiz.hpp"
#include "teach/scene.hpp"
#include "teach/image_mode.hpp"
#include "teach/stack_mode.hpp"
#include "teach/transposed.hpp"
#include "ui/grid_view.hpp"
#include "ui/host.hpp"
#include "ui/palette.hpp"

struct ImFont;

namespace strideconv::ui {

struct Fonts {
    ImFont* normal = nullptr;
    ImFont* large = nullptr;  // projector mode
};

// What every view gets for one frame.
struct ViewContext {
    teach::Player& player;
    const Host& host;
    Palette palette;
    ImFont* font = nullptr;  // the font grids write with (null: the current one)
    const teach::QuizSession* quiz = nullptr;  // the quiz view's session, while it is on screen
    bool touch = false;  // a finger is the pointer: bigger targets, taps act on release
    ImVec2 pan{0, 0};    // a two-finger pan since the last frame (pixels): zoomed grids scroll by it
};

// A scene rebuilt only when its lesson or options change, not every frame.
class SceneCache {
  public:
    const teach::Scene& get(const teach::Lesson& lesson, const teach::SceneOptions& options);

  private:
    bool valid_ = false;
    const teach::Lesson* lesson_ = nullptr;
    uint64_t revision_ = 0;
    teach::Lang lang_ = teach::Lang::en;  // titles and tooltips are words: another language, another scene
    teach::SceneOptions options_;
    teach::Scene scene_;
};

// Where the walk view put its grids (screen coordinates), for tests and hosts.
struct GridPlacement {
    float cell = 0;
    float input_x = 0, input_y = 0;  // top-left of the padded input grid
    float kernel_x = 0, kernel_y = 0;
    float output_x = 0, output_y = 0;
    int pad_top = 0, pad_left = 0;
};

// The popup that edits one input or kernel value.
class CellEditor {
  public:
    void open(bool kernel, int index, float value);
    void draw(teach::Player& player);

  private:
    bool kernel_ = false;
    int index_ = -1;
    float value_ = 0;
    bool open_requested_ = false;
};

class WalkView {
  public:
    void draw(const ViewContext& ctx, float height, CellEditor& editor);
    // Predict, then reveal: the answer field (value) or the hint (window) while the step is hidden.
    void draw_prediction(const ViewContext& ctx);
    GridPlacement placement;

  private:
    char typed_[48] = {};
    SceneCache scene_;
    teach::SceneHover hover_;
    // The legend's fold: unset follows the room (shown when it fits under the grids), else the
    // student's choice.
    std::optional<bool> legend_open_;
    double press_time_ = 0;   // when the grids were last pressed (a long touch only shows)
    bool scrubbing_ = false;  // the press began on the output map: dragging walks the steps
    bool panning_ = false;    // the press began off the grids: dragging scrolls zoomed grids
    ZoomArea zoom_;
    HeatmapData heat_[2];
};

// conv_transpose2d's walk (transposed_view.cpp): the scatter and the equivalent stride-1
// convolution stepped together, or the overlap map; hover maps each grid to the others.
class TransposedView {
  public:
    void draw(const ViewContext& ctx, float height, CellEditor& editor);
    // Where the last frame put the grids (screen coordinates), for tests and hosts.
    struct Placement {
        float cell = 0;
        ImVec2 input, canvas, grid, output;  // top-left of the input, the scatter's canvas, the
                                             // equivalent input and its output
    } placement;

  private:
    teach::TransposedHover hover_, scene_hover_;
    teach::TransposedScene scene_;
    bool valid_ = false;
    uint64_t revision_ = 0;
    teach::Lang lang_ = teach::Lang::en;
    int step_ = -1;
    float legend_h_ = 0;  // the legend's height last frame (it flows into as many rows as it needs)
    std::optional<bool> legend_open_;  // unset: shown when it fits in a third of the height
    bool panning_ = false;  // the press began off the grids: dragging scrolls zoomed grids
    bool overflowed_ = false;  // the grids did not fit at the smallest cells: they scroll
    ZoomArea zoom_;
};
// Its side-panel controls (output_padding, which view), under the layer's.
void draw_transposed_controls(teach::Config& c);

class CompareView {
  public:
    void draw(const ViewContext& ctx, float height);

  private:
    void draw_strides(const ViewContext& ctx, ImVec2 room);
    void draw_pool(const ViewContext& ctx, ImVec2 room, float fit_w);
    SceneCache scenes_[2];
    SceneCache pool_scene_;
    HeatmapData heat_[6];
    ZoomArea zoom_;
    float needed_h_ = 0;  // the height the two sides need (last frame): a shorter canvas scrolls
    float needed_w_ = 0;  // the width the pool's pipeline needs (last frame): a narrower canvas scrolls
};

class QuizView {
  public:
    void draw(const ViewContext& ctx);
    void next();
    teach::QuizSession session;

  private:
    char typed_[48] = {};
    SceneCache scene_;
    teach::Scene transposed_scene_;  // a conv_transpose2d question's grids
    uint64_t transposed_revision_ = 0;
    teach::Lang transposed_lang_ = teach::Lang::en;
    bool transposed_answered_ = false;
    HeatmapData heat_[2];
    ZoomArea zoom_;
};

// The network view (stack_view.cpp): draws a teach::StackModel, cached per StackConfig and language. With
// stack_picture=1 the input is image mode's picture (`picture`, computed by the app).
class StackView {
  public:
    void draw(const ViewContext& ctx, float height, const teach::ImageModel& picture);
    void draw_quiz(const ViewContext& ctx);
    const teach::StackModel& model(const teach::StackConfig& c, teach::Lang lang);
    std::string lesson_text(const std::string& name, teach::Lang lang);
    // Where the last frame put the selected layer's output grid and the input (screen
    // coordinates), for tests and hosts that click cells.
    struct Placement {
        int layer = 0;
        Pair output{0, 0};
        float output_x = 0, output_y = 0, output_cell = 0;
        float input_x = 0, input_y = 0, input_cell = 0;
    } placement;

  private:
    void draw_table(const ViewContext& ctx, const teach::StackModel& m, float height);
    void draw_picture(const ViewContext& ctx, const teach::StackModel& m, const teach::ImageModel& picture);
    void draw_editor(const ViewContext& ctx, const teach::StackModel& m);
    void draw_switches(const ViewContext& ctx, const teach::StackModel& m);

    bool valid_ = false;
    teach::StackConfig key_;
    teach::Lang key_lang_ = teach::Lang::en;
    teach::StackModel model_;
    std::string lesson_name_, lesson_text_;
    teach::Lang lesson_lang_ = teach::Lang::en;
    std::vector<teach::StackQuestion> questions_;
    teach::Lang questions_lang_ = teach::Lang::en;
    int question_ = -1;
    int verdict_ = 0;  // 0: not checked, 1: right, -1: wrong
    int scrolled_to_ = -1;  // the selected layer the table last scrolled to
    bool zoomed_ = false;   // this frame's zoom is above 100 %: the view scrolls sideways
    // The table's columns as the last frame laid them out: their widths (padding included), the
    // room before the first and after the last visible one (border, scroll bar).
    struct TableColumns {
        int frozen = 0;
        std::vector<float> widths;
        float lead = 0, trail = 0;
    } table_columns_;
    int table_first_ = 0;        // the first column shown after the frozen ones
    float table_scroll_ = -1;    // the sideways scroll the table was last given (-1: none yet)
    void snap_table_scroll(int frozen, int columns);
    char typed_[32] = {};
};

// The padding solver's fields (the walk's side panel): one per app, so that a new app (the native
// --shots run draws each state with one) starts with them empty, as the page does.
struct PaddingSolverState {
    int wanted[2] = {0, 0};         // the wanted output size: the layer's, until the user types another
    std::string solved;             // the last solve's sentence
    uint64_t seen_revision = 0;     // the lesson's revision the fields last followed
    bool solver_changed = false;    // the next recompute is the solver's (its sentence stays)
};

void draw_controls(const ViewContext& ctx, PaddingSolverState& solver);
// A side panel's lesson picker, the panel's whole width: a title wider than the panel shows
// wrapped, not cut (controls_view.cpp). `titles[count]`, `none` for current < 0; true when one
// was chosen (`chosen`).
bool lesson_picker(int current, const char* const* titles, int count, const char* none, int& chosen);
// Puts the button `label` that comes next beside the last item while it fits the window's width,
// else under it (German and French buttons on phones ran off the canvas).
void button_beside(const char* label);
// The side panel's view choice (walk, compare, quiz, image, network), shared by every view's panel.
void draw_view_choice(teach::View& view, teach::Lang lang);
// The language of every string (lang=): each language listed under its own name.
void draw_language_choice(teach::Config& c);
// Language, theme, colour set, text size and zoom (the grids, image mode's pictures, the network view): presentation, which
// every view's panel offers.
void draw_presentation(teach::Config& c);
// The grids' zoom (zoom=): -, the percentage, + and Fit (part of draw_presentation).
void draw_zoom(teach::Config& c);
// Copy link, Copy embed code, PNG 1x/2x/4x and (where there is a walk) Record walk: what the host offers.
void draw_share_and_export(const Host& host, const teach::Config& c, bool walk);
// The side panel's network part on view=stack (stack_view.cpp).
void draw_stack_controls(const ViewContext& ctx, StackView& view, const teach::ImageModel& picture);
void draw_transport(const ViewContext& ctx);
// [Channels and groups] (channels_view.cpp) The strip above the walk's grids when the layer has
// channels (at most about a third of `height`, the walk's); returns the height it took. The side panel's channel counts, groups slider and
// depthwise-then-pointwise table, editing `c`.
float draw_channel_strip(const ViewContext& ctx, float height);
void draw_channel_controls(teach::Config& c);
// The explanation panel's lines and the height they take at the current width.
void draw_explanation(const ViewContext& ctx, const std::vector<teach::Line>& lines);
float explanation_height(const std::vector<teach::Line>& lines);
void draw_help(const ViewContext& ctx, bool& open);
void draw_about(const ViewContext& ctx);  // when the configuration's `about` is set

}  // namespace strideconv::ui
