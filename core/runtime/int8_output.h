// The last step of every int8 kernel: add the output zero point and clamp to the activation
// range, y_q = clamp(q + zero_point, min, max). The range is [−128, 127], narrowed by a fused
// ReLU to [max(−128, zero_point), 127] (int8_activation_range, prepare_checks.h).
#pragma once

#include <cstdint>

namespace qplab::runtime {

struct Int8Range {
  std::int32_t min = -128, max = 127;
};

// The sum in 64 bits: no int32 overflow for any q, and the same value as TFLite's int32 sum
// wherever that one is defined.
inline std::int32_t add_and_clamp(std::int32_t q, std::int32_t zero_point, std::int32_t low,
                                  std::int32_t high) {
  const std::int64_t sum = std::int64_t{q} + zero_point;
  return static_cast<std::int32_t>(sum < low ? low : sum > high ? high : sum);
}

}  // namespace qplab::runtime
