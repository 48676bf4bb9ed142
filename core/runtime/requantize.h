// Requantizer — the output stage of the int8 conv and fully connected kernels, for one output
// row of int32 accumulators in NHWC order (pixels × channels):
//   y_q[i] = clamp(multiply_by_quantized_multiplier(acc[i], M_c, shift_c) + y_zp, act_min, act_max)
// bit for bit as core/runtime/fixed_point.h, with c = i mod channels. The per-channel multipliers
// and shifts are laid out once per row element at Prepare, so the loop is element-wise with
// no branches and the compiler vectorizes it (the 32 × 32 → 64-bit products become vpmuldq /
// i64x2.extmul); scalar, this stage costs more than the convolution itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/runtime/fixed_point.h"
#include "core/runtime/int8_output.h"
#include "core/runtime/kernel.h"

namespace qplab::runtime {

class Requantizer {
 public:
  Requantizer() = default;
  // One multiplier per channel (each ≥ 0, as quantize_multiplier gives for a positive scale
  // ratio); a row holds `pixels` pixels of every channel.
  QPLAB_COLD Requantizer(const std::vector<QuantizedMultiplier>& channel_multipliers, int pixels,
                         std::int32_t zero_point, Int8Range range);

  // n ≤ the row length: the first n elements of a row.
  void run(const std::int32_t* acc, std::size_t n, std::int8_t* y) const;

 private:
  std::vector<std::int32_t> multiplier_, left_shift_, right_shift_;  // per row element
  std::int32_t zero_point_ = 0;
  Int8Range range_;
};

}  // namespace qplab::runtime
