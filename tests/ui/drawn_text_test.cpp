// drawn_text_test.cpp -- what a German student sees: every view and lesson drawn in lang=de with
// Dear ImGui and no renderer, every text that reaches the screen read back, and compared with the
// same state in English. ImGui's widgets are read through its log (ImGui::LogToBuffer captures the
// text they render); the canvas's own text (titles over grids, legends, the network view's labels)
// through ui::canvas_text's hook, since a draw list's AddText is not logged.
//
// Two rules, each of which an English text that escaped translation breaks:
//   same:    a line drawn in German that is drawn identically in English, with a word that is not a
//            name, a number, a formula or code (see allowed_word);
//   english: a German line that holds a word only English texts of the string table use (so a
//            translated frame around an English sentence, "Hinweis: Ignored ...", is caught too).
// Tooltips (drawn on hover) are read by pointing at every part of the walk and the network view.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "headless_screen.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // GImGui->LogBuffer: the text ImGui's widgets rendered this frame
#include "teach/lesson.hpp"
#include "teach/stack_spec.hpp"
#include "teach/strings.hpp"
#include "teach/url.hpp"
#include "ui/app.hpp"
#include "ui/canvas_text.hpp"

using namespace strideconv;

namespace {

std::vector<std::string>* g_canvas = nullptr;

struct Screen : test::HeadlessScreen {
    // Bytes ImGui's widget log wrote in the last drawn() frame: 0 where ImGui is built without file
    // functions (IMGUI_DISABLE_FILE_FUNCTIONS, the WebAssembly build), which makes its log a no-op.
    size_t log_bytes = 0;
    Screen(float w, float h) : HeadlessScreen(w, h) {
        ui::set_canvas_text_hook([](std::string_view t) {
            if (g_canvas) g_canvas->emplace_back(t);
        });
    }
    ~Screen() { ui::set_canvas_text_hook(nullptr); }
    // One frame whose text is recorded: the widgets' log, line by line, then the canvas's texts.
    std::vector<std::string> drawn(ui::App& app) {
        std::vector<std::string> canvas;
        time += 1.0 / 60.0;
        // ImGui::End() of a window that is not a child ends the log (LogFinish), and a log to its
        // buffer is cleared then: the log goes to a file in memory, whose text outlives the close.
        // Depth 0: tree nodes open in the log only as the student opened them.
        char* text = nullptr;
        size_t size = 0;
        FILE* file = open_memstream(&text, &size);
        REQUIRE(file != nullptr);
        ImGui::NewFrame();
        ImGui::LogBegin(ImGuiLogType_File, 0);
        GImGui->LogFile = file;
        g_canvas = &canvas;
        app.frame(time);
        g_canvas = nullptr;
        if (GImGui->LogEnabled) ImGui::LogFinish();  // closes the file
        ImGui::Render();
        const std::string log(text ? text : "", size);
        log_bytes = size;
        free(text);
        std::vector<std::string> lines;
        std::istringstream in(log);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        for (const std::string& c : canvas) {
            std::istringstream text(c);
            for (std::string line; std::getline(text, line);) lines.push_back(line);
        }
        for (std::string& l : lines) {
            const size_t a = l.find_first_not_of(' ');
            l = a == std::string::npos ? std::string() : l.substr(a, l.find_last_not_of(' ') - a + 1);
        }
        return lines;
    }
};

// Bytes of UTF-8 letters count as letters (ä, é, ß); signs that are not letters are blanked first.
bool letter(unsigned char c) { return std::isalpha(c) || c >= 0x80; }

std::string without_signs(std::string text) {
    for (const char* sign : {"\u00d7", "\u00b7", "\u00f7", "\u2026", "\u2013", "\u2014", "\u2192", "\u2190", "\u2264", "\u2265",
                             "\u00a0", "\u202f", "\u00ab", "\u00bb", "\u201e", "\u201c"}) {
        const std::string s = sign;
        for (size_t at = text.find(s); at != std::string::npos; at = text.find(s, at)) text.replace(at, s.size(), " ");
    }
    return text;
}

// The words of a text: runs of letters (UTF-8 letters count), apostrophes inside a word kept.
std::vector<std::string> words(const std::string& raw) {
    const std::string text = without_signs(raw);
    std::vector<std::string> out;
    std::string w;
    for (size_t i = 0; i <= text.size(); ++i) {
        const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
        if (letter(c) || (c == '\'' && !w.empty() && i + 1 < text.size() && letter(static_cast<unsigned char>(text[i + 1])))) {
            w += static_cast<char>(c);
        } else if (!w.empty()) {
            out.push_back(w);
            w.clear();
        }
    }
    return out;
}

// The tokens of a line (split at spaces and the punctuation around words) that read as words: a
// token with a digit, '_', '.', '=' or '(' inside is a name, a size or code (conv1, features.30,
// 3x3, output_padding, k=3, F.conv2d), and is not a word.
std::vector<std::string> word_tokens(const std::string& raw) {
    const std::string line = without_signs(raw);
    std::vector<std::string> out;
    std::string t;
    auto flush = [&] {
        while (!t.empty() && std::string(",;:!?)]'\"").find(t.back()) != std::string::npos) t.pop_back();
        while (!t.empty() && std::string("([\"'+").find(t.front()) != std::string::npos) t.erase(0, 1);
        bool code = false, any_letter = false;
        for (const char c : t) {
            if (std::isdigit(static_cast<unsigned char>(c)) || std::string("_.=(/").find(c) != std::string::npos) code = true;
            if (letter(static_cast<unsigned char>(c))) any_letter = true;
        }
        if (!code && any_letter) out.push_back(t);
        t.clear();
    };
    for (const char c : line) {
        if (c == ' ') flush();
        else t += c;
    }
    flush();
    return out;
}

struct Vocabulary {
    std::set<std::string> shared;        // words German writes as English does
    std::set<std::string> english_only;  // words of English texts no German text uses
};

// Words that are the same in both languages by design: names of networks and presets, the layer
// grammar's and PyTorch's terms, units and abbreviations the lab keeps in every language.
const char* const kNames[] = {
    // networks, libraries, people
    "AlexNet", "ResNet", "MobileNet", "VGG", "TF-Slim", "torchvision", "PyTorch", "Okabe", "Ito", "BlurPool",
    // the layer grammar (stack=), padding modes and ops as links write them
    "conv", "dwconv", "maxpool", "avgpool", "convT", "add", "same", "valid", "full",
    // PyTorch's values and the pool window's marks (max, avg: the functions)
    "zeros", "reflect", "replicate", "circular", "max", "avg",
    // PyTorch's argument names written without '_' ("groups 4", as in F.conv2d's groups=)
    "groups",
    // abbreviations: multiply-accumulates, floating-point operations, receptive field, height x width
    "MACs", "FLOPs", "RF", "HxW", "WebM", "PNG", "x",
    // a max pool's padding, as PyTorch pads it ("-inf" in the padded cells)
    "inf",
    // the presets' layer names without a dot (torchvision's fc, TF-Slim's logits): on a phone the
    // network table's name cell is a line of its own, with the type under it
    "fc", "logits", "Logits",
};

// Words German courses take over from English as they are: a row of the table may keep them in
// German (Quiz, Padding, Kernel). Any other row the same in German is a missing translation (the
// table once kept "depthwise" and "pointwise" in German, and this test then read them as German).
const char* const kLoanwords[] = {"Quiz", "Operation", "Padding", "Bias", "Sobel", "Pause", "Esc", "Tab", "Kernel", "Zoom", "global"};

// Whole lines that are names: the lab's own.
const char* const kNameLines[] = {"Stride Convolution Lab"};

Vocabulary vocabulary() {
    Vocabulary v;
    std::set<std::string> german;
    for (const teach::StringRow& row : teach::string_table()) {
        const std::string en = row.text[0], de = row.text[static_cast<size_t>(teach::Lang::de)];
        // A row kept the same in German says nothing about German words (loanwords are listed).
        if (en != de)
            for (const std::string& w : words(de)) german.insert(w);
    }
    for (const char* n : kLoanwords) v.shared.insert(n);
    for (const char* n : kNames)
        for (const std::string& w : words(n)) v.shared.insert(w);
    for (const auto& p : teach::network_presets())  // their names; "stem" is a word (preset_title)
        for (const std::string& w : words(p.title))
            if (w != "stem") v.shared.insert(w);
    for (const teach::StringRow& row : teach::string_table())
        for (const std::string& w : words(row.text[0]))
            if (w.size() >= 3 && !german.count(w) && !v.shared.count(w)) v.english_only.insert(w);
    return v;
}

bool allowed_token(const Vocabulary& v, const std::string& token) {
    for (const std::string& w : words(token))
        if (w.size() > 1 && !v.shared.count(w)) return false;
    return true;
}

// The states a student reaches: every lesson in every view, the network view's presets with a
// layer chosen, a custom stack with a shortcut, swaps and notices, on a laptop and a phone.
std::vector<std::string> states() {
    std::vector<std::string> out;
    for (const auto& info : teach::lessons())
        for (const char* view : {"walk", "compare", "quiz", "image", "stack"})
            out.push_back(std::string("lesson=") + info.name + "&view=" + view);
    for (const auto& p : teach::network_presets()) out.push_back(std::string("view=stack&preset=") + p.name + "&cell=2,0,0");
    out.push_back("view=stack&preset=resnet18&cell=5,1,1&swap=1");
    out.push_back("view=stack&preset=vgg16&stack_input=225&cell=3,111,111&flops=1");
    out.push_back("view=stack&stack=conv:k=3,s=2,c=8;conv:k=3,c=8;add:skip=0,c=8;maxpool:k=2,s=2;convT:k=3,s=2&cell=3,1,1");
    out.push_back("view=stack&stack=conv:k=3;conv:k=3,zz=1&stack_input=5000&swap=9&cell=40,0,0");
    out.push_back("view=stack&stack=maxpool:k=2,s=2;conv:k=3,s=2");
    // Refusals the core words (core.hpp's Message): a kernel wider than the padded input, with and
    // without dilation, in the walk and in image mode; a pool without dilation; a stack layer
    // whose output is too large.
    out.push_back("input=3&kernel=5");
    out.push_back("input=5&kernel=3&dilation=3&view=compare");
    out.push_back("op=avg_pool2d&dilation=2");
    out.push_back("view=image&image_size=16&kernel=7&dilation=4");
    out.push_back("view=stack&stack=convT:k=3,s=2&stack_input=4096");
    // The rarer refusals: a transposed conv's padding larger than its output, a pool's padding over
    // half its window, reflection with nothing to mirror; in the network view a shortcut that does
    // not match, p=same on a convT, a dilated avgpool, groups that do not divide, a pool's padding
    // and a convT whose output would be empty.
    out.push_back("op=conv_transpose2d&input=3&kernel=3&padding=4");
    out.push_back("op=max_pool2d&kernel=2&padding=2&view=compare");
    out.push_back("padding_mode=reflect&input=3&kernel=3&padding=3");
    out.push_back("view=stack&stack=conv:k=3,s=2,c=8;conv:k=3,p=1,c=8,skip=0");
    out.push_back("view=stack&stack=convT:k=3,p=same");
    out.push_back("view=stack&stack=avgpool:k=2,d=2");
    out.push_back("view=stack&stack=conv:k=3,c=8,g=3");
    out.push_back("view=stack&stack=maxpool:k=2,p=2");
    out.push_back("view=stack&stack=convT:k=3,p=5&stack_input=3");
    return out;
}

struct Finding {
    std::string rule, line, state;
};

// Which rule a German line breaks ("" for none), given the lines drawn in English.
std::string broken_rule(const Vocabulary& vocab, const std::set<std::string>& english, const std::string& line) {
    const auto tokens = word_tokens(line);
    if (english.count(line) &&
        std::any_of(tokens.begin(), tokens.end(), [&](const std::string& t) { return !allowed_token(vocab, t); }))
        return "same in English";
    for (const std::string& t : tokens)
        for (const std::string& word : words(t))
            if (vocab.english_only.count(word)) return "English word '" + word + "'";
    return "";
}

std::vector<Finding> untranslated_lines(float w, float h) {
    const Vocabulary vocab = vocabulary();
    std::vector<Finding> found;
    std::set<std::string> reported;
    Screen s(w, h);
    ui::App app;
    app.use_test_clock();
    for (const std::string& state : states()) {
        std::map<teach::Lang, std::vector<std::string>> seen;
        for (const teach::Lang lang : {teach::Lang::en, teach::Lang::de}) {
            teach::Decoded d = teach::decode_query(state + "&lang=" + teach::to_string(lang));
            app.set_config(d.config, d.notices);
            for (int k = 0; k < 3; ++k) s.frame(app);
            seen[lang] = s.drawn(app);
        }
        const std::set<std::string> english(seen[teach::Lang::en].begin(), seen[teach::Lang::en].end());
        for (const std::string& line : seen[teach::Lang::de]) {
            if (reported.count(line) ||
                std::any_of(std::begin(kNameLines), std::end(kNameLines), [&](const char* n) { return line == n; }))
                continue;
            const std::string rule = broken_rule(vocab, english, line);
            if (rule.empty()) continue;
            reported.insert(line);
            found.push_back({rule, line, state});
        }
    }
    return found;
}

}  // namespace

TEST_CASE("drawn text: the words and tokens the comparison uses") {
    CHECK(words("Schicht 3 (conv1): l'entrée") == std::vector<std::string>{"Schicht", "conv", "l'entrée"});
    CHECK(words("2 \u00d7 MACs") == std::vector<std::string>{"MACs"});
    CHECK(word_tokens("layer 3 (features.30): 3x3 conv1, F.conv2d(x) stride") == std::vector<std::string>{"layer", "stride"});
    const Vocabulary v = vocabulary();
    CHECK(v.english_only.count("Ignored"));  // in English keys, in no German text
    CHECK_FALSE(v.english_only.count("Kernel"));
    CHECK(allowed_token(v, "ResNet-50"));
    CHECK(allowed_token(v, "maxpool"));
    CHECK_FALSE(allowed_token(v, "layer"));
}

TEST_CASE("drawn text: a row the same in German holds only names, loanwords and code") {
    const Vocabulary v = vocabulary();
    for (const teach::StringRow& row : teach::string_table()) {
        const std::string en = row.text[0];
        if (en != row.text[static_cast<size_t>(teach::Lang::de)]) continue;
        CAPTURE(en);
        for (const std::string& token : word_tokens(en)) CHECK(allowed_token(v, token));
    }
    CHECK_FALSE(allowed_token(v, "pointwise"));
    CHECK_FALSE(allowed_token(v, "depthwise"));
}

TEST_CASE("drawn text: everything a German student sees in every view is German, on a laptop and a phone") {
    for (const ImVec2 size : {ImVec2(1280, 4000), ImVec2(390, 4000)}) {
        CAPTURE(size.x);
        const std::vector<Finding> found = untranslated_lines(size.x, size.y);
        for (const Finding& f : found) MESSAGE(f.rule << ": \"" << f.line << "\"  (" << f.state << ")");
        CHECK(found.empty());
    }
}

namespace {

bool tooltip_open() {
    for (const ImGuiWindow* w : GImGui->Windows)
        if (w->Active && (w->Flags & ImGuiWindowFlags_Tooltip)) return true;
    return false;
}

// The lines tooltips add, with the pointer at every point of a `step`-pixel lattice over the screen:
// each frame with a tooltip open, the lines it drew that the same frame without the pointer lacks.
std::set<std::string> tooltip_lines(Screen& s, ui::App& app, float w, float h, float step, int* tooltips) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(-100, -100);
    for (int k = 0; k < 2; ++k) s.frame(app);
    const std::vector<std::string> base = s.drawn(app);
    if (s.log_bytes == 0) return {};  // no widget log in this build (see Screen::log_bytes)
    const std::set<std::string> without(base.begin(), base.end());
    std::set<std::string> added;
    for (float y = step / 2; y < h; y += step)
        for (float x = step / 2; x < w; x += step) {
            io.MousePos = ImVec2(x, y);
            s.frame(app);
            const std::vector<std::string> lines = s.drawn(app);
            if (!tooltip_open()) continue;
            ++*tooltips;
            for (const std::string& l : lines)
                if (!l.empty() && !without.count(l)) added.insert(l);
        }
    io.MousePos = ImVec2(-100, -100);
    return added;
}

}  // namespace

TEST_CASE("drawn text: the tooltips of the walk and the network view are German too") {
    const Vocabulary vocab = vocabulary();
    const float w = 1280, h = 800;
    Screen s(w, h);
    ui::App app;
    app.use_test_clock();
    // The walk's grids (a tooltip per cell: its value, window and reads), a refused walk, the
    // network view's table rows and the side panel's checkboxes.
    for (const char* state : {"lesson=dropped&view=walk", "lesson=channels&view=walk", "view=stack&preset=resnet18&cell=5,1,1",
                              "view=stack&preset=mobilenet_v2&cell=2,0,0"}) {
        const std::string query = state;
        CAPTURE(query);
        std::map<teach::Lang, std::set<std::string>> seen;
        std::map<teach::Lang, int> tooltips;
        for (const teach::Lang lang : {teach::Lang::en, teach::Lang::de}) {
            teach::Decoded d = teach::decode_query(std::string(state) + "&lang=" + teach::to_string(lang));
            app.set_config(d.config, d.notices);
            seen[lang] = tooltip_lines(s, app, w, h, 32, &tooltips[lang]);
        }
        if (s.log_bytes == 0) {
            MESSAGE("ImGui's widget log is a no-op in this build (IMGUI_DISABLE_FILE_FUNCTIONS): tooltips are checked natively");
            break;
        }
        // Tooltips were found (the test would see nothing if hovering stopped showing them).
        CHECK(tooltips[teach::Lang::de] >= 5);
        CHECK(seen[teach::Lang::de].size() >= 3);
        for (const std::string& line : seen[teach::Lang::de]) {
            const std::string rule = broken_rule(vocab, seen[teach::Lang::en], line);
            if (!rule.empty()) MESSAGE(rule << ": \"" << line << "\"");
            CHECK(rule.empty());
        }
    }
}

TEST_CASE("drawn text: the Zoom row's tooltip says what each view enlarges, in every language") {
    Screen s(1280, 800);
    ui::App app;
    app.use_test_clock();
    // What the zoom enlarges, per view, and the words of the other views that must not be there.
    struct Case {
        const char* state;
        const char* says[3];     // en, de, fr
        const char* not_says[3];
    };
    const Case cases[] = {
        {"lesson=dropped&view=walk", {"grids", "Gitter", "grilles"}, {"pictures", "Bilder", "images"}},
        {"view=image&image_size=32", {"pictures", "Bilder", "images"}, {"grids", "Gitter", "grilles"}},
        {"view=stack&preset=resnet18", {"network view", "Netzansicht", "vue réseau"}, {"grids", "Gitter", "grilles"}},
    };
    for (const Case& c : cases) {
        for (const teach::Lang lang : {teach::Lang::en, teach::Lang::de, teach::Lang::fr}) {
            const std::string query = std::string(c.state) + "&lang=" + teach::to_string(lang);
            CAPTURE(query);
            teach::Decoded d = teach::decode_query(query);
            app.set_config(d.config, d.notices);
            for (int k = 0; k < 3; ++k) s.frame(app);
            // The Zoom label is just left of the row's "-" button (zoom_layout_test finds it the same way).
            ImVec2 minus;
            ImGuiWindow* panel = Screen::child_window("controls");
            REQUIRE(panel != nullptr);
            const ImGuiStyle& style = ImGui::GetStyle();
            const float label_w = ImGui::CalcTextSize(teach::tr(lang, "Zoom")).x;
            const float minus_x = panel->Pos.x + style.WindowPadding.x + label_w + style.ItemSpacing.x + 4;
            REQUIRE(s.find_button(app, "controls", "-##zoom out", minus, -1, minus_x));
            // find_button gives the button's top edge: the label's middle is half a row lower.
            ImGui::GetIO().MousePos = ImVec2(panel->Pos.x + style.WindowPadding.x + label_w / 2, minus.y + ImGui::GetFrameHeight() / 2);
            s.frame(app);
            const std::vector<std::string> lines = s.drawn(app);
            ImGui::GetIO().MousePos = ImVec2(-100, -100);
            if (s.log_bytes == 0) {
                MESSAGE("ImGui's widget log is a no-op in this build (IMGUI_DISABLE_FILE_FUNCTIONS): tooltips are checked natively");
                return;
            }
            REQUIRE(tooltip_open());
            const std::string tip = teach::tr(lang, teach::zoom_tooltip(d.config.view));
            // ImGui's log puts text drawn at the same height on one line: the tooltip may follow "Zoom".
            CHECK(std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(tip) != std::string::npos; }));
            const size_t l = static_cast<size_t>(lang);
            CHECK(tip.find(c.says[l]) != std::string::npos);
            CHECK(tip.find(c.not_says[l]) == std::string::npos);
        }
    }
}

TEST_CASE("drawn text: the playing speed is written in the language's number format") {
    Screen s(1280, 800);
    ui::App app;
    app.use_test_clock();
    app.set_speed(1.5f);
    const std::pair<teach::Lang, const char*> cases[] = {
        {teach::Lang::en, "1.5 steps/s"}, {teach::Lang::de, "1,5 Schritte/s"}, {teach::Lang::fr, "1,5 étapes/s"}};
    for (const auto& c : cases) {
        CAPTURE(c.second);
        teach::Decoded d = teach::decode_query(std::string("lesson=dropped&view=walk&lang=") + teach::to_string(c.first));
        app.set_config(d.config, d.notices);
        for (int k = 0; k < 3; ++k) s.frame(app);
        const std::vector<std::string> lines = s.drawn(app);
        if (s.log_bytes == 0) {
            MESSAGE("ImGui's widget log is a no-op in this build (IMGUI_DISABLE_FILE_FUNCTIONS): checked natively");
            return;
        }
        CHECK(std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(c.second) != std::string::npos; }));
        CHECK(app.speed() == 1.5f);
    }
}
