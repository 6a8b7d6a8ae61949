// state.cpp -- the lesson state as JSON (see state.hpp), written by the strict JSON writer in base.
// Standard C++ only.
#include "teach/state.hpp"

#include <initializer_list>
#include <utility>

#include "base/json.hpp"

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

}  // namespace

std::string state_json(const Lesson& lesson, bool playing, float speed,
                       const std::vector<std::string>& notices) {
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
    j.append_member("stack", stack_state_json(c.stack, c.view == View::stack));
    j.append_member("theme", text(to_string(c.theme)));
    j.append_member("embed", Value::boolean(c.embed));
    j.append_member("large_text", Value::boolean(c.large_text));
    j.append_member("lesson", text(c.lesson));
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
            for (int x = 0; x < out.w; ++x) row.push_back(Value::number(out.at(0, y, x)));
        }
    }
    j.append_member("output_values", std::move(rows));
    j.append_member("steps", Value::number(lesson.steps()));
    j.append_member("macs", Value::number(static_cast<double>(lesson.macs())));
    j.append_member("macs_stride1", Value::number(static_cast<double>(lesson.macs_stride1())));
    j.append_member("error", lesson.error.empty() ? Value() : text(lesson.error));
    j.append_member("playing", Value::boolean(playing));
    j.append_member("speed", Value::number(speed));
    Value list = Value::array();
    for (const std::string& n : notices) list.push_back(text(n));
    j.append_member("notices", std::move(list));
    return json::write(j);
}

}  // namespace strideconv::teach
