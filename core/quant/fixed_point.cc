// quantize_multiplier: a real multiplier as a Q0.31 significand and a power-of-two shift, the
// way TFLite's QuantizeMultiplier (quantization_util.cc) splits it.
#include "core/quant/fixed_point.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace qplab {

QuantizedMultiplier quantize_multiplier(double real_multiplier) {
  if (!std::isfinite(real_multiplier) || std::abs(real_multiplier) >= 2147483648.0) {
    char value[32];
    std::snprintf(value, sizeof value, "%g", real_multiplier);
    throw std::invalid_argument(
        std::string("quantize_multiplier: multiplier must be finite and below 2^31 in magnitude, got ") + value);
  }
  if (real_multiplier == 0.0) return {};
  int shift = 0;
  const double q = std::frexp(real_multiplier, &shift);  // |q| in [0.5, 1)
  auto q_fixed = static_cast<std::int64_t>(std::round(q * static_cast<double>(std::int64_t{1} << 31)));
  if (q_fixed == (std::int64_t{1} << 31)) {  // q rounded up to 1.0
    q_fixed /= 2;
    ++shift;
  }
  // Below 2^-31 every product would shift out to zero; TFLite encodes that as multiplier 0
  // rather than a right shift of more than 31 bits.
  if (shift < -31) return {};
  return {static_cast<std::int32_t>(q_fixed), shift};
}

}  // namespace qplab
