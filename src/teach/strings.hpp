// strings.hpp -- the lab's languages: every UI string and teaching sentence in one table
// (strings_table.cpp), looked up by its English text, with English as the fallback; plural forms
// and number formats per language.
//
// Standard C++17 only. English is the key, so English output is the code's own text, byte for
// byte; a sentence the table lacks (or a language's missing column) shows in English and is
// recorded (untranslated()), which the tests read after drawing every view in every language.
//
// Usage:
//   tr(Lang::de, "Copy link")                                   // "Link kopieren"
//   trf(Lang::fr, "stride {0}", {"2"})                         // "pas 2"
//   trp(Lang::fr, "{0} step|{0} steps", 0)                      // "0 étape": French 0 is singular
//   number(Lang::de, 2.25f)                                     // "2,25"
//   grouped(Lang::fr, 12544)                                    // "12 544" (U+202F between groups)
//   lang_from_code("de-AT")                                     // Lang::de
//   say(Lang::de, result.why)                                   // a core refusal, in German
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.hpp"  // Message

namespace strideconv::teach {

// [SECTION] Languages ----------------------------------------------------------------------------

enum class Lang { en, de, fr };
constexpr int kLangCount = 3;

struct Language {
    Lang lang;
    const char* code;  // BCP 47 primary subtag, as links write it: "en", "de", "fr"
    const char* name;  // the language's name in itself: "English", "Deutsch", "Français"
};
// Every language, English first (getState().lang, strideconv.languages, the side panel's list).
const std::vector<Language>& languages();
const char* to_string(Lang lang);
// A language tag ("de", "DE", "de-AT", "fr_CA") to one of the lab's languages: the primary subtag
// decides. nullopt for anything else (empty, "pt", "english").
std::optional<Lang> lang_from_code(std::string_view tag);
// "en, de, fr": for notices.
std::string language_codes();

// [SECTION] Lookup -------------------------------------------------------------------------------

// The table's sentence for `english` in `lang`; `english` itself for Lang::en, and when the table
// has no row for it or the row no text in `lang` (then it is recorded in untranslated()).
const char* tr(Lang lang, const char* english);
// As tr(), for keys that come from outside the app (the page's screen-reader mirror asks through
// strideconv.text): a text the table lacks comes back as it is and is not recorded, so a host
// cannot grow untranslated() without bound.
std::string_view text_for(Lang lang, std::string_view english);
// tr(), then {0}, {1}, ... replaced by `args` in order (a language may reorder them).
std::string trf(Lang lang, const char* english, std::initializer_list<std::string_view> args);
// A sentence whose words follow a count: `english_forms` holds English's forms "one|other"; the
// language's row holds as many forms as its plural rule has (plural_forms). {0} is the count,
// written by number_text(lang, n); {1}, ... are `args`.
std::string trp(Lang lang, const char* english_forms, int64_t n, std::initializer_list<std::string_view> args = {});

// A message of the core or the image library (core.hpp's Message) in `lang`: its key through tr(),
// its parameters said the same way (numbers as the language writes them, literals as they are).
// English gives message.english(), byte for byte.
std::string say(Lang lang, const Message& message);

// The plural rule (CLDR's cardinal rules for whole numbers): English and German "one" for 1 only,
// French "one" for 0 and 1. Returns the form's index: 0 (one) or 1 (other).
int plural_form(Lang lang, int64_t n);
constexpr int plural_forms(Lang) { return 2; }

// The English keys and languages lookups found no text for since the start (or the last clear),
// once each, as "de: Copy link".
std::vector<std::string> untranslated();
void clear_untranslated();

// Every row of the table, for tests: the English key and the text per language (nullptr: missing).
struct StringRow {
    const char* text[kLangCount];
};
const std::vector<StringRow>& string_table();

// [SECTION] Numbers ------------------------------------------------------------------------------

// Numbers in prose, as the language writes them. English as the lab always has (no grouping, a
// decimal point); German and French a decimal comma, and for five digits and more a thousands
// separator ('.' in German, U+202F narrow no-break space in French; four-digit numbers stay
// ungrouped as Duden and the Imprimerie nationale allow, so years and sizes read alike).
// Code-like text (F.conv2d(...), formula lines that read as PyTorch, links) keeps the C locale:
// call base:: directly there.
std::string number_text(Lang lang, int64_t n);
// base::format_display(v, digits) with the language's decimal mark and grouping.
std::string number(Lang lang, double v, int significant_digits = 3);
// A number already written in the C locale ("2.25", "-1e+10", "12544") in the language's way.
std::string localize_number(Lang lang, std::string_view c_text);
// Large counts such as MACs: English groups every number by thousands with ',' ("1,234"); German
// and French as number_text.
std::string grouped(Lang lang, int64_t n);

// [SECTION] Notices ------------------------------------------------------------------------------

// `v` clamped into lo..hi; when that changes it, the notice "{what} {v} is out of range
// {lo}..{hi}; using {clamped}." in `lang` goes to `notices` (`what`: the field's English name, a
// key of the table, e.g. "input height").
int clamp_noted(int v, int lo, int hi, const char* what, std::vector<std::string>* notices, Lang lang);

}  // namespace strideconv::teach
