// cli/progress_bar.h — training progress on a stream (stderr): on a terminal one line redrawn
// in place with \r at most ten times a second; otherwise (a pipe, a log file) one line per
// epoch, so logs stay readable. Every epoch ends with a line that stays, with validation.
#pragma once

#include <cstdio>
#include <string>

#include "core/base/stopwatch.h"
#include "core/nn/train.h"

namespace qplab::cli {

class ProgressBar {
 public:
  // live: redraw in place (the stream is a terminal).
  ProgressBar(std::FILE* out, bool live);
  void on_batch(const BatchProgress& progress);
  void on_epoch(const EpochResult& result);

 private:
  std::string line(const BatchProgress& progress) const;

  std::FILE* out_;
  bool live_;
  BatchProgress last_{};
  Stopwatch clock_;
  double last_draw_ = -1.0;  // seconds on clock_; the first batch draws at once
};

}  // namespace qplab::cli
