// url_fuzz.cpp -- libFuzzer target: the URL state codec (teach/url.hpp) on any query or hash.
//
// Properties checked on every input, beyond "no crash, no sanitizer report":
//   - decode_query never keeps more than kMaxUrlNotices notices plus the one that counts the rest;
//   - what it decodes is normalized (normalize changes nothing and says nothing);
//   - encode_query of it decodes back to the same Config with no notice (the codec's promise in
//     url.hpp, for a Config without the user's own picture) and encodes to the same text again;
//   - apply_query on the decoded state is normalized too, and an empty query keeps the state.
// Seeds: tests/fuzz/corpus/url/ (links of every lesson and parameter). See tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "teach/lesson.hpp"
#include "teach/url.hpp"

using namespace strideconv;

namespace {

void check_normalized(const teach::Config& c, const char* what, const std::string& input) {
    teach::Config again = c;
    std::vector<std::string> notices;
    teach::normalize(again, &notices);
    FUZZ_CHECK(again == c, what << " is not normalized: normalize changed it; input '"
                                << fuzz::printable(input) << "', encoded '"
                                << teach::encode_query(c) << "' -> '" << teach::encode_query(again) << "'");
    FUZZ_CHECK(notices.empty(), what << " is not normalized: " << notices.front() << "; input '"
                                     << fuzz::printable(input) << "'");
}

bool known_lesson_or_none(const std::string& name) {
    return name.empty() || teach::lesson_config(name).has_value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input = fuzz::text_of(data, size);
    const teach::Decoded decoded = teach::decode_query(input);
    FUZZ_CHECK(decoded.notices.size() <= teach::kMaxUrlNotices + 1,
               decoded.notices.size() << " notices for '" << fuzz::printable(input) << "'");
    check_normalized(decoded.config, "decode_query's Config", input);

    if (!decoded.config.image.own_file && known_lesson_or_none(decoded.config.lesson)) {
        const std::string link = teach::encode_query(decoded.config);
        const teach::Decoded back = teach::decode_query(link);
        FUZZ_CHECK(back.config == decoded.config,
                   "decode(encode(c)) != c: input '" << fuzz::printable(input) << "', encoded '"
                                                     << link << "', re-encoded '"
                                                     << teach::encode_query(back.config) << "'");
        FUZZ_CHECK(back.notices.empty(), "the canonical link '" << link << "' (from '" << fuzz::printable(input)
                                                               << "') raises a notice: " << back.notices.front());
        FUZZ_CHECK(teach::encode_query(back.config) == link,
                   "encode_query is not canonical: '" << link << "' then '"
                                                      << teach::encode_query(back.config) << "'");
    }

    const teach::Decoded applied = teach::apply_query(decoded.config, input);
    check_normalized(applied.config, "apply_query's Config", input);
    const teach::Decoded unchanged = teach::apply_query(decoded.config, "");
    FUZZ_CHECK(unchanged.config == decoded.config && unchanged.notices.empty(),
               "apply_query(c, \"\") changed the state decoded from '" << fuzz::printable(input) << "'");
    return 0;
}
