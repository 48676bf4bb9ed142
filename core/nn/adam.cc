// Adam update, one pass over every parameter tensor.
#include "core/nn/adam.h"

#include <cmath>
#include <stdexcept>

#include "core/base/number_text.h"

namespace qplab {

void validate_learning_rate(double learning_rate, const std::string& what) {
  if (!(learning_rate >= kMinLearningRate && learning_rate <= kMaxLearningRate))
    throw std::invalid_argument(what + " must be from " + number_text(kMinLearningRate) + " to " +
                                number_text(kMaxLearningRate) + ", got " +
                                number_text(learning_rate));
}

Adam::Adam(std::vector<ParamRef> params, AdamOptions options)
    : params_(std::move(params)), options_(options) {
  if (!(options.learning_rate > 0.0f && std::isfinite(options.learning_rate)) ||
      !(options.beta_1 >= 0.0f && options.beta_1 < 1.0f) ||
      !(options.beta_2 >= 0.0f && options.beta_2 < 1.0f) || !(options.epsilon > 0.0f))
    throw std::invalid_argument(
        "adam: need a finite learning_rate > 0, 0 <= beta < 1, epsilon > 0 (got lr " +
        number_text(options.learning_rate) + ")");
  for (const auto& p : params_) {
    m_.emplace_back(p.size(), 0.0f);
    v_.emplace_back(p.size(), 0.0f);
  }
}

void Adam::step() {
  ++iterations_;
  const auto t = static_cast<float>(iterations_);
  const float alpha = options_.learning_rate * std::sqrt(1.0f - std::pow(options_.beta_2, t)) /
                      (1.0f - std::pow(options_.beta_1, t));
  const float one_minus_beta_1 = 1.0f - options_.beta_1, one_minus_beta_2 = 1.0f - options_.beta_2;
  const float epsilon = options_.epsilon;
  for (std::size_t k = 0; k < params_.size(); ++k) {
    const ParamRef& p = params_[k];
    // No aliasing (and epsilon in a local, not a member a store could change): the loop
    // vectorizes, sqrt and division included.
    float* __restrict value = p.value;
    const float* __restrict grad = p.grad;
    float* __restrict m = m_[k].data();
    float* __restrict v = v_[k].data();
    const std::size_t n = p.size();
    for (std::size_t i = 0; i < n; ++i) {
      const float g = grad[i];
      m[i] += (g - m[i]) * one_minus_beta_1;
      v[i] += (g * g - v[i]) * one_minus_beta_2;
      value[i] -= alpha * m[i] / (std::sqrt(v[i]) + epsilon);
    }
    if (p.mask)
      for (std::size_t i = 0; i < n; ++i) value[i] *= p.mask[i];
  }
}

}  // namespace qplab
