// tflite::Model — the in-memory form of a .tflite file: exactly the subset of the TFLite
// schema (version 3) that qplab writes and runs. The converters (core/quant) build it from a
// trained Sequential, the writer and reader (core/format) turn it into bytes and back, and the
// interpreter (core/runtime) executes it. Field meanings and enum values follow schema.fbs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qplab::tflite {

enum class TensorType : std::int8_t { kFloat32 = 0, kFloat16 = 1, kInt32 = 2, kInt8 = 9 };

enum class BuiltinOperator : std::int32_t {
  kConv2D = 3,
  kDequantize = 6,
  kFullyConnected = 9,
  kMaxPool2D = 17,
  kReshape = 22,
  kSoftmax = 25,
  kQuantize = 114,
};

enum class Padding : std::int8_t { kSame = 0, kValid = 1 };
enum class FusedActivation : std::int8_t { kNone = 0, kRelu = 1 };

std::size_t element_size(TensorType type);  // bytes per element
const char* to_string(TensorType type);
const char* to_string(BuiltinOperator op);

// real = scale · (q − zero_point). Empty scale: the tensor is not quantized. One scale per
// tensor, or one per slice along quantized_dimension (per-channel).
struct Quantization {
  std::vector<float> scale;
  std::vector<std::int64_t> zero_point;
  int quantized_dimension = 0;
  bool empty() const { return scale.empty(); }
};

struct TensorDef {
  std::string name;
  std::vector<int> shape;
  TensorType type = TensorType::kFloat32;
  std::uint32_t buffer = 0;  // index into Model::buffers; 0 = no constant data
  Quantization quantization;
};

// One operator with the options of every op kind we use; only those of `op` are written.
struct OperatorDef {
  BuiltinOperator op = BuiltinOperator::kReshape;
  int version = 1;                    // the op version TF's converter writes for this case
  std::vector<int> inputs, outputs;   // tensor indices; -1 = optional input omitted
  Padding padding = Padding::kValid;  // CONV_2D, MAX_POOL_2D
  int stride_w = 1, stride_h = 1;     // CONV_2D, MAX_POOL_2D
  int filter_w = 1, filter_h = 1;     // MAX_POOL_2D
  FusedActivation activation = FusedActivation::kNone;  // CONV_2D, MAX_POOL_2D, FULLY_CONNECTED
  std::vector<int> new_shape;                           // RESHAPE (ReshapeOptions.new_shape)
  float beta = 1.0f;  // SOFTMAX (the schema default 0 would flatten every output)
};

struct Model {
  std::uint32_t version = 3;
  std::string description;
  std::vector<TensorDef> tensors;
  std::vector<std::vector<std::uint8_t>> buffers{{}};  // buffers[0]: the empty sentinel
  std::vector<OperatorDef> operators;                  // in execution order
  std::vector<int> inputs, outputs;                    // tensor indices of the one subgraph
};

// The tensor holding the constant data that feeds tensor `index`: itself when it has data, or
// the input of the DEQUANTIZE that writes it (float16 weights). Throws std::invalid_argument
// naming the tensor when neither holds constant data.
int constant_source(const Model& model, int index);

// `model` as the lab ships it: no tensor names and no description. The runtime needs neither,
// and every byte of structure counts against the lab's byte targets (README).
inline Model without_names(Model model) {
  model.description.clear();
  for (TensorDef& tensor : model.tensors) tensor.name.clear();
  return model;
}

// Field-by-field equality (round-trip tests, the writer's read-back check).
inline bool operator==(const Quantization& a, const Quantization& b) {
  return a.scale == b.scale && a.zero_point == b.zero_point &&
         a.quantized_dimension == b.quantized_dimension;
}
inline bool operator==(const TensorDef& a, const TensorDef& b) {
  return a.name == b.name && a.shape == b.shape && a.type == b.type && a.buffer == b.buffer &&
         a.quantization == b.quantization;
}
inline bool operator==(const OperatorDef& a, const OperatorDef& b) {
  return a.op == b.op && a.version == b.version && a.inputs == b.inputs && a.outputs == b.outputs &&
         a.padding == b.padding && a.stride_w == b.stride_w && a.stride_h == b.stride_h &&
         a.filter_w == b.filter_w && a.filter_h == b.filter_h && a.activation == b.activation &&
         a.new_shape == b.new_shape && a.beta == b.beta;
}
inline bool operator==(const Model& a, const Model& b) {
  return a.version == b.version && a.description == b.description && a.tensors == b.tensors &&
         a.buffers == b.buffers && a.operators == b.operators && a.inputs == b.inputs &&
         a.outputs == b.outputs;
}
inline bool operator!=(const Quantization& a, const Quantization& b) { return !(a == b); }
inline bool operator!=(const TensorDef& a, const TensorDef& b) { return !(a == b); }
inline bool operator!=(const OperatorDef& a, const OperatorDef& b) { return !(a == b); }
inline bool operator!=(const Model& a, const Model& b) { return !(a == b); }

}  // namespace qplab::tflite
