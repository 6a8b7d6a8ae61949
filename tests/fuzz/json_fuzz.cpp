// json_fuzz.cpp -- libFuzzer target: the JSON reader and writer (base/json.hpp) and the compute
// request parser and runner (io/request.hpp) on any text.
//
// Properties checked on every input, beyond "no crash, no sanitizer report":
//   - a refused text says why in one line starting "JSON: ";
//   - an accepted text is written back as JSON that parses, and writing that gives the same text
//     (write is a fixed point after one round);
//   - a request that parses and runs (under small limits, so each input stays fast) answers with
//     the shape compute_shape promised, as JSON that parses; run_compute_request on the text gives
//     the same answer as the steps one by one.
// Seeds: tests/fuzz/corpus/json/ (requests of every op and field, and malformed JSON).
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/json.hpp"
#include "fuzz_check.hpp"
#include "io/request.hpp"

using namespace strideconv;

namespace {

ComputeLimits small_limits() {
    ComputeLimits l;
    l.max_input_values = 1 << 12;
    l.max_weight_values = 1 << 12;
    l.max_output_values = 1 << 14;
    l.max_workspace_bytes = 1 << 20;
    l.max_work = 1 << 20;
    l.max_json_bytes = 1 << 20;
    return l;
}

bool one_line(const std::string& s) { return !s.empty() && s.find('\n') == std::string::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input = fuzz::text_of(data, size);
    const Result<json::Value> doc = json::parse(input);
    if (!doc.ok()) {
        FUZZ_CHECK(doc.error.rfind("JSON: ", 0) == 0 && one_line(doc.error),
                   "refusal '" << doc.error << "' for '" << fuzz::printable(input) << "'");
    } else {
        const std::string written = json::write(doc.value);
        const Result<json::Value> again = json::parse(written);
        FUZZ_CHECK(again.ok(), "write() gave text that does not parse (" << again.error << "): '"
                                   << fuzz::printable(written) << "' from '" << fuzz::printable(input) << "'");
        FUZZ_CHECK(json::write(again.value) == written,
                   "write(parse(write(v))) != write(v): '" << fuzz::printable(written) << "' then '"
                                                           << fuzz::printable(json::write(again.value)) << "'");
    }
    (void)json::quote_for_message(input);

    const ComputeLimits limits = small_limits();
    const Result<std::string> answer = run_compute_request(input, limits);
    FUZZ_CHECK(answer.ok() || one_line(answer.error),
               "refusal of more than one line: '" << fuzz::printable(answer.error) << "'");
    if (!doc.ok()) {
        FUZZ_CHECK(!answer.ok(), "run_compute_request accepted text json::parse refuses: '"
                                     << fuzz::printable(input) << "'");
        return 0;
    }
    const Result<ComputeRequest> request = parse_compute_request(doc.value, limits);
    if (!request.ok()) {
        FUZZ_CHECK(!answer.ok() && answer.error == request.error,
                   "run_compute_request and parse_compute_request disagree: '" << answer.error << "' vs '"
                                                                               << request.error << "'");
        return 0;
    }
    const Result<Tensor> output = run_compute(request.value, limits);
    if (!output.ok()) {
        FUZZ_CHECK(!answer.ok() && answer.error == output.error,
                   "run_compute_request and run_compute disagree: '" << answer.error << "' vs '"
                                                                     << output.error << "'");
        return 0;
    }
    const Result<LayerShape> shape = compute_shape(request.value);
    FUZZ_CHECK(shape.ok(), "the op ran but compute_shape refuses it: " << shape.error);
    const Tensor& y = output.value;
    FUZZ_CHECK(y.c == shape.value.out_channels && y.h == shape.value.rows.output && y.w == shape.value.cols.output &&
                   y.size() == size_t(shape.value.output_values),
               "output " << y.c << "x" << y.h << "x" << y.w << ", compute_shape says " << shape.value.out_channels
                         << "x" << shape.value.rows.output << "x" << shape.value.cols.output);
    const std::string response = compute_response_json(y);
    FUZZ_CHECK(answer.ok() && answer.value == response,
               "run_compute_request's answer differs from the steps': '" << fuzz::printable(answer.value) << "'");
    FUZZ_CHECK(json::parse(response).ok(), "the response is not JSON: '" << fuzz::printable(response) << "'");
    return 0;
}
