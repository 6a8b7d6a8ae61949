// image_test.cpp -- the image layer below the routes: built-in sources, pixel conversion (8/16-bit,
// alpha, luma), area-average scaling, decoding of files made here (odd sizes, gray, RGB, RGBA,
// 16-bit PNG written by hand; a committed 13x9 JPEG) and of broken ones (non-image, truncated,
// 0x0, 30000x30000 header, animated GIF), PNG/.npy output.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include "image/image.hpp"

using namespace strideconv;
using namespace strideconv::image;

namespace {

bool mentions(const std::string& message, const std::string& word) {
    return message.find(word) != std::string::npos;
}

const uint8_t* bytes_of(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

float mean(const Tensor& t) {
    return static_cast<float>(std::accumulate(t.data.begin(), t.data.end(), 0.0) / double(t.data.size()));
}

// [SECTION] A minimal PNG writer (stored, uncompressed zlib) so 16-bit and 0x0 files can be made.

uint32_t crc32(const std::string& data) {
    uint32_t c = 0xffffffffu;
    for (unsigned char b : data) {
        c ^= b;
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

std::string be32(uint32_t v) {
    return {char(v >> 24), char((v >> 16) & 0xff), char((v >> 8) & 0xff), char(v & 0xff)};
}

std::string chunk(const std::string& type, const std::string& data) {
    return be32(static_cast<uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

// color_type: 0 gray, 2 RGB, 4 gray+alpha, 6 RGBA; `samples` are big-endian per PNG rules.
std::string make_png(int w, int h, int bit_depth, int color_type, const std::vector<uint16_t>& samples) {
    const int per_pixel = color_type == 0 ? 1 : color_type == 2 ? 3 : color_type == 4 ? 2 : 4;
    std::string raw;
    size_t k = 0;
    for (int y = 0; y < h; ++y) {
        raw.push_back('\0');  // filter: none
        for (int x = 0; x < w * per_pixel; ++x, ++k) {
            if (bit_depth == 16) raw.push_back(char(samples[k] >> 8));
            raw.push_back(char(samples[k] & 0xff));
        }
    }
    // zlib: header, one stored block (raw < 65536 here), Adler-32.
    std::string z = "\x78\x01";
    z.push_back('\x01');
    const uint16_t len = static_cast<uint16_t>(raw.size());
    z.push_back(char(len & 0xff));
    z.push_back(char(len >> 8));
    z.push_back(char(~len & 0xff));
    z.push_back(char((~len >> 8) & 0xff));
    z += raw;
    uint32_t a = 1, b = 0;
    for (unsigned char c : raw) {
        a = (a + c) % 65521;
        b = (b + a) % 65521;
    }
    z += be32((b << 16) | a);
    std::string ihdr = be32(static_cast<uint32_t>(w)) + be32(static_cast<uint32_t>(h));
    ihdr.push_back(char(bit_depth));
    ihdr.push_back(char(color_type));
    ihdr += std::string(3, '\0');
    return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", z) + chunk("IEND", "");
}

// A GIF with `frames` 2x2 frames. Each LZW stream sends a clear code before every pixel, so the
// code size stays at 3 bits: clear 1 clear 0 clear 0 clear 1 end, packed LSB first.
std::string make_gif(int frames) {
    std::string g = "GIF89a";
    g += std::string("\x02\x00\x02\x00", 4);
    g.push_back('\x80');  // global colour table, 2 entries
    g.push_back('\0');
    g.push_back('\0');
    g += std::string("\x00\x00\x00\xff\xff\xff", 6);
    for (int f = 0; f < frames; ++f) {
        g += std::string("\x21\xf9\x04\x00\x0a\x00\x00\x00", 8);  // graphic control: delay
        g += std::string("\x2c\x00\x00\x00\x00\x02\x00\x02\x00\x00", 10);
        g += std::string("\x02\x04\x0c\x41\x30\x05\x00", 7);  // min code size 2, one 4-byte block
    }
    g.push_back('\x3b');
    return g;
}

}  // namespace

TEST_CASE("sources: every kind renders at the requested size with values in [0, 1]") {
    for (SourceKind kind : source_kinds()) {
        CAPTURE(to_string(kind));
        SourceDesc d;
        d.kind = kind;
        d.height = 37;
        d.width = 53;
        auto r = make_source(d);
        REQUIRE(r.ok());
        const Tensor& t = r.value.pixels;
        CHECK(t.h == 37);
        CHECK(t.w == 53);
        CHECK(t.c == (kind == SourceKind::scene || kind == SourceKind::photo ? 3 : 1));
        for (float v : t.data) REQUIRE((v >= 0.0f && v <= 1.0f));
        CHECK(source_from_string(to_string(kind)) == kind);
        // Not flat: every source has structure.
        auto [lo, hi] = std::minmax_element(t.data.begin(), t.data.end());
        CHECK(*hi - *lo > 0.3f);
    }
}

TEST_CASE("sources: sizes outside 16..2048 and bad parameters are refused") {
    SourceDesc d;
    d.height = 15;
    d.width = 64;
    CHECK(mentions(make_source(d).error, "16 to 2048"));
    d.height = 2049;
    CHECK(!make_source(d).ok());
    d = SourceDesc{};
    d.kind = SourceKind::stripes;
    d.period = 1.5;
    CHECK(mentions(make_source(d).error, "period"));
    d = SourceDesc{};
    d.kind = SourceKind::text;
    d.text = "caf\xc3\xa9";
    CHECK(mentions(make_source(d).error, "ASCII"));
    d = SourceDesc{};
    d.kind = SourceKind::photo;
    d.photo = "mona";
    CHECK(mentions(make_source(d).error, "astronaut"));
    CHECK(!source_from_string("zone").has_value());
}

TEST_CASE("sources: zone plate follows its formula") {
    SourceDesc d;
    d.height = d.width = 64;
    auto r = make_source(d);
    REQUIRE(r.ok());
    const double k = 3.14159265358979 * 0.5 / 32;
    for (int y : {0, 13, 31, 32, 63})
        for (int x : {0, 7, 32, 50}) {
            const double dy = y + 0.5 - 32, dx = x + 0.5 - 32;
            CHECK(r.value.pixels.at(0, y, x) == doctest::Approx(0.5 + 0.5 * std::cos(k * (dx * dx + dy * dy))).epsilon(1e-5));
        }
}

TEST_CASE("sources: stripes and checker are exact area averages") {
    SourceDesc d;
    d.kind = SourceKind::stripes;
    d.height = d.width = 16;
    d.period = 4;
    auto s = make_source(d).value.pixels;
    CHECK(s.at(0, 3, 0) == 1.0f);
    CHECK(s.at(0, 3, 1) == 1.0f);
    CHECK(s.at(0, 3, 2) == 0.0f);
    CHECK(s.at(0, 3, 3) == 0.0f);
    CHECK(s.at(0, 9, 4) == 1.0f);
    d.period = 3;  // pixel 1 straddles the edge at 1.5: half light
    s = make_source(d).value.pixels;
    CHECK(s.at(0, 0, 1) == doctest::Approx(0.5));
    CHECK(mean(s) == doctest::Approx(0.5).epsilon(0.05));
    d.horizontal = true;
    d.period = 4;
    s = make_source(d).value.pixels;
    CHECK(s.at(0, 0, 9) == 1.0f);
    CHECK(s.at(0, 2, 9) == 0.0f);
    d.kind = SourceKind::checker;
    d.period = 2;
    s = make_source(d).value.pixels;
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) REQUIRE(s.at(0, y, x) == ((x + y) % 2 == 0 ? 1.0f : 0.0f));
    d.kind = SourceKind::stripes;
    d.sine = true;
    d.horizontal = false;
    d.period = 8;
    s = make_source(d).value.pixels;
    CHECK(mean(s) == doctest::Approx(0.5).epsilon(1e-4));
}

TEST_CASE("sources: text has ink; different text, different picture") {
    SourceDesc d;
    d.kind = SourceKind::text;
    d.height = 64;
    d.width = 256;
    d.text = "Stride";
    auto a = make_source(d);
    REQUIRE(a.ok());
    const float m = mean(a.value.pixels);
    CHECK(m < 0.93f);  // some ink
    CHECK(m > 0.4f);   // mostly page
    d.text = "Pool";
    auto b = make_source(d);
    CHECK(b.value.pixels.data != a.value.pixels.data);
}

TEST_CASE("sources: photos are listed with credits and resample with a notice") {
    REQUIRE(photos().size() >= 1);
    for (const PhotoInfo& p : photos()) {
        CAPTURE(p.name);
        CHECK(std::string(p.credit).size() > 10);
        SourceDesc d;
        d.kind = SourceKind::photo;
        d.photo = p.name;
        d.height = p.height;
        d.width = p.width;
        auto native = make_source(d);
        REQUIRE(native.ok());
        CHECK(native.value.pixels.c == p.channels);
        CHECK(native.value.notices.empty());
        CHECK(native.value.source == std::string("photo:") + p.name);
        const float m = mean(native.value.pixels);
        CHECK(m > 0.1f);
        CHECK(m < 0.9f);
        d.height = 100;
        d.width = 300;
        auto wide = make_source(d);
        REQUIRE(wide.ok());
        CHECK(wide.value.pixels.h == 100);
        CHECK(wide.value.pixels.w == 300);
        REQUIRE(wide.value.notices.size() == 1);
        CHECK(mentions(wide.value.notices[0].english(), "cropped"));
    }
}

TEST_CASE("conversion: 8-bit and 16-bit values, luma, alpha on white") {
    const uint8_t rgb[] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30};  // 2x2
    auto r = from_pixels8(rgb, 2, 2, 3, {});
    REQUIRE(r.ok());
    CHECK(r.value.pixels.c == 3);
    CHECK(r.value.pixels.at(0, 0, 0) == 1.0f);
    CHECK(r.value.pixels.at(2, 1, 1) == 30.0f / 255.0f);
    CHECK(r.value.notices.empty());
    ImportOptions gray;
    gray.color = Color::gray;
    auto g = from_pixels8(rgb, 2, 2, 3, gray);
    REQUIRE(g.ok());
    CHECK(g.value.pixels.c == 1);
    CHECK(g.value.pixels.at(0, 0, 0) == doctest::Approx(0.299));
    CHECK(g.value.pixels.at(0, 0, 1) == doctest::Approx(0.587));
    CHECK(g.value.pixels.at(0, 1, 0) == doctest::Approx(0.114));
    CHECK(g.value.pixels.at(0, 1, 1) == doctest::Approx((0.299 * 10 + 0.587 * 20 + 0.114 * 30) / 255));
    CHECK(to_luma(r.value.pixels).data == g.value.pixels.data);

    const uint16_t deep[] = {0, 65535, 32768, 1};
    auto d = from_pixels16(deep, 4, 1, 1, {});
    REQUIRE(d.ok());
    CHECK(d.value.bit_depth == 16);
    CHECK(d.value.pixels.data == std::vector<float>{0.0f, 1.0f, 32768.0f / 65535.0f, 1.0f / 65535.0f});

    const uint8_t rgba[] = {0, 0, 0, 255, 0, 0, 0, 0, 100, 100, 100, 51};
    auto a = from_pixels8(rgba, 3, 1, 4, {});
    REQUIRE(a.ok());
    CHECK(a.value.pixels.at(0, 0, 0) == 0.0f);  // opaque black stays black
    CHECK(a.value.pixels.at(1, 0, 1) == 1.0f);  // fully transparent: white
    CHECK(a.value.pixels.at(2, 0, 2) == doctest::Approx(0.2 * 100 / 255.0 + 0.8));
    REQUIRE(a.value.notices.size() == 1);
    CHECK(mentions(a.value.notices[0].english(), "white"));
    const uint8_t opaque[] = {9, 255, 200, 255};
    auto o = from_pixels8(opaque, 2, 1, 2, {});
    REQUIRE(o.ok());
    CHECK(o.value.notices.empty());
    CHECK(o.value.pixels.data == std::vector<float>{9 / 255.0f, 200 / 255.0f});
}

TEST_CASE("conversion: bad arguments give one clear sentence") {
    const uint8_t px[4] = {};
    CHECK(mentions(from_pixels8(nullptr, 1, 1, 1, {}).error, "no pixels"));
    CHECK(mentions(from_pixels8(px, 0, 0, 1, {}).error, "0x0"));
    CHECK(mentions(from_pixels8(px, 1, 1, 5, {}).error, "channels"));
    CHECK(mentions(from_pixels8(px, 30000, 30000, 4, {}).error, "30000x30000"));
    ImportOptions o;
    o.max_side = 5000;
    CHECK(mentions(from_pixels8(px, 1, 1, 1, o).error, "working limit"));
}

TEST_CASE("conversion: larger than the working limit is area-averaged down, with a notice") {
    // 6x4 gray, limit 3 -> 3x2; each output pixel is the mean of a 2x2 block.
    std::vector<uint8_t> px(24);
    for (size_t k = 0; k < px.size(); ++k) px[k] = static_cast<uint8_t>(k * 10);
    ImportOptions o;
    o.max_side = 3;
    auto r = from_pixels8(px.data(), 6, 4, 1, o);
    REQUIRE(r.ok());
    CHECK(r.value.pixels.h == 2);
    CHECK(r.value.pixels.w == 3);
    CHECK(r.value.original_width == 6);
    CHECK(r.value.pixels.at(0, 0, 0) == doctest::Approx((0 + 10 + 60 + 70) / 4.0 / 255));
    CHECK(r.value.pixels.at(0, 1, 2) == doctest::Approx((160 + 170 + 220 + 230) / 4.0 / 255));
    REQUIRE(r.value.notices.size() == 1);
    CHECK(mentions(r.value.notices[0].english(), "scaled down to 3x2"));
}

TEST_CASE("resampling: area average keeps the mean, fractional factors included") {
    SourceDesc d;
    d.kind = SourceKind::scene;
    d.height = 97;
    d.width = 131;
    Tensor t = make_source(d).value.pixels;
    Tensor small = resize_area(t, 40, 57);
    CHECK(small.h == 40);
    CHECK(small.w == 57);
    CHECK(mean(small) == doctest::Approx(mean(t)).epsilon(1e-4));
    Tensor up = resize_bilinear(small, 97, 131);
    CHECK(up.w == 131);
    CHECK(fit_within(3000, 4000, 2048) == Pair{1536, 2048});
    CHECK(fit_within(100, 50, 2048) == Pair{100, 50});
}

TEST_CASE("shift: moves the content down and right, repeating the edge") {
    Tensor t = Tensor::sequential(1, 3, 4);
    Tensor s = shift_image(t, 1, 2);
    CHECK(s.at(0, 1, 2) == t.at(0, 0, 0));
    CHECK(s.at(0, 2, 3) == t.at(0, 1, 1));
    CHECK(s.at(0, 0, 0) == t.at(0, 0, 0));
    CHECK(s.at(0, 0, 3) == t.at(0, 0, 1));
    CHECK(shift_image(t, 0, 0).data == t.data);
}

TEST_CASE("decode: PNG gray, RGB, RGBA at odd sizes; 16-bit; JPEG") {
    // 3x5 gray, 8-bit.
    std::vector<uint16_t> gray(15);
    for (size_t k = 0; k < gray.size(); ++k) gray[k] = static_cast<uint16_t>(k * 17);
    auto g = decode_image(bytes_of(make_png(3, 5, 8, 0, gray)), make_png(3, 5, 8, 0, gray).size(), {});
    REQUIRE(g.ok());
    CHECK(g.value.pixels.c == 1);
    CHECK(g.value.pixels.h == 5);
    CHECK(g.value.pixels.w == 3);
    CHECK(g.value.pixels.at(0, 4, 2) == 14 * 17 / 255.0f);
    CHECK(g.value.original_channels == 1);

    // 7x1 RGB and RGBA.
    std::vector<uint16_t> rgb(21), rgba(28);
    for (size_t k = 0; k < rgb.size(); ++k) rgb[k] = static_cast<uint16_t>(k * 12);
    for (size_t k = 0; k < rgba.size(); ++k) rgba[k] = static_cast<uint16_t>(k % 4 == 3 ? 255 : k * 9);
    std::string png = make_png(7, 1, 8, 2, rgb);
    auto c = decode_image(bytes_of(png), png.size(), {});
    REQUIRE(c.ok());
    CHECK(c.value.pixels.c == 3);
    CHECK(c.value.pixels.at(1, 0, 6) == 19 * 12 / 255.0f);
    png = make_png(7, 1, 8, 6, rgba);
    auto ca = decode_image(bytes_of(png), png.size(), {});
    REQUIRE(ca.ok());
    CHECK(ca.value.original_channels == 4);
    CHECK(ca.value.pixels.c == 3);
    CHECK(ca.value.pixels.at(2, 0, 5) == (5 * 4 + 2) * 9 / 255.0f);
    CHECK(ca.value.notices.empty());

    // 16-bit gray: v / 65535 exactly, not rounded through 8 bits.
    std::vector<uint16_t> deep = {0, 1, 256, 65535, 40000, 12345};
    png = make_png(3, 2, 16, 0, deep);
    auto d = decode_image(bytes_of(png), png.size(), {});
    REQUIRE(d.ok());
    CHECK(d.value.bit_depth == 16);
    CHECK(d.value.pixels.at(0, 0, 1) == 1 / 65535.0f);
    CHECK(d.value.pixels.at(0, 1, 1) == 40000 / 65535.0f);
    CHECK(d.value.pixels.at(0, 1, 2) == 12345 / 65535.0f);
    // 16-bit RGB to luma.
    std::vector<uint16_t> deep_rgb = {65535, 0, 0, 0, 65535, 0};
    png = make_png(2, 1, 16, 2, deep_rgb);
    ImportOptions gray_opt;
    gray_opt.color = Color::gray;
    auto dl = decode_image(bytes_of(png), png.size(), gray_opt);
    REQUIRE(dl.ok());
    CHECK(dl.value.pixels.at(0, 0, 0) == doctest::Approx(0.299));
    CHECK(dl.value.pixels.at(0, 0, 1) == doctest::Approx(0.587));

    // JPEG (lossy): a flat 13x9 RGB picture (ImageMagick, quality 95; committed) comes back flat.
    std::ifstream file(STRIDECONV_SOURCE_DIR "/tests/golden/flat_13x9.jpg", std::ios::binary);
    const std::string jpg((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    REQUIRE(jpg.size() > 100);
    auto j = decode_image(bytes_of(jpg), jpg.size(), {});
    REQUIRE(j.ok());
    CHECK(j.value.pixels.c == 3);
    CHECK(j.value.pixels.h == 9);
    CHECK(j.value.pixels.w == 13);
    CHECK(j.value.pixels.at(0, 4, 6) == doctest::Approx(200 / 255.0).epsilon(0.03));
    CHECK(j.value.pixels.at(2, 8, 12) == doctest::Approx(50 / 255.0).epsilon(0.1));
    // A JPEG cut short decodes what is there or refuses; it never crashes.
    auto jt = decode_image(bytes_of(jpg), jpg.size() / 2, {});
    CHECK((jt.ok() || !jt.error.empty()));
}

TEST_CASE("decode: broken input gives one sentence, never a crash") {
    const std::string text = "hello, this is not an image";
    auto r = decode_image(bytes_of(text), text.size(), {});
    CHECK(mentions(r.error, "not an image"));
    CHECK(mentions(decode_image(nullptr, 0, {}).error, "empty"));

    std::vector<uint16_t> rgb(3 * 9 * 11, 77);
    const std::string png = make_png(9, 11, 8, 2, rgb);
    for (size_t cut : {size_t(8), size_t(20), size_t(40), png.size() / 2, png.size() - 14}) {
        CAPTURE(cut);
        auto t = decode_image(bytes_of(png), cut, {});
        CHECK(!t.ok());
        CHECK(t.error.find('\n') == std::string::npos);
    }

    // Headers claiming 0x0 and 30000x30000: refused before decoding (there is no pixel data).
    std::string zero = make_png(1, 1, 8, 0, {0});
    std::memset(&zero[16], 0, 8);
    auto z = decode_image(bytes_of(zero), zero.size(), {});
    CHECK(mentions(z.error, "0x0 pixels"));
    for (int color_type : {0, 2, 6}) {
        std::string huge = make_png(1, 1, 8, color_type, std::vector<uint16_t>(4, 0));
        huge.replace(16, 8, be32(30000) + be32(30000));
        auto hg = decode_image(bytes_of(huge), huge.size(), {});
        CHECK(mentions(hg.error, "30000x30000"));
    }

    auto missing = load_image_file("/nonexistent/photo.png", {});
    CHECK(mentions(missing.error, "cannot open '/nonexistent/photo.png'"));
}

TEST_CASE("decode: GIF first frame; an animated GIF says so") {
    const std::string one = make_gif(1);
    auto a = decode_image(bytes_of(one), one.size(), {});
    REQUIRE(a.ok());
    CHECK(a.value.pixels.h == 2);
    CHECK(a.value.notices.empty());
    const std::string three = make_gif(3);
    auto b = decode_image(bytes_of(three), three.size(), {});
    REQUIRE(b.ok());
    REQUIRE(!b.value.notices.empty());
    CHECK(mentions(b.value.notices[0].english(), "animated GIF with 3 frames"));
    CHECK(b.value.pixels.data == a.value.pixels.data);
}

TEST_CASE("decode: a round trip through our PNG writer and the 8-bit value map") {
    Tensor t = Tensor::zeros(3, 5, 7);
    for (size_t k = 0; k < t.data.size(); ++k) t.data[k] = float(k % 256) / 255.0f;
    const ValueMap m = value_map_for(t);
    CHECK(m.kind == ValueMap::Kind::unit);
    const std::string png = encode_png(t, m);
    REQUIRE(!png.empty());
    auto back = decode_image(bytes_of(png), png.size(), {});
    REQUIRE(back.ok());
    CHECK(back.value.pixels.data == t.data);
}

TEST_CASE("value maps: unit, positive, signed with zero at mid-grey") {
    Tensor t = Tensor::zeros(1, 1, 3);
    t.data = {0.0f, 2.0f, 4.0f};
    ValueMap m = value_map_for(t);
    CHECK(m.kind == ValueMap::Kind::positive);
    CHECK(m.level(4.0f) == 255);
    CHECK(m.level(2.0f) == 128);
    t.data = {-2.0f, 0.0f, 1.0f};
    m = value_map_for(t);
    CHECK(m.kind == ValueMap::Kind::signed_around_zero);
    CHECK(m.scale == 2.0f);
    CHECK(m.level(0.0f) == 128);
    CHECK(m.level(-2.0f) == 0);
    CHECK(m.level(2.0f) == 255);
    CHECK(mentions(m.describe(), "zero is mid-grey"));
}

TEST_CASE("npy: header numpy reads, float32 little-endian values") {
    Tensor t = Tensor::zeros(2, 3, 5);
    for (size_t k = 0; k < t.data.size(); ++k) t.data[k] = -1.5f + float(k) * 0.1f;
    const std::string npy = encode_npy(t);
    CHECK(npy.compare(0, 6, "\x93NUMPY") == 0);
    const size_t header_len = static_cast<unsigned char>(npy[8]) | (static_cast<unsigned char>(npy[9]) << 8);
    CHECK((10 + header_len) % 64 == 0);
    CHECK(mentions(npy.substr(10, header_len), "'shape': (2, 3, 5)"));
    CHECK(mentions(npy.substr(10, header_len), "'<f4'"));
    CHECK(npy.size() == 10 + header_len + 4 * t.data.size());
    float v;
    std::memcpy(&v, &npy[10 + header_len + 4 * 7], 4);
    CHECK(v == t.data[7]);
}
