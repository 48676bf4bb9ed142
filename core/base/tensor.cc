// Tensor storage and shape helpers.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <stdexcept>

#include "core/base/tensor.h"

namespace qplab {

std::size_t element_count(const Shape& shape) {
  std::size_t count = 1;
  for (int d : shape) {
    if (d < 0)
      throw std::invalid_argument("tensor shape " + to_string(shape) + " has a negative dimension");
    count *= static_cast<std::size_t>(d);
  }
  return count;
}

std::string to_string(const Shape& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

Tensor::Tensor(Shape shape, float fill)
    : shape_(std::move(shape)), data_(element_count(shape_), fill) {}

void Tensor::resize(const Shape& shape) {
  data_.resize(element_count(shape));
  shape_ = shape;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
