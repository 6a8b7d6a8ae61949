// request.cpp -- JSON compute requests (see request.hpp for the format and the rules).
// Standard C++ only.
//
// [SECTION] Fields: which op takes which field, unknown-field suggestions
// [SECTION] Scalars: integers, pairs, padding, booleans
// [SECTION] Arrays: input, weight, bias
// [SECTION] Request: parse, run, respond
#include "io/request.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace strideconv {

namespace {

using json::Value;

// [SECTION] Fields ------------------------------------------------------------------------------

enum OpBit : unsigned {
    kConv = 1u << 0,
    kConvT = 1u << 1,
    kMax = 1u << 2,
    kAvg = 1u << 3,
    kAll = kConv | kConvT | kMax | kAvg,
};

unsigned bit_of(Op op) {
    switch (op) {
        case Op::conv2d: return kConv;
        case Op::conv_transpose2d: return kConvT;
        case Op::max_pool2d: return kMax;
        case Op::avg_pool2d: return kAvg;
    }
    return 0;
}

struct FieldRule {
    const char* name;
    unsigned ops;
};

// The keyword arguments of torch.nn.functional's four functions, by op.
constexpr FieldRule kFields[] = {
    {"op", kAll},
    {"input", kAll},
    {"weight", kConv | kConvT},
    {"bias", kConv | kConvT},
    {"stride", kAll},
    {"padding", kAll},
    {"dilation", kConv | kConvT | kMax},
    {"groups", kConv | kConvT},
    {"padding_mode", kConv},
    {"output_padding", kConvT},
    {"kernel_size", kMax | kAvg},
    {"ceil_mode", kMax | kAvg},
    {"count_include_pad", kAvg},
    {"divisor_override", kAvg},
};

const FieldRule* find_field(const std::string& name) {
    for (const FieldRule& f : kFields)
        if (name == f.name) return &f;
    return nullptr;
}

// Levenshtein distance, for "did you mean" on a misspelt field.
size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::string unknown_field_message(const std::string& name) {
    std::string message = "unknown field " + json::quote_for_message(name);
    if (name.size() > 64) return message;
    const char* best = nullptr;
    size_t best_distance = 3;  // suggest only close misspellings
    for (const FieldRule& f : kFields) {
        size_t d = edit_distance(name, f.name);
        if (d < best_distance) best_distance = d, best = f.name;
    }
    if (best) message += std::string(" (did you mean '") + best + "'?)";
    return message;
}

// [SECTION] Scalars -----------------------------------------------------------------------------

std::string describe(const Value& v) {
    if (v.is_number()) {
        std::string text;
        json::write_number(text, v.as_number());
        return text;
    }
    return json::to_string(v.kind());
}

Result<int> read_int(const Value& v, const std::string& field) {
    if (!v.is_number()) return Result<int>::fail(field + ": expected an integer, got " + describe(v));
    double d = v.as_number();
    if (d != std::floor(d))
        return Result<int>::fail(field + ": expected an integer, got " + describe(v));
    if (d < std::numeric_limits<int>::min() || d > std::numeric_limits<int>::max())
        return Result<int>::fail(field + ": " + describe(v) + " is out of range");
    Result<int> r;
    r.value = static_cast<int>(d);
    return r;
}

// int | [n] | [h, w], as PyTorch's _pair() accepts.
Result<Pair> read_pair(const Value& v, const std::string& field) {
    Result<Pair> r;
    if (v.is_number()) {
        Result<int> n = read_int(v, field);
        if (!n.ok()) return Result<Pair>::fail(n.error);
        r.value = {n.value, n.value};
        return r;
    }
    if (!v.is_array() || v.size() < 1 || v.size() > 2)
        return Result<Pair>::fail(field + ": expected an integer or a list of 2 integers, got " +
                                  (v.is_array() ? "a list of " + std::to_string(v.size())
                                                : std::string(json::to_string(v.kind()))));
    for (size_t i = 0; i < v.size(); ++i) {
        Result<int> n = read_int(v.items()[i], field + "[" + std::to_string(i) + "]");
        if (!n.ok()) return Result<Pair>::fail(n.error);
        r.value[i] = n.value;
    }
    if (v.size() == 1) r.value[1] = r.value[0];
    return r;
}

// conv2d's padding: the pair forms, plus [top, bottom, left, right], "same" and "valid".
Result<Padding> read_conv_padding(const Value& v) {
    Result<Padding> r;
    if (v.is_string()) {
        if (v.as_string() == "same") r.value = Padding::same();
        else if (v.as_string() == "valid") r.value = Padding::valid();
        else
            return Result<Padding>::fail("padding: unknown padding " +
                                         json::quote_for_message(v.as_string()) +
                                         " (expected 'same', 'valid', an integer or a list)");
        return r;
    }
    if (v.is_array() && v.size() == 4) {
        int sides[4];
        for (size_t i = 0; i < 4; ++i) {
            Result<int> n = read_int(v.items()[i], "padding[" + std::to_string(i) + "]");
            if (!n.ok()) return Result<Padding>::fail(n.error);
            sides[i] = n.value;
        }
        r.value = Padding::sides(sides[0], sides[1], sides[2], sides[3]);
        return r;
    }
    if (v.is_array() && v.size() != 1 && v.size() != 2)
        return Result<Padding>::fail("padding: expected 1, 2 or 4 integers, got a list of " +
                                     std::to_string(v.size()));
    Result<Pair> pair = read_pair(v, "padding");
    if (!pair.ok()) return Result<Padding>::fail(pair.error);
    r.value = Padding::symmetric(pair.value[0], pair.value[1]);
    return r;
}

// Padding of the other ops: numbers only.
Result<Pair> read_plain_padding(const Value& v, Op op) {
    if (v.is_string())
        return Result<Pair>::fail("padding: " + json::quote_for_message(v.as_string()) +
                                  " is only accepted by conv2d; " + to_string(op) +
                                  " takes an integer or a list of 2 integers");
    return read_pair(v, "padding");
}

Result<bool> read_bool(const Value& v, const std::string& field) {
    if (!v.is_bool())
        return Result<bool>::fail(field + ": expected true or false, got " + describe(v));
    Result<bool> r;
    r.value = v.as_bool();
    return r;
}

// [SECTION] Arrays ------------------------------------------------------------------------------

// Names of the levels of a nested array, outermost first, for messages such as
// "input: row 2 of channel 0 has 4 values, expected 5".
struct Level {
    const char* singular;
    const char* plural;
};
constexpr Level kInputLevels[] = {{"channel", "channels"}, {"row", "rows"}, {"value", "values"}};
constexpr Level kWeightLevels[] = {{"filter", "filters"},
                                   {"input channel", "input channels"},
                                   {"row", "rows"},
                                   {"value", "values"}};

// A dense N-d array of numbers, flattened in reading order.
struct Dense {
    std::vector<int> dims;
    std::vector<float> data;
};

class DenseReader {
public:
    DenseReader(const std::string& field, const Level* levels, size_t rank, int64_t max_values)
        : field_(field), levels_(levels), rank_(rank), max_values_(max_values) {}

    Result<Dense> read(const Value& root) {
        // Expected sizes come from the first element at each level; every other element is
        // checked against them while copying.
        const Value* probe = &root;
        int64_t total = 1;
        for (size_t level = 0; level < rank_; ++level) {
            path_.assign(level, 0);
            if (!probe->is_array()) return fail_not_array(*probe, level);
            if (probe->size() == 0) return fail_empty(level);
            total *= int64_t(probe->size());
            if (total > max_values_)
                return Result<Dense>::fail(field_ + ": more than " + std::to_string(max_values_) +
                                           " values (the limit)");
            dense_.dims.push_back(static_cast<int>(probe->size()));
            probe = &probe->items()[0];
        }
        dense_.data.reserve(static_cast<size_t>(total));
        path_.clear();
        if (!copy(root, 0)) return Result<Dense>::fail(error_);
        Result<Dense> r;
        r.value = std::move(dense_);
        return r;
    }

private:
    // "row 2 of channel 0" for the current path (innermost first, like the sentence reads).
    std::string where(size_t depth) const {
        std::string text;
        for (size_t level = depth; level-- > 0;) {
            if (!text.empty()) text += " of ";
            text += std::string(levels_[level].singular) + " " + std::to_string(path_[level]);
        }
        return text;
    }

    Result<Dense> fail_not_array(const Value& v, size_t level) {
        std::string expected = std::string("an array of ") + levels_[level].plural;
        if (level == 0)
            return Result<Dense>::fail(field_ + ": expected " + expected + ", got " +
                                       json::to_string(v.kind()));
        return Result<Dense>::fail(field_ + ": " + where(level) + " is " +
                                   json::to_string(v.kind()) + ", expected " + expected);
    }

    Result<Dense> fail_empty(size_t level) {
        if (level == 0)
            return Result<Dense>::fail(field_ + ": needs at least one " + levels_[0].singular);
        return Result<Dense>::fail(field_ + ": " + where(level) + " has no " +
                                   levels_[level].plural);
    }

    bool set_error(std::string message) {
        error_ = field_ + ": " + std::move(message);
        return false;
    }

    bool copy(const Value& v, size_t level) {
        if (level == rank_) {
            if (!v.is_number())
                return set_error(where(level) + " is " + json::to_string(v.kind()) +
                                 ", expected a number");
            float f = static_cast<float>(v.as_number());
            if (!std::isfinite(f))
                return set_error(where(level) + " (" + describe(v) + ") is out of float range");
            dense_.data.push_back(f);
            return true;
        }
        if (!v.is_array()) {
            error_ = fail_not_array(v, level).error;
            return false;
        }
        size_t expected = static_cast<size_t>(dense_.dims[level]);
        if (v.size() != expected) {
            std::string count = std::to_string(v.size()) + " " +
                                (v.size() == 1 ? levels_[level].singular : levels_[level].plural) +
                                ", expected " + std::to_string(expected);
            if (level == 0) return set_error("has " + count);  // unreachable: dims[0] is its size
            return set_error(where(level) + " has " + count);
        }
        path_.push_back(0);
        for (size_t i = 0; i < expected; ++i) {
            path_[level] = int(i);
            if (!copy(v.items()[i], level + 1)) return false;
        }
        path_.pop_back();
        return true;
    }

    const std::string field_;
    const Level* levels_;
    size_t rank_;
    int64_t max_values_;
    std::vector<int> path_;
    Dense dense_;
    std::string error_;
};

Result<Tensor> read_input(const Value& v, const ComputeLimits& limits) {
    Result<Dense> dense = DenseReader("input", kInputLevels, 3, limits.max_input_values).read(v);
    if (!dense.ok()) return Result<Tensor>::fail(dense.error);
    Result<Tensor> r;
    r.value.c = dense.value.dims[0];
    r.value.h = dense.value.dims[1];
    r.value.w = dense.value.dims[2];
    r.value.data = std::move(dense.value.data);
    return r;
}

Result<Weight> read_weight(const Value& v, const ComputeLimits& limits) {
    Result<Dense> dense =
        DenseReader("weight", kWeightLevels, 4, limits.max_weight_values).read(v);
    if (!dense.ok()) return Result<Weight>::fail(dense.error);
    Result<Weight> r;
    r.value.o = dense.value.dims[0];
    r.value.i = dense.value.dims[1];
    r.value.kh = dense.value.dims[2];
    r.value.kw = dense.value.dims[3];
    r.value.data = std::move(dense.value.data);
    return r;
}

Result<std::vector<float>> read_bias(const Value& v) {
    using R = Result<std::vector<float>>;
    if (!v.is_array()) return R::fail("bias: expected an array of numbers or null, got " + describe(v));
    R r;
    r.value.reserve(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
        const Value& item = v.items()[i];
        if (!item.is_number())
            return R::fail("bias: value " + std::to_string(i) + " is " +
                           json::to_string(item.kind()) + ", expected a number");
        float f = static_cast<float>(item.as_number());
        if (!std::isfinite(f))
            return R::fail("bias: value " + std::to_string(i) + " (" + describe(item) +
                           ") is out of float range");
        r.value.push_back(f);
    }
    return r;
}

// [SECTION] Request -----------------------------------------------------------------------------

Result<Op> read_op(const Value& v) {
    if (!v.is_string()) return Result<Op>::fail("op: expected a string, got " + describe(v));
    const std::optional<Op> op = op_from_string(v.as_string());
    if (!op)
        return Result<Op>::fail("op: unknown op " + json::quote_for_message(v.as_string()) +
                                " (expected " +
                                op_names({Op::conv2d, Op::conv_transpose2d, Op::max_pool2d,
                                          Op::avg_pool2d}) +
                                ")");
    Result<Op> r;
    r.value = *op;
    return r;
}

// Reads `field` into `out` with `reader` when present; false (with `error` set) on failure.
template <class T, class Reader>
bool read_into(const Value& request, const char* field, T& out, std::string& error, Reader reader) {
    const Value* v = request.find(field);
    if (!v) return true;
    auto r = reader(*v);
    if (!r.ok()) {
        error = r.error;
        return false;
    }
    out = std::move(r.value);
    return true;
}

}  // namespace

Result<ComputeRequest> parse_compute_request(const Value& request, const ComputeLimits& limits) {
    using R = Result<ComputeRequest>;
    if (!request.is_object())
        return R::fail(std::string("request: expected a JSON object, got ") +
                       json::to_string(request.kind()));
    const Value* op_value = request.find("op");
    if (!op_value) return R::fail("missing field 'op'");
    Result<Op> op = read_op(*op_value);
    if (!op.ok()) return R::fail(op.error);

    R r;
    ComputeRequest& q = r.value;
    q.op = op.value;
    const char* op_name = to_string(q.op);
    for (const json::Member& m : request.members()) {
        const FieldRule* rule = find_field(m.key);
        if (!rule) return R::fail(unknown_field_message(m.key));
        if (!(rule->ops & bit_of(q.op)))
            return R::fail("field '" + m.key + "' does not apply to " + op_name);
    }
    bool is_conv = q.op == Op::conv2d || q.op == Op::conv_transpose2d;
    auto require = [&](const char* field) -> std::string {
        if (request.find(field)) return "";
        return std::string("missing field '") + field + "' (required by " + op_name + ")";
    };
    for (const char* field : {"input", is_conv ? "weight" : "kernel_size"}) {
        std::string missing = require(field);
        if (!missing.empty()) return R::fail(missing);
    }

    std::string error;
    auto input = [&](const Value& v) { return read_input(v, limits); };
    auto weight = [&](const Value& v) { return read_weight(v, limits); };
    auto pair = [](const char* field) { return [field](const Value& v) { return read_pair(v, field); }; };
    auto integer = [](const char* field) { return [field](const Value& v) { return read_int(v, field); }; };
    auto boolean = [](const char* field) { return [field](const Value& v) { return read_bool(v, field); }; };
    auto plain_padding = [&](const Value& v) { return read_plain_padding(v, q.op); };
    // Pool stride: PyTorch treats None (and an empty list) as "same as kernel_size".
    auto pool_stride = [](const Value& v) {
        Result<std::optional<Pair>> r;
        if (v.is_null() || (v.is_array() && v.size() == 0)) return r;
        Result<Pair> p = read_pair(v, "stride");
        if (!p.ok()) return Result<std::optional<Pair>>::fail(p.error);
        r.value = p.value;
        return r;
    };

    if (!read_into(request, "input", q.input, error, input)) return R::fail(error);
    if (is_conv) {
        if (!read_into(request, "weight", q.weight, error, weight)) return R::fail(error);
        auto bias = [](const Value& v) {
            Result<std::optional<std::vector<float>>> r;
            if (v.is_null()) return r;
            Result<std::vector<float>> b = read_bias(v);
            if (!b.ok()) return Result<std::optional<std::vector<float>>>::fail(b.error);
            r.value = std::move(b.value);
            return r;
        };
        if (!read_into(request, "bias", q.bias, error, bias)) return R::fail(error);
    }

    bool ok = true;
    switch (q.op) {
        case Op::conv2d: {
            Conv2dOptions& o = q.conv2d;
            auto padding_mode = [](const Value& v) {
                Result<PaddingMode> r;
                std::optional<PaddingMode> mode;
                if (v.is_string()) mode = padding_mode_from_string(v.as_string());
                if (!mode)
                    return Result<PaddingMode>::fail(
                        "padding_mode: expected 'zeros', 'reflect', 'replicate' or 'circular', "
                        "got " + (v.is_string() ? json::quote_for_message(v.as_string()) : describe(v)));
                r.value = *mode;
                return r;
            };
            ok = read_into(request, "stride", o.stride, error, pair("stride")) &&
                 read_into(request, "padding", o.padding, error, read_conv_padding) &&
                 read_into(request, "dilation", o.dilation, error, pair("dilation")) &&
                 read_into(request, "groups", o.groups, error, integer("groups")) &&
                 read_into(request, "padding_mode", o.padding_mode, error, padding_mode);
            break;
        }
        case Op::conv_transpose2d: {
            ConvTranspose2dOptions& o = q.conv_transpose2d;
            ok = read_into(request, "stride", o.stride, error, pair("stride")) &&
                 read_into(request, "padding", o.padding, error, plain_padding) &&
                 read_into(request, "output_padding", o.output_padding, error,
                           pair("output_padding")) &&
                 read_into(request, "groups", o.groups, error, integer("groups")) &&
                 read_into(request, "dilation", o.dilation, error, pair("dilation"));
            break;
        }
        case Op::max_pool2d: {
            MaxPool2dOptions& o = q.max_pool2d;
            ok = read_into(request, "kernel_size", o.kernel_size, error, pair("kernel_size")) &&
                 read_into(request, "stride", o.stride, error, pool_stride) &&
                 read_into(request, "padding", o.padding, error, plain_padding) &&
                 read_into(request, "dilation", o.dilation, error, pair("dilation")) &&
                 read_into(request, "ceil_mode", o.ceil_mode, error, boolean("ceil_mode"));
            break;
        }
        case Op::avg_pool2d: {
            AvgPool2dOptions& o = q.avg_pool2d;
            auto divisor = [](const Value& v) {
                Result<std::optional<int>> r;
                if (v.is_null()) return r;
                Result<int> n = read_int(v, "divisor_override");
                if (!n.ok()) return Result<std::optional<int>>::fail(n.error);
                r.value = n.value;
                return r;
            };
            ok = read_into(request, "kernel_size", o.kernel_size, error, pair("kernel_size")) &&
                 read_into(request, "stride", o.stride, error, pool_stride) &&
                 read_into(request, "padding", o.padding, error, plain_padding) &&
                 read_into(request, "ceil_mode", o.ceil_mode, error, boolean("ceil_mode")) &&
                 read_into(request, "count_include_pad", o.count_include_pad, error,
                           boolean("count_include_pad")) &&
                 read_into(request, "divisor_override", o.divisor_override, error, divisor);
            break;
        }
    }
    if (!ok) return R::fail(error);
    return r;
}

Result<LayerShape> compute_shape(const ComputeRequest& q) {
    const Tensor& x = q.input;
    switch (q.op) {
        case Op::conv2d: return conv2d_shape(x.c, x.h, x.w, q.weight, q.conv2d);
        case Op::conv_transpose2d: return conv_transpose2d_shape(x.c, x.h, x.w, q.weight, q.conv_transpose2d);
        case Op::max_pool2d: return max_pool2d_shape(x.c, x.h, x.w, q.max_pool2d);
        case Op::avg_pool2d: return avg_pool2d_shape(x.c, x.h, x.w, q.avg_pool2d);
    }
    return Result<LayerShape>::fail("unknown op");
}

Result<Tensor> run_compute(const ComputeRequest& q, const ComputeLimits& limits) {
    // The shape and the budget before the core allocates anything of the layer's size.
    Result<LayerShape> shape = compute_shape(q);
    if (!shape.ok()) return Result<Tensor>::fail(shape.error);
    if (auto over = check_budget(shape.value, limits); !over.empty())
        return Result<Tensor>::fail("request too large: " + over);
    const std::vector<float>* bias = q.bias ? &*q.bias : nullptr;
    switch (q.op) {
        case Op::conv2d: return conv2d(q.input, q.weight, bias, q.conv2d);
        case Op::conv_transpose2d:
            return conv_transpose2d(q.input, q.weight, bias, q.conv_transpose2d);
        case Op::max_pool2d: return max_pool2d(q.input, q.max_pool2d);
        case Op::avg_pool2d: return avg_pool2d(q.input, q.avg_pool2d);
    }
    return Result<Tensor>::fail("unknown op");
}

std::string compute_response_json(const Tensor& y) {
    std::string out;
    out.reserve(32 + y.size() * 8);
    out += "{\"shape\":[" + std::to_string(y.c) + "," + std::to_string(y.h) + "," +
           std::to_string(y.w) + "],\"output\":[";
    for (int c = 0; c < y.c; ++c) {
        out += c ? ",[" : "[";
        for (int row = 0; row < y.h; ++row) {
            out += row ? ",[" : "[";
            for (int col = 0; col < y.w; ++col) {
                if (col) out += ',';
                json::write_number(out, y.at(c, row, col));
            }
            out += ']';
        }
        out += ']';
    }
    out += "]}";
    return out;
}

Result<std::string> run_compute_request(const std::string& json_text, const ComputeLimits& limits) {
    json::ParseLimits parse_limits;
    parse_limits.max_bytes = limits.max_json_bytes;
    Result<json::Value> doc = json::parse(json_text, parse_limits);
    if (!doc.ok()) return Result<std::string>::fail(doc.error);
    Result<ComputeRequest> request = parse_compute_request(doc.value, limits);
    if (!request.ok()) return Result<std::string>::fail(request.error);
    doc.value = json::Value();  // free the DOM before the output is allocated
    Result<Tensor> output = run_compute(request.value, limits);
    if (!output.ok()) return Result<std::string>::fail(output.error);
    Result<std::string> r;
    r.value = compute_response_json(output.value);
    return r;
}

}  // namespace strideconv
