// inspect_variant — everything the page and the CLI show about one variant, computed from its
// own bytes (and a reference's: the float .tflite by default, or any variant, a checkpoint
// too): the per-tensor table, the per-layer activation error, agreement, confusion matrices,
// the test digits on which the two differ, weights for pictures and where the bytes go.
// Plain data throughout (numbers, strings, vectors), for the CLI's printers and Embind.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/inspect/activation_error.h"
#include "core/inspect/bytes_breakdown.h"
#include "core/inspect/confusion.h"
#include "core/inspect/tensor_table.h"
#include "core/inspect/weight_pictures.h"

namespace qplab {

constexpr int kMaxHistogramBins = 4096;

struct InspectOptions {
  int activation_digits = 200;  // N test digits, evenly spaced; capped at the test set's size
  int histogram_bins = 64;      // 1..kMaxHistogramBins
};

void validate(const InspectOptions& options);  // throws std::invalid_argument naming the option

struct Inspection {
  std::string format;  // "tflite" or "checkpoint"
  std::vector<TensorRow> tensors;
  BytesBreakdown bytes;
  WeightPictures weights;
  Confusion confusion;  // on every test digit
  bool has_reference = false;
  // With a reference (otherwise empty, zero or NaN):
  std::string reference_format;
  Confusion reference_confusion;
  ActivationError activations;
  double agreement = WeightError::kNaN;     // share of all test digits predicted alike
  std::vector<Disagreement> disagreements;  // every test digit predicted differently
};

// Each model's prediction for every test digit, when the caller has them already (the lab
// measured every variant on the test digits); null: inspect_variant computes them.
struct KnownPredictions {
  const std::vector<int>* variant = nullptr;
  const std::vector<int>* reference = nullptr;
};

// Throws what the readers and the interpreter throw for bad bytes (naming the field), and
// std::runtime_error for a model that is not a digit classifier or a reference whose layers
// do not match the variant's. Runs each model once on every test digit (unless its
// predictions are known), and both once more on activation_digits of them.
Inspection inspect_variant(const std::vector<std::uint8_t>& variant,
                           const std::vector<std::uint8_t>* reference, const Dataset& test,
                           const InspectOptions& options = {}, const KnownPredictions& known = {});

}  // namespace qplab
