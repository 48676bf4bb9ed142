// Rng — a small PCG32 generator (O'Neill, pcg-random.org: XSH-RR output, 64-bit LCG state).
// Our own generator, so a seed gives the same stream natively and in WebAssembly; the
// std:: distributions differ between libstdc++ and libc++.
#pragma once

#include <cstdint>
#include <vector>

namespace qplab {

class Rng {
 public:
  // pcg32_srandom_r(seed, stream): the reference generator's seeding, so its published
  // outputs serve as a golden test.
  explicit Rng(std::uint64_t seed, std::uint64_t stream = kDefaultStream);
  static constexpr std::uint64_t kDefaultStream = 54;

  std::uint32_t next_u32();
  float uniform();                           // [0, 1), 24 random bits
  float uniform(float low, float high);      // [low, high)
  std::uint32_t below(std::uint32_t bound);  // [0, bound), unbiased (Lemire)
  void shuffle(std::vector<int>& values);    // Fisher–Yates

 private:
  std::uint64_t state_;
  std::uint64_t increment_;
};

}  // namespace qplab
