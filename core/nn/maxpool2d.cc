// MaxPool2D: window maxima with the index of each winner, for the backward scatter.
#include "core/nn/maxpool2d.h"

#include <stdexcept>

namespace qplab {

MaxPool2D::MaxPool2D(int pool_h, int pool_w) : pool_h_(pool_h), pool_w_(pool_w) {
  if (pool_h <= 0 || pool_w <= 0)
    throw std::invalid_argument("max_pooling2d: pool size must be positive, got " + std::to_string(pool_h) +
                                "x" + std::to_string(pool_w));
}

Shape MaxPool2D::output_shape(const Shape& input) const {
  if (input.size() != 4 || input[1] < pool_h_ || input[2] < pool_w_)
    throw std::invalid_argument("max_pooling2d: expected input [N, H>=" + std::to_string(pool_h_) +
                                ", W>=" + std::to_string(pool_w_) + ", C], got " + to_string(input));
  return {input[0], input[1] / pool_h_, input[2] / pool_w_, input[3]};
}

void MaxPool2D::forward(const Tensor& x, Tensor& y, Mode) {
  y.resize(output_shape(x.shape()));
  input_shape_ = x.shape();
  const int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
  const int oh = y.dim(1), ow = y.dim(2);
  argmax_.resize(y.size());
  const float* in = x.data();
  float* out = y.data();
  std::int32_t* arg = argmax_.data();
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < oh; ++i)
      for (int j = 0; j < ow; ++j) {
        const std::int32_t corner = ((b * h + i * pool_h_) * w + j * pool_w_) * c;
        for (int ch = 0; ch < c; ++ch) {
          std::int32_t best = corner + ch;
          for (int pi = 0; pi < pool_h_; ++pi)
            for (int pj = 0; pj < pool_w_; ++pj) {
              const std::int32_t at = corner + (pi * w + pj) * c + ch;
              if (in[at] > in[best]) best = at;
            }
          *out++ = in[best];
          *arg++ = best;
        }
      }
}

void MaxPool2D::backward(const Tensor& dy, Tensor* dx) {
  if (!dx) return;
  dx->resize(input_shape_);
  std::fill(dx->values().begin(), dx->values().end(), 0.0f);
  for (std::size_t k = 0; k < dy.size(); ++k) (*dx)[static_cast<std::size_t>(argmax_[k])] += dy[k];
}

}  // namespace qplab
