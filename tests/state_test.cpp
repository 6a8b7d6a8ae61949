// state_test.cpp -- the state JSON handed to hosts (window.strideconv.getState()): valid JSON,
// the URL parameters' names with numbers as arrays, and the derived output size, output values and
// step count.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <string>

#include "base/json.hpp"
#include "teach/about.hpp"
#include "teach/explain.hpp"
#include "teach/state.hpp"
#include "teach/url.hpp"

using namespace strideconv;

namespace {

json::Value parse_state(const teach::Lesson& l, const std::vector<std::string>& notices = {}) {
    auto parsed = json::parse(teach::state_json(l, true, 2.5f, notices));
    REQUIRE_MESSAGE(parsed.ok(), parsed.error);
    REQUIRE(parsed.value.is_object());
    return std::move(parsed.value);
}

const json::Value& get(const json::Value& object, const char* key) {
    const json::Value* v = object.find(key);
    REQUIRE_MESSAGE(v != nullptr, key);
    return *v;
}

std::vector<double> numbers(const json::Value& v) {
    std::vector<double> out;
    REQUIRE(v.is_array());
    for (const auto& e : v.items()) out.push_back(e.as_number());
    return out;
}

}  // namespace

TEST_CASE("state JSON of the seed's stride-2 lesson") {
    teach::Lesson l;
    auto c = *teach::lesson_config("seed-stride2");
    c.step = 3;
    l.set_config(c);
    const json::Value s = parse_state(l, {"stride 99 is out of range"});
    CHECK(numbers(get(s, "input")) == std::vector<double>{5, 5});
    CHECK(numbers(get(s, "kernel")) == std::vector<double>{3, 3});
    CHECK(numbers(get(s, "stride")) == std::vector<double>{2, 2});
    CHECK(numbers(get(s, "padding")) == std::vector<double>{0, 0, 0, 0});
    CHECK(numbers(get(s, "dilation")) == std::vector<double>{1, 1});
    CHECK(numbers(get(s, "output")) == std::vector<double>{2, 2});
    CHECK(get(s, "steps").as_number() == 4);
    CHECK(get(s, "step").as_number() == 3);
    CHECK(get(s, "macs").as_number() == 36);
    CHECK(get(s, "macs_stride1").as_number() == 81);
    CHECK(get(s, "padding_mode").as_string() == "zeros");
    CHECK(get(s, "lesson").as_string() == "seed-stride2");
    CHECK(get(s, "playing").as_bool());
    CHECK(get(s, "speed").as_number() == 2.5);
    CHECK(get(s, "error").is_null());
    REQUIRE(get(s, "notices").items().size() == 1);
    CHECK(get(s, "notices").items()[0].as_string() == "stride 99 is out of range");
    CHECK(numbers(get(s, "x")).size() == 25);
    CHECK(numbers(get(s, "w")) == std::vector<double>(9, 1.0));
    // 1..25 summed over 3x3 windows at stride 2 (tests/golden/cases.json "seed 5x5 ones3x3 s2").
    const auto& values = get(s, "output_values");
    REQUIRE(values.is_array());
    REQUIRE(values.items().size() == 2);
    CHECK(numbers(values.items()[0]) == std::vector<double>{63, 81});
    CHECK(numbers(values.items()[1]) == std::vector<double>{153, 171});
}

TEST_CASE("state JSON output_values: every lesson's output map, row by row, as the core computed it") {
    for (const auto& info : teach::lessons()) {
        teach::Lesson l;
        l.set_config(*teach::lesson_config(info.name));
        const json::Value s = parse_state(l);
        const auto& rows = get(s, "output_values");
        REQUIRE_MESSAGE(rows.is_array(), info.name);
        REQUIRE(static_cast<int>(rows.items().size()) == l.output.h);
        for (int y = 0; y < l.output.h; ++y) {
            const auto row = numbers(rows.items()[static_cast<size_t>(y)]);
            REQUIRE(static_cast<int>(row.size()) == l.output.w);
            for (int x = 0; x < l.output.w; ++x) CHECK(row[static_cast<size_t>(x)] == l.output.at(0, y, x));
        }
    }
}

TEST_CASE("state JSON output_values: up to 64x64, null above; values that are not finite are null") {
    teach::Lesson l;
    l.set_config(teach::Config{});
    l.output = Tensor::filled(1, 64, 64, 0.25f);
    l.output.at(0, 0, 1) = std::numeric_limits<float>::quiet_NaN();
    l.output.at(0, 63, 63) = -std::numeric_limits<float>::infinity();
    json::Value s = parse_state(l);
    const auto& rows = get(s, "output_values");
    REQUIRE(rows.items().size() == 64);
    CHECK(rows.items()[0].items().size() == 64);
    CHECK(rows.items()[0].items()[0].as_number() == 0.25);
    CHECK(rows.items()[0].items()[1].is_null());
    CHECK(rows.items()[63].items()[63].is_null());
    l.output = Tensor::filled(1, 64, 65, 1.0f);
    s = parse_state(l);
    CHECK(get(s, "output_values").is_null());
    l.output = Tensor::filled(1, 65, 3, 1.0f);
    s = parse_state(l);
    CHECK(get(s, "output_values").is_null());
}

TEST_CASE("state JSON of a refused configuration carries the reason and no output") {
    teach::Lesson l;
    l.set_config(teach::decode_query("padding=same&stride=2").config);
    const json::Value s = parse_state(l);
    CHECK(get(s, "output").is_null());
    CHECK(get(s, "output_values").is_null());
    CHECK(get(s, "steps").as_number() == 0);
    REQUIRE(get(s, "error").is_string());
    CHECK(get(s, "error").as_string().find("same") != std::string::npos);
    CHECK(numbers(get(s, "padding")) == std::vector<double>{1, 1, 1, 1});  // what 'same' means
    CHECK(get(s, "padding_preset").as_string() == "same");
}

TEST_CASE("state JSON escapes text") {
    teach::Lesson l;
    l.set_config(teach::Config{});
    const json::Value s = parse_state(l, {"quote \" backslash \\ newline \n tab \t bell \x07"});
    CHECK(get(s, "notices").items()[0].as_string() == "quote \" backslash \\ newline \n tab \t bell \x07");
}

TEST_CASE("state JSON writes floats in their shortest form, as links do") {
    teach::Lesson l;
    l.set_config(teach::decode_query("input=1x3&kernel=1&x=0.1,-2.5e-7,1e10&bias=0.3").config);
    const std::string text = teach::state_json(l, false, 1.5f);
    CHECK(text.find("\"x\":[0.1,-2.5e-07,10000000000]") != std::string::npos);
    CHECK(text.find("\"bias\":0.3") != std::string::npos);
    const json::Value s = parse_state(l);
    CHECK(numbers(get(s, "x")) == std::vector<double>{0.1, -2.5e-07, 1e10});  // the decimal a host expects
}

TEST_CASE("state JSON of image mode: the parameters, the picture and every route's size, MACs and time") {
    teach::Lesson l;
    auto c = *teach::lesson_config("why-blurpool");
    l.set_config(c);
    teach::ImageModel m;
    m.set_config(c);
    auto now = std::make_shared<double>(0);
    const image::Clock clock = [now] { return *now += 1.0; };
    for (int k = 0; k < 100000 && m.busy(); ++k) m.work(1000, clock);
    auto parsed = json::parse(teach::state_json(l, false, 1, {}, nullptr, &m));
    REQUIRE_MESSAGE(parsed.ok(), parsed.error);
    const json::Value& s = parsed.value;
    CHECK(get(s, "view").as_string() == "image");
    CHECK(get(s, "image_source").as_string() == "zoneplate");
    CHECK(numbers(get(s, "image_size")) == std::vector<double>{256, 256});
    CHECK(get(s, "color").as_string() == "rgb");
    CHECK(numbers(get(s, "shift")) == std::vector<double>{1, 1});
    CHECK(get(s, "blur").as_number() == 3);
    REQUIRE(get(s, "routes").items().size() == 5);
    CHECK(get(s, "routes").items()[4].as_string() == "blurpool");
    const json::Value& image = get(s, "image");
    CHECK(get(image, "source").as_string() == "zoneplate");
    CHECK(get(image, "height").as_number() == 256);
    CHECK(get(image, "width").as_number() == 256);
    CHECK(get(image, "channels").as_number() == 1);
    CHECK_FALSE(get(image, "computing").as_bool());
    CHECK(get(image, "error").is_null());
    const auto& routes = get(image, "routes").items();
    REQUIRE(routes.size() == 5);
    CHECK(get(routes[1], "route").as_string() == "stride");
    CHECK(numbers(get(routes[1], "output")) == std::vector<double>{128, 128});
    CHECK(get(routes[1], "macs").as_number() == 147456);
    CHECK(get(routes[1], "ms").as_number() == 1);  // the ticking clock: 1 ms per stage
    CHECK(get(routes[1], "runs").as_number() == 5);
    CHECK(get(routes[1], "shift_change").as_number() > 0.5);
    CHECK(get(routes[0], "shift_change").as_number() == 0);
    CHECK(get(get(image, "identity"), "max_abs_difference").as_number() == 0);
    // Outside image mode "image" is null; the parameters stay.
    c.view = teach::View::walk;
    l.set_config(c);
    const json::Value walk = parse_state(l);
    CHECK(get(walk, "image").is_null());
    CHECK(numbers(get(walk, "shift")) == std::vector<double>{1, 1});
}

TEST_CASE("state JSON: version is the lab's one version (CMake's project VERSION), about the panel") {
    teach::Lesson l;
    l.set_config(*teach::lesson_config("dropped"));
    const json::Value s = parse_state(l);
    const json::Value& version = get(s, "version");
    REQUIRE(version.is_string());
    CHECK(version.as_string() == teach::about().version);
    CHECK(teach::version_line() == "Stride Convolution Lab " + version.as_string());
    // The version is what CMakeLists.txt says, not a second copy typed somewhere else.
    std::ifstream cmake(STRIDECONV_SOURCE_DIR "/CMakeLists.txt");
    REQUIRE(cmake);
    const std::string text((std::istreambuf_iterator<char>(cmake)), std::istreambuf_iterator<char>());
    CHECK(text.find("project(StrideConvolutionLab VERSION " + version.as_string() + " ") != std::string::npos);
    CHECK(get(s, "about").as_bool() == false);
    teach::Config c = l.config();
    c.about = true;
    l.set_config(c);
    CHECK(get(parse_state(l), "about").as_bool() == true);
}

TEST_CASE("state JSON carries the explanation panel's lines exactly as shown") {
    teach::Lesson l;
    l.set_config(*teach::lesson_config("dropped"));
    const json::Value state = parse_state(l);
    const json::Value& lines = get(state, "explanation");
    REQUIRE(lines.is_array());
    const auto want = teach::explanation(l, l.config().step);
    REQUIRE(lines.items().size() == want.size());
    for (size_t k = 0; k < want.size(); ++k) CHECK(lines.items()[k].as_string() == want[k].text);
    CHECK(lines.items()[0].as_string().rfind("Step 1 of 4", 0) == 0);
}
