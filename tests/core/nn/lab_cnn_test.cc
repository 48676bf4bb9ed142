// The lab CNN: parameter count and layer shapes as the seed's Keras summary.
#include "core/nn/lab_cnn.h"

#include <catch2/catch.hpp>

using namespace qplab;

TEST_CASE("the lab CNN has the seed's 20,410 parameters and shapes", "[lab_cnn]") {
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  CHECK(model.parameter_count() == kLabParameterCount);
  CHECK(model.layers().size() == 5);
  CHECK(model.sample_output_shape() == Shape{10});
  Tensor x({3, 28, 28}, 0.5f);
  CHECK(model.forward(x, Mode::kInfer).shape() == Shape{3, 10});
  std::vector<std::string> names;
  for (const auto& p : model.params()) names.push_back(p.name + to_string(p.shape));
  CHECK(names == std::vector<std::string>{"conv2d/kernel[12, 3, 3, 1]", "conv2d/bias[12]",
                                          "dense/kernel[10, 2028]", "dense/bias[10]"});
}
