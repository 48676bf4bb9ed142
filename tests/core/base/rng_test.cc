// PCG32: the reference implementation's published outputs, ranges, shuffles.
#include "core/base/rng.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>

using namespace qplab;

TEST_CASE("pcg32 reproduces the reference demo's first outputs", "[rng]") {
  Rng rng(42, 54);  // pcg32-demo: pcg32_srandom_r(&rng, 42u, 54u)
  const std::uint32_t expected[] = {0xa15c02b7, 0x7b47f409, 0xba1d3330,
                                    0x83d2f293, 0xbfa4784b, 0xcbed606e};
  for (std::uint32_t e : expected) CHECK(rng.next_u32() == e);
}

TEST_CASE("uniform and below stay in range and cover it", "[rng]") {
  Rng rng(7);
  float low = 1, high = 0;
  std::vector<int> hits(10);
  for (int i = 0; i < 10000; ++i) {
    const float u = rng.uniform();
    low = std::min(low, u), high = std::max(high, u);
    ++hits[rng.below(10)];
  }
  CHECK(low >= 0.0f);
  CHECK(high < 1.0f);
  CHECK(high - low > 0.99f);
  for (int h : hits) CHECK(h > 900);
  REQUIRE_THROWS(rng.below(0));
}

TEST_CASE("shuffle is a seeded permutation", "[rng]") {
  std::vector<int> a(100), b(100);
  std::iota(a.begin(), a.end(), 0);
  std::iota(b.begin(), b.end(), 0);
  Rng r1(3), r2(3);
  r1.shuffle(a);
  r2.shuffle(b);
  CHECK(a == b);
  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 100; ++i) CHECK(sorted[static_cast<std::size_t>(i)] == i);
  CHECK(a != sorted);
}
