// MagnitudePruner: exact masks on hand tensors, tfmot's kept-count rounding and tie rule,
// biases untouched, masks re-applied on every step, the pruning-step counter, the report,
// and the lab's defaults.
#include "core/prune/magnitude_pruner.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "core/base/rng.h"
#include "core/nn/dense.h"

using namespace qplab;

namespace {
// A hand tensor with its own gradient and mask storage, viewed as one ParamRef.
struct HandTensor {
  std::vector<float> value, grad, mask;
  explicit HandTensor(std::vector<float> w)
      : value(std::move(w)), grad(value.size(), 0.0f), mask(value.size(), 1.0f) {}
  ParamRef ref(const char* name = "hand/kernel") {
    return {name, {static_cast<int>(value.size())}, value.data(), grad.data(), mask.data()};
  }
};

PruningOptions every_step(double sparsity) { return {ConstantSparsity(sparsity, 0, -1, 1)}; }
}  // namespace

TEST_CASE("the kept count is tfmot's: max(1, round half to even of n(1 - s))",
          "[magnitude_pruner]") {
  CHECK(magnitude_kept_count(10, 0.5) == 5);
  CHECK(magnitude_kept_count(5, 0.5) ==
        2);  // 2.5 → 2: three zeros, where round(n·s) would give two
  CHECK(magnitude_kept_count(7, 0.5) == 4);         // 3.5 → 4
  CHECK(magnitude_kept_count(5, 0.1) == 4);         // 4.5 → 4
  CHECK(magnitude_kept_count(108, 0.8) == 22);      // 21.6: the lab's conv kernel at 0.8 keeps 22
  CHECK(magnitude_kept_count(20280, 0.8) == 4056);  // the lab's dense kernel
  CHECK(magnitude_kept_count(4, 0.99) == 1);        // never an all-zero tensor
  CHECK(magnitude_kept_count(3, 0.0) == 3);
  CHECK(magnitude_kept_count(0, 0.5) == 0);
}

TEST_CASE("update zeroes the smallest magnitudes of a hand tensor exactly", "[magnitude_pruner]") {
  HandTensor t({0.5f, -0.1f, 0.9f, -0.3f, 0.05f, 0.7f, -0.8f, 0.2f, 0.0f, -0.6f});
  MagnitudePruner pruner({t.ref()}, every_step(0.5));
  const PruningDecision decision = pruner.update(0);
  CHECK(decision.should_prune);
  CHECK(decision.sparsity == 0.5);
  CHECK(t.mask == std::vector<float>{1, 0, 1, 0, 0, 1, 1, 0, 0, 1});
  CHECK(t.value == std::vector<float>{0.5f, 0, 0.9f, 0, 0, 0.7f, -0.8f, 0, 0, -0.6f});
  CHECK(pruner.sparsity() == 0.5);

  // Rounding: five weights at 0.5 keep round(2.5) = 2.
  HandTensor five({0.1f, 0.2f, 0.3f, 0.4f, 0.5f});
  MagnitudePruner(std::vector<ParamRef>{five.ref()}, every_step(0.5)).update(0);
  CHECK(five.value == std::vector<float>{0, 0, 0, 0.4f, 0.5f});
}

TEST_CASE("weights tied with the threshold are all kept, as tfmot's |w| >= t",
          "[magnitude_pruner]") {
  // k = 3, the third largest |w| is 0.3, and four weights have it: only two fall.
  HandTensor tied({0.3f, -0.3f, 0.3f, 0.1f, 0.2f, -0.3f});
  MagnitudePruner pruner({tied.ref()}, every_step(0.5));
  pruner.update(0);
  CHECK(tied.mask == std::vector<float>{1, 1, 1, 0, 0, 1});
  CHECK(pruner.sparsity_report().tensors[0].zeros == 2);

  // Fewer non-zeros than k: the threshold is 0, every mask stays 1, the zeros stay zeros.
  HandTensor sparse({0.0f, 0.0f, -0.0f, 0.5f});
  MagnitudePruner(std::vector<ParamRef>{sparse.ref()}, every_step(0.25)).update(0);
  CHECK(sparse.mask == std::vector<float>{1, 1, 1, 1});
  CHECK(sparse.value == std::vector<float>{0, 0, 0, 0.5f});
}

TEST_CASE("biases are never pruned and every step re-applies the masks", "[magnitude_pruner]") {
  Rng rng(3);
  Dense dense(4, 3, rng);
  for (std::size_t i = 0; i < 3; ++i) dense.bias()[i] = 0.01f * static_cast<float>(i + 1);
  MagnitudePruner pruner(dense.params(), {PolynomialDecay(0.5, 0.5, 0, 10, 3, 10)});
  REQUIRE(pruner.params().size() == 1);
  CHECK(pruner.params()[0].name == "dense/kernel");
  pruner.update(0);
  CHECK(pruner.sparsity_report().tensors[0].zeros == 6);
  CHECK(dense.bias().values() == std::vector<float>{0.01f, 0.02f, 0.03f});

  // Step 1 is no pruning step, but a weight written under a zero mask is zeroed again (tfmot
  // multiplies the weights by the masks on every training call).
  std::size_t pruned = 0;
  while (pruner.params()[0].mask[pruned] != 0.0f) ++pruned;
  dense.kernel()[pruned] = 1.0f;
  CHECK_FALSE(pruner.update(1).should_prune);
  CHECK(dense.kernel()[pruned] == 0.0f);
}

TEST_CASE("the pruning step counts training batches from 1, as tfmot's pruning_step",
          "[magnitude_pruner]") {
  HandTensor t({0.4f, -0.2f, 0.1f, 0.3f});
  MagnitudePruner pruner({t.ref()}, {ConstantSparsity(0.5, 0, -1, 3)});
  CHECK(pruner.pruning_step() == 0);
  CHECK_FALSE(pruner.begin_batch().should_prune);  // step 1
  CHECK_FALSE(pruner.begin_batch().should_prune);  // step 2
  CHECK(t.mask == std::vector<float>{1, 1, 1, 1});
  CHECK(pruner.begin_batch().should_prune);  // step 3
  CHECK(pruner.pruning_step() == 3);
  CHECK(t.value == std::vector<float>{0.4f, 0, 0, 0.3f});
}

TEST_CASE("the sparsity report counts zero weights per kernel and overall", "[magnitude_pruner]") {
  HandTensor a({0.0f, 1.0f, 2.0f, 0.0f}), b({3.0f, 0.0f});
  float bias[2] = {0.0f, 0.0f}, dbias[2] = {};
  MagnitudePruner pruner(
      {a.ref("a/kernel"), {"a/bias", {2}, bias, dbias, nullptr}, b.ref("b/kernel")},
      every_step(0.1));
  const SparsityReport report = pruner.sparsity_report();
  REQUIRE(report.tensors.size() == 2);
  CHECK(report.tensors[0].name == "a/kernel");
  CHECK(report.tensors[0].zeros == 2);
  CHECK(report.tensors[0].total == 4);
  CHECK(report.tensors[0].sparsity == 0.5);
  CHECK(report.tensors[1].name == "b/kernel");
  CHECK(report.tensors[1].sparsity == 0.5);
  CHECK(report.zeros == 3);
  CHECK(report.total == 6);
  CHECK(report.sparsity == 0.5);
  CHECK(pruner.sparsity() == 0.5);
}

TEST_CASE("the pruner rejects what it cannot prune", "[magnitude_pruner][errors]") {
  float w = 1.0f, g = 0.0f;
  REQUIRE_THROWS_WITH(MagnitudePruner({{"dense/bias", {1}, &w, &g, nullptr}}, every_step(0.5)),
                      Catch::Contains("no prunable parameter"));
  HandTensor good({0.5f, 0.2f, 0.1f, 0.3f}),
      bad({0.5f, std::numeric_limits<float>::quiet_NaN(), 0.1f});
  MagnitudePruner pruner({good.ref("good/kernel"), bad.ref("bad/kernel")}, every_step(0.5));
  REQUIRE_THROWS_WITH(pruner.update(0),
                      Catch::Contains("bad/kernel holds a non-finite weight at index 1"));
  CHECK(good.mask == std::vector<float>{1, 1, 1, 1});  // no mask changed
  CHECK(magnitude_kept_count(4, -3.0) == 4);           // out-of-range sparsities clamp
  CHECK(magnitude_kept_count(4, 7.0) == 1);
}
