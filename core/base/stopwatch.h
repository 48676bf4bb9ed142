// Stopwatch: seconds of a monotonic clock since it started, for samples/s and timings.
// clock_gettime rather than std::chrono::steady_clock: libc++'s steady_clock throws
// std::system_error when the clock fails, which links the system_error machinery and libc's
// error strings into the page's wasm module (README, "Code weight") for a clock that cannot
// fail there.
#pragma once

namespace qplab {

class Stopwatch {
 public:
  Stopwatch();
  double seconds() const;

 private:
  double start_;
};

}  // namespace qplab
