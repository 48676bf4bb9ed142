// Reshape — reinterprets each sample with a new shape (same element count), e.g. the lab's
// [N,28,28] → [N,28,28,1]. backward: dx = dy with the input's shape.
#pragma once

#include "core/nn/layer.h"

namespace qplab {

class Reshape final : public Layer {
 public:
  explicit Reshape(Shape sample_shape);  // shape of one sample, without the batch axis
  LayerKind kind() const override { return LayerKind::kReshape; }
  std::string name() const override { return "reshape"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor* dx) override;
  const Shape& sample_shape() const { return sample_shape_; }

 private:
  Shape sample_shape_;
  Shape input_shape_;
};

}  // namespace qplab
