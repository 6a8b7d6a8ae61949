// image.hpp -- image mode below the UI: built-in picture sources, pixels -> float tensors,
// decoding of the user's files, resampling, shifting and the maps that turn outputs into pixels.
//
// Layer: strideconv_image (src/image/), above core only. Standard C++17; the one outside header
// is Debian's libstb-dev (stb_image to decode, stb_easy_font for the text source), included
// privately by the .cpp files and never by this header. No ImGui, GL or Emscripten here.
// Routes (conv / stride / pool / BlurPool side by side) are in image/routes.hpp.
//
// Every picture enters the core the same way: a Tensor C x H x W of floats in [0, 1], C = 1
// (gray) or 3 (RGB). 8-bit values map to v / 255, 16-bit ones to v / 65535; gray from RGB is the
// Rec. 601 luma 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601). Every entry point returns a Result:
// a picture plus the notices (sentences) the app should show, or one clear error sentence.
//
// Usage:
//   using namespace strideconv::image;
//   SourceDesc d;  d.kind = SourceKind::zoneplate;  d.height = d.width = 512;
//   Result<Image> zp = make_source(d);                     // 1 x 512 x 512, values in [0, 1]
//   ImportOptions o;  o.color = Color::gray;  o.max_side = 1024;
//   Result<Image> mine = load_image_file("photo.jpg", o);  // desktop / CLI: stb_image decodes
//   Result<Image> page = from_pixels8(rgba, w, h, 4, o);    // browser: the page hands RGBA8 over
//   if (!mine.ok()) show(mine.error);  else for (auto& n : mine.value.notices) show(n);
//
// [SECTION] Limits
// [SECTION] Images and colour
// [SECTION] Built-in sources
// [SECTION] Pixels in: conversion (the browser path) and decoding (desktop, CLI)
// [SECTION] Resampling and shifting
// [SECTION] Pixels out: value maps, PNG bytes, .npy
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/core.hpp"

namespace strideconv::image {

// [SECTION] Limits -------------------------------------------------------------------------------

constexpr int kMinSide = 16;     // built-in sources: smallest side
constexpr int kMaxSide = 2048;   // built-in sources: largest side; default working limit
// Files whose header announces more than this are refused before any pixel is decoded.
constexpr int kMaxDecodeSide = 16384;
constexpr int64_t kMaxDecodePixels = int64_t(64) << 20;  // 64 Mpx (an 8192 x 8192 image)
constexpr size_t kMaxFileBytes = size_t(256) << 20;      // 256 MiB

// [SECTION] Images and colour --------------------------------------------------------------------

// rgb: keep colour (3 channels; gray pictures stay 1 channel). gray: Rec. 601 luma, 1 channel.
enum class Color { rgb, gray };
const char* to_string(Color c);  // "rgb", "gray"
std::optional<Color> color_from_string(const std::string& s);

struct Image {
    Tensor pixels;                     // C x H x W, values in [0, 1], C = 1 or 3
    std::string source;                // "zoneplate", "photo:astronaut", "file", "pixels", ...
    int original_height = 0, original_width = 0;  // before any scaling down
    int original_channels = 0;         // 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA (files and pixels)
    int bit_depth = 8;                 // 8 or 16
    // Sentences: what was changed and why, as keys and parameters (.english() for the CLI).
    std::vector<Message> notices;
};

// The notice of a picture converted to gray ("Converted to gray with the Rec. 601 luma ...").
Message gray_notice();
// Rec. 601 luma of a 3-channel tensor (a 1-channel tensor is returned as it is).
Tensor to_luma(const Tensor& rgb);
// `image` in the requested colour: gray -> luma; rgb keeps what the picture has (1 or 3).
Tensor with_color(const Tensor& image, Color color);

// [SECTION] Built-in sources ---------------------------------------------------------------------

enum class SourceKind { zoneplate, stripes, checker, text, scene, photo };
const char* to_string(SourceKind k);  // "zoneplate", "stripes", "checker", "text", "scene", "photo"
std::optional<SourceKind> source_from_string(const std::string& s);
const std::vector<SourceKind>& source_kinds();

// A zeroed field means "the default" (sokol style).
struct SourceDesc {
    SourceKind kind = SourceKind::zoneplate;
    int height = 0, width = 0;  // kMinSide..kMaxSide each; 0 = 256
    // zoneplate: the local frequency, in cycles per pixel, reached at the middle of the nearer
    // edges (0 = 0.5, the Nyquist limit; the corners then exceed it, as in the classic chart).
    double max_frequency = 0;
    // stripes / checker: the period in pixels (one light + one dark band or square); 0 = 8.
    // Periods below 2 pixels are refused (they cannot be drawn).
    double period = 0;
    bool horizontal = false;    // stripes: bands run left-right (vary down the rows)
    bool sine = false;          // stripes: a sinusoidal grating instead of square bands
    std::string text;           // text: printable ASCII, '\n' breaks lines; empty = a default line
    std::string photo;          // photo: a name from photos(); empty = the first
};

// Renders a source. zoneplate, stripes, checker and text are 1-channel; scene and photo are RGB
// (3 channels). Every pixel is the area average of the ideal pattern over the pixel where that is
// exact (stripes, checker, text, scene edges); the zone plate is sampled at pixel centres, so its
// corners alias on purpose. Photos are resampled from their embedded size (area average down,
// bilinear up) with a notice when the size changes.
//
// zoneplate: I(y, x) = 0.5 + 0.5 cos(pi * f * r^2 / R), r = distance from the image centre in
//   pixels, R = half the shorter side, f = max_frequency: a chirp whose local frequency
//   f * r / R cycles/pixel grows linearly from the centre (the circular zone plate test chart,
//   e.g. "Journey into the Zone (Plates)", thetenthplanet.de, 2014, centred here).
// stripes: bands of period P: I = 1 on the first half of each period, 0 on the second
//   (sine: 0.5 + 0.5 cos(2 pi x / P), averaged over the pixel).
// checker: squares of side P/2, light where the stripes of both axes agree.
// text: dark text (0.1) on a light page (0.95), drawn from stb_easy_font's built-in segment font
//   (Debian libstb-dev; no font file at run time), scaled to fill the width.
// scene: a synthetic RGB landscape (sky gradient, sun, hills, a house with a tiled roof, a fence
//   and a brick path): smooth areas, edges at many angles and fine periodic detail.
Result<Image> make_source(const SourceDesc& desc);

// Sources other than photos draw any band of rows on its own: rows [first_row, last_row) of
// make_source(desc)'s picture, exactly (the app spreads a large picture over several frames).
bool source_draws_in_rows(SourceKind k);
Result<Tensor> make_source_rows(const SourceDesc& desc, int first_row, int last_row);

struct PhotoInfo {
    const char* name;     // "astronaut", "brick"
    const char* title;
    const char* credit;   // photographer / origin and licence, one line
    int height, width, channels;  // as embedded
};
// The embedded photographs (from Debian's python3-skimage, converted at build time).
const std::vector<PhotoInfo>& photos();

// [SECTION] Pixels in ----------------------------------------------------------------------------

struct ImportOptions {
    Color color = Color::rgb;
    // Working limit: a picture with a side longer than this is scaled down (area averaging,
    // aspect ratio kept) with a notice. 0 = kMaxSide. Range 1..kMaxSide.
    int max_side = 0;
};

// Interleaved pixels, rows top to bottom, `channels` per pixel: 1 gray, 2 gray+alpha, 3 RGB,
// 4 RGBA (the browser's ImageData). Values v -> v / 255 (8-bit) or v / 65535 (16-bit). Pixels
// that are not fully opaque are placed on white (c' = a c + 1 - a), with a notice. Refuses null
// pointers, sizes below 1x1 or above kMaxDecodeSide / kMaxDecodePixels, other channel counts.
Result<Image> from_pixels8(const uint8_t* pixels, int width, int height, int channels,
                           const ImportOptions& options);
Result<Image> from_pixels16(const uint16_t* pixels, int width, int height, int channels,
                            const ImportOptions& options);

// Decodes a file's bytes with stb_image: PNG (8 and 16 bit, gray, RGB, palette, alpha), JPEG
// (baseline and progressive), GIF, BMP, TGA, PSD, PNM, HDR, PIC. The header is read first
// (stbi_info): 0x0 images and anything above kMaxDecodeSide per side or kMaxDecodePixels are
// refused before decoding. An animated GIF gives its first frame, with a notice naming the
// frame count. Non-images and truncated or corrupt files give one error sentence.
Result<Image> decode_image(const uint8_t* bytes, size_t size, const ImportOptions& options);
// Reads a file (at most kMaxFileBytes) and decodes it; `source` becomes the file name.
Result<Image> load_image_file(const std::string& path, const ImportOptions& options);

// [SECTION] Resampling and shifting --------------------------------------------------------------

// Box-filter (area average) resampling to out_h x out_w per channel: every output pixel is the
// mean of the input area it covers, fractional pixels weighted by their overlap. Meant for
// scaling down; scaling up with it repeats pixels (nearest neighbour).
Tensor resize_area(const Tensor& image, int out_h, int out_w);
// Bilinear resampling (pixel centres aligned, edges clamped); meant for scaling up.
Tensor resize_bilinear(const Tensor& image, int out_h, int out_w);
// The size that fits `h` x `w` inside max_side x max_side with the aspect ratio kept (rounded,
// at least 1); the size itself when it already fits.
Pair fit_within(int h, int w, int max_side);

// The picture moved down by `dy` and right by `dx` pixels (0 <= dy < H, 0 <= dx < W): out(y, x)
// = in(y - dy, x - dx); the rows and columns that come in at the top and left repeat the edge.
// This is the "shift" of the aliasing control (see routes.hpp for the figure built on it).
Tensor shift_image(const Tensor& image, int dy, int dx);
// Rows [first_row, last_row) of shift_image(image, dy, dx), as a C x (last - first) x W tensor.
Tensor shift_image_rows(const Tensor& image, int dy, int dx, int first_row, int last_row);

// [SECTION] Pixels out ---------------------------------------------------------------------------

// How output values become gray levels 0..255 (PNG export, CLI --out y.png):
//   unit:     every value is in [0, 1]:        level = round(255 v)
//   positive: values >= 0, some above 1:       level = round(255 v / max)
//   signed:   some value < 0; zero is mid-grey: level = round(127.5 + 127.5 v / max|v|)
// Non-finite values map to 0. One scale for all channels, so colours keep their balance.
struct ValueMap {
    enum class Kind { unit, positive, signed_around_zero };
    Kind kind = Kind::unit;
    float scale = 1;  // max (positive) or max |v| (signed); 1 for unit
    uint8_t level(float v) const;
    // The mapping in words, e.g. "gray level = round(127.5 + 127.5 * v / 4.25) (zero is mid-grey)".
    std::string describe() const;
};
// The range of a tensor's finite values, gathered piece by piece (RouteWork keeps one per route
// as its bands come out, so no frame has to read a whole 2048 x 2048 output at once).
struct ValueRange {
    float lo = 0, hi = 0;
    bool any = false;  // false until a finite value was added
    void add(const float* values, size_t count);
};
ValueMap value_map_for(const ValueRange& range);
ValueMap value_map_for(const Tensor& t);

// PNG bytes of a 1- or 3-channel tensor through `map` (stb_image_write). Empty on failure.
std::string encode_png(const Tensor& t, const ValueMap& map);
// A NumPy .npy file (format 1.0): little-endian float32, C order, shape (C, H, W); np.load reads
// it back to the exact float values.
std::string encode_npy(const Tensor& t);

}  // namespace strideconv::image
