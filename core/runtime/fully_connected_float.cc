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
  expect_float_interface(input, weights, output, op.activation);
  expect_type(weights, tflite::TensorType::kFloat32, "weights");
  weights_ = constant_floats(weights);
  bias_ = float_bias(bias, shape_.outputs, "bias");
}

void FullyConnectedFloat::run(int batch) {
  const int rows = batch * shape_.rows, n = shape_.inputs, m = shape_.outputs;
  for (int r = 0; r < rows; ++r) {
    const float* x = x_ + static_cast<std::size_t>(r) * n;
    float* y = y_ + static_cast<std::size_t>(r) * m;
    for (int o = 0; o < m; ++o) {
      const float v = bias_[static_cast<std::size_t>(o)] +
                      dot_float(x, weights_.data() + static_cast<std::size_t>(o) * n, n);
      y[o] = relu_ && v < 0.0f ? 0.0f : v;
    }
  }
}

}  // namespace qplab::runtime
