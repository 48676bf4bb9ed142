// The validation subset of a training set, drawn with a seeded shuffle. Never the tail:
// our digit files are sorted by label, so Keras's "last fraction" would hold out only nines.
// Keras's split point is kept: floor(n · (1 − fraction)) samples train, the rest validate.
#pragma once

#include <vector>

#include "core/base/rng.h"

namespace qplab {

struct IndexSplit {
  std::vector<int> train, validation;
};

IndexSplit split_validation(int count, double fraction, Rng& rng);  // throws on a bad fraction

}  // namespace qplab
