// RESHAPE without a copy: NHWC data is row-major, so a reshape only renames the shape and the
// output aliases the input's storage (the interpreter binds it; no kernel runs). The output
// shape is the output tensor's; ReshapeOptions.new_shape and the optional int32 shape input,
// when present, must agree with it (one −1 is resolved). int8 keeps scale and zero point.
#pragma once

#include "core/format/tflite_model.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

// Validates the reshape; throws naming the bad tensor or shape. `shape` is the optional
// second input (null when omitted).
void check_reshape(const tflite::OperatorDef& op, const RuntimeTensor& input,
                   const RuntimeTensor* shape, const RuntimeTensor& output);

}  // namespace qplab::runtime
