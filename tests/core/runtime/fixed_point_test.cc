// fixed_point: hand cases by exact equality (TFLite/gemmlowp semantics) and a randomized
// comparison of multiply_by_quantized_multiplier against double-precision x·M.
#include "core/runtime/fixed_point.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/base/rng.h"

using namespace qplab;

namespace {
constexpr std::int32_t kMin = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t kMax = std::numeric_limits<std::int32_t>::max();
constexpr std::int32_t kHalf = std::int32_t{1} << 30;  // 0.5 in Q0.31

void check_multiplier(double real, std::int32_t multiplier, int shift) {
  CAPTURE(real);
  const QuantizedMultiplier q = quantize_multiplier(real);
  CHECK(q.multiplier == multiplier);
  CHECK(q.shift == shift);
}
}  // namespace

TEST_CASE("quantize_multiplier splits powers of two and thirds exactly", "[fixed_point]") {
  check_multiplier(0.5, kHalf, 0);
  check_multiplier(0.25, kHalf, -1);
  check_multiplier(1.0, kHalf, 1);
  check_multiplier(2.0, kHalf, 2);
  check_multiplier(0.75, 1610612736, 0);        // 0.75 · 2^31
  check_multiplier(1.0 / 3.0, 1431655765, -1);  // round(2^32 / 3)
  check_multiplier(std::ldexp(1.0, -32), kHalf, -31);
}

TEST_CASE("quantize_multiplier handles zero, rounding up to 2^31 and underflow", "[fixed_point]") {
  check_multiplier(0.0, 0, 0);
  // frexp gives q = 1 − 2^-40, which rounds to 2^31: halved, with the exponent raised.
  check_multiplier(1.0 - std::ldexp(1.0, -40), kHalf, 1);
  check_multiplier(0.5 - std::ldexp(1.0, -41), kHalf, 0);
  // Smaller than 2^-32: every product would round to 0, so TFLite stores {0, 0}.
  check_multiplier(std::ldexp(1.0, -40), 0, 0);
  for (double m : {1e-6, 0.0123, 0.3, 0.99, 1.7, 123.4}) {
    CAPTURE(m);
    const QuantizedMultiplier q = quantize_multiplier(m);
    CHECK(q.multiplier >= kHalf);
    CHECK(std::abs(std::ldexp(q.multiplier, q.shift - 31) - m) <= m * std::ldexp(1.0, -31));
  }
}

TEST_CASE("quantize_multiplier rejects non-finite and huge multipliers", "[fixed_point][errors]") {
  REQUIRE_THROWS_WITH(quantize_multiplier(std::nan("")), Catch::Contains("quantize_multiplier"));
  REQUIRE_THROWS_WITH(quantize_multiplier(HUGE_VAL), Catch::Contains("finite"));
  REQUIRE_THROWS_WITH(quantize_multiplier(std::ldexp(1.0, 31)), Catch::Contains("2^31"));
}

TEST_CASE("saturating_rounding_doubling_high_mul rounds ties up and saturates", "[fixed_point]") {
  CHECK(saturating_rounding_doubling_high_mul(kMin, kMin) == kMax);  // (−1)·(−1) = 1 does not fit
  CHECK(saturating_rounding_doubling_high_mul(kMax, kMax) == kMax - 1);
  CHECK(saturating_rounding_doubling_high_mul(kMin, kMax) == kMin + 1);
  CHECK(saturating_rounding_doubling_high_mul(100, kHalf) == 50);
  CHECK(saturating_rounding_doubling_high_mul(3, kHalf) == 2);    // 1.5 → 2
  CHECK(saturating_rounding_doubling_high_mul(-3, kHalf) == -1);  // −1.5 → −1: ties toward +∞
  CHECK(saturating_rounding_doubling_high_mul(-5, kHalf) == -2);  // −2.5 → −2
  CHECK(saturating_rounding_doubling_high_mul(0, kMin) == 0);
  CHECK(saturating_rounding_doubling_high_mul(kMin, kHalf) == -kHalf);
}

TEST_CASE("rounding_divide_by_pot rounds half away from zero", "[fixed_point]") {
  CHECK(rounding_divide_by_pot(5, 1) == 3);
  CHECK(rounding_divide_by_pot(-5, 1) == -3);
  CHECK(rounding_divide_by_pot(4, 1) == 2);
  CHECK(rounding_divide_by_pot(-4, 1) == -2);
  CHECK(rounding_divide_by_pot(6, 2) == 2);    // 1.5 → 2
  CHECK(rounding_divide_by_pot(-6, 2) == -2);  // −1.5 → −2
  CHECK(rounding_divide_by_pot(5, 2) == 1);    // 1.25 → 1
  CHECK(rounding_divide_by_pot(-7, 2) == -2);  // −1.75 → −2
  CHECK(rounding_divide_by_pot(12345, 0) == 12345);
  CHECK(rounding_divide_by_pot(kMax, 31) == 1);
  CHECK(rounding_divide_by_pot(kMin, 31) == -1);
  CHECK(rounding_divide_by_pot(-1, 31) == 0);
}

TEST_CASE("multiply_by_quantized_multiplier shifts, multiplies and rounds as TFLite",
          "[fixed_point]") {
  CHECK(multiply_by_quantized_multiplier(100, kHalf, 0) == 50);  // × 0.5
  CHECK(multiply_by_quantized_multiplier(3, kHalf, 0) == 2);     // 1.5: SRDHM rounds up
  CHECK(multiply_by_quantized_multiplier(-3, kHalf, 0) == -1);   // −1.5 → −1 (SRDHM)
  CHECK(multiply_by_quantized_multiplier(6, kHalf, -1) == 2);    // × 0.25: 1.5 → 2
  CHECK(multiply_by_quantized_multiplier(-6, kHalf, -1) == -2);  // −1.5 → −2 (divide by 2^1)
  CHECK(multiply_by_quantized_multiplier(7, kHalf, 2) == 14);    // × 2
  CHECK(multiply_by_quantized_multiplier(-7, kHalf, 2) == -14);
  CHECK(multiply_by_quantized_multiplier(1000, 0, 0) == 0);
  CHECK(multiply_by_quantized_multiplier(kMax, kMax, 0) == kMax - 1);  // M just below 1
  const QuantizedMultiplier third = quantize_multiplier(1.0 / 3.0);
  CHECK(multiply_by_quantized_multiplier(300, third.multiplier, third.shift) == 100);
  // Two roundings, as in TFLite: x·M = −100.33, but SRDHM gives round(−200.67) = −201 and the
  // right shift rounds −100.5 away from zero.
  CHECK(multiply_by_quantized_multiplier(-301, third.multiplier, third.shift) == -101);
}

TEST_CASE("multiply_by_quantized_multiplier is within 1 of x times the real multiplier",
          "[fixed_point]") {
  const std::uint64_t seed = 20240611;
  CAPTURE(seed);
  Rng rng(seed);
  for (int trial = 0; trial < 200000; ++trial) {
    // Multipliers over 2^-20 .. 2^4 (log-uniform), inputs up to 2^24: int8 accumulators and beyond.
    const double m = std::ldexp(1.0 + rng.uniform(), static_cast<int>(rng.below(24)) - 20);
    const auto x = static_cast<std::int32_t>(rng.below(1u << 25)) - (1 << 24);
    const double exact = static_cast<double>(x) * m;
    if (std::abs(exact) > 2e9) continue;
    const QuantizedMultiplier q = quantize_multiplier(m);
    const std::int32_t got = multiply_by_quantized_multiplier(x, q.multiplier, q.shift);
    if (std::abs(static_cast<double>(got) - exact) > 1.0) {
      CAPTURE(trial, x, m, q.multiplier, q.shift, got, exact);
      FAIL("off by more than 1");
    }
  }
}
