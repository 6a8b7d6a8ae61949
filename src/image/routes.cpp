// routes.cpp -- the five downsampling routes composed from the core's ops, their plans, timings,
// the stride/subsample identity and the shift-change figure. See routes.hpp.
//
// [SECTION] Names and filters
// [SECTION] Plans
// [SECTION] Running and timing
// [SECTION] Identity and shift change
#include "image/routes.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "base/number_text.hpp"
#include "base/text.hpp"
#include "image/image.hpp"

namespace strideconv::image {

namespace {


}  // namespace

// [SECTION] Names and filters --------------------------------------------------------------------

const char* to_string(Route r) {
    switch (r) {
        case Route::stride1: return "stride1";
        case Route::stride: return "stride";
        case Route::pool_max: return "pool-max";
        case Route::pool_avg: return "pool-avg";
        case Route::blurpool: return "blurpool";
    }
    return "stride1";
}

const std::vector<Route>& all_routes() {
    static const std::vector<Route> routes = {Route::stride1, Route::stride, Route::pool_max,
                                              Route::pool_avg, Route::blurpool};
    return routes;
}

std::optional<Route> route_from_string(const std::string& s) {
    for (Route r : all_routes())
        if (s == to_string(r)) return r;
    return std::nullopt;
}

Weight kernel_weight(int kh, int kw, const std::vector<float>& values) {
    Weight w = Weight::zeros(1, 1, kh, kw);
    if (kh > 0 && kw > 0 && values.size() == static_cast<size_t>(kh) * kw) w.data = values;
    return w;
}

std::vector<float> binomial_row(int f) {
    std::vector<float> row{1.0f};
    for (int n = 1; n < f; ++n) {
        std::vector<float> next(row.size() + 1, 0.0f);
        for (size_t k = 0; k < row.size(); ++k) {
            next[k] += row[k];
            next[k + 1] += row[k];
        }
        row = std::move(next);
    }
    return row;
}

std::vector<float> blur_filter(int f) {
    const std::vector<float> row = binomial_row(f);
    float total = 0;
    for (float v : row) total += v;
    std::vector<float> out;
    out.reserve(row.size() * row.size());
    // Exact: every entry is an integer over a power of two (sum = 4^(F-1)).
    for (float a : row)
        for (float b : row) out.push_back(a * b / (total * total));
    return out;
}

std::string route_title(Route r, Pair stride, int blur) {
    const std::string s = base::pair_text(stride);
    const std::string window = std::to_string(stride[0]) + "x" + std::to_string(stride[1]);
    switch (r) {
        case Route::stride1: return "conv stride 1";
        case Route::stride: return "conv stride " + s;
        case Route::pool_max: return "conv + max pool " + window + " / " + s;
        case Route::pool_avg: return "conv + avg pool " + window + " / " + s;
        case Route::blurpool: return "conv + BlurPool F=" + std::to_string(blur) + " / " + s;
    }
    return {};
}

// [SECTION] Plans --------------------------------------------------------------------------------

Conv2dOptions route_conv_options(const RouteSettings& s, int channels, bool strided) {
    Conv2dOptions o;
    o.stride = strided ? s.stride : Pair{1, 1};
    o.padding = s.padding;
    o.padding_mode = s.padding_mode;
    o.groups = channels;
    return o;
}

Conv2dOptions blurpool_options(const RouteSettings& s, int channels) {
    Conv2dOptions o;
    o.stride = s.stride;
    const int before = (s.blur - 1) / 2, after = s.blur / 2;  // (F-1)//2 and ceil((F-1)/2)
    o.padding = Padding::sides(before, after, before, after);
    o.padding_mode = PaddingMode::reflect;
    o.groups = channels;
    return o;
}

Weight depthwise_kernel(const Weight& kernel, int channels) {
    Weight w = Weight::zeros(channels, 1, kernel.kh, kernel.kw);
    for (int c = 0; c < channels; ++c)
        std::copy(kernel.data.begin(), kernel.data.end(), w.data.begin() + static_cast<ptrdiff_t>(c) * kernel.kh * kernel.kw);
    return w;
}

namespace {

std::string check_settings(const RouteSettings& s) {
    if (s.kernel.o != 1 || s.kernel.i != 1 || s.kernel.kh <= 0 || s.kernel.kw <= 0 ||
        s.kernel.data.size() != static_cast<size_t>(s.kernel.kh) * s.kernel.kw)
        return "the kernel must be one 2-D filter (1 x 1 x KH x KW) with KH*KW values";
    for (int a = 0; a < 2; ++a)
        if (s.stride[a] < 1 || s.stride[a] > kMaxRouteStride)
            return "stride must be 1 to " + std::to_string(kMaxRouteStride) + " per axis, got " +
                   std::to_string(s.stride[0]) + "x" + std::to_string(s.stride[1]);
    if (s.blur < 1 || s.blur > kMaxBlur)
        return "BlurPool filter size F must be 1 to " + std::to_string(kMaxBlur) + ", got " +
               std::to_string(s.blur);
    return {};
}

// The core's budget for what a stage allocates (input, weights, output, workspace), before any
// of it is allocated: a padding of 100000 around a 256 x 256 picture is a 4e10-value output.
// Work is not limited here: a 31 x 31 kernel on a 2048 x 2048 picture is slow but fits in memory,
// and image mode runs its routes in pieces (route_work.hpp).
Message check_memory(const LayerShape& stage) {
    Budget b;
    b.max_work = std::numeric_limits<int64_t>::max();
    return budget_refusal(stage, b);
}

std::string axis_formula(const AxisGeometry& g) {
    std::string text = "floor((" + std::to_string(g.input);
    if (g.pad_before || g.pad_after)
        text += " + " + std::to_string(g.pad_before) + " + " + std::to_string(g.pad_after);
    text += " - " + std::to_string(g.effective_kernel) + ") / " + std::to_string(g.stride) + ") + 1 = " +
            std::to_string(g.output);
    return text;
}

}  // namespace

Result<RoutePlan> plan_route(Route r, int channels, int h, int w, const RouteSettings& s) {
    using R = Result<RoutePlan>;
    if (auto e = check_settings(s); !e.empty()) return R::fail(e);
    const Message name = Message::literal(to_string(r));
    using M = Message;
    RoutePlan p;
    p.route = r;
    p.channels = channels;
    p.in_h = h;
    p.in_w = w;
    auto conv = conv2d_shape(channels, h, w, channels, s.kernel.kh, s.kernel.kw,
                             route_conv_options(s, channels, r == Route::stride));
    if (!conv.ok()) return R::fail(M::of("{0}: {1}", {name, conv.why}));
    if (auto over = check_memory(conv.value); !over.empty()) return R::fail(M::of("{0}: too large: {1}", {name, over}));
    p.conv = std::move(conv.value);
    p.conv_macs = p.conv.macs;
    p.out_h = p.conv.rows.output;
    p.out_w = p.conv.cols.output;
    const int mid_h = p.out_h, mid_w = p.out_w;
    if (r == Route::pool_max || r == Route::pool_avg) {
        // A stride x stride window at stride `stride`, no padding (the core's pool shape).
        MaxPool2dOptions window;
        window.kernel_size = s.stride;
        auto pool = max_pool2d_shape(channels, mid_h, mid_w, window);
        if (!pool.ok()) return R::fail(M::of("{0}: the conv output is smaller than the pool window: {1}", {name, pool.why}));
        if (auto over = check_memory(pool.value); !over.empty()) return R::fail(M::of("{0}: too large: {1}", {name, over}));
        DownStage d;
        d.rows = std::move(pool.value.rows);
        d.cols = std::move(pool.value.cols);
        d.reads = pool.value.macs;
        p.down = std::move(d);
    } else if (r == Route::blurpool) {
        auto blur = conv2d_shape(channels, mid_h, mid_w, channels, s.blur, s.blur, blurpool_options(s, channels));
        if (!blur.ok()) return R::fail(M::of("{0}: the blur does not fit the conv output: {1}", {name, blur.why}));
        if (auto over = check_memory(blur.value); !over.empty()) return R::fail(M::of("{0}: too large: {1}", {name, over}));
        DownStage d;
        d.rows = blur.value.rows;
        d.cols = blur.value.cols;
        d.reads = blur.value.macs;
        p.down = std::move(d);
    }
    if (p.down) {
        p.out_h = p.down->rows.output;
        p.out_w = p.down->cols.output;
    }
    return {std::move(p), {}, {}};
}

std::string RoutePlan::size_formula(bool rows) const {
    const AxisGeometry& c = rows ? conv.rows : conv.cols;
    if (!down) return axis_formula(c);
    const AxisGeometry& d = rows ? down->rows : down->cols;
    const char* stage = route == Route::pool_max ? "max pool" : route == Route::pool_avg ? "avg pool" : "blur";
    return "conv: " + axis_formula(c) + "; " + stage + ": " + axis_formula(d);
}

InputWindow route_window(const RoutePlan& p, int row, int col) {
    auto axis = [&](const AxisGeometry& c, const AxisGeometry* d, int o, int& first, int& last) {
        int j0 = o, j1 = o;  // conv output range
        if (d) {
            j0 = o * d->stride - d->pad_before;
            j1 = j0 + d->effective_kernel - 1;
        }
        first = j0 * c.stride - c.pad_before;
        last = j1 * c.stride - c.pad_before + c.effective_kernel - 1;
    };
    InputWindow w;
    axis(p.conv.rows, p.down ? &p.down->rows : nullptr, row, w.first_row, w.last_row);
    axis(p.conv.cols, p.down ? &p.down->cols : nullptr, col, w.first_col, w.last_col);
    return w;
}

// [SECTION] Running and timing -------------------------------------------------------------------

double steady_clock_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Result<Tensor> downsample(Route r, const Tensor& dense, const RouteSettings& s) {
    switch (r) {
        case Route::pool_max: {
            MaxPool2dOptions o;
            o.kernel_size = s.stride;
            o.stride = s.stride;
            return max_pool2d(dense, o);
        }
        case Route::pool_avg: {
            AvgPool2dOptions o;
            o.kernel_size = s.stride;
            o.stride = s.stride;
            return avg_pool2d(dense, o);
        }
        case Route::blurpool: {
            Weight blur = depthwise_kernel(kernel_weight(s.blur, s.blur, blur_filter(s.blur)), dense.c);
            return conv2d(dense, blur, nullptr, blurpool_options(s, dense.c));
        }
        default: return Result<Tensor>::fail("not a downsampling route");
    }
}

Result<std::vector<RouteRun>> run_routes(const std::vector<Route>& routes, const Tensor& image,
                                         const RouteSettings& s, int runs, const Clock& clock_in) {
    using R = Result<std::vector<RouteRun>>;
    if (runs < 1 || runs > 1000) return R::fail("runs must be 1 to 1000, got " + std::to_string(runs));
    if (image.c <= 0 || image.h <= 0 || image.w <= 0 ||
        image.data.size() != static_cast<size_t>(image.c) * image.h * image.w)
        return R::fail("the picture is empty or its size does not match its values");
    const Clock clock = clock_in ? clock_in : Clock(steady_clock_ms);
    std::vector<RouteRun> out(routes.size());
    bool need_dense = false;
    for (size_t k = 0; k < routes.size(); ++k) {
        auto plan = plan_route(routes[k], image.c, image.h, image.w, s);
        if (!plan.ok()) return R::fail_as(plan);
        out[k].plan = std::move(plan.value);
        need_dense = need_dense || routes[k] != Route::stride;
    }
    const Weight weight = depthwise_kernel(s.kernel, image.c);
    for (int run = 0; run < runs; ++run) {
        Tensor dense;
        double dense_ms = 0;
        if (need_dense) {
            const double t0 = clock();
            auto y = conv2d(image, weight, nullptr, route_conv_options(s, image.c, false));
            dense_ms = clock() - t0;
            if (!y.ok()) return R::fail("stride1: " + y.error);
            dense = std::move(y.value);
        }
        for (size_t k = 0; k < routes.size(); ++k) {
            RouteRun& rr = out[k];
            const Route r = routes[k];
            if (r == Route::stride1) {
                rr.ms.push_back(dense_ms);
                if (run == runs - 1) rr.output = dense;
                continue;
            }
            const double t0 = clock();
            auto y = r == Route::stride ? conv2d(image, weight, nullptr, route_conv_options(s, image.c, true))
                                        : downsample(r, dense, s);
            const double t1 = clock();
            if (!y.ok()) return R::fail(std::string(to_string(r)) + ": " + y.error);
            rr.ms.push_back(r == Route::stride ? t1 - t0 : dense_ms + (t1 - t0));
            if (run == runs - 1) rr.output = std::move(y.value);
        }
    }
    for (RouteRun& rr : out) rr.median_ms = median(rr.ms);
    return {std::move(out), {}, {}};
}

Result<RouteRun> run_route(Route r, const Tensor& image, const RouteSettings& s, int runs, const Clock& clock) {
    auto all = run_routes({r}, image, s, runs, clock);
    if (!all.ok()) return Result<RouteRun>::fail_as(all);
    return {std::move(all.value.front()), {}, {}};
}

std::string speed_sentence(const RouteRun& fast, const RouteRun& slow) {
    auto ratio = [&](double x_of_a, double x_of_b, const char* less, const char* more) {
        if (x_of_a <= 0 || x_of_b <= 0) return std::string();
        const double x = x_of_b / x_of_a;
        return base::format_fixed(x >= 1 ? x : 1 / x, 1) + "x " + (x >= 1 ? less : more);
    };
    const std::string macs = ratio(double(fast.plan.macs()), double(slow.plan.macs()), "fewer MACs", "more MACs");
    std::string time = ratio(fast.median_ms, slow.median_ms, "faster here", "slower here");
    if (time.empty()) time = "time not measured";
    return (macs.empty() ? "no MACs" : macs) + ", " + time;
}

// [SECTION] Identity and shift change ------------------------------------------------------------

Result<SubsampleCheck> stride_subsample_identity(const Tensor& dense, const Tensor& strided, Pair stride) {
    auto work = SubsampleWork::start(dense, strided, stride);
    if (!work.ok()) return Result<SubsampleCheck>::fail_as(work);
    work.value.add_rows(work.value.rows());
    return {work.value.result(), {}, {}};
}

double spread_of(const Tensor& t) {
    SpreadWork work(t);
    work.add_rows(work.rows());
    return work.result();
}

Result<ShiftChange> compare_shifted(const RoutePlan& p, const Tensor& unshifted, const Tensor& shifted,
                                    int dy, int dx, double spread) {
    auto work = ShiftCompareWork::start(p, unshifted, shifted, dy, dx, spread);
    if (!work.ok()) return Result<ShiftChange>::fail_as(work);
    work.value.add_rows(work.value.rows());
    return work.value.result();
}

namespace {

// Route 1 and route r on the picture: the yardstick and the unshifted output.
Result<std::vector<RouteRun>> unshifted_runs(Route r, const Tensor& image, const RouteSettings& s) {
    return run_routes({Route::stride1, r}, image, s);
}

}  // namespace

Result<ShiftChange> shift_change(Route r, const Tensor& image, const RouteSettings& s, int dy, int dx) {
    using R = Result<ShiftChange>;
    if (dy < 0 || dx < 0 || dy >= s.stride[0] || dx >= s.stride[1])
        return R::fail("the shift must be 0 to S-1 pixels per axis (S = " + base::pair_text(s.stride) + "), got (" +
                       std::to_string(dy) + ", " + std::to_string(dx) + ")");
    auto base = unshifted_runs(r, image, s);
    if (!base.ok()) return R::fail_as(base);
    auto moved = run_route(r, shift_image(image, dy, dx), s);
    if (!moved.ok()) return R::fail_as(moved);
    return compare_shifted(base.value[1].plan, base.value[1].output, moved.value.output, dy, dx,
                           spread_of(base.value[0].output));
}

Result<ShiftChange> shift_change_all(Route r, const Tensor& image, const RouteSettings& s) {
    using R = Result<ShiftChange>;
    auto base = unshifted_runs(r, image, s);
    if (!base.ok()) return R::fail_as(base);
    const double spread = spread_of(base.value[0].output);
    ShiftChange total;
    total.route = r;
    total.spread = spread;
    int pairs = 0;
    for (int dy = 0; dy < s.stride[0]; ++dy)
        for (int dx = 0; dx < s.stride[1]; ++dx) {
            if (dy == 0 && dx == 0) continue;
            auto moved = run_route(r, shift_image(image, dy, dx), s);
            if (!moved.ok()) return R::fail_as(moved);
            auto c = compare_shifted(base.value[1].plan, base.value[1].output, moved.value.output, dy, dx, spread);
            if (!c.ok()) return c;
            total.change += c.value.change;
            total.rms_difference += c.value.rms_difference;
            total.max_abs_difference = std::max(total.max_abs_difference, c.value.max_abs_difference);
            total.cells += c.value.cells;
            ++pairs;
        }
    if (pairs > 0) {
        total.change /= pairs;
        total.rms_difference /= pairs;
    }
    return {total, {}, {}};
}

std::string shift_change_sentence(const ShiftChange& c) {
    return "Shift (" + std::to_string(c.dy) + ", " + std::to_string(c.dx) + "): the output changes by " +
           base::format_fixed(100.0 * c.change, 1) + " % (RMS difference over " + base::thousands_text(c.cells) +
           " cells / spread of the stride-1 conv output; realigned by (" + std::to_string(c.out_dy) + ", " +
           std::to_string(c.out_dx) + ") whole output pixels, borders left out). 0 % would mean the shift "
           "makes no difference.";
}

// [SECTION] The figures in pieces ----------------------------------------------------------------

std::pair<int, int> RowPieces::take(int n) {
    const int first = done_, last = first + std::clamp(n, 1, std::max(rows_ - first, 1));
    done_ = std::min(last, rows_);
    return {first, done_};
}

// Rows are the strided output's, channel after channel: row i is channel i / h, row i % h.
Result<SubsampleWork> SubsampleWork::start(const Tensor& dense, const Tensor& strided, Pair stride) {
    using R = Result<SubsampleWork>;
    if (stride[0] < 1 || stride[1] < 1) return R::fail("stride must be at least 1");
    if (dense.c != strided.c || strided.h <= 0 || strided.w <= 0 ||
        int64_t(strided.h - 1) * stride[0] >= dense.h || int64_t(strided.w - 1) * stride[1] >= dense.w)
        return R::fail("the strided output (" + std::to_string(strided.c) + "x" + std::to_string(strided.h) + "x" +
                       std::to_string(strided.w) + ") is not a subsampling of the dense one (" +
                       std::to_string(dense.c) + "x" + std::to_string(dense.h) + "x" + std::to_string(dense.w) +
                       ") at stride " + base::pair_text(stride));
    R r;
    r.value.dense_ = &dense;
    r.value.strided_ = &strided;
    r.value.stride_ = stride;
    r.value.rows_ = strided.c * strided.h;
    r.value.row_values_ = 2 * int64_t(strided.w);
    return r;
}

void SubsampleWork::add_rows(int n) {
    const Tensor &dense = *dense_, &strided = *strided_;
    const auto [first, last] = take(n);
    for (int i = first; i < last; ++i) {
        const int c = i / strided.h, y = i % strided.h;
        for (int x = 0; x < strided.w; ++x) {
            const float d = std::abs(strided.at(c, y, x) - dense.at(c, y * stride_[0], x * stride_[1]));
            check_.max_abs_difference = std::max(check_.max_abs_difference, d);
            ++check_.cells;
        }
    }
}

// Rows are the tensor's, channel after channel: its values in memory order.
SpreadWork::SpreadWork(const Tensor& t) : t_(&t) {
    rows_ = t.c * t.h;
    row_values_ = std::max(t.w, 1);
}

void SpreadWork::add_rows(int n) {
    if (rows_ == 0) return;
    const auto [first, last] = take(n);
    const float* v = t_->data.data() + static_cast<size_t>(first) * size_t(t_->w);
    const float* end = t_->data.data() + static_cast<size_t>(last) * size_t(t_->w);
    for (; v != end; ++v) {
        sum_ += *v;
        sum_sq_ += double(*v) * *v;
    }
}

double SpreadWork::result() const {
    if (!t_ || t_->data.empty()) return 0;
    const double n = double(t_->data.size());
    return std::sqrt(std::max(0.0, sum_sq_ / n - (sum_ / n) * (sum_ / n)));
}

namespace {

// Output cells o on one axis that can be compared: shifted cell o and unshifted cell o - m both
// read only real input pixels, the shifted one none of the d repeated edge pixels.
std::vector<int> comparable(const RoutePlan& p, bool rows, int d, int m) {
    const int n = rows ? p.in_h : p.in_w, out_n = rows ? p.out_h : p.out_w;
    auto window = [&](int o) {
        const InputWindow w = route_window(p, rows ? o : 0, rows ? 0 : o);
        return rows ? std::pair<int, int>{w.first_row, w.last_row} : std::pair<int, int>{w.first_col, w.last_col};
    };
    std::vector<int> cells;
    for (int o = m; o < out_n; ++o) {
        const auto shifted = window(o), unshifted = window(o - m);
        if (shifted.first >= d && shifted.second <= n - 1 && unshifted.first >= 0 && unshifted.second <= n - 1)
            cells.push_back(o);
    }
    return cells;
}

}  // namespace

// Rows are the comparable output rows, channel after channel.
Result<ShiftCompareWork> ShiftCompareWork::start(const RoutePlan& p, const Tensor& unshifted, const Tensor& shifted,
                                                 int dy, int dx, double spread) {
    using R = Result<ShiftCompareWork>;
    for (const Tensor* t : {&unshifted, &shifted})
        if (t->c != p.channels || t->h != p.out_h || t->w != p.out_w ||
            t->data.size() != static_cast<size_t>(t->c) * t->h * t->w)
            return R::fail("the outputs to compare do not have the route's output size");
    if (dy < 0 || dx < 0 || dy >= p.in_h || dx >= p.in_w)
        return R::fail("the shift must be non-negative and smaller than the picture");
    if (!(spread >= 0)) return R::fail("the spread must be a standard deviation (>= 0)");
    R r;
    ShiftCompareWork& w = r.value;
    const int jy = p.conv.rows.stride * (p.down ? p.down->rows.stride : 1);
    const int jx = p.conv.cols.stride * (p.down ? p.down->cols.stride : 1);
    ShiftChange& c = w.change_;
    c.route = p.route;
    c.dy = dy;
    c.dx = dx;
    c.out_dy = dy / jy;
    c.out_dx = dx / jx;
    c.spread = spread;
    w.unshifted_ = &unshifted;
    w.shifted_ = &shifted;
    w.rows_compared_ = comparable(p, true, dy, c.out_dy);
    w.cols_compared_ = comparable(p, false, dx, c.out_dx);
    w.rows_ = p.channels * static_cast<int>(w.rows_compared_.size());
    w.row_values_ = std::max<int64_t>(2 * int64_t(w.cols_compared_.size()), 1);
    return r;
}

void ShiftCompareWork::add_rows(int n) {
    if (rows_ == 0) return;
    ShiftChange& c = change_;
    const int per_channel = static_cast<int>(rows_compared_.size());
    const auto [first, last] = take(n);
    for (int i = first; i < last; ++i) {
        const int ch = i / per_channel, y = rows_compared_[size_t(i % per_channel)];
        for (int x : cols_compared_) {
            const double a = unshifted_->at(ch, y - c.out_dy, x - c.out_dx), b = shifted_->at(ch, y, x);
            diff_sq_ += (b - a) * (b - a);
            c.max_abs_difference = std::max(c.max_abs_difference, static_cast<float>(std::abs(b - a)));
            ++c.cells;
        }
    }
}

Result<ShiftChange> ShiftCompareWork::result() const {
    using R = Result<ShiftChange>;
    if (change_.cells == 0) return R::fail("the picture is too small to compare any output cell after the shift");
    ShiftChange c = change_;
    c.rms_difference = std::sqrt(diff_sq_ / double(c.cells));
    c.change = c.spread > 1e-12 ? c.rms_difference / c.spread : (c.rms_difference == 0 ? 0.0 : 1.0);
    return {c, {}, {}};
}

}  // namespace strideconv::image
