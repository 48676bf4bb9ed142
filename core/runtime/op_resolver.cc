// The operator → kernel dispatch; see op_resolver.h.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include "core/runtime/conv2d_float.h"
#include "core/runtime/conv2d_hybrid.h"
#include "core/runtime/conv2d_int8.h"
#include "core/runtime/dequantize.h"
#include "core/runtime/fully_connected_float.h"
#include "core/runtime/fully_connected_hybrid.h"
#include "core/runtime/fully_connected_int8.h"
#include "core/runtime/max_pool2d.h"
#include "core/runtime/op_resolver.h"
#include "core/runtime/prepare_checks.h"
#include "core/runtime/quantize.h"
#include "core/runtime/softmax.h"

namespace qplab::runtime {

namespace {

using tflite::TensorType;

void expect_inputs(const std::vector<const RuntimeTensor*>& inputs, std::size_t required,
                   std::size_t optional) {
  if (inputs.size() < required || inputs.size() > required + optional)
    fail("expected " + std::to_string(required) +
         (optional ? " to " + std::to_string(required + optional) : "") + " inputs, got " +
         std::to_string(inputs.size()));
  for (std::size_t i = 0; i < required; ++i)
    if (!inputs[i]) fail("input " + std::to_string(i) + " is required but omitted");
}

[[noreturn]] void unsupported_types(const RuntimeTensor& input, const RuntimeTensor* weights) {
  fail(std::string("unsupported types: input ") + tflite::to_string(input.type) +
       (weights ? std::string(", weights ") + tflite::to_string(weights->type) : std::string()) +
       (weights ? " (supported: FLOAT32/FLOAT32, FLOAT32/INT8 hybrid, INT8/INT8; FLOAT16 weights "
                  "need a DEQUANTIZE)"
                : " (supported: FLOAT32, INT8)"));
}

// CONV_2D and FULLY_CONNECTED share the float / hybrid / int8 choice.
template <typename Float, typename Hybrid, typename Int8>
std::unique_ptr<Kernel> weighted_kernel(const tflite::OperatorDef& op,
                                        const std::vector<const RuntimeTensor*>& inputs,
                                        const RuntimeTensor& output) {
  expect_inputs(inputs, 2, 1);
  const RuntimeTensor& x = *inputs[0];
  const RuntimeTensor& w = *inputs[1];
  const RuntimeTensor* bias = inputs.size() > 2 ? inputs[2] : nullptr;
  if (x.type == TensorType::kFloat32 && w.type == TensorType::kFloat32)
    return std::make_unique<Float>(op, x, w, bias, output);
  if (x.type == TensorType::kFloat32 && w.type == TensorType::kInt8)
    return std::make_unique<Hybrid>(op, x, w, bias, output);
  if (x.type == TensorType::kInt8 && w.type == TensorType::kInt8)
    return std::make_unique<Int8>(op, x, w, bias, output);
  unsupported_types(x, &w);
}

template <typename Float, typename Int8>
std::unique_ptr<Kernel> unary_kernel(const tflite::OperatorDef& op,
                                     const std::vector<const RuntimeTensor*>& inputs,
                                     const RuntimeTensor& output) {
  expect_inputs(inputs, 1, 0);
  const RuntimeTensor& x = *inputs[0];
  if (x.type == TensorType::kFloat32) return std::make_unique<Float>(op, x, output);
  if (x.type == TensorType::kInt8) return std::make_unique<Int8>(op, x, output);
  unsupported_types(x, nullptr);
}

}  // namespace

std::unique_ptr<Kernel> make_kernel(const tflite::OperatorDef& op,
                                    const std::vector<const RuntimeTensor*>& inputs,
                                    const RuntimeTensor& output) {
  switch (op.op) {
    case tflite::BuiltinOperator::kConv2D:
      return weighted_kernel<Conv2DFloat, Conv2DHybrid, Conv2DInt8>(op, inputs, output);
    case tflite::BuiltinOperator::kFullyConnected:
      return weighted_kernel<FullyConnectedFloat, FullyConnectedHybrid, FullyConnectedInt8>(
          op, inputs, output);
    case tflite::BuiltinOperator::kMaxPool2D:
      return unary_kernel<MaxPool2DFloat, MaxPool2DInt8>(op, inputs, output);
    case tflite::BuiltinOperator::kSoftmax:
      return unary_kernel<SoftmaxFloat, SoftmaxInt8>(op, inputs, output);
    case tflite::BuiltinOperator::kQuantize:
      expect_inputs(inputs, 1, 0);
      return std::make_unique<Quantize>(*inputs[0], output);
    case tflite::BuiltinOperator::kDequantize:
      expect_inputs(inputs, 1, 0);
      return std::make_unique<Dequantize>(*inputs[0], output);
    case tflite::BuiltinOperator::kReshape:
      break;  // aliased by the interpreter
  }
  fail("unsupported operator code " + std::to_string(static_cast<int>(op.op)));
}

}  // namespace qplab::runtime

QPLAB_COLD_FILE_END
