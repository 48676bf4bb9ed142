// Stopwatch over CLOCK_MONOTONIC; see stopwatch.h.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <time.h>

#include "core/base/stopwatch.h"

namespace qplab {

namespace {

double monotonic_seconds() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace

Stopwatch::Stopwatch() : start_(monotonic_seconds()) {}

double Stopwatch::seconds() const { return monotonic_seconds() - start_; }

}  // namespace qplab

QPLAB_COLD_FILE_END
