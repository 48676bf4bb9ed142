// Sequential — a chain of layers. forward keeps every activation so backward can run
// through the same buffers; the input passed to forward must outlive the matching backward.
#pragma once

#include <memory>

#include "core/nn/layer.h"

namespace qplab {

class Sequential {
 public:
  explicit Sequential(Shape sample_input_shape);  // one sample, without the batch axis
  Sequential(Sequential&&) = default;
  Sequential& operator=(Sequential&&) = default;

  void add(std::unique_ptr<Layer> layer);  // throws when the layer does not fit the previous output
  const Tensor& forward(const Tensor& x, Mode mode);
  void backward(const Tensor& dlogits);
  std::vector<ParamRef> params();
  std::size_t parameter_count();

  const Shape& sample_input_shape() const { return sample_input_shape_; }
  Shape sample_output_shape() const;
  // Bytes of one sample's activations: its input and every layer's output, as forward keeps them.
  std::size_t sample_activation_bytes() const;
  const std::vector<std::unique_ptr<Layer>>& layers() const { return layers_; }
  // After forward: layer i's output for the whole batch (what inspecting compares).
  const Tensor& layer_output(std::size_t i) const { return outputs_.at(i); }

 private:
  Shape sample_input_shape_;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<Tensor> outputs_;  // outputs_[i] = output of layer i
  std::vector<Tensor> grads_;    // grads_[i] = gradient w.r.t. output of layer i
  // Layers before it have no parameters, so backward stops there: the lab model then skips
  // the conv's input gradient, the costliest GEMM of its backward pass.
  std::size_t first_trainable_ = 0;
};

// Every zero weight's mask becomes 0, the others keep theirs (a stripped or loaded model then
// has mask = (w ≠ 0)), so fine-tuning keeps the sparsity, as Adam re-applies the masks after
// each step (sparsity-preserving QAT; strip_pruning is the way back).
void mask_zero_weights(Sequential& model);

}  // namespace qplab
