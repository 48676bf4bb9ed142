// LayerTrace: every executed operator (folded DEQUANTIZEs of float16 weights are none) or
// layer listed with its shape and scale, and the last output equal to the model's answer.
#include "core/inspect/layer_trace.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/nn/softmax_cross_entropy.h"
#include "tests/core/inspect/inspect_models.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

std::vector<float> first_digit() {
  const Dataset& test = inspect_models().test;
  std::vector<float> pixels(static_cast<std::size_t>(test.pixels()));
  for (std::size_t k = 0; k < pixels.size(); ++k) pixels[k] = test.images[k] / 255.0f;
  return pixels;
}

std::vector<std::string> ops(const LayerTrace& trace) {
  std::vector<std::string> names;
  for (const TracedOutput& o : trace.outputs()) names.push_back(o.op);
  return names;
}

}  // namespace

TEST_CASE("a float16 trace skips the folded DEQUANTIZEs", "[layer_trace]") {
  const LayerTrace trace(inspect_models().float16);
  CHECK(ops(trace) == std::vector<std::string>{"RESHAPE", "CONV_2D", "MAX_POOL_2D", "RESHAPE",
                                               "FULLY_CONNECTED", "SOFTMAX"});
  CHECK(trace.outputs()[1].shape == std::vector<int>{1, 26, 26, 12});
  CHECK(std::isnan(trace.outputs()[1].scale));
  CHECK(trace.outputs()[1].layer);
  CHECK_FALSE(trace.outputs()[0].layer);
}

TEST_CASE("a checkpoint trace ends in the softmax of its logits", "[layer_trace]") {
  LayerTrace trace(inspect_models().checkpoint);
  REQUIRE(ops(trace) == std::vector<std::string>{"RESHAPE", "CONV_2D", "MAX_POOL_2D", "RESHAPE",
                                                 "FULLY_CONNECTED", "SOFTMAX"});
  CHECK(trace.outputs().back().index == 5);
  CHECK(trace.outputs()[2].shape == std::vector<int>{1, 13, 13, 12});
  const std::vector<float> pixels = first_digit();
  trace.run(pixels.data());
  std::vector<float> logits(10), probabilities(10);
  trace.output(4, logits.data());
  trace.output(5, probabilities.data());
  double sum = 0.0;
  for (float p : probabilities) sum += p;
  CHECK(sum == Approx(1.0));
  CHECK(argmax_row(logits.data(), 10) == argmax_row(probabilities.data(), 10));
}

TEST_CASE("an int8 trace dequantizes each output with its own scale", "[layer_trace]") {
  LayerTrace trace(inspect_models().int8);
  REQUIRE(trace.outputs().size() == 8);
  const std::vector<float> pixels = first_digit();
  trace.run(pixels.data());
  const TracedOutput& conv = trace.outputs()[2];
  REQUIRE(conv.op == "CONV_2D");
  std::vector<float> values(conv.elements);
  trace.output(2, values.data());
  for (float v : values) {
    const double steps = v / conv.scale;
    REQUIRE(std::fabs(steps - std::round(steps)) < 1e-3);
  }
}
