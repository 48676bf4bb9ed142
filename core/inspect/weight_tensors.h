// WeightTensor — the kernel and bias of every CONV_2D and FULLY_CONNECTED operator (or
// Conv2D and Dense layer) of a variant, as stored and as real values: float32 as is, float16
// widened (looking through the DEQUANTIZE that feeds the op), int8 and int32 dequantized with
// the file's own scales and zero points, per channel along quantized_dimension. The k-th
// weighted layer of one variant corresponds to the k-th of another: the lab graph is shared.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/format/byte_range.h"
#include "core/format/tflite_model.h"
#include "core/inspect/parsed_variant.h"

namespace qplab {

struct WeightTensor {
  int layer = 0;     // among the weighted layers, in execution order
  int op_index = 0;  // .tflite: the operator; checkpoint: the layer
  std::string op;    // "CONV_2D" or "FULLY_CONNECTED"
  std::string role;  // "weights" or "bias"
  int tensor = 0;    // .tflite: the tensor holding the data; checkpoint: its params() index
  std::vector<int> shape;
  tflite::TensorType type = tflite::TensorType::kFloat32;  // as stored
  tflite::Quantization quantization;                       // as stored; empty for floats
  std::vector<float> values;                               // real values
  std::vector<std::int32_t> levels;  // INT8 / INT32: the stored integers; floats: empty
  ByteRange bytes;                   // where the stored data lies in the file

  // The scale element i was quantized with; NaN for a float tensor.
  double scale_of(std::size_t i) const;
};

// Throws std::invalid_argument naming the operator whose kernel or bias has no constant data.
std::vector<WeightTensor> weight_tensors(const ParsedVariant& variant);

// The tensor of `reference` at the same layer and role with as many values, or null.
const WeightTensor* counterpart(const WeightTensor& tensor,
                                const std::vector<WeightTensor>& reference);

}  // namespace qplab
