// Conv2DInt8: exact window sums (int8_conv_accumulator.h), then per-channel fixed-point
// requantization of each output row (requantize.h); see conv2d_int8.h.
#include "core/runtime/conv2d_int8.h"

#include "core/runtime/int8_bias.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

Conv2DInt8::Conv2DInt8(const tflite::OperatorDef& op, const RuntimeTensor& input,
                       const RuntimeTensor& filter, const RuntimeTensor* bias,
                       const RuntimeTensor& output)
    : shape_(conv2d_shape(op, input, filter, bias, output)), x_(input.i8()), y_(output.i8()) {
  expect_activation(input, "input");
  const QuantParams in = int8_activation_params(input, "input");
  expect_constant(filter, "filter");
  const std::vector<float> weight_scale = int8_weight_scales(filter, shape_.filters, "filter");
  const QuantParams out = int8_activation_params(output, "output");
  expect_supported_activation(op.activation);
  const std::vector<std::int8_t> weights = constant_int8(filter);
  accumulate_ = Int8ConvAccumulator(shape_, weights, static_cast<std::int8_t>(in.zero_point));
  std::vector<std::int32_t> bias_values;
  if (bias) {
    expect_constant(*bias, "bias");
    check_int8_bias(*bias, in.scale, weight_scale);
    bias_values = constant_int32(*bias);
  }
  offset_ = fold_input_zero_point(bias_values, weights, shape_.filters, in.zero_point);
  requantize_ = Requantizer(channel_multipliers(in.scale, weight_scale, out.scale), shape_.out_w,
                            out.zero_point, int8_activation_range(op.activation, out));
  acc_.resize(shape_.out_image());
}

void Conv2DInt8::run(int batch) {
  const std::size_t in_size = shape_.in_image(), out_size = shape_.out_image();
  const std::size_t row =
      static_cast<std::size_t>(shape_.out_w) * static_cast<std::size_t>(shape_.filters);
  std::int32_t* acc = acc_.data();
  const int images = batch * shape_.images;
  for (int n = 0; n < images; ++n) {
    accumulate_.run(x_ + static_cast<std::size_t>(n) * in_size, offset_.data(), acc);
    std::int8_t* y = y_ + static_cast<std::size_t>(n) * out_size;
    for (std::size_t start = 0; start < out_size; start += row)
      requantize_.run(acc + start, row, y + start);
  }
}

}  // namespace qplab::runtime
