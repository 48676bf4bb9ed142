// core/data/file_bytes.cc — a whole file read into memory as bytes.
// Reads in chunks until end of file rather than trusting a size up front, so pipes and
// files that change size while being read still come back whole or as an error.
#include "core/data/file_bytes.h"

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace qplab {

std::vector<std::uint8_t> read_file_bytes(const std::string& path) {
  std::error_code ec;
  // A folder opens fine as a stream on Linux and then fails to read; say what it is.
  if (std::filesystem::is_directory(path, ec)) {
    throw std::runtime_error("cannot open " + path + ": it is a folder");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);

  std::vector<std::uint8_t> bytes;
  constexpr std::size_t kChunk = std::size_t{1} << 16;
  for (;;) {
    const std::size_t used = bytes.size();
    bytes.resize(used + kChunk);
    in.read(reinterpret_cast<char*>(bytes.data() + used), static_cast<std::streamsize>(kChunk));
    const std::streamsize got = in.gcount();
    bytes.resize(used + static_cast<std::size_t>(got));
    if (in.bad()) throw std::runtime_error("error reading " + path);
    if (in.eof()) break;
  }
  return bytes;
}

}  // namespace qplab
