// number_text and hex_digits: shortest round-tripping text, JavaScript's layout, hex padding.
#include "core/base/number_text.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <limits>

using namespace qplab;

TEST_CASE("number_text writes floats as their shortest round-tripping decimal", "[number_text]") {
  CHECK(number_text(0.2f) == "0.2");
  CHECK(number_text(0.00390625) == "0.00390625");
  CHECK(number_text(-0.1) == "-0.1");
  CHECK(number_text(1.0f / 3.0f) == "0.33333334");
  CHECK(number_text(0.1f * 3.0f) == "0.3");                // a float: 0.3f is the same float
  CHECK(number_text(0.1 * 3.0) == "0.30000000000000004");  // a double that is not 0.3
  CHECK(number_text(std::numeric_limits<float>::max()) == "3.4028235e+38");
  CHECK(number_text(std::numeric_limits<float>::denorm_min()) == "1e-45");
  CHECK(number_text(16777216.0) == "16777216");
  CHECK(number_text(9.999999e-5f) == "0.00009999999");
}

TEST_CASE("number_text lays numbers out as JavaScript's Number#toString", "[number_text]") {
  CHECK(number_text(100.0) == "100");
  CHECK(number_text(1.5) == "1.5");
  CHECK(number_text(123.25) == "123.25");
  CHECK(number_text(0.000001) == "0.000001");
  CHECK(number_text(1e-7) == "1e-7");
  CHECK(number_text(2.5e-7) == "2.5e-7");
  CHECK(number_text(1e21) == "1e+21");
  CHECK(number_text(1e20) == "100000000000000000000");
  CHECK(number_text(3e9) == "3000000000");
  CHECK(std::strtod(number_text(1e300).c_str(), nullptr) == Approx(1e300).epsilon(1e-15));
  CHECK(number_text(5e-324) == "5e-324");
  CHECK(number_text(0.0) == "0");
  CHECK(number_text(-0.0) == "-0");
  CHECK(number_text(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(number_text(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(number_text(std::nan("")) == "nan");
}

TEST_CASE("number_text reads back as the same float for many floats", "[number_text]") {
  std::uint32_t state = 12345;
  for (int i = 0; i < 20000; ++i) {
    state = state * 1664525u + 1013904223u;
    const int exponent = static_cast<int>(state >> 24) % 60 - 30;
    state = state * 1664525u + 1013904223u;
    const float value = std::ldexp(static_cast<float>(state >> 8) / 16777216.0f + 0.5f, exponent);
    const std::string text = number_text(value);
    INFO(text);
    CHECK(std::strtof(text.c_str(), nullptr) == value);
  }
}

TEST_CASE("hex_digits pads with zeros, upper case", "[number_text]") {
  CHECK(hex_digits(0x803, 8) == "00000803");
  CHECK(hex_digits(0x3C68746D, 8) == "3C68746D");
  CHECK(hex_digits(0xff, 2) == "FF");
  CHECK(hex_digits(0, 2) == "00");
}
