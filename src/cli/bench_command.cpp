// bench_command.cpp -- `strideconv bench`: times the core's conv2d on fixed layers at stride 1
// and 2 and prints the median time, GFLOP/s (2 x MACs / time) and the stride-2 / stride-1 ratio.
// A benchmark, not a test: figures depend on the machine. Standard C++ only.
#include "cli/cli.hpp"

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
    return kExitOk;
}

}  // namespace strideconv::cli
