// WeightError — how far a variant's weights lie from a reference's (the float model's by
// default): RMSE and max |error| in real units and in units of the tensor's scale (each
// element divided by the scale of its channel), and the signal-to-quantization-noise ratio
//   SQNR = 10 · log10(Σ w_ref² / Σ (w_var − w_ref)²) dB,
// +infinity when the two are equal (the CLI prints "inf"; JSON has no infinity: null, with
// rmse 0 telling it from "not compared").
#pragma once

#include <limits>
#include <vector>

#include "core/inspect/weight_tensors.h"

namespace qplab {

struct WeightError {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  bool compared = false;  // false: no reference, or none with this layer, role and size
  double rmse = kNaN, max_abs_error = kNaN;
  double rmse_in_scale = kNaN, max_error_in_scale = kNaN;  // NaN for float tensors (no scale)
  double sqnr_db = kNaN;
};

// Throws std::invalid_argument when the value counts differ.
WeightError weight_error(const WeightTensor& variant, const std::vector<float>& reference);

}  // namespace qplab
