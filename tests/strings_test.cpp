// strings_test.cpp -- teach/strings.hpp: the table is complete in every language, lookups fall back
// to English, plural rules and number formats per language, and lang= in links.
#include <doctest/doctest.h>

#include <algorithm>
#include <utility>
#include <set>
#include <string>
#include <vector>

#include "image/image.hpp"
#include "teach/describe.hpp"
#include "teach/stack_spec.hpp"
#include "teach/explain.hpp"
#include "teach/lesson.hpp"
#include "teach/player.hpp"
#include "teach/quiz.hpp"
#include "teach/state.hpp"
#include "teach/transposed.hpp"
#include "teach/strings.hpp"
#include "teach/url.hpp"

using namespace strideconv;
using teach::Lang;

namespace {

// The {N} placeholders and printf conversions of a text: a translation must have the same (each may
// appear more or fewer times: a language may name a number once where English repeats it, or leave
// it out of a singular form).
std::set<std::string> slots(const std::string& text) {
    std::set<std::string> out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' && text[i + 1] >= '0' && text[i + 1] <= '9')
            out.insert(text.substr(i, 3));
        if (text[i] == '%') {
            size_t j = i + 1;
            while (j < text.size() && std::string(".0123456789").find(text[j]) != std::string::npos) ++j;
            out.insert(text.substr(i, j + 1 - i));
            i = j;
        }
    }
    return out;
}

size_t forms(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '|')) + 1; }

const char* kUtf8NarrowNbsp = "\xE2\x80\xAF";

}  // namespace

TEST_CASE("every row of the string table has every language, with the English text's placeholders and forms") {
    REQUIRE(teach::languages().size() == static_cast<size_t>(teach::kLangCount));
    std::set<std::string> keys;
    for (const teach::StringRow& row : teach::string_table()) {
        REQUIRE(row.text[0] != nullptr);
        const std::string english = row.text[0];
        CAPTURE(english);
        CHECK(keys.insert(english).second);  // one row per English text
        for (const teach::Language& l : teach::languages()) {
            CAPTURE(l.code);
            const char* text = row.text[static_cast<size_t>(l.lang)];
            REQUIRE(text != nullptr);  // a missing translation
            CHECK(*text != '\0');
            CHECK(slots(text) == slots(english));
            // A text with forms has the language's number of them; one without has one.
            CHECK(forms(text) == (forms(english) > 1 ? static_cast<size_t>(teach::plural_forms(l.lang)) : 1u));
            // ImGui ids: a "##" would hide the rest of a label.
            CHECK(std::string(text).find("##") == std::string::npos);
        }
    }
    CHECK(keys.size() > 150);
}

TEST_CASE("lookups: English is the key; a text the table lacks shows in English and is recorded") {
    teach::clear_untranslated();
    CHECK(std::string(teach::tr(Lang::en, "Copy link")) == "Copy link");
    CHECK(std::string(teach::tr(Lang::de, "Copy link")) == "Link kopieren");
    CHECK(std::string(teach::tr(Lang::fr, "Copy link")) == "Copier le lien");
    CHECK(teach::untranslated().empty());
    CHECK(std::string(teach::tr(Lang::de, "no such sentence")) == "no such sentence");
    CHECK(std::string(teach::tr(Lang::en, "no such English sentence")) == "no such English sentence");
    CHECK(teach::untranslated() == std::vector<std::string>{"de: no such sentence"});
    teach::clear_untranslated();
    CHECK(teach::trf(Lang::de, "step {0} of {1}", {"3", "9"}) == "Schritt 3 von 9");
    CHECK(teach::trf(Lang::fr, "Refused: {0}", {"x"}) == "Refus\xC3\xA9\xC2\xA0: x");  // no-break space before ':'
    CHECK(teach::trf(Lang::en, "{1} before {0}", {"a", "b"}) == "b before a");
}

TEST_CASE("text_for (strideconv.text, for the page's mirror): the table's text, or the key itself, never recorded") {
    teach::clear_untranslated();
    CHECK(teach::text_for(Lang::de, "Stride height") == "Schrittweite (H\xC3\xB6he)");
    CHECK(teach::text_for(Lang::fr, "Output, {0} by {1}") == "Sortie, {0} sur {1}");
    CHECK(teach::text_for(Lang::en, "Stride height") == "Stride height");
    // A host's made-up text comes back as it is, and does not grow the list of misses.
    CHECK(teach::text_for(Lang::de, "no such label") == "no such label");
    CHECK(teach::text_for(Lang::fr, "") == "");
    CHECK(teach::untranslated().empty());
}

TEST_CASE("plural rules: English and German one for 1 only, French one for 0 and 1") {
    CHECK(teach::plural_form(Lang::en, 1) == 0);
    CHECK(teach::plural_form(Lang::en, 0) == 1);
    CHECK(teach::plural_form(Lang::en, 2) == 1);
    CHECK(teach::plural_form(Lang::de, 1) == 0);
    CHECK(teach::plural_form(Lang::de, 0) == 1);
    CHECK(teach::plural_form(Lang::fr, 0) == 0);
    CHECK(teach::plural_form(Lang::fr, 1) == 0);
    CHECK(teach::plural_form(Lang::fr, 2) == 1);
    CHECK(teach::plural_form(Lang::fr, 1000000) == 1);
}

TEST_CASE("numbers: English unchanged, German and French with a decimal comma and grouping from five digits") {
    CHECK(teach::number(Lang::en, 2.25) == "2.25");
    CHECK(teach::number(Lang::de, 2.25) == "2,25");
    CHECK(teach::number(Lang::fr, -0.5) == "-0,5");
    CHECK(teach::number(Lang::de, 1.0 / 3) == "0,333");
    CHECK(teach::number(Lang::de, 14) == "14");
    CHECK(teach::number(Lang::fr, 1.5e10) == "1,5e+10");
    CHECK(teach::number_text(Lang::en, 12544) == "12544");
    CHECK(teach::number_text(Lang::de, 1234) == "1234");
    CHECK(teach::number_text(Lang::de, 12544) == "12.544");
    CHECK(teach::number_text(Lang::de, -1234567) == "-1.234.567");
    CHECK(teach::number_text(Lang::fr, 12544) == std::string("12") + kUtf8NarrowNbsp + "544");
    CHECK(teach::grouped(Lang::en, 1234) == "1,234");
    CHECK(teach::grouped(Lang::en, -1234567) == "-1,234,567");
    CHECK(teach::grouped(Lang::en, 999) == "999");
    CHECK(teach::grouped(Lang::de, 1234) == "1234");
    CHECK(teach::grouped(Lang::de, 123456) == "123.456");
    CHECK(teach::localize_number(Lang::de, "12544.5") == "12.544,5");
}

TEST_CASE("languages by code: a region tag reads as its language; anything else is none") {
    CHECK(teach::lang_from_code("de") == Lang::de);
    CHECK(teach::lang_from_code("DE") == Lang::de);
    CHECK(teach::lang_from_code("de-AT") == Lang::de);
    CHECK(teach::lang_from_code("fr_CA") == Lang::fr);
    CHECK(teach::lang_from_code("en-US") == Lang::en);
    CHECK(!teach::lang_from_code(""));
    CHECK(!teach::lang_from_code("pt-BR"));
    CHECK(!teach::lang_from_code("english"));
    CHECK(!teach::lang_from_code("d"));
    CHECK(teach::language_codes() == "en, de, fr");
    for (const teach::Language& l : teach::languages()) CHECK(teach::lang_from_code(l.code) == l.lang);
}

TEST_CASE("lang= in links: read, written, kept by a lesson; an unknown code is English with a notice") {
    auto d = teach::decode_query("?lang=de&stride=2");
    CHECK(d.config.lang == Lang::de);
    CHECK(d.lang_given);
    CHECK(d.notices.empty());
    CHECK(teach::encode_query(d.config) == "stride=2&lang=de");
    CHECK(teach::decode_query(teach::encode_query(d.config)).config == d.config);

    d = teach::decode_query("?stride=2");
    CHECK(d.config.lang == Lang::en);
    CHECK(!d.lang_given);
    CHECK(teach::encode_query(d.config) == "stride=2");

    d = teach::decode_query("?lang=FR-ca");
    CHECK(d.config.lang == Lang::fr);
    CHECK(d.notices.empty());

    teach::Config german;
    german.lang = Lang::de;
    d = teach::apply_query(german, "lang=xx");
    CHECK(d.config.lang == Lang::en);
    REQUIRE(d.notices.size() == 1);
    CHECK(d.notices[0] == "Ignored lang='xx': the lab speaks en, de, fr; showing English.");

    // A host's setState({lesson}) keeps the language; a link's lesson= with lang= has both.
    d = teach::apply_query(german, "lesson=dropped");
    CHECK(d.config.lang == Lang::de);
    CHECK(d.config.lesson == "dropped");
    d = teach::decode_query("?lesson=dropped&lang=fr");
    CHECK(d.config.lang == Lang::fr);
    CHECK(teach::encode_query(d.config) == "lesson=dropped&lang=fr");
}

TEST_CASE("link notices speak the link's language (its lang=, wherever it stands), else the lab's") {
    teach::Decoded d = teach::decode_query("?stride=abc&foo=1&lang=de");
    REQUIRE(d.notices.size() == 2);
    CHECK(d.notices[0] == "Unbekannter Parameter 'foo' ignoriert.");
    CHECK(d.notices[1] == "stride='abc' ignoriert: erwartet wird eine ganze Zahl N oder ein Paar HxB wie 5 oder 6x4.");
    d = teach::decode_query("?lang=fr&x=1,2,nan,inf");
    REQUIRE(d.notices.size() >= 1);
    CHECK(d.notices[0] == "x\xC2\xA0: 2 valeurs ne sont pas des nombres finis (d'abord 'nan')\xE2\x80\xAF; 0 est utilis\xC3\xA9 "
                          "\xC3\xA0 la place.");
    // A host's setState in a German lab: German notices; an unknown lang=: English, as the lab then is.
    teach::Config german;
    german.lang = Lang::de;
    d = teach::apply_query(german, "view=sideways&view=walk");
    REQUIRE(d.notices.size() == 1);
    CHECK(d.notices[0] == "view ist 2-mal angegeben; verwendet wird der letzte Wert ('walk').");
    d = teach::apply_query(german, "lang=xx&kernel=");
    REQUIRE(d.notices.size() == 2);
    CHECK(d.notices[0] == "Ignored kernel: it has no value.");
    // Every notice the corpus of bad links gives has its German and French text.
    teach::clear_untranslated();
    for (const char* link : {"lesson=nope", "op=conv3d", "padding=a", "padding_mode=x", "bias=x", "bias=1e99",
                             "ceil_mode=2", "index_base=2", "compare_with=x", "quiz=x", "predict=x", "values=x",
                             "values=ones:3", "seed=x", "seed=99999999999", "kernel_preset=x", "step=x",
                             "step=99999999999", "view=x", "transposed_view=x", "preset=x", "swap=x", "channels=x",
                             "cell=x", "image=x", "image=photo:x", "image=file", "color=x", "routes=x", "blur=x",
                             "in_channels=x", "out_channels=x", "groups=x", "channel=x", "theme=x", "palette=x",
                             "v=x", "v=99", "=1", "input=99999999999", "x=1&values=seq", "w=1&kernel_preset=box"})
        for (const char* lang : {"de", "fr"}) {
            CAPTURE(link);
            d = teach::decode_query(std::string(link) + "&lang=" + lang);
            CHECK(!d.notices.empty());
        }
    const std::vector<std::string> missing = teach::untranslated();
    for (const std::string& m : missing) MESSAGE(m);
    CHECK(missing.empty());
}

TEST_CASE("getState has lang; the catalog lists the languages by code and name") {
    teach::Lesson l;
    teach::Config c;
    c.lang = Lang::fr;
    l.set_config(c);
    const std::string state = teach::state_json(l, false, 1.0f, {});
    CHECK(state.find("\"lang\":\"fr\"") != std::string::npos);
    const std::string catalog = teach::catalog_json();
    CHECK(catalog.find("\"code\":\"de\"") != std::string::npos);
    CHECK(catalog.find("\"name\":\"Deutsch\"") != std::string::npos);
}

TEST_CASE("a lesson's sentences and the grid titles speak the chosen language") {
    for (const teach::Language& lang : teach::languages()) {
        CAPTURE(lang.code);
        teach::clear_untranslated();
        for (const teach::LessonInfo& info : teach::lessons()) {
            teach::tr(lang.lang, info.title);
            teach::tr(lang.lang, info.point);
        }
        CHECK(teach::untranslated().empty());
    }
    teach::Config c;
    c.lang = Lang::de;
    CHECK(teach::index_convention(c) == "Zeilen und Spalten werden ab 0 gez\xC3\xA4hlt");
}

TEST_CASE("teaching sentences: German and French words, plural forms and a decimal comma in prose; formulas as PyTorch") {
    teach::Config c = *teach::lesson_config("dropped");
    c.step = 2;
    c.lang = Lang::de;
    teach::Lesson l;
    l.set_config(c);
    std::string all;
    for (const teach::Line& line : teach::explanation(l, c.step)) all += line.text + "\n";
    CAPTURE(all);
    CHECK(all.find("Schritt 3 von 4: Ausgabe (1, 0) aus dem Fenster bei Eingabe (2, 0)") != std::string::npos);
    CHECK(all.find("Vom Abrunden verworfen: die letzte Zeile, die letzte Spalte. Nie besucht: 11 von 36 Eingabezellen.") !=
          std::string::npos);
    CHECK(all.find("floor((6 + 0 + 0 - 1\xC2\xB7(3 - 1) - 1) / 2) + 1 = floor(3 / 2) + 1 = 2; Rest 1: 1 Eingabezeile") !=
          std::string::npos);
    CHECK(all.find("4,00-mal weniger") != std::string::npos);  // prose: decimal comma
    CHECK(all.find("= 0,111.") != std::string::npos);

    c.lang = Lang::fr;
    l.set_config(c);
    all.clear();
    for (const teach::Line& line : teach::explanation(l, c.step)) all += line.text + "\n";
    CAPTURE(all);
    CHECK(all.find("\xC3\x89tape 3 sur 4\xC2\xA0: sortie (1, 0)") != std::string::npos);
    CHECK(all.find("la derni\xC3\xA8re ligne, la derni\xC3\xA8re colonne") != std::string::npos);
    CHECK(all.find("4,00 fois moins") != std::string::npos);
}

TEST_CASE("quiz and prediction: German questions; an answer with a decimal comma counts in German, not in English") {
    teach::Config c;
    c.input = {3, 3};
    c.kernel = {1, 1};
    c.fill = teach::Fill::custom;
    c.x = {0.5f, 1, 2, 3, 4, 5, 6, 7, 8};
    c.kernel_preset = "custom";
    c.w = {3};
    c.lang = Lang::de;
    const teach::Question q = teach::make_question(teach::QuestionKind::output_value, c, 0);
    CHECK(q.prompt == "Welchen Wert schreibt die Schicht in Ausgabezeile 0, Spalte 0 (gez\xC3\xA4hlt ab 0)?");
    const teach::Verdict v = teach::check_answer(q, "1,5");
    CHECK(v.understood);
    CHECK(v.correct);
    CHECK(v.feedback == "Richtig: 1,5.");
    c.lang = Lang::en;
    const teach::Verdict english = teach::check_answer(teach::make_question(teach::QuestionKind::output_value, c, 0), "1,5");
    CHECK_FALSE(english.understood);

    // A session asked in English speaks German from the next frame on, the same question.
    teach::QuizSession session;
    session.next();
    const std::string english_prompt = session.question.prompt;
    session.speak(Lang::de);
    CHECK(session.question.prompt != english_prompt);
    CHECK(session.question.answer == teach::make_question(session.seed, session.index).answer);
}

TEST_CASE("quiz topics in German and French: the transposed conv and channels, plural forms, the same question re-spoken") {
    teach::Config c = teach::decode_query("op=conv_transpose2d&input=4x4&kernel=3&stride=2&padding=1&output_padding=1&lang=de").config;
    const teach::Question size = teach::make_question(teach::QuestionKind::transposed_size, c);
    CHECK(size.prompt == "conv_transpose2d: Wie gro\xC3\x9F ist die Ausgabe (H\xC3\xB6he x Breite)?");
    CAPTURE(size.explanation);
    CHECK(size.explanation.find("H\xC3\xB6he: (4 - 1)\xC2\xB7" "2 - 2\xC2\xB7" "1 + 1\xC2\xB7(3 - 1) + 1 + 1 = 8") != std::string::npos);
    CHECK(size.explanation.find("Jede Eingabezelle stempelt den Kernel S Zellen weiter") != std::string::npos);
    CHECK(teach::check_answer(size, "8 x 8").feedback == "Richtig: 8x8.");
    CHECK(teach::quiz_config_line(size.config) ==
          "conv_transpose2d: Eingabe 4x4, Kernel 3x3, Schrittweite 2x2, Padding 1x1 (auf jeder Seite abgeschnitten), "
          "output_padding 1x1, Dilatation 1x1.");
    c.lang = Lang::fr;
    const teach::Question overlap = teach::make_question(teach::QuestionKind::transposed_overlap, c, 9);  // (1, 1)
    CHECK(overlap.prompt ==
          "conv_transpose2d\xC2\xA0: combien de paires (case d'entr\xC3\xA9" "e, case du noyau) s'additionnent en sortie, "
          "ligne 1, colonne 1 (num\xC3\xA9rot\xC3\xA9" "es \xC3\xA0 partir de 0)\xE2\x80\xAF?");
    CAPTURE(overlap.explanation);
    CHECK(overlap.explanation.find("Sur la ligne 1\xC2\xA0: ligne d'entr\xC3\xA9" "e 0 avec la case 2 du noyau, ligne d'entr\xC3\xA9"
                                   "e 1 avec la case 0 du noyau (2).") != std::string::npos);
    CHECK(overlap.explanation.find("Paires\xC2\xA0: 2 x 2 = 4.") != std::string::npos);
    CHECK(overlap.explanation.find("de 1 \xC3\xA0 4\xC2\xA0: irr\xC3\xA9guliers, le damier") != std::string::npos);
    CHECK(teach::check_answer(overlap, "3").feedback == "Pas tout \xC3\xA0 fait\xC2\xA0: la r\xC3\xA9ponse est 4.");

    // Channels: "group" and "channel" follow their count (German "Gruppe"/"Gruppen", French 1 is
    // singular); the parameter names of PyTorch stay as they are.
    teach::Config grouped = teach::decode_query("input=5x5&kernel=3&in_channels=4&out_channels=8&groups=4&lang=de").config;
    const teach::Question reads = teach::make_question(teach::QuestionKind::filter_inputs, grouped);
    CHECK(reads.prompt == "in_channels 4, out_channels 8, groups 4: Wie viele Eingabekan\xC3\xA4le liest jeder Filter?");
    CHECK(reads.explanation.find("teilt die 4 Eingabekan\xC3\xA4le in 4 Gruppen zu je 4 / 4 = 1 und die 8 Filter in 4 Gruppen zu je 2") !=
          std::string::npos);
    CHECK(teach::quiz_config_line(grouped) ==
          "Eingabe 5x5, Kernel 3x3, Schrittweite 1x1, Padding oben 0 unten 0 links 0 rechts 0, Dilatation 1x1, "
          "in_channels 4, out_channels 8, groups 4.");
    const teach::Question params = teach::make_question(teach::QuestionKind::params, grouped);
    CHECK(params.explanation.find("Gewichte: C_out x C_in/groups x KH x KW = 8 x 1 x 3 x 3 = 72; Bias-Werte: 8. Insgesamt 72 + 8 = 80.") !=
          std::string::npos);
    grouped.lang = Lang::fr;
    CHECK(teach::make_question(teach::QuestionKind::channel_macs, grouped).explanation.find("lisant 1 canal d'une fen\xC3\xAAtre 3x3") !=
          std::string::npos);
    teach::Config standard = teach::decode_query("input=5x5&kernel=3&in_channels=4&out_channels=8&lang=fr").config;
    const teach::Question one_group = teach::make_question(teach::QuestionKind::filter_inputs, standard);
    CHECK(one_group.explanation.find("r\xC3\xA9partit les 4 canaux d'entr\xC3\xA9" "e en 1 groupe de 4 / 1 = 4") != std::string::npos);
    CHECK(one_group.explanation.find("(standard\xC2\xA0: groups 1") != std::string::npos);
    CHECK(teach::make_question(teach::QuestionKind::channel_macs, standard).explanation.find("lisant 4 canaux d'une fen\xC3\xAAtre") !=
          std::string::npos);
    standard.lang = Lang::de;
    CHECK(teach::make_question(teach::QuestionKind::filter_inputs, standard).explanation.find("in 1 Gruppe zu 4 / 1 = 4") !=
          std::string::npos);

    // A transposed quiz asked in English and answered, then spoken in French: the same question
    // about the same cell, its verdict, layer line and heading in French.
    teach::QuizSession session;
    session.topic = teach::QuizTopic::transposed;
    session.next();
    REQUIRE(session.question.kind == teach::QuestionKind::transposed_overlap);
    const teach::Question english = session.question;
    session.answer("0");
    session.speak(Lang::fr);
    CHECK(session.question.kind == english.kind);
    CHECK(session.question.cell.row == english.cell.row);
    CHECK(session.question.cell.col == english.cell.col);
    CHECK(session.question.answer == english.answer);
    CHECK(session.question.prompt.rfind("conv_transpose2d\xC2\xA0: combien de paires", 0) == 0);
    CHECK(session.verdict.feedback == "Pas tout \xC3\xA0 fait\xC2\xA0: la r\xC3\xA9ponse est " + english.answer + ".");
    CHECK(session.lesson.config().lang == Lang::fr);
    const std::string quiz = teach::quiz_json(session);
    CHECK(quiz.find("\"heading\":\"Question 1   (score\xC2\xA0: 0 sur 1)\"") != std::string::npos);
    CHECK(quiz.find("\"layer\":\"conv_transpose2d\xC2\xA0: entr\xC3\xA9" "e ") != std::string::npos);
    CHECK(quiz.find("\"lang\":\"fr\"") != std::string::npos);
}

TEST_CASE("screen-reader sentences in German: plural forms follow the count") {
    teach::Player p;
    teach::Config c = *teach::lesson_config("seed-stride2");
    c.lang = Lang::de;
    p.set_config(c);
    CHECK(teach::describe_layer(p.lesson()) ==
          "conv2d: Eingabe 5x5, Kernel 3x3, Schrittweite 2x2, Padding 0, 0, 0, 0: Ausgabe 2x2 in 4 Schritten. "
          "Nie besucht: 0 von 25 Eingabezellen.");
    const std::string corner = teach::describe_cell(p, teach::Grid::input, 0, 0);
    CHECK(corner.find(": von 1 Fenster gelesen (Schritt 1)") != std::string::npos);
    const std::string middle = teach::describe_cell(p, teach::Grid::input, 2, 2);
    CHECK(middle.find(": von 4 Fenstern gelesen (Schritte 1, 2, 3 und 4)") != std::string::npos);
}

TEST_CASE("normalize's notices (the layer, channels, image mode, the network) speak the link's language") {
    teach::clear_untranslated();
    const char* links[] = {"input=999x0", "kernel=99", "stride=0", "compare_stride=99", "dilation=0", "padding=1,2,999,3",
                           "op=conv_transpose2d&stride=2&output_padding=5", "op=conv_transpose2d&output_padding=-1",
                           "output_padding=1", "op=conv_transpose2d&view=compare", "op=conv_transpose2d&predict=value",
                           "fill=custom&x=1,2", "kernel_preset=custom&w=1,2", "x=1,nan", "in_channels=999",
                           "in_channels=4&out_channels=6&groups=4", "out_channels=2&channel=5",
                           "in_channels=4&out_channels=4&groups=4&channel=1&in_channel=3", "op=conv_transpose2d&in_channels=2",
                           "image_size=9999", "blur=99", "shift=99,0", "view=stack&stack_input=0x5000&channels=0",
                           "view=stack&stack=conv:k=3;maxpool:s=x", "view=stack&preset=vgg16&swap=2&cell=99,0,0"};
    for (const char* link : links) {
        CAPTURE(link);
        const teach::Decoded en = teach::decode_query(link);
        const teach::Decoded de = teach::decode_query(std::string(link) + "&lang=de");
        const teach::Decoded fr = teach::decode_query(std::string(link) + "&lang=fr");
        REQUIRE(!en.notices.empty());
        REQUIRE(de.notices.size() == en.notices.size());
        REQUIRE(fr.notices.size() == en.notices.size());
        for (size_t k = 0; k < en.notices.size(); ++k) {
            CAPTURE(en.notices[k]);
            CHECK(de.notices[k] != en.notices[k]);
            CHECK(fr.notices[k] != en.notices[k]);
        }
    }
    const std::vector<std::string> missing = teach::untranslated();
    for (const std::string& m : missing) MESSAGE(m);
    CHECK(missing.empty());
    const std::string max = std::to_string(teach::kMaxKernel);
    CHECK(teach::decode_query("kernel=99&lang=de").notices[0] ==
          "Kernelh\xC3\xB6he 99 liegt au\xC3\x9F" "erhalb von 1.." + max + "; verwendet wird " + max + ".");
}

TEST_CASE("say: the core's messages in every language; English byte for byte as the CLI prints them") {
    using M = Message;
    // A budget refusal from the core itself: a key with a word and numbers as parameters.
    LayerShape big;
    big.output_values = 20000000;
    const Message over = budget_refusal(big);
    REQUIRE_FALSE(over.empty());
    CHECK(over.english() == "output values 20000000 exceeds the limit of 16777216");
    CHECK(check_budget(big) == over.english());
    CHECK(teach::say(Lang::en, over) == over.english());
    CHECK(teach::say(Lang::de, over) == "Ausgabewerte: 20.000.000 \xC3\xBC" "bersteigt die Grenze von 16.777.216");
    CHECK(teach::say(Lang::fr, M::of("too large: {0}", {over})) ==
          std::string("trop grand\xC2\xA0: valeurs de sortie\xC2\xA0: 20") + kUtf8NarrowNbsp + "000" + kUtf8NarrowNbsp +
              "000 d\xC3\xA9passe la limite de 16" + kUtf8NarrowNbsp + "777" + kUtf8NarrowNbsp + "216");
    // Literals (file names, layer names) stay as they are; numbers follow the language.
    const Message gif = M::of("{0} is an animated GIF with {1} frames; image mode shows the first.",
                              {M::literal("cat.v2.gif"), M::number(12)});
    CHECK(gif.english() == "cat.v2.gif is an animated GIF with 12 frames; image mode shows the first.");
    CHECK(teach::say(Lang::de, gif) == "cat.v2.gif ist ein animiertes GIF mit 12 Einzelbildern; der Bildmodus zeigt das erste.");
    CHECK(teach::say(Lang::de, M::number_text("0.25")) == "0,25");
    CHECK(teach::say(Lang::de, M::literal("0.25")) == "0.25");

    // A refused layer of the walk: the lesson keeps the core's key, so every language words it and
    // no key is missing from the table.
    teach::clear_untranslated();
    for (const char* query : {"input=3&kernel=5", "input=5&kernel=3&dilation=3", "op=avg_pool2d&dilation=2"}) {
        CAPTURE(query);
        teach::Lesson l;
        l.set_config(teach::decode_query(query).config);
        REQUIRE_FALSE(l.error.empty());
        CHECK(l.why.english() == l.error);
        for (const teach::Language& lang : teach::languages()) CHECK_FALSE(teach::say(lang.lang, l.why).empty());
        CHECK(teach::say(Lang::de, l.why) != l.error);
    }
    CHECK(teach::untranslated().empty());
}

TEST_CASE("say: the rarer refusals (extents, padding of transposed convs and pools, the network's layers, the padding solver)") {
    using M = Message;
    teach::clear_untranslated();
    // The walk: a transposed conv whose padding leaves no output, a pool's padding over half its
    // window, reflection with nothing to mirror. English exactly as the CLI and the JSON state say it.
    const std::pair<const char*, const char*> walks[] = {
        {"op=conv_transpose2d&input=3&kernel=3&padding=4",
         "output size (-3x-3) must be at least 1x1: (in-1)*stride - 2*padding + dilation*(kernel-1) + output_padding + 1 is "
         "too small; reduce padding"},
        {"op=max_pool2d&kernel=2&padding=2", "padding (2, 2) must be at most half of kernel_size (2, 2) on each axis"},
        {"padding_mode=reflect&input=3&kernel=3&padding=3",
         "reflect padding top (3) must be smaller than the input height (3): reflection needs a cell to mirror"},
    };
    for (const auto& walk : walks) {  // not a structured binding: CAPTURE takes it into a lambda (em++)
        const char* query = walk.first;
        const std::string english = walk.second;
        CAPTURE(query);
        teach::Lesson l;
        l.set_config(teach::decode_query(query).config);
        REQUIRE_FALSE(l.error.empty());
        CHECK(l.error == english);
        CHECK(l.why.english() == l.error);
        CHECK(teach::say(Lang::de, l.why) != l.error);
        CHECK(teach::say(Lang::fr, l.why) != l.error);
    }
    // The transposed walk's explanation says the refusal in the lesson's language.
    teach::Lesson t;
    t.set_config(teach::decode_query("op=conv_transpose2d&input=3&kernel=3&padding=4&lang=de").config);
    const auto lines = teach::transposed_explanation(t, 0, teach::Detail::full);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines[0].text.find("Ausgabegr\xC3\xB6\xC3\x9F" "e") != std::string::npos);
    CHECK(lines[0].text.find("must be at least") == std::string::npos);

    // The network view's refusals of a layer: core's keys inside "layer {0} ({1}): {2}".
    for (const char* spec : {"conv:k=3,s=2,c=8;conv:k=3,p=1,c=8,skip=0", "convT:k=3,p=same", "avgpool:k=2,d=2",
                             "conv:k=3,c=8,g=3", "maxpool:k=2,p=2"}) {
        CAPTURE(spec);
        const auto layers = teach::parse_stack(spec);
        REQUIRE(layers.ok());
        const StackResult r = evaluate_stack(layers.value, {32, 32}, 3);
        REQUIRE_FALSE(r.ok());
        CHECK(r.why.english() == r.error);
        CHECK(r.why.args.size() == 3);
        CHECK(r.why.args[2].kind == M::Kind::sentence);  // a key, not English text kept as a literal
        CHECK(teach::say(Lang::de, r.why).find("Schicht") == 0);
        CHECK(teach::say(Lang::de, r.why) != r.error);
    }
    CHECK(evaluate_stack({}, {5000, 32}, 3).error == "input height must be 1..4096 (got 5000)");
    CHECK(teach::say(Lang::de, evaluate_stack({}, {5000, 32}, 3).why) == "Eingabeh\xC3\xB6he: erlaubt sind 1..4096 (erhalten: 5000)");

    // Extents and the padding solver.
    const auto wide = conv2d_shape(1, 8, 8, 1, 3, kMaxExtent + 1, Conv2dOptions{});
    CHECK(wide.error == "kernel width must be at most 1048576 (got 1048577)");
    CHECK(teach::say(Lang::fr, wide.why) ==
          std::string("largeur du noyau\xC2\xA0: au plus 1") + kUtf8NarrowNbsp + "048" + kUtf8NarrowNbsp + "576 autoris\xC3\xA9 (re\xC3\xA7u\xC2\xA0: 1" +
              kUtf8NarrowNbsp + "048" + kUtf8NarrowNbsp + "577)");
    const auto unsolvable = solve_padding(9, 3, 1, 1, 2);
    CHECK(unsolvable.error ==
          "no padding makes the output as small as 2: without padding it is already 7; a larger stride or kernel would be needed");
    teach::Config c = *teach::lesson_config("seed-stride1");
    c.lang = Lang::de;
    const teach::SolvedPadding solved = teach::solve_for_output(c, {1, 1});
    CHECK(solved.sentence.find("kein Padding") != std::string::npos);
    // A file the desktop app cannot open (dropped on the window, --image): its path as it is.
    const auto missing = image::load_image_file("/nonexistent/photo.png", {});
    CHECK(missing.error == "cannot open '/nonexistent/photo.png'");
    CHECK(teach::say(Lang::de, missing.why) == "\xE2\x80\x9E/nonexistent/photo.png\xE2\x80\x9C l\xC3\xA4sst sich nicht \xC3\xB6" "ffnen");
    const auto folder = image::load_image_file(STRIDECONV_SOURCE_DIR "/tests", {});
    CHECK(folder.error == "'" STRIDECONV_SOURCE_DIR "/tests' is a folder, not an image file");
    CHECK(teach::say(Lang::fr, folder.why).find("est un dossier") != std::string::npos);
    CHECK(teach::untranslated().empty());
    for (const std::string& m : teach::untranslated()) MESSAGE(m);
}

namespace {

// The places in a French text where ':' ';' '!' or '?' ends a phrase without the no-break space
// French typography puts before it (U+00A0 before ':', U+202F before the others; either is
// accepted): after a plain space, or straight after a word when a space or the end follows. A sign
// between two non-spaces is code or a link ("conv:k=3", "random:SEED", "https://").
std::vector<std::string> french_spacing_faults(const std::string& text) {
    std::vector<std::string> faults;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != ':' && c != ';' && c != '!' && c != '?') continue;
        const bool after_nbsp = (i >= 2 && text.compare(i - 2, 2, "\xC2\xA0") == 0) ||
                                (i >= 3 && text.compare(i - 3, 3, kUtf8NarrowNbsp) == 0);
        if (after_nbsp || i == 0) continue;
        const bool after_space = text[i - 1] == ' ';
        const bool phrase_ends = i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n' || text[i + 1] == '|';
        if (after_space || phrase_ends) faults.push_back(text.substr(i >= 24 ? i - 24 : 0, i >= 24 ? 25 : i + 1));
    }
    return faults;
}

}  // namespace

TEST_CASE("French: a no-break space before ':' ';' '!' and '?' in every French text of the table") {
    CHECK(french_spacing_faults("noyau 4 divisible par 2: pas") == std::vector<std::string>{"noyau 4 divisible par 2:"});
    CHECK(french_spacing_faults("case ; puis") == std::vector<std::string>{"case ;"});
    CHECK(french_spacing_faults("pas\xC2\xA0: 2\xE2\x80\xAF; valeurs") .empty());
    CHECK(french_spacing_faults("conv:k=3, https://x, random:GRAINE").empty());
    for (const teach::StringRow& row : teach::string_table()) {
        const std::string french = row.text[static_cast<size_t>(Lang::fr)];
        CAPTURE(french);
        CHECK(french_spacing_faults(french).empty());
    }
    // Sentences put together from pieces of the table keep it too: the transposed walk's overlap
    // view joins each comparison's title and caption ("Noyau 4 divisible par 2 : ...").
    teach::Lesson l;
    l.set_config(teach::decode_query("lesson=transposed-checkerboard&lang=fr").config);
    REQUIRE(l.error.empty());
    for (const teach::Line& line : teach::transposed_explanation(l, 0)) {
        CAPTURE(line.text);
        CHECK(french_spacing_faults(line.text).empty());
    }
}
