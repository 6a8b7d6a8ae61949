// routes.hpp -- five ways to go down by a stride S on the same picture, side by side: what each
// computes, its output size (with the formula), its cost, its measured time, the stride/subsample
// identity and how much each output changes when the input moves by less than S pixels.
//
// Layer: strideconv_image, above core only; standard C++17. All arithmetic is the core's
// (conv2d, max_pool2d, avg_pool2d with PyTorch semantics); this file only composes it.
//
// The routes (the kernel runs on every channel on its own: a depthwise conv, groups = C):
//   1 stride1   conv at stride 1
//   2 stride    conv at stride S
//   3 pool-max  conv at stride 1, then max pool S x S at stride S
//   4 pool-avg  conv at stride 1, then avg pool S x S at stride S
//   5 blurpool  conv at stride 1, then BlurPool (Zhang 2019, "Making Convolutional Networks
//               Shift-Invariant Again"): a binomial F x F filter (rows of Pascal's triangle, outer
//               product, normalised to sum 1), reflect padding (F-1)//2 before and ceil((F-1)/2)
//               after on each axis, applied per channel at stride S.
// Pools use no padding and floor mode. Route 2 equals route 1 sampled at every S-th row and
// column starting at 0 (stride_subsample_identity measures it).
//
// Usage:
//   using namespace strideconv::image;
//   RouteSettings s;  s.kernel = kernel_weight(3, 3, sobel_x_values);  s.stride = {2, 2};
//   s.padding = strideconv::Padding::symmetric(1, 1);
//   Result<std::vector<RouteRun>> all = run_routes(all_routes(), picture, s, 5);  // median of 5
//   all.value[1].plan.macs();  all.value[1].median_ms;  all.value[1].output;     // route 2
//   speed_sentence(all.value[1], all.value[0]);   // "4.0x fewer MACs, 3.7x faster here"
//   auto same = stride_subsample_identity(all.value[0].output, all.value[1].output, s.stride);
//   auto moved = shift_change(Route::stride, picture, s, 1, 1);  // the aliasing figure
//   shift_change_sentence(moved.value);
//
// [SECTION] Routes and settings
// [SECTION] Plans: sizes, formulas, costs, windows
// [SECTION] Running and timing
// [SECTION] The stride/subsample identity
// [SECTION] Shift change (the aliasing figure)
// [SECTION] The figures in pieces
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/core.hpp"

namespace strideconv::image {

// [SECTION] Routes and settings ------------------------------------------------------------------

enum class Route { stride1, stride, pool_max, pool_avg, blurpool };
const char* to_string(Route r);  // "stride1", "stride", "pool-max", "pool-avg", "blurpool"
std::optional<Route> route_from_string(const std::string& s);
const std::vector<Route>& all_routes();  // in the order 1..5 above

constexpr int kMaxRouteStride = 8;  // S per axis: 1..8
constexpr int kMaxBlur = 7;         // BlurPool filter size F: 1..7

struct RouteSettings {
    Weight kernel;                  // 1 x 1 x KH x KW, applied to every channel on its own
    Padding padding;                // the conv's padding (every route); 'same' only at stride 1
    PaddingMode padding_mode = PaddingMode::zeros;
    Pair stride{2, 2};              // S per axis, 1..kMaxRouteStride
    int blur = 3;                   // BlurPool filter size F, 1..kMaxBlur
};

// A 1 x 1 x kh x kw kernel from row-major values (values.size() must be kh * kw).
Weight kernel_weight(int kh, int kw, const std::vector<float>& values);
// Row F-1 of Pascal's triangle: [1], [1 1], [1 2 1], [1 3 3 1], ... (F = 1..7).
std::vector<float> binomial_row(int f);
// The BlurPool filter: outer product of binomial_row(f) with itself, divided by its sum.
std::vector<float> blur_filter(int f);
// "conv stride 1", "conv stride 2", "conv + max pool 2x2 / 2", "conv + avg pool 2x2 / 2",
// "conv + BlurPool F=3 / 2" (S written once when both axes agree, "2x3" otherwise).
std::string route_title(Route r, Pair stride, int blur);

// The stages the routes are made of, for code that runs them in pieces (route_work.hpp): the
// conv's options (depthwise, groups = C; stride S when `strided`), BlurPool's options (reflect
// padding (F-1)//2 before, ceil((F-1)/2) after, stride S, groups = C), the kernel repeated per
// channel, and the stage after the stride-1 conv of routes 3-5 (max pool, avg pool or blur).
Conv2dOptions route_conv_options(const RouteSettings& s, int channels, bool strided);
Conv2dOptions blurpool_options(const RouteSettings& s, int channels);
Weight depthwise_kernel(const Weight& kernel, int channels);
Result<Tensor> downsample(Route r, const Tensor& dense, const RouteSettings& s);

// [SECTION] Plans --------------------------------------------------------------------------------

// One stage after the conv: a pool or the blur (absent for routes 1 and 2).
struct DownStage {
    AxisGeometry rows, cols;  // kernel S (pools) or F (blur), stride S, padding (blur: reflect)
    int64_t reads = 0;        // pools: window reads C * out * S*S; blur: MACs C * out * F*F
};

// Shapes and costs of a route on a C x H x W picture, computed without running it.
struct RoutePlan {
    Route route = Route::stride1;
    int channels = 0, in_h = 0, in_w = 0;
    ConvShape conv;                  // the conv stage (stride 1, or S for route 2)
    std::optional<DownStage> down;   // routes 3-5
    int out_h = 0, out_w = 0;        // the route's output (per channel)
    int64_t conv_macs = 0;           // C * conv output cells * KH * KW
    int64_t down_reads() const { return down ? down->reads : 0; }
    // The route's cost: conv MACs plus window reads (pools) or blur MACs (BlurPool).
    int64_t macs() const { return conv_macs + down_reads(); }
    // The output-size working on one axis with the numbers in, e.g.
    //   "floor((512 + 1 + 1 - 3) / 2) + 1 = 256"                                 (route 2)
    //   "conv: floor((512 + 1 + 1 - 3) / 1) + 1 = 512; max pool: floor((512 - 2) / 2) + 1 = 256"
    std::string size_formula(bool rows) const;
};

Result<RoutePlan> plan_route(Route r, int channels, int h, int w, const RouteSettings& s);

// The input pixels output (row, col) of a route depends on, per axis [first, last] inclusive, in
// input coordinates (negative or >= H/W where the window reaches into padding). Composes the
// conv window with the pool/blur window (Araujo et al. 2019, "Computing Receptive Fields of
// CNNs": r0 = 1 + sum (k_l - 1) prod s_i, offset sum p_l prod s_i).
struct InputWindow {
    int first_row = 0, last_row = 0, first_col = 0, last_col = 0;
};
InputWindow route_window(const RoutePlan& plan, int row, int col);

// [SECTION] Running and timing -------------------------------------------------------------------

// A monotonic clock in milliseconds. Tests inject a fake one so timings are deterministic.
using Clock = std::function<double()>;
double steady_clock_ms();
// Median (mean of the two middle values for an even count); 0 for an empty list.
double median(std::vector<double> values);

struct RouteRun {
    RoutePlan plan;
    Tensor output;            // C x out_h x out_w
    std::vector<double> ms;   // the time of every run
    double median_ms = 0;
};

// Runs a route `runs` times (1..1000) on `image` (C x H x W) and times each run with `clock`
// (empty: steady_clock_ms). The output is the last run's.
Result<RouteRun> run_route(Route r, const Tensor& image, const RouteSettings& s, int runs = 1,
                           const Clock& clock = {});
// Several routes on the same picture. Routes 3-5 reuse route 1's stride-1 conv instead of
// recomputing it: in each run the stride-1 conv is timed once, and a route's time for that run is
// that conv's time plus its own pool/blur time (what it would cost alone). Results come in the
// order asked for; any refusal fails the whole call with the route's name in the message.
Result<std::vector<RouteRun>> run_routes(const std::vector<Route>& routes, const Tensor& image,
                                         const RouteSettings& s, int runs = 1,
                                         const Clock& clock = {});

// "4.0x fewer MACs, 3.7x faster here" for `fast` against `slow` (usually route 2 against 1); a
// ratio below 1 reads "1.3x more MACs" / "1.2x slower here". Times of 0 give "time not measured".
std::string speed_sentence(const RouteRun& fast, const RouteRun& slow);

// [SECTION] The stride/subsample identity --------------------------------------------------------

// conv at stride S == conv at stride 1 sampled at rows 0, S, 2S, ... and columns 0, S, 2S, ...
// (same kernel and padding). Returns max |strided - dense[S*i][S*j]| over every strided cell
// (0 when the identity holds exactly, which it does: the same products summed in the same order).
struct SubsampleCheck {
    float max_abs_difference = 0;
    int64_t cells = 0;
};
Result<SubsampleCheck> stride_subsample_identity(const Tensor& dense, const Tensor& strided, Pair stride);

// [SECTION] Shift change (the aliasing figure) ---------------------------------------------------

// Definition. Move the input down by dy and right by dx pixels (0 <= dy < S_h, 0 <= dx < S_w;
// shift_image in image.hpp). A route with total stride J per axis (1 for route 1, S for routes
// 2-5) should then move its output by d / J output pixels; only whole pixels can be undone, so
// compare shifted output cell o with unshifted cell o - floor(d / J) (per axis). Only cells whose
// whole window (route_window) lies inside the picture in both runs are compared, so neither the
// edge repeated by the shift nor any padding enters the figure. Then
//     change = RMS(shifted - unshifted) / spread,
// where spread is the standard deviation of the stride-1 conv output (route 1) on the unshifted
// picture: one yardstick for all five routes, so their figures compare directly. 0 means the
// route ignored the shift. Route 1 always gives 0 (its output moves by exactly d cells); plain
// stride aliases, so on a zone plate its change is large and BlurPool's much smaller.
struct ShiftChange {
    Route route = Route::stride1;
    int dy = 0, dx = 0;                  // input shift
    int out_dy = 0, out_dx = 0;          // whole output pixels undone: floor(d / J)
    double change = 0;                   // RMS difference / spread (see above)
    double rms_difference = 0;
    double spread = 0;                   // SD of the stride-1 conv output
    float max_abs_difference = 0;
    int64_t cells = 0;                   // compared cells (all channels)
};

// Standard deviation of all values (the `spread` above when given route 1's output).
double spread_of(const Tensor& t);
// From outputs the caller already has (the UI shows both): `unshifted` is the route on the
// picture, `shifted` the route on shift_image(picture, dy, dx), `spread` = spread_of(route 1's
// output on the picture). A spread of 0 (a flat picture) gives change 0 if nothing changed, else 1.
Result<ShiftChange> compare_shifted(const RoutePlan& plan, const Tensor& unshifted,
                                    const Tensor& shifted, int dy, int dx, double spread);
// Runs route 1 and the route on the picture and the route on the shifted picture, and compares.
Result<ShiftChange> shift_change(Route r, const Tensor& image, const RouteSettings& s, int dy, int dx);
// The mean change over every shift (dy, dx) != (0, 0) in [0, S_h) x [0, S_w) (S_h*S_w - 1 pairs;
// dy = dx = 0 in the result; max_abs_difference is the largest seen). Route 1 and S = 1 give 0.
Result<ShiftChange> shift_change_all(Route r, const Tensor& image, const RouteSettings& s);
// One sentence for the UI, e.g. "Shift (1, 1): the output changes by 38.2 % (RMS difference over
// 3,844 cells / spread of the stride-1 conv output; realigned by (0, 0) whole output pixels,
// borders left out). 0 % would mean the shift makes no difference."
std::string shift_change_sentence(const ShiftChange& c);

// [SECTION] The figures in pieces ----------------------------------------------------------------

// The identity, the spread and the shift change, a band of rows at a time, so an app can compute
// them on 2048 x 2048 outputs between frames (one of them reads 12.6 M values). Rows are added in
// the order the whole functions above add them (those are these, run in one piece), so a figure
// computed in pieces is the same to the last bit. The tensors are read, not copied: they must
// outlive the work and stay unchanged.
//
//   auto w = ShiftCompareWork::start(plan, unshifted, shifted, 1, 1, spread);  // refused as compare_shifted
//   while (!w.value.done()) w.value.add_rows(64);   // rows() and row_values() size the pieces
//   w.value.result().value.change;

// What the three have in common: rows to add, and the values each reads.
class RowPieces {
  public:
    int rows() const { return rows_; }
    int rows_done() const { return done_; }
    bool done() const { return done_ >= rows_; }
    int64_t row_values() const { return row_values_; }  // values one row reads (at least 1)

  protected:
    // The next rows [first, last), at most n (at least 1) of them; counts them as done.
    std::pair<int, int> take(int n);
    int rows_ = 0, done_ = 0;
    int64_t row_values_ = 1;
};

class SubsampleWork : public RowPieces {
  public:
    static Result<SubsampleWork> start(const Tensor& dense, const Tensor& strided, Pair stride);
    void add_rows(int n);
    const SubsampleCheck& result() const { return check_; }

  private:
    const Tensor* dense_ = nullptr;
    const Tensor* strided_ = nullptr;
    Pair stride_{1, 1};
    SubsampleCheck check_;
};

class SpreadWork : public RowPieces {
  public:
    SpreadWork() = default;
    explicit SpreadWork(const Tensor& t);
    void add_rows(int n);
    double result() const;  // spread_of(t) once done

  private:
    const Tensor* t_ = nullptr;
    double sum_ = 0, sum_sq_ = 0;
};

class ShiftCompareWork : public RowPieces {
  public:
    static Result<ShiftCompareWork> start(const RoutePlan& plan, const Tensor& unshifted, const Tensor& shifted,
                                          int dy, int dx, double spread);
    void add_rows(int n);
    Result<ShiftChange> result() const;  // compare_shifted's answer once done

  private:
    const Tensor* unshifted_ = nullptr;
    const Tensor* shifted_ = nullptr;
    std::vector<int> rows_compared_, cols_compared_;
    ShiftChange change_;
    double diff_sq_ = 0;
};

}  // namespace strideconv::image
