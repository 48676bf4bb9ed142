// tests/core/data/file_bytes_test.cc — read_file_bytes returns a file's bytes exactly (empty,
// and larger than one read chunk) and names the path it cannot open.
#include "core/data/file_bytes.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace qplab {
namespace {

namespace fs = std::filesystem;

fs::path temp_path(const std::string& stem) {
  const auto tick = std::chrono::steady_clock::now().time_since_epoch().count();
  return fs::temp_directory_path() / (stem + "_" + std::to_string(tick));
}

void write_file(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

}  // namespace

TEST_CASE("read_file_bytes returns every byte of a file", "[file]") {
  const fs::path path = temp_path("qplab_file_bytes_test");
  std::vector<std::uint8_t> bytes(200000);  // more than one 64 KiB read
  for (std::size_t k = 0; k < bytes.size(); ++k) bytes[k] = static_cast<std::uint8_t>(k * 7);
  write_file(path, bytes);
  CHECK(read_file_bytes(path.string()) == bytes);
  write_file(path, {});
  CHECK(read_file_bytes(path.string()).empty());
  fs::remove(path);
}

TEST_CASE("read_file_bytes names a path it cannot open", "[file]") {
  REQUIRE_THROWS_WITH(read_file_bytes("/nonexistent/qplab/file"),
                      Catch::Equals("cannot open /nonexistent/qplab/file"));
  const std::string folder = fs::temp_directory_path().string();
  REQUIRE_THROWS_WITH(read_file_bytes(folder),
                      Catch::Equals("cannot open " + folder + ": it is a folder"));
}

}  // namespace qplab
