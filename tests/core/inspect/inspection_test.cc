// inspect_variant end to end: int8 against float (agreement and disagreements consistent with
// the two confusion matrices, every part filled), a variant alone (no reference parts), a
// checkpoint reference, and bad bytes and options refused with their message.
#include "core/inspect/inspection.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/lab/measure.h"
#include "tests/core/hostile_inputs.h"
#include "tests/core/inspect/inspect_models.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

InspectOptions quick() {
  InspectOptions options;
  options.activation_digits = 30;
  return options;
}

}  // namespace

TEST_CASE("int8 against float: every part, and agreement consistent with the disagreements",
          "[inspection]") {
  const InspectModels& m = inspect_models();
  const Inspection r = inspect_variant(m.int8, &m.float_tflite, m.test, quick());
  CHECK(r.format == "tflite");
  CHECK(r.reference_format == "tflite");
  CHECK(r.has_reference);
  CHECK(r.tensors.size() == 13);
  CHECK(r.activations.digits == 30);
  CHECK(r.activations.layers.size() == 8);
  CHECK(r.confusion.count == m.test.count);
  CHECK(r.reference_confusion.count == m.test.count);
  CHECK(r.agreement >= 0.9);
  CHECK(r.agreement == Approx(1.0 - static_cast<double>(r.disagreements.size()) / m.test.count));
  for (const Disagreement& d : r.disagreements) CHECK(d.variant != d.reference);
  CHECK(r.weights.histograms.size() == 2);
  CHECK(r.bytes.parts.size() == 5);
  int compared = 0;
  for (const TensorRow& t : r.tensors) compared += t.error.compared;
  CHECK(compared == 4);  // two kernels, two biases
}

TEST_CASE("known predictions give the same inspection as computed ones", "[inspection]") {
  const InspectModels& m = inspect_models();
  const std::vector<int> variant = variant_predictions(m.int8, m.test);
  const std::vector<int> reference = variant_predictions(m.float_tflite, m.test);
  const Inspection computed = inspect_variant(m.int8, &m.float_tflite, m.test, quick());
  const Inspection known =
      inspect_variant(m.int8, &m.float_tflite, m.test, quick(), {&variant, &reference});
  CHECK(known.confusion.counts == computed.confusion.counts);
  CHECK(known.reference_confusion.counts == computed.reference_confusion.counts);
  CHECK(known.agreement == computed.agreement);
  CHECK(known.disagreements.size() == computed.disagreements.size());
}

TEST_CASE("a variant alone: its own parts only", "[inspection]") {
  const InspectModels& m = inspect_models();
  const Inspection r = inspect_variant(m.dynamic, nullptr, m.test, quick());
  CHECK_FALSE(r.has_reference);
  CHECK(r.activations.layers.empty());
  CHECK(std::isnan(r.agreement));
  CHECK(r.disagreements.empty());
  CHECK(r.confusion.count == m.test.count);
  CHECK(r.weights.kernels.at(0).reference.empty());
  for (const TensorRow& t : r.tensors) CHECK_FALSE(t.error.compared);
}

TEST_CASE("a checkpoint reference: the float .tflite's weights are the checkpoint's",
          "[inspection]") {
  const InspectModels& m = inspect_models();
  const Inspection r = inspect_variant(m.float_tflite, &m.checkpoint, m.test, quick());
  CHECK(r.reference_format == "checkpoint");
  CHECK(r.agreement == 1.0);
  for (const TensorRow& t : r.tensors)
    if (t.error.compared) CHECK(std::isinf(t.error.sqnr_db));
}

TEST_CASE("bad bytes and options are refused naming what is wrong", "[inspection]") {
  const InspectModels& m = inspect_models();
  const std::vector<std::uint8_t> junk{1, 2, 3};
  CHECK_THROWS_WITH(inspect_variant(junk, nullptr, m.test), Catch::Contains("checkpoint"));
  CHECK_THROWS_WITH(inspect_variant(m.int8, &junk, m.test), Catch::Contains("checkpoint"));
  InspectOptions bad;
  bad.activation_digits = 0;
  CHECK_THROWS_WITH(inspect_variant(m.int8, nullptr, m.test, bad),
                    Catch::Contains("activation_digits must be at least 1, got 0"));
  InspectOptions many;
  many.activation_digits = 100000;  // capped at the test digits
  CHECK(inspect_variant(m.int8, &m.float_tflite, m.test, many).activations.digits == m.test.count);
}

TEST_CASE(
    "hostile files are refused as the lab refuses them, as variant or reference; valid "
    "ones are inspected",
    "[inspection]") {
  const InspectModels& m = inspect_models();
  const Dataset few = subset(m.test, {0, 100, 200});
  std::vector<test::NamedBytes> files = test::hostile_tflite_files();
  for (test::NamedBytes& file : test::hostile_checkpoint_files()) files.push_back(std::move(file));
  InspectOptions options;
  options.activation_digits = 3;
  for (const test::NamedBytes& file : files) {
    CAPTURE(file.name);
    for (bool as_reference : {false, true}) {
      CAPTURE(as_reference);
      std::string message;
      try {
        if (as_reference)
          inspect_variant(m.int8, &file.bytes, few, options);
        else
          inspect_variant(file.bytes, &m.float_tflite, few, options);
      } catch (const std::exception& e) {
        message = e.what();
      }
      if (file.refusal.empty())
        CHECK((message.empty() || message.find("do not match") != std::string::npos));
      else
        CHECK_THAT(message, Catch::Contains(file.refusal));
    }
  }
}
