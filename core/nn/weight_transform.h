// WeightTransform — what a training-time method attaches to a weighted layer (weighted_layer.h):
// the kernel forward multiplies by, the gradient path back to the layer's own output, and an
// optional transform of that output. Fake quantization is one; a method that only changes the
// weights keeps the output defaults. The kernel's own gradient passes straight through:
// backward computes dW as if forward had used the kernel itself.
#pragma once

#include "core/nn/layer.h"

namespace qplab {

class WeightTransform {
 public:
  virtual ~WeightTransform() = default;
  // The values forward uses in place of `kernel` (same layout), valid until the next call.
  virtual const float* effective_kernel(const Tensor& kernel) = 0;
  // Transforms the layer's output in place (kTrain: may also learn from it) and returns the
  // output as it was before, which backward's activation derivative reads.
  virtual const Tensor& transform_output(Tensor& y, Mode /*mode*/) { return y; }
  // dy of the transformed output → dy of the layer's own output.
  virtual const Tensor& output_gradient(const Tensor& dy) { return dy; }
};

}  // namespace qplab
