// MAX_POOL_2D over NHWC images, float32 and int8: y[n,i,j,c] = clamp(max over the window of
// x[n, i·sh + di − pt, j·sw + dj − pl, c]) with the window clipped to the image (SAME padding
// never wins) and the clamp of the fused activation (ReLU: 0 in float, max(−128, zp) in int8).
// int8 output keeps the input's scale and zero point, so the max of the codes is the max of
// the values and no requantization is needed (TFLite's rule for pooling).
#pragma once

#include <cstdint>
#include <vector>

#include "core/runtime/kernel.h"
#include "core/runtime/runtime_tensor.h"
#include "core/runtime/window_geometry.h"

namespace qplab::runtime {

template <typename T>
class MaxPool2D final : public Kernel {
 public:
  // input and output both float32 or both int8 (same quantization).
  QPLAB_COLD MaxPool2D(const tflite::OperatorDef& op, const RuntimeTensor& input,
                       const RuntimeTensor& output);
  void run(int batch) override;

 private:
  PoolShape shape_;
  T low_, high_;         // activation clamp
  std::vector<T> rows_;  // [W, C]: the maximum over one output row's window rows
  const T* x_;
  T* y_;
};

using MaxPool2DFloat = MaxPool2D<float>;
using MaxPool2DInt8 = MaxPool2D<std::int8_t>;

}  // namespace qplab::runtime
