// lesson.hpp -- the lesson model: the teaching configuration, its derived results, the stride
// walk (step <-> output cell), hover mappings, presets and lessons.
//
// Standard C++17 only (core + std). The UI reads everything it shows from here; no arithmetic
// about convolution happens in a view. Every rule of the lesson is unit-testable without a GPU.
//
// Usage:
//   teach::Config c = teach::lesson_config("seed-stride2");
//   teach::Lesson l;  l.set_config(c);           // recomputes once, only when c changed
//   l.steps();  l.step_cell(1);  l.trace(1);      // 4 steps; step 1 is output (0, 1)
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/names.hpp"
#include "base/number_text.hpp"
#include "base/presets.hpp"
#include "core/core.hpp"
#include "teach/channel_config.hpp"
#include "teach/stack_mode.hpp"
#include "teach/strings.hpp"
#include "teach/image_config.hpp"
#include "teach/transposed_config.hpp"

namespace strideconv::teach {

// The op, input fills and kernel presets are shared with the CLI and hosts (core, base); the
// lesson uses them under its own names too.
using strideconv::Op;
using strideconv::to_string;  // teach::to_string names ops and padding modes too
using base::Fill;
using base::to_string;        // ... and fills
using base::fill_values;
using base::KernelPreset;
using base::kernel_presets;
using base::kernel_preset_values;

// [SECTION] Configuration -----------------------------------------------------------------------

// Limits of the grid view; larger values are clamped with a notice.
constexpr int kMaxGrid = 32;     // input height/width
constexpr int kMaxKernel = 9;    // kernel height/width
constexpr int kMaxStride = 8;
constexpr int kMaxDilation = 6;
constexpr int kMaxPad = 8;
// The most output cells (walk steps) a grid configuration can have: stride 1 over the padded input.
constexpr int kMaxWalkSteps = (kMaxGrid + 2 * kMaxPad) * (kMaxGrid + 2 * kMaxPad);

// The grids' zoom (link `zoom=`, percent of the size at which they fit the canvas; presentation
// only): 100 fits them, more enlarges them and the canvas scrolls over them.
constexpr int kMinZoom = 100;
constexpr int kMaxZoom = 400;
// The zoom control's steps: the next level up or down from `zoom` (any value in range, e.g. a
// pinch's), stopping at the limits.
int zoom_in(int zoom);
int zoom_out(int zoom);

// The ops the lesson teaches, in strideconv::Op's order (the controls list them by index).
constexpr Op kLessonOps[] = {Op::conv2d, Op::max_pool2d, Op::avg_pool2d, Op::conv_transpose2d};
bool is_lesson_op(Op op);

enum class PadPreset { custom, same, valid, full };  // 'same'/'full' are recomputed from kernel
enum class View { walk, compare, quiz, stack, image };
// What the zoom control enlarges in `view` and how to move around it, as the table's English key
// (the side panel's tooltip): the grids, image mode's pictures, or the network view's text and boxes.
const char* zoom_tooltip(View view);
enum class Theme { dark, light };
// The colours: the standard set (blue/orange values, told apart under protanopia and deuteranopia)
// or one built from Okabe and Ito's set, told apart under tritanopia too (ui/palette.cpp).
enum class Colours { standard, colorblind };
// Predict, then reveal: the current step's output value (value) or window position (window) stays
// hidden until the student commits an answer.
enum class Predict { off, value, window };
// What the compare view sets beside the layer: the same layer at another stride, or the same layer
// at stride 1 followed by SxS max pooling at stride S (S = the layer's stride), as in the networks
// before ResNet.
enum class CompareWith { stride, pool };
// What the quiz asks about (teach/quiz.hpp): the strided convolution's six kinds of question (the
// default, so older quiz links keep their questions), conv_transpose2d, channels and groups, or
// all of them in turn.
enum class QuizTopic { stride, transposed, channels, all };

// Their names in links and the state JSON (teach/url.cpp, set_state.cpp), in the order notices
// list them.
inline constexpr base::Name<PadPreset> kPadPresetNames[] = {
    {PadPreset::custom, "custom"}, {PadPreset::same, "same"}, {PadPreset::valid, "valid"}, {PadPreset::full, "full"}};
inline constexpr base::Name<View> kViewNames[] = {
    {View::walk, "walk"}, {View::compare, "compare"}, {View::quiz, "quiz"}, {View::stack, "stack"}, {View::image, "image"}};
inline constexpr base::Name<Theme> kThemeNames[] = {{Theme::light, "light"}, {Theme::dark, "dark"}};
inline constexpr base::Name<Colours> kColoursNames[] = {{Colours::standard, "standard"}, {Colours::colorblind, "colorblind"}};
inline constexpr base::Name<Predict> kPredictNames[] = {{Predict::off, "off"},
                                                        {Predict::off, "0", true},
                                                        {Predict::value, "value"},
                                                        {Predict::value, "1", true},
                                                        {Predict::window, "window"}};
inline constexpr base::Name<CompareWith> kCompareWithNames[] = {{CompareWith::stride, "stride"}, {CompareWith::pool, "pool"}};
inline constexpr base::Name<QuizTopic> kQuizTopicNames[] = {{QuizTopic::stride, "stride"},
                                                            {QuizTopic::transposed, "transposed"},
                                                            {QuizTopic::channels, "channels"},
                                                            {QuizTopic::all, "all"}};
inline const char* to_string(PadPreset v) { return base::name_of(kPadPresetNames, v); }
inline const char* to_string(View v) { return base::name_of(kViewNames, v); }
inline const char* to_string(Theme v) { return base::name_of(kThemeNames, v); }
inline const char* to_string(Colours v) { return base::name_of(kColoursNames, v); }
inline const char* to_string(Predict v) { return base::name_of(kPredictNames, v); }
inline const char* to_string(CompareWith v) { return base::name_of(kCompareWithNames, v); }
inline const char* to_string(QuizTopic v) { return base::name_of(kQuizTopicNames, v); }

// The whole teaching state. Field names follow the URL parameters (course-materials issue).
struct Config {
    Op op = Op::conv2d;
    Pair input{5, 5};
    Pair kernel{3, 3};
    Pair stride{1, 1};
    PadPreset pad_preset = PadPreset::custom;
    Pad4 padding{};  // used when pad_preset == custom; otherwise derived
    PaddingMode padding_mode = PaddingMode::zeros;
    Pair dilation{1, 1};
    float bias = 0;
    bool ceil_mode = false;          // pools
    bool count_include_pad = true;   // avg pool
    Fill fill = Fill::seq;
    uint32_t seed = 1;
    std::vector<float> x;            // input values, C_in*H*W, channel after channel, row-major
                                     // (always sized; one H*W plane with the default channels)
    std::string kernel_preset = "ones";
    std::vector<float> w;            // kernel values, C_out*(C_in/groups)*KH*KW as in PyTorch (always
                                     // sized; one KH*KW plane by default). A preset fills every plane.
    int step = 0;                    // 0-based; the compare view: a step of the longer walk
    View view = View::walk;
    Pair compare_stride{1, 1};       // the other side of the compare view
    StackConfig stack;               // the network view (view=stack)
    CompareWith compare_with = CompareWith::stride;
    QuizTopic quiz = QuizTopic::stride;  // link `quiz=`: what the quiz view asks about
    Theme theme = Theme::dark;
    Colours colours = Colours::standard;  // link `palette=`
    bool embed = false;
    bool large_text = false;
    int zoom = kMinZoom;             // link `zoom=`: the grids' size in percent (presentation)
    int index_base = 0;              // row/column numbers in sentences and on grids: 0- or 1-based
    Predict predict = Predict::off;
    bool about = false;              // the About panel is open (presentation only)
    Lang lang = Lang::en;            // link `lang=`: the language of every string (presentation)
    std::string lesson;
    ImageConfig image;               // image mode (view == image); teach/image_config.hpp
    // [transposed] conv_transpose2d (op == Op::conv_transpose2d; teach/transposed.hpp). Padding is
    // PyTorch's: cropped from each side of the scatter's output, the same on both sides of an axis.
    Pair output_padding{0, 0};       // rows/columns given back at the bottom/right; < max(stride, dilation)
    TransposedView transposed_view = TransposedView::scatter;
    // [Channels and groups] in_channels, out_channels, groups, channel: teach/channel_config.hpp
    ChannelConfig channels;

    bool operator==(const Config& o) const;
    bool operator!=(const Config& o) const { return !(*this == o); }
};

// Fills `c.x` from c.fill/c.seed (unless custom) and `c.w` from c.kernel_preset (unless
// "custom"), resizing both to the current shapes. Clamps every field into range; each change it
// had to make is appended to `notices` as a sentence.
void normalize(Config& c, std::vector<std::string>* notices = nullptr);

// Copies what belongs to the viewer rather than the lesson (theme, colours, text size, zoom) from `from`
// into `to`: opening a lesson keeps them.
void keep_presentation(const Config& from, Config& to);

// The same layer on the same values: what the lesson computes does not change from a to b (the
// step, view and presentation may).
bool same_computation(const Config& a, const Config& b);

// Padding actually used (resolves same/valid/full against the kernel and dilation).
Pad4 effective_padding(const Config& c);
// The core's options for a conv_transpose2d lesson (padding: effective_padding's top and left).
ConvTranspose2dOptions conv_transpose_options(const Config& c);

// [SECTION] Lessons -----------------------------------------------------------------------------

struct LessonInfo {
    const char* name;
    const char* title;
    const char* point;  // one sentence: what the student should see
};
const std::vector<LessonInfo>& lessons();
// Configuration of a lesson; nullopt for an unknown name.
std::optional<Config> lesson_config(const std::string& name);

// [SECTION] Text ---------------------------------------------------------------------------------

// A value as the lesson writes it: integers without decimals, others to 3 significant digits.
inline std::string format_number(float v) { return base::format_display(v, 3); }
// A row or column index as the lesson writes it, counted from c.index_base (0 or 1), and a
// position "(row, col)". Negative indices (padding) are written as they are.
std::string index_number(const Config& c, int i);
std::string position_text(const Config& c, int row, int col);
// The convention in words, e.g. "rows and columns are numbered from 0".
std::string index_convention(const Config& c);

// A step's arithmetic, e.g. "1×0 + 2×1 + ... = 14   + bias 0.5 = 14.5", "max(1, 7) = 7",
// "(1 + 2) / 4 = 0.75" (average pooling without count_include_pad: only the real cells).
std::string step_arithmetic(const Config& c, const CellTrace& t);

// [SECTION] Derived lesson state ----------------------------------------------------------------

// How an input cell relates to the windows.
enum class CellRole {
    visited,   // read by at least one window
    skipped,   // between windows: the stride jumps over it (or dilation holes)
    dropped,   // after the last window: the floor's remainder
};

struct Lesson {
    // Sets the configuration (normalizing a copy). Recomputes only if something changed;
    // returns true if it did. Notices from normalization are kept in `notices`.
    bool set_config(const Config& c);
    const Config& config() const { return config_; }

    // Results (valid when error.empty()).
    std::string error;                 // why this configuration is refused (core's message)
    Message why;                       // the same as a key and parameters: say(lang, why) words it
    std::vector<std::string> notices;  // what normalization changed
    Tensor input;                      // C_in x H x W
    Weight weight;                     // C_out x C_in/groups x KH x KW (conv2d)
    Tensor output;                     // every output channel; the walk steps through config().channels.channel
    LayerShape shape;                  // the core's shape of the layer: geometry, counts
    uint64_t revision = 0;             // changes on every recompute and when another channel is shown;
                                       // unique across lessons

    // Walk steps: output cells, except in conv_transpose2d's scatter and overlap views, where the
    // walk steps through the input cells (walks_input()): step_cell and cell_step are then input cells.
    int steps() const;                 // (of one output channel)
    CellIndex step_cell(int step) const;
    int cell_step(int row, int col) const;
    bool walks_input() const;
    // The current step's trace (or any step's).
    Result<CellTrace> trace(int step) const;

    // Roles of input cells (row, col) in [0,H)x[0,W).
    CellRole role(int row, int col) const;
    // Output cells (as steps) whose windows read input cell (row, col), directly or through a
    // padding copy, and the total number of reads.
    std::vector<int> readers(int row, int col, int* reads = nullptr) const;
    // Input coordinate (may be in the padding) that kernel tap (ky, kx) reads at `step`.
    std::pair<int, int> tap_position(int step, int ky, int kx) const;

    // The output-size formula of one axis in symbols, e.g.
    // "H_out = floor((H + p_top + p_bottom - d·(k - 1) - 1) / s) + 1".
    std::string formula_symbols(bool rows) const;
    // The same with the numbers, the result, and what the floor's remainder leaves unread, e.g.
    // "floor((6 + 0 + 0 - 1·(3 - 1) - 1) / 2) + 1 = floor(3 / 2) + 1 = 2; remainder 1: 1 input row
    // after the last window, never read".
    std::string formula(bool rows) const;
    // Stride-1 comparison numbers.
    int64_t macs() const { return shape.macs; }
    int64_t macs_stride1() const { return shape.macs_stride1; }

  private:
    void recompute();
    void recompute_transposed();
    // Sets `error` and `why` (an empty message: not refused).
    void refuse(Message why);
    // Shape (refused or over the budget: `error`), then the op; on success `shape` and `output`.
    void compute_layer(Result<LayerShape> s, const std::function<Result<Tensor>()>& run);
    Config config_;
    bool has_config_ = false;
};

}  // namespace strideconv::teach
