// core/data/file_bytes.h — a whole file read into memory as bytes.
// The readers of the core parse bytes, not streams, so the web page (which fetches bytes)
// and the native tool (which opens files) share one parser.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qplab {

// Throws std::runtime_error "cannot open <path>" (missing, unreadable or a folder) or
// "error reading <path>".
std::vector<std::uint8_t> read_file_bytes(const std::string& path);

}  // namespace qplab
