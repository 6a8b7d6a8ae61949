// sources.cpp -- the built-in pictures: zone plate, stripes, checkerboard, text, a synthetic
// scene; photos are in photos.cpp. Formulas and conventions are documented in image.hpp.
//
// [SECTION] Names
// [SECTION] Zone plate, stripes, checker
// [SECTION] Text
// [SECTION] Scene
// [SECTION] make_source
#include "image/image.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include <stb/stb_easy_font.h>

namespace strideconv::image {

Result<Image> make_photo(const std::string& name, int height, int width);  // photos.cpp

namespace {

constexpr double kPi = 3.14159265358979323846;

std::string size_text(int h, int w) { return std::to_string(w) + "x" + std::to_string(h); }

}  // namespace

// [SECTION] Names --------------------------------------------------------------------------------

const char* to_string(SourceKind k) {
    switch (k) {
        case SourceKind::zoneplate: return "zoneplate";
        case SourceKind::stripes: return "stripes";
        case SourceKind::checker: return "checker";
        case SourceKind::text: return "text";
        case SourceKind::scene: return "scene";
        case SourceKind::photo: return "photo";
    }
    return "zoneplate";
}

const std::vector<SourceKind>& source_kinds() {
    static const std::vector<SourceKind> kinds = {SourceKind::zoneplate, SourceKind::stripes,
                                                  SourceKind::checker,   SourceKind::text,
                                                  SourceKind::scene,     SourceKind::photo};
    return kinds;
}

std::optional<SourceKind> source_from_string(const std::string& s) {
    for (SourceKind k : source_kinds())
        if (s == to_string(k)) return k;
    return std::nullopt;
}

namespace {

// [SECTION] Zone plate, stripes, checker ---------------------------------------------------------

// Every renderer draws rows [y0, y1) of the h x w picture into a (y1 - y0)-row tensor.
Tensor zone_plate(int h, int w, double max_frequency, int y0, int y1) {
    Tensor t = Tensor::zeros(1, y1 - y0, w);
    const double radius = std::min(h, w) / 2.0;
    const double k = kPi * max_frequency / radius;  // phase = k r^2, local frequency = f r / R
    for (int y = y0; y < y1; ++y) {
        const double dy = y + 0.5 - h / 2.0;
        for (int x = 0; x < w; ++x) {
            const double dx = x + 0.5 - w / 2.0;
            t.at(0, y - y0, x) = static_cast<float>(0.5 + 0.5 * std::cos(k * (dx * dx + dy * dy)));
        }
    }
    return t;
}

// Mean over pixel [i, i + 1) of the square wave that is 1 on the first half of each period.
double square_coverage(int i, double period) {
    auto integral = [&](double t) {  // of the wave over [0, t)
        const double cycles = std::floor(t / period);
        return cycles * period / 2 + std::min(t - cycles * period, period / 2);
    };
    return integral(i + 1.0) - integral(double(i));
}

// Mean over pixel [i, i + 1) of 0.5 + 0.5 cos(2 pi t / P).
double sine_coverage(int i, double period) {
    const double a = 2 * kPi / period;
    return 0.5 + 0.5 * (std::sin(a * (i + 1)) - std::sin(a * i)) / a;
}

std::vector<float> axis_profile(int n, double period, bool sine) {
    std::vector<float> v(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        v[static_cast<size_t>(i)] = static_cast<float>(sine ? sine_coverage(i, period) : square_coverage(i, period));
    return v;
}

Tensor stripes(int h, int w, double period, bool horizontal, bool sine, int y0, int y1) {
    Tensor t = Tensor::zeros(1, y1 - y0, w);
    const std::vector<float> p = axis_profile(horizontal ? h : w, period, sine);
    for (int y = y0; y < y1; ++y)
        for (int x = 0; x < w; ++x) t.at(0, y - y0, x) = p[static_cast<size_t>(horizontal ? y : x)];
    return t;
}

Tensor checker(int h, int w, double period, int y0, int y1) {
    Tensor t = Tensor::zeros(1, y1 - y0, w);
    const std::vector<float> rows = axis_profile(h, period, false), cols = axis_profile(w, period, false);
    for (int y = y0; y < y1; ++y)
        for (int x = 0; x < w; ++x) {
            const float a = rows[static_cast<size_t>(y)], b = cols[static_cast<size_t>(x)];
            t.at(0, y - y0, x) = a * b + (1 - a) * (1 - b);  // light where both axes agree (exact area)
        }
    return t;
}

// [SECTION] Text ---------------------------------------------------------------------------------

// Adds `weight` times the area of [x0, x1) x [y0, y1) that falls in each pixel of rows
// [band0, band1) to `cover` (band1 - band0 rows of w).
void add_rect(std::vector<float>& cover, int band0, int band1, int w, double x0, double y0, double x1, double y1,
              float weight = 1.0f) {
    x0 = std::max(x0, 0.0);
    y0 = std::max(y0, double(band0));
    x1 = std::min(x1, double(w));
    y1 = std::min(y1, double(band1));
    if (x0 >= x1 || y0 >= y1) return;
    for (int y = static_cast<int>(y0); y < static_cast<int>(std::ceil(y1)); ++y) {
        const double fy = std::min(y1, y + 1.0) - std::max(y0, double(y));
        for (int x = static_cast<int>(x0); x < static_cast<int>(std::ceil(x1)); ++x) {
            const double fx = std::min(x1, x + 1.0) - std::max(x0, double(x));
            cover[static_cast<size_t>(y - band0) * w + x] += weight * static_cast<float>(fx * fy);
        }
    }
}

constexpr const char* kDefaultText = "Stride 2 keeps\none output in four.\nWhat do we lose?";

Result<Tensor> text_image(int h, int w, const std::string& text_in, int band0, int band1) {
    std::string text = text_in.empty() ? kDefaultText : text_in;
    if (text.size() > 400) return Result<Tensor>::fail("text: at most 400 characters, got " + std::to_string(text.size()));
    for (char ch : text)
        if (ch != '\n' && (ch < 32 || ch > 126))
            return Result<Tensor>::fail("text: only printable ASCII characters and line breaks can be drawn");
    // stb_easy_font draws each character from horizontal and vertical segments (quads) in a
    // 12-unit line; the quads are filled here with their exact pixel coverage.
    const int font_w = std::max(1, stb_easy_font_width(text.data()));
    const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    const double font_h = 12.0 * lines - 4;  // the last line has no gap below
    const double scale = std::min(0.9 * w / font_w, 0.8 * h / font_h);
    const double ox = (w - font_w * scale) / 2, oy = (h - font_h * scale) / 2;
    std::vector<char> vertices(text.size() * 400 + 1024);
    const int quads = stb_easy_font_print(0, 0, text.data(), nullptr, vertices.data(),
                                          static_cast<int>(vertices.size()));
    std::vector<float> cover(static_cast<size_t>(band1 - band0) * w, 0.0f);
    for (int q = 0; q < quads; ++q) {
        float corner[4][2];
        for (int v = 0; v < 4; ++v) std::memcpy(corner[v], &vertices[static_cast<size_t>(q * 4 + v) * 16], 8);
        double x0 = corner[0][0], x1 = corner[0][0], y0 = corner[0][1], y1 = corner[0][1];
        for (auto& c : corner) {
            x0 = std::min<double>(x0, c[0]);
            x1 = std::max<double>(x1, c[0]);
            y0 = std::min<double>(y0, c[1]);
            y1 = std::max<double>(y1, c[1]);
        }
        add_rect(cover, band0, band1, w, ox + x0 * scale, oy + y0 * scale, ox + x1 * scale, oy + y1 * scale);
    }
    Tensor t = Tensor::zeros(1, band1 - band0, w);
    constexpr float kPage = 0.95f, kInk = 0.1f;
    for (size_t k = 0; k < cover.size(); ++k) t.data[k] = kPage + (kInk - kPage) * std::min(cover[k], 1.0f);
    return {std::move(t), {}, {}};
}

// [SECTION] Scene --------------------------------------------------------------------------------

struct Rgb {
    float r, g, b;
};

Rgb mix(Rgb a, Rgb b, float t) { return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t}; }

// Coverage of a pixel by a shape whose signed distance (pixels, negative inside) at its centre is
// d: a one-pixel ramp, the usual analytic anti-aliasing of signed-distance rendering.
float coverage(double d) { return static_cast<float>(std::clamp(0.5 - d, 0.0, 1.0)); }

double box_distance(double x, double y, double x0, double y0, double x1, double y1) {
    const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, hx = (x1 - x0) / 2, hy = (y1 - y0) / 2;
    const double qx = std::abs(x - cx) - hx, qy = std::abs(y - cy) - hy;
    const double outside = std::hypot(std::max(qx, 0.0), std::max(qy, 0.0));
    return outside + std::min(std::max(qx, qy), 0.0);
}

// Signed distance to the triangle with apex (ax, ay) over the base from (bx0, by) to (bx1, by),
// as the largest of the three edges' half-plane distances (exact inside, close enough outside).
double roof_distance(double x, double y, double ax, double ay, double bx0, double bx1, double by) {
    auto edge = [&](double x0, double y0, double x1, double y1) {
        const double nx = y1 - y0, ny = x0 - x1, len = std::hypot(nx, ny);
        return ((x - x0) * nx + (y - y0) * ny) / len;
    };
    return std::max({edge(bx0, by, ax, ay), edge(ax, ay, bx1, by), edge(bx1, by, bx0, by)});
}

// A repeatable per-pixel noise in [-1, 1] (integer hash), for grass.
float noise(int x, int y) {
    uint32_t v = static_cast<uint32_t>(x) * 374761393u + static_cast<uint32_t>(y) * 668265263u;
    v = (v ^ (v >> 13)) * 1274126177u;
    v ^= v >> 16;
    return static_cast<float>(v & 0xffff) / 32767.5f - 1.0f;
}

Tensor scene(int h, int w, int y0, int y1) {
    Tensor t = Tensor::zeros(3, y1 - y0, w);
    const double s = std::min(h, w);  // shapes that must stay round scale with the shorter side
    const Rgb sky_top{0.45f, 0.65f, 0.92f}, sky_low{0.82f, 0.88f, 0.96f}, sun{1.0f, 0.88f, 0.35f},
        far_hill{0.45f, 0.58f, 0.5f}, grass{0.33f, 0.55f, 0.22f}, wall{0.88f, 0.8f, 0.66f},
        roof{0.62f, 0.2f, 0.14f}, roof_line{0.38f, 0.1f, 0.08f}, glass{0.25f, 0.35f, 0.5f},
        frame{0.95f, 0.95f, 0.92f}, door{0.42f, 0.26f, 0.15f}, fence{0.96f, 0.96f, 0.93f},
        trunk{0.4f, 0.27f, 0.16f}, crown{0.16f, 0.4f, 0.17f};
    const double fence_period = std::max(4.0, w / 40.0), tile_period = std::max(3.0, h / 60.0);
    for (int yi = y0; yi < y1; ++yi) {
        const double y = yi + 0.5;
        for (int xi = 0; xi < w; ++xi) {
            const double x = xi + 0.5;
            Rgb c = mix(sky_top, sky_low, static_cast<float>(std::min(1.0, y / (0.6 * h))));
            c = mix(c, sun, coverage(std::hypot(x - 0.8 * w, y - 0.17 * h) - 0.08 * s));
            const double hill = h * (0.52 + 0.05 * std::sin(2 * kPi * x / w * 1.3 + 0.6));
            c = mix(c, far_hill, coverage(hill - y));
            const double ground = h * (0.66 + 0.025 * std::sin(2 * kPi * x / w * 0.7 + 2.0));
            const float grain = 0.06f * noise(xi, yi);
            c = mix(c, {grass.r + grain, grass.g + grain, grass.b + grain}, coverage(ground - y));
            // House: wall, roof with tile rows, two windows with cross bars, a door.
            c = mix(c, wall, coverage(box_distance(x, y, 0.12 * w, 0.45 * h, 0.42 * w, 0.8 * h)));
            const double roof_d = roof_distance(x, y, 0.27 * w, 0.28 * h, 0.08 * w, 0.46 * w, 0.46 * h);
            const double tile = std::abs(std::fmod(y, tile_period) - tile_period / 2) - tile_period * 0.35;
            c = mix(c, mix(roof, roof_line, coverage(-tile)), coverage(roof_d));
            for (double wx : {0.16, 0.31}) {
                const double x0 = wx * w, x1 = (wx + 0.08) * w, y0 = 0.52 * h, y1 = 0.63 * h;
                c = mix(c, frame, coverage(box_distance(x, y, x0 - 2, y0 - 2, x1 + 2, y1 + 2)));
                c = mix(c, glass, coverage(box_distance(x, y, x0, y0, x1, y1)));
                c = mix(c, frame, coverage(std::abs(x - (x0 + x1) / 2) - 1.0) * coverage(box_distance(x, y, x0, y0, x1, y1)));
                c = mix(c, frame, coverage(std::abs(y - (y0 + y1) / 2) - 1.0) * coverage(box_distance(x, y, x0, y0, x1, y1)));
            }
            c = mix(c, door, coverage(box_distance(x, y, 0.245 * w, 0.66 * h, 0.295 * w, 0.8 * h)));
            // Tree.
            c = mix(c, trunk, coverage(box_distance(x, y, 0.665 * w, 0.5 * h, 0.695 * w, 0.74 * h)));
            c = mix(c, crown, coverage(std::hypot(x - 0.68 * w, y - 0.45 * h) - 0.11 * s));
            // Picket fence across the front: fine vertical periodic detail.
            const double picket = std::abs(std::fmod(x, fence_period) - fence_period / 2) - fence_period * 0.25;
            const double fence_band = box_distance(x, y, 0.0, 0.76 * h, double(w), 0.9 * h);
            c = mix(c, fence, coverage(std::max(picket, fence_band)));
            c = mix(c, fence, coverage(box_distance(x, y, 0.0, 0.8 * h, double(w), 0.815 * h)));
            t.at(0, yi - y0, xi) = std::clamp(c.r, 0.0f, 1.0f);
            t.at(1, yi - y0, xi) = std::clamp(c.g, 0.0f, 1.0f);
            t.at(2, yi - y0, xi) = std::clamp(c.b, 0.0f, 1.0f);
        }
    }
    return t;
}

}  // namespace

// [SECTION] make_source --------------------------------------------------------------------------

namespace {

// The checks make_source makes, and the size and parameters it fills in.
struct CheckedSource {
    int h = 0, w = 0;
    double period = 0, frequency = 0;
    std::string error;
};

CheckedSource check_source(const SourceDesc& d) {
    CheckedSource c;
    c.h = d.height == 0 ? 256 : d.height;
    c.w = d.width == 0 ? 256 : d.width;
    if (c.h < kMinSide || c.h > kMaxSide || c.w < kMinSide || c.w > kMaxSide)
        c.error = "image size must be " + std::to_string(kMinSide) + " to " + std::to_string(kMaxSide) +
                  " pixels per side, got " + size_text(c.h, c.w);
    c.period = d.period == 0 ? 8.0 : d.period;
    if ((d.kind == SourceKind::stripes || d.kind == SourceKind::checker) &&
        (!std::isfinite(c.period) || c.period < 2 || c.period > 4096))
        c.error = "period must be 2 to 4096 pixels (one light and one dark band), got " + std::to_string(d.period);
    c.frequency = d.max_frequency == 0 ? 0.5 : d.max_frequency;
    if (d.kind == SourceKind::zoneplate && (!std::isfinite(c.frequency) || c.frequency <= 0 || c.frequency > 2))
        c.error = "zone plate frequency must be above 0 and at most 2 cycles per pixel, got " +
                  std::to_string(d.max_frequency);
    return c;
}

Result<Tensor> draw_rows(const SourceDesc& d, const CheckedSource& c, int y0, int y1) {
    switch (d.kind) {
        case SourceKind::zoneplate: return {zone_plate(c.h, c.w, c.frequency, y0, y1), {}, {}};
        case SourceKind::stripes: return {stripes(c.h, c.w, c.period, d.horizontal, d.sine, y0, y1), {}, {}};
        case SourceKind::checker: return {checker(c.h, c.w, c.period, y0, y1), {}, {}};
        case SourceKind::text: return text_image(c.h, c.w, d.text, y0, y1);
        case SourceKind::scene: return {scene(c.h, c.w, y0, y1), {}, {}};
        case SourceKind::photo: break;
    }
    return Result<Tensor>::fail("photos are not drawn in rows");
}

}  // namespace

Result<Image> make_source(const SourceDesc& d) {
    using R = Result<Image>;
    const CheckedSource c = check_source(d);
    if (!c.error.empty()) return R::fail(c.error);
    if (d.kind == SourceKind::photo) return make_photo(d.photo, c.h, c.w);
    auto pixels = draw_rows(d, c, 0, c.h);
    if (!pixels.ok()) return R::fail_as(pixels);
    Image image;
    image.source = to_string(d.kind);
    image.pixels = std::move(pixels.value);
    image.original_height = c.h;
    image.original_width = c.w;
    image.original_channels = image.pixels.c;
    return {std::move(image), {}, {}};
}

bool source_draws_in_rows(SourceKind k) { return k != SourceKind::photo; }

Result<Tensor> make_source_rows(const SourceDesc& d, int first_row, int last_row) {
    const CheckedSource c = check_source(d);
    if (!c.error.empty()) return Result<Tensor>::fail(c.error);
    if (first_row < 0 || last_row > c.h || first_row >= last_row)
        return Result<Tensor>::fail("rows " + std::to_string(first_row) + ".." + std::to_string(last_row) +
                                    " are not inside the picture's " + std::to_string(c.h));
    return draw_rows(d, c, first_row, last_row);
}

}  // namespace strideconv::image
