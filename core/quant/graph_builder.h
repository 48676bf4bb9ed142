// GraphBuilder — appends tensors, constant buffers and operators to a tflite::Model, checking
// what the interpreter would reject at load: a constant's byte length must be exactly
// elements × element size, and every operator's tensor indices must exist.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/format/tflite_model.h"

namespace qplab {

class GraphBuilder {
 public:
  explicit GraphBuilder(std::string description);

  // An activation (no constant data, buffer 0); returns its index.
  int add_tensor(std::string name, std::vector<int> shape, tflite::TensorType type,
                 tflite::Quantization quantization = {});
  // A constant with its own buffer; throws std::logic_error when the bytes do not fit.
  int add_constant(std::string name, std::vector<int> shape, tflite::TensorType type,
                   std::vector<std::uint8_t> data, tflite::Quantization quantization = {});
  void add_operator(tflite::OperatorDef op);  // throws std::logic_error on a bad tensor index

  const tflite::TensorDef& tensor(int index) const {
    return model_.tensors.at(static_cast<std::size_t>(index));
  }
  tflite::Model finish(std::vector<int> inputs, std::vector<int> outputs);

 private:
  tflite::Model model_;
};

}  // namespace qplab
