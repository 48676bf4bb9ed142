// Adam as Keras implements it (tf.keras.optimizers.Adam, amsgrad off):
//   m ← m + (g − m)(1 − β1);  v ← v + (g² − v)(1 − β2)
//   w ← w − α·m / (√v + ε),  α = lr·√(1 − β2ᵗ) / (1 − β1ᵗ)
// A parameter with a pruning mask is multiplied by it after each step, so pruned weights stay 0.
#pragma once

#include "core/nn/layer.h"

namespace qplab {

struct AdamOptions {
  float learning_rate = 1e-3f;
  float beta_1 = 0.9f;
  float beta_2 = 0.999f;
  float epsilon = 1e-7f;
};

class Adam {
 public:
  explicit Adam(std::vector<ParamRef> params, AdamOptions options = {});  // throws on bad options
  void step();
  long iterations() const { return iterations_; }

 private:
  std::vector<ParamRef> params_;
  AdamOptions options_;
  std::vector<std::vector<float>> m_, v_;
  long iterations_ = 0;
};

}  // namespace qplab
