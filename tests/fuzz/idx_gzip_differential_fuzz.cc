// Differential: raw IDX bytes (split as tests/fuzz/idx_pair.h says) read by read_raw_idx, and
// the same two files gzipped with zlib read by read_idx, must give the same Dataset or both
// fail. The messages may differ (a raw file's wrong magic adds "neither gzip nor IDX"), so only
// the outcome is compared. Raw bytes that start with the gzip magic are refused by
// read_raw_idx; gzipped, they inflate to bytes whose magic is wrong: both fail.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>

#include "core/data/idx_reader.h"
#include "tests/fuzz/gzip_bytes.h"
#include "tests/fuzz/idx_pair.h"

namespace {

std::optional<qplab::Dataset> read_or_nothing(bool gzipped, const qplab::fuzz::IdxPair& pair) {
  try {
    if (!gzipped) return qplab::read_raw_idx(pair.images, pair.labels, "raw");
    return qplab::read_idx(qplab::fuzz::gzip_bytes(pair.images),
                           qplab::fuzz::gzip_bytes(pair.labels), "gzip");
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool same(const qplab::Dataset& a, const qplab::Dataset& b) {
  return a.count == b.count && a.rows == b.rows && a.cols == b.cols && a.images == b.images &&
         a.labels == b.labels;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const qplab::fuzz::IdxPair pair = qplab::fuzz::split_idx_pair(data, size);
  const std::optional<qplab::Dataset> raw = read_or_nothing(false, pair);
  const std::optional<qplab::Dataset> gzip = read_or_nothing(true, pair);
  if (raw.has_value() != gzip.has_value()) {
    std::fprintf(stderr, "idx_gzip_differential: raw IDX %s but the same bytes gzipped %s\n",
                 raw ? "is read" : "is refused", gzip ? "are read" : "are refused");
    std::abort();
  }
  if (raw && !same(*raw, *gzip)) {
    std::fprintf(stderr, "idx_gzip_differential: raw and gzipped IDX give different Datasets\n");
    std::abort();
  }
  return 0;
}
