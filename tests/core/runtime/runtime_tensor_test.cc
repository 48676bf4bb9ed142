// runtime_tensor: descriptions for error messages and constant decoding.
#include "core/runtime/runtime_tensor.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "tests/core/runtime/model_builder.h"

using namespace qplab;
using namespace qplab::runtime;

TEST_CASE("tensors describe themselves by index, name, type and shape", "[runtime_tensor]") {
  RuntimeTensor t;
  t.index = 3;
  t.name = "c1w";
  t.type = tflite::TensorType::kInt8;
  t.shape = {12, 3, 3, 1};
  CHECK(describe(t) == "tensor 3 'c1w' INT8 [12, 3, 3, 1]");
  t.name.clear();
  CHECK(describe(t) == "tensor 3 INT8 [12, 3, 3, 1]");
  CHECK(shape_string({}) == "[]");
}

TEST_CASE("constants decode from little-endian bytes", "[runtime_tensor]") {
  const std::vector<std::uint8_t> f32 = testing::to_bytes(std::vector<float>{1.5f, -2.0f});
  const std::vector<std::uint8_t> i32 = testing::to_bytes(std::vector<std::int32_t>{-7, 1 << 20});
  const std::vector<std::uint8_t> f16 =
      testing::to_bytes(std::vector<std::uint16_t>{0x3c00, 0xc000, 0x7c00, 0x0001});
  RuntimeTensor t;
  t.elements = 2;
  t.constant = &f32;
  CHECK(constant_floats(t) == std::vector<float>{1.5f, -2.0f});
  t.type = tflite::TensorType::kInt32;
  t.constant = &i32;
  CHECK(constant_int32(t) == std::vector<std::int32_t>{-7, 1 << 20});
  REQUIRE_THROWS_AS(constant_int8(t), std::logic_error);
  t.type = tflite::TensorType::kFloat16;
  t.elements = 4;
  t.constant = &f16;
  const std::vector<float> halves = constant_floats(t);
  CHECK(halves[0] == 1.0f);
  CHECK(halves[1] == -2.0f);
  CHECK(std::isinf(halves[2]));
  CHECK(halves[3] == std::ldexp(1.0f, -24));
}
