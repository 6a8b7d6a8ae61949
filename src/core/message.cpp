// message.cpp -- Message: a sentence as its English pattern and parameters (see core.hpp).
// Standard C++ only.
#include "core/core.hpp"

namespace strideconv {

Message Message::of(std::string pattern, std::vector<Message> args) {
    Message m;
    m.kind = Kind::sentence;
    m.text = std::move(pattern);
    m.args = std::move(args);
    return m;
}

Message Message::number(int64_t n) { return number_text(std::to_string(n)); }

Message Message::number_text(std::string c_locale_number) {
    Message m;
    m.kind = Kind::number;
    m.text = std::move(c_locale_number);
    return m;
}

Message Message::literal(std::string text) {
    Message m;
    m.kind = Kind::literal;
    m.text = std::move(text);
    return m;
}

std::string Message::english() const {
    if (kind != Kind::sentence) return text;
    // {0}..{9} replaced by the parameters' English; anything else as it is.
    std::string out;
    out.reserve(text.size() + 16);
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' && text[i + 1] >= '0' && text[i + 1] <= '9') {
            const size_t k = static_cast<size_t>(text[i + 1] - '0');
            if (k < args.size()) {
                out += args[k].english();
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

}  // namespace strideconv
