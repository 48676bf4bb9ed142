// FullyConnectedInt8: bit-exact against TFLite's reference integer path (per-tensor and
// per-channel weights), within one output step of float, saturation, bias checks.
#include "core/runtime/fully_connected_int8.h"

#include <catch2/catch.hpp>

#include "core/base/rng.h"
#include "core/runtime/interpreter.h"
#include "tests/core/runtime/model_builder.h"
#include "tests/core/runtime/reference_ops.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

struct Int8FcCase {
  int rows = 1, in = 1, out = 1;
  bool per_channel = false, relu = false;
  Int8Conv q;
  std::vector<std::int8_t> x, w;
  std::vector<std::int32_t> bias;
  std::vector<double> real;  // the float result on the dequantized values
};

Int8FcCase random_case(int rows, int in, int out, bool per_channel_weights, bool relu, Rng& rng) {
  Int8FcCase k;
  k.rows = rows, k.in = in, k.out = out, k.per_channel = per_channel_weights, k.relu = relu;
  k.q.x_scale = rng.uniform(0.005f, 0.05f);
  k.q.x_zp = static_cast<std::int32_t>(rng.below(256)) - 128;
  for (int i = 0; i < rows * in; ++i)
    k.x.push_back(static_cast<std::int8_t>(static_cast<int>(rng.below(256)) - 128));
  for (int i = 0; i < out * in; ++i)
    k.w.push_back(static_cast<std::int8_t>(static_cast<int>(rng.below(255)) - 127));
  const float shared = rng.uniform(0.001f, 0.01f);
  for (int o = 0; o < out; ++o)
    k.q.w_scales.push_back(per_channel_weights ? rng.uniform(0.001f, 0.01f) : shared);
  for (int o = 0; o < out; ++o)
    k.bias.push_back(static_cast<std::int32_t>(rng.below(40001)) - 20000);
  std::vector<float> w_real, b_real;
  for (std::size_t i = 0; i < k.w.size(); ++i)
    w_real.push_back(k.q.w_scales[i / static_cast<std::size_t>(in)] * k.w[i]);
  for (int o = 0; o < out; ++o)
    b_real.push_back(static_cast<float>(k.bias[static_cast<std::size_t>(o)]) * k.q.x_scale *
                     k.q.w_scales[static_cast<std::size_t>(o)]);
  k.real = fully_connected_ref(rows, in, out, dequantize_ref(k.x, k.q.x_scale, k.q.x_zp), w_real,
                               b_real, relu);
  const auto [low, high] = std::minmax_element(k.real.begin(), k.real.end());
  const Int8Params p = activation_params(static_cast<float>(*low), static_cast<float>(*high));
  k.q.y_scale = p.scale;
  k.q.y_zp = p.zero_point;
  return k;
}

tflite::Model fc_model(const Int8FcCase& k) {
  ModelBuilder b;
  const int x = b.tensor({1, k.in}, TensorType::kInt8, per_tensor(k.q.x_scale, k.q.x_zp));
  const int w =
      b.constant_i8({k.out, k.in}, k.w,
                    k.per_channel ? per_channel(k.q.w_scales) : per_tensor(k.q.w_scales[0], 0));
  std::vector<float> bias_scales;
  for (float s : k.q.w_scales) bias_scales.push_back(k.q.x_scale * s);
  const int bias = b.constant_i32(
      {k.out}, k.bias, k.per_channel ? per_channel(bias_scales) : per_tensor(bias_scales[0], 0));
  const int y = b.tensor({1, k.out}, TensorType::kInt8, per_tensor(k.q.y_scale, k.q.y_zp));
  tflite::OperatorDef& op = b.op(BuiltinOperator::kFullyConnected, {x, w, bias}, {y});
  op.activation = k.relu ? tflite::FusedActivation::kRelu : tflite::FusedActivation::kNone;
  op.version = 4;
  return b.finish(x, y);
}

std::vector<std::int32_t> run_codes(const Int8FcCase& k) {
  Interpreter interpreter(fc_model(k), k.rows);
  const std::vector<float> x = exact_inputs(k.x, k.q.x_scale, k.q.x_zp);
  std::vector<float> y(static_cast<std::size_t>(k.rows) * k.out);
  interpreter.run(x.data(), k.rows, y.data());
  return codes_of(y, k.q.y_scale, k.q.y_zp);
}

}  // namespace

TEST_CASE("int8 fully connected is bit-exact with TFLite's reference and within one step of float",
          "[fully_connected_int8]") {
  std::uint64_t seed = 500;
  for (const auto& [in, out, relu] : std::vector<std::tuple<int, int, bool>>{
           {2028, 10, false}, {1, 1, false}, {7, 3, true}, {64, 5, false}, {33, 17, true}})
    for (bool per_channel_weights : {false, true}) {
      CAPTURE(in, out, relu, per_channel_weights, seed);
      Rng rng(seed++);
      const Int8FcCase k = random_case(5, in, out, per_channel_weights, relu, rng);
      const std::vector<std::int32_t> got = run_codes(k);
      const std::vector<std::int8_t> expected = fully_connected_int8_ref(
          k.rows, in, out, k.q, per_channel_weights, k.x, k.w, k.bias, relu);
      for (std::size_t i = 0; i < got.size(); ++i) {
        REQUIRE(got[i] == expected[i]);
        REQUIRE(std::abs(k.q.y_scale * static_cast<double>(got[i] - k.q.y_zp) - k.real[i]) <=
                k.q.y_scale);
      }
    }
}

TEST_CASE("int8 fully connected saturates at the int8 limits", "[fully_connected_int8]") {
  Rng rng(9);
  Int8FcCase k = random_case(8, 50, 6, true, false, rng);
  k.q.y_scale /= 100.0f;
  const std::vector<std::int32_t> got = run_codes(k);
  const std::vector<std::int8_t> expected =
      fully_connected_int8_ref(k.rows, k.in, k.out, k.q, true, k.x, k.w, k.bias, false);
  int saturated = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    REQUIRE(got[i] == expected[i]);
    saturated += got[i] == -128 || got[i] == 127;
  }
  CHECK(saturated > static_cast<int>(got.size()) / 2);
}

TEST_CASE("int8 fully connected rejects a bias without quantization or with the wrong scale",
          "[fully_connected_int8][errors]") {
  Rng rng(2);
  const Int8FcCase k = random_case(1, 8, 3, false, false, rng);
  tflite::Model model = fc_model(k);
  model.tensors[2].quantization = {};  // tensors: 0 x, 1 w, 2 bias, 3 y
  REQUIRE_THROWS_WITH(Interpreter(model),
                      Catch::Contains("operator 0 (FULLY_CONNECTED)") &&
                          Catch::Contains("bias has no quantization parameters"));
  model = fc_model(k);
  model.tensors[2].quantization.scale[0] *= 2.0f;
  REQUIRE_THROWS_WITH(Interpreter(model), Catch::Contains("operator 0 (FULLY_CONNECTED)") &&
                                              Catch::Contains("bias scale must be"));
  model = fc_model(k);
  model.tensors[2].quantization.zero_point[0] = 1;
  REQUIRE_THROWS_WITH(Interpreter(model), Catch::Contains("bias zero point must be 0, got 1"));
}
