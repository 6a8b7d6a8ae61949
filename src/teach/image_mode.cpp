// image_mode.cpp -- image mode's model (see image_mode.hpp). Standard C++ only.
//
// [SECTION] Text
// [SECTION] Configuration
// [SECTION] Work
// [SECTION] Cards, maps and sentences
// [SECTION] Pixels and windows
// [SECTION] The walk on a region
#include "teach/image_mode.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/number_text.hpp"
#include "base/text.hpp"

namespace strideconv::teach {

namespace {

using image::Route;

// [SECTION] Text ---------------------------------------------------------------------------------

std::string milliseconds(double ms, Lang lang) {
    char text[32];
    std::snprintf(text, sizeof text, ms >= 100 ? "%.0f" : ms >= 10 ? "%.1f" : "%.2f", ms);
    return localize_number(lang, text) + " ms";
}

std::string percent(double fraction, Lang lang) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", 100.0 * fraction);
    return localize_number(lang, text) + " %";
}

// The route's title in the lab's words (image::route_title's, which the CLI prints, in English).
std::string route_title_in(Route r, Pair stride, int blur, Lang lang) {
    const std::string s = base::pair_text(stride);
    const std::string window = std::to_string(stride[0]) + "x" + std::to_string(stride[1]);
    switch (r) {
        case Route::stride1: return trf(lang, "conv stride {0}", {"1"});
        case Route::stride: return trf(lang, "conv stride {0}", {s});
        case Route::pool_max: return trf(lang, "conv + max pool {0} / {1}", {window, s});
        case Route::pool_avg: return trf(lang, "conv + avg pool {0} / {1}", {window, s});
        case Route::blurpool: return trf(lang, "conv + BlurPool F={0} / {1}", {std::to_string(blur), s});
    }
    return {};
}

// A route's size formula (image::RoutePlan::size_formula) with its stages named in the language:
// "conv: floor(...) + 1 = 254; max pool: floor(...) + 1 = 127". The arithmetic stays as it is.
std::string size_formula(const image::RoutePlan& p, bool rows, Lang lang) {
    std::string f = p.size_formula(rows);
    if (lang == Lang::en) return f;
    for (const char* stage : {"max pool", "avg pool", "blur", "conv"}) {
        const std::string from = std::string(stage) + ": ";
        const size_t at = f.find(from);
        if (at != std::string::npos) f.replace(at, from.size(), trf(lang, "{0}: ", {tr(lang, stage)}));
    }
    return f;
}

// image::speed_sentence in the language: "4.0x fewer MACs, 3.7x faster here".
std::string speed_sentence(const image::RouteRun& fast, const image::RouteRun& slow, Lang lang) {
    auto ratio = [&](double x_of_a, double x_of_b, const char* less, const char* more) {
        if (x_of_a <= 0 || x_of_b <= 0) return std::string();
        const double x = x_of_b / x_of_a;
        return trf(lang, x >= 1 ? less : more, {localize_number(lang, base::format_fixed(x >= 1 ? x : 1 / x, 1))});
    };
    const std::string macs = ratio(double(fast.plan.macs()), double(slow.plan.macs()), "{0}x fewer MACs", "{0}x more MACs");
    std::string time = ratio(fast.median_ms, slow.median_ms, "{0}x faster here", "{0}x slower here");
    if (time.empty()) time = tr(lang, "time not measured");
    return (macs.empty() ? std::string(tr(lang, "no MACs")) : macs) + ", " + time;
}

std::string ordinal(int n) {
    if (n == 1) return "";
    const int last = n % 10, tens = n % 100;
    const char* suffix = (tens >= 11 && tens <= 13) ? "th" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
    return std::to_string(n) + suffix + " ";
}

using base::pair_text;

const char* source_title(image::SourceKind k) {
    switch (k) {
        case image::SourceKind::zoneplate: return "zone plate";
        case image::SourceKind::stripes: return "stripes";
        case image::SourceKind::checker: return "checkerboard";
        case image::SourceKind::text: return "text";
        case image::SourceKind::scene: return "scene";
        case image::SourceKind::photo: return "photo";
    }
    return "picture";
}

int route_number(Route r) {
    const auto& all = image::all_routes();
    for (size_t k = 0; k < all.size(); ++k)
        if (all[k] == r) return static_cast<int>(k) + 1;
    return 0;
}

std::string values_text(const std::vector<float>& v) {
    if (v.size() == 1) return format_number(v[0]);
    static const char* names[] = {"R", "G", "B"};
    std::string s;
    for (size_t c = 0; c < v.size() && c < 3; ++c) s += (c ? ", " : "") + std::string(names[c]) + " " + format_number(v[c]);
    return s;
}

// The routes use the first kernel plane only (start_routes): a walk of the colour planes, with the
// kernel repeated per channel, is the same layer as the one it came from.
bool same_first_plane(const Config& a, const Config& b) {
    const size_t plane = static_cast<size_t>(a.kernel[0]) * a.kernel[1];
    return a.w.size() >= plane && b.w.size() >= plane && std::equal(a.w.begin(), a.w.begin() + static_cast<ptrdiff_t>(plane), b.w.begin());
}

bool same_layer(const Config& a, const Config& b) {
    const Pad4 pa = effective_padding(a), pb = effective_padding(b);
    return a.kernel == b.kernel && same_first_plane(a, b) && a.stride == b.stride && pa == pb && a.padding_mode == b.padding_mode;
}

bool same_picture(const ImageConfig& a, const ImageConfig& b) {
    if (a.own_file != b.own_file || a.color != b.color) return false;
    if (a.own_file) return true;
    return a.source == b.source && a.photo == b.photo && a.size == b.size;
}

uint64_t next_key() {
    static uint64_t key = 0;
    return ++key;
}

}  // namespace

// [SECTION] Configuration ------------------------------------------------------------------------

std::string route_title(image::Route r, Pair stride, int blur, Lang lang) { return route_title_in(r, stride, blur, lang); }

std::string route_size_formula(const image::RoutePlan& p, bool rows, Lang lang) { return size_formula(p, rows, lang); }

bool ImageModel::set_config(const Config& c_in) {
    Config c = c_in;
    const bool lang_changed = !has_config_ || c.lang != lang_;
    lang_ = c.lang;
    if (c.image.own_file && !has_own_) c.image.own_file = false;  // nothing to show: the built-in source
    // A shift of S pixels or more is a whole output pixel: image mode uses at most S - 1.
    shift_note_.clear();
    for (int a = 0; a < 2; ++a) {
        const int most = std::max(c.stride[a] - 1, 0);
        if (c.image.shift[a] > most) {
            shift_note_ += std::string(shift_note_.empty() ? "" : " ") +
                           trf(lang_, a == 0 ? "Shift down {0} is more than stride - 1 = {1}; using {1}."
                                             : "Shift right {0} is more than stride - 1 = {1}; using {1}.",
                               {std::to_string(c.image.shift[a]), std::to_string(most)});
            c.image.shift[a] = most;
        }
    }
    const bool first = !has_config_;
    const bool picture_changed = first || !same_picture(c.image, image_);
    const bool layer_changed = first || !same_layer(c, layer_) || c.image.blur != image_.blur;
    const bool shift_changed = first || c.image.shift != image_.shift;
    const bool routes_changed = first || c.image.routes != image_.routes;
    if (!picture_changed && !layer_changed && !shift_changed && !routes_changed) {
        if (!lang_changed) return false;
        // The same computation in other words: the cards and sentences again.
        rebuild_cards();
        ++revision_;
        return true;
    }
    image_ = c.image;
    layer_ = c;
    has_config_ = true;
    error_ = {};
    if (picture_changed) {
        picture_pending_ = true;
        picture_valid_ = false;
        prepared_ = Preparing{};
    }
    if (picture_changed || shift_changed) {
        moved_pending_ = shifted();
        moved_rows_ = 0;
    }
    if (picture_changed || layer_changed) main_started_ = false;
    if (picture_changed || layer_changed || shift_changed || routes_changed) moved_started_ = false;
    // The identity and the spread read the unmoved routes only; the shift changes the moved ones too.
    shift_changes_.assign(image::all_routes().size(), std::nullopt);
    figures_.shift.assign(image::all_routes().size(), Figure::waiting);
    figures_.shift_work = {};
    if (picture_changed || layer_changed) {
        identity_.reset();
        figures_.identity = figures_.spread = Figure::waiting;
        figures_.identity_work = {};
        figures_.spread_work = {};
        main_ = image::RouteWork();
        main_epoch_ = next_key();
        timing_stopped_ = false;
    }
    moved_work_ = image::RouteWork();
    moved_epoch_ = next_key();
    rebuild_cards();
    ++revision_;
    return true;
}

Config ImageModel::set_own_picture(image::Image picture, Config c) {
    own_ = std::move(picture);
    has_own_ = true;
    c.image.own_file = true;
    c.lesson.clear();
    // A new picture even when the configuration already said own_file.
    has_config_ = false;
    set_config(c);
    return c;
}

// [SECTION] Work ---------------------------------------------------------------------------------

const image::Image* ImageModel::picture() const {
    if (!picture_valid_) return nullptr;
    if (shifted()) return moved_pending_ ? nullptr : moved_.get();
    return picture_.get();
}

uint64_t ImageModel::picture_key() const { return shifted() ? moved_key_ : picture_key_; }

const image::RouteWork& ImageModel::shown_work() const { return shifted() ? moved_work_ : main_; }

bool ImageModel::busy() const {
    if (!has_config_ || !error_.empty()) return false;
    return picture_pending_ || moved_pending_ || !main_started_ || !main_.done() ||
           (shifted() && (!moved_started_ || !moved_work_.done())) || next_figure().has_value();
}

double ImageModel::progress() const {
    if (!busy()) return 1;
    const double total = double(main_.work_total()) + (shifted() ? double(moved_work_.work_total()) : 0.0);
    const double done = double(main_.work_done()) + (shifted() ? double(moved_work_.work_done()) : 0.0);
    return total > 0 ? std::clamp(done / total, 0.0, 1.0) : 0.0;
}

void ImageModel::start_routes() {
    const Pad4 pad = effective_padding(layer_);
    settings_ = image::RouteSettings{};
    // The lesson's first kernel plane (several when the walk has channels), repeated per colour.
    const auto plane = static_cast<ptrdiff_t>(layer_.kernel[0]) * layer_.kernel[1];
    settings_.kernel = image::kernel_weight(layer_.kernel[0], layer_.kernel[1],
                                            std::vector<float>(layer_.w.begin(), layer_.w.begin() + plane));
    settings_.padding = Padding::sides(pad.top, pad.bottom, pad.left, pad.right);
    settings_.padding_mode = layer_.padding_mode;
    settings_.stride = layer_.stride;
    settings_.blur = image_.blur;
    main_started_ = true;
    if (auto e = main_.start_or_refuse(image::all_routes(), picture_->pixels, settings_, kTimingRuns, clock_); !e.empty())
        error_ = Message::of("Image mode refuses this layer: {0}", {e});
}

void ImageModel::start_shifted() {
    moved_started_ = true;
    std::vector<Route> shown;
    for (Route r : image::all_routes())
        if (image_.shows(r)) shown.push_back(r);
    if (auto e = moved_work_.start_or_refuse(shown, moved_->pixels, settings_, 1, clock_); !e.empty())
        error_ = Message::of("Image mode refuses this layer: {0}", {e});
}

namespace {

// Rows [y0, y1) of `t` (image::put_rows writes such a band back).
Tensor rows_of(const Tensor& t, int y0, int y1) {
    Tensor band = Tensor::zeros(t.c, y1 - y0, t.w);
    for (int c = 0; c < t.c; ++c)
        std::copy(t.data.begin() + (ptrdiff_t(c) * t.h + y0) * t.w, t.data.begin() + (ptrdiff_t(c) * t.h + y1) * t.w,
                  band.data.begin() + ptrdiff_t(c) * band.h * band.w);
    return band;
}

// A picture's description: where it came from, its original size and its notices.
image::Image without_pixels(const image::Image& picture) {
    image::Image d;
    d.source = picture.source;
    d.original_height = picture.original_height;
    d.original_width = picture.original_width;
    d.original_channels = picture.original_channels;
    d.bit_depth = picture.bit_depth;
    d.notices = picture.notices;
    return d;
}

// Rows for one piece at the speed measured so far (16 before anything was measured).
int piece_rows(double ms_per_row, int remaining) {
    if (!(ms_per_row > 0)) return std::min(16, remaining);
    return std::clamp(static_cast<int>(kPieceMs / ms_per_row), 1, remaining);
}

}  // namespace

// One piece of preparing the picture: drawing a band of a built-in source, or converting a band
// to gray. Photos and the user's own picture arrive whole. False on a refusal (error_ says why).
bool ImageModel::picture_piece() {
    Preparing& p = prepared_;
    if (!p.started) {
        p.started = true;
        if (image_.own_file) {
            p.drawn = without_pixels(own_);  // copied in bands below: it can be 50 MB
        } else {
            image::SourceDesc d;
            d.kind = image_.source;
            d.height = image_.size[0];
            d.width = image_.size[1];
            d.photo = image_.photo;
            if (!image::source_draws_in_rows(d.kind)) {
                auto r = image::make_source(d);
                if (!r.ok()) {
                    error_ = Message::of("The picture cannot be made: {0}", {r.why});
                    return false;
                }
                p.drawn = std::move(r.value);
                p.rows_drawn = p.drawn.pixels.h;
            } else {
                p.drawn.source = image::to_string(d.kind);
                p.drawn.original_height = d.height;
                p.drawn.original_width = d.width;
            }
        }
        return true;
    }
    const double t0 = clock_();
    const int h = image_.own_file                              ? own_.pixels.h
                  : !image::source_draws_in_rows(image_.source) ? p.drawn.pixels.h
                                                                : image_.size[0];
    if (p.rows_drawn < h) {
        image::SourceDesc d;
        d.kind = image_.source;
        d.height = image_.size[0];
        d.width = image_.size[1];
        const int y0 = p.rows_drawn;
        if (p.band.h == 0) {
            const int y1 = y0 + piece_rows(p.draw_ms_per_row, h - y0);
            auto band = image_.own_file ? Result<Tensor>{rows_of(own_.pixels, y0, y1), {}, {}} : image::make_source_rows(d, y0, y1);
            if (!band.ok()) {
                error_ = Message::of("The picture cannot be made: {0}", {band.why});
                return false;
            }
            p.band = std::move(band.value);
            p.band_ms = clock_() - t0;
        }
        // The first band tells the picture's channels and width; the picture is then made a part
        // per piece (image::grow_zeros) while the band waits.
        if (y0 == 0 && !image::grow_zeros(p.drawn.pixels, p.band.c, h, p.band.w, image::kGrowValues)) return true;
        const double put_start = clock_();
        image::put_rows(p.drawn.pixels, p.band, y0);
        p.band_ms += clock_() - put_start;  // drawing and putting the band, not making the picture
        const int y1 = y0 + p.band.h;
        p.rows_drawn = y1;
        p.draw_ms_per_row = p.band_ms / double(y1 - y0);
        p.band = Tensor();
        if (y1 == h && !image_.own_file) p.drawn.original_channels = p.drawn.pixels.c;
        return true;
    }
    const Tensor& drawn = p.drawn.pixels;
    if (image_.color == image::Color::gray && drawn.c == 3) {
        if (p.rows_gray < drawn.h) {
            const int y0 = p.rows_gray, y1 = y0 + piece_rows(p.gray_ms_per_row, drawn.h - y0);
            if (y0 == 0 && !image::grow_zeros(p.gray, 1, drawn.h, drawn.w, image::kGrowValues)) return true;
            image::put_rows(p.gray, image::to_luma(rows_of(drawn, y0, y1)), y0);
            p.rows_gray = y1;
            p.gray_ms_per_row = (clock_() - t0) / double(y1 - y0);
            if (y1 < drawn.h) return true;
        }
        p.drawn.pixels = std::move(p.gray);
        if (!image_.own_file)
            p.drawn.notices.push_back(image::gray_notice());
    }
    *picture_ = std::move(p.drawn);
    p = Preparing{};
    picture_pending_ = false;
    picture_valid_ = true;
    picture_key_ = next_key();
    notices_ = picture_->notices;
    return true;
}

// One piece of moving the picture by the shift.
void ImageModel::moved_piece() {
    const Tensor& px = picture_->pixels;
    const int y0 = moved_rows_, y1 = y0 + piece_rows(moved_ms_per_row_, px.h - y0);
    if (y0 == 0) {
        // The picture's description, and its pixels made a part per piece (a 2048 x 2048 RGB
        // picture is 50 MB; a moved picture of the same size is reused).
        Tensor pixels = std::move(moved_->pixels);
        *moved_ = without_pixels(*picture_);
        moved_->pixels = std::move(pixels);
        if (!image::grow_zeros(moved_->pixels, px.c, px.h, px.w, image::kGrowValues)) return;
    }
    const double t0 = clock_();
    image::put_rows(moved_->pixels, image::shift_image_rows(px, image_.shift[0], image_.shift[1], y0, y1), y0);
    moved_rows_ = y1;
    moved_ms_per_row_ = (clock_() - t0) / double(y1 - y0);
    if (y1 < px.h) return;
    moved_pending_ = false;
    moved_key_ = next_key();
}

bool ImageModel::work(double budget_ms, const image::Clock& clock) {
    if (!has_config_) return false;
    clock_ = clock ? clock : image::Clock(image::steady_clock_ms);
    const bool busy_before = busy();
    if (!busy_before) return false;
    const double end = clock_() + budget_ms;
    bool changed = false;
    do {
        changed = true;
        if (picture_pending_) {
            if (!picture_piece()) break;
            continue;
        }
        if (moved_pending_) {
            moved_piece();
            continue;
        }
        if (!main_started_) {
            start_routes();
            if (!error_.empty()) break;
            continue;
        }
        if (shifted() && !moved_started_) {
            start_shifted();
            if (!error_.empty()) break;
            continue;
        }
        // What is on screen first, then the rest of the first run, then the timing runs.
        bool main_first_run_done = true;
        for (size_t k = 0; k < main_.routes(); ++k) main_first_run_done = main_first_run_done && main_.ready(k);
        if (shifted() && !moved_work_.done()) moved_work_.work(0);
        else if (!main_first_run_done) main_.work(0);
        else if (figure_piece()) {}  // the figures before the timing runs
        else if (!main_.done()) main_.work(0);
        if (!main_.error().empty() || !moved_work_.error().empty()) {
            error_ = Message::of("Image mode could not compute a route: {0}",
                                 {Message::literal(main_.error().empty() ? moved_work_.error() : main_.error())});
            break;
        }
        if (!timing_stopped_ && main_first_run_done && main_.compute_ms() > kTimingBudgetMs) {
            main_.stop_timing();
            timing_stopped_ = true;
        }
    } while (busy() && clock_() < end);
    if (changed) {
        rebuild_cards();
        ++revision_;
    }
    if (busy_before && !busy()) finished_ = true;
    return changed;
}

// [SECTION] Cards, maps and sentences ------------------------------------------------------------

std::optional<ImageModel::FigureStep> ImageModel::next_figure() const {
    using Kind = FigureStep::Kind;
    const Figures& f = figures_;
    const int k1 = main_.index_of(Route::stride1), k2 = main_.index_of(Route::stride);
    const bool dense_ready = k1 >= 0 && main_.ready(size_t(k1));
    if (f.identity == Figure::running ||
        (f.identity == Figure::waiting && dense_ready && k2 >= 0 && main_.ready(size_t(k2))))
        return FigureStep{Kind::identity};
    if (f.spread == Figure::running) return FigureStep{Kind::spread};
    // The spread and the shift changes compare with the moved picture's outputs.
    if (!shifted() || !moved_started_ || !moved_work_.done() || !moved_work_.error().empty()) return std::nullopt;
    if (f.spread == Figure::waiting) return dense_ready ? std::optional(FigureStep{Kind::spread}) : std::nullopt;
    if (f.spread != Figure::done) return std::nullopt;
    const auto running = std::find(f.shift.begin(), f.shift.end(), Figure::running);
    if (running != f.shift.end()) return FigureStep{Kind::shift, size_t(running - f.shift.begin())};
    const auto& all = image::all_routes();
    for (size_t r = 0; r < all.size(); ++r) {
        const int km = main_.index_of(all[r]), ks = moved_work_.index_of(all[r]);
        if (f.shift[r] == Figure::waiting && km >= 0 && ks >= 0 && main_.ready(size_t(km)) && moved_work_.ready(size_t(ks)))
            return FigureStep{Kind::shift, r};
    }
    return std::nullopt;
}

// One piece of the next figure: rows for about kPieceMs at the speed measured so far (a first
// guess of 20 M values/s, slower than any machine measured). A figure starts in its first piece.
bool ImageModel::figure_piece() {
    using Kind = FigureStep::Kind;
    const auto next = next_figure();
    if (!next) return false;
    Figures& f = figures_;
    const double t0 = clock_();
    const double speed = f.values_per_ms > 0 ? f.values_per_ms : 20000.0;
    auto rows_for = [&](const image::RowPieces& w) {
        return static_cast<int>(std::clamp(kPieceMs * speed / double(w.row_values()), 1.0, double(std::max(w.rows(), 1))));
    };
    int64_t values = 0;
    auto piece = [&](auto& w) {
        const int before = w.rows_done();
        w.add_rows(rows_for(w));
        values = int64_t(w.rows_done() - before) * w.row_values();
        return w.done();
    };
    const int k1 = main_.index_of(Route::stride1), k2 = main_.index_of(Route::stride);
    switch (next->kind) {
    case Kind::identity:
        if (f.identity == Figure::waiting) {
            auto w = image::SubsampleWork::start(main_.run(size_t(k1)).output, main_.run(size_t(k2)).output, settings_.stride);
            f.identity = w.ok() ? Figure::running : Figure::done;
            f.identity_work = std::move(w.value);
        }
        if (f.identity == Figure::running && piece(f.identity_work)) {
            identity_ = f.identity_work.result();
            f.identity = Figure::done;
        }
        break;
    case Kind::spread:
        if (f.spread == Figure::waiting) {
            f.spread_work = image::SpreadWork(main_.run(size_t(k1)).output);
            f.spread = Figure::running;
        }
        if (piece(f.spread_work)) {
            f.spread_value = f.spread_work.result();
            f.spread = Figure::done;
        }
        break;
    case Kind::shift: {
        const size_t r = next->route;
        const Route route = image::all_routes()[r];
        const int km = main_.index_of(route), ks = moved_work_.index_of(route);
        if (f.shift[r] == Figure::waiting) {
            auto w = image::ShiftCompareWork::start(main_.run(size_t(km)).plan, main_.run(size_t(km)).output,
                                                    moved_work_.run(size_t(ks)).output, image_.shift[0],
                                                    image_.shift[1], f.spread_value);
            f.shift[r] = w.ok() ? Figure::running : Figure::done;
            f.shift_work = std::move(w.value);
        }
        if (f.shift[r] == Figure::running && piece(f.shift_work)) {
            auto c = f.shift_work.result();
            if (c.ok()) shift_changes_[r] = c.value;
            f.shift[r] = Figure::done;
        }
        break;
    }
    }
    const double ms = clock_() - t0;
    if (ms > 0.05 && values > 0) f.values_per_ms = double(values) / ms;
    return true;
}

void ImageModel::rebuild_cards() {
    cards_.clear();
    lines_.clear();
    input_map_ = DisplayMap{};
    input_map_.low = "0";
    input_map_.high = "1";
    const Lang lang = lang_;
    input_map_.description = tr(lang, "Pixel values 0 to 1 (8-bit levels / 255): 0 black, 1 full brightness.");
    const image::RouteWork& shown = shown_work();
    const auto& all = image::all_routes();

    // One map for every route's output, from the stride-1 output on the unmoved picture (route 2
    // stands in until it is computed), so shifting or switching routes never changes the colours.
    const int k1 = main_.index_of(Route::stride1), k2 = main_.index_of(Route::stride);
    const int scale_route = k1 >= 0 && main_.ready(size_t(k1)) ? k1 : k2 >= 0 && main_.ready(size_t(k2)) ? k2 : -1;
    const Tensor* scale_from = scale_route >= 0 ? &main_.run(size_t(scale_route)).output : nullptr;
    if (scale_from && (scale_.epoch != main_epoch_ || scale_.route != scale_route)) {
        scale_.epoch = main_epoch_;
        scale_.route = scale_route;
        scale_.map = image::value_map_for(main_.range(size_t(scale_route)));  // gathered while computing
    }
    output_map_ = DisplayMap{};
    if (scale_from) {
        const image::ValueMap& m = scale_.map;
        output_map_.kind = m.kind;
        output_map_.scale = m.scale;
        const std::string s = localize_number(lang, format_number(m.scale));
        switch (m.kind) {
            case image::ValueMap::Kind::unit:
                output_map_.low = "0";
                output_map_.high = "1";
                output_map_.description = tr(lang, "Output values 0 to 1 shown as they are: 0 black, 1 full brightness.");
                break;
            case image::ValueMap::Kind::positive:
                output_map_.low = "0";
                output_map_.high = s;
                output_map_.description = trf(lang, "Output values 0 to {0} scaled to black..white (one scale for every route).", {s});
                break;
            case image::ValueMap::Kind::signed_around_zero:
                output_map_.low = "-" + s;
                output_map_.middle = "0";
                output_map_.high = s;
                output_map_.diverging = scale_from->c == 1;
                output_map_.description =
                    output_map_.diverging
                        ? trf(lang, "Signed output: zero is the neutral colour, negative values blue, positive orange, full colour at -{0} and {0} (one scale for every route; negatives are never clipped to black).", {s})
                        : trf(lang, "Signed output, per channel: zero is mid-grey, -{0} no light, {0} full (one scale for every route; negatives are never clipped to black).", {s});
                break;
        }
    }

    for (size_t r = 0; r < all.size(); ++r) {
        const Route route = all[r];
        if (!image_.shows(route)) continue;
        RouteCard card;
        card.route = route;
        card.number = route_number(route);
        card.title = route_title_in(route, layer_.stride, image_.blur, lang);
        const int km = main_.index_of(route), ks = shown.index_of(route);
        if (km >= 0) {
            const image::RouteRun& run = main_.run(size_t(km));
            const image::RoutePlan& p = run.plan;
            card.out_h = p.out_h;
            card.out_w = p.out_w;
            card.macs = p.macs();
            card.size_line = std::to_string(p.out_h) + " x " + std::to_string(p.out_w);
            card.formula_rows = trf(lang, "rows: {0}", {size_formula(p, true, lang)});
            card.formula_cols = trf(lang, "columns: {0}", {size_formula(p, false, lang)});
            if (p.size_formula(true) == p.size_formula(false))
                card.formula_lines = {trf(lang, "rows and columns: {0}", {size_formula(p, true, lang)})};
            else
                card.formula_lines = {card.formula_rows, card.formula_cols};
            if (!p.down) {
                card.cost_line = trf(lang, "{0} MACs", {grouped(lang, p.macs())});
            } else {
                card.cost_line = trf(lang, route == Route::blurpool ? "{0} = {1} conv MACs + {2} blur MACs" : "{0} = {1} conv MACs + {2} window reads",
                                     {grouped(lang, p.macs()), grouped(lang, p.conv_macs), grouped(lang, p.down_reads())});
            }
            card.runs = main_.runs_done(size_t(km));
            card.median_ms = run.median_ms;
            if (card.runs == 0) {
                card.time_line = tr(lang, "computing...");
            } else {
                const bool more = !main_.done();
                const std::string ms = milliseconds(run.median_ms, lang);
                card.time_line = card.runs == 1 ? trf(lang, more ? "{0} (1 run so far)" : "{0} (1 run)", {ms})
                                                : trf(lang, more ? "{0} (median of {1} runs so far)" : "{0} (median of {1} runs)",
                                                      {ms, number_text(lang, card.runs)});
            }
            if (route == Route::stride && k1 >= 0 && card.runs > 0 && main_.runs_done(size_t(k1)) > 0)
                // "than conv stride 1" after the sentence would misread when the time is not measured.
                card.speed_line = trf(lang, "against conv stride 1: {0}", {speed_sentence(run, main_.run(size_t(k1)), lang)});
            if (route != Route::stride && route != Route::stride1 && k2 >= 0 && card.runs > 0 && main_.runs_done(size_t(k2)) > 0)
                card.speed_line = trf(lang, "conv stride {0}: {1}",
                                      {pair_text(layer_.stride), speed_sentence(main_.run(size_t(k2)), run, lang)});
        }
        if (ks >= 0 && shown.ready(size_t(ks))) {
            card.ready = true;
            card.output = &shown.run(size_t(ks)).output;
            // An output is replaced only when its computation starts again, with a new epoch.
            card.key = (shifted() ? moved_epoch_ : main_epoch_) * 8 + r + 1;
        }
        if (shifted()) {
            if (shift_changes_[r]) {
                card.shift_change = shift_changes_[r]->change;
                card.shift_line = trf(lang, "shift ({0}, {1}): output changes {2}",
                                      {std::to_string(image_.shift[0]), std::to_string(image_.shift[1]),
                                       percent(shift_changes_[r]->change, lang)});
            } else {
                card.shift_line = tr(lang, "shift: computing...");
            }
        }
        cards_.push_back(std::move(card));
    }

    // Sentences under the routes.
    const Pair s = layer_.stride;
    if (!shift_note_.empty()) lines_.push_back({Line::plain, true, shift_note_});
    if (identity_) {
        char diff[32];
        std::snprintf(diff, sizeof diff, identity_->max_abs_difference == 0 ? "%.0f" : "%.3g",
                      double(identity_->max_abs_difference));
        const std::string every = s[0] == s[1] ? "every " + ordinal(s[0]) + "row and column"
                                               : "every " + ordinal(s[0]) + "row and " + ordinal(s[1]) + "column";
        // English names the rows by ordinal ("every 2nd row"); the other languages' rows say "one
        // row in 2" (their key is that English wording, which English itself does not show).
        lines_.push_back({Line::plain, true,
                          lang == Lang::en
                              ? "Route 2 is route 1 sampled at " + every + " (starting at 0): max |difference| = " + diff +
                                    " over " + base::thousands_text(identity_->cells) + " values."
                              : trf(lang, "Route 2 is route 1 sampled at one row in {0} and one column in {1} (starting at 0): the largest absolute difference is {2} over {3} values.",
                                    {std::to_string(s[0]), std::to_string(s[1]), localize_number(lang, diff),
                                     grouped(lang, identity_->cells)})});
    }
    if (s[0] == 1 && s[1] == 1) {
        lines_.push_back({Line::plain, true,
                          tr(lang, "At stride 1 every route keeps every sample: nothing is dropped, so there is no shift smaller "
                                   "than the stride to try. Raise the stride to compare the routes.")});
        return;
    }
    const int keep = s[0] * s[1];
    lines_.push_back({Line::plain, true,
                      trf(lang, "Stride {0} computes 1 output in {1} and never computes the rest; routes 3-5 compute every "
                                "stride-1 output first and then keep 1 in {1}.",
                          {pair_text(s), number_text(lang, keep)})});
    if (shifted()) {
        lines_.push_back({Line::plain, true,
                          trf(lang, "Shift: the picture moved down {0} and right {1} pixels (the first rows and columns repeat the "
                                    "edge). Change = RMS(output on the moved picture - output on the picture, realigned by whole "
                                    "output pixels, borders left out) / standard deviation of the stride-1 output. 0 % means the "
                                    "shift made no difference.",
                              {std::to_string(image_.shift[0]), std::to_string(image_.shift[1])})});
    } else {
        lines_.push_back({Line::plain, true,
                          trf(lang, "Shift the picture by 1 to {0} pixels to see how much each route's output changes.",
                              {std::to_string(std::max(s[0], s[1]) - 1)})});
    }
    lines_.push_back({Line::plain, true,
                      trf(lang, "Why: sampling one pixel in {0} per axis can only hold detail coarser than 2 x {0} pixels (half "
                                "the new sampling rate, the Nyquist limit). Finer detail, like the zone plate's outer rings, "
                                "comes back as a false coarser pattern (aliasing: the moire), and which pattern depends on where "
                                "the samples fall, so moving the picture by one pixel changes it. Average pooling and BlurPool "
                                "smooth the stride-1 output before sampling, so less of that detail is left to alias; max "
                                "pooling keeps each window's largest value, which jumps as peaks move between windows.",
                          {pair_text(s)})});
}

std::string ImageModel::link_note() const {
    if (!image_.own_file) return {};
    return trf(lang_, "Your own picture cannot travel in a link: a link opens this layer on the {0} instead. Export a PNG to share what you see.",
               {tr(lang_, source_title(image_.source))});
}

std::string ImageModel::picture_title() const {
    if (!picture_valid_) return tr(lang_, "making the picture...");
    std::string name;
    if (image_.own_file) {
        name = trf(lang_, "your picture {0}", {picture_->source});
    } else if (image_.source == image::SourceKind::photo) {
        name = tr(lang_, "photo");
        for (const auto& p : image::photos())
            if (image_.photo == p.name) name = trf(lang_, "photo '{0}'", {p.title});
    } else {
        name = tr(lang_, source_title(image_.source));
    }
    const Tensor& px = picture_->pixels;
    return name + ", " + std::to_string(px.h) + " x " + std::to_string(px.w) + ", " +
           (px.c == 1 ? std::string(tr(lang_, "1 channel (gray)")) : trf(lang_, "{0} channels (RGB)", {std::to_string(px.c)}));
}

// [SECTION] Pixels and windows -------------------------------------------------------------------

PixelInfo ImageModel::pixel(int card, int row, int col) const {
    PixelInfo info;
    const Tensor* t = nullptr;
    std::string where;
    if (card < 0) {
        const image::Image* p = picture();
        if (!p) return info;
        t = &p->pixels;
        where = tr(lang_, "picture");
    } else {
        if (card >= static_cast<int>(cards_.size()) || !cards_[size_t(card)].output) return info;
        t = cards_[size_t(card)].output;
        where = trf(lang_, "{0}, output", {cards_[size_t(card)].title});
    }
    if (row < 0 || col < 0 || row >= t->h || col >= t->w) return info;
    info.valid = true;
    for (int c = 0; c < t->c; ++c) info.values.push_back(t->at(c, row, col));
    info.text = trf(lang_, "{0} row {1}, col {2}: {3}", {where, std::to_string(row), std::to_string(col), values_text(info.values)});
    if (card >= 0) {
        const int km = main_.index_of(cards_[size_t(card)].route);
        if (km >= 0) {
            const image::RoutePlan& p = main_.run(size_t(km)).plan;
            info.window = image::route_window(p, row, col);
            const image::InputWindow& w = info.window;
            const bool padding = w.first_row < 0 || w.first_col < 0 || w.last_row >= p.in_h || w.last_col >= p.in_w;
            info.text += trf(lang_, padding ? "; reads picture rows {0}..{1}, cols {2}..{3} (partly padding)"
                                            : "; reads picture rows {0}..{1}, cols {2}..{3}",
                             {std::to_string(w.first_row), std::to_string(w.last_row), std::to_string(w.first_col),
                              std::to_string(w.last_col)});
        }
    } else {
        info.window = {row, row, col, col};
    }
    return info;
}

// [SECTION] The walk on a region -----------------------------------------------------------------

std::optional<WalkLink> ImageModel::walk_link(const Config& current, Route r, int row, int col) const {
    const image::Image* p = picture();
    const int km = main_.index_of(r);
    if (!p || km < 0) return std::nullopt;
    const image::RoutePlan& plan = main_.run(size_t(km)).plan;
    if (row < 0 || col < 0 || row >= plan.out_h || col >= plan.out_w) return std::nullopt;
    const Tensor& px = p->pixels;

    WalkLink link;
    Config c = current;
    c.view = View::walk;
    c.op = Op::conv2d;
    c.lesson.clear();
    // The routes run the kernel on every channel on its own (depthwise, groups = C): the walk is
    // that layer, every channel of the picture an input channel with its own copy of the kernel,
    // walking the first (red for a colour picture); the channel strip shows the others.
    const int planes = px.c;
    const size_t taps = static_cast<size_t>(c.kernel[0]) * c.kernel[1];
    c.channels = ChannelConfig{};
    c.channels.in_channels = c.channels.out_channels = c.channels.groups = planes;
    c.w.resize(taps * static_cast<size_t>(planes));
    for (int k = 1; k < planes; ++k) std::copy_n(c.w.begin(), taps, c.w.begin() + static_cast<ptrdiff_t>(taps * static_cast<size_t>(k)));
    c.dilation = {1, 1};
    c.bias = 0;
    c.pad_preset = PadPreset::custom;
    int out_at[2] = {row, col};  // the conv output the walk steps to
    int made_of[2][2] = {{row, row}, {col, col}};  // conv outputs the pixel combines, per axis
    int region_first[2] = {0, 0}, region_n[2] = {0, 0};
    int pads[2][2] = {{0, 0}, {0, 0}};  // before, after per axis
    int conv_first[2] = {0, 0}, conv_n[2] = {0, 0};
    for (int a = 0; a < 2; ++a) {
        const AxisGeometry& g = a == 0 ? plan.conv.rows : plan.conv.cols;
        const int n = a == 0 ? px.h : px.w;
        // The conv outputs the route's output pixel is made of.
        const int o = a == 0 ? row : col;
        int j0 = o, j1 = o;
        if (plan.down) {
            const AxisGeometry& d = a == 0 ? plan.down->rows : plan.down->cols;
            const int start = o * d.stride - d.pad_before;
            j0 = std::clamp(start, 0, g.output - 1);
            j1 = std::clamp(start + d.effective_kernel - 1, 0, g.output - 1);
        }
        made_of[a][0] = j0;
        made_of[a][1] = j1;
        out_at[a] = j0;
        // As many conv outputs around them as fit kMaxGrid input pixels: m outputs read
        // (m - 1) * stride + kernel padded pixels.
        const int fit = std::max(1, (kMaxGrid - g.effective_kernel) / g.stride + 1);
        const int want = std::min(fit, g.output);
        int first = std::max(0, (j0 + j1) / 2 - want / 2);
        first = std::min(first, g.output - want);
        conv_first[a] = first;
        conv_n[a] = want;
        // Padded rows [first * stride, (first + want - 1) * stride + kernel) -> picture rows.
        const int top = first * g.stride - g.pad_before;
        const int bottom = (first + want - 1) * g.stride + g.effective_kernel - 1 - g.pad_before;
        pads[a][0] = std::max(0, -top);
        pads[a][1] = std::max(0, bottom - (n - 1));
        region_first[a] = std::max(0, top);
        region_n[a] = std::min(n - 1, bottom) - region_first[a] + 1;
    }
    // Circular padding wraps to the far side of the picture, which the region does not hold:
    // then the padded values themselves become cells of the walk.
    const bool inline_padding = layer_.padding_mode == PaddingMode::circular &&
                                (pads[0][0] || pads[0][1] || pads[1][0] || pads[1][1]);
    const int rows = region_n[0] + (inline_padding ? pads[0][0] + pads[0][1] : 0);
    const int cols = region_n[1] + (inline_padding ? pads[1][0] + pads[1][1] : 0);
    const int y0 = region_first[0] - (inline_padding ? pads[0][0] : 0);
    const int x0 = region_first[1] - (inline_padding ? pads[1][0] : 0);
    c.input = {rows, cols};
    c.fill = Fill::custom;
    c.x.assign(size_t(planes) * rows * cols, 0.0f);
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x) {
            const int sy = source_index(layer_.padding_mode, y0 + y, px.h);
            const int sx = source_index(layer_.padding_mode, x0 + x, px.w);
            if (sy < 0 || sx < 0) continue;  // zero padding
            for (int ch = 0; ch < planes; ++ch) c.x[(size_t(ch) * rows + y) * cols + x] = px.at(ch, sy, sx);
        }
    if (inline_padding) {
        c.padding = {0, 0, 0, 0};
        c.padding_mode = PaddingMode::zeros;
    } else {
        c.padding = {pads[0][0], pads[0][1], pads[1][0], pads[1][1]};
    }
    c.stride = {plan.conv.rows.stride, plan.conv.cols.stride};
    const int step_row = out_at[0] - conv_first[0], step_col = out_at[1] - conv_first[1];
    c.step = step_row * conv_n[1] + step_col;
    link.config = c;
    link.region = {y0, y0 + rows - 1, x0, x0 + cols - 1};

    // The notice speaks the language of the lab the walk opens in.
    const Lang lang = current.lang;
    const std::string route_name = trf(lang, "route {0} ({1})", {std::to_string(route_number(r)),
                                                                 route_title_in(r, layer_.stride, image_.blur, lang)});
    const std::vector<std::string> where = {std::to_string(y0), std::to_string(y0 + rows - 1), std::to_string(x0),
                                            std::to_string(x0 + cols - 1), std::to_string(row), std::to_string(col), route_name};
    std::string text =
        px.c > 1 ? trf(lang, "The walk shows picture rows {0}..{1}, columns {2}..{3} (red, green and blue: three input channels, the kernel on each alone, a depthwise conv; the walk follows red) around output row {4}, col {5} of {6}.",
                       {where[0], where[1], where[2], where[3], where[4], where[5], where[6]})
                 : trf(lang, "The walk shows picture rows {0}..{1}, columns {2}..{3} around output row {4}, col {5} of {6}.",
                       {where[0], where[1], where[2], where[3], where[4], where[5], where[6]});
    if (plan.down)
        text += trf(lang, " It walks the stride-1 conv; the {0} then combines the conv outputs in rows {1}..{2}, cols {3}..{4} into that pixel.",
                    {tr(lang, r == Route::blurpool ? "blur" : r == Route::pool_max ? "max pool" : "avg pool"),
                     std::to_string(made_of[0][0]), std::to_string(made_of[0][1]), std::to_string(made_of[1][0]),
                     std::to_string(made_of[1][1])});
    if (inline_padding) text += tr(lang, " Circular padding is shown as ordinary cells (it wraps to the far side of the picture).");
    text += tr(lang, " Choose Image under View to go back.");
    link.notice = text;
    return link;
}

}  // namespace strideconv::teach
