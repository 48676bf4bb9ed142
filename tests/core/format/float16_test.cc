// float ↔ binary16: exact hand values, rounding to nearest even, overflow, subnormals, NaN,
// and the round trip over every half.
#include "core/format/float16.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace qplab;

TEST_CASE("float_to_half gives the IEEE bits of hand values", "[float16]") {
  CHECK(float_to_half(1.0f) == 0x3C00);
  CHECK(float_to_half(-2.0f) == 0xC000);
  CHECK(float_to_half(0.5f) == 0x3800);
  CHECK(float_to_half(0.0f) == 0x0000);
  CHECK(float_to_half(-0.0f) == 0x8000);
  CHECK(float_to_half(65504.0f) == kHalfMax);
  CHECK(float_to_half(0.333251953125f) == 0x3555);        // 1/3 rounded to half precision
  CHECK(float_to_half(std::ldexp(1.0f, -14)) == 0x0400);  // smallest normal
}

TEST_CASE("float_to_half overflows to infinity past 65504", "[float16]") {
  CHECK(float_to_half(1e5f) == kHalfInfinity);
  CHECK(float_to_half(-1e5f) == 0xFC00);
  CHECK(float_to_half(65519.0f) == kHalfMax);       // below the halfway point 65520
  CHECK(float_to_half(65520.0f) == kHalfInfinity);  // the tie goes to even: infinity
  CHECK(float_to_half(std::numeric_limits<float>::infinity()) == kHalfInfinity);
  CHECK(float_to_half(std::numeric_limits<float>::max()) == kHalfInfinity);
}

TEST_CASE("float_to_half rounds to nearest, ties to even", "[float16]") {
  const float ulp = std::ldexp(1.0f, -10);                    // half's spacing in [1, 2)
  CHECK(float_to_half(1.0f + ulp / 2) == 0x3C00);             // tie, 0x3C00 is even
  CHECK(float_to_half(1.0f + 3 * ulp / 2) == 0x3C02);         // tie, 0x3C01 is odd
  CHECK(float_to_half(1.0f + ulp / 2 + ulp / 64) == 0x3C01);  // just above the tie
  CHECK(float_to_half(1.0f + ulp / 2 - ulp / 64) == 0x3C00);  // just below the tie
  CHECK(float_to_half(2.0f - ulp / 4) == 0x4000);             // rounding carries into the exponent
}

TEST_CASE("float_to_half makes subnormals and flushes below half the smallest", "[float16]") {
  const float smallest = std::ldexp(1.0f, -24);
  CHECK(float_to_half(smallest) == 0x0001);
  CHECK(float_to_half(-smallest) == 0x8001);
  CHECK(float_to_half(smallest / 2) == 0x0000);  // tie with 0: even
  CHECK(float_to_half(smallest / 2 * 1.0001f) == 0x0001);
  CHECK(float_to_half(3 * smallest / 2) == 0x0002);    // tie between 1 and 2: even
  CHECK(float_to_half(5 * smallest / 2) == 0x0002);    // tie between 2 and 3: even
  CHECK(float_to_half(1023 * smallest) == 0x03FF);     // largest subnormal
  CHECK(float_to_half(1023.5f * smallest) == 0x0400);  // rounds up into the normals
  CHECK(float_to_half(std::numeric_limits<float>::denorm_min()) == 0x0000);
  CHECK(half_to_float(0x0001) == smallest);
  CHECK(half_to_float(0x03FF) == 1023 * smallest);
  CHECK(half_to_float(0x8001) == -smallest);
}

TEST_CASE("NaN stays NaN and infinities stay infinite", "[float16]") {
  const std::uint16_t nan = float_to_half(std::numeric_limits<float>::quiet_NaN());
  CHECK((nan & 0x7C00) == 0x7C00);
  CHECK((nan & 0x03FF) != 0);
  CHECK(std::isnan(half_to_float(nan)));
  // A signalling NaN whose payload lives only in the low bits must not become infinity.
  CHECK(std::isnan(half_to_float(float_to_half(std::numeric_limits<float>::signaling_NaN()))));
  CHECK(half_to_float(kHalfInfinity) == std::numeric_limits<float>::infinity());
  CHECK(half_to_float(0xFC00) == -std::numeric_limits<float>::infinity());
  CHECK(half_to_float(0x3C00) == 1.0f);
  CHECK(half_to_float(kHalfMax) == 65504.0f);
}

TEST_CASE("every half survives half → float → half", "[float16]") {
  for (std::uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    const auto half = static_cast<std::uint16_t>(bits);
    const float value = half_to_float(half);
    CAPTURE(bits, value);
    if (std::isnan(value))
      REQUIRE(std::isnan(half_to_float(float_to_half(value))));
    else
      REQUIRE(float_to_half(value) == half);
  }
}

TEST_CASE("float_to_half is the nearest half for random floats", "[float16]") {
  // Independent reference: the nearest of the two neighbouring halves, by double arithmetic.
  std::uint32_t state = 12345;
  for (int i = 0; i < 100000; ++i) {
    state = state * 1664525u + 1013904223u;
    const float value =
        std::ldexp(static_cast<float>(state >> 8) / 16777216.0f, static_cast<int>(state % 40) - 26);
    const std::uint16_t half = float_to_half(value);
    const double error = std::abs(static_cast<double>(half_to_float(half)) - value);
    const auto distance = [&](int h) {
      return std::abs(static_cast<double>(half_to_float(static_cast<std::uint16_t>(h))) - value);
    };
    CAPTURE(value, half);
    if (half > 0) REQUIRE(error <= distance(half - 1));
    if (half < kHalfMax) REQUIRE(error <= distance(half + 1));
  }
}

TEST_CASE("half_to_float widens every half exactly", "[float16]") {
  for (std::uint32_t h = 0; h < 65536; ++h) {
    const auto half = static_cast<std::uint16_t>(h);
    const float got = half_to_float(half);
    const int exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    const double sign = (h & 0x8000) ? -1.0 : 1.0;
    if (exponent == 31) {
      REQUIRE((mantissa ? std::isnan(got) : std::isinf(got)));
      continue;
    }
    const double expected =
        sign * (exponent ? std::ldexp(1024 + mantissa, exponent - 25) : std::ldexp(mantissa, -24));
    REQUIRE(got == expected);
    REQUIRE(std::signbit(got) == static_cast<bool>(h & 0x8000));
  }
}
