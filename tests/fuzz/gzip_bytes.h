// A gzip stream (RFC 1952, one member) of the given bytes, written with zlib's deflate: the
// differential target's "same bytes, gzipped" and the gzip seeds.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace qplab::fuzz {

inline std::vector<std::uint8_t> gzip_bytes(const std::vector<std::uint8_t>& raw) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::logic_error("gzip_bytes: deflateInit2 failed");
  std::vector<std::uint8_t> out(deflateBound(&zs, static_cast<uLong>(raw.size())) + 32);
  zs.next_in = const_cast<Bytef*>(raw.data());  // deflate never writes through next_in
  zs.avail_in = static_cast<uInt>(raw.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  const int ret = deflate(&zs, Z_FINISH);
  const uLong written = zs.total_out;
  deflateEnd(&zs);
  if (ret != Z_STREAM_END) throw std::logic_error("gzip_bytes: deflate did not finish");
  out.resize(written);
  return out;
}

}  // namespace qplab::fuzz
