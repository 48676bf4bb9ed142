// Dense: hand-checked forward, finite-difference gradients, the Eigen reference on random
// shapes, bad input.
#include "core/nn/dense.h"

#include <array>
#include <vector>

#include "tests/core/nn/eigen_reference.h"
#include "tests/core/nn/gradient_check.h"

using namespace qplab;
namespace eigen = qplab::testing::eigen;

TEST_CASE("dense forward matches a hand computation", "[dense]") {
  Rng rng(1);
  Dense dense(2, 3, rng);
  const float w[] = {1, 2, 3, 4, -1, 0};  // [O=3, I=2]
  std::copy(std::begin(w), std::end(w), dense.kernel().data());
  dense.bias()[2] = 0.5f;
  Tensor x({2, 2});
  x[0] = 1, x[1] = 1, x[2] = 2, x[3] = -1;
  Tensor y;
  dense.forward(x, y, Mode::kInfer);
  REQUIRE(y.shape() == Shape{2, 3});
  const float expected[] = {3, 7, -0.5f, 0, 2, -1.5f};
  for (std::size_t i = 0; i < 6; ++i) CHECK(y[i] == expected[i]);
}

TEST_CASE("dense backward matches finite differences", "[dense][grad]") {
  for (const auto& [batch, in, out] :
       std::vector<std::array<int, 3>>{{1, 3, 2}, {4, 7, 5}, {3, 16, 10}}) {
    Rng rng(static_cast<std::uint64_t>(in));
    Dense dense(in, out, rng);
    for (float& b : dense.bias().values()) b = rng.uniform(-0.5f, 0.5f);
    testing::check_layer_gradients(dense, testing::random_tensor({batch, in}, rng), 5);
  }
}

TEST_CASE("dense rejects bad sizes and shapes", "[dense][errors]") {
  Rng rng(1);
  REQUIRE_THROWS_WITH(Dense(2028, -1, rng), Catch::Contains("dense: sizes must be positive"));
  Dense dense(4, 2, rng);
  Tensor y;
  REQUIRE_THROWS_WITH(dense.forward(Tensor({1, 5}), y, Mode::kInfer),
                      Catch::Contains("dense: expected input [N, 4], got [1, 5]"));
}

// Input and output counts off the vector width and the 5-row tile exercise every remainder.
TEST_CASE("dense forward and backward match the Eigen reference on random shapes",
          "[dense][eigen]") {
  Rng rng(2025);
  for (int trial = 0; trial < 40; ++trial) {
    const int n = eigen::random_int(rng, 1, 9), in = eigen::random_int(rng, 1, 40),
              out = eigen::random_int(rng, 1, 23);
    CAPTURE(trial, n, in, out);
    Dense dense(in, out, rng);
    for (float& b : dense.bias().values()) b = rng.uniform(-0.5f, 0.5f);
    const Tensor x = testing::random_tensor({n, in}, rng);
    Tensor y, dx;
    dense.forward(x, y, Mode::kTrain);
    const Tensor dy = testing::random_tensor(y.shape(), rng);
    dense.backward(dy, &dx);

    const eigen::Matrix xs = eigen::as_matrix(x.data(), n, in),
                        w = eigen::as_matrix(dense.kernel().data(), out, in);
    const eigen::Matrix grad = eigen::as_matrix(dy.data(), n, out);
    const eigen::Vector b = Eigen::Map<const eigen::Vector>(dense.bias().data(), out);
    eigen::require_within_summation_error(
        y.data(), eigen::dense_forward(xs, w, b),
        eigen::dense_forward(xs.cwiseAbs(), w.cwiseAbs(), b.cwiseAbs()), in + 1, "y");
    const eigen::DenseGradients expected = eigen::dense_backward(grad, xs, w);
    const eigen::DenseGradients magnitude =
        eigen::dense_backward(grad.cwiseAbs(), xs.cwiseAbs(), w.cwiseAbs());
    const std::vector<ParamRef> params = dense.params();
    eigen::require_within_summation_error(params[0].grad, expected.dw, magnitude.dw, n, "dW");
    eigen::require_within_summation_error(params[1].grad, expected.db, magnitude.db, n, "db");
    eigen::require_within_summation_error(dx.data(), expected.dx, magnitude.dx, out, "dx");
  }
}
