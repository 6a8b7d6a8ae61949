// about.hpp -- what the lab says about itself: its version, its licence, the third-party
// components it carries with their notices, and how to cite or link it. The About panel draws
// this, `strideconv --version` / `--notices` print it and getState().version reports it.
//
// Standard C++17 only. The text is generated at build time (scripts/third_party_notices.py, from
// CMake's project VERSION, LICENSE and the Debian copyright files of the components this build
// links or embeds: cmake/third_party.cmake), so the version has one source and no notice is typed
// by hand.
//
// Usage:
//   const teach::About& a = teach::about();
//   a.version;                       // "0.2.0"
//   a.components[0].name;            // "Dear ImGui" (web and desktop builds)
//   teach::citation("https://example.org/lab/?lesson=dropped");
#pragma once

#include <string>
#include <vector>

#include "teach/strings.hpp"

namespace strideconv::teach {

struct ThirdPartyComponent {
    std::string name;
    std::string version;    // upstream version of the Debian package the build used
    std::string licence;    // short, e.g. "MIT"
    std::string use;        // what it does in the lab
    std::string url;
    std::string artefacts;  // which artefacts of this build carry it
};

struct About {
    std::string product;          // "Stride Convolution Lab"
    std::string description;      // one sentence: what the lab is
    std::string version;          // CMake's project(VERSION), e.g. "0.2.0"
    std::string build;            // "native" or "web"
    std::string licence_name;     // "MIT"
    std::string licence_summary;  // one paragraph: what the licence allows and asks
    std::string licence_text;     // LICENSE
    std::string copyright;        // LICENSE's copyright line
    std::vector<ThirdPartyComponent> components;
};

const About& about();

// THIRD_PARTY_NOTICES.txt of this build (about 50 KB). Not a member of About: a program that never
// calls this links none of the text. The web app does not (issue 11, the download): its About
// panel shows dist/THIRD_PARTY_NOTICES.txt, fetched when the panel first asks (ui::Host::notices).
const std::string& third_party_notices();

// "Stride Convolution Lab 0.2.0" -- the --version line and the About panel's title.
std::string version_line();

// How to cite the lab in a course text or paper, with `link` (the page the reader should open:
// the current state's link, or empty when there is none, e.g. on the desktop).
std::string citation(const std::string& link);

// How to link the lab so the link keeps opening the same state (one paragraph).
std::string linking_advice(Lang lang = Lang::en);
// about().licence_summary in `lang`.
std::string licence_summary(Lang lang);

}  // namespace strideconv::teach
