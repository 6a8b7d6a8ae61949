// url.cpp -- the URL state codec (see url.hpp). Standard C++ only.
//
// [SECTION] Text helpers: percent-decoding, quoting untrusted text for notices, numbers
// [SECTION] Decoding
// [SECTION] Encoding
#include "teach/url.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <utility>

#include "base/number_text.hpp"
#include "base/text.hpp"
#include "teach/stack_spec.hpp"
#include "teach/strings.hpp"

namespace strideconv::teach {

namespace {

// [SECTION] Text helpers -------------------------------------------------------------------------

int hex_value(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

// application/x-www-form-urlencoded: '+' is a space, %XX a byte. A '%' without two hex digits is
// kept as it is (the value then fails to parse and is reported).
std::string percent_decode(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const char ch = s[i];
        if (ch == '+') {
            out += ' ';
        } else if (ch == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
                   hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += ch;
        }
    }
    return out;
}

bool unreserved(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_' || ch == '.' || ch == '~' || ch == ',' || ch == ':' ||
           ch == ';' || ch == '=' || ch == '/';  // legal in a query value: stack= stays readable
}

std::string percent_encode(const std::string& s) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : s) {
        if (unreserved(ch)) {
            out += ch;
        } else {
            const auto u = static_cast<unsigned char>(ch);
            out += '%';
            out += digits[u >> 4];
            out += digits[u & 15];
        }
    }
    return out;
}

// Untrusted text as it may appear in a notice: quoted, printable ASCII only, at most 40 characters.
std::string quoted(const std::string& s) {
    constexpr size_t kShown = 40;
    std::string out = "'";
    for (size_t i = 0; i < s.size() && i < kShown; ++i) {
        const auto u = static_cast<unsigned char>(s[i]);
        out += (u >= 0x20 && u < 0x7f) ? s[i] : '?';
    }
    if (s.size() > kShown) out += "...";
    return out + "'";
}

using base::FloatStatus;
using base::lower;
using base::split;
using base::trim;
using base::WholeStatus;

// Numbers in a link may have spaces around them ("x=1, 2"); the parsers want the bare number.
FloatStatus parse_float(const std::string& text, float& out) {
    return base::parse_float(trim(text), out);
}

WholeStatus parse_integer(const std::string& text, int64_t lo, int64_t hi, int64_t& out) {
    return base::parse_whole(trim(text), lo, hi, out);
}

bool is_whole_number(const std::string& text) {
    int64_t unused = 0;
    return parse_integer(text, 0, 0, unused) != WholeStatus::junk;
}

// [SECTION] Decoding -----------------------------------------------------------------------------

// Every parameter, in the order they are applied (and encoded).
enum Key {
    k_lesson, k_op, k_input, k_kernel, k_stride, k_custom_padding, k_padding, k_padding_mode,
    k_dilation, k_output_padding, k_bias, k_ceil_mode, k_count_include_pad, k_values, k_seed, k_x, k_kernel_preset,
    k_w, k_step, k_view, k_transposed_view, k_compare_stride, k_preset, k_stack, k_swap, k_stack_input, k_channels,
    k_flops, k_stack_picture, k_cell, k_theme, k_palette, k_embed, k_large_text, k_zoom,
    k_image, k_image_size, k_color, k_routes, k_shift, k_blur, k_index_base, k_predict, k_compare_with, k_quiz,
    // [Channels and groups]
    k_in_channels, k_out_channels, k_groups, k_channel,
    k_lang, k_about, k_v, k_count
};

const std::array<const char*, k_count>& key_names() {
    static const std::array<const char*, k_count> names = {
        "lesson", "op", "input", "kernel", "stride", "custom_padding", "padding", "padding_mode",
        "dilation", "output_padding", "bias", "ceil_mode", "count_include_pad", "values", "seed", "x",
        "kernel_preset", "w", "step", "view", "transposed_view", "compare_stride", "preset", "stack", "swap",
        "stack_input", "channels", "flops", "stack_picture", "cell", "theme", "palette", "embed", "large_text",
        "zoom", "image", "image_size", "color", "routes", "shift", "blur", "index_base", "predict", "compare_with", "quiz",
        "in_channels", "out_channels", "groups", "channel",
        "lang", "about", "v"};
    return names;
}

std::string lesson_names() {
    std::string s;
    for (const auto& l : lessons()) s += (s.empty() ? "" : ", ") + std::string(l.name);
    return s;
}

// Notices with a cap, so a hostile query cannot produce an unbounded list.
class Notices {
  public:
    Notices(std::vector<std::string>& out, Lang lang) : out_(out), lang_(lang) {}
    void add(std::string sentence) {
        if (out_.size() < kMaxUrlNotices - 1) out_.push_back(std::move(sentence));
        else ++dropped_;
    }
    void finish() {
        if (dropped_ > 0)
            out_.push_back(trp(lang_, "{0} more problem in the link not listed.|{0} more problems in the link not listed.",
                               static_cast<int64_t>(dropped_)));
    }

  private:
    std::vector<std::string>& out_;
    Lang lang_;
    size_t dropped_ = 0;
};

// Notices speak the language the link asks for (its lang=, the last one given), else the one the
// lab already speaks; decoding applies lang= late, so it is looked up first.
Lang notice_lang(const Config& starting_point, const std::vector<std::string>& segments) {
    Lang lang = starting_point.lang;
    for (const auto& segment : segments) {
        const size_t eq = segment.find('=');
        if (eq == std::string::npos || lower(trim(percent_decode(segment.substr(0, eq)))) != "lang") continue;
        lang = lang_from_code(trim(percent_decode(segment.substr(eq + 1)))).value_or(Lang::en);
    }
    return lang;
}

struct Decoder {
    Config& c;
    Notices& notes;
    Lang lang;
    std::array<std::optional<std::string>, k_count> given{};

    // `why` is a key of the string table (English), with {0}, ... filled from `args`.
    void ignored(Key k, const std::string& value, const char* why, std::initializer_list<std::string_view> args = {}) {
        notes.add(trf(lang, "Ignored {0}={1}: {2}.", {key_names()[k], quoted(value), trf(lang, why, args)}));
    }
    std::string out_of_range(Key k, const std::string& value, int64_t used) const {
        return trf(lang, "{0}={1} is out of range; using {2}.", {key_names()[k], quoted(value), std::to_string(used)});
    }

    // One whole-number token of a size, stride or padding, saturated to int (normalize then
    // clamps it to the lesson's limits, with its own notice).
    int whole_number(Key k, const std::string& token, const std::string& value) {
        int64_t v = 0;
        if (parse_integer(token, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(),
                          v) == WholeStatus::saturated)
            notes.add(out_of_range(k, value, v));
        return static_cast<int>(v);
    }

    // Splits 'A', 'AxB' or 'A,B,...' into whole numbers; nullopt (with a notice) if the count is
    // not one of `counts` or a part is not a whole number.
    std::optional<std::vector<int>> numbers(Key k, const std::string& value,
                                            std::initializer_list<size_t> counts,
                                            const char* expected) {
        const auto parts = split(value, "xX,");
        bool ok = false;
        for (const size_t n : counts) ok = ok || parts.size() == n;
        for (size_t i = 0; ok && i < parts.size(); ++i) ok = is_whole_number(parts[i]);
        if (!ok) {
            ignored(k, value, expected);
            return std::nullopt;
        }
        std::vector<int> v;
        for (const auto& part : parts) v.push_back(whole_number(k, part, value));
        return v;
    }

    // 'N' or 'HxW' (also 'H,W').
    void pair(Key k, const std::string& value, Pair& out) {
        if (auto v = numbers(k, value, {1, 2}, "expected a whole number N or a pair HxW such as 5 or 6x4"))
            out = {(*v)[0], v->back()};
    }

    // 'P', 'PHxPW' or 'T,B,L,R'. Returns false if the value was refused.
    bool padding_numbers(Key k, const std::string& value, Pad4& out) {
        auto v = numbers(k, value, {1, 2, 4},
                         k == k_padding ? "expected P, PHxPW or T,B,L,R (whole numbers), same, valid or full"
                                        : "expected P, PHxPW or T,B,L,R (whole numbers)");
        if (!v) return false;
        const auto& n = *v;
        if (n.size() == 1) out = {n[0], n[0], n[0], n[0]};
        else if (n.size() == 2) out = {n[0], n[0], n[1], n[1]};
        else out = {n[0], n[1], n[2], n[3]};
        return true;
    }

    std::optional<bool> boolean(Key k, const std::string& value) {
        const std::string s = lower(value);
        if (s == "1" || s == "true" || s == "yes" || s == "on") return true;
        if (s == "0" || s == "false" || s == "no" || s == "off") return false;
        ignored(k, value, "expected 0 or 1");
        return std::nullopt;
    }

    std::optional<uint32_t> seed(Key k, const std::string& text, const std::string& value) {
        int64_t v = 0;
        switch (parse_integer(text, 0, std::numeric_limits<uint32_t>::max(), v)) {
            case WholeStatus::junk:
                ignored(k, value, "the seed must be a whole number from 0 to 4294967295");
                return std::nullopt;
            case WholeStatus::saturated:
                notes.add(trf(lang, "{0}={1}: the seed must be from 0 to 4294967295; using {2}.",
                              {key_names()[k], quoted(value), std::to_string(v)}));
                break;
            case WholeStatus::ok: break;
        }
        return static_cast<uint32_t>(v);
    }

    // Comma-separated floats; entries that are not finite numbers become 0 (one notice).
    std::vector<float> values_list(Key k, const std::string& value) {
        std::vector<float> out;
        size_t bad = 0;
        std::string first_bad;
        for (const auto& part : split(value, ",")) {
            float f = 0;
            if (parse_float(part, f) != FloatStatus::ok) {
                if (bad++ == 0) first_bad = trim(part);
                f = 0;
            }
            out.push_back(f);
        }
        if (bad > 0)
            notes.add(trp(lang,
                          "{1}: {0} value is not a finite number (first {2}); using 0 instead.|"
                          "{1}: {0} values are not a finite number (first {2}); using 0 instead.",
                          static_cast<int64_t>(bad), {key_names()[k], quoted(first_bad)}));
        return out;
    }

    // A list such as names_list's "walk, compare or quiz", its last "or" in the notice's language.
    std::string choices(const std::string& english_list) const {
        const size_t at = english_list.rfind(" or ");
        if (at == std::string::npos) return english_list;
        return english_list.substr(0, at) + tr(lang, " or ") + english_list.substr(at + 4);
    }

    // A setting named in `table` (any case); anything else keeps the setting and says what it expects.
    template <class E, size_t N>
    void named(Key k, const std::string& value, const base::Name<E> (&table)[N], E& setting) {
        if (auto v = base::value_named(table, lower(value))) setting = *v;
        else ignored(k, value, "expected {0}", {choices(base::names_list(table))});
    }

    // image=zoneplate|stripes|checker|text|scene|photo|photo:NAME|NAME (a photo)|file.
    void image_source(const std::string& word, const std::string& value) {
        if (word == "file") {
            // The user's own picture stays in the app that opened it; a link cannot carry it.
            if (!c.image.own_file)
                notes.add(trf(lang,
                              "image=file: a picture opened from a file cannot travel in a link; open it again "
                              "(file picker or drag and drop). Showing the {0} instead.",
                              {image::to_string(c.image.source)}));
            return;
        }
        std::string kind = word, photo;
        const size_t colon = word.find(':');
        if (colon != std::string::npos) {
            kind = trim(word.substr(0, colon));
            photo = trim(word.substr(colon + 1));
        }
        for (const auto& p : image::photos())
            if (kind == p.name) {
                kind = "photo";
                photo = p.name;
            }
        auto source = image::source_from_string(kind);
        if (!source || (colon != std::string::npos && *source != image::SourceKind::photo)) {
            std::string photos;
            for (const auto& p : image::photos()) photos += std::string(", photo:") + p.name;
            ignored(k_image, value, "expected zoneplate, stripes, checker, text, scene, photo{0}", {photos});
            return;
        }
        if (*source == image::SourceKind::photo && !photo.empty()) {
            bool known = false;
            for (const auto& p : image::photos()) known = known || photo == p.name;
            if (!known) {
                ignored(k_image, value, "no such photo");
                return;
            }
        }
        c.image.source = *source;
        c.image.own_file = false;
        c.image.photo = photo;
    }

    void apply(Key k, const std::string& value) {
        const std::string word = lower(value);
        switch (k) {
            case k_lesson: break;  // applied first, by decode_query
            case k_v: break;       // read first, by decode_query
            case k_op: {
                const std::optional<Op> op = op_from_string(word);
                if (op && is_lesson_op(*op)) c.op = *op;
                else ignored(k, value, "expected {0}", {choices(op_names({Op::conv2d, Op::max_pool2d, Op::avg_pool2d,
                                                                          Op::conv_transpose2d}))});
                break;
            }
            // [transposed] conv_transpose2d (teach/transposed.hpp); normalize checks PyTorch's rule.
            case k_output_padding: pair(k, value, c.output_padding); break;
            case k_transposed_view:
                if (auto v = transposed_view_from_string(word)) c.transposed_view = *v;
                else ignored(k, value, "expected scatter, conv or overlap");
                break;
            case k_input: pair(k, value, c.input); break;
            case k_kernel: pair(k, value, c.kernel); break;
            case k_stride: pair(k, value, c.stride); break;
            case k_dilation: pair(k, value, c.dilation); break;
            case k_compare_stride: pair(k, value, c.compare_stride); break;
            case k_custom_padding: padding_numbers(k, value, c.padding); break;
            case k_padding:
                if (auto v = base::value_named(kPadPresetNames, word); v && *v != PadPreset::custom) c.pad_preset = *v;
                else if (padding_numbers(k, value, c.padding))
                    c.pad_preset = PadPreset::custom;
                break;
            case k_padding_mode:
                if (auto m = padding_mode_from_string(word)) c.padding_mode = *m;
                else ignored(k, value, "expected zeros, reflect, replicate or circular");
                break;
            case k_bias: {
                float f = 0;
                switch (parse_float(value, f)) {
                    case FloatStatus::ok: c.bias = f; break;
                    case FloatStatus::junk: ignored(k, value, "expected a finite number such as 0.5"); break;
                    case FloatStatus::too_large: ignored(k, value, "the number is too large for a float"); break;
                }
                break;
            }
            case k_ceil_mode:
                if (auto b = boolean(k, value)) c.ceil_mode = *b;
                break;
            case k_count_include_pad:
                if (auto b = boolean(k, value)) c.count_include_pad = *b;
                break;
            case k_embed:
                if (auto b = boolean(k, value)) c.embed = *b;
                break;
            case k_large_text:
                if (auto b = boolean(k, value)) c.large_text = *b;
                break;
            case k_zoom:  // out of range: normalize clamps it, with a notice
                if (auto v = numbers(k, value, {1}, "expected a whole number of percent from 100 to 400"))
                    c.zoom = (*v)[0];
                break;
            case k_about:
                if (auto b = boolean(k, value)) c.about = *b;
                break;
            case k_index_base:
                if (word == "0" || word == "1") c.index_base = word == "1" ? 1 : 0;
                else ignored(k, value, "expected 0 (rows and columns counted from 0) or 1");
                break;
            case k_compare_with:
                named(k, value, kCompareWithNames, c.compare_with);
                break;
            case k_quiz:
                named(k, value, kQuizTopicNames, c.quiz);
                break;
            case k_predict:
                named(k, value, kPredictNames, c.predict);
                break;
            case k_values: {
                if (given[k_x]) {
                    ignored(k, value, "x= gives the input values");
                    break;
                }
                const size_t colon = word.find(':');
                const std::optional<Fill> fill = base::fill_from_string(trim(word.substr(0, colon)));
                if (!fill) {
                    ignored(k, value, "expected seq, ones, checker or random:SEED");
                    break;
                }
                c.fill = *fill;
                if (colon != std::string::npos) {
                    if (c.fill != Fill::random)
                        notes.add(trf(lang, "values={0}: only random takes a seed; the seed is ignored.", {quoted(value)}));
                    else if (auto s = seed(k, word.substr(colon + 1), value)) c.seed = *s;
                }
                break;
            }
            case k_seed:
                if (auto s = seed(k, value, value)) c.seed = *s;
                break;
            case k_x:
                c.fill = Fill::custom;
                c.x = values_list(k, value);
                break;
            case k_kernel_preset: {
                if (word == "custom") {
                    c.kernel_preset = "custom";
                    break;
                }
                if (given[k_w]) {
                    ignored(k, value, "w= gives the kernel values");
                    break;
                }
                if (const KernelPreset* preset = base::find_kernel_preset(word))
                    c.kernel_preset = preset->name;
                else
                    ignored(k, value, "expected one of {0}", {base::kernel_preset_names() + ", custom"});
                break;
            }
            case k_w:
                c.kernel_preset = "custom";
                c.w = values_list(k, value);
                break;
            case k_step: {
                int64_t v = 0;
                const auto status = parse_integer(value, 0, std::numeric_limits<int>::max(), v);
                if (status == WholeStatus::junk) {
                    ignored(k, value, "expected a whole number 0 or more");
                    break;
                }
                if (status == WholeStatus::saturated) notes.add(out_of_range(k, value, v));
                c.step = static_cast<int>(v);
                break;
            }
            case k_view:
                named(k, value, kViewNames, c.view);
                break;
            // The network view. preset= starts from a preset's layers: a stack, swaps or a cell
            // given with it apply on top, otherwise they start afresh.
            case k_preset:
                if (network_preset(word)) {
                    c.stack.preset = word;
                    if (!given[k_stack]) c.stack.spec.clear();
                    if (!given[k_stack] && !given[k_swap]) c.stack.swaps.clear();
                    if (!given[k_cell]) {
                        c.stack.layer = 0;
                        c.stack.cell = {0, 0};
                    }
                } else {
                    ignored(k, value, "no network preset by that name (try {0})", {network_preset_names()});
                }
                break;
            case k_stack: {
                auto layers = parse_stack(value, lang);
                if (!layers.ok()) {
                    notes.add(trf(lang, "Ignored {0}={1}: {2}.", {key_names()[k], quoted(value), layers.error}));
                    break;
                }
                c.stack.spec = format_stack(layers.value);
                if (!given[k_swap]) c.stack.swaps.clear();
                break;
            }
            case k_swap: {
                if (word == "none") {
                    c.stack.swaps.clear();
                    break;
                }
                std::vector<int> list;
                for (const auto& part : split(value, "xX,")) {
                    int64_t v = 0;
                    if (parse_integer(part, 1, kMaxStackLayers, v) != WholeStatus::ok) {
                        list.clear();
                        ignored(k, value, "expected layer numbers N,N,... (1..{0}) or none", {std::to_string(kMaxStackLayers)});
                        break;
                    }
                    list.push_back(static_cast<int>(v));
                }
                if (!list.empty()) c.stack.swaps = list;
                break;
            }
            case k_stack_input: pair(k, value, c.stack.input); break;
            case k_channels:
                if (auto v = numbers(k, value, {1}, "expected a whole number of channels such as 3")) c.stack.channels = (*v)[0];
                break;
            case k_flops:
                if (auto b = boolean(k, value)) c.stack.flops = *b;
                break;
            case k_stack_picture:
                if (auto b = boolean(k, value)) c.stack.picture = *b;
                break;
            case k_cell:
                if (auto v = numbers(k, value, {3}, "expected LAYER,ROW,COL (whole numbers)")) {
                    c.stack.layer = (*v)[0];
                    c.stack.cell = {(*v)[1], (*v)[2]};
                }
                break;
            case k_image: image_source(word, value); break;
            case k_image_size: pair(k, value, c.image.size); break;
            case k_color:
                if (word == "rgb") c.image.color = image::Color::rgb;
                else if (word == "gray" || word == "grey") c.image.color = image::Color::gray;
                else ignored(k, value, "expected rgb or gray");
                break;
            case k_routes: {
                std::string bad;
                if (auto r = routes_from_text(word, &bad)) c.image.routes = *r;
                else ignored(k, value, "expected all or a comma-separated list of stride1, stride, pool-max, pool-avg, blurpool");
                break;
            }
            case k_shift: pair(k, value, c.image.shift); break;
            case k_blur:
                if (auto v = numbers(k, value, {1}, "expected a whole number F from 1 to 7")) c.image.blur = (*v)[0];
                break;
            // [Channels and groups] Counts are clamped and groups checked by normalize, with notices.
            case k_in_channels:
                if (auto v = numbers(k, value, {1}, "expected a whole number of input channels from 1 to 16"))
                    c.channels.in_channels = (*v)[0];
                break;
            case k_out_channels:
                if (auto v = numbers(k, value, {1}, "expected a whole number of output channels from 1 to 16"))
                    c.channels.out_channels = (*v)[0];
                break;
            case k_groups:
                if (auto v = numbers(k, value, {1}, "expected a whole number of groups dividing in_channels and out_channels"))
                    c.channels.groups = (*v)[0];
                break;
            case k_channel:  // O (the walked output channel) or O,I (and the input channel drawn large)
                if (auto v = numbers(k, value, {1, 2}, "expected O or O,I: the output channel walked and an input channel it reads")) {
                    c.channels.channel = (*v)[0];
                    c.channels.in_channel = v->size() == 2 ? (*v)[1] : -1;
                }
                break;
            case k_theme:
                named(k, value, kThemeNames, c.theme);
                break;
            case k_lang:
                if (auto l = lang_from_code(value)) {
                    c.lang = *l;
                } else {
                    c.lang = Lang::en;
                    ignored(k, value, "the lab speaks {0}; showing English", {language_codes()});
                }
                break;
            case k_palette:
                named(k, value, kColoursNames, c.colours);
                break;
            case k_count: break;
        }
    }
};

}  // namespace

namespace {

Decoded decode_onto(const Config& starting_point, const std::string& query_or_hash) {
    Decoded d;
    d.config = starting_point;

    std::string q = query_or_hash;
    const bool cut = q.size() > kMaxQueryLength;
    if (cut) {
        q.resize(kMaxQueryLength);
        const size_t amp = q.rfind('&');
        q.resize(amp == std::string::npos ? 0 : amp);
    }
    size_t start = 0;
    while (start < q.size() && (q[start] == '?' || q[start] == '#')) ++start;
    const std::vector<std::string> segments = split(q.substr(start), "&");
    const Lang lang = notice_lang(starting_point, segments);
    Notices notes(d.notices, lang);
    if (cut)
        notes.add(trf(lang, "The link is longer than {0} characters; only that much is read and the parameter cut off "
                            "there is ignored.", {std::to_string(kMaxQueryLength)}));

    Config& c = d.config;
    Decoder decoder{c, notes, lang};
    std::array<int, k_count> times{};
    for (const auto& segment : segments) {
        if (segment.empty()) continue;
        const size_t eq = segment.find('=');
        const std::string key = lower(trim(percent_decode(segment.substr(0, eq))));
        const std::string value =
            eq == std::string::npos ? std::string() : trim(percent_decode(segment.substr(eq + 1)));
        int index = -1;
        for (int k = 0; k < k_count; ++k)
            if (key == key_names()[static_cast<size_t>(k)]) index = k;
        if (index < 0) {
            notes.add(key.empty() ? trf(lang, "Ignored a parameter without a name ({0}).", {quoted(segment)})
                                  : trf(lang, "Ignored unknown parameter {0}.", {quoted(key)}));
            continue;
        }
        ++times[static_cast<size_t>(index)];
        decoder.given[static_cast<size_t>(index)] = value;
    }
    for (int k = 0; k < k_count; ++k) {
        const auto& value = decoder.given[static_cast<size_t>(k)];
        if (times[static_cast<size_t>(k)] > 1)
            notes.add(trf(lang, "{0} is given {1} times; using the last ({2}).",
                          {key_names()[static_cast<size_t>(k)], std::to_string(times[static_cast<size_t>(k)]),
                           quoted(*value)}));
    }
    // Empty values count as absent (and are reported), so they cannot block x=/w= conflicts.
    for (int k = 0; k < k_count; ++k) {
        auto& value = decoder.given[static_cast<size_t>(k)];
        if (value && value->empty()) {
            notes.add(trf(lang, "Ignored {0}: it has no value.", {key_names()[static_cast<size_t>(k)]}));
            value.reset();
        }
    }

    if (const auto& format = decoder.given[k_v]) {
        int64_t v = 0;
        if (parse_integer(*format, 1, std::numeric_limits<int>::max(), v) != WholeStatus::ok) {
            decoder.ignored(k_v, *format, "the link format is a whole number from 1");
        } else {
            d.link_format = static_cast<int>(v);
            if (v > kLinkFormat)
                notes.add(trf(lang,
                              "This link was made by a newer release of the lab (link format {0}; this one reads "
                              "format {1}): what it cannot read is ignored, with a notice for each.",
                              {std::to_string(v), std::to_string(kLinkFormat)}));
        }
    }
    if (const auto& name = decoder.given[k_lesson]) {
        if (auto l = lesson_config(lower(*name))) {
            const Lang lang = c.lang;  // a host's setState({lesson}) keeps the language it shows
            c = *l;
            c.lang = lang;
        }
        else decoder.ignored(k_lesson, *name, "no such lesson (try {0})", {lesson_names()});
    }
    for (int k = 0; k < k_count; ++k)
        if (const auto& value = decoder.given[static_cast<size_t>(k)])
            decoder.apply(static_cast<Key>(k), *value);
    d.lang_given = decoder.given[k_lang].has_value();

    std::vector<std::string> normalized;
    normalize(c, &normalized);
    for (auto& n : normalized) notes.add(std::move(n));
    notes.finish();
    return d;
}

}  // namespace

Decoded decode_query(const std::string& query_or_hash) { return decode_onto(Config{}, query_or_hash); }

const std::vector<std::string>& link_parameter_names() {
    static const std::vector<std::string> names(key_names().begin(), key_names().end());
    return names;
}

Decoded apply_query(const Config& current, const std::string& query_or_hash) {
    return decode_onto(current, query_or_hash);
}

// [SECTION] Encoding -----------------------------------------------------------------------------

namespace {

using base::pair_text;

std::string padding_text(const Pad4& p) {
    if (p.top == p.bottom && p.left == p.right)
        return p.top == p.left ? std::to_string(p.top)
                               : std::to_string(p.top) + "x" + std::to_string(p.left);
    return std::to_string(p.top) + "," + std::to_string(p.bottom) + "," + std::to_string(p.left) +
           "," + std::to_string(p.right);
}


std::string list_text(const std::vector<float>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + base::format_shortest(v[i]);
    return s;
}

}  // namespace

std::string encode_query(const Config& c) {
    // The starting point decode_query will use: a default Config, or the lesson's.
    Config start;
    std::vector<std::pair<Key, std::string>> out;
    if (!c.lesson.empty()) {
        if (auto l = lesson_config(c.lesson)) {
            start = *l;
            out.push_back({k_lesson, c.lesson});
        }
    }
    auto put = [&](bool differs, Key k, std::string value) {
        if (differs) out.push_back({k, std::move(value)});
    };
    put(c.op != start.op, k_op, to_string(c.op));
    put(c.input != start.input, k_input, pair_text(c.input));
    put(c.kernel != start.kernel, k_kernel, pair_text(c.kernel));
    put(c.stride != start.stride, k_stride, pair_text(c.stride));
    if (c.pad_preset == PadPreset::custom) {
        put(start.pad_preset != PadPreset::custom || c.padding != start.padding, k_padding,
            padding_text(c.padding));
    } else {
        put(c.padding != start.padding, k_custom_padding, padding_text(c.padding));
        put(c.pad_preset != start.pad_preset, k_padding, to_string(c.pad_preset));
    }
    put(c.padding_mode != start.padding_mode, k_padding_mode, to_string(c.padding_mode));
    put(c.dilation != start.dilation, k_dilation, pair_text(c.dilation));
    put(c.output_padding != start.output_padding, k_output_padding, pair_text(c.output_padding));
    put(!(c.bias == start.bias), k_bias, base::format_shortest(c.bias));
    put(c.ceil_mode != start.ceil_mode, k_ceil_mode, c.ceil_mode ? "1" : "0");
    put(c.count_include_pad != start.count_include_pad, k_count_include_pad,
        c.count_include_pad ? "1" : "0");
    if (c.fill == Fill::random) {
        put(start.fill != Fill::random || c.seed != start.seed, k_values,
            "random:" + std::to_string(c.seed));
    } else {
        put(c.fill != Fill::custom && c.fill != start.fill, k_values, to_string(c.fill));
        put(c.seed != start.seed, k_seed, std::to_string(c.seed));
        put(c.fill == Fill::custom, k_x, list_text(c.x));
    }
    if (c.kernel_preset == "custom") put(true, k_w, list_text(c.w));
    else put(c.kernel_preset != start.kernel_preset, k_kernel_preset, c.kernel_preset);
    put(c.step != start.step, k_step, std::to_string(c.step));
    put(c.view != start.view, k_view, to_string(c.view));
    put(c.transposed_view != start.transposed_view, k_transposed_view, to_string(c.transposed_view));
    put(c.compare_stride != start.compare_stride, k_compare_stride, pair_text(c.compare_stride));
    // The network view, against what decoding preset= and stack= will leave (see k_preset).
    const StackConfig& st = c.stack;
    StackConfig after = start.stack;
    if (st.preset != after.preset) {
        put(true, k_preset, st.preset);
        after.preset = st.preset;
        after.spec.clear();
        after.swaps.clear();
        after.layer = 0;
        after.cell = {0, 0};
    }
    if (st.spec != after.spec) {
        put(true, k_stack, st.spec);
        after.swaps.clear();
    }
    if (st.swaps != after.swaps) {
        std::string list;
        for (const int p : st.swaps) list += (list.empty() ? "" : ",") + std::to_string(p);
        put(true, k_swap, list.empty() ? "none" : list);
    }
    put(st.input != after.input, k_stack_input, pair_text(st.input));
    put(st.channels != after.channels, k_channels, std::to_string(st.channels));
    put(st.flops != after.flops, k_flops, st.flops ? "1" : "0");
    put(st.picture != after.picture, k_stack_picture, st.picture ? "1" : "0");
    put(st.layer != after.layer || st.cell != after.cell, k_cell,
        std::to_string(st.layer) + "," + std::to_string(st.cell[0]) + "," + std::to_string(st.cell[1]));
    put(c.theme != start.theme, k_theme, to_string(c.theme));
    put(c.colours != start.colours, k_palette, to_string(c.colours));
    put(c.embed != start.embed, k_embed, c.embed ? "1" : "0");
    put(c.large_text != start.large_text, k_large_text, c.large_text ? "1" : "0");
    put(c.zoom != start.zoom, k_zoom, std::to_string(c.zoom));
    put(image_source_text(c.image) != image_source_text(start.image), k_image, image_source_text(c.image));
    put(c.image.size != start.image.size, k_image_size, pair_text(c.image.size));
    put(c.image.color != start.image.color, k_color, image::to_string(c.image.color));
    put(c.image.routes != start.image.routes, k_routes, routes_text(c.image.routes));
    put(c.image.shift != start.image.shift, k_shift, pair_text(c.image.shift));
    put(c.image.blur != start.image.blur, k_blur, std::to_string(c.image.blur));
    put(c.index_base != start.index_base, k_index_base, std::to_string(c.index_base));
    put(c.predict != start.predict, k_predict, to_string(c.predict));
    put(c.compare_with != start.compare_with, k_compare_with, to_string(c.compare_with));
    put(c.quiz != start.quiz, k_quiz, to_string(c.quiz));
    // [Channels and groups] channel=O when the input channel drawn is the first filter O reads.
    const ChannelConfig& ch = c.channels;
    put(ch.in_channels != start.channels.in_channels, k_in_channels, std::to_string(ch.in_channels));
    put(ch.out_channels != start.channels.out_channels, k_out_channels, std::to_string(ch.out_channels));
    put(ch.groups != start.channels.groups, k_groups, std::to_string(ch.groups));
    const bool first_read = ch.in_channel == first_seen_channel(ch, c.op, ch.channel);
    put(ch.channel != start.channels.channel || ch.in_channel != start.channels.in_channel, k_channel,
        std::to_string(ch.channel) + (first_read ? "" : "," + std::to_string(ch.in_channel)));
    put(c.lang != start.lang, k_lang, to_string(c.lang));
    put(c.about != start.about, k_about, c.about ? "1" : "0");
    put(kLinkFormat != 1, k_v, std::to_string(kLinkFormat));  // format 1 links carry no v=

    std::string query;
    for (const auto& [k, value] : out)
        query += (query.empty() ? "" : "&") + std::string(key_names()[k]) + "=" + percent_encode(value);
    return query;
}

}  // namespace strideconv::teach
