// Flatten — [N, H, W, C] → [N, H·W·C] in NHWC order, as TFLite's RESHAPE before a
// FULLY_CONNECTED expects. backward: dx = dy with the input's shape.
#pragma once

#include "core/nn/layer.h"

namespace qplab {

class Flatten final : public Layer {
 public:
  LayerKind kind() const override { return LayerKind::kFlatten; }
  std::string name() const override { return "flatten"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor* dx) override;

 private:
  Shape input_shape_;
};

}  // namespace qplab
