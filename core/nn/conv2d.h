// Conv2D — VALID padding, stride 1, optional fused ReLU, NHWC activations, OHWI kernel
// (TFLite's CONV_2D filter layout). Direct convolution, P = N·OH·OW output pixels:
//   forward:  y[p,f] = act(b[f] + Σ_{kh,kw,c} x[n, i+kh, j+kw, c] · W[f,kh,kw,c])
//   backward: dz = dy ⊙ act'(y);  dW[f,kh,kw,c] = Σ_p dz[p,f]·x[n,i+kh,j+kw,c];  db = Σ_p dz;
//             dx[n,i+kh,j+kw,c] += Σ_f dz[p,f]·W[f,kh,kw,c]
// With a weight transform attached (weighted_layer.h) W is the transform's kernel, y is
// transformed after the ReLU and dy goes back through the transform first.
#pragma once

#include <vector>

#include "core/base/rng.h"
#include "core/nn/weighted_layer.h"

namespace qplab {

enum class Activation { kNone, kRelu };

class Conv2D final : public WeightedLayer {
 public:
  // Glorot-uniform kernel, zero bias (Keras defaults); throws on non-positive sizes.
  Conv2D(int in_channels, int filters, int kernel_h, int kernel_w, Activation activation, Rng& rng);
  LayerKind kind() const override { return LayerKind::kConv2D; }
  std::string name() const override { return "conv2d"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor* dx) override;

  int in_channels() const { return in_channels_; }
  int filters() const { return filters_; }
  int kernel_h() const { return kernel_h_; }
  int kernel_w() const { return kernel_w_; }
  Activation activation() const { return activation_; }
  // kernel(): [F, KH, KW, C]; bias(): [F]

 private:
  int taps() const { return kernel_h_ * kernel_w_ * in_channels_; }
  void input_gradient_row(int b, int i, Tensor& dx) const;

  int in_channels_, filters_, kernel_h_, kernel_w_;
  Activation activation_;
  // The kernel as [KH·KW·C, F]: the filters of one tap are contiguous, so the inner loop over
  // filters vectorizes. Rebuilt from w_ each forward (F·KH·KW·C values, negligible).
  std::vector<float> w_taps_, dw_taps_, dz_;  // dz_: one output row, [OW, F]
  const Tensor* x_ = nullptr;
  const Tensor* y_ = nullptr;  // the output before the transform: ReLU's mask in backward
};

}  // namespace qplab
