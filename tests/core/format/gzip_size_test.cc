// gzip_bytes: a valid gzip stream that inflates back to the input; sizes behave.
#include "core/format/gzip_size.h"

#include <catch2/catch.hpp>

#include "core/data/idx_reader.h"

using namespace qplab;

TEST_CASE("gzip_bytes writes a gzip stream that inflates back", "[gzip_size]") {
  std::vector<std::uint8_t> bytes(5000);
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<std::uint8_t>((i * 7919) % 251);
  const auto packed = gzip_bytes(bytes);
  REQUIRE(packed.size() > 18);
  CHECK(packed[0] == 0x1f);
  CHECK(packed[1] == 0x8b);
  CHECK(inflate_gzip(packed, "test") == bytes);
  CHECK(gzip_size(bytes) == packed.size());
}

TEST_CASE("gzip sizes are small for zeros and near the input for noise", "[gzip_size]") {
  CHECK(gzip_size(std::vector<std::uint8_t>(100000, 0)) < 200);
  std::vector<std::uint8_t> noise(10000);
  std::uint32_t state = 1;
  for (auto& b : noise)
    b = static_cast<std::uint8_t>((state = state * 1664525u + 1013904223u) >> 24);
  CHECK(gzip_size(noise) > 10000);
  CHECK(gzip_size({}) > 0);
}
