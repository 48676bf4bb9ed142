// FullyConnectedInt8 — FULLY_CONNECTED in int8, exactly TFLite's reference integer path:
//   acc = Σ_k (x_q[r, k] − x_zp) · W_q[o, k] + bias_q[o]                              (int32)
//   y_q = clamp(multiply_by_quantized_multiplier(acc, M_o, shift_o) + y_zp, act_min, act_max)
// M_o = x_scale · w_scale / y_scale: per-tensor weights (one M, the product x_scale · w_scale
// taken in float as TFLite's GetQuantizedConvolutionMultipler does) or per-channel weights
// (one M per output, in double). Bias int32 with scale x_scale · w_scale[o].
#pragma once

#include <cstdint>
#include <vector>

#include "core/runtime/fully_connected_shape.h"
#include "core/runtime/kernel.h"
#include "core/runtime/requantize.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

class FullyConnectedInt8 final : public Kernel {
 public:
  // input int8 activation, weights int8 constant, bias int32 constant (or null), output int8.
  QPLAB_COLD FullyConnectedInt8(const tflite::OperatorDef& op, const RuntimeTensor& input,
                                const RuntimeTensor& weights, const RuntimeTensor* bias,
                                const RuntimeTensor& output);
  void run(int batch) override;

 private:
  FullyConnectedShape shape_;
  std::vector<std::int8_t> weights_;
  std::vector<std::int32_t> offset_;  // bias_q[o] − x_zp · Σ_k W_q[o, k]
  Requantizer requantize_;
  std::vector<std::int32_t> acc_;  // one output row
  const std::int8_t* x_;
  std::int8_t* y_;
};

}  // namespace qplab::runtime
