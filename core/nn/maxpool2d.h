// MaxPool2D — VALID pooling over NHWC, pool size = stride (TFLite MAX_POOL_2D, Keras default).
//   forward:  y[n,i,j,c] = max over the window of x
//   backward: dx = dy at the first window position holding the maximum, 0 elsewhere
// The winner is found again in backward (x and y are still alive), so forward stores no index.
#pragma once

#include <vector>

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
  void set_offsets(int w, int c);  // offsets_ for an input W·C wide

  int pool_h_, pool_w_;
  std::vector<std::size_t> offsets_;  // of the window positions, row-major: pi·W·C + pj·C
  const Tensor* x_ = nullptr;
  const Tensor* y_ = nullptr;
};

}  // namespace qplab
