// make_kernel — picks and prepares the kernel of one operator from its tensors' types, the way
// TFLite's kernels branch on them: CONV_2D and FULLY_CONNECTED are float (float32 weights),
// hybrid (float input, int8 weights) or int8 (int8 input); MAX_POOL_2D and SOFTMAX float or
// int8; QUANTIZE float → int8; DEQUANTIZE int8 → float at run time. RESHAPE and DEQUANTIZE of
// a constant need no kernel: the interpreter aliases or folds them.
#pragma once

#include <memory>
#include <vector>

#include "core/format/tflite_model.h"
#include "core/runtime/kernel.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

// inputs: the operator's inputs in order, null where an optional input is omitted. Throws
// std::runtime_error naming the unsupported combination or the bad value.
std::unique_ptr<Kernel> make_kernel(const tflite::OperatorDef& op,
                                    const std::vector<const RuntimeTensor*>& inputs,
                                    const RuntimeTensor& output);

}  // namespace qplab::runtime
