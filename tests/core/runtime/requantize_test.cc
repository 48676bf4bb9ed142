// Requantizer: the vectorizable row loop equals multiply_by_quantized_multiplier + zero point
// + clamp bit for bit, per channel, on edge values and random ones.
#include "core/runtime/requantize.h"

#include <catch2/catch.hpp>
#include <limits>

#include "core/base/rng.h"

using namespace qplab;
using namespace qplab::runtime;

namespace {

std::int8_t scalar(std::int32_t acc, const QuantizedMultiplier& m, std::int32_t zero_point,
                   Int8Range range) {
  return static_cast<std::int8_t>(
      add_and_clamp(multiply_by_quantized_multiplier(acc, m.multiplier, m.shift), zero_point,
                    range.min, range.max));
}

}  // namespace

TEST_CASE("the requantizer equals the scalar fixed-point path bit for bit", "[requantize]") {
  constexpr std::int32_t kMax = std::numeric_limits<std::int32_t>::max(),
                         kMin = std::numeric_limits<std::int32_t>::min();
  const std::uint64_t seed = 31;
  CAPTURE(seed);
  Rng rng(seed);
  // Multipliers as quantize_multiplier gives them, shifts −31..31, plus the edges.
  std::vector<QuantizedMultiplier> channels = {
      {0, 0},           {1 << 30, 0},    {kMax, -31},        {1 << 30, 31},
      {1431655765, -1}, {1610612736, 2}, {(1 << 30) + 1, -8}};
  for (int c = 0; c < 20; ++c)
    channels.push_back({static_cast<std::int32_t>((1u << 30) + rng.below(1u << 30)),
                        static_cast<int>(rng.below(63)) - 31});
  const std::vector<std::int32_t> edges = {
      0, 1, -1, 2, -2, 3, -3, 5, -5, 1000, -1000, 12345678, -12345678, kMax, kMin, kMin + 1};
  for (const Int8Range range : {Int8Range{-128, 127}, Int8Range{-20, 127}})
    for (std::int32_t zero_point : {0, -20, 127, -128}) {
      const Requantizer requantize(channels, 3, zero_point, range);
      const std::size_t row = channels.size() * 3;
      for (int trial = 0; trial < 400; ++trial) {
        std::vector<std::int32_t> acc(row);
        for (std::size_t i = 0; i < row; ++i) {
          acc[i] = trial < 16 ? edges[static_cast<std::size_t>(trial)]
                              : static_cast<std::int32_t>(rng.next_u32());
          if (trial >= 16 && trial % 2) acc[i] >>= rng.below(31);  // accumulator-sized values too
        }
        std::vector<std::int8_t> y(row);
        requantize.run(acc.data(), row, y.data());
        for (std::size_t i = 0; i < row; ++i) {
          const QuantizedMultiplier& m = channels[i % channels.size()];
          CAPTURE(acc[i], m.multiplier, m.shift, zero_point, range.min);
          REQUIRE(y[i] == scalar(acc[i], m, zero_point, range));
        }
      }
    }
}
