// quantize_multiplier: a real multiplier as a Q0.31 significand and a power-of-two shift, the
// way TFLite's QuantizeMultiplier (quantization_util.cc) splits it.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cmath>
#include <stdexcept>
#include <string>

#include "core/base/number_text.h"
#include "core/runtime/fixed_point.h"

namespace qplab {

QuantizedMultiplier quantize_multiplier(double real_multiplier) {
  if (!std::isfinite(real_multiplier) || std::abs(real_multiplier) >= 2147483648.0) {
    throw std::invalid_argument(
        "quantize_multiplier: multiplier must be finite and below 2^31 in magnitude, got " +
        number_text(real_multiplier));
  }
  if (real_multiplier == 0.0) return {};
  int shift = 0;
  const double q = std::frexp(real_multiplier, &shift);  // |q| in [0.5, 1)
  auto q_fixed =
      static_cast<std::int64_t>(std::round(q * static_cast<double>(std::int64_t{1} << 31)));
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

QPLAB_COLD_FILE_END
