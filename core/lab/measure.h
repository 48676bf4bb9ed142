// Measuring a variant from its own bytes: the file is read back (checkpoint or .tflite),
// run on every test digit at batch 1 — as a user drawing a digit would — and its accuracy,
// latency and weight sparsity reported together with its raw and gzip sizes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/format/tflite_model.h"
#include "core/lab/lab.h"

namespace qplab {

enum class VariantFormat { kCheckpoint, kTflite };

VariantReport measure_variant(const std::string& id, VariantFormat format, const std::vector<std::uint8_t>& bytes,
                              const Dataset& test);

// Zero weights / all weights of the CONV_2D and FULLY_CONNECTED kernels of a .tflite model,
// whatever their storage (float32, float16 behind a DEQUANTIZE, int8).
double kernel_sparsity(const tflite::Model& model);

// argmax predictions on every digit (batch 1), of a .tflite file through the runtime or of a
// checkpoint's model.
std::vector<int> tflite_predictions(const std::vector<std::uint8_t>& bytes, const Dataset& data);
std::vector<int> checkpoint_predictions(const std::vector<std::uint8_t>& bytes, const Dataset& data);

}  // namespace qplab
