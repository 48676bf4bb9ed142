// Conv2D: hand-checked forward, finite-difference gradients, the Eigen reference on random
// shapes, bad input.
#include "core/nn/conv2d.h"

#include <array>
#include <vector>

#include "tests/core/nn/eigen_reference.h"
#include "tests/core/nn/gradient_check.h"

using namespace qplab;
namespace eigen = qplab::testing::eigen;

TEST_CASE("conv2d forward matches a hand computation", "[conv2d]") {
  Rng rng(1);
  Conv2D conv(1, 2, 2, 2, Activation::kRelu, rng);
  // filter 0 sums the window, filter 1 is its negation: ReLU zeroes it unless the bias lifts it
  const float kernel[] = {1, 1, 1, 1, -1, -1, -1, -1};
  std::copy(std::begin(kernel), std::end(kernel), conv.kernel().data());
  conv.bias()[0] = 0.5f;
  conv.bias()[1] = 10.0f;
  Tensor x({1, 3, 3, 1});
  for (int i = 0; i < 9; ++i)
    x[static_cast<std::size_t>(i)] = static_cast<float>(i);  // 0..8 row-major
  Tensor y;
  conv.forward(x, y, Mode::kInfer);
  REQUIRE(y.shape() == Shape{1, 2, 2, 2});
  // windows: {0,1,3,4}=8, {1,2,4,5}=12, {3,4,6,7}=20, {4,5,7,8}=24
  const float expected[] = {8.5f, 2.0f, 12.5f, 0.0f, 20.5f, 0.0f, 24.5f, 0.0f};
  for (std::size_t i = 0; i < 8; ++i) CHECK(y[i] == expected[i]);
}

TEST_CASE("conv2d backward matches finite differences", "[conv2d][grad]") {
  for (const auto activation : {Activation::kNone, Activation::kRelu}) {
    for (const auto& [channels, filters, kernel, size] : std::vector<std::array<int, 4>>{
             {1, 3, 3, 5}, {2, 2, 2, 4}, {3, 4, 1, 3}, {1, 13, 3, 5}, {2, 12, 2, 6}}) {
      Rng rng(static_cast<std::uint64_t>(7 + channels));
      Conv2D conv(channels, filters, kernel, kernel, activation, rng);
      for (float& b : conv.bias().values()) b = rng.uniform(-0.2f, 0.2f);
      testing::check_layer_gradients(conv, testing::random_tensor({2, size, size, channels}, rng),
                                     11);
    }
  }
}

TEST_CASE("conv2d rejects bad sizes and shapes", "[conv2d][errors]") {
  Rng rng(1);
  REQUIRE_THROWS_WITH(Conv2D(0, 12, 3, 3, Activation::kRelu, rng),
                      Catch::Contains("conv2d: sizes must be positive"));
  Conv2D conv(1, 12, 3, 3, Activation::kRelu, rng);
  Tensor y;
  REQUIRE_THROWS_WITH(
      conv.forward(Tensor({1, 28, 28, 2}), y, Mode::kInfer),
      Catch::Contains("conv2d: expected input") && Catch::Contains("[1, 28, 28, 2]"));
  REQUIRE_THROWS_WITH(conv.forward(Tensor({1, 2, 2, 1}), y, Mode::kInfer),
                      Catch::Contains("conv2d"));
}

TEST_CASE("conv2d kernels start Glorot-uniform and biases at zero", "[conv2d]") {
  Rng rng(3);
  Conv2D conv(1, 12, 3, 3, Activation::kRelu, rng);
  const float limit = std::sqrt(6.0f / (9.0f + 108.0f));
  float low = 1, high = -1;
  for (float v : conv.kernel().values()) low = std::min(low, v), high = std::max(high, v);
  CHECK(low >= -limit);
  CHECK(high <= limit);
  CHECK(high - low > limit);  // spread over the range, not a constant
  for (float b : conv.bias().values()) CHECK(b == 0.0f);
}

// Filter counts and widths that are not multiples of the vector width exercise the Float4 and
// scalar remainders of every loop, and output widths below and above the 4-pixel tile.
TEST_CASE("conv2d forward and backward match the Eigen reference on random shapes",
          "[conv2d][eigen]") {
  Rng rng(2024);
  for (int trial = 0; trial < 40; ++trial) {
    const int n = eigen::random_int(rng, 1, 3), c = eigen::random_int(rng, 1, 5),
              f = eigen::random_int(rng, 1, 19);
    const int kh = eigen::random_int(rng, 1, 4), kw = eigen::random_int(rng, 1, 4);
    const int h = kh + eigen::random_int(rng, 0, 8), w = kw + eigen::random_int(rng, 0, 10);
    const bool relu = trial % 2 == 0;
    CAPTURE(trial, n, h, w, c, f, kh, kw, relu);
    Conv2D conv(c, f, kh, kw, relu ? Activation::kRelu : Activation::kNone, rng);
    for (float& b : conv.bias().values()) b = rng.uniform(-0.5f, 0.5f);
    const Tensor x = testing::random_tensor({n, h, w, c}, rng);
    Tensor y, dx;
    conv.forward(x, y, Mode::kTrain);
    const Tensor dy = testing::random_tensor(y.shape(), rng);
    conv.backward(dy, &dx);

    const eigen::ConvGeometry g{n, h, w, c, kh, kw, 1, 1, 0, 0, h - kh + 1, w - kw + 1};
    const eigen::Matrix cols = eigen::im2col(x.data(), g),
                        kernel = eigen::as_matrix(conv.kernel().data(), f, g.taps());
    const eigen::Vector bias = Eigen::Map<const eigen::Vector>(conv.bias().data(), f);
    eigen::require_within_summation_error(
        y.data(), eigen::conv_forward(cols, kernel, bias, relu),
        eigen::conv_forward(cols.cwiseAbs(), kernel.cwiseAbs(), bias.cwiseAbs(), false),
        g.taps() + 1, "y");
    const eigen::Matrix out = eigen::as_matrix(y.data(), g.pixels(), f),
                        grad = eigen::as_matrix(dy.data(), g.pixels(), f);
    const eigen::ConvGradients expected = eigen::conv_backward(grad, out, cols, kernel, relu, g);
    const eigen::ConvGradients magnitude =
        eigen::conv_backward(grad.cwiseAbs(), out, cols.cwiseAbs(), kernel.cwiseAbs(), relu, g);
    const std::vector<ParamRef> params = conv.params();
    eigen::require_within_summation_error(params[0].grad, expected.dw, magnitude.dw, g.pixels(),
                                          "dW");
    eigen::require_within_summation_error(params[1].grad, expected.db, magnitude.db, g.pixels(),
                                          "db");
    eigen::require_within_summation_error(dx.data(), expected.dx, magnitude.dx, f * kh * kw, "dx");
  }
}
