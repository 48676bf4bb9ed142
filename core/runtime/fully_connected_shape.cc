// FULLY_CONNECTED shape checks; see fully_connected_shape.h.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include "core/runtime/fully_connected_shape.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

FullyConnectedShape fully_connected_shape(const RuntimeTensor& input, const RuntimeTensor& weights,
                                          const RuntimeTensor* bias, const RuntimeTensor& output) {
  expect_rank(weights, 2, "weights");
  if (weights.shape[0] < 1 || weights.shape[1] < 1)
    fail("weights dimensions must be positive, got " + describe(weights));
  FullyConnectedShape s;
  s.outputs = weights.shape[0];
  s.inputs = weights.shape[1];
  const auto inputs = static_cast<std::size_t>(s.inputs);
  if (input.elements == 0 || input.elements % inputs != 0)
    fail("input elements must be a multiple of the weights' input size " +
         std::to_string(s.inputs) + ", got " + describe(input));
  s.rows = static_cast<int>(input.elements / inputs);
  if (bias && bias->shape != std::vector<int>{s.outputs})
    fail("bias shape must be [" + std::to_string(s.outputs) + "], got " + describe(*bias));
  if (output.shape.empty() || output.shape.back() != s.outputs ||
      output.elements != static_cast<std::size_t>(s.rows) * static_cast<std::size_t>(s.outputs))
    fail("output shape must be [" + std::to_string(s.rows) + ", " + std::to_string(s.outputs) +
         "], got " + describe(output));
  return s;
}

}  // namespace qplab::runtime

QPLAB_COLD_FILE_END
