// url.hpp -- the URL state codec: a teach::Config to and from a query string or hash fragment,
// so a lesson state can be linked, bookmarked and embedded.
//
// Standard C++17 only (teach + core + std). Decoding never fails and never throws: a bad, hostile,
// duplicated or unknown parameter is ignored or clamped, and one sentence naming it is added to
// `notices`. Out-of-range numbers are clamped by teach::normalize, whose notices are included.
//
// Parameters (keys and words are case-insensitive; '+' is a space; %XX is decoded):
//   lesson=NAME                   applied first; every other parameter overrides it, in any order
//   op=conv2d|max_pool2d|avg_pool2d|conv_transpose2d
//   output_padding=N|HxW          conv_transpose2d only: 0 <= output_padding < max(stride, dilation)
//   transposed_view=scatter|conv|overlap   conv_transpose2d's walk: by input cell (scatter), by
//                                 output cell of the equivalent stride-1 conv, or the overlap map
//   input=HxW | N                 kernel=KHxKW | K      stride=SHxSW | S      dilation=DHxDW | D
//   padding=P | PHxPW | T,B,L,R | same | valid | full
//   custom_padding=P | PHxPW | T,B,L,R   the explicit numbers kept while padding is same/valid/full
//   padding_mode=zeros|reflect|replicate|circular
//   values=seq|ones|checker|random|random:SEED      seed=SEED (kept for 'random' under other fills)
//   x=v,v,...                     H*W input values, row-major; means values=custom
//   kernel_preset=NAME            w=v,v,...  KH*KW kernel values, row-major; means kernel_preset=custom
//   bias=F   ceil_mode=0|1   count_include_pad=0|1   step=N   view=walk|compare|quiz
//   compare_stride=S|SHxSW   theme=light|dark   embed=0|1   large_text=0|1
//   view=stack (the network view) with preset=NAME (a network preset; starts afresh: no stack,
//   swaps or cell unless given too), stack=SPEC (layers in the grammar of teach/stack_spec.hpp),
//   swap=N,N,...|none (downsampling points swapped), stack_input=N|HxW (1..4096), channels=C,
//   flops=0|1, cell=LAYER,ROW,COL (the clicked output cell), stack_picture=0|1 (the field drawn on
//   image mode's picture, image=... below, instead of a grid)
// Image mode (view=image; teach/image_config.hpp):
//   image=zoneplate|stripes|checker|text|scene|photo|photo:NAME   (NAME alone also names a photo)
//   image_size=N | HxW   color=rgb|gray   routes=all | stride1,stride,pool-max,pool-avg,blurpool
//   shift=D | DYxDX   blur=F
//   image=file stands for the user's own picture, which cannot travel in a link: decoding it keeps an
//   own picture the state already shows (apply_query) and otherwise says so in a notice.
// Channels and groups (teach/channel_config.hpp):
//   in_channels=N   out_channels=N   (1..16; pools keep in_channels)   groups=G (divides both; else
//   the largest divisor below it, with a notice)   channel=O | O,I   the output channel walked and
//   the input channel drawn large (one that filter reads; O alone: the first it reads). x= then holds
//   in_channels planes of H*W values and w= out_channels x in_channels/groups planes of KH*KW.
//   about=0|1                     the About panel (version, licence, notices) is open
//   lang=en|de|fr                 the language of every string (teach/strings.hpp); a region tag
//                                 (de-AT) reads as its language; an unknown code is English, with a
//                                 notice. Without lang= the web page uses the browser's language.
//   v=N                           the link format (kLinkFormat); absent means 1, the format of every
//                                 link made before v= existed. A newer format than this release
//                                 reads is opened as far as it can be, with a notice saying so.
//   index_base=0|1   rows and columns in sentences and on the grids counted from 0 or 1; step= is
//                    always 0-based      predict=off|value|window   predict, then reveal
//   compare_with=stride|pool      the compare view beside the layer: compare_stride, or stride 1
//                                 followed by SxS max pooling at stride S
//   quiz=stride|transposed|channels|all   what the quiz view asks about (teach/quiz.hpp)
// A key given twice: the last value wins (with a notice). Input longer than kMaxQueryLength is cut
// (with a notice) and the parameter cut in half is dropped.
//
// Links that keep working. A link in a slide or a lecture note must open the same state in every
// later release: tests/links/corpus.jsonl holds links made by each release (every lesson, every
// parameter, every view, the alternative spellings below) with the state each opened, and
// tests/link_corpus_test.cpp fails if one opens anything else. When a parameter has to change,
// the old spelling keeps being decoded (and encode_query writes the new one, so the app rewrites
// the address bar); once links would otherwise be ambiguous, kLinkFormat goes up, encode_query
// writes v=kLinkFormat and decoding reads an absent v as format 1. Spellings accepted besides the
// canonical ones: keys and words in any case, N for NxN, H,W for HxW, true/yes/on and
// false/no/off for 1 and 0, values=custom, a leading '?' or '#', '+' for a space.
//
// encode_query writes the canonical minimal query (no leading '?'): fixed parameter order, only
// parameters that differ from the starting point (a default Config, or the named lesson's config
// when `lesson` is set), x=/w= only for custom values, floats in the shortest text that reads back
// to the same float. decode_query(encode_query(c)).config == c, without notices, for every
// normalized c whose `lesson` is empty or a known lesson name (an unknown name is not encoded) and
// that does not show the user's own picture (image.own_file).
//
// Usage:
//   teach::Decoded d = teach::decode_query("?lesson=dropped&stride=3");
//   lesson.set_config(d.config);                         // and show d.notices to the user
//   std::string q = teach::encode_query(lesson.config()); // "lesson=dropped&stride=3"
//   d = teach::apply_query(lesson.config(), "step=2");     // lesson, stride kept; step now 2
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "teach/lesson.hpp"

namespace strideconv::teach {

// Longest query or hash decode_query reads. Not 8 KB: the longest canonical query (32x32 and 9x9
// custom values of 14 characters each, like -1.1754944e-38) is about 17 KB and must round-trip.
constexpr size_t kMaxQueryLength = 32768;
// At most this many notices are kept; a last one says how many more were dropped.
constexpr size_t kMaxUrlNotices = 24;

// The link format this release writes and reads (v=N; see "Links that keep working" above).
constexpr int kLinkFormat = 1;

struct Decoded {
    Config config;                     // always normalized
    std::vector<std::string> notices;  // one sentence per parameter that was ignored or changed
    int link_format = 1;               // v= as read (1 when absent)
    bool lang_given = false;           // the query has lang= (else the web host uses the browser's)
};

// The parameter names decode_query reads, in the order they are applied ("lesson", "op", ...).
const std::vector<std::string>& link_parameter_names();

Decoded decode_query(const std::string& query_or_hash);
// The same parameters applied on top of `current` instead of a default Config (a host merging a
// partial query into the live state): what the query gives overrides, the rest is kept, and a
// lesson= in it starts from that lesson. Unlike decoding encode_query(current) + "&" + query,
// keys set by both raise no "given twice" notice, and x= in the current state does not block
// values= in the query.
Decoded apply_query(const Config& current, const std::string& query_or_hash);
std::string encode_query(const Config& c);

}  // namespace strideconv::teach
