// set_state.cpp -- a host's JSON state through the URL codec (see set_state.hpp). Standard C++ only.
#include "teach/set_state.hpp"

#include <utility>
#include <vector>

#include "base/json.hpp"

namespace strideconv::teach {

namespace {

// The URL's escaping of a key or value: letters, digits and -_.~,: as they are, the rest %XX, so
// that '&', '=', '%', '+' and '#' inside a JSON string stay part of it.
std::string query_escape(const std::string& text) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '-' || c == '_' || c == '.' || c == '~' || c == ',' || c == ':';
        if (plain) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

// A scalar in the URL's syntax; false for what has none (objects, nested lists).
bool scalar_text(const json::Value& v, std::string& out) {
    switch (v.kind()) {
        case json::Kind::number: out.clear(); json::write_number(out, v.as_number()); return true;
        case json::Kind::boolean: out = v.as_bool() ? "1" : "0"; return true;
        case json::Kind::string: out = v.as_string(); return true;
        case json::Kind::null:
        case json::Kind::array:
        case json::Kind::object: break;
    }
    return false;
}

// One member's value in the URL's syntax, or a sentence saying why it has none.
bool value_text(const std::string& key, const json::Value& v, std::string& out, std::string& why) {
    if (!v.is_array()) {
        if (scalar_text(v, out)) return true;
        why = "expected a number, text, true/false or a list of numbers";
        return false;
    }
    // Pairs are HxW; the lists of values and the four padding sides take commas, as in links.
    const bool commas = key == "x" || key == "w" || key == "routes" || key == "swap" || key == "cell" || key == "channel" ||
                        (key == "padding" && v.size() == 4);
    out.clear();
    std::string item;
    for (size_t i = 0; i < v.items().size(); ++i) {
        if (!scalar_text(v.items()[i], item) || v.items()[i].is_bool()) {
            why = "expected a list of numbers";
            return false;
        }
        if (i > 0) out += commas ? ',' : 'x';
        out += item;
    }
    return true;
}

// getState().stack (an object) as the network view's link keys: preset, custom -> stack, swaps ->
// swap, input -> stack_input, channels, flops, picture -> stack_picture, and layer with cell ->
// cell=L,R,C. What getState derives from them (title, spec, layers, totals, switches, field,
// error) is read-only: skipped.
void stack_members(const json::Value& stack, std::vector<std::pair<std::string, json::Value>>& out) {
    const json::Value* layer = nullptr;
    const json::Value* cell = nullptr;
    for (const json::Member& m : stack.members()) {
        if (m.key == "preset" || m.key == "channels" || m.key == "flops") {
            out.emplace_back(m.key, m.value);
        } else if (m.key == "picture") {
            out.emplace_back("stack_picture", m.value);
        } else if (m.key == "custom") {
            if (!(m.value.is_string() && m.value.as_string().empty())) out.emplace_back("stack", m.value);
        } else if (m.key == "swaps") {
            if (m.value.is_array() && m.value.items().empty()) out.emplace_back("swap", json::Value::string("none"));
            else out.emplace_back("swap", m.value);
        } else if (m.key == "input") {
            out.emplace_back("stack_input", m.value);
        } else if (m.key == "layer") {
            layer = &m.value;
        } else if (m.key == "cell") {
            cell = &m.value;
        }
    }
    if (layer && cell && cell->is_array()) {
        json::Value joined = json::Value::array();
        joined.push_back(*layer);
        for (const json::Value& v : cell->items()) joined.push_back(v);
        out.emplace_back("cell", std::move(joined));
    }
}

// What getState() reports but a state cannot set: it follows from the parameters.
bool is_derived_member(const std::string& key) {
    static const char* const kDerived[] = {"output", "output_values", "steps", "macs", "macs_stride1", "error", "playing",
                                           "speed", "notices", "explanation", "description", "version",
                                           "link_format",
                                           "overlap",  // conv_transpose2d's overlap map {min, max}
                                           // [Channels and groups] teach/channels.hpp
                                           "params", "channel_step", "separable"};
    for (const char* d : kDerived)
        if (key == d) return true;
    return false;
}

}  // namespace

Decoded apply_state_json(const Config& current, const std::string& json_text) {
    std::vector<std::string> refused;
    std::string query;
    json::ParseLimits limits;
    limits.max_depth = 6;  // getState() on view=stack: stack.layers[i].output
    limits.max_bytes = kMaxStateJsonBytes;
    const Result<json::Value> doc = json::parse(json_text, limits);
    if (!doc.ok()) {
        refused.push_back("Ignored the state: " + doc.error + ".");
    } else if (!doc.value.is_object()) {
        refused.push_back(std::string("Ignored the state: expected an object of parameters such as {\"stride\": "
                                      "[2, 2]}, got ") + json::to_string(doc.value.kind()) + ".");
    } else {
        // A whole getState() object (it carries version and link_format) comes back without a
        // word about what it derives; a host that sets one of those alone is told it cannot.
        const bool snapshot = doc.value.find("version") && doc.value.find("link_format");
        // A preset other than "custom" wins over the numbers it made: the padding preset (same,
        // valid, full) over padding, the input fill over x, the kernel preset over w.
        const auto made_by = [&](const char* key) {
            const json::Value* v = doc.value.find(key);
            return v && v->is_string() && v->as_string() != "custom";
        };
        const bool preset_wins = made_by("padding_preset"), fill_wins = made_by("values"),
                   kernel_preset_wins = made_by("kernel_preset");
        std::vector<std::pair<std::string, json::Value>> members;
        for (const json::Member& m : doc.value.members()) {
            if (m.key == "stack" && m.value.is_object()) {
                stack_members(m.value, members);
            } else if (m.key == "padding_preset") {
                if (preset_wins) members.emplace_back("padding", m.value);
                else if (!m.value.is_string()) members.emplace_back(m.key, m.value);  // refused below
            } else if ((m.key == "padding" && preset_wins) || (m.key == "x" && fill_wins) ||
                       (m.key == "w" && kernel_preset_wins)) {
                continue;
            } else if (snapshot && is_derived_member(m.key)) {
                continue;
            } else if (m.key == "lesson" && m.value.is_string() && m.value.as_string().empty()) {
                continue;  // getState's "no lesson"
            } else if ((m.key == "values" && doc.value.find("x")) || (m.key == "kernel_preset" && doc.value.find("w"))) {
                if (!(m.value.is_string() && m.value.as_string() == "custom")) members.emplace_back(m.key, m.value);
                // "custom" with the list: the list says it (x= and w= make the values custom)
            } else {
                members.emplace_back(m.key, m.value);
            }
        }
        for (const auto& [name, value] : members) {
            if (value.is_null()) continue;  // as an absent key
            // getState's image-mode names: "image" is the derived picture facts (read-only),
            // "image_source" the link's image=.
            if (name == "image" && value.is_object()) continue;
            const std::string key = name == "image_source" ? "image" : name;
            std::string text, why;
            if (!value_text(key, value, text, why)) {
                refused.push_back("Ignored " + json::quote_for_message(name) + ": " + why + ".");
                continue;
            }
            if (!query.empty()) query += '&';
            query += query_escape(key) + "=" + query_escape(text);
        }
    }
    Decoded d = apply_query(current, query);
    d.notices.insert(d.notices.begin(), std::make_move_iterator(refused.begin()),
                     std::make_move_iterator(refused.end()));
    return d;
}

}  // namespace strideconv::teach
