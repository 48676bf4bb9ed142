// MagnitudePruner — tfmot's prune_low_magnitude over a model's masked parameters (the conv and
// dense kernels; biases have no mask and are never pruned). At a pruning step of the schedule,
// each kernel keeps its largest |w| and the rest are zeroed, as tfmot's Pruning._update_mask:
//   kept k = max(1, round_half_to_even(n·(1 − s))),  t = k-th largest |w|,  mask = (|w| ≥ t)
// so every weight tied with t is kept (a tensor with ties ends with fewer than n − k zeros);
// t is one value whatever order std::nth_element leaves, so native and wasm agree.
// Then w ← w·mask; Adam re-applies the masks after each step, so pruned weights stay 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/layer.h"
#include "core/nn/sequential.h"
#include "core/prune/pruning_schedule.h"

namespace qplab {

// tfmot's pruning_params; the schedule is the only one qplab uses (no block sparsity).
struct PruningOptions {
  PruningSchedule schedule;
};

// The seed lab's set-up (TF Model Optimization tutorial "pruning_with_keras"):
//   PolynomialDecay(0.50 → 0.80, begin_step 0, end_step, frequency)
//   end_step = ceil(n_train·(1 − 0.1) / batch_size) · epochs  (0.1: fit's validation split)
// For the lab's 8,004 training digits at batch 128: 57 steps an epoch, end_step 114. With
// tfmot's default frequency 100 the only pruning step is 100 (see begin_batch): one jump from
// 0 to s = 0.8 − 0.3·(14/114)³ ≈ 0.79944, not 0.8, with 14 batches left to recover. A frequency
// dividing 114 (57, 38, 19, ...) also prunes at step 114, the last batch, to the final 0.8.
// That single late jump costs accuracy that more frequent steps keep (README, "Two choices
// differ from the seed"). Throws on non-positive arguments.
PruningOptions lab_pruning_defaults(int n_train, int batch_size = 128, int epochs = 2,
                                    int frequency = 100);

// The number of weights a mask keeps in a tensor of `size` at `sparsity` (rule above; the
// rounding is the default IEEE mode, ties to even, as tf.math.round). tfmot evaluates
// n·(1 − s) in float32, qplab in double: they can differ only when n·(1 − s) lies within a
// float32 rounding error of some integer + 0.5.
std::size_t magnitude_kept_count(std::size_t size, double sparsity);

struct TensorSparsity {
  std::string name;  // "dense/kernel"
  std::size_t zeros = 0, total = 0;
  double sparsity = 0.0;  // zeros / total
};

struct SparsityReport {
  std::vector<TensorSparsity> tensors;  // the masked parameters, in params() order
  std::size_t zeros = 0, total = 0;     // over all of them
  double sparsity = 0.0;
};

// Zero weights (not mask zeros) of every masked parameter: also right for a stripped model or
// one loaded from a checkpoint, whose masks are all ones.
SparsityReport sparsity_report(Sequential& model);

class MagnitudePruner {
 public:
  // Keeps the parameters that have a mask; throws std::invalid_argument when none has.
  MagnitudePruner(const std::vector<ParamRef>& params, PruningOptions options);
  MagnitudePruner(Sequential& model, PruningOptions options);

  // The per-batch hook fit runs before the forward pass. As tfmot's wrapper (its pruning_step
  // starts at 0 when UpdatePruningStep begins training and is incremented in call() before
  // the mask update): pruning_step += 1, then update(pruning_step). So the n-th training batch
  // since this pruner was made is step n, the first is step 1, and step 0 is never pruned.
  PruningDecision begin_batch();

  // When the schedule says prune at `step`, recomputes every mask from |w|; in any case then
  // w ← w·mask (tfmot's weight_mask_op). Throws std::runtime_error naming the tensor when a
  // weight to rank is not finite.
  PruningDecision update(std::int64_t step);

  std::int64_t pruning_step() const { return pruning_step_; }  // 0 before the first batch
  double sparsity() const;                                     // zero weights / all, over params()
  SparsityReport sparsity_report() const;
  const std::vector<ParamRef>& params() const { return params_; }
  const PruningSchedule& schedule() const { return options_.schedule; }

 private:
  void update_mask(const ParamRef& p, double sparsity);

  std::vector<ParamRef> params_;
  PruningOptions options_;
  std::int64_t pruning_step_ = 0;
  std::vector<float> magnitudes_;  // scratch for the selection
};

}  // namespace qplab
