// The validation split is a seeded random draw, never the tail of a label-sorted file.
#include "core/data/validation_split.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "tests/core/lab_digits.h"

using namespace qplab;

TEST_CASE("validation split keeps Keras's split point and covers every digit",
          "[validation_split]") {
  const Dataset& train = testing::lab_digits().train;
  Rng rng(1);
  const IndexSplit split = split_validation(train.count, 0.1, rng);
  CHECK(split.train.size() == 7203);  // floor(8004 · 0.9)
  CHECK(split.validation.size() == 801);
  std::set<int> digits;
  for (int i : split.validation) digits.insert(train.labels[static_cast<std::size_t>(i)]);
  CHECK(digits.size() == 10);  // the tail of the file would hold only nines
  std::vector<int> all = split.train;
  all.insert(all.end(), split.validation.begin(), split.validation.end());
  std::sort(all.begin(), all.end());
  for (int i = 0; i < train.count; ++i) REQUIRE(all[static_cast<std::size_t>(i)] == i);
}

TEST_CASE("validation split rejects fractions outside [0, 1)", "[validation_split][errors]") {
  Rng rng(1);
  REQUIRE_THROWS_WITH(split_validation(100, 1.0, rng),
                      Catch::Contains("validation fraction must be in [0, 1)"));
  REQUIRE_THROWS_WITH(split_validation(1, 0.5, rng), Catch::Contains("leaves no training samples"));
  CHECK(split_validation(10, 0.0, rng).validation.empty());
}
