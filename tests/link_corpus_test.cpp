// link_corpus_test.cpp -- links made by earlier releases keep opening the same state.
//
// tests/links/corpus.jsonl holds one link per line (see tests/links/README.md):
//   {"link": "?lesson=dropped&stride=3", "why": "...", "made_with": "0.2.0", "notices": 0,
//    "state": {"op": "conv2d", "input": [7, 7], ...}}
// "state" is what getState() said for the link when it was recorded: the members named like a
// link parameter (plus padding_preset), i.e. everything a link sets, never derived values (of
// "stack", the network view's configuration only). Recorded objects may name fewer members than
// getState() has now: a member added later is not a broken link. Each
// link is decoded as the app decodes it and its state compared member by member, with the number
// of notices. A record without "state" is a link just added: run
//   STRIDECONV_UPDATE_LINK_CORPUS=1 build/native/strideconv_tests --source-file=*link_corpus_test.cpp
// to record what it opens now. The update only fills records that have no state; it never changes
// a recorded one (that is what the test is for), so a broken old link cannot be "fixed" by it.
// The corpus must also cover every parameter, lesson and word the codec reads.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "teach/about.hpp"
#include "teach/stack_mode.hpp"
#include "teach/state.hpp"
#include "teach/url.hpp"

using namespace strideconv;

namespace {

const char* const kCorpusPath = STRIDECONV_SOURCE_DIR "/tests/links/corpus.jsonl";

struct Record {
    int line = 0;
    json::Value value;
};

std::vector<Record> read_corpus() {
    std::ifstream in(kCorpusPath);
    REQUIRE_MESSAGE(in, "cannot read " << kCorpusPath);
    std::vector<Record> records;
    std::string text;
    int line = 0;
    while (std::getline(in, text)) {
        ++line;
        if (text.empty()) continue;
        auto parsed = json::parse(text);
        REQUIRE_MESSAGE(parsed.ok(), kCorpusPath << ":" << line << ": " << parsed.error);
        REQUIRE_MESSAGE(parsed.value.is_object(), kCorpusPath << ":" << line << ": not an object");
        const json::Value* link = parsed.value.find("link");
        REQUIRE_MESSAGE((link && link->is_string()), kCorpusPath << ":" << line << ": no \"link\"");
        const json::Value* why = parsed.value.find("why");
        REQUIRE_MESSAGE((why && why->is_string() && !why->as_string().empty()),
                        kCorpusPath << ":" << line << ": say in \"why\" what the link is there for");
        records.push_back({line, std::move(parsed.value)});
    }
    return records;
}

// The part of getState() a link sets: members named like a link parameter, padding_preset (the
// state's name for padding=same|valid|full) and image_source (for image=; getState().image is
// image mode's derived state: sizes, MACs, timings).
bool set_by_links(const std::string& key) {
    if (key == "padding_preset" || key == "image_source") return true;
    if (key == "image") return false;  // getState().image is image mode's derived state; image= is image_source
    for (const std::string& name : teach::link_parameter_names())
        if (name == key) return true;
    return false;
}

struct Opened {
    json::Value state;  // the whole getState() object
    size_t notices = 0;
};

// What the app shows for `link`: decoded as the web page and the desktop app decode it, the
// lesson built, its state as getState() reports it.
Opened open_link(const std::string& link) {
    const teach::Decoded d = teach::decode_query(link);
    teach::Lesson lesson;
    lesson.set_config(d.config);
    auto parsed = json::parse(teach::state_json(lesson, false, 1.0f, d.notices));
    REQUIRE_MESSAGE(parsed.ok(), parsed.error);
    return {std::move(parsed.value), d.notices.size()};
}

std::vector<std::string> keys_of(const std::string& link);
std::string lower(std::string s);

// getState().stack holds the network view's configuration and, while view=stack, what the core
// derives from it (layers, totals). Only the configuration is the link's, and only a link to the
// network view (or one giving a stack parameter) sets it: the others record no "stack".
bool sets_stack(const std::string& link) {
    if (lower(link).find("view=stack") != std::string::npos) return true;
    for (const std::string& key : keys_of(link))
        if (key == "preset" || key == "stack" || key == "swap" || key == "stack_input" ||
            key == "channels" || key == "flops" || key == "cell")
            return true;
    return false;
}

json::Value link_state(const json::Value& state, const std::string& link) {
    const json::Value stack_config = teach::stack_state_json(teach::StackConfig{}, false);
    json::Value out = json::Value::object();
    for (const json::Member& m : state.members()) {
        if (!set_by_links(m.key)) continue;
        if (m.key == "stack" && !sets_stack(link)) continue;
        if (m.key == "stack" && m.value.is_object()) {
            json::Value config = json::Value::object();
            for (const json::Member& field : m.value.members())
                if (stack_config.find(field.key)) config.append_member(field.key, field.value);
            out.append_member(m.key, std::move(config));
        } else {
            out.append_member(m.key, m.value);
        }
    }
    return out;
}

// Keys given in a link's query ("lesson", "stride", ...), lower case, as the codec reads them.
std::vector<std::string> keys_of(const std::string& link) {
    std::vector<std::string> keys;
    std::string q = link;
    while (!q.empty() && (q[0] == '?' || q[0] == '#')) q.erase(0, 1);
    std::istringstream parts(q);
    std::string part;
    while (std::getline(parts, part, '&')) {
        std::string key = part.substr(0, part.find('='));
        for (char& ch : key)
            if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        if (!key.empty()) keys.push_back(key);
    }
    return keys;
}

// Equal as the app holds them: numbers as floats (every number a link sets is a float or a small
// integer), so a change in how getState() prints numbers is not a broken link.
bool same_value(const json::Value& a, const json::Value& b) {
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case json::Kind::null: return true;
        case json::Kind::boolean: return a.as_bool() == b.as_bool();
        case json::Kind::number: return static_cast<float>(a.as_number()) == static_cast<float>(b.as_number());
        case json::Kind::string: return a.as_string() == b.as_string();
        case json::Kind::array:
            if (a.size() != b.size()) return false;
            for (size_t i = 0; i < a.size(); ++i)
                if (!same_value(a.items()[i], b.items()[i])) return false;
            return true;
        case json::Kind::object:  // `b`, the recorded one, may name fewer members (see link_state)
            for (const json::Member& m : b.members()) {
                const json::Value* other = a.find(m.key);
                if (!other || !same_value(*other, m.value)) return false;
            }
            return true;
    }
    return false;
}

std::string lower(std::string s) {
    for (char& ch : s)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return s;
}

}  // namespace

TEST_CASE("every link in tests/links/corpus.jsonl opens the state it opened when it was recorded") {
    std::vector<Record> records = read_corpus();
    REQUIRE(records.size() >= 40);
    const bool update = std::getenv("STRIDECONV_UPDATE_LINK_CORPUS") != nullptr;
    bool filled = false;
    std::set<std::string> seen;
    for (Record& r : records) {
        const std::string link = r.value.find("link")->as_string();
        CAPTURE(r.line);
        CAPTURE(link);
        CHECK_MESSAGE(seen.insert(link).second, "the link is in the corpus twice");
        const Opened now = open_link(link);
        const json::Value* recorded = r.value.find("state");
        if (!recorded) {
            if (!update) {
                FAIL_CHECK("no recorded state: run STRIDECONV_UPDATE_LINK_CORPUS=1 (see the top of this file)");
                continue;
            }
            r.value.set("made_with", json::Value::string(teach::about().version));
            r.value.set("notices", json::Value::number(static_cast<double>(now.notices)));
            r.value.set("state", link_state(now.state, link));
            filled = true;
            continue;
        }
        REQUIRE(recorded->is_object());
        CHECK_MESSAGE(recorded->size() >= 20, "a recorded state names fewer members than a link sets");
        for (const json::Member& m : recorded->members()) {
            CAPTURE(m.key);
            const json::Value* value = now.state.find(m.key);
            if (!value) {
                FAIL_CHECK("getState() no longer has this member");
                continue;
            }
            CHECK_MESSAGE(same_value(*value, m.value),
                          "opens " << json::write(*value).substr(0, 200) << ", recorded "
                                   << json::write(m.value).substr(0, 200));
        }
        const json::Value* notices = r.value.find("notices");
        REQUIRE((notices && notices->is_number()));
        CHECK_MESSAGE(now.notices == static_cast<size_t>(notices->as_number()),
                      "the link now raises " << now.notices << " notice(s)");
        const json::Value* made_with = r.value.find("made_with");
        CHECK((made_with && made_with->is_string() && !made_with->as_string().empty()));
    }
    if (filled) {
        std::string text;
        for (const Record& r : records) {
            // One record a line, its members in a fixed order so diffs stay readable.
            json::Value out = json::Value::object();
            for (const char* key : {"link", "why", "made_with", "notices", "state"})
                if (const json::Value* v = r.value.find(key)) out.append_member(key, *v);
            text += json::write(out) + "\n";
        }
        std::ofstream(kCorpusPath, std::ios::binary) << text;
        MESSAGE("recorded the state of new links in " << kCorpusPath);
    }
}

TEST_CASE("the corpus covers every parameter, lesson, view and word the codec reads") {
    const std::vector<Record> records = read_corpus();
    std::set<std::string> keys;
    std::string all_links;
    for (const Record& r : records) {
        const std::string link = r.value.find("link")->as_string();
        for (const std::string& k : keys_of(link)) keys.insert(k);
        all_links += lower(link) + "&";
    }
    for (const std::string& name : teach::link_parameter_names()) {
        CAPTURE(name);
        CHECK_MESSAGE(keys.count(name) == 1, "no link in the corpus gives this parameter");
    }
    auto covered = [&](const std::string& key_value) {
        return all_links.find("?" + key_value + "&") != std::string::npos ||
               all_links.find("&" + key_value + "&") != std::string::npos ||
               all_links.find("#" + key_value + "&") != std::string::npos;
    };
    for (const auto& info : teach::lessons()) {
        const std::string lesson = info.name;
        CAPTURE(lesson);
        CHECK(covered("lesson=" + lesson));
    }
    for (const auto& preset : teach::kernel_presets()) {
        const std::string name = preset.name;
        CAPTURE(name);
        CHECK(covered("kernel_preset=" + name));
    }
    const std::vector<std::string> words = {
        "op=conv2d", "op=max_pool2d", "op=avg_pool2d", "view=walk", "view=compare", "view=quiz",
        "padding=same", "padding=valid", "padding=full", "padding_mode=zeros", "padding_mode=reflect",
        "padding_mode=replicate", "padding_mode=circular", "values=seq", "values=ones",
        "values=checker", "values=random", "theme=light", "theme=dark", "view=stack", "view=image"};
    for (const std::string& w : words) {
        CAPTURE(w);
        bool found = covered(w);
        // values=random is recorded with its seed (values=random:42).
        if (!found && w == "values=random") found = all_links.find("values=random:") != std::string::npos;
        CHECK(found);
    }
}

TEST_CASE("v=: format 1 is what links without v= mean; a newer format opens with a notice") {
    const teach::Decoded plain = teach::decode_query("lesson=dropped&stride=3");
    const teach::Decoded v1 = teach::decode_query("v=1&lesson=dropped&stride=3");
    CHECK(plain.link_format == 1);
    CHECK(v1.link_format == 1);
    CHECK(v1.notices.empty());
    CHECK(v1.config == plain.config);
    CHECK(teach::kLinkFormat == 1);
    CHECK(teach::encode_query(plain.config).find("v=") == std::string::npos);  // format 1 writes no v=

    const teach::Decoded newer = teach::decode_query("v=7&lesson=dropped&stride=3&tilt=2");
    CHECK(newer.link_format == 7);
    CHECK(newer.config == plain.config);
    REQUIRE(newer.notices.size() == 2);  // the format, and the parameter this release does not know
    auto said = [&](const char* words) {
        for (const std::string& n : newer.notices)
            if (n.find(words) != std::string::npos) return true;
        return false;
    };
    CHECK(said("made by a newer release of the lab (link format 7"));
    CHECK(said("'tilt'"));

    for (const char* bad : {"v=0", "v=-1", "v=two", "v=1.5"}) {
        CAPTURE(bad);
        const teach::Decoded d = teach::decode_query(std::string(bad) + "&stride=2");
        CHECK(d.link_format == 1);
        REQUIRE(d.notices.size() == 1);
        CHECK(d.notices[0].find("Ignored v=") == 0);
        CHECK(d.config.stride[0] == 2);
        CHECK(d.config.stride[1] == 2);
    }
}
