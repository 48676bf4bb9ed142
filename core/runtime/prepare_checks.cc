// Prepare-time checks; see prepare_checks.h.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "core/base/number_text.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

void fail(const std::string& message) { throw std::runtime_error(message); }

void expect_type(const RuntimeTensor& tensor, tflite::TensorType type, const char* role) {
  if (tensor.type != type)
    fail(std::string(role) + " must be " + tflite::to_string(type) + ", got " + describe(tensor));
}

void expect_rank(const RuntimeTensor& tensor, std::size_t rank, const char* role) {
  if (tensor.shape.size() != rank)
    fail(std::string(role) + " must have rank " + std::to_string(rank) + ", got " +
         describe(tensor));
}

void expect_activation(const RuntimeTensor& tensor, const char* role) {
  if (tensor.is_constant())
    fail(std::string(role) + " must be computed at run time, got constant " + describe(tensor));
}

void expect_constant(const RuntimeTensor& tensor, const char* role) {
  if (!tensor.is_constant())
    fail(std::string(role) + " must be a constant (data in the file), got " + describe(tensor));
}

namespace {

bool usable_scale(float scale) { return std::isfinite(scale) && scale > 0.0f; }

bool near(double a, double b, double relative) {
  return std::abs(a - b) <= relative * std::min(std::abs(a), std::abs(b));
}

}  // namespace

QuantParams int8_activation_params(const RuntimeTensor& tensor, const char* role) {
  expect_type(tensor, tflite::TensorType::kInt8, role);
  const tflite::Quantization& q = tensor.quantization;
  if (q.scale.size() != 1 || q.zero_point.size() != 1)
    fail(std::string(role) + " needs per-tensor quantization (1 scale, 1 zero point), got " +
         std::to_string(q.scale.size()) + " scales and " + std::to_string(q.zero_point.size()) +
         " zero points on " + describe(tensor));
  if (!usable_scale(q.scale[0]))
    fail(std::string(role) + " scale must be positive and finite, got " + number_text(q.scale[0]) +
         " on " + describe(tensor));
  if (q.zero_point[0] < -128 || q.zero_point[0] > 127)
    fail(std::string(role) + " zero point must be in [-128, 127], got " +
         std::to_string(q.zero_point[0]) + " on " + describe(tensor));
  return {q.scale[0], static_cast<std::int32_t>(q.zero_point[0])};
}

std::vector<float> int8_weight_scales(const RuntimeTensor& weights, int channels,
                                      const char* role) {
  expect_type(weights, tflite::TensorType::kInt8, role);
  const tflite::Quantization& q = weights.quantization;
  const std::size_t count = q.scale.size();
  if (count == 0) fail(std::string(role) + " has no quantization parameters: " + describe(weights));
  if (count != 1 && count != static_cast<std::size_t>(channels))
    fail(std::string(role) + " needs 1 scale (per-tensor) or " + std::to_string(channels) +
         " (per-channel), got " + std::to_string(count) + " on " + describe(weights));
  if (count > 1 && q.quantized_dimension != 0)
    fail(std::string(role) +
         " must be quantized per channel along dimension 0, got quantized_dimension " +
         std::to_string(q.quantized_dimension) + " on " + describe(weights));
  if (q.zero_point.size() != count)
    fail(std::string(role) + " has " + std::to_string(count) + " scales but " +
         std::to_string(q.zero_point.size()) + " zero points: " + describe(weights));
  for (std::size_t c = 0; c < count; ++c) {
    if (q.zero_point[c] != 0)
      fail(std::string(role) + " must be symmetric (zero point 0), got zero point " +
           std::to_string(q.zero_point[c]) + " at channel " + std::to_string(c) + " of " +
           describe(weights));
    if (!usable_scale(q.scale[c]))
      fail(std::string(role) + " scale must be positive and finite, got " +
           number_text(q.scale[c]) + " at channel " + std::to_string(c) + " of " +
           describe(weights));
  }
  std::vector<float> scales(static_cast<std::size_t>(channels));
  for (std::size_t c = 0; c < scales.size(); ++c) scales[c] = q.scale[count == 1 ? 0 : c];
  return scales;
}

void check_int8_bias(const RuntimeTensor& bias, float input_scale,
                     const std::vector<float>& weight_scales) {
  expect_type(bias, tflite::TensorType::kInt32, "bias");
  const tflite::Quantization& q = bias.quantization;
  const std::size_t channels = weight_scales.size();
  if (q.scale.empty())
    fail(
        "int32 bias has no quantization parameters (expected scale = input_scale * "
        "weight_scale): " +
        describe(bias));
  if (q.scale.size() != 1 && q.scale.size() != channels)
    fail("bias needs 1 scale or " + std::to_string(channels) + ", got " +
         std::to_string(q.scale.size()) + " on " + describe(bias));
  for (std::int64_t zero_point : q.zero_point)
    if (zero_point != 0)
      fail("bias zero point must be 0, got " + std::to_string(zero_point) + " on " +
           describe(bias));
  for (std::size_t c = 0; c < channels; ++c) {
    const double expected =
        static_cast<double>(input_scale) * static_cast<double>(weight_scales[c]);
    const double actual = q.scale[q.scale.size() == 1 ? 0 : c];
    if (!near(expected, actual, kBiasScaleRelativeTolerance))
      fail("bias scale must be input_scale * weight_scale = " + number_text(expected) + ", got " +
           number_text(actual) + " at channel " + std::to_string(c) + " of " + describe(bias));
  }
}

void expect_same_int8_params(const RuntimeTensor& input, const RuntimeTensor& output) {
  const QuantParams in = int8_activation_params(input, "input");
  const QuantParams out = int8_activation_params(output, "output");
  if (in.zero_point != out.zero_point || !near(in.scale, out.scale, kSameScaleRelativeTolerance))
    fail("output must keep the input's quantization (scale " + number_text(in.scale) +
         ", zero point " + std::to_string(in.zero_point) + "), got scale " +
         number_text(out.scale) + ", zero point " + std::to_string(out.zero_point));
}

void expect_supported_activation(tflite::FusedActivation activation) {
  if (activation != tflite::FusedActivation::kNone && activation != tflite::FusedActivation::kRelu)
    fail("unsupported fused activation " + std::to_string(static_cast<int>(activation)) +
         " (NONE or RELU only)");
}

void expect_float_interface(const RuntimeTensor& input, const RuntimeTensor& weights,
                            const RuntimeTensor& output, tflite::FusedActivation activation) {
  expect_activation(input, "input");
  expect_type(input, tflite::TensorType::kFloat32, "input");
  expect_constant(weights, "weights");
  expect_type(output, tflite::TensorType::kFloat32, "output");
  expect_supported_activation(activation);
}

std::vector<float> float_bias(const RuntimeTensor* bias, int count, const char* role) {
  if (!bias) return std::vector<float>(static_cast<std::size_t>(count), 0.0f);
  expect_constant(*bias, "bias");
  expect_type(*bias, tflite::TensorType::kFloat32, role);
  return constant_floats(*bias);
}

Int8Range int8_activation_range(tflite::FusedActivation activation, const QuantParams& output) {
  Int8Range range;
  if (activation == tflite::FusedActivation::kRelu)
    range.min = std::max(range.min, output.zero_point);
  return range;
}

std::vector<QuantizedMultiplier> channel_multipliers(float input_scale,
                                                     const std::vector<float>& weight_scales,
                                                     float output_scale) {
  std::vector<QuantizedMultiplier> multipliers;
  multipliers.reserve(weight_scales.size());
  for (float weight_scale : weight_scales)
    multipliers.push_back(
        quantize_multiplier(static_cast<double>(input_scale) * static_cast<double>(weight_scale) /
                            static_cast<double>(output_scale)));
  return multipliers;
}

}  // namespace qplab::runtime

QPLAB_COLD_FILE_END
