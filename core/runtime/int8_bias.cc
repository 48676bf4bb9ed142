// Folding the input zero point into the int8 kernels' bias; see int8_bias.h.
#include "core/runtime/int8_bias.h"

#include <cstdlib>
#include <limits>
#include <string>

#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

std::vector<std::int32_t> fold_input_zero_point(const std::vector<std::int32_t>& bias,
                                                const std::vector<std::int8_t>& weights,
                                                int outputs, std::int32_t input_zero_point) {
  constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();
  const auto rows = static_cast<std::size_t>(outputs);
  const std::size_t per_output = rows ? weights.size() / rows : 0;
  std::vector<std::int32_t> offsets(rows);
  for (std::size_t o = 0; o < rows; ++o) {
    std::int64_t sum = 0, magnitude = 0;  // Σ W and Σ |W|: at most 2^7 · 2^31, no wrap
    for (std::size_t k = 0; k < per_output; ++k) {
      const std::int64_t w = weights[o * per_output + k];
      sum += w;
      magnitude += std::llabs(w);
    }
    const std::int64_t b = bias.empty() ? 0 : bias[o];
    const std::int64_t offset = b - std::int64_t{input_zero_point} * sum;
    // |x_q − zp| ≤ 255 and |x_q| ≤ 128 for int8 x_q and zp.
    if (std::llabs(b) + 255 * magnitude > kInt32Max ||
        std::llabs(offset) + 128 * magnitude > kInt32Max)
      fail("output channel " + std::to_string(o) + ": bias " + std::to_string(b) +
           " with weights of total magnitude " + std::to_string(magnitude) +
           " could overflow the int32 accumulator");
    offsets[o] = static_cast<std::int32_t>(offset);
  }
  return offsets;
}

}  // namespace qplab::runtime
