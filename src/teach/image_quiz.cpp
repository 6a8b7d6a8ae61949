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

ImageQuestion make_image_question(uint32_t seed, int index) {
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
    const std::string picture = std::to_string(h) + "x" + std::to_string(w) + " picture with " +
                                (channels == 1 ? "1 channel" : "3 channels (RGB)");
    q.setting = "A " + picture + "; a " + std::to_string(k) + "x" + std::to_string(k) + " kernel per channel, padding " +
                std::to_string(pad) + ", stride " + std::to_string(s) + ".";
    auto plan = [&](Route r) { return image::plan_route(r, channels, h, w, settings).value; };
    base::Text e;
    switch (q.kind) {
        case ImageQuestionKind::route_size: {
            const Route r = d.pick<Route>({Route::stride, Route::pool_max, Route::pool_avg, Route::blurpool});
            const image::RoutePlan p = plan(r);
            q.prompt = "What size (height x width) is the output of route " + std::to_string(route_number(r)) + ", " +
                       image::route_title(r, settings.stride, settings.blur) + "?";
            q.answer = std::to_string(p.out_h) + "x" + std::to_string(p.out_w);
            e << "Rows: " << p.size_formula(true) << "\nColumns: " << p.size_formula(false);
            break;
        }
        case ImageQuestionKind::macs_ratio: {
            const image::RoutePlan p1 = plan(Route::stride1), p2 = plan(Route::stride);
            const double ratio = double(p1.macs()) / double(p2.macs());
            char text[32];
            std::snprintf(text, sizeof text, "%.1f", ratio);
            q.prompt = "How many times fewer MACs does route 2 (conv stride " + std::to_string(s) +
                       ") need than route 1 (conv stride 1)? One decimal.";
            q.answer = text;
            e << "Route 1: " << p1.out_h << "x" << p1.out_w << " outputs x " << k * k << " taps x " << channels
              << " channel(s) = " << base::thousands_text(p1.macs()) << " MACs. Route 2: " << p2.out_h << "x" << p2.out_w
              << " outputs, " << base::thousands_text(p2.macs()) << " MACs. " << base::thousands_text(p1.macs()) << " / "
              << base::thousands_text(p2.macs()) << " = " << text << " (about " << s << "x" << s << " = " << s * s
              << ": stride keeps one output in " << s * s << ").";
            break;
        }
        case ImageQuestionKind::pool_reads: {
            const Route r = d.pick<Route>({Route::pool_max, Route::pool_avg});
            const image::RoutePlan p = plan(r);
            q.prompt = "Route " + std::to_string(route_number(r)) + " pools the stride-1 output (" +
                       std::to_string(p.conv.rows.output) + "x" + std::to_string(p.conv.cols.output) + ") with " +
                       std::to_string(s) + "x" + std::to_string(s) + " windows at stride " + std::to_string(s) +
                       ". How many values does the pool read, over all channels?";
            q.answer = std::to_string(p.down_reads());
            e << "Pool output " << p.out_h << "x" << p.out_w << " per channel (" << p.size_formula(true)
              << "), each reading " << s * s << " values: " << channels << " x " << p.out_h << " x " << p.out_w
              << " x " << s * s << " = " << base::thousands_text(p.down_reads()) << ".";
            break;
        }
        case ImageQuestionKind::subsample_cell: {
            const image::RoutePlan p2 = plan(Route::stride);
            const int i = int(d.next() % uint32_t(p2.out_h)), j = int(d.next() % uint32_t(p2.out_w));
            q.prompt = "Route 2's output pixel at row " + std::to_string(i) + ", column " + std::to_string(j) +
                       " equals route 1's output at which row and column?";
            q.answer = std::to_string(i * s) + ", " + std::to_string(j * s);
            e << "Both convolutions put window o at padded row o x stride: route 2's window " << i << " starts at padded row "
              << i * s << ", which is route 1's window " << i * s << " (the same for columns). Route 2 is route 1 "
              << "sampled at rows and columns 0, " << s << ", " << 2 * s << ", ...";
            break;
        }
        case ImageQuestionKind::nyquist_period: {
            q.setting = "Stripes of period P pixels (one light and one dark band per period), conv stride " +
                        std::to_string(s) + " with a 1x1 identity kernel.";
            q.prompt = "Stride " + std::to_string(s) + " keeps one pixel in " + std::to_string(s) +
                       ". Below what period P (in pixels) can its output no longer show the stripes as they are?";
            q.answer = std::to_string(2 * s);
            e << "Sampling every " << s << " pixels is a rate of 1/" << s << " per pixel; a pattern needs at least two samples "
              << "per period (the Nyquist limit), so periods shorter than 2 x " << s << " = " << 2 * s
              << " pixels come back as a false, longer period: aliasing.";
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
            q.setting = "A 64x64 zone plate; a 3x3 identity kernel, padding 1, stride " + std::to_string(zs) +
                        ", BlurPool F=3.";
            q.prompt = std::string(zs == 2 ? "Moving the picture by 1 pixel" : "Moving the picture by 1 or 2 pixels") +
                       ": which route's output changes least, 2, 3, 4 or 5?";
            int best = 2;
            double best_change = 1e300;
            e << "Mean change over every shift:";
            for (Route r : {Route::stride, Route::pool_max, Route::pool_avg, Route::blurpool}) {
                const auto c = image::shift_change_all(r, zone.value.pixels, z);
                const double change = c.ok() ? c.value.change : 1e300;
                char text[64];
                std::snprintf(text, sizeof text, " route %d %.1f %%;", route_number(r), 100.0 * change);
                e << text;
                if (change < best_change) {
                    best_change = change;
                    best = route_number(r);
                }
            }
            q.answer = std::to_string(best);
            e << " the least is route " << best << ". Plain stride (route 2) keeps whichever samples the grid lands on, "
              << "so it changes most; the others first combine every pixel of each window.";
            break;
        }
    }
    q.explanation = e.str();
    return q;
}

Verdict check_image_answer(const ImageQuestion& q, const std::string& typed) {
    Verdict v;
    const std::string s = trim(typed);
    if (s.empty()) {
        v.understood = false;
        v.feedback = "Type an answer first.";
        return v;
    }
    switch (q.kind) {
        case ImageQuestionKind::route_size:
        case ImageQuestionKind::subsample_cell: {
            std::vector<long> n;
            if (!whole_numbers(s, n) || n.size() != 2) {
                v.understood = false;
                v.feedback = q.kind == ImageQuestionKind::route_size ? "Answer as height x width, e.g. 64x64."
                                                                    : "Answer as row, column, e.g. 4, 6.";
                return v;
            }
            const std::string mine = q.kind == ImageQuestionKind::route_size
                                         ? std::to_string(n[0]) + "x" + std::to_string(n[1])
                                         : std::to_string(n[0]) + ", " + std::to_string(n[1]);
            v.correct = mine == q.answer;
            break;
        }
        case ImageQuestionKind::macs_ratio: {
            char* end = nullptr;
            const double x = std::strtod(s.c_str(), &end);
            if (end == s.c_str() || !std::isfinite(x) || trim(end) != "") {
                v.understood = false;
                v.feedback = "Answer with a number, e.g. 3.9.";
                return v;
            }
            v.correct = std::fabs(x - std::strtod(q.answer.c_str(), nullptr)) <= 0.051;
            break;
        }
        default: {
            std::vector<long> n;
            if (!whole_numbers(s, n) || n.size() != 1) {
                v.understood = false;
                v.feedback = "Answer with a whole number.";
                return v;
            }
            v.correct = std::to_string(n[0]) == q.answer;
        }
    }
    v.feedback = v.correct ? "Correct: " + q.answer + "." : "Not quite: the answer is " + q.answer + ".";
    return v;
}

void ImageQuizSession::next() {
    ++index;
    question = make_image_question(seed, index);
    answered = false;
    verdict = Verdict{};
}

Verdict ImageQuizSession::answer(const std::string& typed) {
    if (index < 0) next();
    Verdict v = check_image_answer(question, typed);
    if (v.understood && !answered) {
        answered = true;
        ++asked;
        if (v.correct) ++correct;
    }
    if (v.understood) verdict = v;
    return v;
}

}  // namespace strideconv::teach
