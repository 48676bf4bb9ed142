// QUANTIZE float → int8: round half away from zero, saturation at the int8 limits (far out of
// range, ±inf, NaN), the round trip within half a step; and the symmetric row quantization of
// the hybrid kernels.
#include "core/runtime/quantize.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/nn/rng.h"
#include "core/runtime/interpreter.h"
#include "tests/core/runtime/model_builder.h"

using namespace qplab;
using namespace qplab::testing;
using runtime::AffineParams;

namespace {

std::vector<int> quantize(const std::vector<float>& x, AffineParams params) {
  std::vector<std::int8_t> q(x.size());
  runtime::quantize_affine(x.data(), x.size(), params, q.data());
  return std::vector<int>(q.begin(), q.end());
}

}  // namespace

TEST_CASE("quantize rounds half away from zero and adds the zero point", "[quantize]") {
  CHECK(quantize({0.0f, 0.5f, -0.5f, 1.5f, -1.5f, 2.49f, -2.51f}, {1.0f, 0}) == std::vector<int>{0, 1, -1, 2, -2, 2, -3});
  CHECK(quantize({0.0f, 0.25f, 1.0f, -1.0f}, {0.5f, -10}) == std::vector<int>{-10, -9, -8, -12});
}

TEST_CASE("quantize saturates far outside the range, at infinities and NaN", "[quantize]") {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> x = {1e30f, -1e30f, 200.0f, -200.0f, inf, -inf, std::nanf(""), 127.4f, -128.4f};
  CHECK(quantize(x, {1.0f, 0}) == std::vector<int>{127, -128, 127, -128, 127, -128, -128, 127, -128});
  // With a zero point the limits stay −128 and 127.
  CHECK(quantize({1e9f, -1e9f, 0.0f}, {0.01f, 100}) == std::vector<int>{127, -128, 100});
}

TEST_CASE("quantize then dequantize is within half a step inside the range", "[quantize]") {
  Rng rng(1000);
  const AffineParams params{0.0123f, -17};
  std::vector<float> x(10000);
  for (float& v : x) v = rng.uniform(params.scale * (-128 + 17), params.scale * (127 + 17));
  const std::vector<int> q = quantize(x, params);
  for (std::size_t i = 0; i < x.size(); ++i)
    REQUIRE(std::abs(params.scale * static_cast<float>(q[i] - params.zero_point) - x[i]) <= params.scale * 0.5f + 1e-6f);
}

TEST_CASE("the QUANTIZE operator clamps inputs far outside the range to -128 and 127", "[quantize]") {
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
  CHECK(out[0] == 1.0f);   // 127 → (127 + 128) / 255
  CHECK(out[1] == 0.0f);   // −128 → 0
  CHECK(out[2] == Approx(64.0 / 255));  // round(63.75) = 64 → code −64
  CHECK(out[3] == 1.0f);
}

TEST_CASE("symmetric quantization uses max|x|/127 and zero point 0", "[quantize]") {
  const std::vector<float> x = {0.5f, -2.0f, 1.0f, 0.0f, 2.0f, -0.008f};
  std::vector<std::int8_t> q(x.size());
  const float scale = runtime::quantize_symmetric(x.data(), x.size(), q.data());
  CHECK(scale == 2.0f / 127.0f);
  CHECK(std::vector<int>(q.begin(), q.end()) == std::vector<int>{32, -127, 64, 0, 127, -1});  // 31.75 → 32, 63.5 → 64
  std::vector<float> zeros(5, 0.0f);
  CHECK(runtime::quantize_symmetric(zeros.data(), zeros.size(), q.data()) == 1.0f);
  CHECK(q[0] == 0);
}

TEST_CASE("QUANTIZE rejects int8 to int8 requantization and a non-int8 output", "[quantize][errors]") {
  ModelBuilder b;
  const int x = b.tensor({1, 4}, TensorType::kInt8, per_tensor(0.1f, 0));
  const int y = b.tensor({1, 4}, TensorType::kInt8, per_tensor(0.2f, 0));
  b.op(BuiltinOperator::kQuantize, {x}, {y});
  REQUIRE_THROWS_WITH(Interpreter(b.finish(x, y)),
                      Catch::Contains("operator 0 (QUANTIZE)") && Catch::Contains("requantization is not supported"));
  ModelBuilder c;
  const int x2 = c.tensor({1, 4});
  const int y2 = c.tensor({1, 4});
  c.op(BuiltinOperator::kQuantize, {x2}, {y2});
  REQUIRE_THROWS_WITH(Interpreter(c.finish(x2, y2)), Catch::Contains("operator 0 (QUANTIZE)") && Catch::Contains("output must be INT8"));
}

TEST_CASE("quantize rounds exactly as std::round on halves and random values", "[quantize]") {
  Rng rng(1001);
  std::vector<float> x;
  for (int k = -300; k <= 300; ++k) x.push_back(static_cast<float>(k) * 0.5f);  // every tie in range
  for (int i = 0; i < 20000; ++i) x.push_back(rng.uniform(-140.0f, 140.0f));
  const std::vector<int> q = quantize(x, {1.0f, 0});
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float r = std::max(-128.0f, std::min(127.0f, std::round(x[i])));
    REQUIRE(q[i] == static_cast<int>(r));
  }
}
