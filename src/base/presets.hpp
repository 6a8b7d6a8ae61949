// presets.hpp -- named input fills and kernel presets, defined once for the lesson, its links,
// hosts and the CLI.
//
// Standard C++17 only. Kernel preset names are matched ignoring ASCII case, with '-' and '_' the
// same character: the canonical spelling is the one links use (`sobel_x`); the CLI's older
// `sobel-x` is accepted everywhere as an alias.
//
// Usage:
//   std::vector<float> x = base::fill_values(base::Fill::random, 7, 5, 5);   // 25 values in -9..9
//   const base::KernelPreset* p = base::find_kernel_preset("Sobel-X");      // p->name == "sobel_x"
//   int kh = 3, kw = 3;  std::vector<float> w;
//   base::kernel_preset_values("gaussian", kh, kw, w);                      // 1 2 1 / 2 4 2 / 1 2 1
//   base::kernel_preset_values("gaussian_norm", kh, kw, w);                 // the same / 16 (sum 1)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strideconv::base {

// [SECTION] Input fills --------------------------------------------------------------------------

// How input values are made. The app lists them in this order (by index).
enum class Fill { seq, random, ones, checker, custom };
const char* to_string(Fill f);  // "seq", "random", "ones", "checker", "custom"
std::optional<Fill> fill_from_string(std::string_view name);  // exact lower-case names

// rows x cols values, row-major. seq: 1, 2, 3, ... in reading order; random: whole numbers -9..9
// drawn from base::Random(seed); ones; checker: 1 where row + col is even, else 0; custom: zeros.
// Several channels are one call with rows = channels x height (seq and random continue).
std::vector<float> fill_values(Fill f, uint32_t seed, int rows, int cols);

// [SECTION] Kernel presets -----------------------------------------------------------------------

struct KernelPreset {
    const char* name;   // canonical spelling, as links write it
    const char* label;  // for menus
    int size;           // 0: any size (generated); 3: a fixed 3x3
};
const std::vector<KernelPreset>& kernel_presets();
// The preset with this name or alias; nullptr if there is none ("custom" is not a preset).
const KernelPreset* find_kernel_preset(std::string_view name);
// "ones, box, identity, ...": the canonical names, for messages.
std::string kernel_preset_names();
// Values of a preset at kh x kw (fixed 3x3 presets set kh = kw = 3). False for an unknown name.
bool kernel_preset_values(std::string_view name, int& kh, int& kw, std::vector<float>& out);

}  // namespace strideconv::base
