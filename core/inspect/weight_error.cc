// Quantization error of one weight tensor against the reference's values.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/inspect/weight_error.h"

namespace qplab {

WeightError weight_error(const WeightTensor& variant, const std::vector<float>& reference) {
  if (variant.values.size() != reference.size())
    throw std::invalid_argument("inspect: " + variant.op + " " + variant.role + " of layer " +
                                std::to_string(variant.layer) + " has " +
                                std::to_string(variant.values.size()) +
                                " values, the reference's " + std::to_string(reference.size()));
  WeightError error;
  error.compared = true;
  const bool scaled = !variant.levels.empty();
  double signal = 0.0, noise = 0.0, noise_in_scale = 0.0;
  double max_error = 0.0, max_in_scale = 0.0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    const double w = reference[i];
    const double e = static_cast<double>(variant.values[i]) - w;
    signal += w * w;
    noise += e * e;
    max_error = std::max(max_error, std::fabs(e));
    if (scaled) {
      const double in_scale = e / variant.scale_of(i);
      noise_in_scale += in_scale * in_scale;
      max_in_scale = std::max(max_in_scale, std::fabs(in_scale));
    }
  }
  const double n = static_cast<double>(reference.size());
  if (n == 0) return error;
  error.rmse = std::sqrt(noise / n);
  error.max_abs_error = max_error;
  if (scaled) {
    error.rmse_in_scale = std::sqrt(noise_in_scale / n);
    error.max_error_in_scale = max_in_scale;
  }
  error.sqnr_db =
      noise == 0.0 ? std::numeric_limits<double>::infinity() : 10.0 * std::log10(signal / noise);
  return error;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
