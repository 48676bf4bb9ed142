// core/data/dataset.cc — loading the standard four IDX files of a folder, and taking subsets
// (validation splits) of a data set by index.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <climits>
#include <cstddef>
#include <stdexcept>

#include "core/data/dataset.h"
#include "core/data/idx_reader.h"

namespace qplab {

TrainTest load_idx_dir(const std::string& dir) {
  const std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  TrainTest split;
  split.train =
      read_idx_files(prefix + "train-images-idx3-ubyte.gz", prefix + "train-labels-idx1-ubyte.gz");
  split.test =
      read_idx_files(prefix + "t10k-images-idx3-ubyte.gz", prefix + "t10k-labels-idx1-ubyte.gz");
  // A model is built for one input size; a folder mixing two sizes is a mistake, say so now.
  if (split.train.rows != split.test.rows || split.train.cols != split.test.cols) {
    throw std::runtime_error(prefix + ": training images are " + std::to_string(split.train.rows) +
                             "x" + std::to_string(split.train.cols) + " but test images are " +
                             std::to_string(split.test.rows) + "x" +
                             std::to_string(split.test.cols));
  }
  return split;
}

Dataset subset(const Dataset& data, const std::vector<int>& indices) {
  if (indices.size() > static_cast<std::size_t>(INT_MAX)) {
    throw std::invalid_argument("subset: " + std::to_string(indices.size()) +
                                " indices do not fit a Dataset's int count");
  }
  const auto pixels = static_cast<std::size_t>(data.pixels());
  const auto count = static_cast<std::size_t>(data.count);
  // A hand-built Dataset may disagree with itself; copying from it would read out of bounds.
  if (data.images.size() != count * pixels || data.labels.size() != count) {
    throw std::invalid_argument(
        "subset: data set of " + std::to_string(data.count) + " " + std::to_string(data.rows) +
        "x" + std::to_string(data.cols) + " images holds " + std::to_string(data.images.size()) +
        " pixel bytes and " + std::to_string(data.labels.size()) + " labels");
  }
  Dataset out;
  out.count = static_cast<int>(indices.size());
  out.rows = data.rows;
  out.cols = data.cols;
  out.images.resize(indices.size() * pixels);
  out.labels.resize(indices.size());
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const int i = indices[k];
    if (i < 0 || i >= data.count) {
      throw std::invalid_argument("subset: indices[" + std::to_string(k) +
                                  "] = " + std::to_string(i) + " is out of range for " +
                                  std::to_string(data.count) + " samples");
    }
    const auto from = static_cast<std::size_t>(i);
    std::copy_n(data.images.data() + from * pixels, pixels, out.images.data() + k * pixels);
    out.labels[k] = data.labels[from];
  }
  return out;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
