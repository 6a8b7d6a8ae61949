// state.cpp -- the lesson state as JSON (see state.hpp), written by the strict JSON writer in base.
// Standard C++ only.
#include "teach/state.hpp"

#include <initializer_list>
#include <utility>

#include "base/json.hpp"

#include "teach/about.hpp"
#include "teach/channels.hpp"
#include "teach/describe.hpp"
#include "teach/explain.hpp"
#include "teach/transposed.hpp"
#include "teach/url.hpp"

namespace strideconv::teach {

namespace {

using json::Value;

Value numbers(std::initializer_list<double> list) {
    Value v = Value::array();
    for (double d : list) v.push_back(Value::number(d));
    return v;
}

Value numbers(const std::vector<float>& list) {
    Value v = Value::array();
    for (float f : list) v.push_back(Value::number(f));
    return v;
}

Value pair(Pair p) { return numbers({double(p[0]), double(p[1])}); }

Value text(const std::string& s) { return Value::string(s); }

Value strings(const std::vector<std::string>& list) {
    Value v = Value::array();
    for (const std::string& s : list) v.push_back(text(s));
    return v;
}

// The "image" object (see state.hpp).
Value image_json(const ImageModel& m) {
    Value j = Value::object();
    const image::Image* p = m.picture();
    j.append_member("source", text(image_source_text(m.image_config())));
    j.append_member("height", p ? Value::number(p->pixels.h) : Value());
    j.append_member("width", p ? Value::number(p->pixels.w) : Value());
    j.append_member("channels", p ? Value::number(p->pixels.c) : Value());
    if (p && m.image_config().own_file) j.append_member("name", text(p->source));
    j.append_member("computing", Value::boolean(m.busy()));
    j.append_member("progress", Value::number(m.progress()));
    j.append_member("error", m.error().empty() ? Value() : text(m.error()));
    std::vector<std::string> notices;  // in English, as the decoder wrote them before they had keys
    for (const Message& n : m.notices()) notices.push_back(n.english());
    j.append_member("notices", strings(notices));
    // One run of every route (the shared stride-1 conv once), median over the runs done.
    const double all_ms = m.routes_work().median_run_ms();
    j.append_member("all_routes_ms", all_ms > 0 ? Value::number(all_ms) : Value());
    Value routes = Value::array();
    for (const RouteCard& card : m.cards()) {
        Value& r = routes.push_back(Value::object());
        r.append_member("route", text(image::to_string(card.route)));
        r.append_member("number", Value::number(card.number));
        r.append_member("title", text(card.title));
        // null while the new layer is not planned yet (a setState read before the next frame)
        r.append_member("output", card.out_h > 0 ? pair({card.out_h, card.out_w}) : Value());
        r.append_member("ready", Value::boolean(card.ready));
        r.append_member("macs", Value::number(static_cast<double>(card.macs)));
        r.append_member("ms", card.runs > 0 ? Value::number(card.median_ms) : Value());
        r.append_member("runs", Value::number(card.runs));
        r.append_member("shift_change", card.shift_change ? Value::number(*card.shift_change) : Value());
    }
    j.append_member("routes", std::move(routes));
    Value identity;  // null until route 1 and route 2 are both computed
    if (auto id = m.identity()) {
        identity = Value::object();
        identity.append_member("max_abs_difference", Value::number(id->max_abs_difference));
        identity.append_member("cells", Value::number(static_cast<double>(id->cells)));
    }
    j.append_member("identity", std::move(identity));
    return j;
}

// [Channels and groups] the walked filter at this step: its input channels' partial sums and total.
Value channel_step_json(const Lesson& lesson, int step) {
    auto s = channel_step(lesson, step);
    if (!s.ok()) return Value();
    Value j = Value::object();
    j.append_member("filter", Value::number(s.value.filter));
    j.append_member("group", Value::number(s.value.group));
    j.append_member("cell", numbers({double(s.value.row), double(s.value.col)}));
    Value channels = Value::array(), sums = Value::array();
    for (const ChannelPart& p : s.value.parts) {
        channels.push_back(Value::number(p.channel));
        sums.push_back(Value::number(p.sum));
    }
    j.append_member("channels", std::move(channels));
    j.append_member("sums", std::move(sums));
    j.append_member("total", Value::number(s.value.total));
    j.append_member("bias", Value::number(s.value.bias));
    j.append_member("result", Value::number(s.value.result));
    return j;
}

// Depthwise then pointwise against the standard layer (conv2d), as the channel panel's table.
Value separable_json(const Config& c) {
    const SeparableCost sep = separable_cost(c);
    if (!sep.ok) return Value();
    Value j = Value::object();
    Value rows = Value::array();
    for (const SeparableRow& r : sep.rows) {
        Value& row = rows.push_back(Value::object());
        row.append_member("name", text(r.name));
        row.append_member("params", Value::number(static_cast<double>(r.params)));
        row.append_member("macs", Value::number(static_cast<double>(r.macs)));
    }
    j.append_member("rows", std::move(rows));
    j.append_member("counted_macs_ratio", Value::number(sep.counted_macs_ratio));
    j.append_member("counted_params_ratio", Value::number(sep.counted_params_ratio));
    j.append_member("formula_ratio", Value::number(sep.formula_ratio));
    return j;
}

Value route_names(unsigned routes) {
    std::vector<std::string> names;
    const auto& all = image::all_routes();
    for (size_t k = 0; k < all.size(); ++k)
        if ((routes >> k) & 1u) names.push_back(image::to_string(all[k]));
    return strings(names);
}

Value state_value(const Lesson& lesson, bool playing, float speed, const std::vector<std::string>& notices,
                  const std::vector<Line>* explanation_lines, const ImageModel* image) {
    const Config& c = lesson.config();
    const Pad4 p = effective_padding(c);
    std::string values = to_string(c.fill);
    if (c.fill == Fill::random) values += ":" + std::to_string(c.seed);

    Value j = Value::object();
    j.append_member("op", text(to_string(c.op)));
    j.append_member("input", pair(c.input));
    j.append_member("kernel", pair(c.kernel));
    j.append_member("stride", pair(c.stride));
    j.append_member("padding", numbers({double(p.top), double(p.bottom), double(p.left), double(p.right)}));
    j.append_member("padding_preset", text(to_string(c.pad_preset)));
    j.append_member("padding_mode", text(to_string(c.padding_mode)));
    j.append_member("dilation", pair(c.dilation));
    j.append_member("bias", Value::number(c.bias));
    j.append_member("ceil_mode", Value::boolean(c.ceil_mode));
    j.append_member("count_include_pad", Value::boolean(c.count_include_pad));
    j.append_member("values", text(values));
    j.append_member("x", numbers(c.x));
    j.append_member("kernel_preset", text(c.kernel_preset));
    j.append_member("w", numbers(c.w));
    j.append_member("step", Value::number(c.step));
    j.append_member("view", text(to_string(c.view)));
    j.append_member("compare_stride", pair(c.compare_stride));
    // The network view: its layers and derived values only while it is on screen.
    j.append_member("stack", stack_state_json(c.stack, c.view == View::stack, c.lang));
    j.append_member("theme", text(to_string(c.theme)));
    j.append_member("palette", text(to_string(c.colours)));
    j.append_member("embed", Value::boolean(c.embed));
    j.append_member("large_text", Value::boolean(c.large_text));
    j.append_member("zoom", Value::number(c.zoom));
    j.append_member("about", Value::boolean(c.about));
    j.append_member("lang", text(to_string(c.lang)));
    j.append_member("index_base", Value::number(c.index_base));
    j.append_member("predict", text(to_string(c.predict)));
    j.append_member("compare_with", text(to_string(c.compare_with)));
    j.append_member("quiz", text(to_string(c.quiz)));
    j.append_member("lesson", text(c.lesson));
    j.append_member("image_source", text(image_source_text(c.image)));
    j.append_member("image_size", pair(c.image.size));
    j.append_member("color", text(image::to_string(c.image.color)));
    j.append_member("routes", route_names(c.image.routes));
    j.append_member("shift", pair(c.image.shift));
    j.append_member("blur", Value::number(c.image.blur));
    j.append_member("image", image && c.view == View::image ? image_json(*image) : Value());
    // [transposed] conv_transpose2d (teach/transposed.hpp): its parameters always; the overlap
    // map's smallest and largest count (input cell, kernel tap pairs per output cell) for that op.
    j.append_member("output_padding", pair(c.output_padding));
    j.append_member("transposed_view", text(to_string(c.transposed_view)));
    Value overlap;  // null unless a conv_transpose2d layer is computed
    if (c.op == Op::conv_transpose2d && lesson.error.empty()) {
        const TransposedWalk w = transposed_walk(lesson);
        if (w.error.empty()) {
            overlap = Value::object();
            overlap.append_member("min", Value::number(w.overlap_min));
            overlap.append_member("max", Value::number(w.overlap_max));
        }
    }
    j.append_member("overlap", std::move(overlap));
    // [Channels and groups] as links write them (pools compute in_channels outputs whatever
    // out_channels says: it is kept for when the op is conv2d again).
    j.append_member("in_channels", Value::number(c.channels.in_channels));
    j.append_member("out_channels", Value::number(c.channels.out_channels));
    j.append_member("groups", Value::number(c.channels.groups));
    j.append_member("channel", numbers({double(c.channels.channel), double(c.channels.in_channel)}));
    // Derived, read-only.
    j.append_member("output", lesson.error.empty() ? pair({lesson.output.h, lesson.output.w}) : Value());
    // The output map's values for hosts and tests that check numbers, not pictures.
    const Tensor& out = lesson.output;
    Value rows;  // null unless there is a map small enough
    if (lesson.error.empty() && out.c >= 1 && out.h <= kMaxStateOutputValues && out.w <= kMaxStateOutputValues &&
        out.size() >= static_cast<size_t>(out.h) * out.w) {
        rows = Value::array();
        for (int y = 0; y < out.h; ++y) {
            Value& row = rows.push_back(Value::array());
            for (int x = 0; x < out.w; ++x) row.push_back(Value::number(out.at(c.channels.channel, y, x)));
        }
    }
    j.append_member("output_values", std::move(rows));
    j.append_member("version", text(about().version));  // the lab's release (CMake's project VERSION)
    j.append_member("link_format", Value::number(kLinkFormat));  // the v= this release writes and reads
    j.append_member("steps", Value::number(lesson.steps()));
    j.append_member("macs", Value::number(static_cast<double>(lesson.macs())));
    j.append_member("macs_stride1", Value::number(static_cast<double>(lesson.macs_stride1())));
    j.append_member("params", Value::number(static_cast<double>(layer_cost(lesson).params)));
    j.append_member("channel_step", lesson.error.empty() ? channel_step_json(lesson, c.step) : Value());
    j.append_member("separable", lesson.error.empty() ? separable_json(c) : Value());
    j.append_member("error", lesson.error.empty() ? Value() : text(lesson.error));
    j.append_member("playing", Value::boolean(playing));
    j.append_member("speed", Value::number(speed));
    Value list = Value::array();
    for (const std::string& n : notices) list.push_back(text(n));
    j.append_member("notices", std::move(list));
    // The explanation panel's lines, as shown (course pages show them as captions).
    const std::vector<Line> lines = explanation_lines ? *explanation_lines : explanation(lesson, c.step);
    Value said = Value::array();
    for (const Line& line : lines) said.push_back(text(line.text));
    j.append_member("explanation", std::move(said));
    return j;
}

}  // namespace

std::string state_json(const Lesson& lesson, bool playing, float speed, const std::vector<std::string>& notices,
                       const std::vector<Line>* explanation_lines, const ImageModel* image) {
    return json::write(state_value(lesson, playing, speed, notices, explanation_lines, image));
}

std::string state_json(const Player& p, const ImageModel* image) {
    const std::vector<Line> lines = canvas_explanation(p);
    Value j = state_value(p.lesson(), p.playing(), p.speed(), p.notices(), &lines, image);
    // The lab in words for screen readers (web/mirror.js): the layer and the step.
    Value words = Value::object();
    words.append_member("layer", text(describe_layer(p.lesson())));
    words.append_member("step", text(p.lesson().error.empty() ? describe_step(p) : ""));
    words.append_member("hidden", Value::boolean(p.config().predict != Predict::off && p.hidden()));
    j.append_member("description", std::move(words));
    return json::write(j);
}

std::string quiz_json(const QuizSession& quiz) {
    Value j = Value::object();
    j.append_member("topic", text(to_string(quiz.topic)));
    j.append_member("number", Value::number(quiz.index + 1));
    j.append_member("lang", text(to_string(quiz.lang)));
    // The quiz's heading as the canvas shows it, in the quiz's language (the mirror speaks it).
    j.append_member("heading", text(quiz_score_line(quiz.index + 1, quiz.correct, quiz.asked, quiz.lang)));
    const bool asked = quiz.index >= 0;
    j.append_member("kind", asked ? text(to_string(quiz.question.kind)) : Value());
    j.append_member("prompt", text(asked ? quiz.question.prompt : std::string()));
    j.append_member("layer", text(asked ? quiz_config_line(quiz.lesson.config()) : std::string()));
    j.append_member("answered", Value::boolean(quiz.answered));
    j.append_member("correct", Value::boolean(quiz.answered && quiz.verdict.correct));
    Value score = Value::object();
    score.append_member("correct", Value::number(quiz.correct));
    score.append_member("asked", Value::number(quiz.asked));
    j.append_member("score", std::move(score));
    j.append_member("feedback", text(quiz.verdict.feedback));
    j.append_member("explanation", text(quiz.answered ? quiz.question.explanation : std::string()));
    return json::write(j);
}

std::string verdict_json(const Verdict& v) {
    Value j = Value::object();
    j.append_member("correct", Value::boolean(v.correct));
    j.append_member("understood", Value::boolean(v.understood));
    j.append_member("feedback", text(v.feedback));
    return json::write(j);
}

std::string catalog_json() {
    Value j = Value::object();
    Value lessons_list = Value::array();
    for (const LessonInfo& l : lessons()) {
        Value& v = lessons_list.push_back(Value::object());
        v.append_member("name", text(l.name));
        v.append_member("title", text(l.title));
        v.append_member("point", text(l.point));
    }
    j.append_member("lessons", std::move(lessons_list));
    Value presets = Value::array();
    for (const auto& k : kernel_presets()) {
        Value& v = presets.push_back(Value::object());
        v.append_member("name", text(k.name));
        v.append_member("label", text(k.label));
    }
    j.append_member("kernel_presets", std::move(presets));
    Value limits = Value::object();
    limits.append_member("input", Value::number(kMaxGrid));
    limits.append_member("kernel", Value::number(kMaxKernel));
    limits.append_member("stride", Value::number(kMaxStride));
    limits.append_member("dilation", Value::number(kMaxDilation));
    limits.append_member("padding", Value::number(kMaxPad));
    j.append_member("limits", std::move(limits));
    Value langs = Value::array();
    for (const Language& l : languages()) {
        Value& v = langs.push_back(Value::object());
        v.append_member("code", text(l.code));
        v.append_member("name", text(l.name));
    }
    j.append_member("languages", std::move(langs));
    return json::write(j);
}

}  // namespace strideconv::teach
