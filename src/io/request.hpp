// request.hpp -- JSON compute requests: parse, validate, run through the core, answer in JSON.
//
// Standard C++17 only; depends on core.hpp and base/json.hpp. This is what `strideconv compute` and the
// golden tests speak, and what a web host can send through the JS API.
//
// A request is one JSON object; field names and defaults follow PyTorch's torch.nn.functional:
//   {"op": "conv2d" | "conv_transpose2d" | "max_pool2d" | "avg_pool2d",
//    "input": [C][H][W] numbers,
//    "weight": [O][C/groups][kh][kw]   (conv_transpose2d: [C][O/groups][kh][kw]),
//    "bias": [O] or null,
//    "stride": int | [s] | [sh, sw]     (pools: absent, null or [] means kernel_size),
//    "padding": int | [p] | [ph, pw]    (conv2d also: [top, bottom, left, right] | "same" | "valid"),
//    "dilation": int | [d] | [dh, dw], "groups": int, "output_padding": int | [p] | [ph, pw],
//    "padding_mode": "zeros" | "reflect" | "replicate" | "circular",
//    "kernel_size": int | [k] | [kh, kw], "ceil_mode": bool, "count_include_pad": bool,
//    "divisor_override": int or null}
// Fields an op does not take are refused, as are unknown fields, ragged or non-numeric arrays,
// non-integral or out-of-range integers, and sizes beyond ComputeLimits (input and weight while
// reading them; output, workspace and work by the core's check_budget before the op runs). Integral values written
// with a fraction or exponent (2.0, 2e0) count as integers. Errors from the core pass through.
//
// The response is {"shape": [C_out, H_out, W_out], "output": [C_out][H_out][W_out] numbers}.
// Non-finite outputs have no JSON spelling and are written as null: float overflow, and the -inf
// that PyTorch also returns for a max_pool2d window whose dilated taps all land in padding
// (e.g. a 1x1 input, kernel_size [2, 1], padding [1, 0], dilation [2, 1]).
//
// Usage:
//   auto r = strideconv::run_compute_request(R"({"op": "max_pool2d", "input": [[[1, 2], [3, 4]]],
//                                               "kernel_size": 2})");
//   // r.ok(), r.value == R"({"shape":[1,1,1],"output":[[[4]]]})"
#pragma once

#include "core/core.hpp"
#include "base/json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strideconv {

// Caps that keep a hostile request from exhausting memory or time: the core's Budget (input,
// weight and output values, workspace, work) and the size of the JSON text.
struct ComputeLimits : Budget {
    size_t max_json_bytes = size_t(64) << 20;  // the DOM costs ~24 bytes per number
};


struct ComputeRequest {
    Op op = Op::conv2d;
    Tensor input;
    Weight weight;                          // conv2d and conv_transpose2d only
    std::optional<std::vector<float>> bias;
    Conv2dOptions conv2d;                   // only the options of `op` are meaningful
    ConvTranspose2dOptions conv_transpose2d;
    MaxPool2dOptions max_pool2d;
    AvgPool2dOptions avg_pool2d;
};

// The request's layer as the core describes it (input and weight sizes from their arrays).
Result<LayerShape> compute_shape(const ComputeRequest& request);

// Validates the request's structure and types; the core validates the configuration.
Result<ComputeRequest> parse_compute_request(const json::Value& request,
                                             const ComputeLimits& limits = {});

// Checks the layer's shape against the limits (check_budget), then runs the op.
Result<Tensor> run_compute(const ComputeRequest& request, const ComputeLimits& limits = {});

// {"shape": [...], "output": [[[...]]]} for a result tensor.
std::string compute_response_json(const Tensor& output);

// JSON text in, JSON text out: parse_compute_request + run_compute + compute_response_json.
Result<std::string> run_compute_request(const std::string& json_text,
                                        const ComputeLimits& limits = {});

}  // namespace strideconv
