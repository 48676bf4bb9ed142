// .tflite bytes -> the reader -> the interpreter -> one inference. Every input is made a
// .tflite by writing the identifier "TFL3" at bytes 4..7, so that no run falls through to the
// checkpoint reader (checkpoint_fuzz covers that one); shorter inputs are skipped.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tests/fuzz/model_inference.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 8) return 0;
  std::vector<std::uint8_t> bytes(data, data + size);
  bytes[4] = 'T';
  bytes[5] = 'F';
  bytes[6] = 'L';
  bytes[7] = '3';
  qplab::fuzz::load_and_score_one_digit(bytes);
  return 0;
}
