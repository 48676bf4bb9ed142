// Affine int8 quantize/dequantize: round half away from zero, saturation at the int8 limits
// (far out of range, ±inf, NaN), agreement with std::round and between the scalar and array
// forms, the round trip within half a step, and dequantize as TFLite's double product.
#include "core/format/affine_int8.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "core/base/rng.h"

using namespace qplab;

namespace {

std::vector<int> quantize_all(const std::vector<float>& x, QuantParams params) {
  std::vector<std::int8_t> q(x.size());
  quantize(x.data(), x.size(), params, q.data());
  return std::vector<int>(q.begin(), q.end());
}

}  // namespace

TEST_CASE("quantize rounds half away from zero and adds the zero point", "[affine_int8]") {
  CHECK(quantize_all({0.0f, 0.5f, -0.5f, 1.5f, -1.5f, 2.49f, -2.51f}, {1.0f, 0}) ==
        std::vector<int>{0, 1, -1, 2, -2, 2, -3});
  CHECK(quantize_all({0.0f, 0.25f, 1.0f, -1.0f}, {0.5f, -10}) ==
        std::vector<int>{-10, -9, -8, -12});
}

TEST_CASE("quantize saturates far outside the range, at infinities and NaN", "[affine_int8]") {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> x = {1e30f, -1e30f,        200.0f, -200.0f, inf,
                                -inf,  std::nanf(""), 127.4f, -128.4f};
  CHECK(quantize_all(x, {1.0f, 0}) ==
        std::vector<int>{127, -128, 127, -128, 127, -128, -128, 127, -128});
  // With a zero point the limits stay −128 and 127.
  CHECK(quantize_all({1e9f, -1e9f, 0.0f}, {0.01f, 100}) == std::vector<int>{127, -128, 100});
  CHECK(quantize(inf, {0.5f, -3}) == 127);
  CHECK(quantize(std::nanf(""), {0.5f, -3}) == -128);
}

TEST_CASE("quantize rounds exactly as std::round on halves and random values", "[affine_int8]") {
  Rng rng(1001);
  std::vector<float> x;
  for (int k = -300; k <= 300; ++k) x.push_back(static_cast<float>(k) * 0.5f);  // each tie
  for (int i = 0; i < 20000; ++i) x.push_back(rng.uniform(-140.0f, 140.0f));
  const std::vector<int> q = quantize_all(x, {1.0f, 0});
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float r = std::max(-128.0f, std::min(127.0f, std::round(x[i])));
    REQUIRE(q[i] == static_cast<int>(r));
  }
}

TEST_CASE("quantize is clamp(std::round(x / scale) + zero point), scalar and array alike",
          "[affine_int8]") {
  Rng rng(7);
  const QuantParams params{0.0371f, 23};
  std::vector<float> x(20000);
  for (float& v : x) v = rng.uniform(-6.0f, 6.0f);
  // Exact halves of a step, where the rounding direction shows.
  for (int k = -300; k < 300; ++k) x.push_back((static_cast<float>(k) + 0.5f) * params.scale);
  const std::vector<int> q = quantize_all(x, params);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float rounded = std::round(x[i] / params.scale) + static_cast<float>(params.zero_point);
    const int expected = static_cast<int>(std::clamp(rounded, -128.0f, 127.0f));
    REQUIRE(q[i] == expected);
    REQUIRE(quantize(x[i], params) == expected);
  }
}

TEST_CASE("quantize then dequantize is within half a step inside the range", "[affine_int8]") {
  Rng rng(1000);
  const QuantParams params{0.0123f, -17};
  std::vector<float> x(10000);
  for (float& v : x) v = rng.uniform(params.scale * (-128 + 17), params.scale * (127 + 17));
  std::vector<std::int8_t> q(x.size());
  quantize(x.data(), x.size(), params, q.data());
  std::vector<float> back(x.size());
  dequantize(q.data(), q.size(), params, back.data());
  for (std::size_t i = 0; i < x.size(); ++i)
    REQUIRE(std::abs(back[i] - x[i]) <= params.scale * 0.5f + 1e-6f);
}

TEST_CASE("dequantize computes scale times (q - zero point)", "[affine_int8]") {
  const std::vector<std::int8_t> q = {-128, -1, 0, 5, 127};
  std::vector<float> y(q.size());
  dequantize(q.data(), q.size(), {0.25f, 5}, y.data());
  CHECK(y == std::vector<float>{-33.25f, -1.5f, -1.25f, 0.0f, 30.5f});
  // Bit-exact with the double product TFLite computes, for every code and an awkward scale.
  const float scale = 0.0123456789f;
  for (int code = -128; code <= 127; ++code) {
    const float out = dequantize(static_cast<std::int8_t>(code), {scale, -7});
    REQUIRE(out == static_cast<float>(static_cast<double>(scale) * (code + 7)));
  }
}
