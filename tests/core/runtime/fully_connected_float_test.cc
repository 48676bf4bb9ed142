// FullyConnectedFloat: hand-checked, the double reference over sizes that exercise the vector
// blocks and the tail, the Eigen reference on random shapes, a 4-D input flattened as TFLite
// does, and shape errors.
#include "core/runtime/fully_connected_float.h"

#include <catch2/catch.hpp>

#include "core/base/rng.h"
#include "core/runtime/interpreter.h"
#include "tests/core/nn/eigen_reference.h"
#include "tests/core/runtime/model_builder.h"
#include "tests/core/runtime/reference_ops.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

tflite::Model fc_model(std::vector<int> input_shape, int in, int out, const std::vector<float>& w,
                       const std::vector<float>& bias, bool relu) {
  ModelBuilder b;
  int rows = 1;
  for (int d : input_shape) rows *= d;
  rows /= in;
  const int x = b.tensor(std::move(input_shape));
  const int wt = b.constant({out, in}, w);
  const int bt = bias.empty() ? -1 : b.constant({out}, bias);
  const int y = b.tensor({rows, out});
  b.op(BuiltinOperator::kFullyConnected, {x, wt, bt}, {y}).activation =
      relu ? tflite::FusedActivation::kRelu : tflite::FusedActivation::kNone;
  return b.finish(x, y);
}

}  // namespace

TEST_CASE("float fully connected matches a hand computation", "[fully_connected_float]") {
  // y = W·x + b with W = [[1, 2, 3], [-1, 0, 1]], b = [0.5, -4]; ReLU clamps the second output.
  Interpreter interpreter(fc_model({1, 3}, 3, 2, {1, 2, 3, -1, 0, 1}, {0.5f, -4.0f}, true));
  const std::vector<float> x = {1, 2, 3};
  std::vector<float> y(2);
  interpreter.run(x.data(), 1, y.data());
  CHECK(y == std::vector<float>{14.5f, 0.0f});
}

TEST_CASE("float fully connected matches the reference", "[fully_connected_float]") {
  std::uint64_t seed = 400;
  for (const auto& [in, out, relu, bias] :
       std::vector<std::tuple<int, int, bool, bool>>{{2028, 10, false, true},
                                                     {1, 1, false, true},
                                                     {7, 3, true, false},
                                                     {16, 5, false, true},
                                                     {33, 17, true, true},
                                                     {100, 1, false, false}}) {
    CAPTURE(in, out, relu, seed);
    Rng rng(seed++);
    std::vector<float> w(static_cast<std::size_t>(in) * out),
        b(bias ? static_cast<std::size_t>(out) : 0), x(static_cast<std::size_t>(in) * 4);
    for (float& v : w) v = rng.uniform(-0.3f, 0.3f);
    for (float& v : b) v = rng.uniform(-1.0f, 1.0f);
    for (float& v : x) v = rng.uniform(0.0f, 1.0f);
    Interpreter interpreter(fc_model({1, in}, in, out, w, b, relu), 4);
    std::vector<float> y(static_cast<std::size_t>(out) * 4);
    interpreter.run(x.data(), 4, y.data());
    const std::vector<double> expected = fully_connected_ref(4, in, out, x, w, b, relu);
    for (std::size_t i = 0; i < y.size(); ++i) REQUIRE(y[i] == Approx(expected[i]).margin(1e-5));
  }
}

TEST_CASE("float fully connected matches the Eigen reference on random shapes",
          "[fully_connected_float][eigen]") {
  Rng rng(2028);
  for (int trial = 0; trial < 40; ++trial) {
    const int batch = eigen::random_int(rng, 1, 5), in = eigen::random_int(rng, 1, 70),
              out = eigen::random_int(rng, 1, 23);
    const bool relu = trial % 2 == 0, has_bias = trial % 3 != 0;
    CAPTURE(trial, batch, in, out, relu, has_bias);
    const eigen::Matrix w = eigen::random_matrix(out, in, rng),
                        x = eigen::random_matrix(batch, in, rng);
    const eigen::Vector b = has_bias ? eigen::Vector(eigen::random_matrix(out, 1, rng))
                                     : eigen::Vector(eigen::Vector::Zero(out));
    const std::vector<float> bias =
        has_bias ? std::vector<float>(b.data(), b.data() + out) : std::vector<float>{};
    Interpreter interpreter(
        fc_model({1, in}, in, out, std::vector<float>(w.data(), w.data() + w.size()), bias, relu),
        batch);
    std::vector<float> y(static_cast<std::size_t>(batch) * out);
    interpreter.run(x.data(), batch, y.data());
    const eigen::Matrix expected = eigen::dense_forward(x, w, b);
    eigen::require_within_summation_error(
        y.data(), relu ? eigen::Matrix(expected.cwiseMax(0.0f)) : expected,
        eigen::dense_forward(x.cwiseAbs(), w.cwiseAbs(), b.cwiseAbs()), in + 1, "y");
  }
}

TEST_CASE("float fully connected flattens a 4-D input into rows of the weights' width",
          "[fully_connected_float]") {
  // [1, 2, 2, 3] → rows of 6: two rows per sample.
  Rng rng(5);
  std::vector<float> w(12), x(12 * 2);
  for (float& v : w) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : x) v = rng.uniform(-1.0f, 1.0f);
  Interpreter interpreter(fc_model({1, 2, 2, 3}, 6, 2, w, {}, false), 2);
  std::vector<float> y(8);
  interpreter.run(x.data(), 2, y.data());
  const std::vector<double> expected = fully_connected_ref(4, 6, 2, x, w, {}, false);
  for (std::size_t i = 0; i < y.size(); ++i) CHECK(y[i] == Approx(expected[i]).margin(1e-6));
}

TEST_CASE("float fully connected rejects weights that do not fit the input",
          "[fully_connected_float][errors]") {
  // The official interpreter runs this silently (docs/tflite.md): weights [10, 2000] against a
  // 2028-wide input.
  ModelBuilder b;
  const int x = b.tensor({1, 2028});
  const int w = b.constant({10, 2000}, std::vector<float>(20000, 0.0f));
  const int y = b.tensor({1, 10});
  b.op(BuiltinOperator::kFullyConnected, {x, w}, {y});
  REQUIRE_THROWS_WITH(Interpreter(b.finish(x, y)),
                      Catch::Contains("operator 0 (FULLY_CONNECTED)") &&
                          Catch::Contains("multiple of the weights' input size 2000"));
  ModelBuilder c;
  const int x2 = c.tensor({1, 6});
  const int w2 = c.constant({4, 6}, std::vector<float>(24, 0.0f));
  const int bias = c.constant({3}, {0, 0, 0});
  const int y2 = c.tensor({1, 4});
  c.op(BuiltinOperator::kFullyConnected, {x2, w2, bias}, {y2});
  REQUIRE_THROWS_WITH(Interpreter(c.finish(x2, y2)), Catch::Contains("bias shape must be [4]"));
}
