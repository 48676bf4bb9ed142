// TFLite's integer requantization (the gemmlowp fixed-point semantics of TFLite's reference
// kernels): a real multiplier M becomes a Q0.31 significand in [2^30, 2^31) and a power-of-two
// exponent, M ≈ multiplier · 2^(shift − 31), and x·M is computed with integers only as
//   rounding_divide_by_pot(SRDHM(x · 2^max(shift, 0), multiplier), max(−shift, 0)).
// The three arithmetic helpers run once per int8 kernel output, so they are inline.
#pragma once

#include <cstdint>
#include <limits>

namespace qplab {

struct QuantizedMultiplier {
  std::int32_t multiplier = 0;  // Q0.31 significand: 0, or |multiplier| in [2^30, 2^31)
  int shift = 0;                // power-of-two exponent: > 0 left, < 0 right (never below −31)
};

// frexp-based, as TFLite's QuantizeMultiplier: round(q · 2^31) for q = frexp(M) in [0.5, 1);
// a significand that rounds up to 2^31 becomes 2^30 with shift + 1; 0 → {0, 0}; a multiplier
// so small that shift < −31 flushes to {0, 0}. Throws std::invalid_argument on a non-finite
// multiplier or |M| ≥ 2^31 (TFLite would overflow its left shift there).
QuantizedMultiplier quantize_multiplier(double real_multiplier);

// gemmlowp SaturatingRoundingDoublingHighMul: the high 32 bits of 2·a·b, rounded to nearest
// (ties toward +∞); the only overflow, a = b = INT32_MIN, saturates to INT32_MAX.
inline std::int32_t saturating_rounding_doubling_high_mul(std::int32_t a, std::int32_t b) {
  if (a == b && a == std::numeric_limits<std::int32_t>::min())
    return std::numeric_limits<std::int32_t>::max();
  const std::int64_t ab = std::int64_t{a} * std::int64_t{b};
  const std::int64_t nudge = ab >= 0 ? (std::int64_t{1} << 30) : 1 - (std::int64_t{1} << 30);
  return static_cast<std::int32_t>((ab + nudge) / (std::int64_t{1} << 31));  // / truncates toward 0
}

// gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero;
// exponent in [0, 31]. (>> on a negative int32 is arithmetic in GCC, Clang and Emscripten.)
inline std::int32_t rounding_divide_by_pot(std::int32_t x, int exponent) {
  const auto mask = static_cast<std::int32_t>((std::int64_t{1} << exponent) - 1);
  const std::int32_t remainder = x & mask;
  const std::int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// TFLite's MultiplyByQuantizedMultiplier: left shift for a positive shift, then SRDHM, then a
// rounding right shift. TFLite writes the left shift as x · (1 << shift) and relies on
// two's-complement wrap-around; shifting the unsigned bits gives the same result without the
// signed overflow (uint32 → int32 is modular in every compiler we use).
inline std::int32_t multiply_by_quantized_multiplier(std::int32_t x, std::int32_t multiplier,
                                                     int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  const auto shifted = static_cast<std::int32_t>(static_cast<std::uint32_t>(x) << left_shift);
  return rounding_divide_by_pot(saturating_rounding_doubling_high_mul(shifted, multiplier),
                                right_shift);
}

}  // namespace qplab
