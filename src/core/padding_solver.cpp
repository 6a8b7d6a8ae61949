// padding_solver.cpp -- the padding that gives a wanted output size (see core.hpp).
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "core/core.hpp"

namespace strideconv {

Result<PaddingSolution> solve_padding(int input, int kernel, int stride, int dilation, int wanted_output) {
    using R = Result<PaddingSolution>;
    using M = Message;
    for (const auto& [what, v] : {std::pair<const char*, int>{"input", input},
                                  {"kernel", kernel},
                                  {"stride", stride},
                                  {"dilation", dilation},
                                  {"the wanted output size", wanted_output}})
        if (v < 1 || v > kMaxExtent) return R::fail(M::of("{0} must be 1..{1}", {M::of(what), M::number(kMaxExtent)}));
    // floor((input + P - effective) / stride) + 1 == wanted  <=>  P in [least, least + stride - 1]
    // with least = (wanted - 1) * stride + effective - input (Dumoulin & Visin 2016, relationship 6).
    const int64_t effective = int64_t(dilation) * (kernel - 1) + 1;
    const int64_t least = int64_t(wanted_output - 1) * stride + effective - input;
    const int64_t most = least + stride - 1;
    if (most < 0) {
        const int64_t unpadded = (input - effective) / stride + 1;
        return R::fail(M::of("no padding makes the output as small as {0}: without padding it is already {1}; a larger "
                             "stride or kernel would be needed",
                             {M::number(wanted_output), M::number(unpadded)}));
    }
    PaddingSolution s;
    s.min_total = static_cast<int>(std::max<int64_t>(least, 0));
    s.max_total = static_cast<int>(most);
    s.before = s.min_total / 2;  // the odd pixel after, as TensorFlow's SAME does
    s.after = s.min_total - s.before;
    R r;
    r.value = s;
    return r;
}

PaddingSolution tf_same_padding(int input, int kernel, int stride, int dilation) {
    // TensorFlow's SAME: output = ceil(input / stride), padding max((out - 1) * s + eff - in, 0),
    // split with the odd pixel after.
    const int wanted = (input + stride - 1) / stride;
    auto r = solve_padding(input, kernel, stride, dilation, wanted);
    return r.value;
}

}  // namespace strideconv
