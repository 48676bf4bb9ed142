// cli/predict_command.h — `qplab predict FILE`: a .tflite (through qplab's runtime) or a
// checkpoint on every test digit, one digit at a time; accuracy and each prediction.
#pragma once

#include "cli/args.h"

namespace qplab::cli {

int run_predict(const PredictOptions& options);

}  // namespace qplab::cli
