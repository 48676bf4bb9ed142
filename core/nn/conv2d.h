// Conv2D — VALID padding, stride 1, optional fused ReLU, NHWC activations, OHWI kernel
// (TFLite's CONV_2D filter layout). Direct convolution, P = N·OH·OW output pixels:
//   forward:  y[p,f] = act(b[f] + Σ_{kh,kw,c} x[n, i+kh, j+kw, c] · W[f,kh,kw,c])
//   backward: dz = dy ⊙ act'(y);  dW[f,kh,kw,c] = Σ_p dz[p,f]·x[n,i+kh,j+kw,c];  db = Σ_p dz;
//             dx[n,i+kh,j+kw,c] += Σ_f dz[p,f]·W[f,kh,kw,c]
// Under QAT (enable_fake_quant) W is the fake-quantized kernel (per filter), y is fake-quantized
// after the ReLU, and dy is masked by the straight-through estimator first (fake_quant.h).
#pragma once

#include <memory>

#include "core/nn/layer.h"
#include "core/base/rng.h"
#include "core/quant/fake_quant.h"

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

  // Quantization-aware training from now on (per-channel symmetric weights, axis 0).
  void enable_fake_quant(const FakeQuantOptions& options);
  const LayerFakeQuant* fake_quant() const { return fake_quant_.get(); }  // null: QAT off

 private:
  int taps() const { return kernel_h_ * kernel_w_ * in_channels_; }
  void input_gradient_row(int b, int i, Tensor& dx) const;

  int in_channels_, filters_, kernel_h_, kernel_w_;
  Activation activation_;
  Tensor w_, dw_, mask_, b_, db_;
  // The kernel as [KH·KW·C, F]: the filters of one tap are contiguous, so the inner loop over
  // filters vectorizes. Rebuilt from w_ each forward (F·KH·KW·C values, negligible).
  std::vector<float> w_taps_, dw_taps_, dz_;  // dz_: one output row, [OW, F]
  const Tensor* x_ = nullptr;
  const Tensor* y_ = nullptr;  // the output before fake quantization: ReLU's mask in backward
  std::unique_ptr<LayerFakeQuant> fake_quant_;
};

}  // namespace qplab
