// Pruning inside fit, end to end on the lab digits: a 1-epoch baseline fine-tuned for 2 epochs
// at batch 128 with the lab's schedule at tfmot's default frequency (pruning_with_keras). 57
// batches an epoch, end_step 114, frequency 100: the only pruning step is 100 (batch 43 of epoch
// 2), at s = 0.8 − 0.3·(14/114)³; each kernel then keeps max(1, round(n·(1 − s))) weights.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "core/lab/lab.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/train.h"
#include "core/prune/magnitude_pruner.h"
#include "core/prune/strip.h"
#include "tests/core/lab_digits.h"

using namespace qplab;

TEST_CASE("fine-tuning with the lab defaults prunes to the schedule and keeps accuracy",
          "[pruning_fit][end_to_end]") {
  const TrainTest& digits = testing::lab_digits();
  REQUIRE(digits.train.count == 8004);
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  {
    Adam adam(model.params());
    FitOptions baseline;  // 1 epoch at batch 32
    fit(model, adam, digits.train, baseline);
  }
  const double baseline_accuracy = evaluate(model, digits.test).accuracy;

  // The tutorial recompiles the wrapped model: a fresh optimizer, and a fresh pruning step.
  LabOptions lab;
  lab.prune_frequency = 100;  // tfmot's default
  MagnitudePruner pruner(model, {lab_pruning_schedule(lab, digits.train.count)});
  Adam adam(model.params());
  FitOptions options;
  options.epochs = 2;
  options.batch_size = 128;
  prune_during_fit(pruner, model, options);
  std::vector<double> live;  // sparsity per batch, as BatchProgress reports it
  std::vector<std::vector<float>> masks_at_100;
  options.on_batch = [&](const BatchProgress& p) {
    live.push_back(p.sparsity);
    if (live.size() == 100)
      for (const ParamRef& k : pruner.params())
        masks_at_100.emplace_back(k.mask, k.mask + k.size());
  };
  std::vector<double> epoch_sparsity;
  options.on_epoch = [&](const EpochResult& r) { epoch_sparsity.push_back(r.sparsity); };
  fit(model, adam, digits.train, options);

  const double s = schedule_at(pruner.schedule(), 100).sparsity;
  CHECK(s == Approx(0.8 - 0.3 * std::pow(14.0 / 114.0, 3)).epsilon(1e-12));
  REQUIRE(live.size() == 114);
  CHECK(pruner.pruning_step() == 114);
  for (std::size_t b = 0; b < 99; ++b) REQUIRE(live[b] < 0.01);  // not pruned before step 100
  const double overall = live[99];
  for (std::size_t b = 99; b < 114; ++b) REQUIRE(live[b] == overall);  // no zero regrows
  CHECK(epoch_sparsity == std::vector<double>{live[56], overall});

  // The masks of step 100 held to the end, and every masked weight is exactly zero.
  REQUIRE(masks_at_100.size() == pruner.params().size());
  for (std::size_t t = 0; t < pruner.params().size(); ++t) {
    const ParamRef& k = pruner.params()[t];
    CAPTURE(k.name);
    CHECK(std::vector<float>(k.mask, k.mask + k.size()) == masks_at_100[t]);
    for (std::size_t i = 0; i < k.size(); ++i)
      if (k.mask[i] == 0.0f) REQUIRE(k.value[i] == 0.0f);
  }

  strip_pruning(model);
  const SparsityReport report = sparsity_report(model);
  REQUIRE(report.tensors.size() == 2);
  std::size_t expected_zeros = 0;
  for (const TensorSparsity& t : report.tensors) {
    CAPTURE(t.name, t.zeros, t.total, t.sparsity);
    CHECK(t.zeros == t.total - magnitude_kept_count(t.total, s));
    expected_zeros += t.total - magnitude_kept_count(t.total, s);
  }
  CHECK(report.tensors[0].name == "conv2d/kernel");
  CHECK(report.tensors[0].zeros == 108 - 22);      // 108·(1 − s) = 21.66 → 22 kept
  CHECK(report.tensors[1].zeros == 20280 - 4067);  // 4067.27 → 4067 kept
  CHECK(report.zeros == expected_zeros);
  CHECK(report.sparsity == overall);

  // One jump from 0 to 0.8 with 14 batches left to recover costs a few points (README, "Two
  // choices differ from the seed"); the bounds leave room for other seeds.
  const Evaluation test = evaluate(model, digits.test);
  CAPTURE(baseline_accuracy, test.accuracy, report.sparsity);
  CHECK(baseline_accuracy >= 0.88);
  CHECK(test.accuracy >= 0.85);
}
