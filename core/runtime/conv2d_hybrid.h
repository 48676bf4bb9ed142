// Conv2DHybrid — CONV_2D with int8 weights and float activations (dynamic-range models), as
// TFLite's hybrid per-channel conv: each input image is quantized on the fly, symmetric
// (s_x = max|x| / 127, zero point 0; quantize_symmetric), the int8 × int8 products accumulate
// exactly in int32, and the result is scaled back per output channel:
//   y[n,i,j,f] = act(float(Σ x_q · W_q[f]) · s_w[f] · s_x + b[f])
// Weights per-channel (dim 0) or per-tensor, zero point 0; bias float32.
#pragma once

#include <cstdint>
#include <vector>

#include "core/runtime/int8_conv_accumulator.h"
#include "core/runtime/kernel.h"
#include "core/runtime/runtime_tensor.h"
#include "core/runtime/window_geometry.h"

namespace qplab::runtime {

class Conv2DHybrid final : public Kernel {
 public:
  // input float32 activation, filter int8 constant (symmetric), bias float32 constant (or
  // null), output float32.
  QPLAB_COLD Conv2DHybrid(const tflite::OperatorDef& op, const RuntimeTensor& input,
                          const RuntimeTensor& filter, const RuntimeTensor* bias,
                          const RuntimeTensor& output);
  void run(int batch) override;

 private:
  ConvShape shape_;
  bool relu_;
  Int8ConvAccumulator accumulate_;  // Σ x_q · W_q (padded taps hold 0)
  std::vector<float> weight_scale_, bias_;
  std::vector<std::int32_t> zeros_;   // [F]: no offset
  std::vector<std::int8_t> image_q_;  // one quantized image
  std::vector<std::int32_t> acc_;     // one output image of accumulators
  const float* x_;
  float* y_;
};

}  // namespace qplab::runtime
