// FullyConnectedFloat — FULLY_CONNECTED in float32: y[r, o] = act(b[o] + Σ_k x[r, k] · W[o, k])
// with W [O, I] as TFLite stores it; also float16 models (weights folded to float32 at Prepare).
#pragma once

#include <vector>

#include "core/runtime/fully_connected_shape.h"
#include "core/runtime/kernel.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

class FullyConnectedFloat final : public Kernel {
 public:
  // input float32 activation, weights float32 constant, bias float32 constant (or null), output
  // float32.
  QPLAB_COLD FullyConnectedFloat(const tflite::OperatorDef& op, const RuntimeTensor& input,
                                 const RuntimeTensor& weights, const RuntimeTensor* bias,
                                 const RuntimeTensor& output);
  void run(int batch) override;

 private:
  FullyConnectedShape shape_;
  bool relu_;
  std::vector<float> weights_, bias_;
  const float* x_;
  float* y_;
};

}  // namespace qplab::runtime
