// Conv2DHybrid: against TFLite's hybrid arithmetic written out (per-image symmetric input
// quantization, int32 accumulation, float scale-back), and against the float conv within the
// input-quantization bound Σ|w|·s_x/2.
#include "core/runtime/conv2d_hybrid.h"

#include <catch2/catch.hpp>

#include "core/base/rng.h"
#include "core/runtime/interpreter.h"
#include "tests/core/runtime/model_builder.h"
#include "tests/core/runtime/reference_ops.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

tflite::Model hybrid_conv_model(const ConvParams& p, const SymmetricWeights& w,
                                bool per_channel_weights, const std::vector<float>& bias) {
  ModelBuilder b;
  const int x = b.tensor({1, p.h, p.w, p.c});
  const int wt =
      b.constant_i8({p.filters, p.kh, p.kw, p.c}, w.q,
                    per_channel_weights ? per_channel(w.scales) : per_tensor(w.scales[0], 0));
  const int bt = bias.empty() ? -1 : b.constant({p.filters}, bias);
  const int y = b.tensor({1, p.out_h(), p.out_w(), p.filters});
  tflite::OperatorDef& op = b.op(BuiltinOperator::kConv2D, {x, wt, bt}, {y});
  op.padding = p.same ? tflite::Padding::kSame : tflite::Padding::kValid;
  op.stride_h = p.stride_h;
  op.stride_w = p.stride_w;
  op.activation = p.relu ? tflite::FusedActivation::kRelu : tflite::FusedActivation::kNone;
  op.version = per_channel_weights ? 5 : 2;
  return b.finish(x, y);
}

// TFLite's hybrid per-channel conv, scalar: s_x = max|x|/127 per image, x_q = round(x/s_x).
std::vector<float> hybrid_ref(const ConvParams& p, const std::vector<float>& x,
                              const SymmetricWeights& w, const std::vector<float>& bias) {
  const std::size_t image = static_cast<std::size_t>(p.h) * p.w * p.c;
  std::vector<float> x_q(x.size()), scale(static_cast<std::size_t>(p.n));
  for (int b = 0; b < p.n; ++b) {
    float top = 0.0f;
    for (std::size_t i = 0; i < image; ++i) top = std::max(top, std::fabs(x[b * image + i]));
    scale[static_cast<std::size_t>(b)] = top > 0.0f ? top / 127.0f : 1.0f;
    for (std::size_t i = 0; i < image; ++i)
      x_q[b * image + i] = top > 0.0f ? std::round(x[b * image + i] * (127.0f / top)) : 0.0f;
  }
  std::vector<float> w_codes(w.q.begin(), w.q.end());
  const std::vector<double> acc = conv2d_ref(
      ConvParams{p.n, p.h, p.w, p.c, p.filters, p.kh, p.kw, p.stride_h, p.stride_w, p.same, false},
      x_q, w_codes, {});
  std::vector<float> y(acc.size());
  const std::size_t per_image = acc.size() / static_cast<std::size_t>(p.n);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const std::size_t f = i % static_cast<std::size_t>(p.filters);
    const float w_scale = w.scales.size() == 1 ? w.scales[0] : w.scales[f];
    float v = static_cast<float>(acc[i]) * w_scale * scale[i / per_image] +
              (bias.empty() ? 0.0f : bias[f]);
    y[i] = p.relu ? std::max(v, 0.0f) : v;
  }
  return y;
}

}  // namespace

TEST_CASE(
    "hybrid conv follows TFLite's hybrid arithmetic and stays within the input-quantization bound",
    "[conv2d_hybrid]") {
  const int configs[][8] = {
      // c, filters, k, h, w, stride, same, relu
      {1, 12, 3, 28, 28, 1, 0, 1}, {2, 4, 2, 5, 9, 2, 0, 1}, {3, 13, 3, 7, 6, 1, 1, 0},
      {4, 8, 5, 9, 11, 2, 1, 1},   {1, 1, 1, 3, 3, 1, 0, 0},
  };
  std::uint64_t seed = 300;
  for (const auto& c : configs)
    for (bool per_channel_weights : {true, false}) {
      ConvParams p;
      p.n = 3;
      p.c = c[0], p.filters = c[1], p.kh = p.kw = c[2], p.h = c[3], p.w = c[4];
      p.stride_h = p.stride_w = c[5], p.same = c[6] != 0, p.relu = c[7] != 0;
      CAPTURE(p.c, p.filters, p.kh, p.h, p.w, p.stride_h, p.same, p.relu, per_channel_weights,
              seed);
      Rng rng(seed++);
      std::vector<float> w(p.filter_size()), bias(static_cast<std::size_t>(p.filters)),
          x(p.in_size());
      for (float& v : w) v = rng.uniform(-0.5f, 0.5f);
      for (float& v : bias) v = rng.uniform(-0.2f, 0.2f);
      for (float& v : x) v = rng.uniform(-2.0f, 3.0f);
      const SymmetricWeights wq = quantize_weights(w, per_channel_weights ? p.filters : 1);
      Interpreter interpreter(hybrid_conv_model(p, wq, per_channel_weights, bias), p.n);
      std::vector<float> y(p.out_size());
      interpreter.run(x.data(), p.n, y.data());

      const std::vector<float> expected = hybrid_ref(p, x, wq, bias);
      for (std::size_t i = 0; i < y.size(); ++i)
        REQUIRE(y[i] == Approx(expected[i]).epsilon(1e-6).margin(1e-6));

      // Against float with the same (dequantized) weights: only the input is quantized, by at
      // most s_x/2 per value, so |Δy| ≤ Σ_taps |w| · s_x / 2 (plus float rounding).
      const std::vector<float> w_real = dequantize_weights(wq);
      const std::vector<double> exact = conv2d_ref(p, x, w_real, bias);
      const std::size_t image = p.in_size() / static_cast<std::size_t>(p.n);
      const std::size_t taps = p.filter_size() / static_cast<std::size_t>(p.filters);
      for (std::size_t i = 0; i < y.size(); ++i) {
        const std::size_t b = i / (y.size() / static_cast<std::size_t>(p.n)),
                          f = i % static_cast<std::size_t>(p.filters);
        float top = 0.0f;
        for (std::size_t k = 0; k < image; ++k) top = std::max(top, std::fabs(x[b * image + k]));
        double l1 = 0.0;
        for (std::size_t t = 0; t < taps; ++t) l1 += std::abs(w_real[f * taps + t]);
        REQUIRE(std::abs(y[i] - exact[i]) <= l1 * (top / 127.0) / 2 + 1e-5);
      }
    }
}

TEST_CASE("hybrid conv of an all-zero image gives the bias", "[conv2d_hybrid]") {
  ConvParams p;
  p.h = p.w = 4, p.c = 1, p.filters = 3, p.kh = p.kw = 2;
  const SymmetricWeights wq =
      quantize_weights({0.1f, -0.2f, 0.3f, 0.4f, 1, 2, 3, 4, -1, -1, -1, -1}, 3);
  Interpreter interpreter(hybrid_conv_model(p, wq, true, {0.5f, -0.25f, 2.0f}));
  const std::vector<float> x(16, 0.0f);
  std::vector<float> y(p.out_size());
  interpreter.run(x.data(), 1, y.data());
  for (std::size_t i = 0; i < y.size(); ++i)
    CHECK(y[i] == std::vector<float>{0.5f, -0.25f, 2.0f}[i % 3]);
}

TEST_CASE("hybrid conv rejects an int32 bias and asymmetric weights", "[conv2d_hybrid][errors]") {
  ConvParams p;
  p.h = p.w = 4, p.filters = 2, p.kh = p.kw = 2;
  const SymmetricWeights wq = quantize_weights(std::vector<float>(8, 0.5f), 2);
  tflite::Model model = hybrid_conv_model(p, wq, true, {0.0f, 0.0f});
  model.tensors[2].type = TensorType::kInt32;
  REQUIRE_THROWS_WITH(Interpreter(model), Catch::Contains("operator 0 (CONV_2D)") &&
                                              Catch::Contains("float32 in a hybrid conv"));
  model = hybrid_conv_model(p, wq, true, {0.0f, 0.0f});
  model.tensors[1].quantization.zero_point[1] = -5;
  REQUIRE_THROWS_WITH(Interpreter(model),
                      Catch::Contains("operator 0 (CONV_2D)") && Catch::Contains("zero point -5"));
}
