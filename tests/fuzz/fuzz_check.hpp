// fuzz_check.hpp -- what a libFuzzer target under tests/fuzz/ reports when a property fails.
//
// A property that does not hold prints what was expected and what happened, then aborts, so
// libFuzzer saves the input as a crash artefact (crash-<sha1>) exactly as it does for an ASan or
// UBSan report. Standard C++ only; included by the *_fuzz.cpp targets, nothing else.
//
// Usage:
//   FUZZ_CHECK(again == decoded.config, "decode(encode(c)) == c for " << encode_query(c));
#pragma once

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#define FUZZ_CHECK(condition, message)                                                   \
    do {                                                                                 \
        if (!(condition)) {                                                              \
            std::ostringstream fuzz_check_text;                                          \
            fuzz_check_text << message;                                                  \
            std::fprintf(stderr, "\n%s:%d: property failed: %s\n  %s\n", __FILE__,       \
                         __LINE__, #condition, fuzz_check_text.str().c_str());           \
            std::abort();                                                                \
        }                                                                                \
    } while (false)

namespace strideconv::fuzz {

// Bytes as a string for the codecs, which take std::string.
inline std::string text_of(const unsigned char* data, size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// `s` with control bytes escaped and cut after `limit` bytes, for a failure message.
inline std::string printable(const std::string& s, size_t limit = 400) {
    std::string out;
    for (size_t i = 0; i < s.size() && i < limit; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        }
    }
    if (s.size() > limit) out += "... (" + std::to_string(s.size()) + " bytes)";
    return out;
}

}  // namespace strideconv::fuzz
