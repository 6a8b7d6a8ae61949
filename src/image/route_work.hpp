// route_work.hpp -- run_routes (routes.hpp) in pieces small enough to fit a frame, so an app can
// compute the five routes on a 2048 x 2048 picture while it keeps drawing.
//
// Layer: strideconv_image, above core only; standard C++17. The arithmetic is the core's: a stage
// too large for one piece is cut into bands of output rows, each band computed by the core's op on
// a copy of the input rows it reads (padding taken from the whole picture with core's
// source_index), so every value is the core's value for that cell. Stages small enough for one
// piece call the core on the whole tensor, exactly as run_routes does.
//
// The work, in order: route 2 (the strided conv, the cheapest full answer), the stride-1 conv,
// then each pool or blur; then the same again `runs - 1` times for the timings. Times follow
// run_routes' definition: routes 3-5 cost the stride-1 conv plus their own stage. A band's time
// is its op's alone, without the copy of its input rows (what computing in pieces adds).
//
// Usage:
//   using namespace strideconv::image;
//   RouteWork work;
//   if (auto e = work.start(all_routes(), picture, settings, 5); !e.empty()) show(e);
//   while (!work.done()) { work.work(12.0); draw(); }       // at most ~12 ms of compute per frame
//   work.ready(1);  work.run(1).output;  work.run(1).median_ms;  work.runs_done(1);
//
// [SECTION] Work
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/core.hpp"
#include "image/image.hpp"
#include "image/routes.hpp"

namespace strideconv::image {

// [SECTION] Work ---------------------------------------------------------------------------------

// Makes `t` a c x h x w tensor a part at a time, for outputs filled in bands: each call adds at
// most `max_values` zeros and returns true once `t` has all its values. A call on a tensor of
// another size starts over; on one of this size that is complete it returns true at once, values
// kept. The first touch of fresh memory is what costs: 50 MB (a 2048 x 2048 RGB tensor) took
// 27-35 ms in node, and 8 MB took up to 29 ms in a Chromium profile, more than a frame can spare.
bool grow_zeros(Tensor& t, int c, int h, int w, size_t max_values);
// Values per call for the apps: 4 MB, about 15 ms at worst on fresh memory in Chromium.
inline constexpr size_t kGrowValues = size_t(1) << 20;
// Writes `band` (the channels and width of `dst`) into `dst` from row y0, plane by plane: how a
// tensor made with grow_zeros is filled a band of rows at a time.
void put_rows(Tensor& dst, const Tensor& band, int y0);

class RouteWork {
  public:
    // Longest a single piece of work should take; bands are sized from the speed measured so far.
    double piece_ms = 8.0;
    // Most values a step adds to an output kept from bands, before its first band (grow_zeros).
    size_t grow_values = kGrowValues;

    // Plans every route (a refusal returns its sentence, with the route's name, and no work) and
    // queues the work. `runs` (1..1000) is how many times each route is timed. The picture is read,
    // not copied (a 2048 x 2048 RGB picture is 50 MB): it must outlive the work and stay unchanged
    // until the work is started again or destroyed.
    std::string start(const std::vector<Route>& routes, const Tensor& picture, const RouteSettings& s,
                      int runs = 5, const Clock& clock = {});
    // The same, the refusal as a key and parameters (core.hpp's Message) for other languages.
    Message start_or_refuse(const std::vector<Route>& routes, const Tensor& picture, const RouteSettings& s,
                            int runs = 5, const Clock& clock = {});
    // A temporary picture would be gone before the work reads it.
    std::string start(const std::vector<Route>&, Tensor&&, const RouteSettings&, int = 5, const Clock& = {}) = delete;
    Message start_or_refuse(const std::vector<Route>&, Tensor&&, const RouteSettings&, int = 5, const Clock& = {}) = delete;
    // Works for about `budget_ms` (at least one piece) and returns true once everything is done.
    bool work(double budget_ms);
    bool done() const { return next_ >= tasks_.size(); }
    // Why the work stopped, when the core refused a piece (empty otherwise; done() is then true).
    const std::string& error() const { return error_; }
    // Stop timing after the run in progress: the medians then cover the runs done so far.
    void stop_timing();

    size_t routes() const { return runs_.size(); }
    Route route(size_t k) const { return runs_[k].plan.route; }
    // True once route k's output is computed (its first run).
    bool ready(size_t k) const { return runs_done_[k] > 0; }
    int runs_done(size_t k) const { return runs_done_[k]; }
    // Plan, output (after ready) and the times of the runs done so far (median_ms of those).
    const RouteRun& run(size_t k) const { return runs_[k]; }
    // The range of route k's output values (complete once ready(k)), for its colour map.
    const ValueRange& range(size_t k) const { return ranges_[k]; }
    // The index of `r` among the routes started, or -1.
    int index_of(Route r) const;
    // Work done and total, in multiply-accumulates and window reads, for a progress bar.
    int64_t work_done() const { return work_done_; }
    int64_t work_total() const { return work_total_; }
    // Milliseconds of compute spent so far.
    double compute_ms() const { return compute_ms_; }
    // Median over the runs done of one run of every route started (the shared stride-1 conv
    // counted once): what showing them all costs. 0 before the first run is done.
    double median_run_ms() const;

  private:
    enum class Stage { strided_conv, dense_conv, down };
    // Kinds of work with speeds of their own: a window read of a pool costs more than a SIMD
    // multiply-accumulate, so one speed for all would cut pool pieces ten times too long.
    enum Kind { kind_conv, kind_max, kind_avg, kind_blur, kind_count };
    struct Task {
        Stage stage;
        size_t route;  // strided_conv and down: the route's index; dense_conv: unused
        int run;
    };
    // One stage in progress: its output and how many rows are done.
    struct Partial {
        Tensor out;
        int rows_done = 0;
        double ms = 0;
    };
    void step();
    void finish(const Task& t, Tensor out, double ms);
    int64_t row_cost(const Task& t) const;  // cost units (MACs, reads) of one output row
    // The output rows' and columns' geometry of a task's stage.
    struct Axes {
        const AxisGeometry& rows;
        const AxisGeometry& cols;
    };
    Axes axes_of(const Task& t) const;
    int rows_of(const Task& t) const { return axes_of(t).rows.output; }
    Kind kind_of(const Task& t) const;
    // This run's stride-1 conv: route 1's output when route 1 was started (not copied), else dense_.
    const Tensor& dense() const { return dense_route_ >= 0 ? runs_[size_t(dense_route_)].output : dense_; }

    const Tensor* picture_ = nullptr;  // the caller's (see start)
    RouteSettings settings_;
    Clock clock_;
    std::vector<RouteRun> runs_;
    std::vector<int> runs_done_;
    std::vector<ValueRange> ranges_;  // per route, gathered from the first run's pieces
    std::vector<Task> tasks_;
    size_t next_ = 0;
    Partial partial_;
    Tensor band_;             // a band's input rows (storage reused from piece to piece)
    RoutePlan dense_plan_;    // the stride-1 conv that routes 1, 3, 4 and 5 share
    Tensor dense_;            // the stride-1 conv when route 1 is not among the routes
    int dense_route_ = -1;    // route 1's index once its output holds the stride-1 conv
    double dense_ms_ = 0;
    // Measured speed per kind: units and milliseconds so far, and their ratio (0 until measured).
    double speed_units_[kind_count] = {}, speed_ms_[kind_count] = {}, units_per_ms_[kind_count] = {};
    int64_t work_done_ = 0, work_total_ = 0;
    double compute_ms_ = 0;
    std::vector<double> run_ms_;  // per run: the sum of its stages so far
    std::vector<bool> run_done_;
    std::string error_;
};

}  // namespace strideconv::image
