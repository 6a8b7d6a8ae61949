// bench_command.cpp -- `strideconv bench`: times the core's conv2d on fixed layers at stride 1
// and 2 and prints the median time, GFLOP/s (2 x MACs / time) and the stride-2 / stride-1 ratio;
// then image mode's routes (src/image/routes.hpp) on the live-update workloads.
// A benchmark, not a test: figures depend on the machine. Standard C++ only.
#include "cli/cli.hpp"
#include "image/image.hpp"
#include "image/routes.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace strideconv::cli {

namespace {

struct Workload {
    const char* name;
    int in_channels, out_channels, size, kernel, padding;
};

// Single-channel teaching sizes, then the first layers of ResNet-style networks.
constexpr Workload kWorkloads[] = {
    {"512x512 3x3, 1->1", 1, 1, 512, 3, 0},
    {"1024x1024 7x7, 1->1", 1, 1, 1024, 7, 0},
    {"224x224 7x7 pad 3, 3->64", 3, 64, 224, 7, 3},
    {"56x56 3x3 pad 1, 64->64", 64, 64, 56, 3, 1},
};

void fill_random(std::vector<float>& data, std::mt19937& generator) {
    for (float& v : data) v = float(generator() % 2001) / 1000.0f - 1.0f;
}

struct Timing {
    double median_ms = 0;
    int64_t macs = 0;
    int out_h = 0, out_w = 0;
    std::string error;
};

Timing time_layer(const Workload& load, int stride, int repeat) {
    Timing timing;
    std::mt19937 generator(42);
    Tensor x = Tensor::zeros(load.in_channels, load.size, load.size);
    Weight w = Weight::zeros(load.out_channels, load.in_channels, load.kernel, load.kernel);
    fill_random(x.data, generator);
    fill_random(w.data, generator);
    Conv2dOptions o;
    o.stride = {stride, stride};
    o.padding = Padding::symmetric(load.padding, load.padding);
    Result<ConvShape> shape = conv2d_shape(x.c, x.h, x.w, w, o);
    if (!shape.ok()) {
        timing.error = shape.error;
        return timing;
    }
    timing.macs = shape.value.macs;
    timing.out_h = shape.value.rows.output;
    timing.out_w = shape.value.cols.output;

    std::vector<double> ms;
    volatile float sink = 0;  // keeps the result observable
    for (int r = 0; r < repeat; ++r) {
        auto start = std::chrono::steady_clock::now();
        Result<Tensor> y = conv2d(x, w, nullptr, o);
        auto stop = std::chrono::steady_clock::now();
        if (!y.ok()) {
            timing.error = y.error;
            return timing;
        }
        sink = sink + y.value.data[0];
        ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    }
    std::sort(ms.begin(), ms.end());
    size_t n = ms.size();
    timing.median_ms = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    return timing;
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
    char line[200];
    out << "\nimage mode: routes of src/image/routes.hpp on a zone plate (kernel per channel); median of "
        << repeat << " run" << (repeat == 1 ? "" : "s") << "\n"
        << "routes 3-5 reuse route 1's stride-1 conv; their time is that conv plus their own pool/blur\n\n";
    std::snprintf(line, sizeof line, "%-30s %-9s %9s %13s %11s\n", "workload", "route", "output", "MACs",
                  "median ms");
    out << line;
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
            std::snprintf(line, sizeof line, "%-30s %-9s %9s %13s %11.3f\n", k == 0 ? load.name : "",
                          image::to_string(routes[k]), output.c_str(), format_count(run.plan.macs()).c_str(),
                          run.median_ms);
            out << line;
        }
        std::snprintf(line, sizeof line, "%-30s stride %d vs stride 1: %s\n", "", load.stride,
                      image::speed_sentence(last[1], last[0]).c_str());
        out << line;
        const double all = image::median(call_ms);
        if (load.all_routes)
            std::snprintf(line, sizeof line, "%-30s all five routes in one call: %.3f ms (target 100 ms)\n", "", all);
        else
            std::snprintf(line, sizeof line, "%-30s stride %d route alone: %.3f ms (one 60 Hz frame: 16.7 ms)\n", "",
                          load.stride, last[1].median_ms);
        out << line;
    }
    return kExitOk;
}

}  // namespace

int run_bench(const Args& args, std::ostream& out, std::ostream& err) {
    int repeat = 5;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string value;
        if (args[i] == "--repeat" && i + 1 < args.size()) {
            value = args[++i];
        } else if (args[i].rfind("--repeat=", 0) == 0) {
            value = args[i].substr(9);
        } else if (args[i] == "--repeat") {
            return fail(err, "option --repeat needs a value");
        } else {
            return fail(err, (args[i].rfind("-", 0) == 0 ? "unknown option '" : "unexpected argument '") +
                                 args[i] + "' for 'bench' (it takes --repeat N)");
        }
        char* end = nullptr;
        long n = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || n < 1 || n > 1000)
            return fail(err, "--repeat: expected an integer from 1 to 1000, got '" + value + "'");
        repeat = int(n);
    }

    out << "conv2d, float32, single image; median of " << repeat << " run"
        << (repeat == 1 ? "" : "s") << "; GFLOP/s = 2 x MACs / time\n"
        << "times include allocating the output tensor, as every call to the core does\n\n";
    char line[200];
    std::snprintf(line, sizeof line, "%-26s %6s %9s %15s %11s %9s\n", "workload", "stride",
                  "output", "MACs", "median ms", "GFLOP/s");
    out << line;
    for (const Workload& load : kWorkloads) {
        Timing t1 = time_layer(load, 1, repeat);
        Timing t2 = time_layer(load, 2, repeat);
        for (const Timing* t : {&t1, &t2}) {
            if (!t->error.empty()) return fail(err, std::string(load.name) + ": " + t->error);
            std::string output = std::to_string(t->out_h) + "x" + std::to_string(t->out_w);
            double gflops = t->median_ms > 0 ? 2.0 * double(t->macs) / (t->median_ms * 1e6) : 0;
            std::snprintf(line, sizeof line, "%-26s %6d %9s %15s %11.3f %9.2f\n",
                          t == &t1 ? load.name : "", t == &t1 ? 1 : 2, output.c_str(),
                          format_count(t->macs).c_str(), t->median_ms, gflops);
            out << line;
        }
        std::snprintf(line, sizeof line,
                      "%-26s stride 2 / stride 1: time %.3f, MACs %.3f\n", "",
                      t1.median_ms > 0 ? t2.median_ms / t1.median_ms : 0.0,
                      t1.macs > 0 ? double(t2.macs) / double(t1.macs) : 0.0);
        out << line;
    }
    return bench_image(repeat, out, err);
}

}  // namespace strideconv::cli
