// Softmax cross-entropy: hand values, finite-difference gradient, bad labels.
#include "core/nn/softmax_cross_entropy.h"

#include "tests/core/nn/gradient_check.h"

using namespace qplab;

TEST_CASE("softmax cross-entropy matches hand values", "[softmax_cross_entropy]") {
  Tensor logits({2, 2});
  logits[0] = 0.0f, logits[1] = std::log(2.0f);  // p = [1/3, 2/3]
  logits[2] = 5.0f, logits[3] = 5.0f;            // p = [1/2, 1/2]
  const std::uint8_t labels[] = {1, 0};
  SoftmaxCrossEntropy head;
  const double loss = head.forward(logits, labels);
  CHECK(loss == Approx((-std::log(2.0 / 3) - std::log(0.5)) / 2).epsilon(1e-6));
  CHECK(head.probabilities()[0] == Approx(1.0 / 3));
  CHECK(head.correct() == 2);  // a tie goes to the first class
  Tensor dlogits;
  head.backward(dlogits);
  CHECK(dlogits[0] == Approx((1.0 / 3) / 2));
  CHECK(dlogits[1] == Approx((2.0 / 3 - 1) / 2));
  CHECK(dlogits[2] == Approx(-0.25));
}

TEST_CASE("softmax cross-entropy gradient matches finite differences",
          "[softmax_cross_entropy][grad]") {
  Rng rng(5);
  Tensor logits = testing::random_tensor({3, 10}, rng, -3, 3);
  const std::uint8_t labels[] = {0, 9, 4};
  SoftmaxCrossEntropy head;
  head.forward(logits, labels);
  Tensor dlogits;
  head.backward(dlogits);
  for (std::size_t i = 0; i < logits.size(); ++i) {
    const float saved = logits[i];
    logits[i] = saved + 1e-3f;
    const double plus = head.forward(logits, labels);
    logits[i] = saved - 1e-3f;
    const double minus = head.forward(logits, labels);
    logits[i] = saved;
    testing::require_close(dlogits[i], (plus - minus) / 2e-3, "dlogits[" + std::to_string(i) + "]");
  }
}

TEST_CASE("softmax is stable for large logits", "[softmax_cross_entropy]") {
  Tensor logits({1, 3});
  logits[0] = 1000.0f, logits[1] = 999.0f, logits[2] = -1000.0f;
  Tensor probs;
  softmax_rows(logits, probs);
  CHECK(std::isfinite(probs[0]));
  CHECK(probs[0] + probs[1] + probs[2] == Approx(1.0));
}

TEST_CASE("softmax cross-entropy rejects labels out of range", "[softmax_cross_entropy][errors]") {
  Tensor logits({1, 10});
  const std::uint8_t labels[] = {10};
  SoftmaxCrossEntropy head;
  REQUIRE_THROWS_WITH(head.forward(logits, labels),
                      Catch::Contains("label 10 out of range for 10 classes"));
}
