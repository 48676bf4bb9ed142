// VariantModel: a checkpoint and the .tflite converted from it score digits alike; the format
// comes from the bytes; bad bytes throw the reader's error.
#include "core/lab/variant_model.h"

#include <catch2/catch.hpp>
#include <numeric>

#include "core/format/checkpoint.h"
#include "core/format/tflite_writer.h"
#include "core/nn/lab_cnn.h"
#include "core/quant/converter.h"

using namespace qplab;

namespace {

constexpr float kFloatBudget = 1e-5f;  // checkpoint vs float .tflite: same weights, other kernels

std::vector<float> stroke_digit(int seed) {  // a bright bar somewhere on a dark 28×28 image
  std::vector<float> pixels(784, 0.0f);
  for (int r = 4 + seed; r < 20 + seed; ++r)
    for (int c = 10 + seed; c < 14 + seed; ++c) pixels[static_cast<std::size_t>(r * 28 + c)] = 1.0f;
  return pixels;
}

}  // namespace

TEST_CASE("a checkpoint and its float .tflite give the same probabilities", "[variant_model]") {
  Rng rng(7);
  Sequential network = build_lab_cnn(rng);
  const std::vector<std::uint8_t> checkpoint = save_checkpoint(network);
  const std::vector<std::uint8_t> tflite = tflite::write_tflite(to_float_tflite(network));
  VariantModel from_checkpoint(checkpoint), from_tflite(tflite);
  CHECK(from_checkpoint.format() == VariantFormat::kCheckpoint);
  CHECK(from_tflite.format() == VariantFormat::kTflite);
  CHECK(from_checkpoint.input_elements() == 784);
  CHECK(from_tflite.input_elements() == 784);
  REQUIRE(from_checkpoint.classes() == 10);
  REQUIRE(from_tflite.classes() == 10);
  for (int seed = 0; seed < 4; ++seed) {
    CAPTURE(seed);
    const std::vector<float> pixels = stroke_digit(seed);
    float a[10], b[10];
    from_checkpoint.probabilities(pixels.data(), a);
    from_tflite.probabilities(pixels.data(), b);
    CHECK(std::accumulate(a, a + 10, 0.0) == Approx(1.0).margin(1e-5));
    for (int c = 0; c < 10; ++c) CHECK(a[c] == Approx(b[c]).margin(kFloatBudget));
    CHECK(from_checkpoint.predict(pixels.data()) == from_tflite.predict(pixels.data()));
  }
}

TEST_CASE("a variant reports the sparsity of its kernels as stored", "[variant_model]") {
  Rng rng(8);
  Sequential network = build_lab_cnn(rng);
  CHECK(VariantModel(save_checkpoint(network)).sparsity() == 0.0);
  for (const ParamRef& p : network.params())
    if (p.mask != nullptr)
      for (std::size_t i = 0; i < p.size(); i += 2) p.value[i] = 0.0f;  // half of each kernel
  const double expected = 0.5;
  CHECK(VariantModel(save_checkpoint(network)).sparsity() == Approx(expected).margin(1e-3));
  CHECK(VariantModel(tflite::write_tflite(to_float_tflite(network))).sparsity() ==
        Approx(expected).margin(1e-3));
}

TEST_CASE("the format comes from the bytes, and bad bytes throw", "[variant_model]") {
  CHECK(format_of({}) == VariantFormat::kCheckpoint);
  CHECK(format_of({0, 0, 0, 0, 'T', 'F', 'L', '3'}) == VariantFormat::kTflite);
  CHECK_THROWS_AS(VariantModel(std::vector<std::uint8_t>{1, 2, 3}), std::runtime_error);
  CHECK_THROWS_AS(VariantModel(std::vector<std::uint8_t>{0, 0, 0, 0, 'T', 'F', 'L', '3'}),
                  std::runtime_error);
}
