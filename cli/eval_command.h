// cli/eval_command.h — `qplab eval FILE`: a float checkpoint's accuracy, loss and confusion
// matrix on the test digits.
#pragma once

#include "cli/args.h"

namespace qplab::cli {

// Results on stdout (human, or one JSON object). Returns the exit code; throws
// std::runtime_error for a bad checkpoint or data folder.
int run_eval(const EvalOptions& options);

}  // namespace qplab::cli
