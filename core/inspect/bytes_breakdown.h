// Where a file's bytes go: the stored data of each weight tensor (kernels and biases of the
// CONV_2D / FULLY_CONNECTED operators, Conv2D / Dense layers) and everything else (the
// FlatBuffers or checkpoint structure: tables, offsets, shapes, quantization, names, padding),
// each with its size as a gzip stream of its own (gzip_size.h). The parts' gzip sizes do not
// add up to the file's: each stream has its own ~20-byte header, and deflate finds no matches
// across parts. Pruning zeros compress, so a pruned file shrinks under gzip at the same size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/inspect/weight_tensors.h"

namespace qplab {

struct BytesPart {
  std::string part;  // "CONV_2D weights", "FULLY_CONNECTED bias", "structure"
  int layer = -1;    // the weighted layer; −1 for the structure
  std::size_t bytes = 0, gzip_bytes = 0;
};

struct BytesBreakdown {
  std::size_t file_bytes = 0, file_gzip_bytes = 0;
  std::vector<BytesPart> parts;  // the weight tensors in order, then the structure
};

// weights: the file's own weight tensors (weight_tensors(parse_variant(bytes))).
BytesBreakdown bytes_breakdown(const std::vector<std::uint8_t>& bytes,
                               const std::vector<WeightTensor>& weights);

}  // namespace qplab
