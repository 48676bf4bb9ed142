// strip_pruning and mask_zero_weights on the lab CNN: masks, weights, and what Adam then does.
#include "core/prune/strip.h"

#include <catch2/catch.hpp>
#include <vector>

#include "core/format/checkpoint.h"
#include "core/nn/adam.h"
#include "core/nn/lab_cnn.h"
#include "core/prune/magnitude_pruner.h"

using namespace qplab;

namespace {
std::vector<float> all_values(Sequential& model) {
  std::vector<float> values;
  for (const ParamRef& p : model.params()) values.insert(values.end(), p.value, p.value + p.size());
  return values;
}

std::vector<float> all_masks(Sequential& model) {
  std::vector<float> masks;
  for (const ParamRef& p : model.params())
    if (p.mask) masks.insert(masks.end(), p.mask, p.mask + p.size());
  return masks;
}

void set_gradients(Sequential& model, float g) {
  for (const ParamRef& p : model.params()) std::fill(p.grad, p.grad + p.size(), g);
}

Sequential pruned_lab_cnn(double sparsity) {
  Rng rng(7);
  Sequential model = build_lab_cnn(rng);
  MagnitudePruner(model, {ConstantSparsity(sparsity, 0, -1, 1)}).update(0);
  return model;
}
}  // namespace

TEST_CASE("strip_pruning sets masks to ones and leaves the weights as they are", "[strip]") {
  Sequential model = pruned_lab_cnn(0.75);
  const std::vector<float> before = all_values(model);
  const SparsityReport pruned = sparsity_report(model);
  CHECK(pruned.sparsity == Approx(0.75).margin(1e-3));
  strip_pruning(model);
  for (float m : all_masks(model)) REQUIRE(m == 1.0f);
  CHECK(all_values(model) == before);
  CHECK(sparsity_report(model).zeros == pruned.zeros);

  // A plain model again: training may regrow the pruned weights.
  Adam adam(model.params());
  set_gradients(model, 1.0f);
  adam.step();
  CHECK(sparsity_report(model).zeros == 0);
}

TEST_CASE("mask_zero_weights restores the masks so fine-tuning keeps the sparsity", "[strip]") {
  Sequential model = pruned_lab_cnn(0.6);
  const std::vector<float> masks = all_masks(model);
  const std::size_t zeros = sparsity_report(model).zeros;

  // Through a checkpoint, which stores no masks.
  Sequential loaded = load_checkpoint(save_checkpoint(model));
  for (float m : all_masks(loaded)) REQUIRE(m == 1.0f);
  mask_zero_weights(loaded);
  CHECK(all_masks(loaded) == masks);

  Adam adam(loaded.params());
  set_gradients(loaded, 1.0f);
  for (int i = 0; i < 3; ++i) adam.step();
  CHECK(sparsity_report(loaded).zeros == zeros);
  for (const ParamRef& p : loaded.params())
    if (!p.mask) CHECK(p.value[0] != 0.0f);  // biases trained, never masked
}
