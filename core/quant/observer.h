// RangeObserver — the [min, max] an int8 activation tensor should cover, observed over
// batches of float activations during calibration.
//   kMinMax:     the running min and max (TFLite's calibrator, calibration_logger MinMax).
//   kPercentile: clips both ends at t = the p-th percentile of |x| over every value seen:
//                [max(min, −t), min(max, t)]. |x| is kept in a 2048-bin histogram whose
//                range doubles (merging bin pairs) as larger values arrive, so memory stays
//                fixed; t is the upper edge of the bin where the cumulative count reaches p,
//                so it errs on the side of clipping less (by at most one bin, ≤ max|x|/1024).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/quant/quant_params.h"

namespace qplab {

enum class RangeRule { kMinMax, kPercentile };

struct ObserverOptions {
  RangeRule rule = RangeRule::kMinMax;
  double percentile = 99.99;  // kPercentile: in (0, 100]
};

void validate(const ObserverOptions& options);  // throws naming the bad option

class RangeObserver {
 public:
  explicit RangeObserver(ObserverOptions options = {});  // validates
  // Throws std::invalid_argument on a NaN or infinite value (a broken model), naming its index.
  void observe(const float* values, std::size_t count);
  std::uint64_t count() const { return count_; }
  // Throws std::logic_error when nothing was observed yet.
  Range range() const;

 private:
  static constexpr std::size_t kBins = 2048;
  void grow_histogram(float max_abs);
  float percentile_abs() const;

  ObserverOptions options_;
  float min_ = 0.0f, max_ = 0.0f;
  std::uint64_t count_ = 0;
  float upper_ = 0.0f;  // the histogram covers |x| in [0, upper_); 0 until a nonzero value
  std::vector<std::uint64_t> histogram_;
};

}  // namespace qplab
