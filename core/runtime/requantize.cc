// Requantizer: element-wise fixed-point requantization; see requantize.h.
#include "core/runtime/requantize.h"

#include <algorithm>

namespace qplab::runtime {

Requantizer::Requantizer(const std::vector<QuantizedMultiplier>& channel_multipliers, int pixels,
                         std::int32_t zero_point, Int8Range range)
    : zero_point_(zero_point), range_(range) {
  for (int p = 0; p < pixels; ++p)
    for (const QuantizedMultiplier& m : channel_multipliers) {
      multiplier_.push_back(m.multiplier);
      left_shift_.push_back(std::max(m.shift, 0));
      right_shift_.push_back(std::max(-m.shift, 0));
    }
}

// multiply_by_quantized_multiplier written for the vectorizer: the same operations as
// fixed_point.h, with the branches as selects. SRDHM's one overflow (INT32_MIN · INT32_MIN)
// cannot occur with a multiplier ≥ 0. Its truncating division by 2^31 adds 2^31 − 1 to a
// negative sum and shifts; the quotient fits int32, so a logical 64-bit shift gives the same
// low 32 bits as an arithmetic one (which AVX2 lacks). The output clamp to
// [act_min − zp, act_max − zp] comes before adding zp, so nothing overflows.
void Requantizer::run(const std::int32_t* __restrict acc, std::size_t n,
                      std::int8_t* __restrict y) const {
  const std::int32_t* __restrict multiplier = multiplier_.data();
  const std::int32_t* __restrict left = left_shift_.data();
  const std::int32_t* __restrict right = right_shift_.data();
  const std::int32_t zero_point = zero_point_;
  const std::int32_t low = range_.min - zero_point, high = range_.max - zero_point;
  for (std::size_t i = 0; i < n; ++i) {
    const auto shifted = static_cast<std::int32_t>(static_cast<std::uint32_t>(acc[i]) << left[i]);
    const std::int64_t ab = std::int64_t{shifted} * std::int64_t{multiplier[i]};
    const std::int64_t sum = ab + (ab < 0 ? 1 - (std::int64_t{1} << 30) : (std::int64_t{1} << 30));
    const std::int64_t biased = sum + (sum < 0 ? (std::int64_t{1} << 31) - 1 : 0);
    const auto high_mul = static_cast<std::int32_t>(static_cast<std::uint64_t>(biased) >> 31);
    const auto mask = static_cast<std::int32_t>((std::uint32_t{1} << right[i]) - 1);
    const std::int32_t remainder = high_mul & mask;
    const std::int32_t threshold = (mask >> 1) + (high_mul < 0 ? 1 : 0);
    std::int32_t q = (high_mul >> right[i]) + (remainder > threshold ? 1 : 0);
    q = q < low ? low : q;
    q = q > high ? high : q;
    y[i] = static_cast<std::int8_t>(q + zero_point);
  }
}

}  // namespace qplab::runtime
