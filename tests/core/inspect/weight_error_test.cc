// Weight error on a known grid: every reference weight sits a known fraction of a step from
// its level, so the errors in units of the scale, their RMSE and max, and the SQNR follow from
// the formulas by hand; equal weights give zero error and an infinite SQNR; float tensors
// have no scale.
#include "core/inspect/weight_error.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace qplab;

namespace {

// Two channels of four, scales 0.5 and 0.25 (exact in binary): w = scale · (level + offset).
const std::vector<float> kScales{0.5f, 0.25f};
const std::vector<int> kLevels{3, -2, 0, 7, 1, -5, 2, 0};
const std::vector<double> kOffsets{0.25, -0.125, 0.375, 0.0, -0.5, 0.25, 0.125, -0.25};

WeightTensor grid_tensor(std::vector<float>& reference) {
  WeightTensor t;
  t.op = "CONV_2D";
  t.role = "weights";
  t.shape = {2, 4};
  t.type = tflite::TensorType::kInt8;
  t.quantization.scale = kScales;
  t.quantization.zero_point = {0, 0};
  for (std::size_t i = 0; i < kLevels.size(); ++i) {
    const double scale = kScales[i / 4];
    t.levels.push_back(kLevels[i]);
    t.values.push_back(static_cast<float>(scale * kLevels[i]));
    reference.push_back(static_cast<float>(scale * (kLevels[i] + kOffsets[i])));
  }
  return t;
}

}  // namespace

TEST_CASE("the error of a known grid follows its formulas", "[weight_error]") {
  std::vector<float> reference;
  const WeightTensor t = grid_tensor(reference);
  const WeightError e = weight_error(t, reference);
  double squares = 0.0, max_offset = 0.0, signal = 0.0, noise = 0.0, max_error = 0.0;
  for (std::size_t i = 0; i < kOffsets.size(); ++i) {
    const double scale = kScales[i / 4];
    squares += kOffsets[i] * kOffsets[i];
    max_offset = std::max(max_offset, std::fabs(kOffsets[i]));
    signal += std::pow(scale * (kLevels[i] + kOffsets[i]), 2);
    noise += std::pow(scale * kOffsets[i], 2);
    max_error = std::max(max_error, scale * std::fabs(kOffsets[i]));
  }
  CHECK(e.compared);
  CHECK(e.rmse_in_scale == Approx(std::sqrt(squares / 8)).epsilon(1e-12));
  CHECK(e.max_error_in_scale == Approx(0.5).epsilon(1e-12));  // the −0.5 step of channel 1
  CHECK(max_offset == 0.5);
  CHECK(e.rmse == Approx(std::sqrt(noise / 8)).epsilon(1e-12));
  CHECK(e.max_abs_error == Approx(max_error).epsilon(1e-12));
  CHECK(e.sqnr_db == Approx(10.0 * std::log10(signal / noise)).epsilon(1e-12));
}

TEST_CASE("equal weights: zero error and an infinite SQNR", "[weight_error]") {
  std::vector<float> reference;
  const WeightTensor t = grid_tensor(reference);
  const WeightError e = weight_error(t, t.values);
  CHECK(e.rmse == 0.0);
  CHECK(e.max_error_in_scale == 0.0);
  CHECK(std::isinf(e.sqnr_db));
  CHECK(e.sqnr_db > 0);
}

TEST_CASE("a float tensor has no error in units of a scale", "[weight_error]") {
  WeightTensor t;
  t.values = {1.0f, 2.0f};
  const WeightError e = weight_error(t, {1.0f, 2.5f});
  CHECK(std::isnan(e.rmse_in_scale));
  CHECK(std::isnan(e.max_error_in_scale));
  CHECK(e.max_abs_error == 0.5);
  CHECK(e.sqnr_db == Approx(10.0 * std::log10((1.0 + 6.25) / 0.25)));
  CHECK_THROWS_WITH(weight_error(t, {1.0f}), Catch::Contains("has 2 values, the reference's 1"));
}
