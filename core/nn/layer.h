// Layer — the interface every layer of a Sequential implements: shape check, forward,
// backward (after a forward in kTrain mode, with that forward's input still alive), and one
// params-and-grads list shared by the optimizer, the pruner and the quantizer.
#pragma once

#include <string>
#include <vector>

#include "core/base/tensor.h"

namespace qplab {

enum class Mode { kInfer, kTrain };

enum class LayerKind { kReshape, kConv2D, kMaxPool2D, kFlatten, kDense };

class WeightedLayer;

// A view of one trainable tensor. `mask` is null for parameters that are never pruned.
struct ParamRef {
  std::string name;  // "conv2d/kernel"
  Shape shape;
  float* value;
  float* grad;
  float* mask;
  std::size_t size() const { return element_count(shape); }
};

class Layer {
 public:
  virtual ~Layer() = default;
  virtual LayerKind kind() const = 0;
  virtual std::string name() const = 0;
  // Output shape for an input shape whose first axis is the batch; throws naming the layer.
  virtual Shape output_shape(const Shape& input) const = 0;
  virtual void forward(const Tensor& x, Tensor& y, Mode mode) = 0;
  // dx may be null when the input gradient is not needed (the first layer).
  virtual void backward(const Tensor& dy, Tensor* dx) = 0;
  virtual std::vector<ParamRef> params() { return {}; }
  // The layer's kernel, bias and weight transform (weighted_layer.h); null: it has none.
  virtual WeightedLayer* weighted() { return nullptr; }
  virtual const WeightedLayer* weighted() const { return nullptr; }
};

}  // namespace qplab
