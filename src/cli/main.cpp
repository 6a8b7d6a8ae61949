// main.cpp -- the `strideconv` executable: its arguments to cli::run (run.cpp), natively and under
// node. Standard C++ only.
//
// Every command checks sizes against the core's budget before it allocates, so nothing here should
// ever catch anything. The handlers are the last line of defence the issue asks for ("exit 0 or 2,
// never a signal"): a bug that slips past the checks still ends in one line and exit 2, and that
// line asks for a report. The fuzz targets (tests/fuzz/) call cli::run without them, so such a bug
// is a crash there, where it is found.
#include "cli/cli.hpp"

#include <exception>
#include <iostream>
#include <new>

int main(int argc, char** argv) {
    using namespace strideconv::cli;
    std::ios::sync_with_stdio(false);
    const Args args(argv + (argc > 0 ? 1 : 0), argv + argc);
    try {
        return run(args, std::cin, std::cout, std::cerr);
    } catch (const std::bad_alloc&) {
        std::cout.flush();
        return fail(std::cerr, "out of memory although the request passed the size checks: this is a bug, "
                               "please report the command line");
    } catch (const std::exception& e) {
        std::cout.flush();
        return fail(std::cerr, std::string("internal error (") + e.what() +
                                   "): this is a bug, please report the command line");
    }
}
