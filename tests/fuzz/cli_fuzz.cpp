// cli_fuzz.cpp -- libFuzzer target: the `strideconv` command line (src/cli) on any arguments.
//
// An input is the argument list, one argument per line (without the program name), then an empty
// line and what `compute` reads on stdin. Every command runs through cli::run, as main() calls it,
// except two that cannot run here: `bench` (it times fixed layers for seconds) and `image` (it
// reads and writes files), whose options go through their parsers only.
// Properties checked on every input, beyond "no crash, no sanitizer report":
//   - the exit status is 0 or 2 (kExitOk, kExitUsage), never anything else;
//   - a refusal (2) prints exactly one line "strideconv: ..." on stderr and nothing on stdout
//     (with no arguments at all the usage is printed instead: not fuzzed);
//   - a success prints nothing on stderr.
// Seeds: tests/fuzz/corpus/cli/ (the README's examples, every option, hostile sizes).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "cli/cli.hpp"
#include "fuzz_check.hpp"

using namespace strideconv;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input = fuzz::text_of(data, size);
    cli::Args args;
    size_t start = 0;
    std::string stdin_text;
    while (start <= input.size()) {
        size_t end = input.find('\n', start);
        if (end == std::string::npos) end = input.size();
        std::string line = input.substr(start, end - start);
        start = end + 1;
        if (line.empty() && end < input.size()) {  // the empty line: stdin follows
            stdin_text = input.substr(start);
            break;
        }
        if (!line.empty() || end < input.size()) args.push_back(std::move(line));
    }
    // No arguments prints the usage on stderr (many lines) and exits 2; bench times fixed layers.
    if (args.empty() || args[0] == "bench") return 0;

    std::istringstream in(stdin_text);
    std::ostringstream out, err;
    int status = 0;
    if (args[0] == "image") {
        const Result<cli::ImageArgs> parsed = cli::parse_image_args(cli::Args(args.begin() + 1, args.end()));
        status = parsed.ok() ? cli::kExitOk : cli::fail(err, parsed.error);
    } else {
        status = cli::run(args, in, out, err);
    }

    std::string command_line;
    for (const std::string& a : args) command_line += "'" + fuzz::printable(a, 80) + "' ";
    FUZZ_CHECK(status == cli::kExitOk || status == cli::kExitUsage,
               "exit status " << status << " for strideconv " << command_line);
    const std::string error_text = err.str();
    if (status == cli::kExitUsage) {
        FUZZ_CHECK(error_text.rfind("strideconv: ", 0) == 0 && error_text.find('\n') == error_text.size() - 1,
                   "a refusal must be one line 'strideconv: ...'; got '" << fuzz::printable(error_text)
                                                                         << "' for strideconv " << command_line);
        FUZZ_CHECK(out.str().empty(), "a refusal printed on stdout too ('" << fuzz::printable(out.str(), 200)
                                                                           << "') for strideconv " << command_line);
    } else {
        FUZZ_CHECK(error_text.empty(), "success with stderr '" << fuzz::printable(error_text)
                                                               << "' for strideconv " << command_line);
    }
    return 0;
}
