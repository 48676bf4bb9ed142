// Conv2DInt8 — CONV_2D in int8, exactly TFLite's reference integer path (integer_ops/conv.h):
//   acc = Σ_{kh,kw,c} (x_q − x_zp) · W_q[f,kh,kw,c] + bias_q[f]                      (int32)
//   y_q = clamp(multiply_by_quantized_multiplier(acc, M_f, shift_f) + y_zp, act_min, act_max)
// with M_f = x_scale · w_scale[f] / y_scale, weights symmetric per-channel (dim 0) or
// per-tensor, bias int32 with scale x_scale · w_scale[f], and the fused ReLU as the clamp
// [max(−128, y_zp), 127]. Padded taps hold x_zp and add nothing, as in TFLite.
#pragma once

#include <cstdint>
#include <vector>

#include "core/runtime/int8_conv_accumulator.h"
#include "core/runtime/kernel.h"
#include "core/runtime/requantize.h"
#include "core/runtime/runtime_tensor.h"
#include "core/runtime/window_geometry.h"

namespace qplab::runtime {

class Conv2DInt8 final : public Kernel {
 public:
  // input int8 activation, filter int8 constant, bias int32 constant (or null), output int8.
  QPLAB_COLD Conv2DInt8(const tflite::OperatorDef& op, const RuntimeTensor& input,
                        const RuntimeTensor& filter, const RuntimeTensor* bias,
                        const RuntimeTensor& output);
  void run(int batch) override;

 private:
  ConvShape shape_;
  Int8ConvAccumulator accumulate_;  // Σ x_q · W_q (padded taps hold x_zp)
  // bias_q[f] − x_zp · Σ_t W_q[f, t]: Σ (x_q − x_zp)·W_q = Σ x_q·W_q − x_zp·Σ W_q, exactly in
  // int32, so the inner loop multiplies raw int8 values.
  std::vector<std::int32_t> offset_;
  Requantizer requantize_;         // per channel M_f and shift_f, zero point, activation clamp
  std::vector<std::int32_t> acc_;  // one output image of accumulators
  const std::int8_t* x_;
  std::int8_t* y_;
};

}  // namespace qplab::runtime
