// IDX images + labels bytes (split as tests/fuzz/idx_pair.h says) -> a Dataset, through both
// entry points: read_idx (gzip or raw, each file on its own) and read_raw_idx (raw only).
#include <cstddef>
#include <cstdint>
#include <exception>

#include "core/data/idx_reader.h"
#include "tests/fuzz/idx_pair.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const qplab::fuzz::IdxPair pair = qplab::fuzz::split_idx_pair(data, size);
  try {
    qplab::read_idx(pair.images, pair.labels, "fuzz");
  } catch (const std::exception&) {
    // Refused with an exception: expected for bad bytes.
  }
  try {
    qplab::read_raw_idx(pair.images, pair.labels, "fuzz");
  } catch (const std::exception&) {
  }
  return 0;
}
