// core/data/file_bytes.cc — a whole file read into memory as bytes, up to a size limit, and
// written atomically. Reads in chunks until end of file rather than trusting a size up front,
// so pipes and files that change size while being read still come back whole or as an error;
// the size a regular file reports is checked first, so a huge file is refused without reading
// it. Writes through POSIX calls, which report every error and can flush to disk (fsync).
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "core/data/file_bytes.h"

namespace qplab {

namespace {

std::string system_error_text(int error) { return std::generic_category().message(error); }

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

void write_file_atomically(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw std::runtime_error("cannot create " + temporary + ": " + system_error_text(errno));
  std::size_t written = 0;
  int error = 0;
  while (written < bytes.size() && error == 0) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n > 0) {
      written += static_cast<std::size_t>(n);
    } else if (n == 0) {
      error = EIO;
    } else if (errno != EINTR) {
      error = errno;
    }
  }
  // fsync before rename: otherwise a crash can leave the new name pointing at an empty file.
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && std::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temporary.c_str());
    throw std::runtime_error("cannot write " + path + ": " + system_error_text(error));
  }
}

}  // namespace qplab

QPLAB_COLD_FILE_END
