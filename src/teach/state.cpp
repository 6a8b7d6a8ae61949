// state.cpp -- the lesson state as JSON (see state.hpp). Standard C++ only.
#include "teach/state.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace strideconv::teach {

namespace {

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (unsigned char ch : s) {
        switch (ch) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (ch < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", ch);
                    out += buf;
                } else {
                    out += static_cast<char>(ch);
                }
        }
    }
    return out + "\"";
}

std::string number(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

std::string pair(Pair p) { return "[" + std::to_string(p[0]) + ", " + std::to_string(p[1]) + "]"; }

std::string numbers(const std::vector<float>& v) {
    std::string out = "[";
    for (size_t k = 0; k < v.size(); ++k) out += (k ? ", " : "") + number(v[k]);
    return out + "]";
}

}  // namespace

std::string state_json(const Lesson& lesson, bool playing, float speed,
                       const std::vector<std::string>& notices) {
    const Config& c = lesson.config();
    const Pad4 p = effective_padding(c);
    std::ostringstream j;
    j << "{";
    j << "\"op\": " << quoted(to_string(c.op));
    j << ", \"input\": " << pair(c.input);
    j << ", \"kernel\": " << pair(c.kernel);
    j << ", \"stride\": " << pair(c.stride);
    j << ", \"padding\": [" << p.top << ", " << p.bottom << ", " << p.left << ", " << p.right << "]";
    j << ", \"padding_preset\": " << quoted(to_string(c.pad_preset));
    j << ", \"padding_mode\": " << quoted(to_string(c.padding_mode));
    j << ", \"dilation\": " << pair(c.dilation);
    j << ", \"bias\": " << number(c.bias);
    j << ", \"ceil_mode\": " << (c.ceil_mode ? "true" : "false");
    j << ", \"count_include_pad\": " << (c.count_include_pad ? "true" : "false");
    std::string values = to_string(c.fill);
    if (c.fill == Fill::random) values += ":" + std::to_string(c.seed);
    j << ", \"values\": " << quoted(values);
    j << ", \"x\": " << numbers(c.x);
    j << ", \"kernel_preset\": " << quoted(c.kernel_preset);
    j << ", \"w\": " << numbers(c.w);
    j << ", \"step\": " << c.step;
    j << ", \"view\": " << quoted(to_string(c.view));
    j << ", \"compare_stride\": " << pair(c.compare_stride);
    j << ", \"theme\": " << quoted(to_string(c.theme));
    j << ", \"embed\": " << (c.embed ? "true" : "false");
    j << ", \"large_text\": " << (c.large_text ? "true" : "false");
    j << ", \"lesson\": " << quoted(c.lesson);
    // Derived, read-only.
    if (lesson.error.empty())
        j << ", \"output\": [" << lesson.output.h << ", " << lesson.output.w << "]";
    else
        j << ", \"output\": null";
    // The output map's values for hosts and tests that check numbers, not pictures.
    const Tensor& out = lesson.output;
    if (lesson.error.empty() && out.c >= 1 && out.h <= kMaxStateOutputValues && out.w <= kMaxStateOutputValues &&
        out.size() >= static_cast<size_t>(out.h) * out.w) {
        j << ", \"output_values\": [";
        for (int y = 0; y < out.h; ++y) {
            j << (y ? ", [" : "[");
            for (int x = 0; x < out.w; ++x) j << (x ? ", " : "") << number(out.at(0, y, x));
            j << "]";
        }
        j << "]";
    } else {
        j << ", \"output_values\": null";
    }
    j << ", \"steps\": " << lesson.steps();
    j << ", \"macs\": " << lesson.macs() << ", \"macs_stride1\": " << lesson.macs_stride1();
    j << ", \"error\": " << (lesson.error.empty() ? "null" : quoted(lesson.error));
    j << ", \"playing\": " << (playing ? "true" : "false");
    j << ", \"speed\": " << number(speed);
    j << ", \"notices\": [";
    for (size_t k = 0; k < notices.size(); ++k) j << (k ? ", " : "") << quoted(notices[k]);
    j << "]";
    j << "}";
    return j.str();
}

}  // namespace strideconv::teach
