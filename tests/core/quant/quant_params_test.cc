// Quantization parameters: TF's choice of scale and zero point on hand cases, the round-trip
// error budget, saturation, symmetric weight scales and int32 biases.
#include "core/quant/quant_params.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/base/rng.h"

using namespace qplab;

namespace {
// |dequantize(quantize(x)) − x| inside the range: half a step, plus float rounding of x/scale.
constexpr double kRoundTripBudgetSteps = 0.5 + 1e-5;
}  // namespace

TEST_CASE("choose_asymmetric_int8 matches TF on hand cases", "[quant_params]") {
  const QuantParams unit = choose_asymmetric_int8(0.0f, 1.0f);
  CHECK(unit.scale == 1.0f / 255.0f);
  CHECK(unit.zero_point == -128);

  // [−1, 1]: scale 2/255, zero point round(−128 + 127.5) = round(−0.5) = −1 (half away from 0).
  const QuantParams symmetric = choose_asymmetric_int8(-1.0f, 1.0f);
  CHECK(symmetric.scale == 2.0f / 255.0f);
  CHECK(symmetric.zero_point == -1);

  // Ranges are extended to include 0.
  const QuantParams positive = choose_asymmetric_int8(2.0f, 5.0f);
  CHECK(positive.scale == 5.0f / 255.0f);
  CHECK(positive.zero_point == -128);
  const QuantParams negative = choose_asymmetric_int8(-3.0f, -1.0f);
  CHECK(negative.scale == 3.0f / 255.0f);
  CHECK(negative.zero_point == 127);

  // Logit-like range: zero point round(−128 + 6/(16/255)) = round(−32.375) = −32.
  const QuantParams logits = choose_asymmetric_int8(-6.0f, 10.0f);
  CHECK(logits.scale == 16.0f / 255.0f);
  CHECK(logits.zero_point == -32);

  // Degenerate: [0, 0] still represents 0 exactly, with a positive scale.
  const QuantParams zero = choose_asymmetric_int8(0.0f, 0.0f);
  CHECK(zero.scale == kDegenerateScale);
  CHECK(zero.zero_point == -128);
  CHECK(dequantize(quantize(0.0f, zero), zero) == 0.0f);
}

TEST_CASE("choose_asymmetric_int8 rejects bad ranges", "[quant_params][errors]") {
  REQUIRE_THROWS_WITH(choose_asymmetric_int8(1.0f, -1.0f), Catch::Contains("min <= max"));
  REQUIRE_THROWS_WITH(choose_asymmetric_int8(std::nanf(""), 1.0f), Catch::Contains("finite"));
  REQUIRE_THROWS_WITH(choose_asymmetric_int8(0.0f, std::numeric_limits<float>::infinity()),
                      Catch::Contains("finite"));
}

TEST_CASE("zero is exactly representable for every range", "[quant_params]") {
  Rng rng(3);
  for (int i = 0; i < 1000; ++i) {
    const float a = rng.uniform(-20.0f, 20.0f), b = rng.uniform(-20.0f, 20.0f);
    const QuantParams p = choose_asymmetric_int8(std::min(a, b), std::max(a, b));
    CAPTURE(a, b, p.scale, p.zero_point);
    REQUIRE(p.zero_point >= kInt8Min);
    REQUIRE(p.zero_point <= kInt8Max);
    REQUIRE(dequantize(quantize(0.0f, p), p) == 0.0f);
  }
}

TEST_CASE("quantize then dequantize stays within half a step inside the range", "[quant_params]") {
  for (const auto& [low, high] : std::vector<std::pair<float, float>>{
           {0.0f, 1.0f}, {-1.0f, 1.0f}, {-6.3f, 11.7f}, {-0.02f, 3.5f}}) {
    const QuantParams p = choose_asymmetric_int8(low, high);
    const Range inside = representable_range(p);
    CAPTURE(low, high, p.scale, p.zero_point);
    constexpr int kPoints = 10001;
    for (int i = 0; i < kPoints; ++i) {
      const float x =
          inside.min + (inside.max - inside.min) * static_cast<float>(i) / (kPoints - 1);
      const double error = std::abs(static_cast<double>(dequantize(quantize(x, p), p)) - x);
      CAPTURE(x, error);
      REQUIRE(error <= kRoundTripBudgetSteps * p.scale);
    }
  }
}

TEST_CASE("every 8-bit pixel quantizes exactly with the [0, 1] input range", "[quant_params]") {
  const QuantParams p = choose_asymmetric_int8(0.0f, 1.0f);
  for (int k = 0; k < 256; ++k) {
    const float pixel = static_cast<float>(k) * (1.0f / 255.0f);  // as gather_batch scales
    REQUIRE(quantize(pixel, p) == k - 128);
  }
}

TEST_CASE("symmetric scales are max|w|/127 per channel and zero stays zero", "[quant_params]") {
  const float w[] = {1.27f, -0.5f,  0.0f,   // channel 0: max 1.27 → scale 0.01
                     0.1f,  -2.54f, 2.0f,   // channel 1: max 2.54 → scale 0.02
                     0.0f,  0.0f,   0.0f};  // channel 2: all zero
  const std::vector<float> scales = symmetric_scales(w, 3, 3);
  REQUIRE(scales.size() == 3);
  CHECK(scales[0] == 1.27f / 127.0f);
  CHECK(scales[1] == 2.54f / 127.0f);
  CHECK(scales[2] == kDegenerateScale);
  std::int8_t q[9];
  quantize_symmetric(w, 3, 3, scales, q);
  const int expected[] = {127, -50, 0, 5, -127, 100, 0, 0, 0};
  for (int i = 0; i < 9; ++i) CHECK(q[i] == expected[i]);

  const std::vector<float> tensor = symmetric_scales(w, 1, 9);
  REQUIRE(tensor.size() == 1);
  CHECK(tensor[0] == 2.54f / 127.0f);
  REQUIRE_THROWS_WITH(symmetric_scales(w, 0, 9), Catch::Contains("must be positive"));
  REQUIRE_THROWS_WITH(quantize_symmetric(w, 3, 3, tensor, q),
                      Catch::Contains("1 scales for 3 channels"));
}

TEST_CASE("symmetric quantization keeps random weights in [-127, 127] within half a step",
          "[quant_params]") {
  Rng rng(7);
  std::vector<float> w(12 * 9);
  for (float& v : w) v = rng.uniform(-0.6f, 0.6f);
  const std::vector<float> scales = symmetric_scales(w.data(), 12, 9);
  std::vector<std::int8_t> q(w.size());
  quantize_symmetric(w.data(), 12, 9, scales, q.data());
  for (std::size_t i = 0; i < w.size(); ++i) {
    REQUIRE(q[i] >= -kWeightMax);
    REQUIRE(std::abs(scales[i / 9] * q[i] - w[i]) <= kRoundTripBudgetSteps * scales[i / 9]);
  }
}

TEST_CASE("bias quantization rounds and saturates to int32", "[quant_params]") {
  CHECK(quantize_bias(0.5f, 0.01f) == 50);
  CHECK(quantize_bias(-0.125f, 0.25f) == -1);  // −0.5 rounds away from zero
  CHECK(quantize_bias(0.0f, 1e-9f) == 0);
  CHECK(quantize_bias(1e30f, 1e-6f) == std::numeric_limits<std::int32_t>::max());
  CHECK(quantize_bias(-1e30f, 1e-6f) == -std::numeric_limits<std::int32_t>::max());
}
