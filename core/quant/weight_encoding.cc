// Weight and bias constants in float32, float16, int8 and int32; see the header.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "core/base/number_text.h"
#include "core/format/float16.h"
#include "core/quant/quant_params.h"
#include "core/quant/weight_encoding.h"

namespace qplab {

namespace {

using tflite::TensorType;

void put_le(std::uint32_t bits, int bytes, std::uint8_t* out) {
  for (int i = 0; i < bytes; ++i) out[i] = static_cast<std::uint8_t>(bits >> (8 * i));
}

std::uint32_t bits_of(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

tflite::Quantization symmetric(std::vector<float> scales) {
  tflite::Quantization q;
  q.zero_point.assign(scales.size(), 0);
  q.scale = std::move(scales);
  q.quantized_dimension = 0;
  return q;
}

}  // namespace

int add_float32_constant(GraphBuilder& graph, std::string name, const Tensor& values) {
  std::vector<std::uint8_t> bytes(values.size() * 4);
  for (std::size_t i = 0; i < values.size(); ++i) put_le(bits_of(values[i]), 4, &bytes[4 * i]);
  return graph.add_constant(std::move(name), values.shape(), TensorType::kFloat32,
                            std::move(bytes));
}

int add_float16_constant(GraphBuilder& graph, std::string name, const Tensor& values) {
  std::vector<std::uint8_t> bytes(values.size() * 2);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::uint16_t half = float_to_half(values[i]);
    if ((half & 0x7FFFu) == kHalfInfinity)
      throw std::invalid_argument("float16: " + name + "[" + std::to_string(i) + "] = " +
                                  number_text(values[i]) + " overflows float16 (max 65504)");
    put_le(half, 2, &bytes[2 * i]);
  }
  return graph.add_constant(std::move(name), values.shape(), TensorType::kFloat16,
                            std::move(bytes));
}

int add_int8_symmetric_constant(GraphBuilder& graph, std::string name, const Tensor& values,
                                int channels) {
  const int per_channel = static_cast<int>(values.size()) / channels;
  std::vector<float> scales = symmetric_scales(values.data(), channels, per_channel);
  std::vector<std::int8_t> values_q(values.size());
  quantize_symmetric(values.data(), channels, per_channel, scales, values_q.data());
  std::vector<std::uint8_t> bytes(values_q.size());
  std::memcpy(bytes.data(), values_q.data(), values_q.size());
  return graph.add_constant(std::move(name), values.shape(), TensorType::kInt8, std::move(bytes),
                            symmetric(std::move(scales)));
}

int add_int32_bias_constant(GraphBuilder& graph, std::string name, const Tensor& bias,
                            float input_scale, const std::vector<float>& weight_scales) {
  if (weight_scales.size() != 1 && weight_scales.size() != bias.size())
    throw std::logic_error("bias " + name + ": " + std::to_string(weight_scales.size()) +
                           " weight scales for " + std::to_string(bias.size()) + " biases");
  std::vector<float> scales(weight_scales.size());
  for (std::size_t c = 0; c < scales.size(); ++c) scales[c] = input_scale * weight_scales[c];
  std::vector<std::uint8_t> bytes(bias.size() * 4);
  for (std::size_t i = 0; i < bias.size(); ++i) {
    const std::int32_t bias_q = quantize_bias(bias[i], scales[scales.size() == 1 ? 0 : i]);
    put_le(static_cast<std::uint32_t>(bias_q), 4, &bytes[4 * i]);
  }
  return graph.add_constant(std::move(name), bias.shape(), TensorType::kInt32, std::move(bytes),
                            symmetric(std::move(scales)));
}

}  // namespace qplab

QPLAB_COLD_FILE_END
