// image_quiz.cpp -- questions about image mode (see image_quiz.hpp). Standard C++ only.
#include "teach/image_quiz.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "base/number_text.hpp"
#include "base/text.hpp"
#include "image/image.hpp"
#include "image/routes.hpp"
#include "teach/image_mode.hpp"  // route_title in a language
#include "teach/strings.hpp"

namespace strideconv::teach {

namespace {

using image::Route;

// A small generator of our own, so native and WebAssembly builds ask the same questions.
struct Dice {
    uint32_t state;
    Dice(uint32_t seed, int index) : state(seed * 2654435761u ^ (uint32_t(index) + 1) * 40503u ^ 0x9e3779b9u) {
        if (state == 0) state = 1;
        for (int k = 0; k < 4; ++k) next();
    }
    uint32_t next() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
    template <class T>
    T pick(const std::vector<T>& from) { return from[next() % from.size()]; }
};

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

// Whole numbers in `text` separated by spaces, commas, x, parentheses; false on anything else.
bool whole_numbers(const std::string& text, std::vector<long>& out) {
    std::string s = text;
    for (char& ch : s)
        if (ch == 'x' || ch == 'X' || ch == ',' || ch == '*' || ch == '(' || ch == ')') ch = ' ';
    for (const std::string& word : base::split(s, " \t\n\r\f\v")) {
        if (word.empty()) continue;
        char* end = nullptr;
        const long v = std::strtol(word.c_str(), &end, 10);
        if (end == word.c_str() || *end != '\0') return false;
        out.push_back(v);
    }
    return !out.empty();
}

int route_number(Route r) {
    const auto& all = image::all_routes();
    return static_cast<int>(std::find(all.begin(), all.end(), r) - all.begin()) + 1;
}

}  // namespace

ImageQuestion make_image_question(uint32_t seed, int index, Lang lang) {
    Dice d(seed, index);
    ImageQuestion q;
    q.kind = static_cast<ImageQuestionKind>(index % kImageQuestionKinds);
    const int h = d.pick<int>({64, 96, 128, 200, 256, 300, 512}), w = d.pick<int>({64, 128, 160, 256, 320, 512});
    const int channels = d.pick<int>({1, 3});
    const int k = d.pick<int>({1, 3, 5, 7});
    const int pad = d.pick<int>({0, k / 2});
    const int s = d.pick<int>({2, 3, 4});
    image::RouteSettings settings;
    settings.kernel = image::kernel_weight(k, k, std::vector<float>(size_t(k) * k, 1.0f / float(k * k)));
    settings.padding = Padding::symmetric(pad, pad);
    settings.stride = {s, s};
    settings.blur = d.pick<int>({2, 3, 5});
    auto n = [lang](int64_t v) { return number_text(lang, v); };
    // MACs and reads as the lab's cost lines write them ("12,544" in English).
    auto count = [lang](int64_t v) { return grouped(lang, v); };
    q.setting = trf(lang,
                    channels == 1 ? "A {0}x{1} picture with 1 channel; a {2}x{2} kernel per channel, padding {3}, stride {4}."
                                  : "A {0}x{1} picture with 3 channels (RGB); a {2}x{2} kernel per channel, padding {3}, stride {4}.",
                    {n(h), n(w), n(k), n(pad), n(s)});
    auto plan = [&](Route r) { return image::plan_route(r, channels, h, w, settings).value; };
    switch (q.kind) {
        case ImageQuestionKind::route_size: {
            const Route r = d.pick<Route>({Route::stride, Route::pool_max, Route::pool_avg, Route::blurpool});
            const image::RoutePlan p = plan(r);
            q.prompt = trf(lang, "What size (height x width) is the output of route {0}, {1}?",
                           {n(route_number(r)), route_title(r, settings.stride, settings.blur, lang)});
            q.answer = std::to_string(p.out_h) + "x" + std::to_string(p.out_w);
            q.explanation = trf(lang, "{0}: {1}", {tr(lang, "Rows"), route_size_formula(p, true, lang)}) + "\n" +
                            trf(lang, "{0}: {1}", {tr(lang, "Columns"), route_size_formula(p, false, lang)});
            break;
        }
        case ImageQuestionKind::macs_ratio: {
            const image::RoutePlan p1 = plan(Route::stride1), p2 = plan(Route::stride);
            const double ratio = double(p1.macs()) / double(p2.macs());
            char text[32];
            std::snprintf(text, sizeof text, "%.1f", ratio);
            q.prompt = trf(lang, "How many times fewer MACs does route 2 (conv stride {0}) need than route 1 (conv stride 1)? One decimal.",
                           {n(s)});
            q.answer = text;
            q.explanation =
                trf(lang, "Route 1: {0}x{1} outputs x {2} taps x {3} channel(s) = {4} MACs. Route 2: {5}x{6} outputs, {7} MACs.",
                    {n(p1.out_h), n(p1.out_w), n(k * k), n(channels), count(p1.macs()), n(p2.out_h), n(p2.out_w),
                     count(p2.macs())}) +
                " " +
                trf(lang, "{0} / {1} = {2} (about {3}x{3} = {4}: stride keeps one output in {4}).",
                    {count(p1.macs()), count(p2.macs()), localize_number(lang, text), n(s), n(s * s)});
            break;
        }
        case ImageQuestionKind::pool_reads: {
            const Route r = d.pick<Route>({Route::pool_max, Route::pool_avg});
            const image::RoutePlan p = plan(r);
            q.prompt = trf(lang, "Route {0} pools the stride-1 output ({1}x{2}) with {3}x{3} windows at stride {3}. How many values "
                                 "does the pool read, over all channels?",
                           {n(route_number(r)), n(p.conv.rows.output), n(p.conv.cols.output), n(s)});
            q.answer = std::to_string(p.down_reads());
            q.explanation = trf(lang, "Pool output {0}x{1} per channel ({2}), each reading {3} values: {4} x {0} x {1} x {3} = {5}.",
                                {n(p.out_h), n(p.out_w), route_size_formula(p, true, lang), n(s * s), n(channels),
                                 count(p.down_reads())});
            break;
        }
        case ImageQuestionKind::subsample_cell: {
            const image::RoutePlan p2 = plan(Route::stride);
            const int i = int(d.next() % uint32_t(p2.out_h)), j = int(d.next() % uint32_t(p2.out_w));
            q.prompt = trf(lang, "Route 2's output pixel at row {0}, column {1} equals route 1's output at which row and column?",
                           {n(i), n(j)});
            q.answer = std::to_string(i * s) + ", " + std::to_string(j * s);
            q.explanation = trf(lang, "Both convolutions put window o at padded row o x stride: route 2's window {0} starts at padded "
                                      "row {1}, which is route 1's window {1} (the same for columns). Route 2 is route 1 sampled at "
                                      "rows and columns 0, {2}, {3}, ...",
                                {n(i), n(i * s), n(s), n(2 * s)});
            break;
        }
        case ImageQuestionKind::nyquist_period: {
            q.setting = trf(lang, "Stripes of period P pixels (one light and one dark band per period), conv stride {0} with a 1x1 "
                                  "identity kernel.",
                            {n(s)});
            q.prompt = trf(lang, "Stride {0} keeps one pixel in {0}. Below what period P (in pixels) can its output no longer show "
                                 "the stripes as they are?",
                           {n(s)});
            q.answer = std::to_string(2 * s);
            q.explanation = trf(lang, "Sampling every {0} pixels is a rate of 1/{0} per pixel; a pattern needs at least two samples "
                                      "per period (the Nyquist limit), so periods shorter than 2 x {0} = {1} pixels come back as a "
                                      "false, longer period: aliasing.",
                                {n(s), n(2 * s)});
            break;
        }
        case ImageQuestionKind::least_shift_change: {
            const int zs = d.pick<int>({2, 3});
            image::SourceDesc zd;
            zd.kind = image::SourceKind::zoneplate;
            zd.height = zd.width = 64;
            const auto zone = image::make_source(zd);
            image::RouteSettings z;
            z.kernel = image::kernel_weight(3, 3, {0, 0, 0, 0, 1, 0, 0, 0, 0});
            z.padding = Padding::symmetric(1, 1);
            z.stride = {zs, zs};
            z.blur = 3;
            q.setting = trf(lang, "A 64x64 zone plate; a 3x3 identity kernel, padding 1, stride {0}, BlurPool F=3.", {n(zs)});
            q.prompt = tr(lang, zs == 2 ? "Moving the picture by 1 pixel: which route's output changes least, 2, 3, 4 or 5?"
                                        : "Moving the picture by 1 or 2 pixels: which route's output changes least, 2, 3, 4 or 5?");
            int best = 2;
            double best_change = 1e300;
            std::string changes;
            for (Route r : {Route::stride, Route::pool_max, Route::pool_avg, Route::blurpool}) {
                const auto c = image::shift_change_all(r, zone.value.pixels, z);
                const double change = c.ok() ? c.value.change : 1e300;
                char text[64];
                std::snprintf(text, sizeof text, "%.1f", 100.0 * change);
                const std::string item = trf(lang, "route {0} {1} %", {n(route_number(r)), localize_number(lang, text)});
                changes = changes.empty() ? item : trf(lang, "{0}; {1}", {changes, item});
                if (change < best_change) {
                    best_change = change;
                    best = route_number(r);
                }
            }
            q.answer = std::to_string(best);
            q.explanation = trf(lang, "Mean change over every shift: {0}; the least is route {1}. Plain stride (route 2) keeps "
                                      "whichever samples the grid lands on, so it changes most; the others first combine every "
                                      "pixel of each window.",
                                {changes, n(best)});
            break;
        }
    }
    return q;
}

Verdict check_image_answer(const ImageQuestion& q, const std::string& typed, Lang lang) {
    Verdict v;
    std::string s = trim(typed);
    if (s.empty()) {
        v.understood = false;
        v.feedback = tr(lang, "Type an answer first.");
        return v;
    }
    // The answer as the student's language writes it ("4,0" in German and French).
    const std::string shown = q.kind == ImageQuestionKind::macs_ratio ? localize_number(lang, q.answer) : q.answer;
    switch (q.kind) {
        case ImageQuestionKind::route_size:
        case ImageQuestionKind::subsample_cell: {
            std::vector<long> n;
            if (!whole_numbers(s, n) || n.size() != 2) {
                v.understood = false;
                v.feedback = tr(lang, q.kind == ImageQuestionKind::route_size ? "Answer as height x width, e.g. 64x64."
                                                                             : "Answer as row, column, e.g. 4, 6.");
                return v;
            }
            const std::string mine = q.kind == ImageQuestionKind::route_size
                                         ? std::to_string(n[0]) + "x" + std::to_string(n[1])
                                         : std::to_string(n[0]) + ", " + std::to_string(n[1]);
            v.correct = mine == q.answer;
            break;
        }
        case ImageQuestionKind::macs_ratio: {
            // A decimal comma too ("3,9"), as German and French write it.
            if (s.find('.') == std::string::npos && std::count(s.begin(), s.end(), ',') == 1) std::replace(s.begin(), s.end(), ',', '.');
            char* end = nullptr;
            const double x = std::strtod(s.c_str(), &end);
            if (end == s.c_str() || !std::isfinite(x) || trim(end) != "") {
                v.understood = false;
                v.feedback = trf(lang, "Answer with a number, e.g. {0}.", {localize_number(lang, "3.9")});
                return v;
            }
            v.correct = std::fabs(x - std::strtod(q.answer.c_str(), nullptr)) <= 0.051;
            break;
        }
        default: {
            std::vector<long> n;
            if (!whole_numbers(s, n) || n.size() != 1) {
                v.understood = false;
                v.feedback = tr(lang, "Answer with a whole number.");
                return v;
            }
            v.correct = std::to_string(n[0]) == q.answer;
        }
    }
    v.feedback = v.correct ? trf(lang, "Correct: {0}.", {shown}) : trf(lang, "Not quite: the answer is {0}.", {shown});
    return v;
}

void ImageQuizSession::next() {
    ++index;
    question = make_image_question(seed, index, lang);
    answered = false;
    verdict = Verdict{};
    typed.clear();
}

void ImageQuizSession::set_lang(Lang to) {
    if (to == lang) return;
    lang = to;
    if (index < 0) return;
    question = make_image_question(seed, index, lang);
    // The verdict shown, worded again: the same answer checked in the new language.
    if (!verdict.feedback.empty()) verdict = check_image_answer(question, typed, lang);
}

Verdict ImageQuizSession::answer(const std::string& answer_text) {
    if (index < 0) next();
    Verdict v = check_image_answer(question, answer_text, lang);
    typed = answer_text;
    if (v.understood && !answered) {
        answered = true;
        ++asked;
        if (v.correct) ++correct;
    }
    if (v.understood) verdict = v;
    return v;
}

}  // namespace strideconv::teach
