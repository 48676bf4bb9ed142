// ByteRange — where a part of a file lies: its first byte and its length. The readers report
// where each weight's bytes sit (tflite buffers, checkpoint tensor data), so a file's bytes
// can be split into weights and structure.
#pragma once

#include <cstddef>

namespace qplab {

struct ByteRange {
  std::size_t offset = 0;
  std::size_t size = 0;
};

}  // namespace qplab
