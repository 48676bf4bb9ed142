// Adam as Keras implements it (tf.keras.optimizers.Adam, amsgrad off):
//   m ← m + (g − m)(1 − β1);  v ← v + (g² − v)(1 − β2)
//   w ← w − α·m / (√v + ε),  α = lr·√(1 − β2ᵗ) / (1 − β1ᵗ)
// A parameter with a pruning mask is multiplied by it after each step, so pruned weights stay 0.
#pragma once

#include <string>

#include "core/nn/layer.h"

namespace qplab {

// The learning rates qplab accepts (options of the CLI, the lab and the page). Both ends keep the
// rate a normal float (1.2e-38 to 3.4e38) with eight decades to spare, so the float optimizer
// holds it as given and its step lr·√(1 − β2ᵗ)/(1 − β1ᵗ) stays finite. No useful rate is near
// either end (Keras's default is 0.001; where the lab CNN stops learning: README), but every
// rate in between reaches fit, whose divergence check reports a run that blows up, rather than
// being refused as a guess.
constexpr double kMinLearningRate = 1e-30;
constexpr double kMaxLearningRate = 1e30;

struct AdamOptions {
  float learning_rate = 1e-3f;
  float beta_1 = 0.9f;
  float beta_2 = 0.999f;
  float epsilon = 1e-7f;
};

// Throws std::invalid_argument naming `what` (e.g. "lab: learning rate") and the value unless
// learning_rate is a finite number in [kMinLearningRate, kMaxLearningRate].
void validate_learning_rate(double learning_rate, const std::string& what);

class Adam {
 public:
  // Throws on bad options; the range above is the option validators' to check (a rate given as
  // a double rounds to a float that may lie just outside it).
  explicit Adam(std::vector<ParamRef> params, AdamOptions options = {});
  void step();
  long iterations() const { return iterations_; }
  const AdamOptions& options() const { return options_; }

 private:
  std::vector<ParamRef> params_;
  AdamOptions options_;
  std::vector<std::vector<float>> m_, v_;
  long iterations_ = 0;
};

}  // namespace qplab
