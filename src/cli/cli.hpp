// cli.hpp -- the `strideconv` command-line tool: subcommands, their shared options, text output.
//
// Native-side tool over core and io (standard C++ only, so it also runs under node as wasm).
// Every number printed comes from the core (shapes, geometry, traces, MAC counts); this layer only
// parses options and formats text. Errors print one line "strideconv: <message>" on stderr and the
// command returns kExitUsage (2).
#pragma once

#include "core/core.hpp"
#include "image/image.hpp"
#include "image/routes.hpp"

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace strideconv::cli {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;

using Args = std::vector<std::string>;

// The whole tool: `args` are the command line without the program name (argv[1..]); `in` is what
// `compute` reads. Returns the exit status (kExitOk or kExitUsage). main() calls it with the
// standard streams.
int run(const Args& args, std::istream& in, std::ostream& out, std::ostream& err);

// Subcommands; `args` excludes the program and command names.
int run_shape(const Args& args, std::ostream& out, std::ostream& err);
int run_explain(const Args& args, std::ostream& out, std::ostream& err);
int run_compute(const Args& args, std::istream& in, std::ostream& out, std::ostream& err);
int run_bench(const Args& args, std::ostream& out, std::ostream& err);
int run_image(const Args& args, std::ostream& out, std::ostream& err);
int run_stack(const Args& args, std::ostream& out, std::ostream& err);

void print_usage(std::ostream& out);
// Prints "strideconv: <message>" (on one line) and returns kExitUsage.
int fail(std::ostream& err, const std::string& message);

// [SECTION] The layer described by shape/explain options ---------------------------------------

struct LayerArgs {
    Op op = Op::conv2d;          // conv2d, max_pool2d or avg_pool2d; explain also conv_transpose2d
    Pair input{0, 0};
    Pair kernel{0, 0};
    std::optional<Pair> stride;  // absent: 1 for conv2d, kernel_size for pools (PyTorch)
    Padding padding;             // 'full' is resolved to explicit sides while parsing
    std::string padding_text = "0";
    Pair dilation{1, 1};
    PaddingMode padding_mode = PaddingMode::zeros;
    bool ceil_mode = false;
    bool count_include_pad = true;
    int in_channels = 1, out_channels = 1, groups = 1;
    Pair output_padding{0, 0};   // conv_transpose2d (explain only)
    // explain only
    std::string values = "seq";
    std::string kernel_values = "ones";
    std::optional<float> bias;
    std::optional<std::array<int, 3>> cell;  // channel, row, col
};

// Parses the options shared by shape and explain; `explain` enables the explain-only ones.
Result<LayerArgs> parse_layer_args(const Args& args, bool explain);

// The layer as the core describes it (conv2d_shape / conv_transpose2d_shape / max_pool2d_shape /
// avg_pool2d_shape):
// validated, every count 64-bit, nothing of its size allocated.
Result<LayerShape> layer_shape(const LayerArgs& a);

Conv2dOptions conv2d_options(const LayerArgs& a);
ConvTranspose2dOptions conv_transpose2d_options(const LayerArgs& a);
MaxPool2dOptions max_pool_options(const LayerArgs& a);
AvgPool2dOptions avg_pool_options(const LayerArgs& a);
// A one-line summary: "conv2d: input 5x5, kernel 3x3, stride 2x2, padding 0, dilation 1x1".
std::string describe_layer(const LayerArgs& a);

// [SECTION] The options of `image` ----------------------------------------------------------------

struct ImageArgs {
    std::string in, source, out;
    std::optional<Pair> size;
    bool gray = false;
    std::string kernel = "identity";
    std::optional<Pair> kernel_size;
    std::optional<std::vector<float>> weights;
    Padding padding;
    PaddingMode padding_mode = PaddingMode::zeros;
    Pair stride{2, 2};
    image::Route route = image::Route::stride;
    int blur = 3;
    int max_side = image::kMaxSide;
    bool kernel_given = false;
};

// Parses the options of `image` (reads no file; the picture's size is known only once loaded).
Result<ImageArgs> parse_image_args(const Args& args);

// [SECTION] Text ---------------------------------------------------------------------------------

// A float as a person would write it: integers without decimals, else 6 significant digits.
std::string format_value(float v);
// "1,234,567"
std::string format_count(int64_t n);
// `s` padded with spaces to `width` (never cut): on the right (left-aligned) or on the left.
std::string pad_right(const std::string& s, size_t width);
std::string pad_left(const std::string& s, size_t width);
// "row 4" / "rows 1, 3, 4" / "none"; long lists are cut after `max_items`.
std::string format_indices(const std::vector<int>& indices, const char* noun,
                           const char* noun_plural, size_t max_items = 24);
// A right-aligned grid with row and column numbers, each line prefixed by `indent`.
void print_grid(std::ostream& out, const std::vector<std::string>& cells, int rows, int cols,
                const std::string& indent);

}  // namespace strideconv::cli
