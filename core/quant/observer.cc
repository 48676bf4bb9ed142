// Min/max and percentile range observers; see the header for the rules.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/base/number_text.h"
#include "core/quant/observer.h"

namespace qplab {

void validate(const ObserverOptions& options) {
  if (options.rule == RangeRule::kPercentile &&
      !(options.percentile > 0.0 && options.percentile <= 100.0))
    throw std::invalid_argument("observer: percentile must be in (0, 100], got " +
                                number_text(options.percentile));
}

RangeObserver::RangeObserver(ObserverOptions options) : options_(options) {
  validate(options_);
  if (options_.rule == RangeRule::kPercentile) histogram_.assign(kBins, 0);
}

void RangeObserver::observe(const float* values, std::size_t count) {
  if (count == 0) return;
  float low = values[0], high = values[0];
  for (std::size_t i = 0; i < count; ++i) {
    if (!std::isfinite(values[i]))
      throw std::invalid_argument("observer: value " + number_text(values[i]) + " at index " +
                                  std::to_string(i) + " is not finite");
    low = std::min(low, values[i]);
    high = std::max(high, values[i]);
  }
  min_ = count_ == 0 ? low : std::min(min_, low);
  max_ = count_ == 0 ? high : std::max(max_, high);
  count_ += count;
  if (options_.rule != RangeRule::kPercentile) return;
  grow_histogram(std::max(std::abs(low), std::abs(high)));
  if (upper_ == 0.0f) {  // only zeros so far: they belong in bin 0 whatever the range becomes
    histogram_[0] += count;
    return;
  }
  const float bins_per_unit = static_cast<float>(kBins) / upper_;
  for (std::size_t i = 0; i < count; ++i) {
    const auto bin = static_cast<std::size_t>(std::abs(values[i]) * bins_per_unit);
    ++histogram_[std::min(bin, kBins - 1)];
  }
}

// Makes the histogram cover max_abs: the first nonzero value sets the range to the next power
// of two above it, later ones double it, each doubling merging bins (2i, 2i+1) into i.
void RangeObserver::grow_histogram(float max_abs) {
  if (max_abs == 0.0f || max_abs < upper_) return;
  if (upper_ == 0.0f) {
    upper_ = std::ldexp(1.0f, std::ilogb(max_abs) + 1);
    return;
  }
  while (max_abs >= upper_) {
    for (std::size_t i = 0; i < kBins / 2; ++i)
      histogram_[i] = histogram_[2 * i] + histogram_[2 * i + 1];
    std::fill(histogram_.begin() + kBins / 2, histogram_.end(), 0);
    upper_ *= 2.0f;
  }
}

float RangeObserver::percentile_abs() const {
  const float max_abs = std::max(std::abs(min_), std::abs(max_));
  if (upper_ == 0.0f) return 0.0f;
  const double target = options_.percentile / 100.0 * static_cast<double>(count_);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBins; ++i) {
    cumulative += histogram_[i];
    if (static_cast<double>(cumulative) >= target)
      return std::min(max_abs, upper_ * static_cast<float>(i + 1) / static_cast<float>(kBins));
  }
  return max_abs;
}

Range RangeObserver::range() const {
  if (count_ == 0) throw std::logic_error("observer: no values observed yet");
  if (options_.rule == RangeRule::kMinMax) return {min_, max_};
  const float t = percentile_abs();
  return {std::max(min_, -t), std::min(max_, t)};
}

}  // namespace qplab

QPLAB_COLD_FILE_END
