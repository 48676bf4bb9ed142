// Conv2D: hand-checked forward, finite-difference gradients, bad input.
#include "core/nn/conv2d.h"

#include <array>
#include <vector>

#include "tests/core/nn/gradient_check.h"

using namespace qplab;

TEST_CASE("conv2d forward matches a hand computation", "[conv2d]") {
  Rng rng(1);
  Conv2D conv(1, 2, 2, 2, Activation::kRelu, rng);
  // filter 0 sums the window, filter 1 is its negation: ReLU zeroes it unless the bias lifts it
  const float kernel[] = {1, 1, 1, 1, -1, -1, -1, -1};
  std::copy(std::begin(kernel), std::end(kernel), conv.kernel().data());
  conv.bias()[0] = 0.5f;
  conv.bias()[1] = 10.0f;
  Tensor x({1, 3, 3, 1});
  for (int i = 0; i < 9; ++i) x[static_cast<std::size_t>(i)] = static_cast<float>(i);  // 0..8 row-major
  Tensor y;
  conv.forward(x, y, Mode::kInfer);
  REQUIRE(y.shape() == Shape{1, 2, 2, 2});
  // windows: {0,1,3,4}=8, {1,2,4,5}=12, {3,4,6,7}=20, {4,5,7,8}=24
  const float expected[] = {8.5f, 2.0f, 12.5f, 0.0f, 20.5f, 0.0f, 24.5f, 0.0f};
  for (std::size_t i = 0; i < 8; ++i) CHECK(y[i] == expected[i]);
}

TEST_CASE("conv2d backward matches finite differences", "[conv2d][grad]") {
  for (const auto activation : {Activation::kNone, Activation::kRelu}) {
    for (const auto& [channels, filters, kernel, size] : std::vector<std::array<int, 4>>{{1, 3, 3, 5}, {2, 2, 2, 4}, {3, 4, 1, 3}, {1, 13, 3, 5}, {2, 12, 2, 6}}) {
      Rng rng(static_cast<std::uint64_t>(7 + channels));
      Conv2D conv(channels, filters, kernel, kernel, activation, rng);
      for (float& b : conv.bias().values()) b = rng.uniform(-0.2f, 0.2f);
      testing::check_layer_gradients(conv, testing::random_tensor({2, size, size, channels}, rng), 11);
    }
  }
}

TEST_CASE("conv2d rejects bad sizes and shapes", "[conv2d][errors]") {
  Rng rng(1);
  REQUIRE_THROWS_WITH(Conv2D(0, 12, 3, 3, Activation::kRelu, rng), Catch::Contains("conv2d: sizes must be positive"));
  Conv2D conv(1, 12, 3, 3, Activation::kRelu, rng);
  Tensor y;
  REQUIRE_THROWS_WITH(conv.forward(Tensor({1, 28, 28, 2}), y, Mode::kInfer),
                      Catch::Contains("conv2d: expected input") && Catch::Contains("[1, 28, 28, 2]"));
  REQUIRE_THROWS_WITH(conv.forward(Tensor({1, 2, 2, 1}), y, Mode::kInfer), Catch::Contains("conv2d"));
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
