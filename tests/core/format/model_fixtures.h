// Test support for the .tflite reader and writer tests: little helpers that build a
// tflite::Model by hand (tensors with their constant buffers, one-output operators, per-tensor
// quantization, raw bytes of typed values).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "core/format/tflite_model.h"

namespace qplab::tflite::testing {

using Bytes = std::vector<std::uint8_t>;

template <typename T>
Bytes bytes_of(const std::vector<T>& values) {
  Bytes out(values.size() * sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

// Appends a tensor (and its constant data as a new buffer); returns its index.
inline int add_tensor(Model& model, std::string name, std::vector<int> shape,
                      TensorType type = TensorType::kFloat32, Bytes data = {},
                      Quantization q = {}) {
  TensorDef tensor;
  tensor.name = std::move(name);
  tensor.shape = std::move(shape);
  tensor.type = type;
  tensor.quantization = std::move(q);
  if (!data.empty()) {
    model.buffers.push_back(std::move(data));
    tensor.buffer = static_cast<std::uint32_t>(model.buffers.size() - 1);
  }
  model.tensors.push_back(std::move(tensor));
  return static_cast<int>(model.tensors.size() - 1);
}

inline OperatorDef make_op(BuiltinOperator kind, int version, std::vector<int> inputs, int output) {
  OperatorDef op;
  op.op = kind;
  op.version = version;
  op.inputs = std::move(inputs);
  op.outputs = {output};
  return op;
}

inline Quantization per_tensor(float scale, std::int64_t zero_point) {
  return Quantization{{scale}, {zero_point}, 0};
}

}  // namespace qplab::tflite::testing
