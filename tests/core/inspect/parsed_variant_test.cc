// parse_variant: each format by its own reader, with the byte ranges the readers report
// pointing at exactly the stored weights; layer kinds named as TFLite operators.
#include "core/inspect/parsed_variant.h"

#include <catch2/catch.hpp>
#include <cstring>

#include "tests/core/inspect/inspect_models.h"

using namespace qplab;
using namespace qplab::testing;

TEST_CASE("a .tflite's buffer ranges point at its buffers' bytes", "[parsed_variant]") {
  const std::vector<std::uint8_t>& bytes = inspect_models().int8;
  const ParsedVariant parsed = parse_variant(bytes);
  CHECK(parsed.format == VariantFormat::kTflite);
  CHECK(parsed.file_bytes == bytes.size());
  REQUIRE(parsed.buffer_ranges.size() == parsed.model.buffers.size());
  for (std::size_t i = 0; i < parsed.model.buffers.size(); ++i) {
    const std::vector<std::uint8_t>& buffer = parsed.model.buffers[i];
    const ByteRange r = parsed.buffer_ranges[i];
    REQUIRE(r.size == buffer.size());
    if (!buffer.empty()) CHECK(std::memcmp(bytes.data() + r.offset, buffer.data(), r.size) == 0);
  }
}

TEST_CASE("a checkpoint's tensor ranges point at its parameters' floats", "[parsed_variant]") {
  const std::vector<std::uint8_t>& bytes = inspect_models().checkpoint;
  const ParsedVariant parsed = parse_variant(bytes);
  CHECK(parsed.format == VariantFormat::kCheckpoint);
  const std::vector<ParamRef> params = parsed.network->params();
  REQUIRE(parsed.tensor_data.size() == params.size());
  for (std::size_t k = 0; k < params.size(); ++k) {
    const ByteRange r = parsed.tensor_data[k];
    REQUIRE(r.size == 4 * params[k].size());
    CHECK(std::memcmp(bytes.data() + r.offset, params[k].value, r.size) == 0);
  }
}

TEST_CASE("layer kinds read as the TFLite operators they become", "[parsed_variant]") {
  CHECK(std::string(op_name(LayerKind::kConv2D)) == "CONV_2D");
  CHECK(std::string(op_name(LayerKind::kDense)) == "FULLY_CONNECTED");
  CHECK(std::string(op_name(LayerKind::kFlatten)) == "RESHAPE");
  CHECK_THROWS_WITH(parse_variant({1, 2, 3}), Catch::Contains("checkpoint"));
}
