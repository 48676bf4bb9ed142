// The graph every variant shares, lowered from a Sequential layer by layer:
//   input [1, ...sample] → (QUANTIZE) → Reshape: RESHAPE (new_shape option) | Conv2D: CONV_2D
//   (VALID, stride 1, fused ReLU or none) | MaxPool2D: MAX_POOL_2D (VALID, stride = pool) |
//   Flatten: RESHAPE [1, features] | Dense: FULLY_CONNECTED → SOFTMAX (beta 1) → (DEQUANTIZE)
// A GraphEncoding (one per variant, converter.cc) decides tensor types, quantization, the
// weights' encoding and op versions. Tensor names are short (the file size counts): the kind's
// letter and the layer index, "c1", with "w"/"b" for its kernel and bias; "x" in, "y" out.
#pragma once

#include <string>

#include "core/format/tflite_model.h"
#include "core/nn/sequential.h"
#include "core/quant/graph_builder.h"

namespace qplab {

struct ActivationSpec {
  tflite::TensorType type = tflite::TensorType::kFloat32;
  tflite::Quantization quantization;
};

// A Conv2D (op kConv2D, kernel [F, KH, KW, C]) or Dense (op kFullyConnected, kernel [O, I]).
struct WeightedOp {
  tflite::BuiltinOperator op;
  int index;           // in the Sequential
  std::string prefix;  // tensor names: prefix + "w", prefix + "b"
  const Tensor& kernel;
  const Tensor& bias;
  int input;  // the op's input activation tensor (its scale sets an int32 bias's scale)
};

struct WeightTensors {
  int kernel, bias;
};

class GraphEncoding {
 public:
  virtual ~GraphEncoding() = default;
  virtual std::string variant() const = 0;  // "ptq-int8": the description, error messages
  virtual int version(tflite::BuiltinOperator op) const = 0;
  // What the graph computes on: the model input (layer −1) and each Conv2D / Dense output
  // (Reshape, MaxPool2D and Flatten keep their input's type and quantization).
  virtual ActivationSpec activation(int layer) const = 0;
  virtual ActivationSpec softmax_output() const = 0;
  // The kernel and bias tensors the op consumes; may add ops (float16's DEQUANTIZE).
  virtual WeightTensors weights(GraphBuilder& graph, const WeightedOp& layer) = 0;
};

// Lowers each layer by its kind(). Throws std::invalid_argument naming the layer for a
// non-finite weight, and for a model with no layers or whose output is not [N, classes].
tflite::Model build_graph(const Sequential& model, GraphEncoding& encoding);

}  // namespace qplab
