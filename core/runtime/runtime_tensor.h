// RuntimeTensor — one tensor of the graph being prepared: the model's type, shape (batch 1)
// and quantization, and where its values live: the model's little-endian constant bytes
// (during Prepare only; kernels copy what they need into their own layouts), or activation
// storage the interpreter sized for max_batch samples.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/format/affine_int8.h"
#include "core/format/tflite_model.h"

namespace qplab::runtime {

struct RuntimeTensor {
  int index = -1;
  std::string name;
  tflite::TensorType type = tflite::TensorType::kFloat32;
  std::vector<int> shape;    // as in the model, whose batch is 1
  std::size_t elements = 0;  // per sample: the product of shape
  tflite::Quantization quantization;
  const std::vector<std::uint8_t>* constant = nullptr;  // non-null: a constant (Prepare only)
  void* data = nullptr;   // activations: max_batch × elements values of `type`
  bool produced = false;  // an activation some earlier operator (or the caller) writes

  bool is_constant() const { return constant != nullptr; }
  float* f32() const { return static_cast<float*>(data); }
  std::int8_t* i8() const { return static_cast<std::int8_t*>(data); }
};

// "tensor 3 'conv/kernel' INT8 [12, 3, 3, 1]"
std::string describe(const RuntimeTensor& tensor);
std::string shape_string(const std::vector<int>& shape);

// The values of a constant tensor, decoded from its little-endian bytes. FLOAT16 constants
// are widened to float32 (half_to_float).
std::vector<float> constant_floats(const RuntimeTensor& tensor);
std::vector<std::int8_t> constant_int8(const RuntimeTensor& tensor);
std::vector<std::int32_t> constant_int32(const RuntimeTensor& tensor);

}  // namespace qplab::runtime
