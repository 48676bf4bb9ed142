// The int32 offsets of the int8 CONV_2D and FULLY_CONNECTED kernels: TFLite accumulates
// bias + Σ (x_q − zp_in)·W_q; qplab folds the input zero point into the bias once at Prepare,
//   offset[o] = bias[o] − zp_in · Σ_k W_q[o][k],   then   acc = offset[o] + Σ_k x_q·W_q[o][k],
// the same integer for every input. A file may hold any int32 bias, so both forms are checked
// to stay inside int32 for every int8 input before the kernel is made.
#pragma once

#include <cstdint>
#include <vector>

namespace qplab::runtime {

// weights: [outputs, per_output] int8, row-major; bias: outputs values, or empty for none.
// Throws std::runtime_error naming the output channel whose accumulator could overflow.
std::vector<std::int32_t> fold_input_zero_point(const std::vector<std::int32_t>& bias,
                                                const std::vector<std::int8_t>& weights,
                                                int outputs, std::int32_t input_zero_point);

}  // namespace qplab::runtime
