// The per-tensor table of a variant: every tensor of a .tflite graph (every parameter of a
// checkpoint) with the operator that writes it (constants and the graph input: the first
// that reads it), its role, shape and type, its bytes in the file and share of the file, its
// sparsity, its quantization (scales: min and max over channels; zero points likewise), and
// for weights and biases the error against a reference's (weight_error.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/inspect/parsed_variant.h"
#include "core/inspect/weight_error.h"
#include "core/inspect/weight_tensors.h"

namespace qplab {

struct TensorRow {
  int tensor = 0;     // .tflite: tensor index; checkpoint: params() index
  int op_index = -1;  // .tflite: operator index; checkpoint: layer index
  std::string op;     // that operator's type, "CONV_2D"
  // "input", "weights", "bias", "activation" (the graph output too) or "constant" (any other
  // data in the file). A DEQUANTIZE's float copy of float16 weights has its source's role and
  // no bytes: the runtime computes it once at load.
  std::string role;
  std::string name;  // as stored; the lab's .tflite files carry none
  std::vector<int> shape;
  std::string type;                     // "FLOAT32", "FLOAT16", "INT8", "INT32"
  std::size_t bytes = 0;                // its data in the file; 0 for what is computed at run time
  double file_share = 0.0;              // bytes / file bytes
  double sparsity = WeightError::kNaN;  // data in the file: zero values / values
  int scales = 0;  // 0: not quantized; 1: per tensor; more: per channel along quantized_dimension
  int quantized_dimension = 0;
  double scale_min = WeightError::kNaN, scale_max = WeightError::kNaN;
  std::int64_t zero_point_min = 0, zero_point_max = 0;
  WeightError error;  // weights and biases, with a reference
};

// reference: the reference's weight tensors, or null. Rows in execution order: each operator's
// tensors not listed yet, its inputs in order, then its output.
std::vector<TensorRow> tensor_table(const ParsedVariant& variant,
                                    const std::vector<WeightTensor>* reference);

}  // namespace qplab
