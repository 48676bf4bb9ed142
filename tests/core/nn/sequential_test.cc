// Sequential: shape chaining, whole-model gradient against finite differences.
#include "core/nn/sequential.h"

#include "core/nn/conv2d.h"
#include "core/nn/dense.h"
#include "core/nn/flatten.h"
#include "core/nn/maxpool2d.h"
#include "core/nn/reshape.h"
#include "core/nn/softmax_cross_entropy.h"
#include "tests/core/nn/gradient_check.h"

using namespace qplab;

namespace {
// The lab CNN's shape in miniature: every layer kind, small enough to check every parameter.
Sequential small_cnn(Rng& rng) {
  Sequential model({6, 6});
  model.add(std::make_unique<Reshape>(Shape{6, 6, 1}));
  model.add(std::make_unique<Conv2D>(1, 3, 3, 3, Activation::kRelu, rng));
  model.add(std::make_unique<MaxPool2D>(2, 2));
  model.add(std::make_unique<Flatten>());
  model.add(std::make_unique<Dense>(12, 4, rng));
  return model;
}
}  // namespace

TEST_CASE("sequential checks that each layer fits the previous output", "[sequential][errors]") {
  Rng rng(1);
  Sequential model({28, 28});
  model.add(std::make_unique<Reshape>(Shape{28, 28, 1}));
  REQUIRE_THROWS_WITH(model.add(std::make_unique<Dense>(10, 2, rng)),
                      Catch::Contains("dense: expected input"));
  Tensor x({2, 27, 28});
  REQUIRE_THROWS_WITH(model.forward(x, Mode::kInfer),
                      Catch::Contains("sequential: expected input [N, 28, 28], got [2, 27, 28]"));
}

TEST_CASE("whole model gradient matches finite differences of the loss", "[sequential][grad]") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    Rng rng(seed);
    Sequential model = small_cnn(rng);
    for (ParamRef& p : model.params())
      if (!p.mask)
        for (std::size_t i = 0; i < p.size(); ++i) p.value[i] = rng.uniform(-0.1f, 0.1f);
    Tensor x = testing::random_tensor({3, 6, 6}, rng, 0, 1);
    const std::uint8_t labels[] = {0, 3, 1};
    SoftmaxCrossEntropy head;
    head.forward(model.forward(x, Mode::kTrain), labels);
    Tensor dlogits;
    head.backward(dlogits);
    model.backward(dlogits);
    for (ParamRef& p : model.params()) {
      const std::vector<float> analytic(p.grad, p.grad + p.size());
      for (std::size_t i = 0; i < p.size(); ++i) {
        const float saved = p.value[i];
        p.value[i] = saved + 1e-3f;
        const double plus = head.forward(model.forward(x, Mode::kTrain), labels);
        p.value[i] = saved - 1e-3f;
        const double minus = head.forward(model.forward(x, Mode::kTrain), labels);
        p.value[i] = saved;
        testing::require_close(analytic[i], (plus - minus) / 2e-3,
                               p.name + "[" + std::to_string(i) + "]");
      }
    }
  }
}
