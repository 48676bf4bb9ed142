// FullyConnectedHybrid — FULLY_CONNECTED with int8 weights and float activations (dynamic-
// range models), as TFLite's hybrid kernel: each input row is quantized on the fly,
// symmetric (s_x = max|x| / 127, zero point 0), the int8 dot products accumulate exactly in
// int32, and
//   y[r, o] = act(b[o] + float(Σ_k x_q[r, k] · W_q[o, k]) · (s_x · s_w[o]))
// Weights per-tensor or per-channel (dim 0), zero point 0; bias float32.
#pragma once

#include <cstdint>
#include <vector>

#include "core/runtime/fully_connected_shape.h"
#include "core/runtime/kernel.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

class FullyConnectedHybrid final : public Kernel {
 public:
  // input float32 activation, weights int8 constant (symmetric), bias float32 constant (or
  // null), output float32.
  QPLAB_COLD FullyConnectedHybrid(const tflite::OperatorDef& op, const RuntimeTensor& input,
                                  const RuntimeTensor& weights, const RuntimeTensor* bias,
                                  const RuntimeTensor& output);
  void run(int batch) override;

 private:
  FullyConnectedShape shape_;
  bool relu_;
  std::vector<std::int8_t> weights_;
  std::vector<float> weight_scale_, bias_;
  std::vector<std::int8_t> row_q_;  // one quantized input row
  const float* x_;
  float* y_;
};

}  // namespace qplab::runtime
