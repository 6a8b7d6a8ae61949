// stack_mode_test.cpp -- teach/stack_mode: the network view's model without ImGui: normalizing its
// configuration, the table's text, the swap switches, the receptive field of a clicked cell, the
// grid hit test, the JSON, the lessons' claims and the quiz's answers.
#include <doctest/doctest.h>

#include <string>

#include "teach/stack_mode.hpp"
#include "teach/stack_spec.hpp"

using namespace strideconv;
using namespace strideconv::teach;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

int position_of(const StackModel& m, const std::string& name) {
    for (const StackRow& row : m.result.rows)
        if (row.name == name) return row.position;
    return 0;
}

}  // namespace

TEST_CASE("stack model: ResNet-50's table, shortcuts beside the main path, the switches") {
    StackConfig c;
    c.preset = "resnet50";
    const StackModel m = build_stack_model(c);
    REQUIRE(m.result.ok());
    CHECK(m.title == "ResNet-50");
    CHECK(m.notices.empty());
    REQUIRE(m.table.rows.size() == 68);
    CHECK(m.table.headers.size() == 16);
    CHECK(m.table.headers[13] == "MACs");
    const auto& conv1 = m.table.rows[0].cells;
    CHECK(conv1[1] == "conv1");
    CHECK(conv1[3] == "7");
    CHECK(conv1[4] == "2");
    CHECK(conv1[6] == "112x112");
    CHECK(conv1[8] == "2");
    CHECK(conv1[9] == "7");
    CHECK(conv1[10] == "3");
    CHECK(conv1[13] == "118,013,952");
    CHECK(m.table.rows[0].downsamples);
    int shortcuts = 0;
    for (const auto& row : m.table.rows) {
        CHECK(row.cells.size() == m.table.headers.size());
        if (row.shortcut) {
            ++shortcuts;
            CHECK(row.cells[1].rfind("+ ", 0) == 0);
        }
    }
    CHECK(shortcuts == 16);
    CHECK(m.table.totals[13] == "4,089,184,256");
    CHECK(m.table.totals[14] == "25,557,032");
    CHECK(contains(m.table.rows[1].tooltip, "floor((112 + 1 + 1 - 3) / 2) + 1 = 56, remainder 1"));
    CHECK(contains(m.summary, "224x224 x 3 in, 1x1 x 1000 out after 68 layers; jump 32"));
    // Switches: conv1 and the three stages' strided conv2 swap; the max pool after a strided conv
    // does not.
    REQUIRE(m.switches.size() == 5);
    CHECK(m.switches[0].swappable);
    CHECK(m.switches[0].label == "conv1: stride 2  <->  stride 1 + max pool 2x2");
    CHECK(contains(m.switches[0].effect, "MACs 4.09 G -> "));
    CHECK(contains(m.switches[0].effect, "parameters unchanged"));
    CHECK_FALSE(m.switches[1].swappable);
    CHECK(contains(m.switches[1].effect, "Cannot swap"));
    // FLOPs on the toggle.
    c.flops = true;
    const StackModel f = build_stack_model(c);
    CHECK(f.table.headers[13] == "FLOPs");
    CHECK(f.table.rows[0].cells[13] == "236,027,904");
}

TEST_CASE("stack model: a swap flips, shows in the title, and flips back") {
    StackConfig c;
    c.preset = "vgg16";
    const StackModel plain = build_stack_model(c);
    c.swaps = {3};
    const StackModel one = build_stack_model(c);
    CHECK(one.title == "VGG-16 (1 swap)");
    CHECK(one.layers.size() == plain.layers.size() - 1);
    CHECK(one.switches[0].swapped);
    CHECK(one.result.totals.macs < plain.result.totals.macs);
    CHECK(one.result.totals.output == plain.result.totals.output);
    c.swaps.clear();
    CHECK(build_stack_model(c).layers == plain.layers);
}

TEST_CASE("stack model: normalizing the configuration says what it changed") {
    StackConfig c;
    c.preset = "nope";
    c.input = {0, 5000};
    c.channels = 0;
    c.swaps = {4, 2, 2};
    c.layer = 999;
    std::vector<std::string> notes;
    normalize(c, &notes);
    CHECK(c.preset == "resnet50");
    CHECK(c.input == Pair{1, 4096});
    CHECK(c.channels == 1);
    CHECK(c.swaps.empty());
    CHECK(c.layer == 0);
    CHECK(notes.size() == 7);
    StackConfig bad;
    bad.spec = "conv:k=3; maxpool:s=x";
    normalize(bad, &notes);
    CHECK(bad.spec.empty());
    CHECK(contains(notes.back(), "layer 2 (maxpool)"));
    StackConfig tidy;
    tidy.spec = " conv : k = 3 ,s=1 ";
    normalize(tidy);
    CHECK(tidy.spec == "conv:k=3");
}

TEST_CASE("stack model: edits become the spec; swaps are baked into it") {
    StackConfig c;
    c.preset = "vgg16-stem";
    c.swaps = {3};
    c.layer = 2;
    const StackModel m = build_stack_model(c);
    auto layers = m.layers;
    REQUIRE(remove_layer(layers, 1));
    const StackConfig e = with_layers(m.config, layers);
    CHECK(e.swaps.empty());
    CHECK(e.spec == format_stack(layers));
    CHECK(e.layer == 1);
    const StackModel em = build_stack_model(e);
    CHECK(em.title == "Custom stack");
    CHECK(em.layers == layers);
}

TEST_CASE("stack model: a clicked cell's field, with the part in the padding") {
    StackConfig c;
    c.preset = "vgg16";
    const StackModel m = build_stack_model(c);
    const int pool5 = position_of(m, "features.30");
    const StackPicture corner = stack_picture(m, pool5, 0, 0);
    REQUIRE(corner.valid);
    CHECK(corner.rows.first == -90);
    CHECK(corner.rows.last == 121);
    CHECK(corner.padding_rows == 90);
    CHECK(corner.padding_cols == 90);
    CHECK(corner.margin_top == 90);
    CHECK(corner.margin_bottom == 1);  // at least the first layer's padding
    const StackPicture mid = stack_picture(m, pool5, 3, 3);
    CHECK(mid.rows.first == 3 * 32 - 90);
    CHECK(mid.rows.size() == 212);
    CHECK(mid.padding_rows == 0);
    CHECK(contains(mid.sentence, "all of it inside the input"));
    // Out-of-range cells are clamped; layers outside the stack give nothing.
    CHECK(stack_picture(m, pool5, 99, -3).cell == Pair{6, 0});
    CHECK_FALSE(stack_picture(m, 0, 0, 0).valid);
    CHECK_FALSE(stack_picture(m, 99, 0, 0).valid);
    // A transposed conv at stride 3 with a 2-tap kernel leaves every third output without input.
    StackConfig t;
    t.spec = "convT:k=2,s=3,c=1";
    t.input = {4, 4};
    const StackModel tm = build_stack_model(t);
    REQUIRE(tm.result.ok());
    CHECK(stack_picture(tm, 1, 2, 2).rows.empty());
    CHECK(contains(stack_picture(tm, 1, 2, 2).sentence, "reads no input"));
    CHECK(stack_picture(tm, 1, 3, 3).rows.first == 1);
}

TEST_CASE("stack model: a small field is drawn in close-up, a large one on the whole input") {
    StackConfig c;
    c.preset = "resnet50";
    const StackModel m = build_stack_model(c);
    const int conv2 = position_of(m, "layer1.0.conv2");
    // Output (3, 3) of layer1.0.conv2 sees rows 3..21 of 224 (plus conv1's padding of 3 each
    // side drawn): a 57-cell window, three times the field, moved back to start at the extent.
    const StackPicture p = stack_picture(m, conv2, 3, 3);
    REQUIRE(p.rows.first == 3);
    REQUIRE(p.rows.last == 21);
    CHECK(p.view_rows.first == -3);
    CHECK(p.view_rows.last == 53);
    CHECK(p.view_cols.first == -3);
    CHECK(p.view_cols.last == 53);
    // Every cell of the last layer before the pool: the window holds the field, is square, and
    // stays inside the drawn extent.
    const int last = position_of(m, "layer1.0.conv3");
    const StackRow& row = m.result.rows[static_cast<size_t>(last - 1)];
    for (int y = 0; y < row.output[0]; y += 5) {
        for (int x = 0; x < row.output[1]; x += 7) {
            CAPTURE(y);
            CAPTURE(x);
            const StackPicture q = stack_picture(m, last, y, x);
            REQUIRE(!q.view_rows.empty());
            CHECK(q.view_rows.size() == q.view_cols.size());
            CHECK(q.view_rows.size() == std::max<int64_t>(3 * std::max(q.rows.size(), q.cols.size()), 12));
            CHECK(q.view_rows.first <= q.rows.first);
            CHECK(q.view_rows.last >= q.rows.last);
            CHECK(q.view_cols.first <= q.cols.first);
            CHECK(q.view_cols.last >= q.cols.last);
            CHECK(q.view_rows.first >= -q.margin_top);
            CHECK(q.view_rows.last <= q.input[0] - 1 + q.margin_bottom);
            CHECK(q.view_cols.first >= -q.margin_left);
            CHECK(q.view_cols.last <= q.input[1] - 1 + q.margin_right);
        }
    }
    // VGG's pool5 sees 212 rows of 224: the whole input is drawn.
    StackConfig v;
    v.preset = "vgg16";
    const StackModel vm = build_stack_model(v);
    CHECK(stack_picture(vm, position_of(vm, "features.30"), 3, 3).view_rows.empty());
    // The field of a late ResNet layer covers the input: no close-up either.
    CHECK(stack_picture(m, static_cast<int>(m.result.rows.size()), 0, 0).view_rows.empty());
}

TEST_CASE("stack model: a shortcut's cell shows each path's field and whether their centres meet") {
    StackConfig c;
    c.preset = "resnet50";
    const StackModel m = build_stack_model(c);
    const int projection = position_of(m, "layer2.0.downsample.0");
    const StackPicture p = stack_picture(m, projection, 5, 7);
    REQUIRE(p.shortcut);
    CHECK(p.main_rows.first == 19);
    CHECK(p.main_rows.last == 61);
    CHECK(p.shortcut_rows.first == 23);
    CHECK(p.shortcut_cols.last == 73);
    CHECK(contains(p.paths_sentence, "Main path (layer " + std::to_string(projection - 1) + "): rows 19..61, columns 35..77, centre (40, 56)"));
    CHECK(contains(p.paths_sentence, "Shortcut (pointwise from layer " + std::to_string(projection - 4) + "): rows 23..57"));
    CHECK(contains(p.paths_sentence, "the same pixel"));
    // getState's field carries both paths.
    c.layer = projection;
    c.cell = {5, 7};
    const json::Value state = stack_state_json(c, true);
    const json::Value* field = state.find("field");
    REQUIRE(field != nullptr);
    REQUIRE(field->find("main_path") != nullptr);
    CHECK(field->find("shortcut_path")->find("rows")->items()[0].as_number() == 23);
    CHECK(state.find("picture")->as_bool() == false);
    // Stride moved into a pool after conv2: the centres part by half a step of the 56-map.
    StackConfig swapped = c;
    swapped.swaps = {position_of(m, "layer2.0.conv2")};
    swapped.layer = 0;
    const StackModel s = build_stack_model(swapped);
    const StackPicture q = stack_picture(s, position_of(s, "layer2.0.downsample.0"), 5, 7);
    REQUIRE(q.shortcut);
    CHECK(contains(q.paths_sentence, "The centres are 2 rows and 2 columns apart"));
    // Not a shortcut: no paths.
    CHECK_FALSE(stack_picture(m, projection - 1, 0, 0).shortcut);
    CHECK(stack_picture(m, projection - 1, 0, 0).paths_sentence.empty());
}

TEST_CASE("stack model: the note on image mode's picture under the field") {
    CHECK(stack_picture_note("zone plate 224 x 224, 1 channel (gray)", {224, 224}, {224, 224}) ==
          "Drawn on image mode's picture: zone plate 224 x 224, 1 channel (gray), the network's input pixel for pixel.");
    const std::string stretched = stack_picture_note("scene 128 x 192, 3 channels (RGB)", {128, 192}, {224, 224});
    CHECK(contains(stretched, "stretched over the network's 224x224 input"));
    CHECK(contains(stretched, "Set the input to 128x192"));
}

TEST_CASE("stack model: the grid hit test") {
    CHECK(grid_cell_at(10, 20, 4, {3, 5}, 10, 20) == Pair{0, 0});
    CHECK(grid_cell_at(10, 20, 4, {3, 5}, 29.9f, 31.9f) == Pair{2, 4});
    CHECK_FALSE(grid_cell_at(10, 20, 4, {3, 5}, 30, 20).has_value());
    CHECK_FALSE(grid_cell_at(10, 20, 4, {3, 5}, 9.9f, 20).has_value());
    CHECK_FALSE(grid_cell_at(10, 20, 0, {3, 5}, 11, 21).has_value());
}

TEST_CASE("stack model: JSON rows and totals") {
    StackConfig c;
    c.preset = "resnet18-stem";
    const StackModel m = build_stack_model(c);
    const json::Value rows = stack_rows_json(m.result, true);
    REQUIRE(rows.items().size() == 2);
    const json::Value& pool = rows.items()[1];
    CHECK(pool.find("name")->as_string() == "maxpool");
    CHECK(pool.find("type")->as_string() == "maxpool");
    CHECK(pool.find("jump")->items()[0].as_number() == 4);
    CHECK(pool.find("rf")->items()[1].as_number() == 11);
    CHECK(pool.find("effective_padding")->items()[0].as_number() == 5);
    CHECK(pool.find("centre")->items()[0].as_number() == 0);
    CHECK(pool.find("macs")->as_number() == 0);
    CHECK(pool.find("flops") != nullptr);
    CHECK(pool.find("window_reads")->as_number() == 56 * 56 * 64 * 9);
    const json::Value totals = stack_totals_json(m.result, false);
    CHECK(totals.find("params")->as_number() == 64 * 3 * 49 + 128);
    CHECK(totals.find("flops") == nullptr);
}

TEST_CASE("stack lessons: each evaluates, and its one-sentence claim is what the core computes") {
    for (const auto& l : stack_lessons()) {
        CAPTURE(l.name);
        auto c = stack_lesson_config(l.name);
        REQUIRE(c.has_value());
        const StackModel m = build_stack_model(*c);
        CHECK(m.result.ok());
        CHECK(m.notices.empty());
        CHECK(c->layer >= 1);
        CHECK_FALSE(stack_lesson_text(l.name).empty());
    }
    CHECK_FALSE(stack_lesson_config("walk").has_value());
    // stack-resnet-stem: "a jump of 4: 224 becomes 56".
    StackModel m = build_stack_model(*stack_lesson_config("stack-resnet-stem"));
    CHECK(m.result.rows[1].axes[0].jump_num == 4);
    CHECK(m.result.rows[1].output == Pair{56, 56});
    CHECK(contains(stack_lesson_text("stack-resnet-stem"), "2 x 2 = 4"));
    // stack-vgg-pool5: "212x212 ... 32 pixels ... 90 pixels into the padding"; the lesson selects pool5.
    m = build_stack_model(*stack_lesson_config("stack-vgg-pool5"));
    const StackRow& pool5 = m.result.rows[size_t(m.config.layer - 1)];
    CHECK(pool5.name == "features.30");
    CHECK(pool5.axes[0].rf == 212);
    CHECK(pool5.axes[0].jump_num == 32);
    CHECK(pool5.axes[0].effective_padding == 90);
    // stack-225: "floor(223 / 2) + 1 = 112, remainder 1" at the selected pool1.
    m = build_stack_model(*stack_lesson_config("stack-225"));
    const StackRow& pool1 = m.result.rows[size_t(m.config.layer - 1)];
    CHECK(pool1.name == "features.4");
    CHECK(pool1.output == Pair{112, 112});
    CHECK(pool1.axes[0].dropped == 1);
    CHECK(contains(stack_lesson_text("stack-225"), "floor((225 + 0 + 0 - 2) / 2) + 1 = 112, remainder 1"));
    // stack-mobilenet-strides: the first conv and one depthwise layer per stage.
    CHECK(contains(stack_lesson_text("stack-mobilenet-strides"), "5 layers stride 2 -- features.0.0 (jump 2), features.2.conv.1.0 (jump 4)"));
}

TEST_CASE("stack quiz: answers from the core, accepted in the usual spellings") {
    const auto qs = stack_questions();
    REQUIRE(qs.size() == 5);
    CHECK(qs[0].answer == "4");
    CHECK(qs[1].answer == "5");
    CHECK(qs[2].answer == "212");
    CHECK(qs[3].answer == "112x112");
    for (const auto& q : qs) {
        CAPTURE(q.prompt);
        CHECK(stack_answer_correct(q, q.answer));
        CHECK_FALSE(stack_answer_correct(q, "banana"));
        CHECK_FALSE(stack_answer_correct(q, ""));
        CHECK(build_stack_model(q.config).result.ok());
    }
    CHECK(stack_answer_correct(qs[3], "112 x 112"));
    CHECK(stack_answer_correct(qs[3], "112"));
    CHECK_FALSE(stack_answer_correct(qs[3], "113"));
    CHECK(stack_answer_correct(qs[0], " 4 "));
    CHECK_FALSE(stack_answer_correct(qs[0], "4x5"));
}

TEST_CASE("stack model in German and French: the table, the sentences, the switches, the notices, the lessons and the quiz") {
    teach::clear_untranslated();
    for (const Lang lang : {Lang::de, Lang::fr}) {
        CAPTURE(teach::to_string(lang));
        // Every preset with a layer chosen, a custom stack with a shortcut that is out of line, a
        // transposed convolution's empty cells and a swap: every sentence the model makes.
        std::vector<StackConfig> configs;
        for (const auto& p : network_presets()) {
            StackConfig c;
            c.preset = p.name;
            c.layer = 2;
            configs.push_back(c);
        }
        StackConfig custom;
        custom.spec = "conv:k=3,s=2,c=8;conv:k=2,c=8;add:skip=0,c=8;maxpool:k=2,s=2;convT:k=3,s=2";
        custom.input = {9, 9};
        custom.layer = 3;
        custom.cell = {1, 1};
        configs.push_back(custom);
        StackConfig swapped;
        swapped.preset = "resnet18";
        swapped.swaps = {1};
        configs.push_back(swapped);
        for (const StackConfig& c : configs) {
            const StackModel m = build_stack_model(c, lang);
            for (int layer = 1; layer <= static_cast<int>(m.result.rows.size()); ++layer) stack_picture(m, layer, 1, 1);
        }
        for (const auto& l : stack_lessons()) {
            teach::tr(lang, l.title);
            teach::tr(lang, l.point);
            CHECK_FALSE(stack_lesson_text(l.name, lang).empty());
        }
        CHECK(stack_questions(lang).size() == stack_questions().size());
        // Notices: out-of-range sizes and channels, an unknown preset, a stack that does not parse,
        // a swap that is not one and a layer outside the stack.
        StackConfig bad;
        bad.preset = "nope";
        bad.input = {0, 5000};
        bad.channels = 0;
        bad.spec = "conv:k=3;maxpool:s=x";
        bad.swaps = {4};
        bad.layer = 999;
        std::vector<std::string> notes;
        normalize(bad, &notes, lang);
        CHECK(notes.size() == 7);
        for (const char* spec : {"", ";", "conv:k=3;;", "pool:k=2", "conv:k", "conv:zz=1", "conv:k=1,k=2", "add:k=3",
                                 "maxpool:k=2,c=3", "add:skip=0,c=3", "dwconv:k=3,g=2", "maxpool:k=2,g=2", "conv:k=3,op=1",
                                 "conv:k=3,ceil=1", "maxpool:k=2,b=0", "add:c=1", "maxpool:global=1,k=2", "conv:s=2",
                                 "conv:k=x", "conv:k=3x", "conv:k=3,b=2", "conv:k=3,p=x", "conv:k=3,name=a b"})
            CHECK_FALSE(parse_stack(spec, lang).ok());
    }
    const std::vector<std::string> missing = teach::untranslated();
    for (const std::string& m : missing) MESSAGE(m);
    CHECK(missing.empty());

    // The words and the numbers are the language's; names, sizes and formulas stay as they are.
    StackConfig c;
    c.preset = "vgg16";
    c.input = {225, 225};
    c.layer = 3;
    c.cell = {111, 111};
    const StackModel de = build_stack_model(c, Lang::de);
    CHECK(de.table.headers[1] == "Schicht");
    CHECK(de.table.rows[0].cells[2] == "conv");
    CHECK(de.table.totals[13] == grouped(Lang::de, de.result.totals.macs));  // MACs, grouped with '.'
    CHECK(de.table.totals[13].find('.') != std::string::npos);
    CAPTURE(de.summary);
    CHECK(de.summary.rfind("225x225 x 3 hinein, ", 0) == 0);
    CHECK(contains(de.summary, " Parameter."));
    CHECK(contains(de.notes[0], "Schicht 3 (features.4) liest nie Eingabezeile 224 von 225: floor((225 + 0 + 0 - 2) / 2) + 1 = 112, Rest 1"));
    const StackPicture p = stack_picture(de, 3, 111, 111);
    CHECK(p.sentence == "Ausgabe (111, 111) von Schicht 3 (features.4) sieht die Eingabezeilen 220..225 und Spalten 220..225: "
                        "ein Feld von 6x6, davon liegen 1 Zeile und 1 Spalte im Padding.");
    const StackModel fr = build_stack_model(c, Lang::fr);
    CHECK(fr.table.totals[13] == grouped(Lang::fr, fr.result.totals.macs));
    CHECK(fr.table.headers[13] == "MAC");
    CHECK(contains(stack_picture(fr, 3, 111, 111).sentence, "voit les lignes d'entr\u00e9e 220..225 et les colonnes 220..225\u00a0: un champ de 6x6, dont 1 ligne et 1 colonne dans le remplissage."));
    CHECK(contains(stack_lesson_text("stack-225", Lang::fr), "\u00c0 225x225, le premier pooling 2x2, couche 3 (features.4), calcule"));
    // English stays as it was, byte for byte, whatever language was asked for before.
    CHECK(build_stack_model(c).summary == build_stack_model(c, Lang::en).summary);
    std::vector<std::string> german;
    StackConfig big;
    big.input = {5000, 5000};
    normalize(big, &german, Lang::de);
    REQUIRE(german.size() == 2);
    CHECK(german[0] == "Die Eingabeh\u00f6he des Netzes 5000 liegt au\u00dferhalb von 1..4096; verwendet wird 4096.");
    CHECK(parse_stack("conv:zz=1", Lang::fr).error ==
          "couche 1 (conv)\u00a0: champ inconnu 'zz' (attendu\u00a0: k, s, p, d, c, g, op, ceil, global, b, bn, skip ou name)");
    CHECK(parse_stack("conv:zz=1").error == "layer 1 (conv): unknown field 'zz' (expected k, s, p, d, c, g, op, ceil, global, b, bn, skip or name)");
}
