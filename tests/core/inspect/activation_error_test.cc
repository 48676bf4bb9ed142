// Per-layer activation error: exactly zero for a model against itself (a .tflite and a
// checkpoint), positive for full-integer int8 against float on every lab layer, near zero for
// the float .tflite against its own checkpoint; layers without a counterpart have no
// statistics; bad digit counts and mismatched graphs are refused.
#include "core/inspect/activation_error.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "tests/core/inspect/inspect_models.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

constexpr int kDigits = 20;

int compared_layers(const ActivationError& e) {
  int n = 0;
  for (const LayerError& l : e.layers) n += l.reference_index >= 0;
  return n;
}

}  // namespace

TEST_CASE("a model against itself has zero error at every layer", "[activation_error]") {
  const InspectModels& m = inspect_models();
  for (const auto* bytes : {&m.int8, &m.float_tflite, &m.checkpoint}) {
    const ActivationError e = activation_error(*bytes, *bytes, m.test, kDigits);
    CHECK(e.digits == kDigits);
    CHECK(compared_layers(e) == 4);  // CONV_2D, MAX_POOL_2D, FULLY_CONNECTED, SOFTMAX
    for (const LayerError& l : e.layers) {
      if (l.reference_index < 0) continue;
      CAPTURE(l.op);
      CHECK(l.reference_index == l.index);
      CHECK(l.mean_error == 0.0);
      CHECK(l.mean_squared_error == 0.0);
      CHECK(l.max_abs_error == 0.0);
    }
  }
}

TEST_CASE("int8 against float has a positive error on every lab layer", "[activation_error]") {
  const InspectModels& m = inspect_models();
  const ActivationError e = activation_error(m.int8, m.float_tflite, m.test, kDigits);
  REQUIRE(e.layers.size() == 8);  // QUANTIZE RESHAPE CONV POOL RESHAPE FC SOFTMAX DEQUANTIZE
  CHECK(e.layers[0].op == "QUANTIZE");
  CHECK(e.layers[0].reference_index == -1);
  CHECK(std::isnan(e.layers[0].mean_squared_error));
  const char* lab_ops[] = {"CONV_2D", "MAX_POOL_2D", "FULLY_CONNECTED", "SOFTMAX"};
  const int indices[] = {2, 3, 5, 6};
  const int reference_indices[] = {1, 2, 4, 5};  // the float graph has no QUANTIZE
  for (int j = 0; j < 4; ++j) {
    const LayerError& l = e.layers[static_cast<std::size_t>(indices[j])];
    CAPTURE(l.op);
    CHECK(l.op == lab_ops[j]);
    CHECK(l.reference_index == reference_indices[j]);
    CHECK(l.mean_squared_error > 0.0);
    CHECK(l.max_abs_error > 0.0);
    CHECK(l.max_abs_error * l.max_abs_error >= l.mean_squared_error);
    CHECK(l.scale > 0.0);
    CHECK(l.rmse_in_scale == Approx(std::sqrt(l.mean_squared_error) / l.scale));
    CHECK(l.rmse_in_scale < 2.0);  // within a couple of steps of its own grid
  }
}

TEST_CASE("the float .tflite against its checkpoint differs only by summation order",
          "[activation_error]") {
  const InspectModels& m = inspect_models();
  const ActivationError e = activation_error(m.float_tflite, m.checkpoint, m.test, kDigits);
  CHECK(compared_layers(e) == 4);
  for (const LayerError& l : e.layers) {
    if (l.reference_index < 0) continue;
    CAPTURE(l.op);
    CHECK(l.max_abs_error < 1e-4);
    CHECK(std::isnan(l.rmse_in_scale));  // float outputs have no scale
  }
  CHECK(e.layers.back().reference_index == 5);  // the checkpoint's softmax head: one past Dense
}

TEST_CASE("activation error refuses bad digit counts and graphs that do not match",
          "[activation_error]") {
  const InspectModels& m = inspect_models();
  CHECK_THROWS_WITH(activation_error(m.int8, m.float_tflite, m.test, 0),
                    Catch::Contains("activation digits must be in 1..300"));
  CHECK_THROWS_WITH(activation_error(m.int8, m.float_tflite, m.test, 301),
                    Catch::Contains("got 301"));
  ModelBuilder b;  // softmax of the raw pixels: no conv, pool or dense layer
  const int x = b.tensor({1, 784});
  const int y = b.tensor({1, 784});
  b.op(BuiltinOperator::kSoftmax, {x}, {y});
  const std::vector<std::uint8_t> other = tflite::write_tflite(b.finish(x, y));
  CHECK_THROWS_WITH(activation_error(other, m.float_tflite, m.test, 1),
                    Catch::Contains("the variant's layers (SOFTMAX 784) do not match"));
}
