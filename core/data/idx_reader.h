// core/data/idx_reader.h — IDX image and label files (big-endian; images magic 0x00000803, count,
// rows, cols; labels magic 0x00000801, count; then row-major uint8 data), gzip-compressed or raw,
// read from bytes in memory into a Dataset. Every check has its own message naming the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/budgets.h"
#include "core/data/dataset.h"

namespace qplab {

// True when `bytes` start with the gzip magic 1f 8b.
bool is_gzip(const std::vector<std::uint8_t>& bytes);

// The inflated content of a gzip stream (concatenated members allowed). Throws
// std::runtime_error "<name>: not a valid gzip stream: ..." on bad or truncated data, trailing
// bytes, or more than `max_bytes` of output.
std::vector<std::uint8_t> inflate_gzip(const std::vector<std::uint8_t>& bytes,
                                       const std::string& name,
                                       std::size_t max_bytes = budget::kMaxInflatedBytes);

// An images file and its labels file, each gzip or raw IDX. `name` (e.g. "train") prefixes the
// messages: "train images: ...", "train labels: ...". Throws std::runtime_error.
Dataset read_idx(const std::vector<std::uint8_t>& images_file,
                 const std::vector<std::uint8_t>& labels_file, const std::string& name);

// Same, from raw IDX bytes only (gzip data is refused): for callers that inflate elsewhere (the
// page lets the browser inflate), so zlib's inflate is not linked in.
Dataset read_raw_idx(const std::vector<std::uint8_t>& images,
                     const std::vector<std::uint8_t>& labels, const std::string& name);

// Same as read_idx, from two paths; messages name the paths.
Dataset read_idx_files(const std::string& images_path, const std::string& labels_path);

}  // namespace qplab
