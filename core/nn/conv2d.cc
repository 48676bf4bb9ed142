// Conv2D as im2col + GEMM (Eigen); see conv2d.h for the formulas.
#include "core/nn/conv2d.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace qplab {

Conv2D::Conv2D(int in_channels, int filters, int kernel_h, int kernel_w, Activation activation, Rng& rng)
    : in_channels_(in_channels), filters_(filters), kernel_h_(kernel_h), kernel_w_(kernel_w),
      activation_(activation) {
  if (in_channels <= 0 || filters <= 0 || kernel_h <= 0 || kernel_w <= 0)
    throw std::invalid_argument("conv2d: sizes must be positive (in_channels " + std::to_string(in_channels) +
                                ", filters " + std::to_string(filters) + ", kernel " +
                                std::to_string(kernel_h) + "x" + std::to_string(kernel_w) + ")");
  const Shape kernel_shape{filters, kernel_h, kernel_w, in_channels};
  w_ = Tensor(kernel_shape);
  dw_ = Tensor(kernel_shape);
  mask_ = Tensor(kernel_shape, 1.0f);
  b_ = Tensor({filters});
  db_ = Tensor({filters});
  const float fan_in = static_cast<float>(kernel_h * kernel_w * in_channels);
  const float fan_out = static_cast<float>(kernel_h * kernel_w * filters);
  const float limit = std::sqrt(6.0f / (fan_in + fan_out));
  for (float& v : w_.values()) v = rng.uniform(-limit, limit);
}

Shape Conv2D::output_shape(const Shape& input) const {
  if (input.size() != 4 || input[3] != in_channels_ || input[1] < kernel_h_ || input[2] < kernel_w_)
    throw std::invalid_argument("conv2d: expected input [N, H>=" + std::to_string(kernel_h_) + ", W>=" +
                                std::to_string(kernel_w_) + ", " + std::to_string(in_channels_) +
                                "], got " + to_string(input));
  return {input[0], input[1] - kernel_h_ + 1, input[2] - kernel_w_ + 1, filters_};
}

void Conv2D::im2col(const Tensor& x) {
  const int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = in_channels_;
  const int oh = h - kernel_h_ + 1, ow = w - kernel_w_ + 1;
  cols_.resize(Eigen::Index{n} * oh * ow, Eigen::Index{kernel_h_} * kernel_w_ * c);
  const std::size_t row_bytes = sizeof(float) * static_cast<std::size_t>(kernel_w_ * c);
  float* out = cols_.data();
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < oh; ++i)
      for (int j = 0; j < ow; ++j)
        for (int ki = 0; ki < kernel_h_; ++ki) {
          // KW·C consecutive inputs of one image row are contiguous in NHWC.
          const float* in = x.data() + ((static_cast<std::size_t>(b) * h + i + ki) * w + j) * c;
          std::memcpy(out, in, row_bytes);
          out += kernel_w_ * c;
        }
}

void Conv2D::col2im(const Matrix& dcols, Tensor& dx) const {
  const int n = input_shape_[0], h = input_shape_[1], w = input_shape_[2], c = in_channels_;
  const int oh = h - kernel_h_ + 1, ow = w - kernel_w_ + 1;
  dx.resize(input_shape_);
  std::fill(dx.values().begin(), dx.values().end(), 0.0f);
  const float* in = dcols.data();
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < oh; ++i)
      for (int j = 0; j < ow; ++j)
        for (int ki = 0; ki < kernel_h_; ++ki) {
          float* out = dx.data() + ((static_cast<std::size_t>(b) * h + i + ki) * w + j) * c;
          for (int k = 0; k < kernel_w_ * c; ++k) out[k] += in[k];
          in += kernel_w_ * c;
        }
}

void Conv2D::forward(const Tensor& x, Tensor& y, Mode) {
  y.resize(output_shape(x.shape()));
  input_shape_ = x.shape();
  y_ = &y;
  im2col(x);
  const ConstMatrixMap w(w_.data(), filters_, cols_.cols());
  MatrixMap out(y.data(), cols_.rows(), filters_);
  out.noalias() = cols_ * w.transpose();
  out.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(b_.data(), filters_);
  if (activation_ == Activation::kRelu) out = out.cwiseMax(0.0f);
}

void Conv2D::backward(const Tensor& dy, Tensor* dx) {
  const ConstMatrixMap dy_m(dy.data(), cols_.rows(), filters_);
  if (activation_ == Activation::kRelu) {
    const ConstMatrixMap y(y_->data(), cols_.rows(), filters_);
    dz_ = (y.array() > 0.0f).select(dy_m, 0.0f);
  } else {
    dz_ = dy_m;
  }
  MatrixMap dw(dw_.data(), filters_, cols_.cols());
  dw.noalias() = dz_.transpose() * cols_;
  Eigen::Map<Eigen::RowVectorXf>(db_.data(), filters_) = dz_.colwise().sum();
  if (!dx) return;
  const ConstMatrixMap w(w_.data(), filters_, cols_.cols());
  dcols_.noalias() = dz_ * w;
  col2im(dcols_, *dx);
}

std::vector<ParamRef> Conv2D::params() {
  return {{"conv2d/kernel", w_.shape(), w_.data(), dw_.data(), mask_.data()},
          {"conv2d/bias", b_.shape(), b_.data(), db_.data(), nullptr}};
}

}  // namespace qplab
