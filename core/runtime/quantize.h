// QUANTIZE float32 → int8, per tensor (core/format/affine_int8.h's quantize, as TFLite's
// AffineQuantize), and the hybrid kernels' on-the-fly input quantization (TFLite's
// SymmetricQuantizeFloats):
//   scale = max|x| / 127, zero point 0, q = clamp(round(x · 127 / max|x|), −127, 127).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/runtime/kernel.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

// Returns the scale; an all-zero input gets scale 1 and zeros (as TFLite).
float quantize_symmetric(const float* x, std::size_t n, std::int8_t* q);

class Quantize final : public Kernel {
 public:
  // input float32 activation, output int8 per-tensor (int8 → int8 requantization is not supported).
  QPLAB_COLD Quantize(const RuntimeTensor& input, const RuntimeTensor& output);
  void run(int batch) override;

 private:
  std::size_t elements_;  // per sample
  QuantParams params_;
  const float* x_;
  std::int8_t* y_;
};

}  // namespace qplab::runtime
