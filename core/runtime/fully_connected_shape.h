// The shapes of FULLY_CONNECTED as TFLite reads them: weights [O, I] (num_units × input_size),
// any input whose element count is a multiple of I, flattened to [rows, I], bias [O], output
// [rows, O] (keep_num_dims false) — rows per sample, since every tensor here has batch 1.
#pragma once

#include "core/format/tflite_model.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

struct FullyConnectedShape {
  int rows = 0;  // per sample
  int inputs = 0, outputs = 0;
};

FullyConnectedShape fully_connected_shape(const RuntimeTensor& input, const RuntimeTensor& weights,
                                          const RuntimeTensor* bias, const RuntimeTensor& output);

}  // namespace qplab::runtime
