// DEQUANTIZE at run time and constant folding at Prepare; see dequantize.h.
#include "core/runtime/dequantize.h"

#include <cmath>

#include "core/base/number_text.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

namespace {

void expect_same_size(const RuntimeTensor& input, const RuntimeTensor& output) {
  expect_type(output, tflite::TensorType::kFloat32, "output");
  if (output.elements != input.elements)
    fail("output must have the input's " + std::to_string(input.elements) + " elements, got " +
         describe(output));
}

}  // namespace

ChannelLayout channel_layout(const std::vector<int>& shape, const tflite::Quantization& q) {
  ChannelLayout layout;
  if (q.scale.size() <= 1) return layout;
  layout.channels = q.scale.size();
  for (std::size_t k = static_cast<std::size_t>(q.quantized_dimension) + 1; k < shape.size(); ++k)
    layout.inner *= static_cast<std::size_t>(shape[k]);
  return layout;
}

std::vector<float> dequantize_constant(const RuntimeTensor& input, const RuntimeTensor& output) {
  expect_same_size(input, output);
  if (input.type == tflite::TensorType::kFloat16) return constant_floats(input);
  if (input.type != tflite::TensorType::kInt8)
    fail(std::string("constant input must be FLOAT16 or INT8, got ") + describe(input));
  const tflite::Quantization& q = input.quantization;
  const std::size_t count = q.scale.size();
  if (count == 0 || q.zero_point.size() != count)
    fail("int8 constant needs matching scales and zero points, got " + std::to_string(count) +
         " and " + std::to_string(q.zero_point.size()) + " on " + describe(input));
  // Per channel: slice c along quantized_dimension d is every element whose index along d is c.
  if (count > 1) {
    const int d = q.quantized_dimension;
    if (d < 0 || static_cast<std::size_t>(d) >= input.shape.size() ||
        static_cast<std::size_t>(input.shape[static_cast<std::size_t>(d)]) != count)
      fail("per-channel quantization needs " + std::to_string(count) +
           " slices along quantized_dimension " + std::to_string(d) + ", got " + describe(input));
  }
  const ChannelLayout layout = channel_layout(input.shape, q);
  for (std::size_t c = 0; c < count; ++c) {
    if (!std::isfinite(q.scale[c]) || q.scale[c] <= 0.0f)
      fail("scale must be positive and finite, got " + number_text(q.scale[c]) + " on " +
           describe(input));
    if (q.zero_point[c] < -128 || q.zero_point[c] > 127)
      fail("zero point must be in [-128, 127], got " + std::to_string(q.zero_point[c]) + " on " +
           describe(input));
  }
  const std::vector<std::int8_t> codes = constant_int8(input);
  std::vector<float> values(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const std::size_t c = layout.channel_of(i);
    const QuantParams params{q.scale[c], static_cast<std::int32_t>(q.zero_point[c])};
    values[i] = qplab::dequantize(codes[i], params);
  }
  return values;
}

Dequantize::Dequantize(const RuntimeTensor& input, const RuntimeTensor& output)
    : elements_(input.elements), x_(input.i8()), y_(output.f32()) {
  expect_activation(input, "input");
  if (input.type != tflite::TensorType::kInt8)
    fail(
        std::string("run-time input must be INT8 (FLOAT16 is supported for constants only), got ") +
        describe(input));
  params_ = int8_activation_params(input, "input");
  expect_same_size(input, output);
}

void Dequantize::run(int batch) {
  qplab::dequantize(x_, static_cast<std::size_t>(batch) * elements_, params_, y_);
}

}  // namespace qplab::runtime
