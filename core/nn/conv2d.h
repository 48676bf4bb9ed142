// Conv2D — VALID padding, stride 1, optional fused ReLU, NHWC activations, OHWI kernel
// (TFLite's CONV_2D filter layout). Computed as an im2col GEMM:
//   forward:  y[P,F] = act(cols[P,K] · Wᵀ[K,F] + b),  P = N·OH·OW,  K = KH·KW·C
//   backward: dz = dy ⊙ act'(y);  dW = dzᵀ·cols;  db = Σ_P dz;  dx = col2im(dz · W)
#pragma once

#include "core/nn/layer.h"
#include "core/nn/rng.h"

namespace qplab {

enum class Activation { kNone, kRelu };

class Conv2D final : public Layer {
 public:
  // Glorot-uniform kernel, zero bias (Keras defaults); throws on non-positive sizes.
  Conv2D(int in_channels, int filters, int kernel_h, int kernel_w, Activation activation, Rng& rng);
  LayerKind kind() const override { return LayerKind::kConv2D; }
  std::string name() const override { return "conv2d"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor* dx) override;
  std::vector<ParamRef> params() override;

  int in_channels() const { return in_channels_; }
  int filters() const { return filters_; }
  int kernel_h() const { return kernel_h_; }
  int kernel_w() const { return kernel_w_; }
  Activation activation() const { return activation_; }
  Tensor& kernel() { return w_; }  // [F, KH, KW, C]
  Tensor& bias() { return b_; }    // [F]
  const Tensor& kernel() const { return w_; }
  const Tensor& bias() const { return b_; }

 private:
  void im2col(const Tensor& x);
  void col2im(const Matrix& dcols, Tensor& dx) const;

  int in_channels_, filters_, kernel_h_, kernel_w_;
  Activation activation_;
  Tensor w_, dw_, mask_, b_, db_;
  Matrix cols_, dz_, dcols_;
  Shape input_shape_;
  const Tensor* y_ = nullptr;
};

}  // namespace qplab
