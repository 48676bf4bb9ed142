// RuntimeTensor helpers: descriptions for error messages and constant decoding.
#include "core/runtime/runtime_tensor.h"

#include <cstring>
#include <stdexcept>

namespace qplab::runtime {

std::string shape_string(const std::vector<int>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

std::string describe(const RuntimeTensor& tensor) {
  return "tensor " + std::to_string(tensor.index) + (tensor.name.empty() ? "" : " '" + tensor.name + "'") + " " +
         tflite::to_string(tensor.type) + " " + shape_string(tensor.shape);
}

namespace {

// The interpreter checked the byte count against the shape when it bound the constant.
template <typename T>
std::vector<T> decode(const RuntimeTensor& tensor, tflite::TensorType expected) {
  if (!tensor.is_constant() || tensor.type != expected)
    throw std::logic_error("runtime: " + describe(tensor) + " is not a " + tflite::to_string(expected) + " constant");
  std::vector<T> values(tensor.elements);
  if (!values.empty()) std::memcpy(values.data(), tensor.constant->data(), values.size() * sizeof(T));
  return values;
}

}  // namespace

float float16_to_float32(std::uint16_t half) {
  const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000u) << 16;
  const std::uint32_t exponent = (half >> 10) & 0x1fu;
  const std::uint32_t mantissa = half & 0x3ffu;
  std::uint32_t bits;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000u | (mantissa << 13);  // ±inf, NaN (payload kept)
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);  // rebias 15 → 127
  } else {
    // ±0 and subnormals: mantissa · 2^-24, exact in float.
    const float magnitude = static_cast<float>(mantissa) * 5.9604644775390625e-8f;
    return sign ? -magnitude : magnitude;
  }
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

std::vector<float> constant_floats(const RuntimeTensor& tensor) {
  if (tensor.type != tflite::TensorType::kFloat16) return decode<float>(tensor, tflite::TensorType::kFloat32);
  const std::vector<std::uint16_t> halves = decode<std::uint16_t>(tensor, tflite::TensorType::kFloat16);
  std::vector<float> values(halves.size());
  for (std::size_t i = 0; i < halves.size(); ++i) values[i] = float16_to_float32(halves[i]);
  return values;
}

std::vector<std::int8_t> constant_int8(const RuntimeTensor& tensor) {
  return decode<std::int8_t>(tensor, tflite::TensorType::kInt8);
}

std::vector<std::int32_t> constant_int32(const RuntimeTensor& tensor) {
  return decode<std::int32_t>(tensor, tflite::TensorType::kInt32);
}

}  // namespace qplab::runtime
