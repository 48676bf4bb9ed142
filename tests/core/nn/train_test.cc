// fit and evaluate: determinism, cancel, divergence, bad options, pruning inside fit, and the
// end-to-end bar: 5 epochs at batch 32 on the 8,004 training digits reach >= 0.94 on the 1,996
// test digits.
#include "core/nn/train.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "core/base/budgets.h"
#include "core/data/dataset.h"
#include "core/nn/dense.h"
#include "core/nn/flatten.h"
#include "core/nn/lab_cnn.h"
#include "core/prune/magnitude_pruner.h"
#include "tests/core/lab_digits.h"

using namespace qplab;

namespace {
Dataset first_digits(const Dataset& data, int stride, int count) {
  std::vector<int> indices;
  for (int i = 0; i < count; ++i) indices.push_back((i * stride) % data.count);
  return subset(data, indices);
}

std::vector<float> all_weights(Sequential& model) {
  std::vector<float> weights;
  for (const ParamRef& p : model.params())
    weights.insert(weights.end(), p.value, p.value + p.size());
  return weights;
}

std::vector<float> train_weights(const Dataset& data, std::uint64_t seed) {
  Rng rng(seed);
  Sequential model = build_lab_cnn(rng);
  Adam adam(model.params());
  FitOptions options;
  options.epochs = 2;
  options.seed = seed;
  fit(model, adam, data, options);
  return all_weights(model);
}
}  // namespace

TEST_CASE("the same seed gives bit-identical weights", "[train]") {
  const Dataset small = first_digits(testing::lab_digits().train, 37, 400);
  CHECK(train_weights(small, 5) == train_weights(small, 5));
  CHECK(train_weights(small, 5) != train_weights(small, 6));
}

TEST_CASE("fit reports progress per batch and epoch and obeys cancel", "[train]") {
  const Dataset small = first_digits(testing::lab_digits().train, 11, 200);
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  Adam adam(model.params());
  FitOptions options;
  options.epochs = 2;
  options.batch_size = 50;
  int batches = 0, epochs = 0;
  options.on_batch = [&](const BatchProgress& p) {
    ++batches;
    CHECK(p.batches == 4);  // floor(200 · 0.9) = 180 training samples
    CHECK(p.loss > 0.0);
  };
  options.on_epoch = [&](const EpochResult& r) {
    ++epochs;
    CHECK(r.val_accuracy >= 0.0);
  };
  const History history = fit(model, adam, small, options);
  CHECK(batches == 8);
  CHECK(epochs == 2);
  CHECK(history.train_samples == 180);
  CHECK(history.validation_samples == 20);

  int calls = 0;
  options.cancel_requested = [&] { return ++calls > 3; };
  REQUIRE_THROWS_AS(fit(model, adam, small, options), Cancelled);
  CHECK(adam.iterations() == 8 + 3);
}

TEST_CASE("fit runs the pruner's step before each batch and reports sparsity", "[train][prune]") {
  const Dataset small = first_digits(testing::lab_digits().train, 11, 200);
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  Adam adam(model.params());
  FitOptions options;
  options.batch_size = 50;  // 4 batches an epoch
  std::vector<double> live;
  options.on_batch = [&](const BatchProgress& p) { live.push_back(p.sparsity); };
  double epoch_sparsity = 0.0;
  options.on_epoch = [&](const EpochResult& r) { epoch_sparsity = r.sparsity; };
  fit(model, adam, small, options);
  REQUIRE(live.size() == 4);
  CHECK(std::isnan(live[0]));  // not pruning
  CHECK(std::isnan(epoch_sparsity));

  MagnitudePruner pruner(model, {ConstantSparsity(0.5, 0, -1, 3)});
  prune_during_fit(pruner, model, options);
  live.clear();
  fit(model, adam, small, options);
  CHECK(pruner.pruning_step() == 4);
  REQUIRE(live.size() == 4);
  CHECK(live[0] == 0.0);  // steps 1 and 2 prune nothing
  CHECK(live[1] == 0.0);
  CHECK(live[2] == Approx(0.5).margin(1e-3));  // step 3
  CHECK(live[3] == live[2]);
  CHECK(epoch_sparsity == live[3]);

  int calls = 0;  // a cancelled batch does not advance the pruning step
  options.cancel_requested = [&] { return ++calls > 2; };
  REQUIRE_THROWS_AS(fit(model, adam, small, options), Cancelled);
  CHECK(pruner.pruning_step() == 6);
}

TEST_CASE("fit refuses a pruner made for another model", "[train][prune][errors]") {
  const Dataset small = first_digits(testing::lab_digits().train, 13, 64);
  Rng rng(1);
  Sequential model = build_lab_cnn(rng), other = build_lab_cnn(rng);
  MagnitudePruner pruner(other, {ConstantSparsity(0.5, 0)});
  Adam adam(model.params());
  FitOptions options;
  REQUIRE_THROWS_WITH(
      prune_during_fit(pruner, model, options),
      Catch::Contains("the pruner's conv2d/kernel is not a parameter of this model"));
}

TEST_CASE("fit stops with a clear error when the loss diverges", "[train][errors]") {
  const Dataset small = first_digits(testing::lab_digits().train, 13, 64);
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  model.params()[0].value[0] = std::nanf("");
  Adam adam(model.params());
  REQUIRE_THROWS_AS(fit(model, adam, small, {}), TrainingDiverged);
  REQUIRE_THROWS_WITH(
      fit(model, adam, small, {}),
      Catch::StartsWith("training diverged: the loss became nan at epoch 1, batch 1") &&
          Catch::Contains("with learning rate 0.001: try a smaller learning rate"));
}

// The NaN path from a real cause: one Adam step of about 1e20 per weight overflows the float
// activations of the next batch (rates from 1e6 to 1e15 leave the lab CNN at chance instead).
TEST_CASE("a huge learning rate makes fit throw TrainingDiverged", "[train][errors]") {
  const Dataset small = first_digits(testing::lab_digits().train, 13, 64);
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  AdamOptions huge;
  huge.learning_rate = 1e20f;
  Adam adam(model.params(), huge);
  FitOptions options;
  options.batch_size = 8;
  int batches = 0;
  options.on_batch = [&](const BatchProgress&) { ++batches; };
  try {
    fit(model, adam, small, options);
    FAIL("fit finished without diverging");
  } catch (const TrainingDiverged& diverged) {
    CHECK(std::isnan(diverged.loss()));
    CHECK(diverged.epoch() == 1);
    CHECK(diverged.batch() == batches + 1);
    CHECK(diverged.learning_rate() == 1e20f);
    CHECK(diverged.stage().empty());
    CHECK_THAT(diverged.what(),
               Catch::EndsWith("with learning rate 1e+20: try a smaller learning rate"));
    CHECK_THAT(diverged.in_stage("qat").what(), Catch::Contains("of the qat stage"));
  }
}

TEST_CASE("fit rejects bad options", "[train][errors]") {
  const Dataset small = first_digits(testing::lab_digits().train, 13, 64);
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  Adam adam(model.params());
  FitOptions options;
  options.batch_size = 0;
  REQUIRE_THROWS_WITH(fit(model, adam, small, options),
                      Catch::Contains("batch_size must be >= 1, got 0"));
  options.batch_size = budget::kMaxBatchSize + 1;
  REQUIRE_THROWS_WITH(
      fit(model, adam, small, options),
      Catch::Contains("fit: batch_size must be at most " + std::to_string(budget::kMaxBatchSize) +
                      " (the batch budget), got " + std::to_string(budget::kMaxBatchSize + 1)));
  options.batch_size = 2147483647;
  REQUIRE_THROWS_WITH(validate(options), Catch::Contains("got 2147483647"));
  options.batch_size = budget::kMaxBatchSize;
  CHECK_NOTHROW(validate(options));
  options = {};
  options.validation_fraction = 1.0;
  REQUIRE_THROWS_WITH(fit(model, adam, small, options),
                      Catch::Contains("validation_fraction must be in [0, 1)"));
}

TEST_CASE("evaluate refuses a batch above the budget", "[train][errors]") {
  const Dataset small = first_digits(testing::lab_digits().test, 7, 16);
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  REQUIRE_THROWS_WITH(evaluate(model, small, budget::kMaxBatchSize + 1),
                      Catch::Contains("evaluate: batch_size must be at most " +
                                      std::to_string(budget::kMaxBatchSize)));
  CHECK(evaluate(model, small, budget::kMaxBatchSize).count == 16);
}

TEST_CASE("fit refuses a batch whose activations exceed the budget", "[train][errors]") {
  // A [512, 512] input and its flattened copy take 2 MiB a sample: a batch of 300, within the
  // batch budget, would take 600 MiB.
  Rng rng(1);
  Sequential wide({512, 512});
  wide.add(std::make_unique<Flatten>());
  wide.add(std::make_unique<Dense>(512 * 512, 10, rng));
  CHECK(wide.sample_activation_bytes() == (2 * 512 * 512 + 10) * sizeof(float));
  Dataset digits;
  digits.rows = digits.cols = 512;
  digits.count = 1;
  digits.images.assign(512 * 512, 0);
  digits.labels.assign(1, 0);
  Adam adam(wide.params());
  FitOptions options;
  options.batch_size = 300;
  REQUIRE_THROWS_WITH(fit(wide, adam, digits, options),
                      Catch::Contains("fit: a batch of 300 needs") &&
                          Catch::Contains("over the budget of 268435456"));
}

TEST_CASE("5 epochs at batch 32 reach at least 0.94 test accuracy", "[train][end_to_end]") {
  const TrainTest& digits = testing::lab_digits();
  REQUIRE(digits.train.count == 8004);
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  Adam adam(model.params());
  FitOptions options;
  options.epochs = 5;
  options.batch_size = 32;
  fit(model, adam, digits.train, options);
  const Evaluation test = evaluate(model, digits.test);
  CAPTURE(test.accuracy, test.loss);
  CHECK(test.count == 1996);
  CHECK(test.accuracy >= 0.94);
  int confusion_total = 0, diagonal = 0;
  for (std::size_t t = 0; t < 10; ++t)
    for (std::size_t p = 0; p < 10; ++p)
      confusion_total += test.confusion[t][p], diagonal += t == p ? test.confusion[t][p] : 0;
  CHECK(confusion_total == 1996);
  CHECK(diagonal == static_cast<int>(std::lround(test.accuracy * 1996)));
}
