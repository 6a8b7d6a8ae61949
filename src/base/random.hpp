// random.hpp -- the one seeded random generator: the same numbers for a seed natively and in
// WebAssembly (std::mt19937 is portable, but the standard distributions on top of it are not).
//
// xorshift32 with the shift triple (13, 17, 5) (Marsaglia 2003, "Xorshift RNGs"). The seed is
// spread by a multiplicative hash first, so seeds 1, 2, 3 start far apart. Input values
// `values=random:SEED` in links are drawn from it: its sequence must never change, or old links
// would open with other numbers (tests/lesson_test.cpp pins it).
//
// The quiz seeds it differently (from_state), so quiz seeds keep giving the questions they gave.
//
// Usage:
//   base::Random dice(7);
//   int v = dice.between(-9, 9);   // a whole number from -9 to 9
#pragma once

#include <cstdint>

namespace strideconv::base {

class Random {
  public:
    explicit Random(uint32_t seed) : Random(Tag{}, seed * 2654435761u + 0x9e3779b9u) {}
    // The generator at this exact state (0 is taken as 1: xorshift stays at 0 forever).
    static Random from_state(uint32_t state) { return Random(Tag{}, state); }
    uint32_t next() {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        return state_;
    }
    // lo..hi inclusive, by remainder (a bias below 2^-24 for the small ranges used here).
    int between(int lo, int hi) {
        const auto range = static_cast<uint32_t>(static_cast<int64_t>(hi) - lo + 1);
        return static_cast<int>(lo + static_cast<int64_t>(range == 0 ? next() : next() % range));
    }

  private:
    struct Tag {};
    Random(Tag, uint32_t state) : state_(state == 0 ? 1 : state) {}
    uint32_t state_;
};

}  // namespace strideconv::base
