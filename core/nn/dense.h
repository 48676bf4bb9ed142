// Dense — fully connected: y[N,O] = x[N,I] · Wᵀ + b, W stored [O, I] as TFLite's
// FULLY_CONNECTED weights.  backward: dW = dyᵀ·x, db = Σₙ dy, dx = dy · W
// Under QAT (enable_fake_quant) W is the fake-quantized kernel (per tensor), y is
// fake-quantized, and dy is masked by the straight-through estimator first (fake_quant.h).
#pragma once

#include <memory>

#include "core/nn/layer.h"
#include "core/base/rng.h"
#include "core/quant/fake_quant.h"

namespace qplab {

class Dense final : public Layer {
 public:
  Dense(int in_features, int out_features, Rng& rng);  // Glorot-uniform W, zero b; throws on non-positive sizes
  LayerKind kind() const override { return LayerKind::kDense; }
  std::string name() const override { return "dense"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor* dx) override;
  std::vector<ParamRef> params() override;

  int in_features() const { return in_features_; }
  int out_features() const { return out_features_; }
  Tensor& kernel() { return w_; }  // [O, I]
  Tensor& bias() { return b_; }    // [O]
  const Tensor& kernel() const { return w_; }
  const Tensor& bias() const { return b_; }

  // Quantization-aware training from now on (per-tensor symmetric weights).
  void enable_fake_quant(const FakeQuantOptions& options);
  const LayerFakeQuant* fake_quant() const { return fake_quant_.get(); }  // null: QAT off

 private:
  int in_features_, out_features_;
  Tensor w_, dw_, mask_, b_, db_;
  const Tensor* x_ = nullptr;
  std::unique_ptr<LayerFakeQuant> fake_quant_;
};

}  // namespace qplab
