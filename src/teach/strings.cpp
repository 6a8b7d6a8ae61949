// strings.cpp -- languages, lookup, plurals and numbers (see strings.hpp). The table itself is in
// strings_table.cpp. Standard C++ only.
#include "teach/strings.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "base/number_text.hpp"

namespace strideconv::teach {

namespace {

struct Index {
    std::unordered_map<std::string_view, const StringRow*> by_english;
    Index() {
        for (const StringRow& row : string_table()) by_english.emplace(row.text[0], &row);
    }
};

const Index& index() {
    static const Index i;
    return i;
}

std::set<std::string>& missing() {
    static std::set<std::string> m;
    return m;
}

// `pattern` with {0}, {1}, ... replaced by `args` (any range of strings or string views).
template <class Args>
std::string fill(std::string_view pattern, const Args& args) {
    std::string out;
    out.reserve(pattern.size() + 16);
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' && pattern[i + 1] >= '0' &&
            pattern[i + 1] <= '9') {
            const size_t k = static_cast<size_t>(pattern[i + 1] - '0');
            if (k < args.size()) {
                out += *(args.begin() + static_cast<std::ptrdiff_t>(k));
                i += 2;
                continue;
            }
        }
        out += pattern[i];
    }
    return out;
}

// The `form`-th of the '|'-separated forms (the last one if there are fewer).
std::string_view form_of(std::string_view forms, int form) {
    size_t start = 0;
    for (int k = 0; k < form; ++k) {
        const size_t bar = forms.find('|', start);
        if (bar == std::string_view::npos) break;
        start = bar + 1;
    }
    const size_t end = forms.find('|', start);
    return forms.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

}  // namespace

// [SECTION] Languages ----------------------------------------------------------------------------

const std::vector<Language>& languages() {
    static const std::vector<Language> list = {
        {Lang::en, "en", "English"}, {Lang::de, "de", "Deutsch"}, {Lang::fr, "fr", "Fran\xC3\xA7" "ais"}};
    return list;
}

const char* to_string(Lang lang) { return languages()[static_cast<size_t>(lang)].code; }

std::optional<Lang> lang_from_code(std::string_view tag) {
    const size_t end = tag.find_first_of("-_");
    const std::string_view primary = tag.substr(0, end);
    if (primary.size() != 2) return std::nullopt;
    std::string lower;
    for (const char ch : primary) lower += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    for (const Language& l : languages())
        if (lower == l.code) return l.lang;
    return std::nullopt;
}

std::string language_codes() {
    std::string s;
    for (const Language& l : languages()) s += (s.empty() ? "" : ", ") + std::string(l.code);
    return s;
}

// [SECTION] Lookup -------------------------------------------------------------------------------

const char* tr(Lang lang, const char* english) {
    if (lang == Lang::en) return english;
    const auto& map = index().by_english;
    const auto it = map.find(english);
    const char* text = it == map.end() ? nullptr : it->second->text[static_cast<size_t>(lang)];
    if (text && *text) return text;
    missing().insert(std::string(to_string(lang)) + ": " + english);
    return english;
}

std::string_view text_for(Lang lang, std::string_view english) {
    const auto& map = index().by_english;
    const auto it = map.find(english);
    const char* text = it == map.end() ? nullptr : it->second->text[static_cast<size_t>(lang)];
    return text && *text ? std::string_view(text) : english;
}

std::string trf(Lang lang, const char* english, std::initializer_list<std::string_view> args) {
    return fill(tr(lang, english), args);
}

std::string trp(Lang lang, const char* english_forms, int64_t n, std::initializer_list<std::string_view> args) {
    const std::string count = number_text(lang, n);
    std::vector<std::string_view> all{count};
    all.insert(all.end(), args.begin(), args.end());
    const std::string_view form = form_of(tr(lang, english_forms), plural_form(lang, n));
    return fill(form, all);
}

std::string say(Lang lang, const Message& message) {
    switch (message.kind) {
        case Message::Kind::literal: return message.text;
        case Message::Kind::number: return localize_number(lang, message.text);
        case Message::Kind::sentence: break;
    }
    if (lang == Lang::en) return message.english();
    std::vector<std::string> args;
    for (const Message& a : message.args) args.push_back(say(lang, a));
    return fill(tr(lang, message.text.c_str()), args);
}

int plural_form(Lang lang, int64_t n) {
    switch (lang) {
        case Lang::fr: return n == 0 || n == 1 ? 0 : 1;  // CLDR: i = 0,1
        case Lang::en:
        case Lang::de: break;
    }
    return n == 1 ? 0 : 1;
}

std::vector<std::string> untranslated() { return {missing().begin(), missing().end()}; }
void clear_untranslated() { missing().clear(); }

// [SECTION] Numbers ------------------------------------------------------------------------------

namespace {

// Groups the digits of a run of digits by three with `separator`, if it has at least `min_digits`.
std::string group(std::string_view digits, std::string_view separator, size_t min_digits) {
    if (digits.size() < min_digits) return std::string(digits);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
        out += digits[i];
    }
    return out;
}

const char* thousands(Lang lang) {
    switch (lang) {
        case Lang::de: return ".";
        case Lang::fr: return "\xE2\x80\xAF";  // U+202F narrow no-break space
        case Lang::en: break;
    }
    return ",";
}

}  // namespace

std::string localize_number(Lang lang, std::string_view c_text) {
    if (lang == Lang::en) return std::string(c_text);
    // [sign] digits [. digits] [e...]: group the integer part, comma for the point.
    std::string out;
    size_t i = 0;
    if (i < c_text.size() && (c_text[i] == '-' || c_text[i] == '+')) out += c_text[i++];
    size_t digits_end = i;
    while (digits_end < c_text.size() && c_text[digits_end] >= '0' && c_text[digits_end] <= '9') ++digits_end;
    out += group(c_text.substr(i, digits_end - i), thousands(lang), 5);
    for (size_t k = digits_end; k < c_text.size(); ++k) out += c_text[k] == '.' ? ',' : c_text[k];
    return out;
}

std::string number_text(Lang lang, int64_t n) { return localize_number(lang, std::to_string(n)); }

std::string number(Lang lang, double v, int significant_digits) {
    return localize_number(lang, base::format_display(v, significant_digits));
}

std::string grouped(Lang lang, int64_t n) {
    if (lang != Lang::en) return number_text(lang, n);
    const std::string text = std::to_string(n);
    const bool negative = n < 0;
    return (negative ? "-" : "") + group(std::string_view(text).substr(negative ? 1 : 0), thousands(lang), 4);
}

int clamp_noted(int v, int lo, int hi, const char* what, std::vector<std::string>* notices, Lang lang) {
    const int c = std::clamp(v, lo, hi);
    if (c != v && notices)
        notices->push_back(trf(lang, "{0} {1} is out of range {2}..{3}; using {4}.",
                               {tr(lang, what), number_text(lang, v), number_text(lang, lo), number_text(lang, hi),
                                number_text(lang, c)}));
    return c;
}

}  // namespace strideconv::teach
