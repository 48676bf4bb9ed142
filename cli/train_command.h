// cli/train_command.h — `qplab train`: train the lab CNN, save the float checkpoint, read it
// back and evaluate the file's model on the test digits.
#pragma once

#include "cli/args.h"

namespace qplab::cli {

// Progress on stderr; the summary (or one JSON object) on stdout. Returns the exit code;
// throws std::runtime_error on bad data, a failed write or a diverged run.
int run_train(const TrainOptions& options);

}  // namespace qplab::cli
