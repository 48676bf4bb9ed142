// Names and sizes of the TFLite enums qplab uses.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <stdexcept>

#include "core/format/tflite_model.h"

namespace qplab::tflite {

std::size_t element_size(TensorType type) {
  switch (type) {
    case TensorType::kFloat32:
      return 4;
    case TensorType::kFloat16:
      return 2;
    case TensorType::kInt32:
      return 4;
    case TensorType::kInt8:
      return 1;
  }
  throw std::invalid_argument("tflite: unknown tensor type " +
                              std::to_string(static_cast<int>(type)));
}

const char* to_string(TensorType type) {
  switch (type) {
    case TensorType::kFloat32:
      return "FLOAT32";
    case TensorType::kFloat16:
      return "FLOAT16";
    case TensorType::kInt32:
      return "INT32";
    case TensorType::kInt8:
      return "INT8";
  }
  return "UNKNOWN";
}

const char* to_string(BuiltinOperator op) {
  switch (op) {
    case BuiltinOperator::kConv2D:
      return "CONV_2D";
    case BuiltinOperator::kDequantize:
      return "DEQUANTIZE";
    case BuiltinOperator::kFullyConnected:
      return "FULLY_CONNECTED";
    case BuiltinOperator::kMaxPool2D:
      return "MAX_POOL_2D";
    case BuiltinOperator::kReshape:
      return "RESHAPE";
    case BuiltinOperator::kSoftmax:
      return "SOFTMAX";
    case BuiltinOperator::kQuantize:
      return "QUANTIZE";
  }
  return "UNKNOWN";
}

int constant_source(const Model& model, int index) {
  // One step per operator at most: a DEQUANTIZE chain cannot be longer without a cycle.
  for (std::size_t step = 0; step <= model.operators.size(); ++step) {
    const TensorDef& tensor = model.tensors.at(static_cast<std::size_t>(index));
    if (tensor.buffer != 0) return index;
    const OperatorDef* writer = nullptr;
    for (const OperatorDef& op : model.operators)
      if (op.op == BuiltinOperator::kDequantize && op.outputs.at(0) == index) writer = &op;
    if (writer == nullptr) break;
    index = writer->inputs.at(0);
  }
  throw std::invalid_argument("tflite: tensor " + std::to_string(index) +
                              " has no constant data (nor a DEQUANTIZE of one)");
}

}  // namespace qplab::tflite

QPLAB_COLD_FILE_END
