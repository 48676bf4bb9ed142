// Test support: compares a layer's backward with central finite differences of the scalar
// L = Σ r ⊙ layer(x) for a fixed random r, accumulating L in double.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>

#include "core/base/rng.h"
#include "core/nn/layer.h"

namespace qplab::testing {

inline Tensor random_tensor(const Shape& shape, Rng& rng, float low = -1.0f, float high = 1.0f) {
  Tensor t(shape);
  for (float& v : t.values()) v = rng.uniform(low, high);
  return t;
}

inline double weighted_sum(const Tensor& y, const Tensor& r) {
  double total = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) total += static_cast<double>(y[i]) * r[i];
  return total;
}

// Finite-difference budget: float forward passes, a small step so that ReLU and max-pool
// kinks are rarely crossed; float rounding of L over 2h stays well under the tolerance.
constexpr double kStep = 1e-3;
constexpr double kAbsoluteTolerance = 2e-3;
constexpr double kRelativeTolerance = 2e-2;

inline void require_close(double analytic, double numeric, const std::string& what) {
  INFO(what << ": analytic " << analytic << ", numeric " << numeric);
  REQUIRE(std::abs(analytic - numeric) <=
          kAbsoluteTolerance + kRelativeTolerance * std::abs(numeric));
}

// Central difference of L along one value; `crossed_kink` is set when the step moved an
// output across zero (a ReLU kink), where the difference quotient is not the derivative.
inline double numeric_derivative(Layer& layer, Tensor& x, float* value, const Tensor& r,
                                 const Tensor& y0, bool& crossed_kink) {
  Tensor y_plus, y_minus;
  const float saved = *value;
  *value = saved + static_cast<float>(kStep);
  layer.forward(x, y_plus, Mode::kTrain);
  *value = saved - static_cast<float>(kStep);
  layer.forward(x, y_minus, Mode::kTrain);
  *value = saved;
  crossed_kink = false;
  for (std::size_t i = 0; i < y0.size(); ++i)
    crossed_kink |= (y_plus[i] > 0) != (y0[i] > 0) || (y_minus[i] > 0) != (y0[i] > 0);
  return (weighted_sum(y_plus, r) - weighted_sum(y_minus, r)) / (2 * kStep);
}

// Checks dx and every parameter gradient of `layer` at input x. Coordinates whose step
// crosses a kink are skipped; they must stay rare or the check would prove little.
inline void check_layer_gradients(Layer& layer, Tensor x, std::uint64_t seed) {
  CAPTURE(seed);
  Rng rng(seed);
  Tensor y, dx;
  layer.forward(x, y, Mode::kTrain);
  const Tensor y0 = y;
  const Tensor r = random_tensor(y.shape(), rng);
  layer.backward(r, &dx);
  REQUIRE(dx.shape() == x.shape());
  const Tensor analytic_dx = dx;
  std::vector<std::vector<float>> analytic_grads;
  for (const ParamRef& p : layer.params()) analytic_grads.emplace_back(p.grad, p.grad + p.size());

  std::size_t checked = 0, skipped = 0;
  auto check = [&](double analytic, float* value, const std::string& what) {
    bool crossed_kink = false;
    const double numeric = numeric_derivative(layer, x, value, r, y0, crossed_kink);
    if (crossed_kink) {
      ++skipped;
      return;
    }
    ++checked;
    require_close(analytic, numeric, what);
  };
  for (std::size_t i = 0; i < x.size(); ++i)
    check(analytic_dx[i], &x[i], "dx[" + std::to_string(i) + "]");
  const auto params = layer.params();
  for (std::size_t k = 0; k < params.size(); ++k)
    for (std::size_t i = 0; i < params[k].size(); ++i)
      check(analytic_grads[k][i], &params[k].value[i],
            params[k].name + "[" + std::to_string(i) + "]");
  CAPTURE(checked, skipped);
  REQUIRE(skipped * 20 <= checked + skipped);
}

}  // namespace qplab::testing
