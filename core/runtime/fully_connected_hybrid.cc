// FullyConnectedHybrid: per-row symmetric quantization, int8 dot products, float scale-back;
// see fully_connected_hybrid.h.
#include "core/runtime/fully_connected_hybrid.h"

#include "core/runtime/dot_product.h"
#include "core/runtime/prepare_checks.h"
#include "core/runtime/quantize.h"

namespace qplab::runtime {

namespace {
constexpr int kMaxInputs = 1 << 16;  // int8 products < 2^14: the int32 sum cannot overflow
}  // namespace

FullyConnectedHybrid::FullyConnectedHybrid(const tflite::OperatorDef& op,
                                           const RuntimeTensor& input, const RuntimeTensor& weights,
                                           const RuntimeTensor* bias, const RuntimeTensor& output)
    : shape_(fully_connected_shape(input, weights, bias, output)),
      relu_(op.activation == tflite::FusedActivation::kRelu),
      x_(input.f32()),
      y_(output.f32()) {
  expect_float_interface(input, weights, output, op.activation);
  weight_scale_ = int8_weight_scales(weights, shape_.outputs, "weights");
  if (shape_.inputs > kMaxInputs)
    fail("input size " + std::to_string(shape_.inputs) +
         " could overflow the int32 accumulator (max " + std::to_string(kMaxInputs) + ")");
  weights_ = constant_int8(weights);
  bias_ = float_bias(bias, shape_.outputs, "bias (float32 in a hybrid fully connected op)");
  row_q_.resize(static_cast<std::size_t>(shape_.inputs));
}

void FullyConnectedHybrid::run(int batch) {
  const int rows = batch * shape_.rows, n = shape_.inputs, m = shape_.outputs;
  for (int r = 0; r < rows; ++r) {
    const float input_scale = quantize_symmetric(x_ + static_cast<std::size_t>(r) * n,
                                                 static_cast<std::size_t>(n), row_q_.data());
    float* y = y_ + static_cast<std::size_t>(r) * m;
    for (int o = 0; o < m; ++o) {
      const auto c = static_cast<std::size_t>(o);
      const std::int32_t acc =
          dot_int8(row_q_.data(), weights_.data() + c * static_cast<std::size_t>(n), n);
      const float v = bias_[c] + static_cast<float>(acc) * (input_scale * weight_scale_[c]);
      y[o] = relu_ && v < 0.0f ? 0.0f : v;
    }
  }
}

}  // namespace qplab::runtime
