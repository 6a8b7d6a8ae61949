// image_mode.hpp -- image mode's model: the picture, the five downsampling routes computed on it in
// frame-sized pieces, and everything the image view shows about them: per route its output, size
// with the formula, MACs (window reads for pools), measured time and the speed sentence; the
// stride/subsample identity; the shift-change figure and why; the value under the cursor; the
// window an output pixel reads; and the walk on the region around it.
//
// Standard C++ only (teach over image over core). The image view (ui/image_view.cpp) draws this;
// tests drive it without a window.
//
// Usage:
//   teach::ImageModel m;
//   m.set_config(config);                  // every frame: cheap when nothing changed
//   m.work(16.0);                          // every frame: about 16 ms of computing at most
//   for (const teach::RouteCard& card : m.cards()) ... card.output, card.time_line ...
//   m.set_own_picture(decoded, config);    // a file opened or dropped (config.image.own_file set)
//   auto link = m.walk_link(config, image::Route::stride, 12, 40);  // link->config opens the walk
//
// [SECTION] What the view shows
// [SECTION] The model
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "image/image.hpp"
#include "image/route_work.hpp"
#include "image/routes.hpp"
#include "teach/explain.hpp"
#include "teach/lesson.hpp"

namespace strideconv::teach {

// [SECTION] What the view shows ------------------------------------------------------------------

// How values become colours: `unit` shows values 0..1 as they are (gray or RGB); `positive` scales
// 0..scale to black..white; `signed_around_zero` puts zero on the neutral colour of the diverging
// map (one channel) or on mid-grey (RGB), -scale and +scale at the two ends. Never clamps
// negative values to black.
struct DisplayMap {
    image::ValueMap::Kind kind = image::ValueMap::Kind::unit;
    float scale = 1;
    bool diverging = false;            // signed and one channel: the diverging colour map
    std::string low, middle, high;     // legend labels, e.g. "-4.25", "0", "4.25"
    std::string description;           // one sentence, e.g. "zero is neutral; blue below, orange above"
};

// One route as the image view shows it.
struct RouteCard {
    image::Route route = image::Route::stride1;
    int number = 1;                    // 1..5, as in the issue and the lessons
    std::string title;                 // "conv stride 2"
    bool ready = false;                // the output is computed
    const Tensor* output = nullptr;    // C x out_h x out_w (null until ready)
    uint64_t key = 0;                  // changes whenever `output` changes (texture caches)
    int out_h = 0, out_w = 0;
    int64_t macs = 0;                  // conv MACs + window reads (pools) or blur MACs
    std::string size_line;             // "128 x 128"
    std::string formula_rows, formula_cols;  // the output-size working per axis
    // The same as shown: one line "rows and columns: ..." when both axes agree, else two.
    std::vector<std::string> formula_lines;
    std::string cost_line;             // "147,456 MACs" / "589,824 conv MACs + 147,456 window reads"
    std::string time_line;             // "1.23 ms (median of 5 runs)" / "timing: 2 runs so far"
    double median_ms = 0;
    int runs = 0;
    std::string speed_line;            // route 2: "against conv stride 1: 4.0x fewer MACs, 3.7x faster here"
    std::string shift_line;            // "shift (1, 1): output changes 38.2 %"
    std::optional<double> shift_change;
};

// The value of one pixel of the picture or of a route's output, and the window it reads.
struct PixelInfo {
    bool valid = false;
    std::vector<float> values;         // one per channel
    std::string text;                  // "conv stride 2, output row 12, col 40: 0.153 (reads rows 23..25, cols 79..81)"
    image::InputWindow window;         // outputs: the input pixels it depends on
};

// Opening the walk on the region around an output pixel's window.
struct WalkLink {
    Config config;                     // view = walk, the region's values, the window's step
    std::string notice;                // what the walk shows and how to come back
    image::InputWindow region;         // picture rows/cols shown by the walk
};

// [SECTION] The model ----------------------------------------------------------------------------

// Each route is timed this many times (fewer when the timing runs would take longer than
// kTimingBudgetMs in total; the time line says how many).
constexpr int kTimingRuns = 5;
constexpr double kTimingBudgetMs = 3000;
// Longest a piece of work should take (a band of a picture or of a route's stage).
constexpr double kPieceMs = 8;

// A route's title in `lang` ("conv + max pool 2x2 / 2"; image::route_title's English, which the CLI prints).
std::string route_title(image::Route r, Pair stride, int blur, Lang lang);
// A route's size formula along rows or columns with its stages named in `lang` ("conv: floor(...) + 1
// = 254; max pool: ..." in English, image::RoutePlan::size_formula's text); the arithmetic as it is.
std::string route_size_formula(const image::RoutePlan& p, bool rows, Lang lang);

class ImageModel {
  public:
    // Takes the configuration's image part and layer (kernel, stride, padding, padding mode).
    // Nothing is computed here; work() does it. Returns true if anything must be recomputed.
    bool set_config(const Config& c);
    // The user's own picture (decoded by the platform). Sets c.image.own_file; the notices of
    // decoding are kept and shown. Returns the configuration to apply.
    Config set_own_picture(image::Image picture, Config c);
    bool has_own_picture() const { return has_own_; }
    const image::Image& own_picture() const { return own_; }

    // Computes for about `budget_ms` (at least one piece when anything is pending). Returns true
    // when something the view shows changed.
    bool work(double budget_ms, const image::Clock& clock = {});
    bool busy() const;
    // 0..1 of the work queued since the last change (1 when idle).
    double progress() const;
    // True once after computing finished (for hosts: a state event with the final timings).
    bool take_finished() {
        const bool f = finished_;
        finished_ = false;
        return f;
    }

    // What went wrong (a refused layer: kernel larger than the padded picture, ...), in the
    // configuration's language; empty if none. The view words error_message() in the language it
    // draws in, so a language switch rewords it.
    std::string error() const { return say(lang_, error_); }
    const Message& error_message() const { return error_; }
    // Sentences about the picture (scaled down, first GIF frame, alpha on white), as keys and
    // parameters: say(lang, notice) words one.
    const std::vector<Message>& notices() const { return notices_; }

    // The picture on screen (moved by the shift when there is one); null before it exists.
    const image::Image* picture() const;
    uint64_t picture_key() const;
    std::string picture_title() const;  // "zone plate 256 x 256, 1 channel (gray)"
    // The routes shown, in order 1..5. Times, MACs and plans always come from the unmoved picture.
    const std::vector<RouteCard>& cards() const { return cards_; }
    const DisplayMap& input_map() const { return input_map_; }
    const DisplayMap& output_map() const { return output_map_; }
    // When the user's own picture is shown: a link cannot carry it, and what a link opens instead.
    std::string link_note() const;
    // The stride/subsample identity, the speed comparison, the shift explanation.
    const std::vector<Line>& lines() const { return lines_; }
    // The identity's number (max |route 2 - route 1 sampled|), when both are computed.
    std::optional<image::SubsampleCheck> identity() const { return identity_; }

    // The layer's settings for the routes (kernel, padding, stride, blur) and the work itself.
    const image::RouteSettings& settings() const { return settings_; }
    const image::RouteWork& routes_work() const { return main_; }
    const ImageConfig& image_config() const { return image_; }

    // card < 0: the picture; otherwise cards()[card].
    PixelInfo pixel(int card, int row, int col) const;
    // The walk on the region (at most kMaxGrid per side) around output (row, col) of a route:
    // route 2 walks the strided conv; routes 1, 3, 4 and 5 the stride-1 conv, stepping to the
    // first conv output their window reads. One channel (the first, red for RGB pictures).
    std::optional<WalkLink> walk_link(const Config& current, image::Route r, int row, int col) const;

    uint64_t revision() const { return revision_; }

  private:
    bool picture_piece();
    void moved_piece();
    void rebuild_cards();
    void start_routes();
    void start_shifted();
    // The figures that read whole outputs (the identity, the spread, the shift changes), in
    // pieces between the routes' pieces: on a 2048 x 2048 RGB picture one reads 12.6 M values.
    // next_figure: the one running, else the first whose outputs are ready (the identity, then
    // route 1's spread, then the shift changes in route order); none when no figure is due.
    struct FigureStep {
        enum class Kind { identity, spread, shift } kind;
        size_t route = 0;  // for the shift changes: the index in image::all_routes()
    };
    std::optional<FigureStep> next_figure() const;
    bool figure_piece();  // false when none is due
    const image::RouteWork& shown_work() const;
    bool shifted() const { return image_.shift[0] != 0 || image_.shift[1] != 0; }

    // The configuration being shown, and the language of its sentences.
    ImageConfig image_;
    Lang lang_ = Lang::en;
    Config layer_;
    bool has_config_ = false;

    // The picture: built-in or own, in the chosen colour; and moved by the shift.
    image::Image own_;
    bool has_own_ = false;
    // On the heap: the route work reads them in place, and a moved model keeps their addresses.
    std::unique_ptr<image::Image> picture_ = std::make_unique<image::Image>();
    bool picture_valid_ = false, picture_pending_ = false;
    // The picture being prepared in bands: drawn (built-in sources), then converted to gray.
    struct Preparing {
        bool started = false;
        image::Image drawn;
        int rows_drawn = 0, rows_gray = 0;
        Tensor band;         // drawn, waiting for `drawn` to be made (h == 0: none)
        double band_ms = 0;  // spent on it so far
        Tensor gray;
        double draw_ms_per_row = 0, gray_ms_per_row = 0;
    };
    Preparing prepared_;
    std::unique_ptr<image::Image> moved_ = std::make_unique<image::Image>();
    bool moved_pending_ = false;
    int moved_rows_ = 0;
    double moved_ms_per_row_ = 0;
    uint64_t picture_key_ = 0, moved_key_ = 0;

    image::RouteSettings settings_;
    image::RouteWork main_;      // all five routes on the picture, timed
    image::RouteWork moved_work_;  // the routes shown, on the moved picture, once
    bool main_started_ = false, moved_started_ = false, timing_stopped_ = false;
    uint64_t main_epoch_ = 0, moved_epoch_ = 0;  // new for every new computation (texture keys)

    std::vector<RouteCard> cards_;
    DisplayMap input_map_, output_map_;
    // The output map's scale, from one full pass over the output it is taken from: computed again
    // only when that output changes (a new epoch, or route 1 replacing route 2), not every frame.
    struct ScaleSource {
        uint64_t epoch = 0;
        int route = -1;  // the index in main_ of the output it was taken from; -1: none yet
        image::ValueMap map;
    } scale_;
    std::vector<Line> lines_;
    std::optional<image::SubsampleCheck> identity_;
    std::vector<std::optional<image::ShiftChange>> shift_changes_;  // per route (all five)
    // Each figure waits for its outputs, runs in pieces, then is done (with its value, or without
    // one when it was refused). The spread of route 1 is the shift changes' yardstick.
    enum class Figure { waiting, running, done };
    struct Figures {
        Figure identity = Figure::waiting, spread = Figure::waiting;
        std::vector<Figure> shift = std::vector<Figure>(image::all_routes().size(), Figure::waiting);
        image::SubsampleWork identity_work;
        image::SpreadWork spread_work;
        image::ShiftCompareWork shift_work;  // the one running
        double spread_value = 0;   // SD of route 1's output, once spread is done
        double values_per_ms = 0;  // measured, sizes the pieces
    } figures_;
    std::vector<Message> notices_;
    std::string shift_note_;     // the shift asked for was more than S - 1
    Message error_;
    image::Clock clock_;
    bool finished_ = false;
    uint64_t revision_ = 0;
};

}  // namespace strideconv::teach
