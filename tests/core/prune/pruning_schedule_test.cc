// PolynomialDecay and ConstantSparsity against tfmot's definitions: the decay formula computed
// here in double, the pruning steps, and tfmot's argument checks.
#include "core/prune/pruning_schedule.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using namespace qplab;

namespace {
// tfmot's PolynomialDecay.__call__, written out independently. The last step is a fused
// multiply-add, as in the library (which pins it so native and wasm agree); the plain
// final + (initial − final)·factor differs from it by at most an ulp.
double decay(double initial, double final, double begin, double end, double step, int power) {
  const double p = std::min(1.0, std::max(0.0, (step - begin) / (end - begin)));
  double factor = 1.0;
  for (int i = 0; i < power; ++i) factor = factor * (1.0 - p);
  return std::fma(initial - final, factor, final);
}

template <typename Schedule>
std::vector<std::int64_t> pruning_steps(const Schedule& schedule, std::int64_t first,
                                        std::int64_t last) {
  std::vector<std::int64_t> steps;
  for (std::int64_t s = first; s <= last; ++s)
    if (schedule(s).should_prune) steps.push_back(s);
  return steps;
}
}  // namespace

TEST_CASE("polynomial decay gives tfmot's sparsity at every listed step", "[pruning_schedule]") {
  const PolynomialDecay lab(0.5, 0.8, 0, 114);
  for (std::int64_t step : {0, 1, 13, 50, 57, 99, 100, 113, 114, 115, 1000}) {
    CAPTURE(step);
    CHECK(lab(step).sparsity == decay(0.5, 0.8, 0, 114, static_cast<double>(step), 3));
    const double p = std::min(1.0, static_cast<double>(step) / 114.0);
    CHECK(lab(step).sparsity == Approx(0.8 + (0.5 - 0.8) * std::pow(1.0 - p, 3.0)).epsilon(1e-15));
  }
  CHECK(lab(0).sparsity == 0.5);
  CHECK(lab(114).sparsity == 0.8);
  CHECK(lab(100).sparsity == Approx(0.8 - 0.3 * std::pow(14.0 / 114.0, 3)).epsilon(1e-15));

  const PolynomialDecay shifted(0.1, 0.9, 10, 110, 2, 25);
  for (std::int64_t step : {0, 9, 10, 11, 35, 60, 109, 110, 500}) {
    CAPTURE(step);
    CHECK(shifted(step).sparsity == decay(0.1, 0.9, 10, 110, static_cast<double>(step), 2));
  }
  CHECK(shifted(0).sparsity == Approx(0.1).epsilon(1e-15));  // before begin_step: p clamps to 0
  CHECK(shifted(0).sparsity == shifted(10).sparsity);

  // A non-integral power goes through std::pow in float, as tfmot's tf.math.pow on float32.
  const PolynomialDecay fractional(0.0, 0.6, 0, 40, 1.5, 10);
  CHECK(fractional(10).sparsity ==
        std::fma(0.0 - 0.6, static_cast<double>(std::pow(1.0f - 0.25f, 1.5f)), 0.6));
}

TEST_CASE("polynomial decay prunes every frequency steps from begin_step through end_step",
          "[pruning_schedule]") {
  // The seed lab's numbers: end_step 114 is not a multiple of 100 after begin, so it is not a
  // pruning step; only 0 and 100 are.
  CHECK(pruning_steps(PolynomialDecay(0.5, 0.8, 0, 114), 0, 400) ==
        std::vector<std::int64_t>{0, 100});
  CHECK(pruning_steps(PolynomialDecay(0.5, 0.8, 0, 114, 3, 57), 0, 400) ==
        std::vector<std::int64_t>{0, 57, 114});
  CHECK(pruning_steps(PolynomialDecay(0.1, 0.9, 10, 110, 2, 25), 0, 400) ==
        std::vector<std::int64_t>{10, 35, 60, 85, 110});
  // begin == end: one pruning step, the decay already complete there.
  const PolynomialDecay instant(0.2, 0.7, 50, 50, 3, 10);
  CHECK(pruning_steps(instant, 0, 400) == std::vector<std::int64_t>{50});
  CHECK(instant(50).sparsity == 0.7);
  CHECK(instant(49).sparsity == 0.2);
  const PruningDecision off = PolynomialDecay(0.5, 0.8, 0, 114)(57);
  CHECK_FALSE(off.should_prune);
  CHECK(off.sparsity == decay(0.5, 0.8, 0, 114, 57, 3));  // reported on every step
}

TEST_CASE("constant sparsity prunes at its target, forever when end_step is -1",
          "[pruning_schedule]") {
  const ConstantSparsity forever(0.6, 5);
  CHECK(pruning_steps(forever, 0, 400) == std::vector<std::int64_t>{5, 105, 205, 305});
  CHECK(forever(100005).should_prune);
  CHECK_FALSE(forever(100006).should_prune);
  CHECK(forever(4).sparsity == 0.6);
  CHECK(forever(100005).sparsity == 0.6);

  const ConstantSparsity bounded(0.25, 5, 205, 50);
  CHECK(pruning_steps(bounded, 0, 1000) == std::vector<std::int64_t>{5, 55, 105, 155, 205});

  const PruningSchedule schedule = ConstantSparsity(0.3, 0, -1, 1);
  CHECK(schedule_at(schedule, 7).should_prune);
  CHECK(schedule_at(schedule, 7).sparsity == 0.3);
}

TEST_CASE("schedules reject arguments tfmot rejects, naming the value",
          "[pruning_schedule][errors]") {
  using Catch::Contains;
  REQUIRE_THROWS_WITH(PolynomialDecay(0.5, 1.0, 0, 10),
                      Contains("final_sparsity must be in range [0,1), got 1"));
  REQUIRE_THROWS_WITH(PolynomialDecay(-0.1, 0.8, 0, 10),
                      Contains("initial_sparsity must be in range [0,1), got -0.1"));
  REQUIRE_THROWS_WITH(PolynomialDecay(std::nan(""), 0.8, 0, 10),
                      Contains("initial_sparsity must be in range [0,1)"));
  REQUIRE_THROWS_WITH(PolynomialDecay(0.5, 0.8, -1, 10),
                      Contains("PolynomialDecay: begin_step should be >= 0, got -1"));
  REQUIRE_THROWS_WITH(PolynomialDecay(0.5, 0.8, 0, -1), Contains("end_step cannot be -1"));
  REQUIRE_THROWS_WITH(PolynomialDecay(0.5, 0.8, 0, -7),
                      Contains("end_step can be -1 or >= 0, got -7"));
  REQUIRE_THROWS_WITH(
      PolynomialDecay(0.5, 0.8, 20, 10),
      Contains(
          "begin_step should be <= end_step if end_step != -1, got begin_step 20, end_step 10"));
  REQUIRE_THROWS_WITH(PolynomialDecay(0.5, 0.8, 0, 10, 3, 0),
                      Contains("frequency should be > 0, got 0"));
  REQUIRE_THROWS_WITH(PolynomialDecay(0.5, 0.8, 0, 10, -1),
                      Contains("power must be finite and >= 0, got -1"));
  REQUIRE_THROWS_WITH(
      ConstantSparsity(1.5, 0),
      Contains("ConstantSparsity: target_sparsity must be in range [0,1), got 1.5"));
  REQUIRE_THROWS_WITH(ConstantSparsity(0.5, -3), Contains("begin_step should be >= 0, got -3"));
  REQUIRE_THROWS_WITH(ConstantSparsity(0.5, 0, -2), Contains("end_step can be -1 or >= 0, got -2"));
  REQUIRE_THROWS_WITH(ConstantSparsity(0.5, 0, -1, -100),
                      Contains("frequency should be > 0, got -100"));
  REQUIRE_NOTHROW(ConstantSparsity(0.0, 0, 0, 1));
  REQUIRE_NOTHROW(PolynomialDecay(0.0, 0.0, 3, 3, 0, 1));
}
