// RESHAPE validation; see reshape.h.
#include "core/runtime/reshape.h"

#include <cstdint>

#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

namespace {

// new_shape with one −1 resolved against `elements`, compared to the output's shape.
void check_requested_shape(const std::vector<int>& requested, std::size_t elements,
                           const RuntimeTensor& output, const char* source) {
  std::vector<int> resolved = requested;
  std::size_t known = 1;
  int unknown = -1;
  for (std::size_t k = 0; k < resolved.size(); ++k) {
    if (resolved[k] == -1 && unknown < 0) {
      unknown = static_cast<int>(k);
    } else if (resolved[k] < 0) {
      fail(std::string(source) + " " + shape_string(requested) + " has a negative dimension");
    } else {
      known *= static_cast<std::size_t>(resolved[k]);
    }
  }
  if (unknown >= 0 && known > 0 && elements % known == 0)
    resolved[static_cast<std::size_t>(unknown)] = static_cast<int>(elements / known);
  if (resolved != output.shape)
    fail(std::string(source) + " " + shape_string(requested) + " disagrees with the output " +
         describe(output));
}

}  // namespace

void check_reshape(const tflite::OperatorDef& op, const RuntimeTensor& input,
                   const RuntimeTensor* shape, const RuntimeTensor& output) {
  expect_activation(input, "input");
  if (input.type != tflite::TensorType::kFloat32 && input.type != tflite::TensorType::kInt8)
    fail(std::string("input must be FLOAT32 or INT8, got ") + describe(input));
  expect_type(output, input.type, "output");
  if (output.elements != input.elements)
    fail("output must have the input's " + std::to_string(input.elements) + " elements, got " +
         describe(output));
  if (input.type == tflite::TensorType::kInt8) expect_same_int8_params(input, output);
  if (!op.new_shape.empty())
    check_requested_shape(op.new_shape, input.elements, output, "new_shape");
  if (shape) {
    expect_constant(*shape, "shape input");
    expect_type(*shape, tflite::TensorType::kInt32, "shape input");
    const std::vector<std::int32_t> values = constant_int32(*shape);
    check_requested_shape(std::vector<int>(values.begin(), values.end()), input.elements, output,
                          "shape input");
  }
}

}  // namespace qplab::runtime
