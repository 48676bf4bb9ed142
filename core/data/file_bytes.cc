// core/data/file_bytes.cc — a whole file read into memory as bytes, up to a size limit.
// Reads in chunks until end of file rather than trusting a size up front, so pipes and
// files that change size while being read still come back whole or as an error; the size a
// regular file reports is checked first, so a huge file is refused without reading it.
#include "core/data/file_bytes.h"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace qplab {

namespace {

[[noreturn]] void too_large(const std::string& path, std::uint64_t max_bytes) {
  throw std::runtime_error(path + " is larger than " + std::to_string(max_bytes) +
                           " bytes, the limit for this kind of file");
}

}  // namespace

std::vector<std::uint8_t> read_file_bytes(const std::string& path, std::uint64_t max_bytes) {
  std::error_code ec;
  // A folder opens fine as a stream on Linux and then fails to read; say what it is.
  if (std::filesystem::is_directory(path, ec)) {
    throw std::runtime_error("cannot open " + path + ": it is a folder");
  }
  if (std::filesystem::is_regular_file(path, ec)) {
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) too_large(path, max_bytes);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);

  std::vector<std::uint8_t> bytes;
  constexpr std::size_t kChunk = std::size_t{1} << 16;
  for (;;) {
    const std::size_t used = bytes.size();
    // One byte past the limit tells a file of exactly max_bytes from a longer one.
    const std::uint64_t room = max_bytes + 1 - used;
    const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, room));
    bytes.resize(used + chunk);
    in.read(reinterpret_cast<char*>(bytes.data() + used), static_cast<std::streamsize>(chunk));
    const std::streamsize got = in.gcount();
    bytes.resize(used + static_cast<std::size_t>(got));
    if (in.bad()) throw std::runtime_error("error reading " + path);
    if (bytes.size() > max_bytes) too_large(path, max_bytes);
    if (in.eof()) break;
  }
  return bytes;
}

}  // namespace qplab
