// Conv2DFloat — CONV_2D in float32, NHWC input [N, H, W, C], OHWI filter [F, KH, KW, C]:
//   y[n,i,j,f] = act(b[f] + Σ_{kh,kw,c} x[n, i·sh + kh − pt, j·sw + kw − pl, c] · W[f,kh,kw,c])
// with zero padding (SAME) and act = identity or ReLU. Also the conv of float16 models: their
// FLOAT16 → DEQUANTIZE weights are folded to float32 constants at Prepare.
#pragma once

#include <vector>

#include "core/runtime/kernel.h"
#include "core/runtime/runtime_tensor.h"
#include "core/runtime/window_geometry.h"

namespace qplab::runtime {

class Conv2DFloat final : public Kernel {
 public:
  // input float32 activation, filter float32 constant, bias float32 constant (or null),
  // output float32. Throws naming the bad tensor or option.
  QPLAB_COLD Conv2DFloat(const tflite::OperatorDef& op, const RuntimeTensor& input,
                         const RuntimeTensor& filter, const RuntimeTensor* bias,
                         const RuntimeTensor& output);
  void run(int batch) override;

 private:
  ConvShape shape_;
  bool relu_;
  std::vector<float> taps_;    // [KH·KW·C, F]
  std::vector<float> bias_;    // [F], zeros without a bias
  std::vector<float> padded_;  // one padded image (SAME padding only)
  const float* x_;
  float* y_;
};

}  // namespace qplab::runtime
