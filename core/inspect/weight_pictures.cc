// Histograms and kernel values of a variant's weights next to the reference's.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "core/inspect/weight_pictures.h"

namespace qplab {

namespace {

constexpr int kInt8Min = -128, kInt8Max = 127;

void count_into(const std::vector<float>& values, double low, double high, std::vector<int>& counts,
                int& zeros) {
  const double width = (high - low) / static_cast<double>(counts.size());
  for (float v : values) {
    if (v == 0.0f) {
      ++zeros;
      continue;
    }
    std::size_t bin = width > 0.0 ? static_cast<std::size_t>((v - low) / width) : 0;
    ++counts[std::min(bin, counts.size() - 1)];  // high itself falls in the last bin
  }
}

WeightHistogram histogram(const WeightTensor& variant, const WeightTensor* reference, int bins) {
  WeightHistogram h;
  h.layer = variant.layer;
  h.op = variant.op;
  bool any = false;
  const auto widen = [&](const std::vector<float>& values) {
    for (float v : values) {
      h.low = any ? std::min(h.low, static_cast<double>(v)) : v;
      h.high = any ? std::max(h.high, static_cast<double>(v)) : v;
      any = true;
    }
  };
  widen(variant.values);
  if (reference) widen(reference->values);
  h.variant_counts.assign(static_cast<std::size_t>(bins), 0);
  count_into(variant.values, h.low, h.high, h.variant_counts, h.variant_zeros);
  if (reference) {
    h.reference_counts.assign(static_cast<std::size_t>(bins), 0);
    count_into(reference->values, h.low, h.high, h.reference_counts, h.reference_zeros);
  }
  if (variant.type == tflite::TensorType::kInt8 && !variant.levels.empty()) {
    h.level_min = kInt8Min;
    h.level_max = kInt8Max;
    h.level_counts.assign(static_cast<std::size_t>(kInt8Max - kInt8Min + 1), 0);
    for (std::size_t i = 0; i < variant.levels.size(); ++i)
      if (variant.values[i] != 0.0f)
        ++h.level_counts[static_cast<std::size_t>(variant.levels[i] - kInt8Min)];
  }
  return h;
}

}  // namespace

WeightPictures weight_pictures(const std::vector<WeightTensor>& variant,
                               const std::vector<WeightTensor>* reference, int bins) {
  if (bins < 1)
    throw std::invalid_argument("inspect: histogram bins must be at least 1, got " +
                                std::to_string(bins));
  WeightPictures pictures;
  for (const WeightTensor& tensor : variant) {
    if (tensor.role != "weights") continue;
    const WeightTensor* match = reference ? counterpart(tensor, *reference) : nullptr;
    pictures.histograms.push_back(histogram(tensor, match, bins));
    KernelValues kernel;
    kernel.layer = tensor.layer;
    kernel.op = tensor.op;
    kernel.shape = tensor.shape;
    kernel.values = tensor.values;
    if (match) kernel.reference = match->values;
    pictures.kernels.push_back(std::move(kernel));
  }
  return pictures;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
