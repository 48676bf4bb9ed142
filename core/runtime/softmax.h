// SOFTMAX over the last axis, rows = elements / depth.
// Float: y = exp(β·(x − max)) / Σ exp(β·(x − max)), as TFLite's reference float softmax.
// Int8: not TFLite's reference fixed-point exp (gemmlowp exp_on_negative_values), but the
// structure of TFLite's builtin int8 kernel on x86 and WebAssembly builds: a float table
// e[d] = exp(−β·s_x·d) for the 256 possible differences d = max − x_q (filled at Prepare),
// then y_q = clamp(round(e[max − x_q] / (Σ e · s_y)) + y_zp, −128, 127), round half away from
// zero. It is the exact-in-float softmax of the dequantized row, quantized to (1/256, −128);
// it can differ from the fixed-point reference by one code, never in the argmax.
#pragma once

#include <array>
#include <cstdint>

#include "core/runtime/kernel.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

class SoftmaxFloat final : public Kernel {
 public:
  // input and output float32 activations of the same size; beta > 0 and finite.
  QPLAB_COLD SoftmaxFloat(const tflite::OperatorDef& op, const RuntimeTensor& input,
                          const RuntimeTensor& output);
  void run(int batch) override;

 private:
  int rows_, depth_;  // rows per sample
  float beta_;
  const float* x_;
  float* y_;
};

class SoftmaxInt8 final : public Kernel {
 public:
  // input int8 (per tensor), output int8 with scale 1/256 (±0.001/256, TFLite's tolerance) and
  // zero point −128; beta > 0 and finite.
  QPLAB_COLD SoftmaxInt8(const tflite::OperatorDef& op, const RuntimeTensor& input,
                         const RuntimeTensor& output);
  void run(int batch) override;

 private:
  int rows_, depth_;
  std::array<float, 256> exp_table_;  // exp_table_[d] = exp(−β · s_x · d)
  float output_scale_;
  std::int32_t output_zero_point_;
  const std::int8_t* x_;
  std::int8_t* y_;
};

}  // namespace qplab::runtime
