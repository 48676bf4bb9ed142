// The size of a file as a gzip download: the bytes of a gzip stream (zlib, deflate level 9,
// the largest window), which is how a web server would send a .tflite or checkpoint.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace qplab {

std::vector<std::uint8_t> gzip_bytes(
    const std::vector<std::uint8_t>& bytes);  // throws on zlib failure
std::size_t gzip_size(const std::vector<std::uint8_t>& bytes);

}  // namespace qplab
