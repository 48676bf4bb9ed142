// Tensor — a shape and contiguous float storage, row-major; activations are NHWC.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace qplab {

using Shape = std::vector<int>;

std::size_t element_count(const Shape& shape);  // throws on a negative dimension
std::string to_string(const Shape& shape);      // "[32, 28, 28]"

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(Shape shape, float fill = 0.0f);

  // Keeps the allocation when the element count does not grow, so steady-state training
  // reuses its buffers.
  void resize(const Shape& shape);

  const Shape& shape() const { return shape_; }
  int dim(std::size_t axis) const { return shape_.at(axis); }
  std::size_t size() const { return data_.size(); }
  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  float& operator[](std::size_t i) { return data_[i]; }
  float operator[](std::size_t i) const { return data_[i]; }
  std::vector<float>& values() { return data_; }
  const std::vector<float>& values() const { return data_; }

 private:
  Shape shape_;
  std::vector<float> data_;
};

}  // namespace qplab
