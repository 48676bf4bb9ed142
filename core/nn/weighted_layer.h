// WeightedLayer — the base of every layer with a kernel and a bias (Conv2D, Dense): it owns them,
// their gradients and the kernel's pruning mask, lists them as params(), and runs the weight
// transform attached to it (weight_transform.h) at the points forward and backward call.
// Layer::weighted() is the one way to ask whether a layer has weights.
#pragma once

#include <memory>
#include <vector>

#include "core/nn/layer.h"
#include "core/nn/weight_transform.h"

namespace qplab {

class WeightedLayer : public Layer {
 public:
  WeightedLayer* weighted() override { return this; }
  const WeightedLayer* weighted() const override { return this; }
  std::vector<ParamRef> params() override;  // "<name>/kernel" (masked), "<name>/bias"

  Tensor& kernel() { return w_; }  // the first axis is the output: [F, …] or [O, I]
  Tensor& bias() { return b_; }    // one value per output
  const Tensor& kernel() const { return w_; }
  const Tensor& bias() const { return b_; }

  // From now on forward and backward go through `transform`; null detaches the current one.
  void set_weight_transform(std::unique_ptr<WeightTransform> transform) {
    transform_ = std::move(transform);
  }
  const WeightTransform* weight_transform() const { return transform_.get(); }

 protected:
  // A zero kernel of kernel_shape (mask all ones) and a zero bias of kernel_shape[0] values.
  explicit WeightedLayer(const Shape& kernel_shape);

  // The kernel this forward pass uses (the transform's, or the kernel itself); remembered, so
  // backward reads the same values through kernel_in_use().
  const float* forward_kernel();
  const float* kernel_in_use() const { return kernel_in_use_; }
  const Tensor& transform_output(Tensor& y, Mode mode) {
    return transform_ ? transform_->transform_output(y, mode) : y;
  }
  const Tensor& output_gradient(const Tensor& dy) {
    return transform_ ? transform_->output_gradient(dy) : dy;
  }

  Tensor w_, dw_, mask_, b_, db_;

 private:
  std::unique_ptr<WeightTransform> transform_;
  const float* kernel_in_use_ = nullptr;
};

}  // namespace qplab
