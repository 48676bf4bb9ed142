// IEEE 754 binary16 ("half") conversions, bit-exact and platform-independent (no F16C, no
// _Float16): the ptq-float16 converter stores weights with float_to_half; half_to_float is
// the exact inverse a reader (a float16 → float32 DEQUANTIZE) needs.
//   half: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits; max 65504, min subnormal 2^-24.
#pragma once

#include <cstdint>

namespace qplab {

constexpr std::uint16_t kHalfInfinity = 0x7C00;
constexpr std::uint16_t kHalfMax = 0x7BFF;  // 65504

// Round to nearest, ties to even; magnitudes that round past 65504 (≥ 65520) become ±inf;
// values below 2^-14 become subnormals (or ±0); NaN stays NaN (quiet, sign and the top
// payload bits kept).
std::uint16_t float_to_half(float value);

// Exact: every half is a float.
float half_to_float(std::uint16_t half);

}  // namespace qplab
