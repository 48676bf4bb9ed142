// Where the bytes go: the parts add up to the file, each weight tensor's part is its data
// (elements × element size), and zeros shrink a tensor's gzip size but not its bytes.
#include "core/inspect/bytes_breakdown.h"

#include <catch2/catch.hpp>

#include "core/format/gzip_size.h"
#include "tests/core/inspect/inspect_models.h"

using namespace qplab;
using namespace qplab::testing;

TEST_CASE("the parts of every file add up to the file", "[bytes_breakdown]") {
  const InspectModels& m = inspect_models();
  for (const auto* bytes : {&m.checkpoint, &m.float_tflite, &m.float16, &m.dynamic, &m.int8}) {
    const std::vector<WeightTensor> weights = weight_tensors(parse_variant(*bytes));
    const BytesBreakdown b = bytes_breakdown(*bytes, weights);
    CHECK(b.file_bytes == bytes->size());
    CHECK(b.file_gzip_bytes == gzip_size(*bytes));
    REQUIRE(b.parts.size() == weights.size() + 1);
    std::size_t total = 0;
    for (const BytesPart& p : b.parts) total += p.bytes;
    CHECK(total == bytes->size());
    CHECK(b.parts.back().part == "structure");
    CHECK(b.parts.back().layer == -1);
  }
  const BytesBreakdown int8 = bytes_breakdown(m.int8, weight_tensors(parse_variant(m.int8)));
  CHECK(int8.parts[0].part == "CONV_2D weights");
  CHECK(int8.parts[0].bytes == 108);
  CHECK(int8.parts[2].part == "FULLY_CONNECTED weights");
  CHECK(int8.parts[2].bytes == 20280);
  CHECK(int8.parts[3].bytes == 4 * 10);  // int32 bias
}

TEST_CASE("zeroed weights keep their bytes and lose most of their gzip size", "[bytes_breakdown]") {
  const InspectModels& m = inspect_models();
  std::vector<std::uint8_t> zeroed = m.checkpoint;
  const std::vector<WeightTensor> weights = weight_tensors(parse_variant(m.checkpoint));
  const ByteRange dense = weights.at(2).bytes;
  std::fill(zeroed.begin() + static_cast<std::ptrdiff_t>(dense.offset),
            zeroed.begin() + static_cast<std::ptrdiff_t>(dense.offset + dense.size), 0);
  const BytesBreakdown before = bytes_breakdown(m.checkpoint, weights);
  const BytesBreakdown after = bytes_breakdown(zeroed, weights);
  CHECK(after.parts[2].bytes == before.parts[2].bytes);
  CHECK(after.parts[2].gzip_bytes * 10 < before.parts[2].gzip_bytes);
  CHECK(after.parts.back().gzip_bytes == before.parts.back().gzip_bytes);
}
