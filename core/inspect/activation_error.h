// Per-layer activation error, with the layer statistics of TFLite's quantization debugger:
// the variant and a reference run on the same test digits (N evenly spaced over the set, as
// calibration picks them: the files are sorted by label), and every output of the variant
// that is a layer of the lab graph (CONV_2D, MAX_POOL_2D, FULLY_CONNECTED, SOFTMAX) is
// compared, dequantized, with the reference's output of the same layer (the k-th such output
// of one with the k-th of the other). QUANTIZE, DEQUANTIZE and RESHAPE outputs are listed
// without statistics; folded DEQUANTIZEs of constants are not outputs at all. The errors are
// end to end (each layer sees the variant's own earlier outputs), not one layer in isolation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/inspect/weight_error.h"

namespace qplab {

struct LayerError {
  int index = 0;                     // the variant's operator (.tflite) or layer (checkpoint)
  std::string op;                    // "CONV_2D", ...
  int reference_index = -1;          // the counterpart's operator or layer; −1: none
  std::vector<int> shape;            // one sample's output
  double scale = WeightError::kNaN;  // the variant output's scale (INT8); NaN for floats
  // Over every element of every compared digit (NaN without a counterpart):
  double mean_error = WeightError::kNaN;  // mean of (variant − reference)
  double mean_squared_error = WeightError::kNaN;
  double max_abs_error = WeightError::kNaN;
  double rmse_in_scale = WeightError::kNaN;  // √MSE / scale; NaN for float outputs
};

struct ActivationError {
  int digits = 0;  // test digits compared, evenly spaced (calibration_indices)
  std::vector<LayerError> layers;
};

// Throws std::invalid_argument for digits outside 1..test.count, and std::runtime_error when
// the two graphs' layers differ in kind, order or size (naming both sequences).
ActivationError activation_error(const std::vector<std::uint8_t>& variant,
                                 const std::vector<std::uint8_t>& reference, const Dataset& test,
                                 int digits);

}  // namespace qplab
