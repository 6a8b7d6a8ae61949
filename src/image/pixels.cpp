// pixels.cpp -- pixels to float tensors: 8/16-bit conversion, alpha, luma, area-average scaling,
// bilinear scaling, shifting, and the value maps back to gray levels. PNG and .npy bytes are in
// files.cpp, so a program that only converts pixels (the web app) links no PNG writer. See image.hpp.
//
// [SECTION] Colour
// [SECTION] Resampling
// [SECTION] Conversion from interleaved pixels
// [SECTION] Value maps
#include "image/image.hpp"

#include "base/number_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace strideconv::image {

namespace {

// Rec. 601 luma weights (ITU-R BT.601).
constexpr float kLumaR = 0.299f, kLumaG = 0.587f, kLumaB = 0.114f;

}  // namespace

// [SECTION] Colour -------------------------------------------------------------------------------

const char* to_string(Color c) { return c == Color::gray ? "gray" : "rgb"; }

std::optional<Color> color_from_string(const std::string& s) {
    if (s == "rgb") return Color::rgb;
    if (s == "gray") return Color::gray;
    return std::nullopt;
}

Message gray_notice() { return Message::of("Converted to gray with the Rec. 601 luma 0.299 R + 0.587 G + 0.114 B."); }

Tensor to_luma(const Tensor& rgb) {
    if (rgb.c != 3) return rgb;
    Tensor out = Tensor::zeros(1, rgb.h, rgb.w);
    const size_t n = static_cast<size_t>(rgb.h) * rgb.w;
    const float* r = rgb.data.data();
    const float* g = r + n;
    const float* b = g + n;
    for (size_t k = 0; k < n; ++k) out.data[k] = kLumaR * r[k] + kLumaG * g[k] + kLumaB * b[k];
    return out;
}

Tensor with_color(const Tensor& image, Color color) {
    return color == Color::gray ? to_luma(image) : image;
}

// [SECTION] Resampling ---------------------------------------------------------------------------

namespace {

// For each output index: the input indices it covers and their weights (summing to 1).
struct Taps {
    std::vector<int> first;      // per output: index into `index`/`weight`
    std::vector<int> index;
    std::vector<float> weight;
};

// Box filter: output o covers input [o * n_in / n_out, (o + 1) * n_in / n_out).
Taps area_taps(int n_in, int n_out) {
    Taps t;
    const double scale = double(n_in) / n_out;
    for (int o = 0; o < n_out; ++o) {
        t.first.push_back(static_cast<int>(t.index.size()));
        const double lo = o * scale, hi = (o + 1) * scale;
        const int i0 = static_cast<int>(std::floor(lo));
        const int i1 = std::min(n_in, static_cast<int>(std::ceil(hi)));
        for (int i = i0; i < i1; ++i) {
            const double overlap = std::min(hi, double(i + 1)) - std::max(lo, double(i));
            if (overlap <= 0) continue;
            t.index.push_back(i);
            t.weight.push_back(static_cast<float>(overlap / scale));
        }
    }
    t.first.push_back(static_cast<int>(t.index.size()));
    return t;
}

// Bilinear with pixel centres aligned: output o samples input (o + 0.5) * n_in / n_out - 0.5.
Taps bilinear_taps(int n_in, int n_out) {
    Taps t;
    const double scale = double(n_in) / n_out;
    for (int o = 0; o < n_out; ++o) {
        t.first.push_back(static_cast<int>(t.index.size()));
        double p = (o + 0.5) * scale - 0.5;
        p = std::clamp(p, 0.0, double(n_in - 1));
        const int i0 = static_cast<int>(std::floor(p));
        const int i1 = std::min(i0 + 1, n_in - 1);
        const double f = p - i0;
        t.index.push_back(i0);
        t.weight.push_back(static_cast<float>(1 - f));
        if (i1 != i0 && f > 0) {
            t.index.push_back(i1);
            t.weight.push_back(static_cast<float>(f));
        }
    }
    t.first.push_back(static_cast<int>(t.index.size()));
    return t;
}

// Separable resampling of rows delivered by `row(y, dst)` (dst: channels x in_w floats, one
// plane per channel) into a C x out_h x out_w tensor. Each input row is fetched once, so a
// huge picture never needs a full float copy.
template <class RowFn>
Tensor resample(int channels, int in_h, int in_w, int out_h, int out_w, const Taps& rows,
                const Taps& cols, RowFn row) {
    Tensor out = Tensor::zeros(channels, out_h, out_w);
    // Which output rows read input row y, with which weight.
    std::vector<std::vector<std::pair<int, float>>> readers(static_cast<size_t>(in_h));
    for (int o = 0; o < out_h; ++o)
        for (int k = rows.first[o]; k < rows.first[o + 1]; ++k)
            readers[static_cast<size_t>(rows.index[k])].push_back({o, rows.weight[k]});
    std::vector<float> src(static_cast<size_t>(channels) * in_w);
    std::vector<float> horizontal(static_cast<size_t>(channels) * out_w);
    for (int y = 0; y < in_h; ++y) {
        if (readers[static_cast<size_t>(y)].empty()) continue;
        row(y, src.data());
        for (int c = 0; c < channels; ++c) {
            const float* s = &src[static_cast<size_t>(c) * in_w];
            float* h = &horizontal[static_cast<size_t>(c) * out_w];
            for (int x = 0; x < out_w; ++x) {
                float acc = 0;
                for (int k = cols.first[x]; k < cols.first[x + 1]; ++k) acc += cols.weight[k] * s[cols.index[k]];
                h[x] = acc;
            }
        }
        for (auto [o, wy] : readers[static_cast<size_t>(y)])
            for (int c = 0; c < channels; ++c) {
                float* dst = &out.data[(static_cast<size_t>(c) * out_h + o) * out_w];
                const float* h = &horizontal[static_cast<size_t>(c) * out_w];
                for (int x = 0; x < out_w; ++x) dst[x] += wy * h[x];
            }
    }
    return out;
}

}  // namespace

Tensor resize_area(const Tensor& image, int out_h, int out_w) {
    if (image.c <= 0 || image.h <= 0 || image.w <= 0 || out_h <= 0 || out_w <= 0) return Tensor{};
    if (out_h == image.h && out_w == image.w) return image;
    return resample(image.c, image.h, image.w, out_h, out_w, area_taps(image.h, out_h),
                    area_taps(image.w, out_w), [&](int y, float* dst) {
                        for (int c = 0; c < image.c; ++c)
                            std::memcpy(dst + static_cast<size_t>(c) * image.w, &image.data[(static_cast<size_t>(c) * image.h + y) * image.w],
                                        sizeof(float) * static_cast<size_t>(image.w));
                    });
}

Tensor resize_bilinear(const Tensor& image, int out_h, int out_w) {
    if (image.c <= 0 || image.h <= 0 || image.w <= 0 || out_h <= 0 || out_w <= 0) return Tensor{};
    if (out_h == image.h && out_w == image.w) return image;
    return resample(image.c, image.h, image.w, out_h, out_w, bilinear_taps(image.h, out_h),
                    bilinear_taps(image.w, out_w), [&](int y, float* dst) {
                        for (int c = 0; c < image.c; ++c)
                            std::memcpy(dst + static_cast<size_t>(c) * image.w, &image.data[(static_cast<size_t>(c) * image.h + y) * image.w],
                                        sizeof(float) * static_cast<size_t>(image.w));
                    });
}

Pair fit_within(int h, int w, int max_side) {
    if (h <= 0 || w <= 0 || max_side <= 0) return {std::max(h, 1), std::max(w, 1)};
    const int longer = std::max(h, w);
    if (longer <= max_side) return {h, w};
    const double f = double(max_side) / longer;
    const int oh = std::clamp(static_cast<int>(std::lround(h * f)), 1, max_side);
    const int ow = std::clamp(static_cast<int>(std::lround(w * f)), 1, max_side);
    return {oh, ow};
}

Tensor shift_image(const Tensor& image, int dy, int dx) {
    if (image.c <= 0 || image.h <= 0 || image.w <= 0) return image;
    if (std::clamp(dy, 0, image.h - 1) == 0 && std::clamp(dx, 0, image.w - 1) == 0) return image;
    return shift_image_rows(image, dy, dx, 0, image.h);
}

Tensor shift_image_rows(const Tensor& image, int dy, int dx, int first_row, int last_row) {
    if (image.c <= 0 || image.h <= 0 || image.w <= 0) return image;
    dy = std::clamp(dy, 0, image.h - 1);
    dx = std::clamp(dx, 0, image.w - 1);
    first_row = std::clamp(first_row, 0, image.h);
    last_row = std::clamp(last_row, first_row, image.h);
    Tensor out = Tensor::zeros(image.c, last_row - first_row, image.w);
    for (int c = 0; c < image.c; ++c)
        for (int y = first_row; y < last_row; ++y) {
            const float* src = &image.data[(static_cast<size_t>(c) * image.h + std::max(0, y - dy)) * image.w];
            float* dst = &out.data[(static_cast<size_t>(c) * out.h + (y - first_row)) * image.w];
            for (int x = 0; x < image.w; ++x) dst[x] = src[std::max(0, x - dx)];
        }
    return out;
}

// [SECTION] Conversion from interleaved pixels ---------------------------------------------------

namespace {

template <class T>
Result<Image> from_pixels(const T* pixels, int width, int height, int channels,
                          const ImportOptions& options, float max_value) {
    using R = Result<Image>;
    if (!pixels) return R::fail("no pixels were given");
    if (channels < 1 || channels > 4)
        return R::fail("pixels must have 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) channels, got " +
                       std::to_string(channels));
    if (width <= 0 || height <= 0)
        return R::fail(Message::of("the image is {0}x{1} pixels: it has no pixels to show",
                                   {Message::number(width), Message::number(height)}));
    if (width > kMaxDecodeSide || height > kMaxDecodeSide ||
        int64_t(width) * height > kMaxDecodePixels)
        return R::fail(Message::of("the image is {0}x{1} pixels; the largest this app reads is {2} pixels per side and {3} megapixels",
                                   {Message::number(width), Message::number(height), Message::number(kMaxDecodeSide),
                                    Message::number(kMaxDecodePixels >> 20)}));
    const int max_side = options.max_side == 0 ? kMaxSide : options.max_side;
    if (max_side < 1 || max_side > kMaxSide)
        return R::fail("the working limit must be 1 to " + std::to_string(kMaxSide) +
                       " pixels per side, got " + std::to_string(options.max_side));

    const bool has_alpha = channels == 2 || channels == 4;
    const int color_channels = channels >= 3 ? 3 : 1;
    bool translucent = false;
    if (has_alpha) {
        const size_t n = static_cast<size_t>(width) * height;
        for (size_t k = 0; k < n && !translucent; ++k)
            translucent = float(pixels[k * channels + channels - 1]) < max_value;
    }
    const bool gray_out = options.color == Color::gray || color_channels == 1;
    const int out_channels = gray_out ? 1 : 3;

    // One row of the picture as float planes, alpha flattened onto white, luma if asked.
    auto row = [&](int y, float* dst) {
        const T* p = pixels + static_cast<size_t>(y) * width * channels;
        for (int x = 0; x < width; ++x, p += channels) {
            float rgb[3];
            for (int c = 0; c < 3; ++c) rgb[c] = float(p[color_channels == 3 ? c : 0]) / max_value;
            if (has_alpha) {
                const float a = float(p[channels - 1]) / max_value;
                for (float& v : rgb) v = a * v + (1.0f - a);
            }
            if (out_channels == 1) {
                dst[x] = color_channels == 1 ? rgb[0] : kLumaR * rgb[0] + kLumaG * rgb[1] + kLumaB * rgb[2];
            } else {
                for (int c = 0; c < 3; ++c) dst[static_cast<size_t>(c) * width + x] = rgb[c];
            }
        }
    };

    Image image;
    image.original_height = height;
    image.original_width = width;
    image.original_channels = channels;
    image.bit_depth = sizeof(T) == 1 ? 8 : 16;
    const Pair fit = fit_within(height, width, max_side);
    if (fit[0] == height && fit[1] == width) {
        image.pixels = Tensor::zeros(out_channels, height, width);
        std::vector<float> buffer(static_cast<size_t>(out_channels) * width);
        for (int y = 0; y < height; ++y) {
            row(y, buffer.data());
            for (int c = 0; c < out_channels; ++c)
                std::memcpy(&image.pixels.data[(static_cast<size_t>(c) * height + y) * width],
                            &buffer[static_cast<size_t>(c) * width], sizeof(float) * static_cast<size_t>(width));
        }
    } else {
        image.pixels = resample(out_channels, height, width, fit[0], fit[1], area_taps(height, fit[0]),
                                area_taps(width, fit[1]), row);
        image.notices.push_back(Message::of("The image ({0}x{1}) is larger than the working limit of {2} pixels per side; it "
                                            "was scaled down to {3}x{4} by area averaging.",
                                            {Message::number(width), Message::number(height), Message::number(max_side),
                                             Message::number(fit[1]), Message::number(fit[0])}));
    }
    if (translucent)
        image.notices.push_back(Message::of("The image has transparent pixels; they were placed on white."));
    if (options.color == Color::gray && color_channels == 3)
        image.notices.push_back(gray_notice());
    return {std::move(image), {}, {}};
}

}  // namespace

Result<Image> from_pixels8(const uint8_t* pixels, int width, int height, int channels,
                           const ImportOptions& options) {
    auto r = from_pixels(pixels, width, height, channels, options, 255.0f);
    if (r.ok()) r.value.source = "pixels";
    return r;
}

Result<Image> from_pixels16(const uint16_t* pixels, int width, int height, int channels,
                            const ImportOptions& options) {
    auto r = from_pixels(pixels, width, height, channels, options, 65535.0f);
    if (r.ok()) r.value.source = "pixels";
    return r;
}

// [SECTION] Value maps -------------------------------------------------------------------------

namespace {

std::string short_number(float v) { return base::format_general(v, 6); }

}  // namespace

uint8_t ValueMap::level(float v) const {
    if (!std::isfinite(v)) return 0;
    double g = 0;
    switch (kind) {
        case Kind::unit: g = 255.0 * v; break;
        case Kind::positive: g = 255.0 * v / scale; break;
        case Kind::signed_around_zero: g = 127.5 + 127.5 * v / scale; break;
    }
    return static_cast<uint8_t>(std::lround(std::clamp(g, 0.0, 255.0)));
}

std::string ValueMap::describe() const {
    switch (kind) {
        case Kind::unit: return "gray level = round(255 * v) (values are in [0, 1])";
        case Kind::positive:
            return "gray level = round(255 * v / " + short_number(scale) + ") (0 is black, the maximum white)";
        case Kind::signed_around_zero:
            return "gray level = round(127.5 + 127.5 * v / " + short_number(scale) +
                   ") (zero is mid-grey, negative values darker)";
    }
    return {};
}

void ValueRange::add(const float* values, size_t count) {
    float low = std::numeric_limits<float>::infinity(), high = -low;
    for (size_t k = 0; k < count; ++k) {
        const float v = values[k];
        if (std::fabs(v) <= std::numeric_limits<float>::max()) {  // finite: no NaN, no infinity
            low = std::min(low, v);
            high = std::max(high, v);
        }
    }
    if (!(low <= high)) return;  // nothing finite
    lo = any ? std::min(lo, low) : low;
    hi = any ? std::max(hi, high) : high;
    any = true;
}

ValueMap value_map_for(const Tensor& t) {
    ValueRange range;
    range.add(t.data.data(), t.data.size());
    return value_map_for(range);
}

ValueMap value_map_for(const ValueRange& range) {
    const float lo = range.lo, hi = range.hi;
    ValueMap m;
    if (!range.any || (lo >= 0 && hi <= 1)) return m;
    if (lo >= 0) {
        m.kind = ValueMap::Kind::positive;
        m.scale = hi;
    } else {
        m.kind = ValueMap::Kind::signed_around_zero;
        m.scale = std::max(-lo, hi);
    }
    return m;
}

}  // namespace strideconv::image
