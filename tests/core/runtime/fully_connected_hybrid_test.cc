// FullyConnectedHybrid: TFLite's hybrid arithmetic written out (per-row symmetric input
// quantization, int32 dot products, b + acc·(s_x·s_w)), and the input-quantization bound
// against float.
#include "core/runtime/fully_connected_hybrid.h"

#include <catch2/catch.hpp>

#include "core/base/rng.h"
#include "core/runtime/interpreter.h"
#include "tests/core/runtime/model_builder.h"
#include "tests/core/runtime/reference_ops.h"

using namespace qplab;
using namespace qplab::testing;

TEST_CASE("hybrid fully connected follows TFLite's hybrid arithmetic and the quantization bound",
          "[fully_connected_hybrid]") {
  std::uint64_t seed = 600;
  for (const auto& [in, out, relu] : std::vector<std::tuple<int, int, bool>>{
           {2028, 10, false}, {1, 1, false}, {7, 3, true}, {64, 17, true}})
    for (bool per_channel_weights : {false, true}) {
      CAPTURE(in, out, relu, per_channel_weights, seed);
      Rng rng(seed++);
      const int rows = 3;
      std::vector<float> w(static_cast<std::size_t>(in) * out), bias(static_cast<std::size_t>(out)),
          x(static_cast<std::size_t>(in) * rows);
      for (float& v : w) v = rng.uniform(-0.2f, 0.2f);
      for (float& v : bias) v = rng.uniform(-1.0f, 1.0f);
      for (float& v : x) v = rng.uniform(-1.0f, 2.0f);
      const SymmetricWeights wq = quantize_weights(w, per_channel_weights ? out : 1);
      ModelBuilder b;
      const int xt = b.tensor({1, in});
      const int wt =
          b.constant_i8({out, in}, wq.q,
                        per_channel_weights ? per_channel(wq.scales) : per_tensor(wq.scales[0], 0));
      const int bt = b.constant({out}, bias);
      const int yt = b.tensor({1, out});
      b.op(BuiltinOperator::kFullyConnected, {xt, wt, bt}, {yt}).activation =
          relu ? tflite::FusedActivation::kRelu : tflite::FusedActivation::kNone;
      Interpreter interpreter(b.finish(xt, yt), rows);
      std::vector<float> y(static_cast<std::size_t>(out) * rows);
      interpreter.run(x.data(), rows, y.data());

      const std::vector<float> w_real = dequantize_weights(wq);
      const std::vector<double> exact = fully_connected_ref(rows, in, out, x, w_real, bias, relu);
      for (int r = 0; r < rows; ++r) {
        const float* row = x.data() + static_cast<std::size_t>(r) * in;
        float top = 0.0f;
        for (int k = 0; k < in; ++k) top = std::max(top, std::fabs(row[k]));
        const float s_x = top / 127.0f;
        for (int o = 0; o < out; ++o) {
          std::int32_t acc = 0;
          double l1 = 0.0;
          for (int k = 0; k < in; ++k) {
            acc += static_cast<std::int32_t>(std::round(row[k] * (127.0f / top))) *
                   wq.q[static_cast<std::size_t>(o) * in + k];
            l1 += std::abs(w_real[static_cast<std::size_t>(o) * in + k]);
          }
          const float w_scale = wq.scales[per_channel_weights ? static_cast<std::size_t>(o) : 0];
          float expected =
              bias[static_cast<std::size_t>(o)] + static_cast<float>(acc) * (s_x * w_scale);
          if (relu) expected = std::max(expected, 0.0f);
          const std::size_t i = static_cast<std::size_t>(r) * out + o;
          REQUIRE(y[i] == expected);
          REQUIRE(std::abs(y[i] - exact[i]) <= l1 * s_x / 2 + 1e-5);
        }
      }
    }
}

TEST_CASE("hybrid fully connected of an all-zero row gives the bias", "[fully_connected_hybrid]") {
  ModelBuilder b;
  const int x = b.tensor({1, 4});
  const int w = b.constant_i8({2, 4}, {1, 2, 3, 4, -5, 6, -7, 8}, per_tensor(0.5f, 0));
  const int bias = b.constant({2}, {1.5f, -2.0f});
  const int y = b.tensor({1, 2});
  b.op(BuiltinOperator::kFullyConnected, {x, w, bias}, {y});
  Interpreter interpreter(b.finish(x, y));
  const std::vector<float> zeros(4, 0.0f);
  std::vector<float> out(2);
  interpreter.run(zeros.data(), 1, out.data());
  CHECK(out == std::vector<float>{1.5f, -2.0f});
}
