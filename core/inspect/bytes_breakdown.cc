// Splits a file into its weight tensors' bytes and the rest, and gzips each part.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <stdexcept>

#include "core/format/gzip_size.h"
#include "core/inspect/bytes_breakdown.h"

namespace qplab {

BytesBreakdown bytes_breakdown(const std::vector<std::uint8_t>& bytes,
                               const std::vector<WeightTensor>& weights) {
  BytesBreakdown result;
  result.file_bytes = bytes.size();
  result.file_gzip_bytes = gzip_size(bytes);
  std::vector<bool> weight_byte(bytes.size(), false);
  for (const WeightTensor& w : weights) {
    const ByteRange& r = w.bytes;
    if (r.offset > bytes.size() || r.size > bytes.size() - r.offset)
      throw std::invalid_argument("inspect: " + w.op + " " + w.role + " bytes " +
                                  std::to_string(r.offset) + "+" + std::to_string(r.size) +
                                  " lie outside the " + std::to_string(bytes.size()) +
                                  "-byte file");
    const auto first = bytes.begin() + static_cast<std::ptrdiff_t>(r.offset);
    const std::vector<std::uint8_t> data(first, first + static_cast<std::ptrdiff_t>(r.size));
    // A buffer two tensors share counts once, with the first.
    const bool shared = r.size > 0 && weight_byte[r.offset];
    std::fill(weight_byte.begin() + static_cast<std::ptrdiff_t>(r.offset),
              weight_byte.begin() + static_cast<std::ptrdiff_t>(r.offset + r.size), true);
    result.parts.push_back(
        {w.op + " " + w.role, w.layer, shared ? 0 : r.size, shared ? 0 : gzip_size(data)});
  }
  std::vector<std::uint8_t> structure;
  for (std::size_t i = 0; i < bytes.size(); ++i)
    if (!weight_byte[i]) structure.push_back(bytes[i]);
  result.parts.push_back({"structure", -1, structure.size(), gzip_size(structure)});
  return result;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
