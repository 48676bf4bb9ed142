// Conv2DInt8: bit-exact against TFLite's reference integer path (reference_ops.h), within one
// output step of the float conv on the dequantized values, saturation at the int8 limits,
// per-channel multipliers, and the bias-quantization checks.
#include "core/runtime/conv2d_int8.h"

#include <catch2/catch.hpp>
#include <functional>

#include "core/base/rng.h"
#include "core/runtime/int8_conv_accumulator.h"
#include "core/runtime/interpreter.h"
#include "core/runtime/prepare_checks.h"
#include "tests/core/runtime/model_builder.h"
#include "tests/core/runtime/reference_ops.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

struct Int8ConvCase {
  ConvParams p;
  Int8Conv q;
  std::vector<std::int8_t> x, w;
  std::vector<std::int32_t> bias;
  bool per_channel = true;
};

std::vector<std::int8_t> random_codes(std::size_t n, Rng& rng, int low = -128, int high = 127) {
  std::vector<std::int8_t> v(n);
  for (auto& e : v)
    e = static_cast<std::int8_t>(
        low + static_cast<int>(rng.below(static_cast<std::uint32_t>(high - low + 1))));
  return v;
}

// Random codes and scales; the output range is fitted to the float result (as calibration
// would), so few outputs saturate.
Int8ConvCase random_case(const ConvParams& p, bool per_channel, Rng& rng) {
  Int8ConvCase k;
  k.p = p;
  k.per_channel = per_channel;
  k.q.x_scale = rng.uniform(0.005f, 0.05f);
  k.q.x_zp = static_cast<std::int32_t>(rng.below(256)) - 128;
  k.x = random_codes(p.in_size(), rng);
  k.w = random_codes(p.filter_size(), rng, -127, 127);
  const float shared = rng.uniform(0.001f, 0.02f);
  for (int f = 0; f < p.filters; ++f)
    k.q.w_scales.push_back(per_channel ? rng.uniform(0.001f, 0.02f) : shared);
  for (int f = 0; f < p.filters; ++f)
    k.bias.push_back(static_cast<std::int32_t>(rng.below(20001)) - 10000);
  std::vector<float> bias_real;
  for (int f = 0; f < p.filters; ++f)
    bias_real.push_back(static_cast<float>(k.bias[static_cast<std::size_t>(f)]) * k.q.x_scale *
                        k.q.w_scales[static_cast<std::size_t>(f)]);
  std::vector<float> w_real;
  const std::size_t per_filter = k.w.size() / static_cast<std::size_t>(p.filters);
  for (std::size_t i = 0; i < k.w.size(); ++i)
    w_real.push_back(k.q.w_scales[i / per_filter] * k.w[i]);
  const std::vector<double> y =
      conv2d_ref(p, dequantize_ref(k.x, k.q.x_scale, k.q.x_zp), w_real, bias_real);
  const auto [low, high] = std::minmax_element(y.begin(), y.end());
  const Int8Params out = activation_params(static_cast<float>(*low), static_cast<float>(*high));
  k.q.y_scale = out.scale;
  k.q.y_zp = out.zero_point;
  return k;
}

tflite::Model int8_conv_model(const Int8ConvCase& k) {
  const ConvParams& p = k.p;
  ModelBuilder b;
  const int x = b.tensor({1, p.h, p.w, p.c}, TensorType::kInt8, per_tensor(k.q.x_scale, k.q.x_zp));
  const int w =
      b.constant_i8({p.filters, p.kh, p.kw, p.c}, k.w,
                    k.per_channel ? per_channel(k.q.w_scales) : per_tensor(k.q.w_scales[0], 0));
  std::vector<float> bias_scales;
  for (float s : k.q.w_scales) bias_scales.push_back(k.q.x_scale * s);
  const int bias = k.bias.empty() ? -1
                                  : b.constant_i32({p.filters}, k.bias,
                                                   k.per_channel ? per_channel(bias_scales)
                                                                 : per_tensor(bias_scales[0], 0));
  const int y = b.tensor({1, p.out_h(), p.out_w(), p.filters}, TensorType::kInt8,
                         per_tensor(k.q.y_scale, k.q.y_zp));
  tflite::OperatorDef& op = b.op(BuiltinOperator::kConv2D, {x, w, bias}, {y});
  op.padding = p.same ? tflite::Padding::kSame : tflite::Padding::kValid;
  op.stride_h = p.stride_h;
  op.stride_w = p.stride_w;
  op.activation = p.relu ? tflite::FusedActivation::kRelu : tflite::FusedActivation::kNone;
  return b.finish(x, y);
}

// Runs the case through an int8-in, int8-out model; the interpreter's float edges are exact
// for inputs that are dequantized codes, so the output codes are recovered exactly.
std::vector<std::int32_t> run_codes(const Int8ConvCase& k) {
  Interpreter interpreter(int8_conv_model(k), k.p.n);
  const std::vector<float> x = exact_inputs(k.x, k.q.x_scale, k.q.x_zp);
  std::vector<float> y(k.p.out_size());
  interpreter.run(x.data(), k.p.n, y.data());
  return codes_of(y, k.q.y_scale, k.q.y_zp);
}

std::vector<ConvParams> shapes() {
  std::vector<ConvParams> all;
  const int configs[][8] = {
      // c, filters, k, h, w, stride, same, relu
      {1, 12, 3, 28, 28, 1, 0, 1}, {1, 1, 3, 6, 7, 1, 0, 0}, {2, 4, 2, 5, 9, 2, 0, 1},
      {3, 13, 3, 7, 6, 1, 1, 0},   {2, 9, 3, 8, 8, 2, 1, 1}, {4, 8, 5, 9, 11, 2, 1, 1},
      {1, 17, 4, 10, 5, 3, 0, 0},
  };
  for (const auto& c : configs) {
    ConvParams p;
    p.n = 2;
    p.c = c[0], p.filters = c[1], p.kh = p.kw = c[2], p.h = c[3], p.w = c[4];
    p.stride_h = p.stride_w = c[5], p.same = c[6] != 0, p.relu = c[7] != 0;
    all.push_back(p);
  }
  return all;
}

}  // namespace

TEST_CASE("int8 conv is bit-exact with TFLite's reference integer path", "[conv2d_int8]") {
  std::uint64_t seed = 100;
  for (const ConvParams& p : shapes())
    for (bool per_channel_weights : {true, false}) {
      CAPTURE(p.c, p.filters, p.kh, p.h, p.w, p.stride_h, p.same, p.relu, per_channel_weights,
              seed);
      Rng rng(seed++);
      const Int8ConvCase k = random_case(p, per_channel_weights, rng);
      const std::vector<std::int32_t> got = run_codes(k);
      const std::vector<std::int8_t> expected = conv2d_int8_ref(p, k.q, k.x, k.w, k.bias);
      for (std::size_t i = 0; i < got.size(); ++i) REQUIRE(got[i] == expected[i]);
    }
}

TEST_CASE("int8 conv is within one output step of the float conv", "[conv2d_int8]") {
  std::uint64_t seed = 200;
  for (const ConvParams& p : shapes()) {
    CAPTURE(p.c, p.filters, p.kh, p.h, p.w, p.stride_h, p.same, p.relu, seed);
    Rng rng(seed++);
    const Int8ConvCase k = random_case(p, true, rng);
    std::vector<float> w_real, bias_real;
    const std::size_t per_filter = k.w.size() / static_cast<std::size_t>(p.filters);
    for (std::size_t i = 0; i < k.w.size(); ++i)
      w_real.push_back(k.q.w_scales[i / per_filter] * k.w[i]);
    for (int f = 0; f < p.filters; ++f)
      bias_real.push_back(static_cast<float>(k.bias[static_cast<std::size_t>(f)]) * k.q.x_scale *
                          k.q.w_scales[static_cast<std::size_t>(f)]);
    const std::vector<double> expected =
        conv2d_ref(p, dequantize_ref(k.x, k.q.x_scale, k.q.x_zp), w_real, bias_real);
    const std::vector<std::int32_t> got = run_codes(k);
    const double low = k.q.y_scale * static_cast<double>(-128 - k.q.y_zp);
    const double high = k.q.y_scale * static_cast<double>(127 - k.q.y_zp);
    for (std::size_t i = 0; i < got.size(); ++i) {
      const double value = k.q.y_scale * static_cast<double>(got[i] - k.q.y_zp);
      REQUIRE(std::abs(value - std::min(std::max(expected[i], low), high)) <= k.q.y_scale);
    }
  }
}

TEST_CASE("int8 conv saturates at the int8 limits", "[conv2d_int8]") {
  Rng rng(7);
  ConvParams p;
  p.h = p.w = 6, p.c = 2, p.filters = 5, p.kh = p.kw = 3;
  Int8ConvCase k = random_case(p, true, rng);
  k.q.y_scale /= 200.0f;  // outputs far outside the representable range
  const std::vector<std::int32_t> got = run_codes(k);
  const std::vector<std::int8_t> expected = conv2d_int8_ref(p, k.q, k.x, k.w, k.bias);
  int lows = 0, highs = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    REQUIRE(got[i] == expected[i]);
    lows += got[i] == -128;
    highs += got[i] == 127;
  }
  CHECK(lows > 0);
  CHECK(highs > 0);
  CHECK(lows + highs > static_cast<int>(got.size()) * 3 / 4);
}

TEST_CASE("int8 conv requantizes each channel with its own multiplier", "[conv2d_int8]") {
  // Channel scales 1000x apart: one per-tensor multiplier would wreck the small channels.
  const std::vector<float> scales = {1e-4f, 3e-3f, 0.1f};
  const std::vector<QuantizedMultiplier> m = runtime::channel_multipliers(0.02f, scales, 0.05f);
  REQUIRE(m.size() == 3);
  CHECK(m[0].shift != m[2].shift);
  CHECK((m[0].multiplier != m[1].multiplier || m[0].shift != m[1].shift));
  for (std::size_t c = 0; c < 3; ++c)
    CHECK(
        std::ldexp(static_cast<double>(m[c].multiplier), m[c].shift - 31) ==
        Approx(static_cast<double>(0.02f) * scales[c] / static_cast<double>(0.05f)).epsilon(1e-9));

  Rng rng(11);
  ConvParams p;
  p.h = p.w = 5, p.c = 1, p.filters = 3, p.kh = p.kw = 3;
  Int8ConvCase k = random_case(p, true, rng);
  k.q.w_scales = scales;
  for (std::size_t i = 0; i < k.w.size(); ++i) k.w[i] = static_cast<std::int8_t>(k.w[i] / 2);
  k.bias.assign(3, 0);
  std::vector<float> w_real;
  for (std::size_t i = 0; i < k.w.size(); ++i) w_real.push_back(scales[i / 9] * k.w[i]);
  const std::vector<double> expected =
      conv2d_ref(p, dequantize_ref(k.x, k.q.x_scale, k.q.x_zp), w_real, {});
  double top = 0.0;
  for (double v : expected) top = std::max(top, std::abs(v));
  k.q.y_scale = static_cast<float>(top / 127.0);
  k.q.y_zp = 0;
  const std::vector<std::int32_t> got = run_codes(k);
  const std::vector<std::int8_t> exact = conv2d_int8_ref(p, k.q, k.x, k.w, k.bias);
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i, i % 3);
    REQUIRE(got[i] == exact[i]);
    // Channel 0's values are ~1000x smaller than channel 2's: still within one step.
    REQUIRE(std::abs(k.q.y_scale * static_cast<double>(got[i]) - expected[i]) <= k.q.y_scale);
  }
}

TEST_CASE("int8 conv rejects bad weight and bias quantization", "[conv2d_int8][errors]") {
  Rng rng(3);
  ConvParams p;
  p.h = p.w = 4, p.c = 1, p.filters = 2, p.kh = p.kw = 2;
  const Int8ConvCase k = random_case(p, true, rng);
  const auto expect_error = [&](const std::function<void(tflite::Model&)>& corrupt,
                                const std::string& text) {
    tflite::Model model = int8_conv_model(k);
    corrupt(model);
    REQUIRE_THROWS_WITH(Interpreter(model),
                        Catch::Contains("operator 0 (CONV_2D)") && Catch::Contains(text));
  };
  // tensors: 0 input, 1 filter, 2 bias, 3 output
  expect_error([](tflite::Model& m) { m.tensors[2].quantization = {}; },
               "bias has no quantization parameters");
  expect_error([](tflite::Model& m) { m.tensors[2].quantization.scale[1] *= 1.01f; },
               "bias scale must be");
  expect_error([](tflite::Model& m) { m.tensors[1].quantization.zero_point[0] = 3; },
               "symmetric (zero point 0)");
  expect_error(
      [](tflite::Model& m) {
        m.tensors[1].quantization.scale.push_back(0.1f);
        m.tensors[1].quantization.zero_point.push_back(0);
      },
      "needs 1 scale (per-tensor) or 2");
  expect_error([](tflite::Model& m) { m.tensors[1].quantization.quantized_dimension = 3; },
               "quantized_dimension 3");
  expect_error([](tflite::Model& m) { m.tensors[3].quantization.zero_point[0] = 300; },
               "zero point must be in [-128, 127]");
  expect_error([](tflite::Model& m) { m.tensors[3].quantization = {}; }, "per-tensor quantization");
  expect_error([](tflite::Model& m) { m.tensors[2].type = TensorType::kFloat32; },
               "bias must be INT32");
}

TEST_CASE("int8 conv stays exact at the float-accumulation limit and beyond it", "[conv2d_int8]") {
  // 1x1 windows over 1032 channels (the largest window summed in float) and 1033 (int32 lanes),
  // with the extreme products −128 · −127 everywhere: sums of 1032 · 16256 < 2^24.
  for (int channels : {runtime::Int8ConvAccumulator::kMaxExactFloatTaps,
                       runtime::Int8ConvAccumulator::kMaxExactFloatTaps + 1}) {
    CAPTURE(channels);
    Rng rng(static_cast<std::uint64_t>(channels));
    ConvParams p;
    p.h = p.w = 2, p.c = channels, p.filters = 3, p.kh = p.kw = 1;
    Int8ConvCase k = random_case(p, true, rng);
    for (std::size_t i = 0; i < k.x.size(); ++i) k.x[i] = i % 7 == 3 ? 127 : -128;
    for (std::size_t i = 0; i < k.w.size(); ++i)
      k.w[i] = i < k.w.size() / 3 ? -127 : (i % 2 ? 127 : -127);
    k.q.x_zp = 0;
    // Sums up to 2^24 land inside the output range, a code per ~2^17.
    const float w_top = *std::max_element(k.q.w_scales.begin(), k.q.w_scales.end());
    k.q.y_scale = k.q.x_scale * w_top * 16777216.0f / 120.0f;
    k.q.y_zp = 0;
    const std::vector<std::int32_t> got = run_codes(k);
    const std::vector<std::int8_t> expected = conv2d_int8_ref(p, k.q, k.x, k.w, k.bias);
    int large = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
      REQUIRE(got[i] == expected[i]);
      large += std::abs(got[i]) > 40;
    }
    CHECK(large > 0);
  }
}
