// stack_mode.hpp -- the network view's model (view=stack): which layers are on screen (a preset or
// a custom stack, with stride/pool swaps), the table's text, the swap switches with what each
// changes, the receptive field of a clicked output cell painted on the input, the sentences, the
// lessons and quiz questions of the view, and the JSON hosts and the CLI print.
//
// Standard C++17 (teach + core + base). Every number comes from core/stack; this file words it.
// The ui's stack_view.cpp only draws a StackModel and sends edits back as a StackConfig.
//
// Usage:
//   teach::StackConfig c;  c.preset = "resnet50";
//   teach::StackModel m = teach::build_stack_model(c);
//   m.table.rows[0].cells[1];                          // "conv1"
//   teach::StackPicture p = teach::stack_picture(m, 2, 10, 10);   // output (10, 10) of layer 2
//   p.rows.first, p.padding_rows;                       // where it looks; how much is padding
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "core/stack.hpp"
#include "teach/strings.hpp"

namespace strideconv::teach {

// [SECTION] Configuration -----------------------------------------------------------------------

// The part of the app's state the network view owns (URL: preset=, stack=, swap=, stack_input=,
// channels=, flops=, cell=, stack_picture=).
struct StackConfig {
    std::string preset = "resnet50";  // the starting layers (a name from network_presets())
    std::string spec;                 // a custom stack in the grammar; empty: the preset's layers
    std::vector<int> swaps;           // downsampling points of those layers, swapped (sorted)
    Pair input{224, 224};             // 1..kMaxStackInput per axis
    int channels = 3;                 // 1..kMaxStackChannels
    bool flops = false;               // show FLOPs (2 x MACs) instead of MACs
    bool picture = false;             // the field on image mode's picture (image=...), not a grid
    int layer = 0;                    // the selected layer (0: none)
    Pair cell{0, 0};                  // the selected output cell of that layer

    bool operator==(const StackConfig& o) const;
    bool operator!=(const StackConfig& o) const { return !(*this == o); }
};

// Clamps sizes and channels, drops an unknown preset (back to the default), a spec that does not
// parse, swaps that are not swappable points and a selection outside the layers; one sentence per
// change in `notices`, in `lang`.
void normalize(StackConfig& c, std::vector<std::string>* notices = nullptr, Lang lang = Lang::en);

// The layers before the swaps (the preset's or the spec's), or the parse error.
Result<std::vector<StackLayer>> base_layers(const StackConfig& c);

// An edit of the layers on screen (add, remove, reorder, edit): the new layers become the spec
// (the swaps are applied to them, so the switches start again from the new layers); the
// selection moves with the layer when it can.
StackConfig with_layers(const StackConfig& c, const std::vector<StackLayer>& layers);

// [SECTION] The model ---------------------------------------------------------------------------

struct StackTableRow {
    std::vector<std::string> cells;   // one per StackTable::headers
    int position = 0;
    bool shortcut = false;            // drawn indented, beside the main path
    bool drops = false;               // the floor drops input rows/columns here
    bool downsamples = false;         // a stride above 1
    std::string tooltip;              // the row's working: formula, field, cost
};

struct StackTable {
    std::vector<std::string> headers;
    std::vector<StackTableRow> rows;
    std::vector<std::string> totals;  // one per header
};

// One stride/pool switch.
struct SwapSwitch {
    int position = 0;                 // in the layers before the swaps
    bool swappable = false;
    bool swapped = false;
    std::string label;                // "conv1: stride 2 <-> stride 1 + max pool 2x2"
    std::string effect;               // what flipping it changes (MACs, parameters, field, size)
};

struct StackModel {
    Lang lang = Lang::en;             // the language of every sentence (stack_picture's too)
    StackConfig config;               // normalized
    std::vector<std::string> notices; // from normalizing
    std::vector<StackLayer> layers;   // on screen (swaps applied)
    StackResult result;
    StackTable table;
    std::vector<SwapSwitch> switches;
    std::string title;                // the preset's title, or "Custom stack"
    std::string summary;              // one sentence: output, jump, field, cost
    std::vector<std::string> notes;   // per notable layer: dropped rows, shortcut alignment
};

// Every word in `lang` (the app passes Config::lang; the CLI and the JSON keys stay English).
StackModel build_stack_model(const StackConfig& config, Lang lang = Lang::en);

// The table alone (the CLI prints it as plain text).
StackTable stack_table(const StackResult& r, bool flops, Lang lang = Lang::en);
// Sentences for the layers worth a remark: rows the floor drops, shortcuts and their alignment.
std::vector<std::string> stack_notes(const StackResult& r, Lang lang = Lang::en);
// One object per layer: name, type, input, output [H, W], channels, kernel, stride, padding
// [top, bottom, left, right], dilation, groups, jump, rf, effective_padding, centre, remainder,
// dropped, macs (and flops when asked), params, activations, window_reads, and for shortcuts
// skip, additions and aligned.
json::Value stack_rows_json(const StackResult& r, bool flops);
json::Value stack_totals_json(const StackResult& r, bool flops);
// getState().stack: the configuration (preset, custom: the stack= of a link or "", spec: the layers
// on screen in the grammar, swaps,
// input, channels, flops, layer, cell) and, when `derived`, title, layers (stack_rows_json),
// totals, error, switches and the selected cell's field; their sentences in `lang`.
json::Value stack_state_json(const StackConfig& c, bool derived, Lang lang = Lang::en);

// [SECTION] Receptive field of a clicked cell -----------------------------------------------------

struct StackPicture {
    bool valid = false;
    int layer = 0;
    Pair cell{0, 0};
    Pair input{0, 0};                 // the network's input
    Span rows, cols;                  // the field, in input coordinates (may reach into padding)
    int padding_rows = 0, padding_cols = 0;  // how many of its rows/cols lie outside the input
    // How much padding the drawing shows on each side: enough for the field, at least the first
    // layer's padding.
    int margin_top = 0, margin_bottom = 0, margin_left = 0, margin_right = 0;
    // A field small next to the drawn extent (under a quarter of it on its longer axis) is drawn
    // in close-up: the square region shown, in input coordinates, three times the field's longer
    // side and at least 12 cells, centred on the field and kept inside the extent. Empty spans: the
    // whole extent is drawn.
    Span view_rows, view_cols;
    std::string sentence;             // "Output (3, 5) of layer 12 sees ..."
    // A shortcut layer's cell: each term of the sum on its own (core's shortcut_regions), and
    // a sentence on whether the two fields are centred on the same input pixel.
    bool shortcut = false;
    Span main_rows, main_cols, shortcut_rows, shortcut_cols;
    std::string paths_sentence;
};
// The field of output (row, col) of layer `layer` (1-based). Out-of-range cells are clamped.
StackPicture stack_picture(const StackModel& m, int layer, int row, int col);

// What the input shows with stack_picture=1: image mode's picture (its title, "zone plate 256 x
// 256, 1 channel (gray)", and size) drawn over a network input of `input`; says when it is
// stretched to fit.
std::string stack_picture_note(const std::string& picture_title, Pair picture, Pair input, Lang lang = Lang::en);

// The cell under a point of a grid drawn at (x0, y0) with cells of size `cell` (screen units),
// or nullopt outside it.
std::optional<Pair> grid_cell_at(float x0, float y0, float cell, Pair cells, float x, float y);

// [SECTION] Lessons and quiz ---------------------------------------------------------------------

struct StackLesson {
    const char* name;   // lesson=NAME
    const char* title;  // English: the key of tr()
    const char* point;  // one sentence (English: the key of tr())
};
const std::vector<StackLesson>& stack_lessons();
// The lesson's stack configuration; nullopt for an unknown name.
std::optional<StackConfig> stack_lesson_config(const std::string& name);
// The lesson's explanation with the numbers the core gives for it.
std::string stack_lesson_text(const std::string& name, Lang lang = Lang::en);

struct StackQuestion {
    std::string prompt;
    std::string answer;               // canonical: a number or HxW
    std::string explanation;
    StackConfig config;               // what to show while asking
};
// The questions of the view, in order (they do not depend on a seed: each is about one preset).
std::vector<StackQuestion> stack_questions(Lang lang = Lang::en);
// Accepts numbers and HxW as the lesson's quiz does ("4", "4x4", "4 x 4").
bool stack_answer_correct(const StackQuestion& q, const std::string& typed);

// [SECTION] Text --------------------------------------------------------------------------------

std::string count_text(int64_t n);            // "1,234,567"
std::string jump_text(const StackAxis& a);    // "4" or "1/2"
std::string centre_text(const StackAxis& a);  // "3.5"
// A per-axis value: "7" when both axes agree, else "7x5".
std::string axes_text(int64_t h, int64_t w);

}  // namespace strideconv::teach
