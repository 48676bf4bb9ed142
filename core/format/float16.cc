// float ↔ binary16 by bit manipulation; see the header for the rounding rules.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cstring>

#include "core/format/float16.h"

namespace qplab {

namespace {

std::uint32_t bits_of(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

float float_of(std::uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Float bit patterns (magnitudes) at the half's boundaries.
constexpr std::uint32_t kFloatInfinity = 0x7F800000;
constexpr std::uint32_t kHalfOverflow = 0x477FF000;          // 65520: the tie above 65504 → inf
constexpr std::uint32_t kHalfMinNormal = 0x38800000;         // 2^-14
constexpr std::uint32_t kHalfHalfMinSubnormal = 0x33000000;  // 2^-25: ties to 0 (even)
constexpr std::uint32_t kExponentRebias = (127u - 15u) << 23;

}  // namespace

std::uint16_t float_to_half(float value) {
  const std::uint32_t bits = bits_of(value);
  const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
  const std::uint32_t magnitude = bits & 0x7FFFFFFFu;
  if (magnitude > kFloatInfinity)  // NaN: force the quiet bit so a payload never becomes inf
    return static_cast<std::uint16_t>(sign | 0x7E00u | ((magnitude >> 13) & 0x03FFu));
  if (magnitude >= kHalfOverflow) return static_cast<std::uint16_t>(sign | kHalfInfinity);
  if (magnitude >= kHalfMinNormal) {
    // Rebias the exponent, then round the 13 dropped mantissa bits to nearest even; a carry
    // out of the mantissa correctly bumps the exponent.
    std::uint32_t half = magnitude - kExponentRebias;
    half += 0x0FFFu + ((half >> 13) & 1u);
    return static_cast<std::uint16_t>(sign | (half >> 13));
  }
  if (magnitude <= kHalfHalfMinSubnormal) return sign;
  // Subnormal: the value in units of 2^-24 is mantissa·2^(exponent − 126), exponent in
  // [102, 112], so the shift is 14..24; round to nearest even (up to 0x400 = min normal).
  const std::uint32_t exponent = magnitude >> 23;
  const std::uint32_t mantissa = (magnitude & 0x007FFFFFu) | 0x00800000u;
  const std::uint32_t shift = 126u - exponent;
  std::uint32_t half = mantissa >> shift;
  const std::uint32_t remainder = mantissa & ((1u << shift) - 1u);
  const std::uint32_t halfway = 1u << (shift - 1u);
  if (remainder > halfway || (remainder == halfway && (half & 1u))) ++half;
  return static_cast<std::uint16_t>(sign | half);
}

float half_to_float(std::uint16_t half) {
  const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000u) << 16;
  const std::uint32_t exponent = (half >> 10) & 0x1Fu;
  const std::uint32_t mantissa = half & 0x03FFu;
  if (exponent == 0x1Fu) return float_of(sign | kFloatInfinity | (mantissa << 13));
  if (exponent != 0) return float_of(sign | ((exponent + 112u) << 23) | (mantissa << 13));
  if (mantissa == 0) return float_of(sign);
  // Subnormal: mantissa · 2^-24, exact in float (shift the leading 1 into the hidden bit).
  std::uint32_t e = 113;  // the float exponent of 2^-14, lowered once per normalizing shift
  std::uint32_t m = mantissa;
  while ((m & 0x0400u) == 0) {
    m <<= 1;
    --e;
  }
  return float_of(sign | (e << 23) | ((m & 0x03FFu) << 13));
}

}  // namespace qplab

QPLAB_COLD_FILE_END
