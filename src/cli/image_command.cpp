// image_command.cpp -- `strideconv image`: one route of image mode on a picture file or a built-in
// source, written as .npy (float32, exact values) or PNG (value map stated on stdout).
// Standard C++ only; every number comes from the image layer and the core, kernel presets from base.
//
//   strideconv image --in photo.png --gray --kernel sobel_x --padding 1 --stride 2 --route stride --out y.npy
#include "cli/cli.hpp"
#include "image/image.hpp"
#include "image/routes.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "base/number_text.hpp"
#include "base/presets.hpp"
#include "base/text.hpp"

namespace strideconv::cli {

namespace {

// [SECTION] Parsing ------------------------------------------------------------------------------

Result<int> parse_int(const std::string& text, const std::string& option, int lo, int hi) {
    int64_t v = 0;
    switch (base::parse_whole(text, lo, hi, v)) {
        case base::WholeStatus::junk: return Result<int>::fail(option + ": expected an integer, got '" + text + "'");
        case base::WholeStatus::saturated:
            return Result<int>::fail(option + ": expected " + std::to_string(lo) + " to " + std::to_string(hi) +
                                     ", got " + text);
        case base::WholeStatus::ok: break;
    }
    return {static_cast<int>(v), {}, {}};
}

std::vector<std::string> split(const std::string& text, char separator) {
    return base::split(text, std::string(1, separator));
}

// "5" -> {5, 5}; "4x6" -> {4, 6} (height x width).
Result<Pair> parse_pair(const std::string& text, const std::string& option, int lo, int hi) {
    const std::vector<std::string> parts = split(text, 'x');
    if (parts.size() != 1 && parts.size() != 2)
        return Result<Pair>::fail(option + ": expected N or HxW, got '" + text + "'");
    Pair p{};
    for (size_t i = 0; i < parts.size(); ++i) {
        auto n = parse_int(parts[i], option, lo, hi);
        if (!n.ok()) return Result<Pair>::fail(n.error);
        p[i] = n.value;
    }
    if (parts.size() == 1) p[1] = p[0];
    return {p, {}, {}};
}

Result<Padding> parse_padding(const std::string& text) {
    if (text == "same") return {Padding::same(), {}, {}};
    if (text == "valid") return {Padding::valid(), {}, {}};
    const std::vector<std::string> parts = split(text, ',');
    if (parts.size() == 4) {
        int sides[4];
        for (int i = 0; i < 4; ++i) {
            auto n = parse_int(parts[size_t(i)], "--padding", 0, kMaxExtent);
            if (!n.ok()) return Result<Padding>::fail(n.error);
            sides[i] = n.value;
        }
        return {Padding::sides(sides[0], sides[1], sides[2], sides[3]), {}, {}};
    }
    auto p = parse_pair(text, "--padding", 0, kMaxExtent);
    if (!p.ok())
        return Result<Padding>::fail("--padding: expected P, PHxPW, T,B,L,R, same or valid, got '" + text + "'");
    return {Padding::symmetric(p.value[0], p.value[1]), {}, {}};
}

Result<std::vector<float>> parse_weights(const std::string& text) {
    std::vector<float> values;
    for (const std::string& item : split(text, ',')) {
        float v = 0;
        if (base::parse_float(item, v) != base::FloatStatus::ok)
            return Result<std::vector<float>>::fail("--weights: '" + item + "' is not a finite number");
        values.push_back(v);
    }
    return {values, {}, {}};
}

// A kernel preset from the one table (base/presets.hpp) the app, links and every command share. Fixed presets are 3x3; the others take --kernel-size.
Result<Weight> preset_kernel(const std::string& name, Pair size, bool size_given) {
    using R = Result<Weight>;
    const base::KernelPreset* preset = base::find_kernel_preset(name);
    if (!preset)
        return R::fail("--kernel: unknown kernel '" + name + "' (expected " + base::kernel_preset_names() +
                       ", or --weights for a custom kernel)");
    if (preset->size != 0 && size_given && (size[0] != preset->size || size[1] != preset->size))
        return R::fail("--kernel " + name + " is a " + std::to_string(preset->size) + "x" +
                       std::to_string(preset->size) + " kernel; --kernel-size does not apply");
    int kh = size[0], kw = size[1];
    std::vector<float> values;
    if (!base::kernel_preset_values(name, kh, kw, values)) return R::fail("--kernel: no values for '" + name + "'");
    return {image::kernel_weight(kh, kw, values), {}, {}};
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Result<ImageArgs> parse_image_args(const Args& args) {
    using R = Result<ImageArgs>;
    static const char* const kValued[] = {"--in", "--source", "--size", "--kernel", "--kernel-size",
                                          "--weights", "--padding", "--padding-mode", "--stride",
                                          "--route", "--blur", "--out", "--max-side"};
    ImageArgs a;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i], value;
        const size_t eq = name.find('=');
        bool inline_value = false;
        if (name.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inline_value = true;
        }
        if (name == "--gray") {
            if (inline_value) return R::fail("--gray takes no value");
            a.gray = true;
            continue;
        }
        bool valued = false;
        for (const char* v : kValued) valued = valued || name == v;
        if (!valued)
            return R::fail((name.rfind("-", 0) == 0 ? "unknown option '" : "unexpected argument '") + name +
                           "' for 'image' (see --help)");
        if (!inline_value) {
            if (i + 1 >= args.size()) return R::fail(name + " needs a value");
            value = args[++i];
        }
        if (name == "--in") a.in = value;
        else if (name == "--source") a.source = value;
        else if (name == "--out") a.out = value;
        else if (name == "--size") {
            auto p = parse_pair(value, "--size", image::kMinSide, image::kMaxSide);
            if (!p.ok()) return R::fail(p.error);
            a.size = p.value;
        } else if (name == "--kernel") {
            a.kernel = value;
            a.kernel_given = true;
        } else if (name == "--kernel-size") {
            auto p = parse_pair(value, "--kernel-size", 1, 31);
            if (!p.ok()) return R::fail(p.error);
            a.kernel_size = p.value;
        } else if (name == "--weights") {
            auto w = parse_weights(value);
            if (!w.ok()) return R::fail(w.error);
            a.weights = w.value;
        } else if (name == "--padding") {
            auto p = parse_padding(value);
            if (!p.ok()) return R::fail(p.error);
            a.padding = p.value;
        } else if (name == "--padding-mode") {
            auto m = padding_mode_from_string(value);
            if (!m) return R::fail("--padding-mode: expected zeros, reflect, replicate or circular, got '" + value + "'");
            a.padding_mode = *m;
        } else if (name == "--stride") {
            auto p = parse_pair(value, "--stride", 1, image::kMaxRouteStride);
            if (!p.ok()) return R::fail(p.error);
            a.stride = p.value;
        } else if (name == "--route") {
            auto r = image::route_from_string(value);
            if (!r) return R::fail("--route: expected stride1, stride, pool-max, pool-avg or blurpool, got '" + value + "'");
            a.route = *r;
        } else if (name == "--blur") {
            auto f = parse_int(value, "--blur", 1, image::kMaxBlur);
            if (!f.ok()) return R::fail(f.error);
            a.blur = f.value;
        } else if (name == "--max-side") {
            auto m = parse_int(value, "--max-side", 1, image::kMaxSide);
            if (!m.ok()) return R::fail(m.error);
            a.max_side = m.value;
        }
    }
    if (a.in.empty() == a.source.empty()) return R::fail("give either --in FILE or --source NAME (one of them)");
    if (!a.in.empty() && a.size) return R::fail("--size applies to --source only (a file keeps its size)");
    if (a.out.empty()) return R::fail("missing --out FILE.npy or FILE.png");
    if (!ends_with(a.out, ".npy") && !ends_with(a.out, ".png"))
        return R::fail("--out: the file name must end in .npy or .png, got '" + a.out + "'");
    if (a.weights && a.kernel_given) return R::fail("give either --kernel or --weights, not both");
    return {a, {}, {}};
}

namespace {

Result<image::Image> load_picture(const ImageArgs& a) {
    image::ImportOptions options;
    options.color = a.gray ? image::Color::gray : image::Color::rgb;
    options.max_side = a.max_side;
    if (!a.in.empty()) return image::load_image_file(a.in, options);
    image::SourceDesc d;
    std::string kind = a.source;
    const size_t colon = kind.find(':');
    if (colon != std::string::npos) {
        d.photo = kind.substr(colon + 1);
        kind = kind.substr(0, colon);
    }
    auto k = image::source_from_string(kind);
    if (!k || (colon != std::string::npos && *k != image::SourceKind::photo))
        return Result<image::Image>::fail("--source: expected zoneplate, stripes, checker, text, scene, photo or "
                                          "photo:NAME, got '" + a.source + "'");
    d.kind = *k;
    if (a.size) {
        d.height = a.size->at(0);
        d.width = a.size->at(1);
    }
    auto made = image::make_source(d);
    if (made.ok() && a.gray) made.value.pixels = image::to_luma(made.value.pixels);
    return made;
}

std::string dims(const Tensor& t) {
    return std::to_string(t.c) + " x " + std::to_string(t.h) + " x " + std::to_string(t.w);
}

}  // namespace

int run_image(const Args& args, std::ostream& out, std::ostream& err) {
    auto parsed = parse_image_args(args);
    if (!parsed.ok()) return fail(err, parsed.error);
    const ImageArgs& a = parsed.value;

    image::RouteSettings s;
    if (a.weights) {
        const size_t n = a.weights->size();
        Pair size{};
        if (a.kernel_size) {
            size = *a.kernel_size;
        } else {
            const int side = static_cast<int>(std::lround(std::sqrt(double(n))));
            if (static_cast<size_t>(side) * side != n)
                return fail(err, "--weights: " + std::to_string(n) +
                                     " values are not a square kernel; give --kernel-size KHxKW");
            size = {side, side};
        }
        if (static_cast<size_t>(size[0]) * size[1] != n)
            return fail(err, "--weights: got " + std::to_string(n) + " values, --kernel-size " +
                                 std::to_string(size[0]) + "x" + std::to_string(size[1]) + " needs " +
                                 std::to_string(size[0] * size[1]));
        s.kernel = image::kernel_weight(size[0], size[1], *a.weights);
    } else {
        auto k = preset_kernel(a.kernel, a.kernel_size.value_or(Pair{3, 3}), a.kernel_size.has_value());
        if (!k.ok()) return fail(err, k.error);
        s.kernel = k.value;
    }
    s.padding = a.padding;
    s.padding_mode = a.padding_mode;
    s.stride = a.stride;
    s.blur = a.blur;

    auto picture = load_picture(a);
    if (!picture.ok()) return fail(err, picture.error);
    const Tensor& x = picture.value.pixels;
    auto run = image::run_route(a.route, x, s, 1);
    if (!run.ok()) return fail(err, run.error);
    const Tensor& y = run.value.output;
    const image::RoutePlan& plan = run.value.plan;

    std::string bytes;
    std::string mapping;
    if (ends_with(a.out, ".npy")) {
        bytes = image::encode_npy(y);
    } else {
        const image::ValueMap map = image::value_map_for(y);
        bytes = image::encode_png(y, map);
        mapping = map.describe();
        if (bytes.empty()) return fail(err, "could not encode the PNG");
    }
    std::ofstream file(a.out, std::ios::binary);
    if (!file || !file.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) || !file.flush())
        return fail(err, "cannot write '" + a.out + "'");

    out << "input: " << picture.value.source << ", " << dims(x) << " (" << (x.c == 3 ? "rgb" : "gray") << ")\n";
    for (const Message& notice : picture.value.notices) out << "note: " << notice.english() << "\n";
    out << "route: " << image::route_title(a.route, s.stride, s.blur) << " (" << image::to_string(a.route) << ")\n";
    out << "output: " << dims(y) << "\n";
    out << "height: " << plan.size_formula(true) << "\n";
    out << "width: " << plan.size_formula(false) << "\n";
    out << "MACs: " << format_count(plan.macs());
    if (plan.down)
        out << " (conv " << format_count(plan.conv_macs) << " + "
            << (a.route == image::Route::blurpool ? "blur MACs " : "pool window reads ")
            << format_count(plan.down_reads()) << ")";
    out << "\n";
    out << "time: " << base::format_fixed(run.value.median_ms, 3) << " ms (one run)\n";
    if (mapping.empty())
        out << "wrote " << a.out << ": float32, shape (" << y.c << ", " << y.h << ", " << y.w << ")\n";
    else
        out << "wrote " << a.out << ": " << (y.c == 3 ? "RGB" : "gray") << " PNG " << y.w << "x" << y.h
            << ", " << mapping << "\n";
    return kExitOk;
}

}  // namespace strideconv::cli
