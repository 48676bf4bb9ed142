// Flatten: a copy with shape [N, rest]; the gradient flows back unchanged.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <stdexcept>

#include "core/nn/flatten.h"

namespace qplab {

Shape Flatten::output_shape(const Shape& input) const {
  if (input.size() < 2)
    throw std::invalid_argument("flatten: input shape " + to_string(input) +
                                " needs a batch axis and data");
  const Shape sample(input.begin() + 1, input.end());
  return {input[0], static_cast<int>(element_count(sample))};
}

void Flatten::forward(const Tensor& x, Tensor& y, Mode) {
  input_shape_ = x.shape();
  y.resize(output_shape(x.shape()));
  y.values().assign(x.values().begin(), x.values().end());
}

void Flatten::backward(const Tensor& dy, Tensor* dx) {
  if (!dx) return;
  dx->resize(input_shape_);
  dx->values().assign(dy.values().begin(), dy.values().end());
}

}  // namespace qplab

QPLAB_COLD_FILE_END
