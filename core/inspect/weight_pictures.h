// Weights for pictures: per kernel (the weights of every CONV_2D and FULLY_CONNECTED), a
// histogram of the reference's float weights and of the variant's values over the same bins,
// exact zeros (pruned weights) counted apart from the bins; for int8 kernels the count of
// every stored level; and the kernel values themselves, the variant's and the reference's
// (the lab CNN: 12 × 3×3 conv filters, 10 × 13×13×12 dense rows).
#pragma once

#include <string>
#include <vector>

#include "core/inspect/weight_tensors.h"

namespace qplab {

struct WeightHistogram {
  int layer = 0;
  std::string op;
  // bins equal-width bins over [low, high], the range of both tensors' values.
  double low = 0.0, high = 0.0;
  std::vector<int> reference_counts;  // non-zero reference weights per bin (empty: none)
  std::vector<int> variant_counts;    // non-zero variant weights per bin
  int reference_zeros = 0, variant_zeros = 0;
  // INT8 kernels: level_counts[q − level_min] non-zero weights stored as q, for q in
  // level_min..level_max (−128..127); empty for float kernels.
  int level_min = 0, level_max = 0;
  std::vector<int> level_counts;
};

struct KernelValues {
  int layer = 0;
  std::string op;
  std::vector<int> shape;        // [12, 3, 3, 1] OHWI, [10, 2028]
  std::vector<float> values;     // the variant's real values, row-major
  std::vector<float> reference;  // the reference's (empty: none)
};

struct WeightPictures {
  std::vector<WeightHistogram> histograms;
  std::vector<KernelValues> kernels;
};

// reference: the reference's weight tensors, or null. Throws std::invalid_argument for
// bins < 1.
WeightPictures weight_pictures(const std::vector<WeightTensor>& variant,
                               const std::vector<WeightTensor>* reference, int bins);

}  // namespace qplab
