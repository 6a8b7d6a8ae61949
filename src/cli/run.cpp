// run.cpp -- the `strideconv` command-line tool as a function: dispatch, usage, `compute`.
// Standard C++ only (runs natively, and under node when built with Emscripten + NODERAWFS).
// main.cpp hands it argv; tests/fuzz/cli_fuzz.cpp calls it directly.
//
// Exit status: 0 success, 2 usage error or refused input (one line "strideconv: ..." on stderr).
#include "cli/cli.hpp"
#include "io/request.hpp"
#include "teach/about.hpp"

#include <iostream>
#include <iterator>

namespace strideconv::cli {

void print_usage(std::ostream& out) {
    out << R"(usage: strideconv <command> [options]
       strideconv --version | --notices

commands:
  shape    output size of a layer, the formula with its numbers, dropped and never-visited
           rows/columns, and MACs at this stride vs stride 1
  explain  every output cell step by step: window, taps, products, sum, then the output map
  compute  read one JSON request on stdin, print the JSON response on stdout
  bench    time fixed layers (conv2d, pools, conv_transpose2d) at stride 1 and 2 (median ms,
           GFLOP/s and its share of this thread's multiply-add peak, the stride 1 / stride 2
           time ratio) and image-mode routes
  image    one image-mode route on a picture file or a built-in source, written as .npy or PNG
  stack    a network layer by layer: sizes and the floor's remainder, jump, receptive field,
           effective padding, MACs, parameters; a preset or a stack in the layer grammar

shape / explain options:
  --input HxW | N            input size (required)
  --kernel KHxKW | K         kernel size (required)
  --stride SHxSW | S         default 1 (conv2d) or the kernel size (pools)
  --padding P | PHxPW | T,B,L,R | same | valid | full
                             full pads dilation*(kernel-1) on every side; default 0
  --dilation DHxDW | D       default 1
  --padding-mode zeros|reflect|replicate|circular   (conv2d)
  --op conv2d|max_pool2d|avg_pool2d                 default conv2d
  --ceil-mode                pools: round the output size up (PyTorch ceil_mode)
  --exclude-pad              avg_pool2d: count_include_pad=False
  --in-channels C  --out-channels O  --groups G     default 1
explain only:
  --values seq|ones|checker|random:SEED   input values, the same as the app's values= for a
                                     seed (seq: 1, 2, 3, ...; random: whole numbers -9..9)
  --kernel-values ones|box|identity|gaussian|gaussian_norm|sharpen|edge|laplacian|sobel_x|
                  sobel_y|emboss|V,V,...
                                     default ones; the app's presets ('sobel-x' works too);
                                     gaussian: whole binomial weights; gaussian_norm: sum 1
  --bias B                           conv2d bias, the same for every output channel
  --cell ROW,COL | CHANNEL,ROW,COL   explain one output cell only
  --op conv_transpose2d              the transposed conv's scatter: each input cell adds its
                                     value times the kernel to the output (--cell: one output
                                     cell gathered from the pairs reaching it); padding P or
                                     PHxPW is cropped from the output
  --output-padding OHxOW | O         conv_transpose2d: rows/columns given back at the
                                     bottom/right, < max(stride, dilation)

bench options:
  --repeat N                 timed runs per layer after a warm-up call (default 5)
  --json                     one JSON array, an object per run (op, in_channels, height, width,
                             out_channels, kernel, stride, padding, median_ms, ...)
  --simd TARGET              run the fast paths on another SIMD target (e.g. AVX2, SCALAR)
  --reference                time the scalar reference ops instead of the fast paths
  --check                    also report the largest |fast - reference| difference per run

image options:
  --in FILE                  a PNG, JPEG, GIF, BMP, ... file (16-bit PNG kept at 16 bits)
  --source NAME              or a built-in picture: zoneplate, stripes, checker, text, scene,
                             photo (= photo:astronaut), photo:brick
  --size N | HxW             built-in picture size, 16..2048 (default 256)
  --max-side N               working limit for --in: larger files are scaled down (default 2048)
  --gray                     luma (0.299 R + 0.587 G + 0.114 B) first; default: RGB, the kernel
                             runs on each channel
  --kernel NAME              box, gaussian_norm, gaussian, sobel_x, sobel_y, laplacian, edge,
                             sharpen, emboss, identity, ones (the lesson's presets; default
                             identity); gaussian_norm sums to 1 and keeps the picture's
                             brightness, gaussian has whole binomial weights (sum 2^(KH+KW-2))
  --kernel-size K | KHxKW    size of box, gaussian(_norm), identity, ones and of --weights
                             (default 3)
  --weights V,V,...          a custom kernel, row-major
  --padding P | PHxPW | T,B,L,R | same | valid      default 0
  --padding-mode zeros|reflect|replicate|circular
  --stride S | SHxSW         1..8 (default 2)
  --route stride1|stride|pool-max|pool-avg|blurpool
                             conv at stride 1; conv at stride S (default); conv then max pool,
                             avg pool or BlurPool (binomial F x F, reflect padding) S x S at stride S
  --blur F                   BlurPool filter size 1..7 (default 3)
  --out FILE.npy | FILE.png  .npy: float32 (C, H, W), exact values; PNG: gray levels with the
                             mapping printed (values in [0,1]: 255 v; signed: zero is mid-grey)

stack options:
  --preset NAME              vgg16, alexnet, resnet18, resnet50, resnet50-slim, mobilenet_v1,
                             mobilenet_v2, or one of their stems (resnet50-stem, ...)
  --layers SPEC              a stack, e.g. 'conv:k=7,s=2,p=3,c=64; maxpool:k=3,s=2,p=1'
                             (types conv dwconv maxpool avgpool convT add; keys k s p d c g op ceil
                             global b bn skip name; the grammar is in README.md)
  --input N | HxW            input size, 1..4096 (default 224)
  --channels C               input channels (default 3)
  --json                     a JSON array, one object per layer
  --flops                    FLOPs (2 x MACs) beside MACs
  --swap N,N,...             swap stride and pooling at these downsampling points (layer numbers)
  --cell LAYER,ROW,COL       also print what that output cell sees of the input

--version   the lab's version and licence;  --notices   its licence and third-party notices

examples:
  strideconv shape --input 5x5 --kernel 3 --stride 2
  strideconv explain --input 5x5 --kernel 3 --stride 2 --padding 1 --padding-mode reflect
  strideconv explain --op conv_transpose2d --input 4 --kernel 3 --stride 2 --padding 1 --output-padding 1
  echo '{"op": "max_pool2d", "input": [[[1, 2], [3, 4]]], "kernel_size": 2}' | strideconv compute
  strideconv image --in photo.png --gray --kernel sobel_x --padding 1 --stride 2 --route stride --out y.npy
  strideconv image --source zoneplate --size 512 --route blurpool --blur 4 --out zp.png
  strideconv stack --preset resnet50 --input 224
  strideconv stack --layers 'conv:k=3,s=2,p=1,c=32; dwconv:k=3,p=1; conv:k=1,c=64' --json
)";
}

int run_compute(const Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
    if (!args.empty())
        return fail(err, "compute takes no options (it reads one JSON request on stdin), got '" +
                             args[0] + "'");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return fail(err, "could not read the request from stdin");
    Result<std::string> response = run_compute_request(text);
    if (!response.ok()) return fail(err, response.error);
    out << response.value << "\n";
    out.flush();
    return kExitOk;
}

int run(const Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        print_usage(err);
        return kExitUsage;
    }
    const std::string command = args[0];
    Args rest(args.begin() + 1, args.end());
    if (command == "--help" || command == "-h" || command == "help") {
        print_usage(out);
        return kExitOk;
    }
    if (command == "--version" || command == "--notices") {
        if (!rest.empty()) return fail(err, command + " takes no options, got '" + rest[0] + "'");
        const teach::About& about = teach::about();
        if (command == "--version")
            out << "strideconv (" << teach::version_line() << ")\n"
                << about.copyright << "\n"
                << about.licence_name << " licence; third-party notices: strideconv --notices\n";
        else
            out << about.licence_text << "\n" << teach::third_party_notices();
        out.flush();
        return out ? kExitOk : kExitUsage;
    }
    for (const std::string& a : rest)
        if (a == "--help" || a == "-h") {
            print_usage(out);
            return kExitOk;
        }
    if (command == "shape") return run_shape(rest, out, err);
    if (command == "explain") return run_explain(rest, out, err);
    if (command == "compute") return run_compute(rest, in, out, err);
    if (command == "bench") return run_bench(rest, out, err);
    if (command == "image") return run_image(rest, out, err);
    if (command == "stack") return run_stack(rest, out, err);
    return fail(err, "unknown command '" + command +
                         "' (expected shape, explain, compute, bench, image or stack; see --help)");
}

}  // namespace strideconv::cli
