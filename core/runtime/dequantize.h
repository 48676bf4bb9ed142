// DEQUANTIZE to float32: int8 activations at run time (y = scale · (q − zero_point), per
// tensor), and constants once at Prepare — FLOAT16 weights (float16 PTQ writes each one
// followed by a DEQUANTIZE) and INT8 weights per-tensor or per-channel (the portable
// dynamic-range encoding) — so the float kernels after them see float32 constants.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/runtime/kernel.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

// scale · (q − zero_point) in float: the same float as TFLite's double product rounded once,
// because (q − zero_point) · scale is exact in double.
void dequantize_affine(const std::int8_t* q, std::size_t n, AffineParams params, float* y);

// The float32 values of DEQUANTIZE(constant input): FLOAT16 widened exactly; INT8 scaled per
// tensor or per slice along quantized_dimension. Checks types, quantization and the output's shape.
std::vector<float> dequantize_constant(const RuntimeTensor& input, const RuntimeTensor& output);

class Dequantize final : public Kernel {
 public:
  // input int8 activation (per tensor), output float32 of the same size.
  QPLAB_PREPARE Dequantize(const RuntimeTensor& input, const RuntimeTensor& output);
  void run(int batch) override;

 private:
  std::size_t elements_;  // per sample
  AffineParams params_;
  const std::int8_t* x_;
  float* y_;
};

}  // namespace qplab::runtime
