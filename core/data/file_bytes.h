// core/data/file_bytes.h — a whole file as bytes: read into memory up to a size limit, and
// written atomically. The formats of the core parse and build bytes, not streams, so the web
// page (which fetches bytes) and the native tool (which opens files) share one parser.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qplab {

// Throws std::runtime_error "cannot open <path>" (missing, unreadable or a folder), "error
// reading <path>", or "<path> is larger than <max_bytes> bytes, ..." before reading a regular
// file of that size, or as soon as a pipe or device has delivered more.
std::vector<std::uint8_t> read_file_bytes(const std::string& path, std::uint64_t max_bytes);

// Writes `path` atomically: a temporary file next to it (<path>.tmp), flushed to disk, then
// renamed over `path`, so a reader sees the old file or the new one, never half of one.
// Throws std::runtime_error "cannot create <path>.tmp: <reason>" or "cannot write <path>:
// <reason>", and leaves no temporary file behind.
void write_file_atomically(const std::string& path, const std::vector<std::uint8_t>& bytes);

}  // namespace qplab
