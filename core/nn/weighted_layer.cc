// The kernel and bias every weighted layer keeps, and its weight transform's hook points.
#include "core/nn/weighted_layer.h"

namespace qplab {

WeightedLayer::WeightedLayer(const Shape& kernel_shape)
    : w_(kernel_shape),
      dw_(kernel_shape),
      mask_(kernel_shape, 1.0f),
      b_({kernel_shape.at(0)}),
      db_({kernel_shape.at(0)}) {}

std::vector<ParamRef> WeightedLayer::params() {
  return {{name() + "/kernel", w_.shape(), w_.data(), dw_.data(), mask_.data()},
          {name() + "/bias", b_.shape(), b_.data(), db_.data(), nullptr}};
}

const float* WeightedLayer::forward_kernel() {
  kernel_in_use_ = transform_ ? transform_->effective_kernel(w_) : w_.data();
  return kernel_in_use_;
}

}  // namespace qplab
