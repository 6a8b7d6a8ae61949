// about.cpp -- the lab's version, licence and notices (see about.hpp). Reads the generated
// strideconv_notices.{h,cpp}; nothing here is typed twice.
#include "teach/about.hpp"

#include "strideconv_notices.h"

namespace strideconv::teach {

namespace {

std::string joined(const char* const* parts) {
    std::string text;
    for (const char* const* p = parts; *p; ++p) text += *p;
    return text;
}

std::string first_line_starting(const std::string& text, const std::string& prefix) {
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (text.compare(start, prefix.size(), prefix) == 0) return text.substr(start, end - start);
        start = end + 1;
    }
    return {};
}

std::string licence_sentence(Lang lang, const std::string& licence_first_line) {
    return trf(lang,
               "The lab is free software under the {0}: you may use it, host it on a course site, copy, adapt and "
               "share it, also commercially, as long as the copyright notice and the licence text stay with every "
               "copy. It comes without any warranty. The components it carries keep their own licences, listed "
               "below; their notices travel with every copy as well (THIRD_PARTY_NOTICES.txt).",
               {licence_first_line});
}

About make_about() {
    About a;
    a.product = "Stride Convolution Lab";
    a.description =
        "An interactive lab for learning how strided convolution works: every step of the sliding "
        "window, the output size formula with your numbers, the rows the floor drops and the cells "
        "a large stride skips. Its core computes what PyTorch computes.";
    a.version = generated::kVersion;
    a.build = generated::kBuild;
    a.licence_text = joined(generated::kLicenseParts);
    a.copyright = first_line_starting(a.licence_text, "Copyright");
    // LICENSE's first line names it ("MIT License"); the summary is ours, for readers who are not
    // lawyers: what an instructor may do and the one thing they must keep.
    const std::string first = a.licence_text.substr(0, a.licence_text.find('\n'));
    a.licence_name = first.substr(0, first.find(" License"));
    a.licence_summary = licence_sentence(Lang::en, first);
    for (int k = 0; k < generated::kComponentCount; ++k) {
        const generated::NoticeComponent& c = generated::kComponents[k];
        if (!c.id) continue;
        a.components.push_back({c.name, c.version, c.licence, c.use, c.url, c.artefacts});
    }
    return a;
}

}  // namespace

const About& about() {
    static const About a = make_about();
    return a;
}

const std::string& third_party_notices() {
    static const std::string text = joined(generated::kNoticesParts);
    return text;
}

std::string version_line() { return about().product + " " + about().version; }

std::string citation(const std::string& link) {
    const About& a = about();
    std::string text = a.product + ", version " + a.version + " (" + a.licence_name + " licence).";
    if (!link.empty()) text += " " + link;
    return text;
}

std::string linking_advice(Lang lang) {
    return trf(lang,
               "A link carries the whole lesson state (lesson, sizes, stride, padding, values, step, view), and "
               "links made with an earlier version keep opening the same state: the tests check a corpus of old "
               "links on every change. To pin a version, host each release in its own folder (for example "
               "/strideconv/{0}/) and link to that folder.",
               {about().version});
}

std::string licence_summary(Lang lang) {
    const std::string& text = about().licence_text;
    return licence_sentence(lang, text.substr(0, text.find('\n')));
}

}  // namespace strideconv::teach
