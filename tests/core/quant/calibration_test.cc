// Calibration: evenly spaced sample choice, the ranges of every layer on the lab digits
// against an independent forward pass, the percentile option, and bad input.
#include "core/quant/calibration.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>

#include "core/data/batch.h"
#include "core/nn/lab_cnn.h"
#include "tests/core/lab_digits.h"

using namespace qplab;

TEST_CASE("calibration samples are evenly spaced and cover every digit", "[calibration]") {
  const Dataset& train = testing::lab_digits().train;
  const std::vector<int> indices = calibration_indices(train.count, 500);
  REQUIRE(indices.size() == 500);
  CHECK(indices.front() == 0);
  CHECK(indices.back() < train.count);
  CHECK(std::is_sorted(indices.begin(), indices.end()));
  std::array<int, 10> per_digit{};
  for (int i : indices) ++per_digit[train.labels[static_cast<std::size_t>(i)]];
  for (int count : per_digit) {
    CHECK(count >= 40);  // ~50 each: the files are sorted by digit
    CHECK(count <= 60);
  }
  CHECK(calibration_indices(10, 500) == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(calibration_indices(100, 4) == std::vector<int>{0, 25, 50, 75});
}

TEST_CASE("calibration records the range of each layer's output", "[calibration]") {
  Rng rng(11);
  Sequential model = build_lab_cnn(rng);
  for (ParamRef p : model.params())
    if (p.name == "dense/bias" || p.name == "conv2d/bias")
      for (std::size_t i = 0; i < p.size(); ++i) p.value[i] = rng.uniform(-0.1f, 0.1f);
  const Dataset& train = testing::lab_digits().train;
  CalibrationOptions options;
  options.samples = 300;
  options.batch_size = 64;  // not a divisor of 300: the last batch is short
  const ActivationRanges ranges = calibrate(model, train, options);

  CHECK(ranges.input.min == 0.0f);
  CHECK(ranges.input.max == 1.0f);
  REQUIRE(ranges.outputs.size() == 5);

  // Independent reference: one forward over all 300 samples through the Sequential, with
  // the intermediate conv output taken from the first layers run by hand.
  const std::vector<int> indices = calibration_indices(train.count, 300);
  Tensor x, reshaped, conv_out;
  std::vector<std::uint8_t> labels;
  gather_batch(train, indices.data(), 300, x, labels);
  model.layers()[0]->forward(x, reshaped, Mode::kInfer);
  model.layers()[1]->forward(reshaped, conv_out, Mode::kInfer);
  const auto [conv_min, conv_max] =
      std::minmax_element(conv_out.values().begin(), conv_out.values().end());
  const Tensor& logits = model.forward(x, Mode::kInfer);
  const auto [logit_min, logit_max] =
      std::minmax_element(logits.values().begin(), logits.values().end());

  CHECK(ranges.outputs[0].min == 0.0f);  // reshape: the input's range
  CHECK(ranges.outputs[0].max == 1.0f);
  CHECK(ranges.outputs[1].min == *conv_min);
  CHECK(ranges.outputs[1].max == *conv_max);
  CHECK(ranges.outputs[1].min >= 0.0f);                   // after the fused ReLU
  CHECK(ranges.outputs[2].min == ranges.outputs[1].min);  // max-pool and flatten share it
  CHECK(ranges.outputs[2].max == ranges.outputs[1].max);
  CHECK(ranges.outputs[3].max == ranges.outputs[1].max);
  // A 300-row batch may be summed in another order than 64-row ones: equal to rounding.
  CHECK(ranges.outputs[4].min == Approx(*logit_min).epsilon(1e-5));
  CHECK(ranges.outputs[4].max == Approx(*logit_max).epsilon(1e-5));
  CHECK(ranges.outputs[4].min < 0.0f);
  CHECK(ranges.outputs[4].max > 0.0f);

  options.observer = {RangeRule::kPercentile, 99.0};
  const ActivationRanges clipped = calibrate(model, train, options);
  CHECK(clipped.outputs[1].max < ranges.outputs[1].max);
  CHECK(clipped.outputs[1].min == ranges.outputs[1].min);
  CHECK(clipped.outputs[4].max <= ranges.outputs[4].max);
  CHECK(clipped.outputs[4].min >= ranges.outputs[4].min);
}

TEST_CASE("calibration rejects bad options, mismatched data and NaN activations",
          "[calibration][errors]") {
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  const Dataset& train = testing::lab_digits().train;
  CalibrationOptions options;
  options.samples = 0;
  REQUIRE_THROWS_WITH(calibrate(model, train, options), Catch::Contains("samples must be >= 1"));
  options.samples = 10;
  options.batch_size = -1;
  REQUIRE_THROWS_WITH(calibrate(model, train, options), Catch::Contains("batch_size must be >= 1"));
  options.batch_size = 10;

  Dataset small = subset(train, {0, 1});
  small.rows = 14, small.cols = 56;
  REQUIRE_THROWS_WITH(calibrate(model, small, options),
                      Catch::Contains("the model expects samples [28, 28]"));
  REQUIRE_THROWS_WITH(calibrate(model, Dataset{}, options), Catch::Contains("empty"));

  model.params()[0].value[3] = std::nanf("");
  REQUIRE_THROWS_WITH(calibrate(model, train, options),
                      Catch::Contains("layer 1 (conv2d) output") && Catch::Contains("not finite"));
}
