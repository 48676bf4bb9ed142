// Regression tests for hostile files: each input of hostile_inputs.h goes through the entry
// point the CLI's predict and the page use (VariantModel, read_idx) and is refused with its
// message, or, where it is valid, runs; the budgets hold when the runtime is called directly.
#include "tests/core/hostile_inputs.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/base/budgets.h"
#include "core/data/idx_reader.h"
#include "core/format/tflite_reader.h"
#include "core/lab/variant_model.h"
#include "core/runtime/interpreter.h"

namespace qplab {
namespace {

std::string refusal_of(const std::vector<std::uint8_t>& bytes) {
  try {
    VariantModel model(bytes);
    std::vector<float> pixels(static_cast<std::size_t>(model.input_elements()), 0.5f);
    std::vector<float> probabilities(static_cast<std::size_t>(model.classes()));
    model.probabilities(pixels.data(), probabilities.data());
    model.predict(pixels.data());
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("hostile .tflite files are refused with their message, valid ones run", "[hostile]") {
  for (const test::NamedBytes& file : test::hostile_tflite_files()) {
    CAPTURE(file.name);
    REQUIRE(!file.bytes.empty());
    const std::string message = refusal_of(file.bytes);
    if (file.refusal.empty())
      CHECK(message.empty());
    else
      CHECK_THAT(message, Catch::Contains(file.refusal));
  }
}

TEST_CASE("hostile checkpoints are refused before any forward pass", "[hostile]") {
  for (const test::NamedBytes& file : test::hostile_checkpoint_files()) {
    CAPTURE(file.name);
    CHECK_THAT(refusal_of(file.bytes), Catch::Contains(file.refusal));
  }
}

TEST_CASE("hostile IDX pairs are refused, gzip or raw", "[hostile]") {
  for (const test::NamedIdxPair& pair : test::hostile_idx_files()) {
    CAPTURE(pair.name);
    REQUIRE_THROWS_WITH(read_idx(pair.images, pair.labels, "test"), Catch::Contains(pair.refusal));
  }
}

TEST_CASE("the interpreter holds a graph to the activation budget before allocating", "[hostile]") {
  // The [1, 8192, 8192, 1] graph is a 256 MiB input: refused before the first allocation.
  const std::vector<std::uint8_t> bytes = test::hostile_tflite_files()[2].bytes;
  const tflite::Model model = tflite::read_tflite(bytes);
  REQUIRE_THROWS_WITH(Interpreter(model, 1),
                      Catch::Contains("takes the activations of one sample past 1048576 bytes"));
}

TEST_CASE("the interpreter refuses a batch beyond the budget", "[hostile]") {
  const tflite::Model model = tflite::read_tflite(test::hostile_tflite_files()[5].bytes);
  REQUIRE_NOTHROW(Interpreter(model, 64));
  REQUIRE_THROWS_WITH(Interpreter(model, budget::kMaxBatchSize + 1),
                      Catch::Contains("max_batch must be in 1..1024"));
}

TEST_CASE("int64 zero points at 4 mod 8 in the file read back exactly", "[hostile]") {
  const tflite::Model model =
      tflite::read_tflite(test::hostile_detail::misaligned_zero_point_file());
  REQUIRE(model.tensors.size() == 1);
  CHECK(model.tensors[0].quantization.zero_point == std::vector<std::int64_t>{5});
}

TEST_CASE("a model file above the size budget is refused before parsing", "[hostile]") {
  std::vector<std::uint8_t> bytes(budget::kMaxModelFileBytes + 1, 0);
  bytes[4] = 'T', bytes[5] = 'F', bytes[6] = 'L', bytes[7] = '3';
  REQUIRE_THROWS_WITH(VariantModel(bytes), Catch::Contains("above the 67108864-byte limit"));
  bytes[4] = 'Q';  // not a .tflite: read as a checkpoint
  REQUIRE_THROWS_WITH(VariantModel(bytes), Catch::Contains("above the 67108864-byte limit"));
}

}  // namespace qplab
