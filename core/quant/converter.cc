// The four variants as GraphEncodings of the shared lab graph (lab_graph.h): what each
// stores for weights, what its activations are, and which op versions TF writes for it.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <stdexcept>
#include <string>

#include "core/quant/converter.h"
#include "core/quant/lab_graph.h"
#include "core/quant/weight_encoding.h"

namespace qplab {

namespace {

using tflite::BuiltinOperator;
using tflite::TensorType;

// float32 activations and softmax output; the weights and versions vary.
class FloatActivations : public GraphEncoding {
 public:
  ActivationSpec activation(int) const override { return {}; }
  ActivationSpec softmax_output() const override { return {}; }
};

class FloatEncoding final : public FloatActivations {
 public:
  std::string variant() const override { return "float"; }
  int version(BuiltinOperator) const override { return 1; }
  WeightTensors weights(GraphBuilder& graph, const WeightedOp& layer) override {
    return {add_float32_constant(graph, layer.prefix + "w", layer.kernel),
            add_float32_constant(graph, layer.prefix + "b", layer.bias)};
  }
};

class DynamicRangeEncoding final : public FloatActivations {
 public:
  std::string variant() const override { return "ptq-dynamic"; }
  int version(BuiltinOperator op) const override {
    if (op == BuiltinOperator::kConv2D) return 5;          // hybrid, per-channel
    if (op == BuiltinOperator::kFullyConnected) return 3;  // hybrid, per-tensor
    return 1;
  }
  WeightTensors weights(GraphBuilder& graph, const WeightedOp& layer) override {
    const int channels = layer.op == BuiltinOperator::kConv2D ? layer.kernel.dim(0) : 1;
    return {add_int8_symmetric_constant(graph, layer.prefix + "w", layer.kernel, channels),
            add_float32_constant(graph, layer.prefix + "b", layer.bias)};
  }
};

class Float16Encoding final : public FloatActivations {
 public:
  std::string variant() const override { return "ptq-float16"; }
  int version(BuiltinOperator op) const override {
    return op == BuiltinOperator::kDequantize ? 3 : 1;
  }
  WeightTensors weights(GraphBuilder& graph, const WeightedOp& layer) override {
    return {dequantized(graph, layer.prefix + "w", layer.kernel),
            dequantized(graph, layer.prefix + "b", layer.bias)};
  }

 private:
  // name + "h" holds the halves; DEQUANTIZE makes `name`, the float32 tensor the op reads.
  int dequantized(GraphBuilder& graph, const std::string& name, const Tensor& values) const {
    const int half = add_float16_constant(graph, name + "h", values);
    const int full = graph.add_tensor(name, values.shape(), TensorType::kFloat32);
    tflite::OperatorDef op;
    op.op = BuiltinOperator::kDequantize;
    op.version = version(op.op);
    op.inputs = {half};
    op.outputs = {full};
    graph.add_operator(std::move(op));
    return full;
  }
};

tflite::Quantization per_tensor(QuantParams params) {
  return {{params.scale}, {params.zero_point}, 0};
}

class Int8Encoding final : public GraphEncoding {
 public:
  Int8Encoding(const Sequential& model, const ActivationRanges& ranges) : ranges_(ranges) {
    if (ranges.outputs.size() != model.layers().size())
      throw std::invalid_argument("int8 converter: " + std::to_string(ranges.outputs.size()) +
                                  " activation ranges for " +
                                  std::to_string(model.layers().size()) + " layers");
  }
  std::string variant() const override { return "int8"; }
  int version(BuiltinOperator op) const override {
    switch (op) {
      case BuiltinOperator::kConv2D:
        return 3;
      case BuiltinOperator::kFullyConnected:
        return 4;
      case BuiltinOperator::kMaxPool2D:
        return 2;
      case BuiltinOperator::kSoftmax:
        return 2;
      case BuiltinOperator::kDequantize:
        return 2;
      case BuiltinOperator::kQuantize:
        return 1;
      case BuiltinOperator::kReshape:
        return 1;
    }
    return 1;
  }
  ActivationSpec activation(int layer) const override {
    const Range range =
        layer < 0 ? ranges_.input : ranges_.outputs.at(static_cast<std::size_t>(layer));
    try {
      return {TensorType::kInt8, per_tensor(choose_asymmetric_int8(range))};
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(
          "int8 converter: " +
          (layer < 0 ? std::string("input") : "layer " + std::to_string(layer) + " output") + ": " +
          e.what());
    }
  }
  ActivationSpec softmax_output() const override {
    return {TensorType::kInt8, per_tensor({1.0f / 256.0f, -128})};
  }
  WeightTensors weights(GraphBuilder& graph, const WeightedOp& layer) override {
    const int channels = layer.op == BuiltinOperator::kConv2D ? layer.kernel.dim(0) : 1;
    const int kernel =
        add_int8_symmetric_constant(graph, layer.prefix + "w", layer.kernel, channels);
    const float input_scale = graph.tensor(layer.input).quantization.scale.at(0);
    const std::vector<float> weight_scales = graph.tensor(kernel).quantization.scale;
    return {kernel, add_int32_bias_constant(graph, layer.prefix + "b", layer.bias, input_scale,
                                            weight_scales)};
  }

 private:
  const ActivationRanges& ranges_;
};

}  // namespace

tflite::Model to_float_tflite(const Sequential& model) {
  FloatEncoding encoding;
  return build_graph(model, encoding);
}

tflite::Model to_dynamic_range_tflite(const Sequential& model) {
  DynamicRangeEncoding encoding;
  return build_graph(model, encoding);
}

tflite::Model to_float16_tflite(const Sequential& model) {
  Float16Encoding encoding;
  return build_graph(model, encoding);
}

tflite::Model to_int8_tflite(const Sequential& model, const ActivationRanges& ranges) {
  Int8Encoding encoding(model, ranges);
  return build_graph(model, encoding);
}

}  // namespace qplab

QPLAB_COLD_FILE_END
