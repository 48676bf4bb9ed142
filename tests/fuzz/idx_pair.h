// How one fuzz input carries an IDX images file and its labels file (the IDX targets' split
// format, also used by the seeds and the regression inputs):
//
//   images length N: u32, big-endian (as IDX's own header fields) · N bytes of images · labels
//
// An N larger than what follows takes everything that follows as images (labels empty), and an
// input shorter than 4 bytes is empty images and empty labels: every input splits somehow, so
// the mutator's edits of the prefix never waste a run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace qplab::fuzz {

struct IdxPair {
  std::vector<std::uint8_t> images, labels;
};

inline IdxPair split_idx_pair(const std::uint8_t* data, std::size_t size) {
  IdxPair pair;
  if (size < 4) return pair;
  const std::size_t stated = std::size_t{data[0]} << 24 | std::size_t{data[1]} << 16 |
                             std::size_t{data[2]} << 8 | std::size_t{data[3]};
  const std::size_t images = stated < size - 4 ? stated : size - 4;
  pair.images.assign(data + 4, data + 4 + images);
  pair.labels.assign(data + 4 + images, data + size);
  return pair;
}

inline std::vector<std::uint8_t> join_idx_pair(const std::vector<std::uint8_t>& images,
                                               const std::vector<std::uint8_t>& labels) {
  const auto n = static_cast<std::uint32_t>(images.size());
  std::vector<std::uint8_t> joined{static_cast<std::uint8_t>(n >> 24),
                                   static_cast<std::uint8_t>(n >> 16),
                                   static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
  joined.insert(joined.end(), images.begin(), images.end());
  joined.insert(joined.end(), labels.begin(), labels.end());
  return joined;
}

}  // namespace qplab::fuzz
