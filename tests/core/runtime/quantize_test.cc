// QUANTIZE float → int8 as an operator (saturation at the int8 limits; the arithmetic is
// core/format/affine_int8.h's, tested there), and the symmetric row quantization of the hybrid
// kernels.
#include "core/runtime/quantize.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/runtime/interpreter.h"
#include "tests/core/runtime/model_builder.h"

using namespace qplab;
using namespace qplab::testing;

TEST_CASE("the QUANTIZE operator clamps inputs far outside the range to -128 and 127",
          "[quantize]") {
  ModelBuilder b;
  const int x = b.tensor({1, 4});
  const int q = b.tensor({1, 4}, TensorType::kInt8, per_tensor(1.0f / 255, -128));
  const int y = b.tensor({1, 4});
  b.op(BuiltinOperator::kQuantize, {x}, {q});
  b.op(BuiltinOperator::kDequantize, {q}, {y});
  Interpreter interpreter(b.finish(x, y));
  const std::vector<float> in = {1e6f, -1e6f, 0.25f, 1.0f};
  std::vector<float> out(4);
  interpreter.run(in.data(), 1, out.data());
  CHECK(out[0] == 1.0f);                // 127 → (127 + 128) / 255
  CHECK(out[1] == 0.0f);                // −128 → 0
  CHECK(out[2] == Approx(64.0 / 255));  // round(63.75) = 64 → code −64
  CHECK(out[3] == 1.0f);
}

TEST_CASE("symmetric quantization uses max|x|/127 and zero point 0", "[quantize]") {
  const std::vector<float> x = {0.5f, -2.0f, 1.0f, 0.0f, 2.0f, -0.008f};
  std::vector<std::int8_t> q(x.size());
  const float scale = runtime::quantize_symmetric(x.data(), x.size(), q.data());
  CHECK(scale == 2.0f / 127.0f);
  CHECK(std::vector<int>(q.begin(), q.end()) ==
        std::vector<int>{32, -127, 64, 0, 127, -1});  // 31.75 → 32, 63.5 → 64
  std::vector<float> zeros(5, 0.0f);
  CHECK(runtime::quantize_symmetric(zeros.data(), zeros.size(), q.data()) == 1.0f);
  CHECK(q[0] == 0);
}

TEST_CASE("QUANTIZE rejects int8 to int8 requantization and a non-int8 output",
          "[quantize][errors]") {
  ModelBuilder b;
  const int x = b.tensor({1, 4}, TensorType::kInt8, per_tensor(0.1f, 0));
  const int y = b.tensor({1, 4}, TensorType::kInt8, per_tensor(0.2f, 0));
  b.op(BuiltinOperator::kQuantize, {x}, {y});
  REQUIRE_THROWS_WITH(Interpreter(b.finish(x, y)),
                      Catch::Contains("operator 0 (QUANTIZE)") &&
                          Catch::Contains("requantization is not supported"));
  ModelBuilder c;
  const int x2 = c.tensor({1, 4});
  const int y2 = c.tensor({1, 4});
  c.op(BuiltinOperator::kQuantize, {x2}, {y2});
  REQUIRE_THROWS_WITH(Interpreter(c.finish(x2, y2)), Catch::Contains("operator 0 (QUANTIZE)") &&
                                                         Catch::Contains("output must be INT8"));
}
