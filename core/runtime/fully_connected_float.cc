// FullyConnectedFloat: one dot product per output; see fully_connected_float.h.
#include "core/runtime/fully_connected_float.h"

#include "core/runtime/dot_product.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

FullyConnectedFloat::FullyConnectedFloat(const tflite::OperatorDef& op, const RuntimeTensor& input,
                                         const RuntimeTensor& weights, const RuntimeTensor* bias,
                                         const RuntimeTensor& output)
    : shape_(fully_connected_shape(input, weights, bias, output)),
      relu_(op.activation == tflite::FusedActivation::kRelu),
      x_(input.f32()),
      y_(output.f32()) {
  expect_activation(input, "input");
  expect_type(input, tflite::TensorType::kFloat32, "input");
  expect_constant(weights, "weights");
  expect_type(weights, tflite::TensorType::kFloat32, "weights");
  expect_type(output, tflite::TensorType::kFloat32, "output");
  expect_supported_activation(op.activation);
  weights_ = constant_floats(weights);
  bias_.assign(static_cast<std::size_t>(shape_.outputs), 0.0f);
  if (bias) {
    expect_constant(*bias, "bias");
    expect_type(*bias, tflite::TensorType::kFloat32, "bias");
    bias_ = constant_floats(*bias);
  }
}

void FullyConnectedFloat::run(int batch) {
  const int rows = batch * shape_.rows, n = shape_.inputs, m = shape_.outputs;
  for (int r = 0; r < rows; ++r) {
    const float* x = x_ + static_cast<std::size_t>(r) * n;
    float* y = y_ + static_cast<std::size_t>(r) * m;
    for (int o = 0; o < m; ++o) {
      const float v = bias_[static_cast<std::size_t>(o)] + dot_float(x, weights_.data() + static_cast<std::size_t>(o) * n, n);
      y[o] = relu_ && v < 0.0f ? 0.0f : v;
    }
  }
}

}  // namespace qplab::runtime
