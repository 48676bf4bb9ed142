// DEQUANTIZE: int8 → float at run time (the arithmetic is core/format/affine_int8.h's, tested
// there), and constant folding of float16 weights (exact widening, subnormals and infinities
// included) and per-channel int8 weights at Prepare.
#include "core/runtime/dequantize.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/runtime/interpreter.h"
#include "tests/core/runtime/model_builder.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

// input [1, n] float → FULLY_CONNECTED with identity-like weights from `weights` (a
// DEQUANTIZE'd constant) → output: y[o] = W[o, 0] for input (1, 0, ..., 0).
tflite::Model folded_weights_model(ModelBuilder& b, int weights, int out, int in) {
  const int w = b.tensor({out, in});
  b.op(BuiltinOperator::kDequantize, {weights}, {w});
  const int x = b.tensor({1, in});
  const int y = b.tensor({1, out});
  b.op(BuiltinOperator::kFullyConnected, {x, w}, {y});
  return b.finish(x, y);
}

}  // namespace

TEST_CASE("float16 constants are folded to float32 exactly", "[dequantize]") {
  const std::vector<float> values = {1.0f,
                                     -2.5f,
                                     65504.0f,
                                     5.9604644775390625e-8f /* 2^-24 */,
                                     6.097555160522461e-05f /* largest subnormal */,
                                     0.333251953125f,
                                     -0.0f,
                                     1e-3f};
  ModelBuilder b;
  const int w16 = b.constant_f16({8, 1}, values);
  Interpreter interpreter(folded_weights_model(b, w16, 8, 1));
  const float one = 1.0f;
  std::vector<float> y(8);
  interpreter.run(&one, 1, y.data());
  for (std::size_t i = 0; i < 7; ++i) CHECK(y[i] == values[i]);
  CHECK(y[7] == Approx(1e-3).epsilon(1e-3));  // 1e-3 is not a half: rounded to 0.0010004...
  CHECK(y[7] == half_round_trip(1e-3f));
}

TEST_CASE("per-channel int8 constants are folded per slice of the quantized dimension",
          "[dequantize]") {
  ModelBuilder b;
  // [3, 2] weights, per-channel along dimension 0 with zero points 0.
  const int w8 =
      b.constant_i8({3, 2}, {10, -20, 30, 40, -127, 127}, per_channel({0.5f, 0.25f, 2.0f}));
  Interpreter interpreter(folded_weights_model(b, w8, 3, 2));
  std::vector<float> y(3);
  const std::vector<float> e0 = {1.0f, 0.0f}, e1 = {0.0f, 1.0f};
  interpreter.run(e0.data(), 1, y.data());
  CHECK(y == std::vector<float>{5.0f, 7.5f, -254.0f});
  interpreter.run(e1.data(), 1, y.data());
  CHECK(y == std::vector<float>{-10.0f, 10.0f, 254.0f});
}

TEST_CASE("DEQUANTIZE rejects a run-time float16 input and mismatched sizes",
          "[dequantize][errors]") {
  ModelBuilder b;
  const int x = b.tensor({1, 4}, TensorType::kInt8, per_tensor(0.1f, 0));
  const int y = b.tensor({1, 5});
  b.op(BuiltinOperator::kDequantize, {x}, {y});
  REQUIRE_THROWS_WITH(Interpreter(b.finish(x, y)), Catch::Contains("operator 0 (DEQUANTIZE)") &&
                                                       Catch::Contains("input's 4 elements"));
  ModelBuilder c;
  const int w = c.constant_i8({2, 2}, {1, 2, 3, 4}, per_channel({0.1f, 0.2f, 0.3f}));
  const tflite::Model model = folded_weights_model(c, w, 2, 2);
  REQUIRE_THROWS_WITH(Interpreter(model),
                      Catch::Contains("operator 0 (DEQUANTIZE)") && Catch::Contains("3 slices"));
}
