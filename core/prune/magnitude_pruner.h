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
#include "core/nn/train.h"
#include "core/prune/pruning_schedule.h"

namespace qplab {

// tfmot's pruning_params; the schedule is the only one qplab uses (no block sparsity).
struct PruningOptions {
  PruningSchedule schedule;
};

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

// Prunes during fit as tfmot's prune_low_magnitude + UpdatePruningStep: the pruner's
// begin_batch runs before each training batch's forward pass, and progress reports its
// sparsity. The pruner is not owned and its step counter lives on across fit calls, as
// tfmot's pruning_step lives in the wrapped model. Throws std::invalid_argument when the pruner
// was made over another model's parameters (it would prune that one instead).
void prune_during_fit(MagnitudePruner& pruner, Sequential& model, FitOptions& fit);

}  // namespace qplab
