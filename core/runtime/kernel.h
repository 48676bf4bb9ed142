// Kernel — one prepared operator. Its constructor is the Prepare step (validate the operator,
// precompute multipliers and weight layouts, bind the input and output storage); run(batch)
// then computes `batch` samples with no checks and no allocation.
#pragma once

#include "core/base/cold_code.h"  // QPLAB_COLD marks the Prepare steps

namespace qplab::runtime {

class Kernel {
 public:
  virtual ~Kernel() = default;
  virtual void run(int batch) = 0;
};

}  // namespace qplab::runtime
