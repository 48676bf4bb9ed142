// RuntimeTensor helpers: descriptions for error messages and constant decoding.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cstring>
#include <stdexcept>

#include "core/format/float16.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

std::string shape_string(const std::vector<int>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

std::string describe(const RuntimeTensor& tensor) {
  return "tensor " + std::to_string(tensor.index) +
         (tensor.name.empty() ? "" : " '" + tensor.name + "'") + " " +
         tflite::to_string(tensor.type) + " " + shape_string(tensor.shape);
}

namespace {

// The interpreter checked the byte count against the shape when it bound the constant.
template <typename T>
std::vector<T> decode(const RuntimeTensor& tensor, tflite::TensorType expected) {
  if (!tensor.is_constant() || tensor.type != expected)
    throw std::logic_error("runtime: " + describe(tensor) + " is not a " +
                           tflite::to_string(expected) + " constant");
  std::vector<T> values(tensor.elements);
  if (!values.empty())
    std::memcpy(values.data(), tensor.constant->data(), values.size() * sizeof(T));
  return values;
}

}  // namespace

std::vector<float> constant_floats(const RuntimeTensor& tensor) {
  if (tensor.type != tflite::TensorType::kFloat16)
    return decode<float>(tensor, tflite::TensorType::kFloat32);
  const std::vector<std::uint16_t> halves =
      decode<std::uint16_t>(tensor, tflite::TensorType::kFloat16);
  std::vector<float> values(halves.size());
  for (std::size_t i = 0; i < halves.size(); ++i) values[i] = half_to_float(halves[i]);
  return values;
}

std::vector<std::int8_t> constant_int8(const RuntimeTensor& tensor) {
  return decode<std::int8_t>(tensor, tflite::TensorType::kInt8);
}

std::vector<std::int32_t> constant_int32(const RuntimeTensor& tensor) {
  return decode<std::int32_t>(tensor, tflite::TensorType::kInt32);
}

}  // namespace qplab::runtime

QPLAB_COLD_FILE_END
