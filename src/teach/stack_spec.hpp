// stack_spec.hpp -- the layer grammar of `strideconv stack --layers` and of `stack=` in links, and
// the network presets (`--preset`, `preset=`).
//
// Standard C++17 (core + base). Parsing never throws; a bad spec gives one line naming the layer by
// position and the field, e.g. "layer 2 (maxpool): s must be N or HxW with whole numbers 1..4096
// (got 'two')".
//
// Grammar (spaces around tokens are ignored; kinds and keys are case-insensitive):
//   SPEC   := LAYER (';' LAYER)*          a trailing ';' is allowed
//   LAYER  := KIND [':' KEY '=' VALUE (',' KEY '=' VALUE)*]
//   KIND   := conv | dwconv | maxpool | avgpool | convT | add
//   k, s, d        N or HxW (1..4096)   kernel, stride, dilation; k is required except for add and
//                                       global pools
//   p              N or HxW (0..4096), same or valid   same: TensorFlow's SAME (any stride)
//   c              output channels      default: the input's channels
//   g              groups               default 1 (conv, convT); dwconv sets it to its input channels
//   op             N or HxW             convT's output_padding
//   ceil=1         pools: ceil_mode     global=1   pools: one window over the whole input
//   b=0|1          bias (convolutions; default 1, as PyTorch)
//   bn=1           a batch norm after the layer (2 parameters per channel)
//   skip=N         a shortcut: reads layer N's output (0: the input) and adds to the previous
//                  layer's output; add:skip=N is the identity shortcut
//   name=TEXT      a label (letters, digits and . _ - / only)
// Defaults: s=1 for convolutions and s=k for pools, p=0, d=1.
//
// Usage:
//   auto layers = teach::parse_stack("conv:k=7,s=2,p=3,c=64; maxpool:k=3,s=2,p=1");
//   if (!layers.ok()) puts(layers.error.c_str());
//   teach::format_stack(layers.value);          // "conv:k=7,s=2,p=3,c=64;maxpool:k=3,s=2,p=1"
//   auto r50 = teach::network_preset("resnet50");   // nullopt for an unknown name
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/stack.hpp"
#include "teach/strings.hpp"

namespace strideconv::teach {

// The error names the layer and the field in `lang` (the app's notices); the CLI's and links' are English.
Result<std::vector<StackLayer>> parse_stack(const std::string& spec, Lang lang = Lang::en);
// The canonical text: keys in the grammar's order, only values that differ from the defaults.
// parse_stack(format_stack(x)) == x for every stack parse_stack accepts.
std::string format_stack(const std::vector<StackLayer>& layers);
std::string format_layer(const StackLayer& layer);

struct NetworkPreset {
    const char* name;   // as in links and the CLI
    const char* title;
    const char* layout; // one sentence: where it comes from and where it puts its strides
};
// A preset's title in `lang`: a network's name as it is ("ResNet-50"), a stem in words ("VGG-16 stem").
std::string preset_title(const NetworkPreset& p, Lang lang);
const std::vector<NetworkPreset>& network_presets();
std::optional<std::vector<StackLayer>> network_preset(const std::string& name);
// "vgg16, alexnet, ..." for messages.
std::string network_preset_names();

}  // namespace strideconv::teach
