// Kernel — one prepared operator. Its constructor is the Prepare step (validate the operator,
// precompute multipliers and weight layouts, bind the input and output storage); run(batch)
// then computes `batch` samples with no checks and no allocation.
#pragma once

// A Prepare step runs once per model: clang compiles it for size, as the page downloads it and
// only run() needs speed (GCC builds the native tools only and leaves it as is).
#if defined(__clang__)
#define QPLAB_PREPARE [[clang::minsize]]
#else
#define QPLAB_PREPARE
#endif

namespace qplab::runtime {

class Kernel {
 public:
  virtual ~Kernel() = default;
  virtual void run(int batch) = 0;
};

}  // namespace qplab::runtime
