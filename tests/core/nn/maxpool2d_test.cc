// MaxPool2D: hand-checked forward and backward routing, finite differences, the Eigen reference
// on random shapes, bad input.
#include "core/nn/maxpool2d.h"

#include "tests/core/nn/eigen_reference.h"
#include "tests/core/nn/gradient_check.h"

using namespace qplab;
namespace eigen = qplab::testing::eigen;

TEST_CASE("maxpool2d forward picks window maxima and routes gradients to them", "[maxpool2d]") {
  MaxPool2D pool(2, 2);
  Tensor x({1, 4, 5, 1});  // odd width: the last column is dropped (VALID)
  for (int i = 0; i < 20; ++i) x[static_cast<std::size_t>(i)] = static_cast<float>((i * 7) % 20);
  Tensor y;
  pool.forward(x, y, Mode::kTrain);
  REQUIRE(y.shape() == Shape{1, 2, 2, 1});
  // rows of x: [0 7 14 1 8] [15 2 9 16 3] [10 17 4 11 18] [5 12 19 6 13]
  const float expected[] = {15, 16, 17, 19};
  for (std::size_t i = 0; i < 4; ++i) CHECK(y[i] == expected[i]);
  Tensor dy({1, 2, 2, 1}, 1.0f), dx;
  dy[3] = 2.0f;
  pool.backward(dy, &dx);
  REQUIRE(dx.shape() == x.shape());
  float total = 0;
  for (float v : dx.values()) total += v;
  CHECK(total == 5.0f);
  CHECK(dx[5] == 1.0f);   // 15
  CHECK(dx[8] == 1.0f);   // 16
  CHECK(dx[11] == 1.0f);  // 17
  CHECK(dx[17] == 2.0f);  // 19
}

TEST_CASE("maxpool2d backward matches finite differences", "[maxpool2d][grad]") {
  Rng rng(9);
  MaxPool2D pool(2, 2);
  testing::check_layer_gradients(pool, testing::random_tensor({2, 4, 6, 3}, rng), 3);
  MaxPool2D wide(1, 3);
  testing::check_layer_gradients(wide, testing::random_tensor({1, 2, 6, 2}, rng), 4);
}

TEST_CASE("maxpool2d rejects bad sizes and shapes", "[maxpool2d][errors]") {
  REQUIRE_THROWS_WITH(MaxPool2D(0, 2),
                      Catch::Contains("max_pooling2d: pool size must be positive"));
  MaxPool2D pool(2, 2);
  Tensor y;
  REQUIRE_THROWS_WITH(pool.forward(Tensor({1, 28, 28}), y, Mode::kInfer),
                      Catch::Contains("max_pooling2d: expected input"));
}

TEST_CASE("maxpool2d gives a tied window's gradient to its first maximum only", "[maxpool2d]") {
  MaxPool2D pool(2, 2);
  Tensor x({1, 2, 2, 9}, 3.0f);  // nine channels: one Float8 block and one scalar remainder
  Tensor y, dx;
  pool.forward(x, y, Mode::kTrain);
  pool.backward(Tensor({1, 1, 1, 9}, 1.0f), &dx);
  for (std::size_t ch = 0; ch < 9; ++ch) {
    CHECK(dx[ch] == 1.0f);
    CHECK(dx[9 + ch] == 0.0f);
    CHECK(dx[18 + ch] == 0.0f);
    CHECK(dx[27 + ch] == 0.0f);
  }
}

// Channel counts off the vector width exercise the Float4 and scalar blocks; heights and widths
// that the pool does not divide leave an edge no window covers. Equal, not close: max pooling
// and its routing only select values.
TEST_CASE("maxpool2d forward and backward match the Eigen reference on random shapes",
          "[maxpool2d][eigen]") {
  Rng rng(2026);
  for (int trial = 0; trial < 40; ++trial) {
    const int n = eigen::random_int(rng, 1, 3), c = eigen::random_int(rng, 1, 19);
    const int ph = eigen::random_int(rng, 1, 3), pw = eigen::random_int(rng, 1, 3);
    const int h = ph + eigen::random_int(rng, 0, 7), w = pw + eigen::random_int(rng, 0, 9);
    CAPTURE(trial, n, h, w, c, ph, pw);
    MaxPool2D pool(ph, pw);
    const Tensor x = testing::random_tensor({n, h, w, c}, rng);
    Tensor y, dx;
    pool.forward(x, y, Mode::kTrain);
    const Tensor dy = testing::random_tensor(y.shape(), rng);
    pool.backward(dy, &dx);

    const eigen::ConvGeometry g{n, h, w, c, ph, pw, ph, pw, 0, 0, h / ph, w / pw};
    const eigen::Matrix expected = eigen::maxpool_forward(x.data(), g);
    eigen::require_equal(y.data(), expected, "y");
    const eigen::Matrix grad = eigen::as_matrix(dy.data(), g.n * g.out_h, g.out_w * c);
    eigen::require_equal(dx.data(), eigen::maxpool_backward(x.data(), expected, grad, g), "dx");
  }
}
