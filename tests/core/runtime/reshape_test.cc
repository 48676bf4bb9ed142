// RESHAPE: values pass through unchanged (float and int8), new_shape and the shape input are
// checked against the output (one −1 resolved), element counts and int8 quantization must match.
#include "core/runtime/reshape.h"

#include <catch2/catch.hpp>

#include "core/runtime/interpreter.h"
#include "tests/core/runtime/model_builder.h"

using namespace qplab;
using namespace qplab::testing;

TEST_CASE("reshape passes the values through unchanged", "[reshape]") {
  ModelBuilder b;
  const int x = b.tensor({1, 2, 3});
  const int mid = b.tensor({1, 3, 2, 1});
  const int shape = b.constant_i32({2}, {1, 6});
  const int y = b.tensor({1, 6});
  b.op(BuiltinOperator::kReshape, {x}, {mid}).new_shape = {1, 3, 2, 1};
  b.op(BuiltinOperator::kReshape, {mid, shape}, {y}).new_shape = {-1, 6};
  Interpreter interpreter(b.finish(x, y), 2);
  CHECK(interpreter.input_shape() == std::vector<int>{2, 3});
  CHECK(interpreter.output_shape() == std::vector<int>{6});
  const std::vector<float> in = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  std::vector<float> out(12);
  interpreter.run(in.data(), 2, out.data());
  CHECK(out == in);
}

TEST_CASE("int8 reshape keeps the codes", "[reshape]") {
  ModelBuilder b;
  const int x = b.tensor({1, 4}, TensorType::kInt8, per_tensor(0.5f, 3));
  const int y = b.tensor({1, 2, 2}, TensorType::kInt8, per_tensor(0.5f, 3));
  b.op(BuiltinOperator::kReshape, {x}, {y});
  Interpreter interpreter(b.finish(x, y));
  const std::vector<float> in = {-65.5f, 0.0f, 1.5f, 62.0f};  // codes −128, 3, 6, 127
  std::vector<float> out(4);
  interpreter.run(in.data(), 1, out.data());
  CHECK(out == in);
}

TEST_CASE("reshape rejects other element counts, shapes and quantization", "[reshape][errors]") {
  const auto model = [](std::vector<int> out_shape, std::vector<int> new_shape, TensorType type,
                        tflite::Quantization out_q) {
    ModelBuilder b;
    const int x = b.tensor(
        {1, 6}, type, type == TensorType::kInt8 ? per_tensor(0.5f, 0) : tflite::Quantization{});
    const int y = b.tensor(std::move(out_shape), type, std::move(out_q));
    b.op(BuiltinOperator::kReshape, {x}, {y}).new_shape = std::move(new_shape);
    return b.finish(x, y);
  };
  REQUIRE_THROWS_WITH(
      Interpreter(model({1, 7}, {}, TensorType::kFloat32, {})),
      Catch::Contains("operator 0 (RESHAPE)") && Catch::Contains("input's 6 elements"));
  REQUIRE_THROWS_WITH(
      Interpreter(model({1, 6}, {2, 3}, TensorType::kFloat32, {})),
      Catch::Contains("operator 0 (RESHAPE)") && Catch::Contains("new_shape [2, 3] disagrees"));
  REQUIRE_THROWS_WITH(
      Interpreter(model({1, 6}, {}, TensorType::kInt8, per_tensor(0.25f, 0))),
      Catch::Contains("operator 0 (RESHAPE)") && Catch::Contains("keep the input's quantization"));
  CHECK_NOTHROW(Interpreter(model({1, 2, 3}, {1, -1, 3}, TensorType::kFloat32, {})));
}
