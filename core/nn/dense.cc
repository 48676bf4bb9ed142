// Dense: two GEMMs forward and backward (Eigen); see dense.h for the formulas.
#include "core/nn/dense.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace qplab {

Dense::Dense(int in_features, int out_features, Rng& rng)
    : in_features_(in_features), out_features_(out_features) {
  if (in_features <= 0 || out_features <= 0)
    throw std::invalid_argument("dense: sizes must be positive (in " + std::to_string(in_features) +
                                ", out " + std::to_string(out_features) + ")");
  w_ = Tensor({out_features, in_features});
  dw_ = Tensor({out_features, in_features});
  mask_ = Tensor({out_features, in_features}, 1.0f);
  b_ = Tensor({out_features});
  db_ = Tensor({out_features});
  const float limit = std::sqrt(6.0f / static_cast<float>(in_features + out_features));
  for (float& v : w_.values()) v = rng.uniform(-limit, limit);
}

Shape Dense::output_shape(const Shape& input) const {
  if (input.size() != 2 || input[1] != in_features_)
    throw std::invalid_argument("dense: expected input [N, " + std::to_string(in_features_) + "], got " +
                                to_string(input));
  return {input[0], out_features_};
}

void Dense::forward(const Tensor& x, Tensor& y, Mode mode) {
  y.resize(output_shape(x.shape()));
  x_ = &x;
  const ConstMatrixMap w(fake_quant_ ? fake_quant_->weights(w_) : w_.data(), out_features_, in_features_);
  MatrixMap out = y.matrix();
  out.noalias() = x.matrix() * w.transpose();
  out.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(b_.data(), out_features_);
  if (fake_quant_) fake_quant_->output(y, mode);
}

void Dense::backward(const Tensor& dy, Tensor* dx) {
  const ConstMatrixMap dy_m = (fake_quant_ ? fake_quant_->output_gradient(dy) : dy).matrix();
  MatrixMap dw(dw_.data(), out_features_, in_features_);
  dw.noalias() = dy_m.transpose() * x_->matrix();
  // A plain loop, not colwise().sum(): Eigen's vectorized reduction peels by the buffer's
  // alignment, so its summation order (and the last bit) would depend on the heap layout.
  std::fill(db_.values().begin(), db_.values().end(), 0.0f);
  for (Eigen::Index n = 0; n < dy_m.rows(); ++n)
    for (int o = 0; o < out_features_; ++o) db_[static_cast<std::size_t>(o)] += dy_m(n, o);
  if (!dx) return;
  dx->resize(x_->shape());
  const ConstMatrixMap w(fake_quant_ ? fake_quant_->last_weights() : w_.data(), out_features_, in_features_);
  dx->matrix().noalias() = dy_m * w;
}

void Dense::enable_fake_quant(const FakeQuantOptions& options) {
  fake_quant_ = std::make_unique<LayerFakeQuant>(options, 1);
}

std::vector<ParamRef> Dense::params() {
  return {{"dense/kernel", w_.shape(), w_.data(), dw_.data(), mask_.data()},
          {"dense/bias", b_.shape(), b_.data(), db_.data(), nullptr}};
}

}  // namespace qplab
