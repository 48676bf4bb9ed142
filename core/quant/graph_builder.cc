// GraphBuilder: tensors, buffers and operators of one subgraph, checked as they are added.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <stdexcept>

#include "core/base/tensor.h"
#include "core/quant/graph_builder.h"

namespace qplab {

GraphBuilder::GraphBuilder(std::string description) { model_.description = std::move(description); }

int GraphBuilder::add_tensor(std::string name, std::vector<int> shape, tflite::TensorType type,
                             tflite::Quantization quantization) {
  model_.tensors.push_back({std::move(name), std::move(shape), type, 0, std::move(quantization)});
  return static_cast<int>(model_.tensors.size()) - 1;
}

int GraphBuilder::add_constant(std::string name, std::vector<int> shape, tflite::TensorType type,
                               std::vector<std::uint8_t> data, tflite::Quantization quantization) {
  const std::size_t expected = element_count(shape) * tflite::element_size(type);
  if (data.size() != expected)
    throw std::logic_error("graph: constant '" + name + "' " + to_string(shape) + " of type " +
                           tflite::to_string(type) + " needs " + std::to_string(expected) +
                           " bytes, got " + std::to_string(data.size()));
  model_.buffers.push_back(std::move(data));
  const int index = add_tensor(std::move(name), std::move(shape), type, std::move(quantization));
  model_.tensors.back().buffer = static_cast<std::uint32_t>(model_.buffers.size() - 1);
  return index;
}

void GraphBuilder::add_operator(tflite::OperatorDef op) {
  const int count = static_cast<int>(model_.tensors.size());
  for (const std::vector<int>* list : {&op.inputs, &op.outputs})
    for (int index : *list)
      if (index < -1 || index >= count || (index == -1 && list == &op.outputs))
        throw std::logic_error(std::string("graph: ") + tflite::to_string(op.op) +
                               " refers to tensor " + std::to_string(index) + " of " +
                               std::to_string(count));
  model_.operators.push_back(std::move(op));
}

tflite::Model GraphBuilder::finish(std::vector<int> inputs, std::vector<int> outputs) {
  model_.inputs = std::move(inputs);
  model_.outputs = std::move(outputs);
  return std::move(model_);
}

}  // namespace qplab

QPLAB_COLD_FILE_END
