// Seeded random validation split of sample indices.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/base/number_text.h"
#include "core/data/validation_split.h"

namespace qplab {

IndexSplit split_validation(int count, double fraction, Rng& rng) {
  if (!(fraction >= 0.0 && fraction < 1.0))
    throw std::invalid_argument("validation fraction must be in [0, 1), got " +
                                number_text(fraction));
  if (count < 1) throw std::invalid_argument("the training set is empty");
  std::vector<int> order(static_cast<std::size_t>(count));
  std::iota(order.begin(), order.end(), 0);
  rng.shuffle(order);
  const auto train_count = static_cast<std::ptrdiff_t>(std::floor(count * (1.0 - fraction)));
  if (train_count < 1)
    throw std::invalid_argument("validation fraction " + number_text(fraction) +
                                " leaves no training samples");
  return {std::vector<int>(order.begin(), order.begin() + train_count),
          std::vector<int>(order.begin() + train_count, order.end())};
}

}  // namespace qplab

QPLAB_COLD_FILE_END
