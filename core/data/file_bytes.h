// core/data/file_bytes.h — a whole file read into memory as bytes, up to a size limit.
// The readers of the core parse bytes, not streams, so the web page (which fetches bytes)
// and the native tool (which opens files) share one parser.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qplab {

// Throws std::runtime_error "cannot open <path>" (missing, unreadable or a folder), "error
// reading <path>", or "<path> is larger than <max_bytes> bytes, ..." before reading a regular
// file of that size, or as soon as a pipe or device has delivered more.
std::vector<std::uint8_t> read_file_bytes(const std::string& path, std::uint64_t max_bytes);

}  // namespace qplab
