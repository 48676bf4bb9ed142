// Flatten: NHWC order kept, gradient passes through, bad shapes rejected.
#include "core/nn/flatten.h"

#include "tests/core/nn/gradient_check.h"

using namespace qplab;

TEST_CASE("flatten keeps NHWC order and passes gradients back", "[flatten]") {
  Flatten flatten;
  Tensor x({2, 2, 2, 3});
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
  Tensor y;
  flatten.forward(x, y, Mode::kTrain);
  REQUIRE(y.shape() == Shape{2, 12});
  CHECK(y.values() == x.values());
  Rng rng(4);
  testing::check_layer_gradients(flatten, testing::random_tensor({2, 3, 2, 2}, rng), 2);
}

TEST_CASE("flatten needs a batch axis and data", "[flatten][errors]") {
  Flatten flatten;
  Tensor y;
  REQUIRE_THROWS_WITH(flatten.forward(Tensor({5}), y, Mode::kInfer),
                      Catch::Contains("flatten: input shape [5]"));
}
