// cli/load_digits.cc — load_idx_dir plus the checks the commands need before any work starts.
#include "cli/load_digits.h"

#include <cstdio>
#include <stdexcept>

#include "cli/out_of_memory.h"
#include "core/nn/lab_cnn.h"

namespace qplab::cli {

TrainTest load_digits(const std::string& dir) {
  TrainTest data =
      naming_out_of_memory("reading the digits in " + dir, [&] { return load_idx_dir(dir); });
  if (data.train.rows != kLabImageSize || data.train.cols != kLabImageSize)
    throw std::runtime_error("data in " + dir + " has " + std::to_string(data.train.rows) + "x" +
                             std::to_string(data.train.cols) + " images; the lab CNN needs " +
                             std::to_string(kLabImageSize) + "x" + std::to_string(kLabImageSize));
  if (data.train.count == 0 || data.test.count == 0)
    throw std::runtime_error("data in " + dir + " has " + std::to_string(data.train.count) +
                             " train and " + std::to_string(data.test.count) +
                             " test digits; both must be non-empty");
  std::fprintf(stderr, "data: %d train / %d test digits from %s\n", data.train.count,
               data.test.count, dir.c_str());
  return data;
}

}  // namespace qplab::cli
