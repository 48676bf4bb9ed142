// Float checkpoint bytes -> a Sequential model -> one inference. A checkpoint ends in the CRC-32
// of everything before it, which almost every mutation would break; the target writes the right
// CRC over the last 4 bytes so that mutations reach the parser and the model behind the check.
// Inputs that read as .tflite (identifier "TFL3" at byte 4) are tflite_fuzz's and are skipped.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/lab/variant_model.h"
#include "tests/fuzz/model_inference.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> bytes(data, data + size);
  if (qplab::format_of(bytes) != qplab::VariantFormat::kCheckpoint) return 0;
  if (bytes.size() >= 4) {
    const std::size_t payload = bytes.size() - 4;
    const auto crc = static_cast<std::uint32_t>(
        crc32(crc32(0L, Z_NULL, 0), bytes.data(), static_cast<uInt>(payload)));
    for (std::size_t i = 0; i < 4; ++i)
      bytes[payload + i] = static_cast<std::uint8_t>(crc >> (8 * i));
  }
  qplab::fuzz::load_and_score_one_digit(bytes);
  return 0;
}
