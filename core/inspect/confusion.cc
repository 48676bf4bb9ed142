// Counting predictions against labels and against each other.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <limits>
#include <stdexcept>
#include <string>

#include "core/inspect/confusion.h"

namespace qplab {

namespace {

void expect_sizes(std::size_t predictions, std::size_t digits, const char* what) {
  if (predictions != digits)
    throw std::invalid_argument(std::string("inspect: ") + what + " has " +
                                std::to_string(predictions) + " predictions for " +
                                std::to_string(digits) + " test digits");
}

}  // namespace

Confusion confusion_matrix(const std::vector<int>& predicted, const Dataset& test, int classes) {
  expect_sizes(predicted.size(), test.labels.size(), "the confusion matrix");
  Confusion c;
  c.classes = classes;
  c.count = static_cast<int>(predicted.size());
  const std::size_t n = static_cast<std::size_t>(classes);
  c.counts.assign(n * n, 0);
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    const int label = test.labels[i], guess = predicted[i];
    if (label >= classes || guess < 0 || guess >= classes)
      throw std::invalid_argument("inspect: test digit " + std::to_string(i) + " has label " +
                                  std::to_string(label) + " and prediction " +
                                  std::to_string(guess) + "; both must be in 0.." +
                                  std::to_string(classes - 1));
    ++c.counts[static_cast<std::size_t>(label) * n + static_cast<std::size_t>(guess)];
  }
  int correct = 0;
  for (std::size_t t = 0; t < n; ++t) {
    int examples = 0;
    for (std::size_t p = 0; p < n; ++p) examples += c.counts[t * n + p];
    const int hits = c.counts[t * n + t];
    correct += hits;
    c.class_accuracy.push_back(examples ? static_cast<double>(hits) / examples
                                        : std::numeric_limits<double>::quiet_NaN());
  }
  c.accuracy = c.count ? static_cast<double>(correct) / c.count : 0.0;
  return c;
}

std::vector<Disagreement> disagreements(const std::vector<int>& variant,
                                        const std::vector<int>& reference, const Dataset& test) {
  expect_sizes(variant.size(), test.labels.size(), "the variant");
  expect_sizes(reference.size(), test.labels.size(), "the reference");
  std::vector<Disagreement> differing;
  for (std::size_t i = 0; i < variant.size(); ++i)
    if (variant[i] != reference[i])
      differing.push_back({static_cast<int>(i), test.labels[i], variant[i], reference[i]});
  return differing;
}

double agreement(const std::vector<int>& variant, const std::vector<int>& reference) {
  if (variant.size() != reference.size())
    throw std::invalid_argument("inspect: " + std::to_string(variant.size()) + " and " +
                                std::to_string(reference.size()) + " predictions to compare");
  if (variant.empty()) return 0.0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < variant.size(); ++i) same += variant[i] == reference[i];
  return static_cast<double>(same) / static_cast<double>(variant.size());
}

}  // namespace qplab

QPLAB_COLD_FILE_END
