// FullyConnectedInt8: int8 dot products and fixed-point requantization; see fully_connected_int8.h.
#include "core/runtime/fully_connected_int8.h"

#include "core/runtime/dot_product.h"
#include "core/runtime/fixed_point.h"
#include "core/runtime/int8_bias.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

namespace {
constexpr int kMaxInputs = 1 << 15;  // Σ x_q·W_q and x_zp·Σ W_q both stay inside int32
}  // namespace

FullyConnectedInt8::FullyConnectedInt8(const tflite::OperatorDef& op, const RuntimeTensor& input,
                                       const RuntimeTensor& weights, const RuntimeTensor* bias,
                                       const RuntimeTensor& output)
    : shape_(fully_connected_shape(input, weights, bias, output)), x_(input.i8()), y_(output.i8()) {
  expect_activation(input, "input");
  const QuantParams in = int8_activation_params(input, "input");
  expect_constant(weights, "weights");
  const std::vector<float> weight_scale = int8_weight_scales(weights, shape_.outputs, "weights");
  const QuantParams out = int8_activation_params(output, "output");
  expect_supported_activation(op.activation);
  if (shape_.inputs > kMaxInputs)
    fail("input size " + std::to_string(shape_.inputs) +
         " could overflow the int32 accumulator (max " + std::to_string(kMaxInputs) + ")");
  weights_ = constant_int8(weights);
  std::vector<std::int32_t> bias_values;
  if (bias) {
    expect_constant(*bias, "bias");
    check_int8_bias(*bias, in.scale, weight_scale);
    bias_values = constant_int32(*bias);
  }
  offset_ = fold_input_zero_point(bias_values, weights_, shape_.outputs, in.zero_point);
  std::vector<QuantizedMultiplier> multipliers;
  if (weights.quantization.scale.size() == 1)
    multipliers.assign(offset_.size(),
                       quantize_multiplier(static_cast<double>(in.scale * weight_scale[0]) /
                                           static_cast<double>(out.scale)));
  else
    multipliers = channel_multipliers(in.scale, weight_scale, out.scale);
  requantize_ =
      Requantizer(multipliers, 1, out.zero_point, int8_activation_range(op.activation, out));
  acc_.resize(offset_.size());
}

void FullyConnectedInt8::run(int batch) {
  const int rows = batch * shape_.rows, n = shape_.inputs, m = shape_.outputs;
  for (int r = 0; r < rows; ++r) {
    const std::int8_t* x = x_ + static_cast<std::size_t>(r) * n;
    for (int o = 0; o < m; ++o) {
      const auto c = static_cast<std::size_t>(o);
      acc_[c] = dot_int8(x, weights_.data() + c * static_cast<std::size_t>(n), n) + offset_[c];
    }
    requantize_.run(acc_.data(), static_cast<std::size_t>(m), y_ + static_cast<std::size_t>(r) * m);
  }
}

}  // namespace qplab::runtime
