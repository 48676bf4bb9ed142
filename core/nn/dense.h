// Dense — fully connected: y[N,O] = x[N,I] · Wᵀ + b, W stored [O, I] as TFLite's
// FULLY_CONNECTED weights.  backward: dW = dyᵀ·x, db = Σₙ dy, dx = dy · W
// With a weight transform attached (weighted_layer.h) W is the transform's kernel, y is
// transformed, and dy goes back through the transform first.
#pragma once

#include "core/base/rng.h"
#include "core/nn/weighted_layer.h"

namespace qplab {

class Dense final : public WeightedLayer {
 public:
  Dense(int in_features, int out_features,
        Rng& rng);  // Glorot-uniform W, zero b; throws on non-positive sizes
  LayerKind kind() const override { return LayerKind::kDense; }
  std::string name() const override { return "dense"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y, Mode mode) override;
  void backward(const Tensor& dy, Tensor* dx) override;

  int in_features() const { return in_features_; }
  int out_features() const { return out_features_; }
  // kernel(): [O, I]; bias(): [O]

 private:
  int in_features_, out_features_;
  const Tensor* x_ = nullptr;
};

}  // namespace qplab
