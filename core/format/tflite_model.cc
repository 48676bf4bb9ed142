// Names and sizes of the TFLite enums qplab uses.
#include "core/format/tflite_model.h"

#include <stdexcept>

namespace qplab::tflite {

std::size_t element_size(TensorType type) {
  switch (type) {
    case TensorType::kFloat32: return 4;
    case TensorType::kFloat16: return 2;
    case TensorType::kInt32: return 4;
    case TensorType::kInt8: return 1;
  }
  throw std::invalid_argument("tflite: unknown tensor type " + std::to_string(static_cast<int>(type)));
}

const char* to_string(TensorType type) {
  switch (type) {
    case TensorType::kFloat32: return "FLOAT32";
    case TensorType::kFloat16: return "FLOAT16";
    case TensorType::kInt32: return "INT32";
    case TensorType::kInt8: return "INT8";
  }
  return "UNKNOWN";
}

const char* to_string(BuiltinOperator op) {
  switch (op) {
    case BuiltinOperator::kConv2D: return "CONV_2D";
    case BuiltinOperator::kDequantize: return "DEQUANTIZE";
    case BuiltinOperator::kFullyConnected: return "FULLY_CONNECTED";
    case BuiltinOperator::kMaxPool2D: return "MAX_POOL_2D";
    case BuiltinOperator::kReshape: return "RESHAPE";
    case BuiltinOperator::kSoftmax: return "SOFTMAX";
    case BuiltinOperator::kQuantize: return "QUANTIZE";
  }
  return "UNKNOWN";
}

}  // namespace qplab::tflite
