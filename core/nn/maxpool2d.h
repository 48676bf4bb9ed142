// MaxPool2D — VALID pooling over NHWC, pool size = stride (TFLite MAX_POOL_2D, Keras default).
//   forward:  y[n,i,j,c] = max over the window of x;  the winning input index is kept
//   backward: dx[argmax] += dy, zero elsewhere
#pragma once

#include <cstdint>

#include "core/nn/layer.h"

namespace qplab {

class MaxPool2D final : public Layer {
 public:
  MaxPool2D(int pool_h, int pool_w);  // throws on non-positive sizes
  LayerKind kind() const override { return LayerKind::kMaxPool2D; }
  std::string name() const override { return "max_pooling2d"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor* dx) override;
  int pool_h() const { return pool_h_; }
  int pool_w() const { return pool_w_; }

 private:
  int pool_h_, pool_w_;
  Shape input_shape_;
  std::vector<std::int32_t> argmax_;
};

}  // namespace qplab
