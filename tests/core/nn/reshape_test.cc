// Reshape: values kept in order, gradient passes through, bad shapes rejected.
#include "core/nn/reshape.h"

#include "tests/core/nn/gradient_check.h"

using namespace qplab;

TEST_CASE("reshape keeps values and order, and passes gradients back", "[reshape]") {
  Reshape reshape({2, 3, 1});
  Tensor x({2, 6});
  for (std::size_t i = 0; i < 12; ++i) x[i] = static_cast<float>(i);
  Tensor y, dx;
  reshape.forward(x, y, Mode::kTrain);
  REQUIRE(y.shape() == Shape{2, 2, 3, 1});
  CHECK(y.values() == x.values());
  reshape.backward(y, &dx);
  CHECK(dx.shape() == x.shape());
  CHECK(dx.values() == x.values());
  Rng rng(2);
  testing::check_layer_gradients(reshape, testing::random_tensor({3, 6}, rng), 1);
}

TEST_CASE("reshape rejects shapes whose sizes differ", "[reshape][errors]") {
  REQUIRE_THROWS_WITH(Reshape({28, 0}), Catch::Contains("non-positive"));
  Reshape reshape({28, 28, 1});
  Tensor y;
  REQUIRE_THROWS_WITH(
      reshape.forward(Tensor({1, 27, 28}), y, Mode::kInfer),
      Catch::Contains("reshape: cannot reshape a sample of shape [27, 28] to [28, 28, 1]"));
}
