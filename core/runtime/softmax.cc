// Float and int8 softmax; see softmax.h.
#include "core/runtime/softmax.h"

#include <algorithm>
#include <cmath>

#include "core/base/number_text.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

namespace {

// Rows and depth of the last axis; a row of the output matches a row of the input.
void softmax_rows(const RuntimeTensor& input, const RuntimeTensor& output, int& rows, int& depth) {
  expect_activation(input, "input");
  if (input.shape.empty() || input.shape.back() < 1)
    fail("input must have a last axis of positive size, got " + describe(input));
  if (output.elements != input.elements || output.shape.back() != input.shape.back())
    fail("output must have the input's shape " + shape_string(input.shape) + ", got " +
         describe(output));
  depth = input.shape.back();
  rows = static_cast<int>(input.elements / static_cast<std::size_t>(depth));
}

// The schema's default beta is 0, which silently flattens every output to 1/depth.
float checked_beta(const tflite::OperatorDef& op) {
  if (!std::isfinite(op.beta) || op.beta <= 0.0f)
    fail("beta must be positive and finite, got " + number_text(op.beta) +
         " (a missing SoftmaxOptions.beta reads as 0 and makes every output 1/classes)");
  return op.beta;
}

}  // namespace

SoftmaxFloat::SoftmaxFloat(const tflite::OperatorDef& op, const RuntimeTensor& input,
                           const RuntimeTensor& output)
    : beta_(checked_beta(op)), x_(input.f32()), y_(output.f32()) {
  expect_type(input, tflite::TensorType::kFloat32, "input");
  expect_type(output, tflite::TensorType::kFloat32, "output");
  softmax_rows(input, output, rows_, depth_);
}

void SoftmaxFloat::run(int batch) {
  const int rows = batch * rows_, depth = depth_;
  for (int r = 0; r < rows; ++r) {
    const float* x = x_ + static_cast<std::size_t>(r) * depth;
    float* y = y_ + static_cast<std::size_t>(r) * depth;
    const float top = *std::max_element(x, x + depth);
    float sum = 0.0f;
    for (int k = 0; k < depth; ++k) sum += y[k] = std::exp((x[k] - top) * beta_);
    for (int k = 0; k < depth; ++k) y[k] /= sum;
  }
}

SoftmaxInt8::SoftmaxInt8(const tflite::OperatorDef& op, const RuntimeTensor& input,
                         const RuntimeTensor& output)
    : x_(input.i8()), y_(output.i8()) {
  const float beta = checked_beta(op);
  const QuantParams in = int8_activation_params(input, "input");
  const QuantParams out = int8_activation_params(output, "output");
  softmax_rows(input, output, rows_, depth_);
  // TFLite's softmax Prepare: TF_LITE_ENSURE_EQ(zero_point, -128) and
  // TF_LITE_ENSURE_NEAR(scale, 1 / 256, 0.001 / 256).
  if (out.zero_point != -128)
    fail("int8 output zero point must be -128, got " + std::to_string(out.zero_point) + " on " +
         describe(output));
  if (std::abs(static_cast<double>(out.scale) - 1.0 / 256) > 0.001 / 256)
    fail("int8 output scale must be 1/256 (0.00390625 +- 0.001/256), got " +
         number_text(out.scale) + " on " + describe(output));
  const float step = -in.scale * beta;
  for (std::size_t d = 0; d < exp_table_.size(); ++d)
    exp_table_[d] = std::exp(step * static_cast<float>(d));
  output_scale_ = out.scale;
  output_zero_point_ = out.zero_point;
}

void SoftmaxInt8::run(int batch) {
  const int rows = batch * rows_, depth = depth_;
  for (int r = 0; r < rows; ++r) {
    const std::int8_t* x = x_ + static_cast<std::size_t>(r) * depth;
    std::int8_t* y = y_ + static_cast<std::size_t>(r) * depth;
    const std::int32_t top = *std::max_element(x, x + depth);
    float sum = 0.0f;
    for (int k = 0; k < depth; ++k) sum += exp_table_[static_cast<std::size_t>(top - x[k])];
    const float inverse = 1.0f / (sum * output_scale_);
    for (int k = 0; k < depth; ++k) {
      const float scaled = exp_table_[static_cast<std::size_t>(top - x[k])] * inverse;
      const auto q = static_cast<std::int32_t>(std::round(scaled)) + output_zero_point_;
      y[k] = static_cast<std::int8_t>(std::min(std::max(q, std::int32_t{-128}), std::int32_t{127}));
    }
  }
}

}  // namespace qplab::runtime
