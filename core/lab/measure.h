// Measuring a variant from its own bytes: the file is read back (checkpoint or .tflite),
// run on every test digit at batch 1 — as a user drawing a digit would — and its accuracy,
// latency and weight sparsity reported together with its raw and gzip sizes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/lab/lab.h"
#include "core/lab/variant_model.h"

namespace qplab {

// report.file is id + ".tflite" or ".qplab", by the bytes' format.
VariantReport measure_variant(const std::string& id, const std::vector<std::uint8_t>& bytes,
                              const Dataset& test);

// argmax predictions of a .tflite file or a checkpoint on every digit (batch 1).
std::vector<int> variant_predictions(const std::vector<std::uint8_t>& bytes, const Dataset& data);
// The same with a variant already loaded.
std::vector<int> variant_predictions(VariantModel& model, const Dataset& data);

}  // namespace qplab
