// Test support: the converted lab digits (data/mnist, or $QPLAB_DATA_DIR), loaded once.
// Missing files fail the test with a pointer to the set-up rather than skipping it.
#pragma once

#include <cstdlib>
#include <string>

#include "core/data/dataset.h"

#ifndef QPLAB_SOURCE_DIR
#error "QPLAB_SOURCE_DIR (the repository root) must be defined by the build"
#endif

namespace qplab::testing {

inline std::string lab_digits_dir() {
  const char* env = std::getenv("QPLAB_DATA_DIR");
  return env != nullptr && *env != '\0' ? env : QPLAB_SOURCE_DIR "/data/mnist";
}

// Throws "... run scripts/setup.sh" through load_idx_dir's message when the files are missing.
inline const TrainTest& lab_digits() {
  static const TrainTest digits = load_idx_dir(lab_digits_dir());
  return digits;
}

}  // namespace qplab::testing
