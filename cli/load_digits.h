// cli/load_digits.h — the train and test digits from an IDX folder, checked for what the lab
// CNN needs (28×28 images, both splits non-empty), announced on stderr.
#pragma once

#include <string>

#include "core/data/dataset.h"

namespace qplab::cli {

// Prints "data: 8004 train / 1996 test digits from DIR" to stderr; throws std::runtime_error.
TrainTest load_digits(const std::string& dir);

}  // namespace qplab::cli
