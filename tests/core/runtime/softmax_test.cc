// Softmax: float against a double reference (with beta), int8 within one output step (1/256)
// of the float softmax of the dequantized row, rows of a batch apart, and the Prepare rules
// (int8 output (1/256, −128), beta > 0).
#include "core/runtime/softmax.h"

#include <catch2/catch.hpp>

#include "core/base/rng.h"
#include "core/runtime/interpreter.h"
#include "tests/core/runtime/model_builder.h"
#include "tests/core/runtime/reference_ops.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

std::vector<double> softmax_ref(const std::vector<float>& x, int depth, float beta) {
  std::vector<double> y(x.size());
  for (std::size_t r = 0; r < x.size() / static_cast<std::size_t>(depth); ++r) {
    const float* row = x.data() + r * static_cast<std::size_t>(depth);
    const double top = *std::max_element(row, row + depth);
    double sum = 0.0;
    for (int k = 0; k < depth; ++k) sum += std::exp(beta * (row[k] - top));
    for (int k = 0; k < depth; ++k)
      y[r * static_cast<std::size_t>(depth) + static_cast<std::size_t>(k)] =
          std::exp(beta * (row[k] - top)) / sum;
  }
  return y;
}

tflite::Model softmax_model(std::vector<int> shape, TensorType type, tflite::Quantization in_q,
                            tflite::Quantization out_q, float beta) {
  ModelBuilder b;
  const int x = b.tensor(shape, type, std::move(in_q));
  const int y = b.tensor(shape, type, std::move(out_q));
  b.op(BuiltinOperator::kSoftmax, {x}, {y}).beta = beta;
  return b.finish(x, y);
}

}  // namespace

TEST_CASE("float softmax matches the reference for several betas and rows", "[softmax]") {
  Rng rng(900);
  for (float beta : {1.0f, 0.5f, 2.5f}) {
    CAPTURE(beta);
    std::vector<float> x(3 * 2 * 10);
    for (float& v : x) v = rng.uniform(-8.0f, 8.0f);
    Interpreter interpreter(softmax_model({1, 2, 10}, TensorType::kFloat32, {}, {}, beta), 3);
    std::vector<float> y(x.size());
    interpreter.run(x.data(), 3, y.data());
    const std::vector<double> expected = softmax_ref(x, 10, beta);
    for (std::size_t i = 0; i < y.size(); ++i) REQUIRE(y[i] == Approx(expected[i]).margin(1e-6));
  }
}

TEST_CASE("float softmax stays finite for large logits", "[softmax]") {
  Interpreter interpreter(softmax_model({1, 3}, TensorType::kFloat32, {}, {}, 1.0f));
  const std::vector<float> x = {1000.0f, 999.0f, -1000.0f};
  std::vector<float> y(3);
  interpreter.run(x.data(), 1, y.data());
  CHECK(y[0] == Approx(1.0 / (1.0 + std::exp(-1.0))));
  CHECK(y[2] == 0.0f);
}

TEST_CASE("int8 softmax is within one step of the float softmax of the dequantized row",
          "[softmax]") {
  // Not TFLite's fixed-point reference but its float-table kernel (softmax.h): the result is
  // the exact float softmax quantized to (1/256, −128), so within one step of it.
  Rng rng(901);
  for (const auto& [scale, zp, beta] : std::vector<std::tuple<float, int, float>>{
           {0.1f, 0, 1.0f}, {0.05f, -30, 1.0f}, {0.2f, 100, 0.7f}, {0.01f, -128, 1.0f}}) {
    CAPTURE(scale, zp, beta);
    std::vector<std::int8_t> codes(4 * 10);
    for (auto& v : codes) v = static_cast<std::int8_t>(static_cast<int>(rng.below(256)) - 128);
    Interpreter interpreter(softmax_model({1, 10}, TensorType::kInt8, per_tensor(scale, zp),
                                          per_tensor(1.0f / 256, -128), beta),
                            4);
    const std::vector<float> x = exact_inputs(codes, scale, zp);
    std::vector<float> y(x.size());
    interpreter.run(x.data(), 4, y.data());
    const std::vector<double> expected = softmax_ref(x, 10, beta);
    for (std::size_t i = 0; i < y.size(); ++i) REQUIRE(std::abs(y[i] - expected[i]) <= 1.0 / 256);
  }
}

TEST_CASE("int8 softmax of a row with one dominant value gives it 255/256", "[softmax]") {
  Interpreter interpreter(softmax_model({1, 4}, TensorType::kInt8, per_tensor(0.5f, 0),
                                        per_tensor(1.0f / 256, -128), 1.0f));
  const std::vector<float> x = {63.5f, -64.0f, -64.0f, -64.0f};  // codes 127, −128, −128, −128
  std::vector<float> y(4);
  interpreter.run(x.data(), 1, y.data());
  CHECK(codes_of(y, 1.0f / 256, -128) == std::vector<std::int32_t>{127, -128, -128, -128});
}

TEST_CASE("softmax rejects a bad int8 output quantization and a non-positive beta",
          "[softmax][errors]") {
  REQUIRE_THROWS_WITH(Interpreter(softmax_model({1, 10}, TensorType::kInt8, per_tensor(0.1f, 0),
                                                per_tensor(1.0f / 128, -128), 1.0f)),
                      Catch::Contains("operator 0 (SOFTMAX)") &&
                          Catch::Contains("scale must be 1/256") && Catch::Contains("0.0078125"));
  REQUIRE_THROWS_WITH(
      Interpreter(softmax_model({1, 10}, TensorType::kInt8, per_tensor(0.1f, 0),
                                per_tensor(1.0f / 256, 0), 1.0f)),
      Catch::Contains("operator 0 (SOFTMAX)") && Catch::Contains("zero point must be -128, got 0"));
  REQUIRE_THROWS_WITH(
      Interpreter(softmax_model({1, 10}, TensorType::kFloat32, {}, {}, 0.0f)),
      Catch::Contains("operator 0 (SOFTMAX)") && Catch::Contains("beta must be positive"));
  // Within TFLite's tolerance (±0.001/256) the scale is accepted.
  CHECK_NOTHROW(Interpreter(softmax_model({1, 10}, TensorType::kInt8, per_tensor(0.1f, 0),
                                          per_tensor(1.0005f / 256, -128), 1.0f)));
}
