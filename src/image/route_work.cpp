// route_work.cpp -- the routes in frame-sized pieces (see route_work.hpp).
#include "image/route_work.hpp"

#include <algorithm>
#include <cmath>

namespace strideconv::image {

namespace {

// The rows of the padded input that output rows [r0, r1) of a sliding window read, with the
// padding filled from the whole input as the core fills it (source_index), for every column.
// Written into `band`, whose storage is reused from piece to piece (every value is written).
void band_input(const Tensor& in, const AxisGeometry& rows, const AxisGeometry& cols, PaddingMode mode,
                int r0, int r1, Tensor& band) {
    const int first = r0 * rows.stride;
    const int last = (r1 - 1) * rows.stride + rows.effective_kernel;  // one past
    band.c = in.c;
    band.h = last - first;
    band.w = cols.padded;
    band.data.resize(static_cast<size_t>(band.c) * band.h * band.w);
    std::vector<int> source_col(static_cast<size_t>(cols.padded));
    for (int x = 0; x < cols.padded; ++x) source_col[static_cast<size_t>(x)] = source_index(mode, x - cols.pad_before, in.w);
    for (int c = 0; c < in.c; ++c)
        for (int y = first; y < last; ++y) {
            float* dst = &band.data[(static_cast<size_t>(c) * band.h + (y - first)) * band.w];
            const int sy = source_index(mode, y - rows.pad_before, in.h);
            if (sy < 0) {  // a zero-padding row
                std::fill(dst, dst + band.w, 0.0f);
                continue;
            }
            const float* src = &in.data[(static_cast<size_t>(c) * in.h + sy) * in.w];
            for (int x = 0; x < cols.padded; ++x) {
                const int sx = source_col[static_cast<size_t>(x)];
                dst[x] = sx < 0 ? 0.0f : src[sx];
            }
        }
}

}  // namespace

bool grow_zeros(Tensor& t, int c, int h, int w, size_t max_values) {
    const size_t n = static_cast<size_t>(c) * static_cast<size_t>(h) * static_cast<size_t>(w);
    if (t.c != c || t.h != h || t.w != w || t.data.size() > n) {
        t = Tensor();
        t.c = c;
        t.h = h;
        t.w = w;
        t.data.reserve(n);  // no value yet: nothing touched
    }
    t.data.resize(t.data.size() + std::min(n - t.data.size(), std::max<size_t>(max_values, 1)));
    return t.data.size() == n;
}

void put_rows(Tensor& dst, const Tensor& band, int y0) {
    for (int c = 0; c < band.c; ++c)
        std::copy(band.data.begin() + static_cast<ptrdiff_t>(c) * band.h * band.w,
                  band.data.begin() + static_cast<ptrdiff_t>(c + 1) * band.h * band.w,
                  dst.data.begin() + (static_cast<ptrdiff_t>(c) * dst.h + y0) * dst.w);
}

int RouteWork::index_of(Route r) const {
    for (size_t k = 0; k < runs_.size(); ++k)
        if (runs_[k].plan.route == r) return static_cast<int>(k);
    return -1;
}

std::string RouteWork::start(const std::vector<Route>& routes, const Tensor& picture, const RouteSettings& s,
                             int runs, const Clock& clock) {
    return start_or_refuse(routes, picture, s, runs, clock).english();
}

Message RouteWork::start_or_refuse(const std::vector<Route>& routes, const Tensor& picture, const RouteSettings& s,
                                   int runs, const Clock& clock) {
    const double keep_piece_ms = piece_ms;
    const size_t keep_grow_values = grow_values;
    *this = RouteWork();
    piece_ms = keep_piece_ms;
    grow_values = keep_grow_values;
    if (runs < 1 || runs > 1000) return Message::literal("runs must be 1 to 1000, got " + std::to_string(runs));
    if (picture.c <= 0 || picture.h <= 0 || picture.w <= 0 ||
        picture.data.size() != static_cast<size_t>(picture.c) * picture.h * picture.w)
        return Message::literal("the picture is empty or its size does not match its values");
    picture_ = &picture;
    settings_ = s;
    clock_ = clock ? clock : Clock(steady_clock_ms);
    bool need_dense = false;
    for (Route r : routes) {
        auto plan = plan_route(r, picture.c, picture.h, picture.w, s);
        if (!plan.ok()) {
            runs_.clear();
            return plan.why;
        }
        RouteRun run;
        run.plan = std::move(plan.value);
        runs_.push_back(std::move(run));
        need_dense = need_dense || r != Route::stride;
    }
    runs_done_.assign(runs_.size(), 0);
    ranges_.assign(runs_.size(), ValueRange{});
    if (need_dense) {
        auto plan = plan_route(Route::stride1, picture.c, picture.h, picture.w, s);
        if (!plan.ok()) return plan.why;  // cannot happen: a route above planned the same conv
        dense_plan_ = std::move(plan.value);
    }
    for (int run = 0; run < runs; ++run) {
        for (size_t k = 0; k < runs_.size(); ++k)
            if (runs_[k].plan.route == Route::stride) tasks_.push_back({Stage::strided_conv, k, run});
        if (need_dense) tasks_.push_back({Stage::dense_conv, 0, run});
        for (size_t k = 0; k < runs_.size(); ++k)
            if (runs_[k].plan.down) tasks_.push_back({Stage::down, k, run});
    }
    for (const Task& t : tasks_) work_total_ += row_cost(t) * rows_of(t);
    run_ms_.assign(size_t(runs), 0.0);
    run_done_.assign(size_t(runs), false);
    return {};
}

double RouteWork::median_run_ms() const {
    std::vector<double> done;
    for (size_t r = 0; r < run_ms_.size(); ++r)
        if (run_done_[r]) done.push_back(run_ms_[r]);
    return median(done);
}

RouteWork::Axes RouteWork::axes_of(const Task& t) const {
    switch (t.stage) {
        case Stage::strided_conv: return {runs_[t.route].plan.conv.rows, runs_[t.route].plan.conv.cols};
        case Stage::down: return {runs_[t.route].plan.down->rows, runs_[t.route].plan.down->cols};
        case Stage::dense_conv: break;
    }
    return {dense_plan_.conv.rows, dense_plan_.conv.cols};
}

RouteWork::Kind RouteWork::kind_of(const Task& t) const {
    if (t.stage != Stage::down) return kind_conv;
    switch (runs_[t.route].plan.route) {
        case Route::pool_max: return kind_max;
        case Route::pool_avg: return kind_avg;
        default: return kind_blur;
    }
}

int64_t RouteWork::row_cost(const Task& t) const {
    const int64_t c = picture_->c;
    switch (t.stage) {
        case Stage::strided_conv: {
            const ConvShape& g = runs_[t.route].plan.conv;
            return c * g.cols.output * g.rows.kernel * g.cols.kernel;
        }
        case Stage::dense_conv: {
            const ConvShape& g = dense_plan_.conv;
            return c * g.cols.output * g.rows.kernel * g.cols.kernel;
        }
        case Stage::down: {
            const DownStage& d = *runs_[t.route].plan.down;
            return c * d.cols.output * d.rows.kernel * d.cols.kernel;
        }
    }
    return 1;
}

void RouteWork::stop_timing() {
    if (done()) return;
    const int run = tasks_[next_].run;
    size_t end = next_;
    while (end < tasks_.size() && tasks_[end].run == run) ++end;
    tasks_.resize(end);
}

bool RouteWork::work(double budget_ms) {
    if (done()) return true;
    const double end = clock_() + std::max(budget_ms, 0.0);
    do {
        step();
    } while (!done() && clock_() < end);
    return done();
}

void RouteWork::step() {
    const Task t = tasks_[next_];
    const int total_rows = rows_of(t);
    const int64_t cost = std::max<int64_t>(row_cost(t), 1);
    // Rows that fit one piece at the speed measured so far for this kind of work (a first guess of
    // 50 M units/s, slower than any kind runs on the machines measured).
    const Kind kind = kind_of(t);
    const double speed = units_per_ms_[kind] > 0 ? units_per_ms_[kind] : 50000.0;
    const int fit = static_cast<int>(std::clamp(std::floor(piece_ms * speed / double(cost)), 1.0, double(total_rows)));
    const int r0 = partial_.rows_done, r1 = std::min(total_rows, r0 + fit);
    const bool whole = r0 == 0 && r1 == total_rows;

    const Tensor& source = t.stage == Stage::down ? dense() : *picture_;
    const int channels = source.c;
    const Axes axes = axes_of(t);
    // The kept output is made before its first band, a part per step (see grow_zeros).
    if (!whole && t.run == 0 && r0 == 0 && !grow_zeros(partial_.out, channels, total_rows, axes.cols.output, grow_values))
        return;
    const double t0 = clock_();
    double op_start = t0;  // when the core's op started: a band's copy of its input rows is not timed
    Result<Tensor> piece;
    if (whole) {
        // The whole stage in one piece: exactly run_routes' call.
        switch (t.stage) {
            case Stage::strided_conv:
                piece = conv2d(*picture_, depthwise_kernel(settings_.kernel, channels), nullptr,
                               route_conv_options(settings_, channels, true));
                break;
            case Stage::dense_conv:
                piece = conv2d(*picture_, depthwise_kernel(settings_.kernel, channels), nullptr,
                               route_conv_options(settings_, channels, false));
                break;
            case Stage::down: piece = downsample(runs_[t.route].plan.route, dense(), settings_); break;
        }
    } else {
        // Output rows [r0, r1): the core's op, without padding, on the padded rows they read.
        const Route r = t.stage == Stage::down ? runs_[t.route].plan.route : Route::stride1;
        // BlurPool's padding for the down stage; pools have none.
        const PaddingMode mode = t.stage == Stage::down ? PaddingMode::reflect : settings_.padding_mode;
        band_input(source, axes.rows, axes.cols, mode, r0, r1, band_);
        const Tensor& band = band_;
        op_start = clock_();
        if (r == Route::pool_max) {
            MaxPool2dOptions o;
            o.kernel_size = settings_.stride;
            o.stride = settings_.stride;
            piece = max_pool2d(band, o);
        } else if (r == Route::pool_avg) {
            AvgPool2dOptions o;
            o.kernel_size = settings_.stride;
            o.stride = settings_.stride;
            piece = avg_pool2d(band, o);
        } else {
            Conv2dOptions o = r == Route::blurpool ? blurpool_options(settings_, channels)
                                                   : route_conv_options(settings_, channels, t.stage == Stage::strided_conv);
            o.padding = Padding::sides(0, 0, 0, 0);
            o.padding_mode = PaddingMode::zeros;
            const Weight w = r == Route::blurpool
                                 ? depthwise_kernel(kernel_weight(settings_.blur, settings_.blur, blur_filter(settings_.blur)), channels)
                                 : depthwise_kernel(settings_.kernel, channels);
            piece = conv2d(band, w, nullptr, o);
        }
    }
    const double end = clock_();
    // The piece's whole time sizes the next pieces (it is what a frame pays); the route's time is
    // the core's op alone. The band copy is the price of computing in pieces, the same for every
    // stride, and the whole op pads its rows itself (inside its time): timed in, it made stride 2
    // on a 2048 x 2048 picture look barely faster than stride 1 with a 3x3 kernel.
    const double ms = end - t0, op_ms = end - op_start;
    const int64_t units = cost * (r1 - r0);
    work_done_ += units;
    compute_ms_ += ms;
    speed_units_[kind] += double(units);
    speed_ms_[kind] += ms;
    if (speed_ms_[kind] > 0.5) units_per_ms_[kind] = speed_units_[kind] / speed_ms_[kind];

    if (!piece.ok() || piece.value.h != r1 - r0 || (!whole && t.run == 0 && piece.value.w != partial_.out.w)) {
        // Planned sizes and the core disagree: report it instead of showing a wrong map.
        error_ = std::string(to_string(t.stage == Stage::down ? runs_[t.route].plan.route
                                                             : t.stage == Stage::dense_conv ? Route::stride1 : Route::stride)) +
                 ": " + (piece.ok() ? "a piece came out the wrong size" : piece.error);
        tasks_.clear();
        next_ = 0;
        return;
    }
    if (t.run == 0) {
        // The first run's outputs are the ones shown: their value range, a piece at a time.
        const int k = t.stage == Stage::dense_conv ? index_of(Route::stride1) : static_cast<int>(t.route);
        if (k >= 0) ranges_[size_t(k)].add(piece.value.data.data(), piece.value.data.size());
    }
    if (whole) {
        partial_.out = std::move(piece.value);
    } else if (t.run == 0) {
        // Only the first run's output is kept: the timing runs compute the same values again, and
        // gathering them would add a 50 MB allocation and copy per stage and run to their frames.
        put_rows(partial_.out, piece.value, r0);
    }
    partial_.ms += op_ms;
    partial_.rows_done = r1;
    if (r1 < total_rows) return;
    finish(t, std::move(partial_.out), partial_.ms);
    partial_ = Partial{};
    ++next_;
}

void RouteWork::finish(const Task& t, Tensor out, double ms) {
    run_ms_[size_t(t.run)] += ms;
    // The run is done when its last task is.
    if (next_ + 1 >= tasks_.size() || tasks_[next_ + 1].run != t.run) run_done_[size_t(t.run)] = true;
    // The first run's output is kept (moved, never copied: a 2048 x 2048 RGB output is 50 MB);
    // the timing runs compute the same values again.
    auto record = [&](size_t k, double route_ms) {
        RouteRun& rr = runs_[k];
        rr.ms.push_back(route_ms);
        rr.median_ms = median(rr.ms);
        if (runs_done_[k] == 0) rr.output = std::move(out);
        ++runs_done_[k];
    };
    switch (t.stage) {
        case Stage::strided_conv: record(t.route, ms); break;
        case Stage::dense_conv: {
            dense_ms_ = ms;
            const int k = index_of(Route::stride1);
            if (k < 0) {
                if (t.run == 0) dense_ = std::move(out);
            } else {
                // Route 1's output is the stride-1 conv the pools and the blur read.
                record(static_cast<size_t>(k), ms);
                dense_route_ = k;
            }
            break;
        }
        case Stage::down: record(t.route, dense_ms_ + ms); break;
    }
}

}  // namespace strideconv::image
