// state_fuzz.cpp -- libFuzzer target: a host's setState JSON (teach/set_state.hpp) and the
// getState JSON written back (teach/state.hpp) on any text.
//
// Properties checked on every input, beyond "no crash, no sanitizer report":
//   - apply_state_json gives a normalized Config, with at most kMaxUrlNotices + 1 notices;
//   - the lesson computed from it (Lesson::set_config, its trace of the current step, or for
//     conv_transpose2d's scatter the scene of its step) works, and state_json of it is a JSON
//     object that parses;
//   - that getState handed back to setState (over the defaults, as a new page would) gives the
//     same configuration, with no notice: setState(getState()) is the identity on whatever state
//     any input reached (tests/set_state_test.cpp checks it on every lesson and seed too).
// Seeds: tests/fuzz/corpus/state/ (getState objects of the lessons and views, partial states).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "fuzz_check.hpp"
#include "teach/lesson.hpp"
#include "teach/set_state.hpp"
#include "teach/state.hpp"
#include "teach/transposed.hpp"
#include "teach/url.hpp"

using namespace strideconv;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input = fuzz::text_of(data, size);
    const teach::Decoded decoded = teach::apply_state_json(teach::Config{}, input);
    FUZZ_CHECK(decoded.notices.size() <= teach::kMaxUrlNotices + 1,
               decoded.notices.size() << " notices for '" << fuzz::printable(input) << "'");
    teach::Config again = decoded.config;
    std::vector<std::string> notices;
    teach::normalize(again, &notices);
    FUZZ_CHECK(again == decoded.config && notices.empty(),
               "setState gave a Config that is not normalized ('" << teach::encode_query(decoded.config)
                                                                  << "') for '" << fuzz::printable(input) << "'");

    teach::Lesson lesson;
    lesson.set_config(decoded.config);
    if (lesson.error.empty()) {
        const int step = lesson.config().step;
        if (lesson.walks_input()) {
            // conv_transpose2d's scatter steps through input cells, which Lesson::trace refuses (it
            // traces output cells): the scene of the step (its stamp, the output so far) must build.
            teach::TransposedSceneOptions options;
            options.step = step;
            const teach::TransposedScene scene = teach::build_transposed_scene(lesson, options);
            FUZZ_CHECK(scene.error.empty(), "the scatter computes but cannot draw its step " << step << ": " << scene.error
                                                << " ('" << teach::encode_query(lesson.config()) << "')");
        } else {
            const Result<CellTrace> trace = lesson.trace(step);
            FUZZ_CHECK(trace.ok(), "the lesson computes but cannot trace its step " << step << ": " << trace.error
                                       << " ('" << teach::encode_query(lesson.config()) << "')");
        }
    }
    const std::string state = teach::state_json(lesson, false, 1.0f, decoded.notices);
    const Result<json::Value> parsed = json::parse(state);
    FUZZ_CHECK(parsed.ok() && parsed.value.is_object(),
               "getState is not a JSON object (" << parsed.error << "): " << fuzz::printable(state));

    const teach::Decoded back = teach::apply_state_json(teach::Config{}, state);
    FUZZ_CHECK(back.config == lesson.config() && back.notices.empty(),
               "setState(getState()) changed the state: '" << teach::encode_query(lesson.config()) << "' came back as '"
                   << teach::encode_query(back.config) << "' with " << back.notices.size() << " notices ("
                   << (back.notices.empty() ? std::string() : back.notices[0]) << ") for '" << fuzz::printable(input) << "'");
    return 0;
}
