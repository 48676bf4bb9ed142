// The confusion matrix of a variant's predictions on the test digits, its per-class accuracy,
// and where two variants' predictions differ.
#pragma once

#include <vector>

#include "core/data/dataset.h"

namespace qplab {

struct Confusion {
  int classes = 0;
  int count = 0;                       // test digits
  std::vector<int> counts;             // classes × classes, row-major: [true digit][predicted]
  std::vector<double> class_accuracy;  // per true digit; NaN for a digit with no examples
  double accuracy = 0.0;               // trace / count
};

// predicted[i]: the prediction for test digit i. Throws std::invalid_argument when the sizes
// differ or a label or prediction lies outside 0..classes−1.
Confusion confusion_matrix(const std::vector<int>& predicted, const Dataset& test, int classes);

struct Disagreement {
  int index = 0;  // test digit
  int label = 0;
  int variant = 0, reference = 0;  // the two predictions
};

// Throws std::invalid_argument when the sizes differ.
std::vector<Disagreement> disagreements(const std::vector<int>& variant,
                                        const std::vector<int>& reference, const Dataset& test);

// The share of test digits on which the two predictions agree (0 for no digits).
double agreement(const std::vector<int>& variant, const std::vector<int>& reference);

}  // namespace qplab
