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

// Which scale and zero point an element uses: element i (row-major) is in slice
// channel_of(i) along quantized_dimension; per-tensor quantization is one slice.
struct ChannelLayout {
  std::size_t inner = 1;     // elements after quantized_dimension: the product of later dims
  std::size_t channels = 1;  // the number of scales
  std::size_t channel_of(std::size_t i) const { return (i / inner) % channels; }
};
// For a quantization already checked against the shape (the reader's find_problem, or
// dequantize_constant's own checks): more than one scale means one per slice.
ChannelLayout channel_layout(const std::vector<int>& shape, const tflite::Quantization& q);

// The float32 values of DEQUANTIZE(constant input): FLOAT16 widened exactly; INT8 scaled per
// tensor or per slice along quantized_dimension. Checks types, quantization and the output's shape.
std::vector<float> dequantize_constant(const RuntimeTensor& input, const RuntimeTensor& output);

class Dequantize final : public Kernel {
 public:
  // input int8 activation (per tensor), output float32 of the same size.
  QPLAB_COLD Dequantize(const RuntimeTensor& input, const RuntimeTensor& output);
  void run(int batch) override;

 private:
  std::size_t elements_;  // per sample
  QuantParams params_;
  const std::int8_t* x_;
  float* y_;
};

}  // namespace qplab::runtime
