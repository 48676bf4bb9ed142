// Reshape: a copy with a new shape; the gradient flows back unchanged.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <stdexcept>

#include "core/nn/reshape.h"

namespace qplab {

Reshape::Reshape(Shape sample_shape) : sample_shape_(std::move(sample_shape)) {
  if (sample_shape_.empty()) throw std::invalid_argument("reshape: target shape is empty");
  for (int d : sample_shape_)
    if (d <= 0)
      throw std::invalid_argument("reshape: target shape " + to_string(sample_shape_) +
                                  " has a non-positive dimension");
}

Shape Reshape::output_shape(const Shape& input) const {
  if (input.empty()) throw std::invalid_argument("reshape: input has no batch axis");
  const Shape input_sample(input.begin() + 1, input.end());
  if (element_count(input_sample) != element_count(sample_shape_))
    throw std::invalid_argument("reshape: cannot reshape a sample of shape " +
                                to_string(input_sample) + " to " + to_string(sample_shape_));
  Shape out{input[0]};
  out.insert(out.end(), sample_shape_.begin(), sample_shape_.end());
  return out;
}

void Reshape::forward(const Tensor& x, Tensor& y, Mode) {
  input_shape_ = x.shape();
  y.resize(output_shape(x.shape()));
  y.values().assign(x.values().begin(), x.values().end());
}

void Reshape::backward(const Tensor& dy, Tensor* dx) {
  if (!dx) return;
  dx->resize(input_shape_);
  dx->values().assign(dy.values().begin(), dy.values().end());
}

}  // namespace qplab

QPLAB_COLD_FILE_END
