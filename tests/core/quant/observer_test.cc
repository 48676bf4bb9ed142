// Range observers: min/max over batches, the percentile rule against a sorted reference,
// and bad input.
#include "core/quant/observer.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/base/rng.h"

using namespace qplab;

TEST_CASE("the min/max observer keeps the extremes over batches", "[observer]") {
  RangeObserver observer;
  const float a[] = {0.5f, -0.25f, 2.0f};
  const float b[] = {1.0f, 3.5f};
  const float c[] = {-4.0f};
  observer.observe(a, 3);
  CHECK(observer.range().min == -0.25f);
  CHECK(observer.range().max == 2.0f);
  observer.observe(b, 2);
  observer.observe(c, 1);
  observer.observe(c, 0);  // an empty batch changes nothing
  CHECK(observer.range().min == -4.0f);
  CHECK(observer.range().max == 3.5f);
  CHECK(observer.count() == 6);
}

TEST_CASE("the min/max observer does not extend the range to zero itself", "[observer]") {
  // Including 0 is choose_asymmetric_int8's job; the observer reports what it saw.
  RangeObserver observer;
  const float values[] = {2.0f, 3.0f};
  observer.observe(values, 2);
  CHECK(observer.range().min == 2.0f);
}

TEST_CASE("the percentile observer clips outliers at the p-th percentile of |x|", "[observer]") {
  Rng rng(5);
  ObserverOptions options;
  options.rule = RangeRule::kPercentile;
  options.percentile = 99.9;
  RangeObserver observer(options);
  std::vector<float> all;
  for (int batch = 0; batch < 10; ++batch) {
    std::vector<float> values(1000);
    for (float& v : values) v = rng.uniform(-1.0f, 1.0f);
    if (batch == 3) values[17] = 50.0f;  // outliers grow the histogram mid-way
    if (batch == 8) values[4] = -80.0f;
    observer.observe(values.data(), values.size());
    all.insert(all.end(), values.begin(), values.end());
  }
  std::vector<float> magnitudes(all.size());
  std::transform(all.begin(), all.end(), magnitudes.begin(), [](float v) { return std::abs(v); });
  std::sort(magnitudes.begin(), magnitudes.end());
  const float reference = magnitudes
      [static_cast<std::size_t>(std::ceil(0.999 * static_cast<double>(magnitudes.size()))) - 1];
  // The histogram spans [0, 128) in 2048 bins: t errs high by at most one bin.
  const float bin = 128.0f / 2048.0f;
  const Range range = observer.range();
  CAPTURE(reference, range.min, range.max);
  CHECK(range.max >= reference);
  CHECK(range.max <= reference + bin);
  CHECK(range.min == -range.max);

  RangeObserver full({RangeRule::kPercentile, 100.0});
  full.observe(all.data(), all.size());
  CHECK(full.range().min == -80.0f);
  CHECK(full.range().max == 50.0f);
}

TEST_CASE("the percentile observer keeps one-sided ranges one-sided", "[observer]") {
  // Post-ReLU activations: mostly zeros and a long positive tail; the minimum stays 0.
  RangeObserver observer({RangeRule::kPercentile, 99.0});
  const float zeros[100] = {};
  observer.observe(zeros, 100);  // zeros before any nonzero value land in bin 0
  std::vector<float> tail(100);
  for (int i = 0; i < 100; ++i)
    tail[static_cast<std::size_t>(i)] = static_cast<float>(i + 1) / 10.0f;
  observer.observe(tail.data(), tail.size());
  const Range range = observer.range();
  CHECK(range.min == 0.0f);
  // 99% of 200 values = 198: the 98th tail value, 9.8, within one bin (16/2048).
  CHECK(range.max >= 9.8f);
  CHECK(range.max <= 9.8f + 16.0f / 2048.0f);
}

TEST_CASE("observers reject non-finite values, bad options and empty queries",
          "[observer][errors]") {
  RangeObserver observer;
  REQUIRE_THROWS_WITH(observer.range(), Catch::Contains("no values observed"));
  const float bad[] = {1.0f, std::nanf("")};
  REQUIRE_THROWS_WITH(observer.observe(bad, 2), Catch::Contains("at index 1 is not finite"));
  const float inf[] = {std::numeric_limits<float>::infinity()};
  REQUIRE_THROWS_WITH(observer.observe(inf, 1), Catch::Contains("not finite"));
  REQUIRE_THROWS_WITH(RangeObserver({RangeRule::kPercentile, 0.0}),
                      Catch::Contains("percentile must be in (0, 100]"));
  REQUIRE_THROWS_WITH(RangeObserver({RangeRule::kPercentile, 101.0}), Catch::Contains("got 101"));
}
