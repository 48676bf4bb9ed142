// Pruning schedules as tfmot defines them (tfmot.sparsity.keras, pruning_schedule.py): for a
// pruning step, whether to update the masks and the target sparsity (fraction of zeros).
//   should_prune: begin ≤ step ≤ end (end −1: forever) and (step − begin) mod frequency = 0
//   PolynomialDecay: s = final + (initial − final)·(1 − p)^power,
//                    p = clamp((step − begin) / (end − begin), 0, 1)
#pragma once

#include <cstdint>
#include <variant>

namespace qplab {

struct PruningDecision {
  bool should_prune = false;
  double sparsity = 0.0;  // the schedule's value at this step, also when should_prune is false
};

// Sparsity rises from `initial` at begin_step to `final` at end_step along a polynomial
// (Zhu & Gupta 2017, arXiv:1710.01878), fast at first, then levelling off; constant after.
class PolynomialDecay {
 public:
  // Throws std::invalid_argument as tfmot validates (naming the value): sparsities in [0, 1),
  // begin_step >= 0, end_step >= begin_step (-1 is refused: the decay needs an end),
  // frequency > 0; and, beyond tfmot, power finite and >= 0.
  PolynomialDecay(double initial_sparsity, double final_sparsity, std::int64_t begin_step,
                  std::int64_t end_step, double power = 3.0, std::int64_t frequency = 100);
  PruningDecision operator()(std::int64_t step) const;

  double initial_sparsity() const { return initial_sparsity_; }
  double final_sparsity() const { return final_sparsity_; }
  std::int64_t begin_step() const { return begin_step_; }
  std::int64_t end_step() const { return end_step_; }
  double power() const { return power_; }
  std::int64_t frequency() const { return frequency_; }

 private:
  double initial_sparsity_, final_sparsity_;
  std::int64_t begin_step_, end_step_;
  double power_;
  std::int64_t frequency_;
};

// The same sparsity at every pruning step in [begin_step, end_step] (end_step -1: forever).
class ConstantSparsity {
 public:
  // Throws std::invalid_argument as tfmot validates: target in [0, 1), begin_step >= 0,
  // end_step -1 or >= begin_step, frequency > 0.
  ConstantSparsity(double target_sparsity, std::int64_t begin_step, std::int64_t end_step = -1,
                   std::int64_t frequency = 100);
  PruningDecision operator()(std::int64_t step) const;

  double target_sparsity() const { return target_sparsity_; }
  std::int64_t begin_step() const { return begin_step_; }
  std::int64_t end_step() const { return end_step_; }
  std::int64_t frequency() const { return frequency_; }

 private:
  double target_sparsity_;
  std::int64_t begin_step_, end_step_, frequency_;
};

// A value type (copyable into options, no allocation): tfmot's two built-in schedules.
using PruningSchedule = std::variant<PolynomialDecay, ConstantSparsity>;

PruningDecision schedule_at(const PruningSchedule& schedule, std::int64_t step);

// tfmot's PruningSchedule._should_prune_in_step: the step is in [begin, end] (any step >= begin
// when end is -1) and a multiple of `frequency` steps after begin. end_step itself is a pruning
// step only when (end − begin) is a multiple of frequency.
bool should_prune_in_step(std::int64_t step, std::int64_t begin_step, std::int64_t end_step,
                          std::int64_t frequency);

}  // namespace qplab
