// weight_tensors: the kernels and biases of each encoding as real values — int8 dequantized
// per channel, float16 through its DEQUANTIZE, float32 as is — and their counterparts.
#include "core/inspect/weight_tensors.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "tests/core/inspect/inspect_models.h"

using namespace qplab;
using namespace qplab::testing;

TEST_CASE("every encoding gives the same four tensors in the same order", "[weight_tensors]") {
  const InspectModels& m = inspect_models();
  const std::vector<WeightTensor> reference = weight_tensors(parse_variant(m.checkpoint));
  for (const auto* bytes : {&m.float_tflite, &m.float16, &m.dynamic, &m.int8}) {
    const std::vector<WeightTensor> tensors = weight_tensors(parse_variant(*bytes));
    REQUIRE(tensors.size() == 4);
    for (std::size_t k = 0; k < 4; ++k) {
      CHECK(tensors[k].layer == static_cast<int>(k / 2));
      CHECK(tensors[k].role == (k % 2 ? "bias" : "weights"));
      CHECK(counterpart(tensors[k], reference) == &reference[k]);
    }
  }
  CHECK(weight_tensors(parse_variant(m.float_tflite))[2].values == reference[2].values);
}

TEST_CASE("int8 values are level times the channel's scale", "[weight_tensors]") {
  const std::vector<WeightTensor> tensors = weight_tensors(parse_variant(inspect_models().int8));
  const WeightTensor& conv = tensors[0];
  CHECK(conv.type == tflite::TensorType::kInt8);
  REQUIRE(conv.quantization.scale.size() == 12);
  REQUIRE(conv.levels.size() == 108);
  for (std::size_t i = 0; i < 108; ++i) {
    CHECK(conv.scale_of(i) == conv.quantization.scale[i / 9]);
    CHECK(conv.values[i] == static_cast<float>(conv.scale_of(i) * conv.levels[i]));
  }
  CHECK(tensors[1].type == tflite::TensorType::kInt32);
  CHECK(std::isnan(weight_tensors(parse_variant(inspect_models().float16))[0].scale_of(0)));
}
