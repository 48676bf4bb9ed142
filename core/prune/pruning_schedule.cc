// PolynomialDecay and ConstantSparsity: tfmot's argument checks and formulas, in double, the
// same bits natively and in wasm.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/base/number_text.h"
#include "core/prune/pruning_schedule.h"

namespace qplab {

namespace {

// tfmot's PruningSchedule._validate_step, its messages followed by the value.
void validate_steps(const char* schedule, std::int64_t begin_step, std::int64_t end_step,
                    std::int64_t frequency, bool allow_end_minus_1) {
  const std::string name = std::string(schedule) + ": ";
  if (begin_step < 0)
    throw std::invalid_argument(name + "begin_step should be >= 0, got " +
                                std::to_string(begin_step));
  if (!allow_end_minus_1 && end_step == -1)
    throw std::invalid_argument(name + "end_step cannot be -1 (the decay needs an end)");
  if (end_step != -1) {
    if (end_step < 0)
      throw std::invalid_argument(name + "end_step can be -1 or >= 0, got " +
                                  std::to_string(end_step));
    if (end_step < begin_step)
      throw std::invalid_argument(
          name + "begin_step should be <= end_step if end_step != -1, got begin_step " +
          std::to_string(begin_step) + ", end_step " + std::to_string(end_step));
  }
  if (frequency <= 0)
    throw std::invalid_argument(name + "frequency should be > 0, got " + std::to_string(frequency));
}

// tfmot's PruningSchedule._validate_sparsity; the negated test also refuses NaN.
void validate_sparsity(const char* schedule, double sparsity, const char* variable) {
  if (!(sparsity >= 0.0 && sparsity < 1.0))
    throw std::invalid_argument(std::string(schedule) + ": " + variable +
                                " must be in range [0,1), got " + number_text(sparsity));
}

// x^power. An integral power is a chain of multiplications, bit-identical under every libm;
// std::pow may differ in the last bit between glibc (native) and musl (wasm), and a last bit
// can move a mask's kept count across a rounding boundary. Other powers in float, as tfmot
// computes the schedule: double pow would add its tables to the page's module (README, "Code
// weight").
double power_of(double x, double power) {
  constexpr double kMaxChainedPower = 64.0;
  if (power == std::floor(power) && power <= kMaxChainedPower) {
    double result = 1.0;
    for (int i = 0; i < static_cast<int>(power); ++i) result *= x;
    return result;
  }
  return static_cast<double>(std::pow(static_cast<float>(x), static_cast<float>(power)));
}

}  // namespace

bool should_prune_in_step(std::int64_t step, std::int64_t begin_step, std::int64_t end_step,
                          std::int64_t frequency) {
  const bool in_range = step >= begin_step && (step <= end_step || end_step < 0);
  return in_range && (step - begin_step) % frequency == 0;
}

PolynomialDecay::PolynomialDecay(double initial_sparsity, double final_sparsity,
                                 std::int64_t begin_step, std::int64_t end_step, double power,
                                 std::int64_t frequency)
    : initial_sparsity_(initial_sparsity),
      final_sparsity_(final_sparsity),
      begin_step_(begin_step),
      end_step_(end_step),
      power_(power),
      frequency_(frequency) {
  validate_steps("PolynomialDecay", begin_step, end_step, frequency, false);
  validate_sparsity("PolynomialDecay", initial_sparsity, "initial_sparsity");
  validate_sparsity("PolynomialDecay", final_sparsity, "final_sparsity");
  if (!(std::isfinite(power) && power >= 0.0))
    throw std::invalid_argument("PolynomialDecay: power must be finite and >= 0, got " +
                                number_text(power));
}

PruningDecision PolynomialDecay::operator()(std::int64_t step) const {
  // tfmot divides by (end − begin) even when it is 0 (0/0 at step == begin); here the decay
  // is then complete from begin_step on.
  double p = step >= end_step_ ? 1.0 : 0.0;
  if (end_step_ > begin_step_)
    p = std::min(1.0, std::max(0.0, static_cast<double>(step - begin_step_) /
                                        static_cast<double>(end_step_ - begin_step_)));
  // One explicit fused multiply-add: GCC contracts a·b + c into an FMA on its own where the
  // CPU has one (-march=native) and wasm never does; std::fma rounds once everywhere.
  const double sparsity =
      std::fma(initial_sparsity_ - final_sparsity_, power_of(1.0 - p, power_), final_sparsity_);
  return {should_prune_in_step(step, begin_step_, end_step_, frequency_), sparsity};
}

ConstantSparsity::ConstantSparsity(double target_sparsity, std::int64_t begin_step,
                                   std::int64_t end_step, std::int64_t frequency)
    : target_sparsity_(target_sparsity),
      begin_step_(begin_step),
      end_step_(end_step),
      frequency_(frequency) {
  validate_steps("ConstantSparsity", begin_step, end_step, frequency, true);
  validate_sparsity("ConstantSparsity", target_sparsity, "target_sparsity");
}

PruningDecision ConstantSparsity::operator()(std::int64_t step) const {
  return {should_prune_in_step(step, begin_step_, end_step_, frequency_), target_sparsity_};
}

PruningDecision schedule_at(const PruningSchedule& schedule, std::int64_t step) {
  return std::visit([step](const auto& s) { return s(step); }, schedule);
}

}  // namespace qplab

QPLAB_COLD_FILE_END
