// tests/core/data/file_bytes_test.cc — read_file_bytes returns a file's bytes exactly (empty,
// larger than one read chunk, exactly at the limit), names the path it cannot open, and refuses
// a file over its limit: a regular file before reading it, an endless device once past it.
// write_file_atomically writes or replaces a file whole, and on failure names the path and
// leaves neither a temporary file nor a changed target.
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

constexpr std::uint64_t kLimit = std::uint64_t{1} << 20;

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
  CHECK(read_file_bytes(path.string(), kLimit) == bytes);
  write_file(path, {});
  CHECK(read_file_bytes(path.string(), kLimit).empty());
  fs::remove(path);
}

TEST_CASE("read_file_bytes names a path it cannot open", "[file]") {
  REQUIRE_THROWS_WITH(read_file_bytes("/nonexistent/qplab/file", kLimit),
                      Catch::Equals("cannot open /nonexistent/qplab/file"));
  const std::string folder = fs::temp_directory_path().string();
  REQUIRE_THROWS_WITH(read_file_bytes(folder, kLimit),
                      Catch::Equals("cannot open " + folder + ": it is a folder"));
}

TEST_CASE("read_file_bytes refuses a file over its limit before reading it", "[file]") {
  const fs::path path = temp_path("qplab_file_bytes_limit");
  std::vector<std::uint8_t> bytes(1000, 7);
  write_file(path, bytes);
  CHECK(read_file_bytes(path.string(), 1000) == bytes);  // exactly the limit
  REQUIRE_THROWS_WITH(
      read_file_bytes(path.string(), 999),
      Catch::Equals(path.string() + " is larger than 999 bytes, the limit for this kind of file"));
  // 64 MiB that take no disk (a sparse file): refused from its size, never read. (Larger sparse
  // files would do natively; node's file system under Emscripten reads sizes past 4 GiB wrong.)
  fs::resize_file(path, std::uint64_t{64} << 20);
  REQUIRE_THROWS_WITH(read_file_bytes(path.string(), kLimit), Catch::Contains("is larger than"));
  fs::remove(path);
}

TEST_CASE("write_file_atomically writes a file whole and replaces an existing one", "[file]") {
  const fs::path path = temp_path("qplab_file_bytes_write");
  std::vector<std::uint8_t> bytes(200000);
  for (std::size_t k = 0; k < bytes.size(); ++k) bytes[k] = static_cast<std::uint8_t>(k * 13);
  write_file_atomically(path.string(), bytes);
  CHECK(read_file_bytes(path.string(), kLimit) == bytes);
  CHECK_FALSE(fs::exists(path.string() + ".tmp"));

  const std::vector<std::uint8_t> shorter = {1, 2, 3};
  write_file_atomically(path.string(), shorter);
  CHECK(read_file_bytes(path.string(), kLimit) == shorter);
  write_file_atomically(path.string(), {});
  CHECK(read_file_bytes(path.string(), kLimit).empty());
  CHECK_FALSE(fs::exists(path.string() + ".tmp"));
  fs::remove(path);
}

TEST_CASE("write_file_atomically names the path it cannot write and cleans up", "[file]") {
  REQUIRE_THROWS_WITH(write_file_atomically("/nonexistent/qplab/a.bin", {1, 2}),
                      Catch::StartsWith("cannot create /nonexistent/qplab/a.bin.tmp: "));
  // A folder in the way: the temporary file is written, the rename over the folder fails.
  const fs::path folder = temp_path("qplab_file_bytes_folder");
  fs::create_directory(folder);
  REQUIRE_THROWS_WITH(write_file_atomically(folder.string(), {1, 2}),
                      Catch::StartsWith("cannot write " + folder.string() + ": "));
  CHECK(fs::is_directory(folder));
  CHECK_FALSE(fs::exists(folder.string() + ".tmp"));
  fs::remove(folder);
}

#ifndef __EMSCRIPTEN__  // node's file system under Emscripten has no character devices
TEST_CASE("read_file_bytes stops an endless device at its limit", "[file]") {
  REQUIRE_THROWS_WITH(read_file_bytes("/dev/zero", kLimit),
                      Catch::Equals("/dev/zero is larger than 1048576 bytes, the limit for this "
                                    "kind of file"));
}
#endif

}  // namespace qplab
