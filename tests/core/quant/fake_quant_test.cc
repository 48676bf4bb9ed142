// Fake quantization: weight and output q→dq on hand cases, the moving average, the
// straight-through estimator, and the hooks in Conv2D and Dense.
#include "core/quant/fake_quant.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/nn/conv2d.h"
#include "core/nn/dense.h"
#include "tests/core/nn/gradient_check.h"

using namespace qplab;

TEST_CASE("weights fake-quantize symmetrically per channel and zero stays zero", "[fake_quant]") {
  const float w[] = {1.27f, -0.5f, 0.004f, 0.0f,      // channel 0: scale 0.01
                     0.3f,  -0.6f, 0.2f,   0.0001f};  // channel 1: scale 0.6/127
  float fq[8];
  fake_quant_weights(w, 2, 4, fq);
  CHECK(fq[0] == 1.27f / 127.0f * 127.0f);
  CHECK(fq[1] == 1.27f / 127.0f * -50.0f);
  CHECK(fq[2] == 0.0f);  // 0.4 steps rounds to 0
  CHECK(fq[3] == 0.0f);
  const float s1 = 0.6f / 127.0f;
  CHECK(fq[4] == s1 * std::round(0.3f / s1));
  CHECK(fq[5] == s1 * -127.0f);
  CHECK(fq[7] == 0.0f);
}

TEST_CASE("the moving average starts at the first batch and decays toward later ones",
          "[fake_quant]") {
  MovingAverageRange average(0.5f);
  CHECK_FALSE(average.initialized());
  average.update({-1.0f, 2.0f});
  CHECK(average.initialized());
  CHECK(average.range().min == -1.0f);
  CHECK(average.range().max == 2.0f);
  average.update({0.5f, 4.0f});  // extended to [0, 4] first
  CHECK(average.range().min == -0.5f);
  CHECK(average.range().max == 3.0f);
  MovingAverageRange positive(0.999f);
  positive.update({0.25f, 1.0f});
  CHECK(positive.range().min == 0.0f);
  positive.update({0.0f, 2.0f});
  CHECK(positive.range().max == Approx(1.001f));
}

TEST_CASE("outputs fake-quantize over the learned range; kInfer does not move it", "[fake_quant]") {
  LayerFakeQuant fq({0.9f}, 1);
  Tensor y({1, 4});
  y[0] = 0.004f, y[1] = 0.006f, y[2] = 1.0f, y[3] = 2.55f;  // range [0, 2.55]: scale 0.01, zp −128
  const Tensor& before = fq.transform_output(y, Mode::kTrain);
  const QuantParams p = fq.output_params();
  CHECK(p.scale == 2.55f / 255.0f);
  CHECK(p.zero_point == -128);
  CHECK(y[0] == 0.0f);
  CHECK(y[1] == p.scale * 1.0f);
  CHECK(y[2] == p.scale * std::round(1.0f / p.scale));
  CHECK(y[3] == p.scale * 255.0f);
  CHECK(before[1] == 0.006f);

  Tensor z({1, 2});
  z[0] = 5.0f, z[1] = -1.0f;
  fq.transform_output(z, Mode::kInfer);
  CHECK(fq.range().max == 2.55f);   // unchanged
  CHECK(z[0] == p.scale * 255.0f);  // saturates
  CHECK(z[1] == 0.0f);
}

TEST_CASE("the straight-through estimator zeroes gradients outside the range only",
          "[fake_quant]") {
  LayerFakeQuant fq({0.0f}, 1);  // decay 0: the range is the last training batch's
  Tensor y({1, 3});
  y[0] = -1.0f, y[1] = 0.3f, y[2] = 3.0f;
  fq.transform_output(y, Mode::kTrain);  // range [−1, 3]
  Tensor y2({1, 4});
  y2[0] = -2.0f, y2[1] = 0.1234f, y2[2] = 2.99f, y2[3] = 7.0f;
  fq.transform_output(y2, Mode::kInfer);
  Tensor dy({1, 4}, 1.0f);
  dy[1] = 0.5f;
  const Tensor& dx = fq.output_gradient(dy);
  CHECK(dx[0] == 0.0f);  // below −1
  CHECK(dx[1] == 0.5f);  // inside: passed through unchanged, though rounded in forward
  CHECK(dx[2] == 1.0f);
  CHECK(dx[3] == 0.0f);  // above 3
}

TEST_CASE("an output with no learned range yet passes unchanged", "[fake_quant]") {
  LayerFakeQuant fq({}, 1);
  Tensor y({1, 2});
  y[0] = 0.123456f, y[1] = -7.0f;
  fq.transform_output(y, Mode::kInfer);
  CHECK(y[0] == 0.123456f);
  CHECK(fq.output_gradient(y)[1] == -7.0f);
  CHECK_FALSE(fq.has_range());
  REQUIRE_THROWS_WITH(fq.output_params(), Catch::Contains("no output range yet"));
  REQUIRE_THROWS_WITH(LayerFakeQuant({1.0f}, 1), Catch::Contains("ema_decay must be in [0, 1)"));
  REQUIRE_THROWS_WITH(LayerFakeQuant({}, 0), Catch::Contains("weight_channels must be >= 1"));
}

TEST_CASE("dense under QAT: STE gradients with the fake-quantized kernel", "[fake_quant][dense]") {
  Rng rng(3);
  Dense dense(5, 3, rng);
  for (float& b : dense.bias().values()) b = rng.uniform(-0.5f, 0.5f);
  enable_fake_quant(dense, {});
  const Tensor x = testing::random_tensor({4, 5}, rng);
  Tensor y, dx;
  dense.forward(x, y, Mode::kTrain);
  const LayerFakeQuant& fq = *fake_quant_of(dense);
  const QuantParams out = fq.output_params();
  std::vector<float> w_fq(15);
  fake_quant_weights(dense.kernel().data(), 1, 15, w_fq.data());
  // Forward: q→dq(x·W_fqᵀ + b).
  for (int n = 0; n < 4; ++n)
    for (int o = 0; o < 3; ++o) {
      double sum = dense.bias()[static_cast<std::size_t>(o)];
      for (int i = 0; i < 5; ++i)
        sum += x[static_cast<std::size_t>(n * 5 + i)] * w_fq[static_cast<std::size_t>(o * 5 + i)];
      const float expected = dequantize(quantize(static_cast<float>(sum), out), out);
      // The layer's summation order may differ from this one: equal within one output step.
      CHECK(y[static_cast<std::size_t>(n * 3 + o)] == Approx(expected).margin(out.scale * 1.0001));
    }
  // STE: dy passes where the float output lies inside the representable range. The first
  // batch set the range, but rounding the zero point moves its ends by up to half a step, so
  // an extreme output can fall just outside.
  const Tensor dy_out = testing::random_tensor({4, 3}, rng);
  dense.backward(dy_out, &dx);
  const Range inside = representable_range(out);
  // The float output: the same layer with the fake-quantized kernel and no transform.
  Rng twin_rng(0);
  Dense twin(5, 3, twin_rng);
  std::copy(w_fq.begin(), w_fq.end(), twin.kernel().data());
  twin.bias() = dense.bias();
  Tensor before;
  twin.forward(x, before, Mode::kInfer);
  Tensor dy = dy_out;
  int masked = 0;
  for (std::size_t k = 0; k < dy.size(); ++k)
    if (before[k] < inside.min || before[k] > inside.max) dy[k] = 0.0f, ++masked;
  CHECK(masked <= 2);
  const ParamRef kernel = dense.params()[0];
  for (int o = 0; o < 3; ++o)
    for (int i = 0; i < 5; ++i) {
      double dw = 0;
      for (int n = 0; n < 4; ++n)
        dw += dy[static_cast<std::size_t>(n * 3 + o)] * x[static_cast<std::size_t>(n * 5 + i)];
      CHECK(kernel.grad[o * 5 + i] == Approx(dw).margin(1e-5));
    }
  for (int n = 0; n < 4; ++n)
    for (int i = 0; i < 5; ++i) {
      double expected = 0;
      for (int o = 0; o < 3; ++o)
        expected +=
            dy[static_cast<std::size_t>(n * 3 + o)] * w_fq[static_cast<std::size_t>(o * 5 + i)];
      CHECK(dx[static_cast<std::size_t>(n * 5 + i)] ==
            Approx(expected).margin(1e-5));  // W_fq, not W
    }
}

TEST_CASE("conv2d under QAT: per-filter weights, ReLU then quantization, STE mask",
          "[fake_quant][conv2d]") {
  Rng rng(4);
  Conv2D conv(1, 2, 2, 2, Activation::kRelu, rng);
  const float kernel[] = {0.5f, -0.25f, 0.127f, 0.0f,   // filter 0: scale 0.5/127
                          1.0f, 1.0f,   1.0f,   1.0f};  // filter 1: scale 1/127
  std::copy(std::begin(kernel), std::end(kernel), conv.kernel().data());
  enable_fake_quant(conv, {0.0f});
  Tensor x({1, 3, 3, 1});
  for (std::size_t i = 0; i < 9; ++i) x[i] = static_cast<float>(i) / 8.0f;
  Tensor y;
  conv.forward(x, y, Mode::kTrain);
  const QuantParams out = fake_quant_of(conv)->output_params();
  CHECK(out.zero_point == -128);  // post-ReLU range starts at 0
  std::vector<float> w_fq(8);
  fake_quant_weights(kernel, 2, 4, w_fq.data());
  CHECK(w_fq[2] == 0.5f / 127.0f * 32.0f);  // 0.127 / (0.5/127) = 32.258 → 32
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      for (int f = 0; f < 2; ++f) {
        float sum = 0.0f;
        for (int a = 0; a < 2; ++a)
          for (int b = 0; b < 2; ++b)
            sum += x[static_cast<std::size_t>((i + a) * 3 + j + b)] *
                   w_fq[static_cast<std::size_t>(f * 4 + a * 2 + b)];
        const float expected = dequantize(quantize(std::max(sum, 0.0f), out), out);
        CHECK(y[static_cast<std::size_t>((i * 2 + j) * 2 + f)] ==
              Approx(expected).margin(out.scale * 1.0001));
      }
  // Backward: the ReLU mask comes from the float output, so a tiny positive output that
  // quantized to 0 still passes its gradient.
  Tensor dy({1, 2, 2, 2}, 1.0f), dx;
  conv.backward(dy, &dx);
  // The float output: the same convolution with the fake-quantized kernel and no transform.
  Rng twin_rng(0);
  Conv2D twin(1, 2, 2, 2, Activation::kRelu, twin_rng);
  std::copy(w_fq.begin(), w_fq.end(), twin.kernel().data());
  Tensor before;
  twin.forward(x, before, Mode::kInfer);
  double db0 = 0;
  for (std::size_t p = 0; p < 4; ++p) db0 += before[p * 2] > 0.0f ? 1.0 : 0.0;
  CHECK(conv.params()[1].grad[0] == Approx(db0));
}
