// bench_command.cpp -- `strideconv bench`: times the core's ops on fixed layers at stride 1 and 2
// and prints the median time, GFLOP/s (2 x MACs / time) and the stride-1 / stride-2 time ratio,
// as a table or (--json) as a JSON array with one object per run; the table is followed by image
// mode's routes (src/image/routes.hpp) on the live-update workloads. A benchmark, not a test:
// figures depend on the machine. Standard C++ only; runs natively and under node.
//
//   strideconv bench [--repeat N] [--json] [--simd TARGET] [--reference] [--check]
//
// scripts/bench_compare.py runs the same layers through PyTorch and OpenCV and prints the ratios.
#include "cli/cli.hpp"
#include "image/image.hpp"
#include "image/routes.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>

#include "base/number_text.hpp"
#include "base/random.hpp"

namespace strideconv::cli {

namespace {

struct Workload {
    Op op;
    int in_channels, size, out_channels, kernel, padding;
};

// Single-channel image sizes (image mode), the first layers of ResNet-style networks, their
// pools, and a decoder's transposed conv. Each runs at stride 1 and at stride 2.
constexpr Workload kWorkloads[] = {
    {Op::conv2d, 1, 512, 1, 3, 0},
    {Op::conv2d, 1, 1024, 1, 7, 0},
    {Op::conv2d, 3, 224, 64, 7, 3},
    {Op::conv2d, 64, 56, 64, 3, 1},
    {Op::max_pool2d, 64, 112, 64, 3, 1},
    {Op::avg_pool2d, 64, 56, 64, 3, 1},
    {Op::conv_transpose2d, 64, 28, 64, 3, 1},
};

void fill_random(std::vector<float>& data, base::Random& random) {
    for (float& v : data) v = float(random.between(-1000, 1000)) / 1000.0f;
}

struct Run {
    const Workload* load = nullptr;
    int stride = 1;
    double median_ms = 0;
    double cpu_median_ms = 0;  // processor time: less disturbed than wall time on a busy machine
    int64_t macs = 0;  // multiply-accumulates (conv) or window taps (pools)
    int out_h = 0, out_w = 0;
    double max_difference = -1;  // --check: largest |fast - reference| over the output
    std::string error;
};

struct Options {
    int repeat = 5;
    bool json = false, reference = false, check = false;
    std::string simd;
};

// The workload's options at `stride` (the transposed conv's output is exactly stride x its input).
Conv2dOptions conv_options(const Workload& load, int stride) {
    Conv2dOptions o;
    o.stride = {stride, stride};
    o.padding = Padding::symmetric(load.padding, load.padding);
    return o;
}

ConvTranspose2dOptions transpose_options(const Workload& load, int stride) {
    ConvTranspose2dOptions o;
    o.stride = {stride, stride};
    o.padding = {load.padding, load.padding};
    o.output_padding = {stride - 1, stride - 1};
    return o;
}

MaxPool2dOptions max_pool_options(const Workload& load, int stride) {
    return {{load.kernel, load.kernel}, Pair{stride, stride}, {load.padding, load.padding}, {1, 1}, false};
}

AvgPool2dOptions avg_pool_options(const Workload& load, int stride) {
    return {{load.kernel, load.kernel}, Pair{stride, stride}, {load.padding, load.padding}, false, true,
            std::nullopt};
}

// The layer as the core describes it: sizes, MACs (pools: window taps), checked before allocating.
Result<LayerShape> workload_shape(const Workload& load, int stride) {
    const int c = load.in_channels, n = load.size, k = load.kernel;
    switch (load.op) {
        case Op::conv2d: return conv2d_shape(c, n, n, load.out_channels, k, k, conv_options(load, stride));
        case Op::conv_transpose2d:
            return conv_transpose2d_shape(c, n, n, load.out_channels, k, k, transpose_options(load, stride));
        case Op::max_pool2d: return max_pool2d_shape(c, n, n, max_pool_options(load, stride));
        case Op::avg_pool2d: return avg_pool2d_shape(c, n, n, avg_pool_options(load, stride));
    }
    return Result<LayerShape>::fail("unknown op");
}

// One call of the workload's op into `out`: the fast path (its _into form, reusing `out`'s
// storage, as the UI does) or the reference (which returns a new tensor).
std::string run_op(const Workload& load, int stride, const Tensor& x, const Weight& w,
                   bool reference, Tensor& out) {
    auto take = [&out](Result<Tensor> r) {
        if (!r.ok()) return r.error;
        out = std::move(r.value);
        return std::string();
    };
    switch (load.op) {
        case Op::conv2d: {
            const Conv2dOptions o = conv_options(load, stride);
            return reference ? take(reference::conv2d(x, w, nullptr, o)) : conv2d_into(x, w, nullptr, o, out);
        }
        case Op::conv_transpose2d: {
            const ConvTranspose2dOptions o = transpose_options(load, stride);
            return reference ? take(reference::conv_transpose2d(x, w, nullptr, o))
                             : conv_transpose2d_into(x, w, nullptr, o, out);
        }
        case Op::max_pool2d: {
            const MaxPool2dOptions o = max_pool_options(load, stride);
            return reference ? take(reference::max_pool2d(x, o)) : max_pool2d_into(x, o, out);
        }
        case Op::avg_pool2d: {
            const AvgPool2dOptions o = avg_pool_options(load, stride);
            return reference ? take(reference::avg_pool2d(x, o)) : avg_pool2d_into(x, o, out);
        }
    }
    return "unknown op";
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Run time_run(const Workload& load, int stride, const Options& options) {
    Run run;
    run.load = &load;
    run.stride = stride;
    // The shape and the budget before anything of the layer's size is allocated.
    Result<LayerShape> shape = workload_shape(load, stride);
    if (shape.ok()) shape.error = check_budget(shape.value);
    if (!shape.ok()) {
        run.error = shape.error;
        return run;
    }
    run.macs = shape.value.macs;
    run.out_h = shape.value.rows.output;
    run.out_w = shape.value.cols.output;
    base::Random random(42);
    Tensor x = Tensor::zeros(load.in_channels, load.size, load.size);
    fill_random(x.data, random);
    Weight w;
    if (load.op == Op::conv2d) w = Weight::zeros(load.out_channels, load.in_channels, load.kernel, load.kernel);
    if (load.op == Op::conv_transpose2d) w = Weight::zeros(load.in_channels, load.out_channels, load.kernel, load.kernel);
    fill_random(w.data, random);

    // Warm-up call: sizes the reused workspace and output.
    Tensor first;
    run.error = run_op(load, stride, x, w, options.reference, first);
    if (!run.error.empty()) return run;
    if (options.check) {
        Tensor other;
        run_op(load, stride, x, w, !options.reference, other);
        double worst = 0;
        for (size_t k = 0; k < first.data.size(); ++k)
            worst = std::max(worst, double(std::fabs(first.data[k] - other.data[k])));
        run.max_difference = worst;
    }

    std::vector<double> ms, cpu_ms;
    volatile float sink = 0;  // keeps the result observable
    for (int r = 0; r < options.repeat; ++r) {
        const std::clock_t cpu_start = std::clock();
        const auto start = std::chrono::steady_clock::now();
        run_op(load, stride, x, w, options.reference, first);
        const auto stop = std::chrono::steady_clock::now();
        const std::clock_t cpu_stop = std::clock();
        sink = sink + first.data[0];
        ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
        cpu_ms.push_back(1000.0 * double(cpu_stop - cpu_start) / CLOCKS_PER_SEC);
    }
    run.median_ms = median(ms);
    run.cpu_median_ms = median(cpu_ms);
    return run;
}

std::string workload_name(const Workload& load) {
    std::string s = std::string(to_string(load.op)) + " " + std::to_string(load.size) + "x" +
                    std::to_string(load.size) + " " + std::to_string(load.kernel) + "x" +
                    std::to_string(load.kernel);
    if (load.padding) s += " p" + std::to_string(load.padding);
    if (load.op == Op::conv2d || load.op == Op::conv_transpose2d)
        s += ", " + std::to_string(load.in_channels) + "->" + std::to_string(load.out_channels);
    else
        s += ", " + std::to_string(load.in_channels) + " ch";
    return s;
}

double gflops(const Run& run) { return run.median_ms > 0 ? 2.0 * double(run.macs) / (run.median_ms * 1e6) : 0; }
double cpu_gflops(const Run& run) {
    return run.cpu_median_ms > 0 ? 2.0 * double(run.macs) / (run.cpu_median_ms * 1e6) : 0;
}

// The roofline's arithmetic ceiling on this machine: the core's multiply-add probe, timed.
struct Peak {
    double gflops = 0, cpu_gflops = 0;  // wall time, processor time (medians)
};

Peak measure_peak(int repeat) {
    // Rounds for about 5 ms a call, then the median of at least 5 calls.
    int64_t rounds = int64_t(1) << 14;
    for (;;) {
        const auto start = std::chrono::steady_clock::now();
        multiply_add_probe(rounds);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (ms >= 5 || rounds >= (int64_t(1) << 30)) break;
        rounds *= 2;
    }
    std::vector<double> wall, cpu;
    int64_t flops = 0;
    for (int r = 0; r < std::max(repeat, 5); ++r) {
        const std::clock_t cpu_start = std::clock();
        const auto start = std::chrono::steady_clock::now();
        flops = multiply_add_probe(rounds);
        const auto stop = std::chrono::steady_clock::now();
        const std::clock_t cpu_stop = std::clock();
        wall.push_back(std::chrono::duration<double>(stop - start).count());
        cpu.push_back(double(cpu_stop - cpu_start) / CLOCKS_PER_SEC);
    }
    Peak p;
    const double w = median(wall), c = median(cpu);
    p.gflops = w > 0 ? double(flops) / w / 1e9 : 0;
    p.cpu_gflops = c > 0 ? double(flops) / c / 1e9 : 0;
    return p;
}

// Multiply-adds against the probe's peak, in processor time; pools count window taps, not
// multiply-adds, so they have none.
std::string percent_of_peak(const Run& run, const Peak& peak) {
    if (run.load->op == Op::max_pool2d || run.load->op == Op::avg_pool2d || peak.cpu_gflops <= 0) return "-";
    return base::format_fixed(100.0 * cpu_gflops(run) / peak.cpu_gflops, 0) + "%";
}

void print_json(const std::vector<Run>& runs, const std::string& simd, const Options& options,
                const Peak& peak, std::ostream& out) {
    using base::format_fixed;
    out << "[\n";
    for (size_t i = 0; i < runs.size(); ++i) {
        const Run& r = runs[i];
        const Workload& l = *r.load;
        out << "  {\"op\": \"" << to_string(l.op) << "\", \"in_channels\": " << l.in_channels
            << ", \"height\": " << l.size << ", \"width\": " << l.size
            << ", \"out_channels\": " << l.out_channels << ", \"kernel\": " << l.kernel
            << ", \"stride\": " << r.stride << ", \"padding\": " << l.padding
            << ", \"median_ms\": " << format_fixed(r.median_ms, 4)
            << ", \"cpu_median_ms\": " << format_fixed(r.cpu_median_ms, 4) << ", \"repeat\": " << options.repeat
            << ", \"macs\": " << r.macs << ", \"gflops\": " << format_fixed(gflops(r), 2)
            << ", \"cpu_gflops\": " << format_fixed(cpu_gflops(r), 2)
            << ", \"peak_gflops\": " << format_fixed(peak.gflops, 2)
            << ", \"cpu_peak_gflops\": " << format_fixed(peak.cpu_gflops, 2) << ", \"simd\": \""
            << (options.reference ? "reference" : simd) << "\"";
        if (r.max_difference >= 0) out << ", \"max_difference\": " << base::format_general(r.max_difference, 3);
        out << "}" << (i + 1 < runs.size() ? "," : "") << "\n";
    }
    out << "]\n";
}

void print_table(const std::vector<Run>& runs, const std::string& simd, const Options& options,
                 const Peak& peak, std::ostream& out) {
    out << "float32, single image, one thread; median of " << options.repeat << " run"
        << (options.repeat == 1 ? "" : "s") << " after a warm-up call; "
        << (options.reference ? "scalar reference ops" : "fast paths, SIMD target " + simd)
        << "\nGFLOP/s = 2 x MACs / median wall time (pools: window taps); the fast paths write into one\n"
        << "reused output tensor (conv2d_into, ...); cpu ms: median processor time of the same runs\n"
        << "multiply-add peak of this thread on " << simd << " (the core's probe: 16 independent vector\n"
        << "multiply-adds, no memory): " << base::format_fixed(peak.gflops, 1) << " GFLOP/s, "
        << base::format_fixed(peak.cpu_gflops, 1) << " in processor time; % peak: the run's GFLOP/s in\n"
        << "processor time against the latter (convolutions only: pools do no multiply-adds)\n\n";
    using base::format_fixed;
    out << pad_right("workload", 36) << " " << pad_left("stride", 6) << " " << pad_left("output", 9) << " "
        << pad_left("MACs", 15) << " " << pad_left("median ms", 10) << " " << pad_left("cpu ms", 8) << " "
        << pad_left("GFLOP/s", 9) << " " << pad_left("% peak", 7) << (options.check ? "  max |fast - ref|" : "")
        << "\n";
    for (size_t i = 0; i + 1 < runs.size(); i += 2) {
        for (const Run* r : {&runs[i], &runs[i + 1]}) {
            const std::string output = std::to_string(r->out_h) + "x" + std::to_string(r->out_w);
            out << pad_right(r == &runs[i] ? workload_name(*r->load) : "", 36) << " "
                << pad_left(std::to_string(r->stride), 6) << " " << pad_left(output, 9) << " "
                << pad_left(format_count(r->macs), 15) << " " << pad_left(format_fixed(r->median_ms, 3), 10) << " "
                << pad_left(format_fixed(r->cpu_median_ms, 3), 8) << " " << pad_left(format_fixed(gflops(*r), 2), 9)
                << " " << pad_left(percent_of_peak(*r, peak), 7);
            if (r->max_difference >= 0) out << "  " << base::format_general(r->max_difference, 3);
            out << "\n";
        }
        const Run &s1 = runs[i], &s2 = runs[i + 1];
        out << pad_right("", 36) << " stride 1 / stride 2: time "
            << format_fixed(s2.median_ms > 0 ? s1.median_ms / s2.median_ms : 0.0, 2) << ", MACs "
            << format_fixed(s2.macs > 0 ? double(s1.macs) / double(s2.macs) : 0.0, 2) << "\n";
    }
}

// [SECTION] Image mode ----------------------------------------------------------------------------

struct ImageWorkload {
    const char* name;
    int channels, size, kernel, padding, stride, blur;
    bool all_routes;  // all five routes, else stride 1 and stride S
};

// The live-update targets: one 1024x1024 gray picture at stride 2 with a 7x7 kernel
// within a 60 Hz frame; all five routes on a 512x512 RGB picture within 100 ms.
constexpr ImageWorkload kImageWorkloads[] = {
    {"1024x1024 gray 7x7 S=2", 1, 1024, 7, 0, 2, 3, false},
    {"512x512 RGB 3x3 pad 1 S=2 F=3", 3, 512, 3, 1, 2, 3, true},
    {"512x512 RGB 7x7 pad 3 S=2 F=3", 3, 512, 7, 3, 2, 3, true},
};

int bench_image(int repeat, std::ostream& out, std::ostream& err) {
    using base::format_fixed;
    out << "\nimage mode: routes of src/image/routes.hpp on a zone plate (kernel per channel); median of "
        << repeat << " run" << (repeat == 1 ? "" : "s") << "\n"
        << "routes 3-5 reuse route 1's stride-1 conv; their time is that conv plus their own pool/blur\n\n";
    out << pad_right("workload", 30) << " " << pad_right("route", 9) << " " << pad_left("output", 9) << " "
        << pad_left("MACs", 13) << " " << pad_left("median ms", 11) << "\n";
    for (const ImageWorkload& load : kImageWorkloads) {
        image::SourceDesc d;
        d.height = d.width = load.size;
        auto picture = image::make_source(d);
        if (!picture.ok()) return fail(err, std::string(load.name) + ": " + picture.error);
        Tensor x = picture.value.pixels;
        if (load.channels == 3) {
            Tensor rgb = Tensor::zeros(3, x.h, x.w);
            for (int c = 0; c < 3; ++c) std::copy(x.data.begin(), x.data.end(), rgb.data.begin() + ptrdiff_t(c) * x.h * x.w);
            x = std::move(rgb);
        }
        image::RouteSettings s;
        const std::vector<float> row = image::binomial_row(load.kernel);
        std::vector<float> values;
        for (float a : row)
            for (float b : row) values.push_back(a * b);
        s.kernel = image::kernel_weight(load.kernel, load.kernel, values);
        s.padding = Padding::symmetric(load.padding, load.padding);
        s.stride = {load.stride, load.stride};
        s.blur = load.blur;
        const std::vector<image::Route> routes =
            load.all_routes ? image::all_routes() : std::vector<image::Route>{image::Route::stride1, image::Route::stride};
        // Each call runs every route once; per-route and whole-call times are medians over calls.
        std::vector<double> call_ms;
        std::vector<std::vector<double>> route_ms(routes.size());
        std::vector<image::RouteRun> last;
        for (int r = 0; r < repeat; ++r) {
            const double t0 = image::steady_clock_ms();
            auto runs = image::run_routes(routes, x, s, 1);
            call_ms.push_back(image::steady_clock_ms() - t0);
            if (!runs.ok()) return fail(err, std::string(load.name) + ": " + runs.error);
            for (size_t k = 0; k < routes.size(); ++k) route_ms[k].push_back(runs.value[k].ms.front());
            last = std::move(runs.value);
        }
        for (size_t k = 0; k < routes.size(); ++k) {
            image::RouteRun& run = last[k];
            run.median_ms = image::median(route_ms[k]);
            const std::string output = std::to_string(run.plan.out_h) + "x" + std::to_string(run.plan.out_w);
            out << pad_right(k == 0 ? load.name : "", 30) << " " << pad_right(image::to_string(routes[k]), 9) << " "
                << pad_left(output, 9) << " " << pad_left(format_count(run.plan.macs()), 13) << " "
                << pad_left(format_fixed(run.median_ms, 3), 11) << "\n";
        }
        const std::string indent = pad_right("", 30);
        out << indent << " stride " << load.stride << " vs stride 1: " << image::speed_sentence(last[1], last[0])
            << "\n";
        if (load.all_routes)
            out << indent << " all five routes in one call: " << format_fixed(image::median(call_ms), 3)
                << " ms (target 100 ms)\n";
        else
            out << indent << " stride " << load.stride << " route alone: " << format_fixed(last[1].median_ms, 3)
                << " ms (one 60 Hz frame: 16.7 ms)\n";
    }
    return kExitOk;
}

}  // namespace

int run_bench(const Args& args, std::ostream& out, std::ostream& err) {
    Options options;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") { options.json = true; continue; }
        if (a == "--reference") { options.reference = true; continue; }
        if (a == "--check") { options.check = true; continue; }
        std::string name, value;
        for (const char* option : {"--repeat", "--simd"}) {
            const std::string o = option;
            if (a == o) {
                if (i + 1 >= args.size()) return fail(err, "option " + o + " needs a value");
                name = o;
                value = args[++i];
            } else if (a.rfind(o + "=", 0) == 0) {
                name = o;
                value = a.substr(o.size() + 1);
            }
        }
        if (name.empty())
            return fail(err, (a.rfind("-", 0) == 0 ? "unknown option '" : "unexpected argument '") + a +
                                 "' for 'bench' (it takes --repeat N, --json, --simd TARGET, --reference, --check)");
        if (name == "--repeat") {
            int64_t n = 0;
            if (base::parse_whole(value, 1, 1000, n) != base::WholeStatus::ok)
                return fail(err, "--repeat: expected an integer from 1 to 1000, got '" + value + "'");
            options.repeat = int(n);
        } else {
            options.simd = value;
        }
    }
    if (!options.simd.empty() && !use_simd_target(options.simd)) {
        std::string known;
        for (const std::string& t : simd_targets()) known += (known.empty() ? "" : ", ") + t;
        return fail(err, "--simd: '" + options.simd + "' is not available here (available: " + known + ")");
    }

    const Peak peak = measure_peak(options.repeat);
    std::vector<Run> runs;
    for (const Workload& load : kWorkloads) {
        for (int stride : {1, 2}) {
            runs.push_back(time_run(load, stride, options));
            if (!runs.back().error.empty())
                return fail(err, workload_name(load) + ": " + runs.back().error);
        }
    }
    if (options.json) {
        print_json(runs, simd_target(), options, peak, out);
        return kExitOk;
    }
    print_table(runs, simd_target(), options, peak, out);
    return bench_image(options.repeat, out, err);
}

}  // namespace strideconv::cli
