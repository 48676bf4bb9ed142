// gzip level 9 through zlib's deflate with a gzip wrapper (windowBits 15 + 16).
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <zlib.h>

#include <stdexcept>
#include <string>

#include "core/format/gzip_size.h"

namespace qplab {

std::vector<std::uint8_t> gzip_bytes(const std::vector<std::uint8_t>& bytes) {
  z_stream stream{};
  constexpr int kGzipWindowBits = 15 + 16, kMemLevel = 8;
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, kGzipWindowBits, kMemLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip: deflateInit2 failed");
  std::vector<std::uint8_t> out(deflateBound(&stream, static_cast<uLong>(bytes.size())) + 32);
  stream.next_in = const_cast<Bytef*>(bytes.data());
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  const std::size_t written = stream.total_out;
  deflateEnd(&stream);
  if (status != Z_STREAM_END)
    throw std::runtime_error("gzip: deflate failed with status " + std::to_string(status));
  out.resize(written);
  return out;
}

std::size_t gzip_size(const std::vector<std::uint8_t>& bytes) { return gzip_bytes(bytes).size(); }

}  // namespace qplab

QPLAB_COLD_FILE_END
