// core/data/dataset.h — digits in memory: count images of rows x cols uint8 pixels (row-major,
// 0..255, white on black) and one label 0..9 each, as the IDX files hold them.
// Pixels stay uint8 here; scaling to float is the model's concern, not the data's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qplab {

struct Dataset {
  int count = 0, rows = 0, cols = 0;
  std::vector<std::uint8_t> images;  // count*rows*cols, row-major, 0..255
  std::vector<std::uint8_t> labels;  // count, each 0..9
  int pixels() const { return rows * cols; }
};

struct TrainTest {
  Dataset train, test;
};

// The four standard IDX .gz names in `dir` (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
// t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz); throws std::runtime_error naming the
// file and the failed check. Train and test must have the same image size.
TrainTest load_idx_dir(const std::string& dir);

// The samples at `indices`, in that order (repeats allowed), e.g. a seeded validation split.
// Throws std::invalid_argument naming the position and value of an index out of range.
Dataset subset(const Dataset& data, const std::vector<int>& indices);

}  // namespace qplab
