// prepare_checks: int8 parameters, symmetric weight scales, bias scales within TFLite's
// tolerance, activation ranges, and the per-channel multipliers.
#include "core/runtime/prepare_checks.h"

#include <catch2/catch.hpp>

#include "tests/core/runtime/model_builder.h"

using namespace qplab;
using namespace qplab::runtime;
using qplab::testing::per_channel;
using qplab::testing::per_tensor;

namespace {

RuntimeTensor int8_tensor(std::vector<int> shape, tflite::Quantization q,
                          tflite::TensorType type = tflite::TensorType::kInt8) {
  RuntimeTensor t;
  t.index = 5;
  t.name = "w";
  t.type = type;
  t.shape = std::move(shape);
  t.quantization = std::move(q);
  return t;
}

}  // namespace

TEST_CASE("int8 activation parameters need one positive scale and a zero point in range",
          "[prepare_checks]") {
  const QuantParams p = int8_activation_params(int8_tensor({1, 4}, per_tensor(0.5f, -3)), "input");
  CHECK(p.scale == 0.5f);
  CHECK(p.zero_point == -3);
  REQUIRE_THROWS_WITH(int8_activation_params(int8_tensor({1, 4}, per_tensor(0.0f, 0)), "input"),
                      Catch::Contains("input scale must be positive and finite, got 0") &&
                          Catch::Contains("tensor 5 'w'"));
  REQUIRE_THROWS_WITH(
      int8_activation_params(int8_tensor({1, 4}, per_channel({0.1f, 0.2f})), "output"),
      Catch::Contains("per-tensor quantization (1 scale, 1 zero point), got 2 scales"));
  REQUIRE_THROWS_WITH(
      int8_activation_params(int8_tensor({1, 4}, per_tensor(0.5f, 0), tflite::TensorType::kFloat32),
                             "input"),
      Catch::Contains("input must be INT8"));
}

TEST_CASE("weight scales broadcast per-tensor and check per-channel", "[prepare_checks]") {
  CHECK(int8_weight_scales(int8_tensor({3, 2}, per_tensor(0.25f, 0)), 3, "filter") ==
        std::vector<float>{0.25f, 0.25f, 0.25f});
  CHECK(int8_weight_scales(int8_tensor({2, 2}, per_channel({0.1f, 0.2f})), 2, "filter") ==
        std::vector<float>{0.1f, 0.2f});
  REQUIRE_THROWS_WITH(
      int8_weight_scales(int8_tensor({2, 2}, per_channel({0.1f, -0.2f})), 2, "filter"),
      Catch::Contains("got -0.2 at channel 1"));
  REQUIRE_THROWS_WITH(int8_weight_scales(int8_tensor({2, 2}, {}), 2, "filter"),
                      Catch::Contains("no quantization parameters"));
}

TEST_CASE("bias scales must equal input scale times weight scale", "[prepare_checks]") {
  const float input_scale = 0.02f;
  const std::vector<float> weights = {0.1f, 0.3f};
  RuntimeTensor bias = int8_tensor({2}, per_channel({input_scale * 0.1f, input_scale * 0.3f}),
                                   tflite::TensorType::kInt32);
  CHECK_NOTHROW(check_int8_bias(bias, input_scale, weights));
  bias.quantization.scale[1] *= 1.0f + 5e-7f;  // within 1e-6 relative
  CHECK_NOTHROW(check_int8_bias(bias, input_scale, weights));
  bias.quantization.scale[1] *= 1.00001f;
  REQUIRE_THROWS_WITH(check_int8_bias(bias, input_scale, weights), Catch::Contains("at channel 1"));
}

TEST_CASE("ReLU narrows the int8 range to the zero point", "[prepare_checks]") {
  CHECK(int8_activation_range(tflite::FusedActivation::kRelu, {0.1f, -128}).min == -128);
  CHECK(int8_activation_range(tflite::FusedActivation::kRelu, {0.1f, -5}).min == -5);
  CHECK(int8_activation_range(tflite::FusedActivation::kNone, {0.1f, -5}).min == -128);
  CHECK(int8_activation_range(tflite::FusedActivation::kRelu, {0.1f, 10}).max == 127);
  CHECK(add_and_clamp(2147483647, 100, -128, 127) == 127);  // no int32 overflow
  CHECK(add_and_clamp(-2147483647 - 1, -100, -128, 127) == -128);
  CHECK(add_and_clamp(5, -3, -128, 127) == 2);
}

TEST_CASE("channel multipliers are M = input_scale * weight_scale / output_scale per channel",
          "[prepare_checks]") {
  const std::vector<QuantizedMultiplier> m =
      channel_multipliers(0.5f, {0.5f, 0.25f, 1.0f}, 0.25f);  // M = 1, 0.5, 2
  REQUIRE(m.size() == 3);
  CHECK((m[0].multiplier == 1 << 30 && m[0].shift == 1));
  CHECK((m[1].multiplier == 1 << 30 && m[1].shift == 0));
  CHECK((m[2].multiplier == 1 << 30 && m[2].shift == 2));
}
