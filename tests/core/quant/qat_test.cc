// QAT: a QAT layer computes what the int8 file will (against an int8 reference within one
// step), the learned ranges, fine-tuning that does not diverge, sparsity kept, bad use.
#include "core/quant/qat.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/nn/conv2d.h"
#include "core/nn/dense.h"
#include "core/nn/flatten.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/maxpool2d.h"
#include "core/quant/converter.h"
#include "tests/core/lab_digits.h"
#include "tests/core/nn/gradient_check.h"
#include "tests/core/quant/variant_predictions.h"

using namespace qplab;

namespace {

// The integer computation of one output, as a TFLite int8 kernel does it up to the final
// requantization (done here in float, the `_ref` way): int32 accumulation of
// (q_x − zp_x)·q_w plus the int32 bias, rescaled by s_x·s_w, requantized, fused ReLU as a
// clamp at the output zero point.
float int8_reference(const std::vector<std::int8_t>& x_q, QuantParams in, const std::int8_t* w_q,
                     float w_scale, float bias, QuantParams out, bool relu) {
  const float bias_scale = in.scale * w_scale;
  std::int64_t acc = quantize_bias(bias, bias_scale);
  for (std::size_t i = 0; i < x_q.size(); ++i) acc += (x_q[i] - in.zero_point) * w_q[i];
  std::int8_t q = quantize(static_cast<float>(static_cast<double>(acc) * bias_scale), out);
  if (relu) q = std::max<std::int8_t>(q, static_cast<std::int8_t>(out.zero_point));
  return dequantize(q, out);
}

Tensor representable_input(const Shape& shape, QuantParams in, Rng& rng) {
  Tensor x(shape);
  for (float& v : x.values()) v = dequantize(quantize(rng.uniform(-1.0f, 1.0f), in), in);
  return x;
}

Dataset every_nth(const Dataset& data, int stride) {
  std::vector<int> indices;
  for (int i = 0; i < data.count; i += stride) indices.push_back(i);
  return subset(data, indices);
}

}  // namespace

TEST_CASE("a QAT dense layer equals the int8 computation within one step", "[qat]") {
  Rng rng(21);
  Dense dense(40, 7, rng);
  for (float& b : dense.bias().values()) b = rng.uniform(-0.3f, 0.3f);
  enable_fake_quant(dense, {});
  const QuantParams in = choose_asymmetric_int8(-1.0f, 1.0f);
  const Tensor train_x = representable_input({16, 40}, in, rng);
  Tensor y;
  dense.forward(train_x, y, Mode::kTrain);  // sets the output range
  const QuantParams out = fake_quant_of(dense)->output_params();
  const Tensor x = representable_input({16, 40}, in, rng);
  dense.forward(x, y, Mode::kInfer);

  const std::vector<float> w_scale = symmetric_scales(dense.kernel().data(), 1, 280);
  std::vector<std::int8_t> w_q(280);
  quantize_symmetric(dense.kernel().data(), 1, 280, w_scale, w_q.data());
  int exact = 0;
  for (int n = 0; n < 16; ++n) {
    std::vector<std::int8_t> x_q(40);
    quantize(x.data() + n * 40, 40, in, x_q.data());
    for (int o = 0; o < 7; ++o) {
      const float expected = int8_reference(x_q, in, w_q.data() + o * 40, w_scale[0],
                                            dense.bias()[static_cast<std::size_t>(o)], out, false);
      const float got = y[static_cast<std::size_t>(n * 7 + o)];
      CAPTURE(n, o, got, expected);
      REQUIRE(std::abs(got - expected) <= out.scale * 1.0001f);
      exact += got == expected;
    }
  }
  CHECK(exact >= 16 * 7 * 9 / 10);  // a step apart only where rounding hits a tie
}

TEST_CASE("a QAT conv layer equals the int8 computation within one step", "[qat]") {
  Rng rng(22);
  Conv2D conv(2, 5, 3, 3, Activation::kRelu, rng);
  for (float& b : conv.bias().values()) b = rng.uniform(-0.3f, 0.3f);
  enable_fake_quant(conv, {});
  const QuantParams in = choose_asymmetric_int8(-1.0f, 1.0f);
  Tensor y;
  conv.forward(representable_input({2, 6, 6, 2}, in, rng), y, Mode::kTrain);
  const QuantParams out = fake_quant_of(conv)->output_params();
  const Tensor x = representable_input({2, 6, 6, 2}, in, rng);
  conv.forward(x, y, Mode::kInfer);

  const std::vector<float> w_scale = symmetric_scales(conv.kernel().data(), 5, 18);
  std::vector<std::int8_t> w_q(90);
  quantize_symmetric(conv.kernel().data(), 5, 18, w_scale, w_q.data());
  int exact = 0, total = 0;
  for (int n = 0; n < 2; ++n)
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) {
        std::vector<std::int8_t> x_q;  // the window in [KH, KW, C] order, as the kernel
        for (int a = 0; a < 3; ++a)
          for (int b = 0; b < 3; ++b)
            for (int c = 0; c < 2; ++c)
              x_q.push_back(
                  quantize(x[static_cast<std::size_t>(((n * 6 + i + a) * 6 + j + b) * 2 + c)], in));
        for (int f = 0; f < 5; ++f) {
          const float expected =
              int8_reference(x_q, in, w_q.data() + f * 18, w_scale[static_cast<std::size_t>(f)],
                             conv.bias()[static_cast<std::size_t>(f)], out, true);
          const float got = y[static_cast<std::size_t>(((n * 4 + i) * 4 + j) * 5 + f)];
          CAPTURE(n, i, j, f, got, expected);
          REQUIRE(std::abs(got - expected) <= out.scale * 1.0001f);
          exact += got == expected;
          ++total;
        }
      }
  CHECK(exact >= total * 9 / 10);
}

TEST_CASE("enable_qat and qat_ranges cover the weighted layers and refuse misuse",
          "[qat][errors]") {
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  REQUIRE_THROWS_WITH(qat_ranges(model), Catch::Contains("layer 1 (conv2d) has QAT off"));
  enable_qat(model);
  REQUIRE_THROWS_WITH(qat_ranges(model), Catch::Contains("layer 1 (conv2d) has no learned range"));
  const Tensor x = testing::random_tensor({4, 28, 28}, rng, 0.0f, 1.0f);
  model.forward(x, Mode::kTrain);
  const ActivationRanges ranges = qat_ranges(model);
  REQUIRE(ranges.outputs.size() == 5);
  CHECK(ranges.input.max == 1.0f);
  CHECK(ranges.outputs[0].max == 1.0f);
  CHECK(ranges.outputs[1].min == 0.0f);
  CHECK(ranges.outputs[1].max > 0.0f);
  CHECK(ranges.outputs[3].max == ranges.outputs[1].max);
  CHECK(ranges.outputs[4].min < 0.0f);
  CHECK(ranges.outputs[4].max > 0.0f);

  Sequential pool_only({4, 4, 1});
  pool_only.add(std::make_unique<MaxPool2D>(2, 2));
  pool_only.add(std::make_unique<Flatten>());
  REQUIRE_THROWS_WITH(enable_qat(pool_only), Catch::Contains("no Conv2D or Dense"));
  REQUIRE_THROWS_WITH(enable_qat(model, {2.0f}), Catch::Contains("ema_decay"));
}

TEST_CASE("QAT fine-tuning does not diverge and leaves the baseline untouched", "[qat]") {
  const TrainTest& digits = testing::lab_digits();
  Rng rng(5);
  Sequential baseline = build_lab_cnn(rng);
  Adam adam(baseline.params());
  fit(baseline, adam, digits.train, {});
  const double baseline_accuracy = evaluate(baseline, digits.test).accuracy;
  const std::vector<float> before(baseline.params()[2].value, baseline.params()[2].value + 20280);

  QatOptions options;
  History history;
  Sequential qat = fine_tune_qat(baseline, every_nth(digits.train, 2), options, &history);
  REQUIRE(history.epochs.size() == 1);
  CHECK(std::isfinite(history.epochs[0].loss));
  const Evaluation after = evaluate(qat, digits.test);  // kInfer: fake-quantized forward
  CAPTURE(baseline_accuracy, after.accuracy);
  CHECK(std::isfinite(after.loss));
  CHECK(after.accuracy >= baseline_accuracy - 0.02);
  CHECK(std::vector<float>(baseline.params()[2].value, baseline.params()[2].value + 20280) ==
        before);

  // The learned ranges convert, and the file's activation params are the fake quantizers'.
  const tflite::Model m = to_int8_tflite(qat, qat_ranges(qat));
  const QuantParams conv = fake_quant_of(*qat.layers()[1])->output_params();
  for (const auto& t : m.tensors)
    if (t.name == "c1") {
      CHECK(t.quantization.scale[0] == conv.scale);
      CHECK(t.quantization.zero_point[0] == conv.zero_point);
    }
}

TEST_CASE("sparsity-preserving QAT keeps every pruned weight at exactly zero", "[qat]") {
  const Dataset small = every_nth(testing::lab_digits().train, 8);
  Rng rng(6);
  Sequential baseline = build_lab_cnn(rng);
  ParamRef kernel = baseline.params()[2];
  for (std::size_t i = 0; i < kernel.size(); ++i)
    if (i % 3 != 0) kernel.value[i] = 0.0f;  // two thirds pruned
  QatOptions options;
  options.preserve_sparsity = true;
  Sequential kept = fine_tune_qat(baseline, small, options);
  const ParamRef tuned = kept.params()[2];
  for (std::size_t i = 0; i < tuned.size(); ++i) REQUIRE((tuned.value[i] == 0.0f) == (i % 3 != 0));

  options.preserve_sparsity = false;  // without masks Adam revives pruned weights
  Sequential revived = fine_tune_qat(baseline, small, options);
  int nonzero = 0;
  for (std::size_t i = 0; i < tuned.size(); ++i)
    nonzero += i % 3 != 0 && revived.params()[2].value[i] != 0.0f;
  CHECK(nonzero > 1000);
}

TEST_CASE("the QAT int8 file predicts what the fake-quantized model predicts", "[qat][e2e]") {
  constexpr double kMinimumAgreement = 0.99;
  const Dataset& test = testing::lab_digits().test;
  Sequential baseline = testing::trained_lab_model();
  Sequential qat = fine_tune_qat(baseline, testing::lab_digits().train);
  const std::vector<int> fake_quant = testing::model_predictions(qat, test);
  const std::vector<int> file =
      testing::file_predictions(to_int8_tflite(qat, qat_ranges(qat)), test);
  const double agreement = testing::agreement(fake_quant, file);
  CAPTURE(agreement, testing::accuracy(fake_quant, test), testing::accuracy(file, test));
  CHECK(agreement >= kMinimumAgreement);
}
