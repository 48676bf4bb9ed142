// The walk over a Sequential's layers that every converter shares; see the header.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cmath>
#include <stdexcept>

#include "core/base/number_text.h"
#include "core/nn/conv2d.h"
#include "core/nn/dense.h"
#include "core/nn/maxpool2d.h"
#include "core/quant/lab_graph.h"

namespace qplab {

namespace {

using tflite::BuiltinOperator;
using tflite::OperatorDef;
using tflite::TensorType;

class GraphWalk {
 public:
  GraphWalk(const Sequential& model, GraphEncoding& encoding)
      : model_(model), encoding_(encoding), graph_("qplab " + encoding.variant()) {}

  tflite::Model run() {
    if (model_.layers().empty()) fail("the model has no layers");
    shape_ = {1};
    shape_.insert(shape_.end(), model_.sample_input_shape().begin(),
                  model_.sample_input_shape().end());
    const ActivationSpec in = encoding_.activation(-1);
    const bool edges = in.type != TensorType::kFloat32;  // int8: QUANTIZE and DEQUANTIZE
    const int x = edges ? graph_.add_tensor("x", shape_, TensorType::kFloat32)
                        : graph_.add_tensor("x", shape_, in.type, in.quantization);
    current_ = x;
    if (edges) add_op(BuiltinOperator::kQuantize, {x}, activation("xq", in));

    const auto& layers = model_.layers();
    for (std::size_t i = 0; i < layers.size(); ++i) lower(static_cast<int>(i), *layers[i]);
    if (shape_.size() != 2)
      fail("the last layer's output " + to_string(shape_) + " is not [1, classes]");

    const ActivationSpec out = encoding_.softmax_output();
    OperatorDef softmax = op(BuiltinOperator::kSoftmax);
    softmax.beta = 1.0f;
    add_op(softmax, {current_}, activation(edges ? "s" : "y", out));
    if (edges)
      add_op(BuiltinOperator::kDequantize, {current_},
             graph_.add_tensor("y", shape_, TensorType::kFloat32));
    return graph_.finish({x}, {current_});
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(encoding_.variant() + " converter: " + what);
  }

  int activation(const std::string& name, const ActivationSpec& spec) {
    return graph_.add_tensor(name, shape_, spec.type, spec.quantization);
  }

  // A tensor like the current one (same type and quantization): reshape and pooling outputs.
  int same_as_current(const std::string& name) {
    const tflite::TensorDef& in = graph_.tensor(current_);
    return graph_.add_tensor(name, shape_, in.type, in.quantization);
  }

  OperatorDef op(BuiltinOperator kind) const {
    OperatorDef def;
    def.op = kind;
    def.version = encoding_.version(kind);
    return def;
  }

  void add_op(BuiltinOperator kind, std::vector<int> inputs, int output) {
    add_op(op(kind), std::move(inputs), output);
  }

  void add_op(OperatorDef def, std::vector<int> inputs, int output) {
    def.inputs = std::move(inputs);
    def.outputs = {output};
    graph_.add_operator(std::move(def));
    current_ = output;
  }

  void check_finite(const Tensor& values, const std::string& what) const {
    for (std::size_t i = 0; i < values.size(); ++i)
      if (!std::isfinite(values[i]))
        fail(what + "[" + std::to_string(i) + "] = " + number_text(values[i]) + " is not finite");
  }

  WeightTensors weights(BuiltinOperator kind, int index, const std::string& prefix,
                        const Layer& layer, const Tensor& kernel, const Tensor& bias) {
    const std::string what = "layer " + std::to_string(index) + " (" + layer.name() + ") ";
    check_finite(kernel, what + "kernel");
    check_finite(bias, what + "bias");
    return encoding_.weights(graph_, {kind, index, prefix, kernel, bias, current_});
  }

  void lower(int index, const Layer& layer) {
    shape_ = layer.output_shape(shape_);
    const std::string id = std::to_string(index);
    switch (layer.kind()) {
      case LayerKind::kReshape:
      case LayerKind::kFlatten: {
        OperatorDef reshape = op(BuiltinOperator::kReshape);
        reshape.new_shape = shape_;
        const char* letter = layer.kind() == LayerKind::kFlatten ? "f" : "r";
        add_op(reshape, {current_}, same_as_current(letter + id));
        return;
      }
      case LayerKind::kConv2D: {
        const auto& conv = static_cast<const Conv2D&>(layer);
        const std::string prefix = "c" + id;
        const WeightTensors w =
            weights(BuiltinOperator::kConv2D, index, prefix, layer, conv.kernel(), conv.bias());
        OperatorDef def = op(BuiltinOperator::kConv2D);
        def.padding = tflite::Padding::kValid;
        def.activation = conv.activation() == Activation::kRelu ? tflite::FusedActivation::kRelu
                                                                : tflite::FusedActivation::kNone;
        add_op(def, {current_, w.kernel, w.bias}, activation(prefix, encoding_.activation(index)));
        return;
      }
      case LayerKind::kMaxPool2D: {
        const auto& pool = static_cast<const MaxPool2D&>(layer);
        OperatorDef def = op(BuiltinOperator::kMaxPool2D);
        def.padding = tflite::Padding::kValid;
        def.filter_h = def.stride_h = pool.pool_h();
        def.filter_w = def.stride_w = pool.pool_w();
        add_op(def, {current_}, same_as_current("p" + id));
        return;
      }
      case LayerKind::kDense: {
        const auto& dense = static_cast<const Dense&>(layer);
        const std::string prefix = "d" + id;
        const WeightTensors w = weights(BuiltinOperator::kFullyConnected, index, prefix, layer,
                                        dense.kernel(), dense.bias());
        add_op(BuiltinOperator::kFullyConnected, {current_, w.kernel, w.bias},
               activation(prefix, encoding_.activation(index)));
        return;
      }
    }
  }

  const Sequential& model_;
  GraphEncoding& encoding_;
  GraphBuilder graph_;
  std::vector<int> shape_;
  int current_ = -1;
};

}  // namespace

tflite::Model build_graph(const Sequential& model, GraphEncoding& encoding) {
  return GraphWalk(model, encoding).run();
}

}  // namespace qplab

QPLAB_COLD_FILE_END
