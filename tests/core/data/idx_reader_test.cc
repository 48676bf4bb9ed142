// tests/core/data/idx_reader_test.cc — the IDX reader on small files built in memory: a good
// file read back exactly (gzip and raw), then one test per failed check, each with its message.
// Gzip test files come from zlib's deflate, an implementation independent of the reader.
#include "core/data/idx_reader.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace qplab {
namespace {

using Bytes = std::vector<std::uint8_t>;

void put_be32(Bytes& bytes, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    bytes.push_back(static_cast<std::uint8_t>(value >> shift));
  }
}

Bytes idx_images(std::uint32_t count, std::uint32_t rows, std::uint32_t cols, const Bytes& pixels) {
  Bytes bytes;
  put_be32(bytes, 0x00000803);
  put_be32(bytes, count);
  put_be32(bytes, rows);
  put_be32(bytes, cols);
  bytes.insert(bytes.end(), pixels.begin(), pixels.end());
  return bytes;
}

Bytes idx_labels(const Bytes& labels) {
  Bytes bytes;
  put_be32(bytes, 0x00000801);
  put_be32(bytes, static_cast<std::uint32_t>(labels.size()));
  bytes.insert(bytes.end(), labels.begin(), labels.end());
  return bytes;
}

// gzip (windowBits 15 + 16) at level 9, as the converter writes.
Bytes gzip(const Bytes& raw) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("test gzip: deflateInit2 failed");
  }
  Bytes out(deflateBound(&zs, static_cast<uLong>(raw.size())) + 32);
  zs.next_in = const_cast<Bytef*>(raw.data());
  zs.avail_in = static_cast<uInt>(raw.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  const int ret = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (ret != Z_STREAM_END) throw std::runtime_error("test gzip: deflate did not finish");
  return out;
}

// Three 2x3 images, pixel k of image n is 40 * n + k (covers 0 and values past 127).
const Bytes kPixels = {0, 1, 2, 3, 4, 5, 40, 41, 42, 43, 44, 45, 80, 81, 82, 83, 84, 255};
const Bytes kLabels = {7, 0, 9};

}  // namespace

TEST_CASE("a gzip IDX pair reads back exactly", "[idx]") {
  const Dataset data =
      read_idx(gzip(idx_images(3, 2, 3, kPixels)), gzip(idx_labels(kLabels)), "train");
  CHECK(data.count == 3);
  CHECK(data.rows == 2);
  CHECK(data.cols == 3);
  CHECK(data.pixels() == 6);
  CHECK(data.images == kPixels);
  CHECK(data.labels == kLabels);
}

TEST_CASE("a raw (uncompressed) IDX pair is accepted, also mixed with gzip", "[idx]") {
  const Dataset raw = read_idx(idx_images(3, 2, 3, kPixels), idx_labels(kLabels), "train");
  CHECK(raw.count == 3);
  CHECK(raw.images == kPixels);
  CHECK(raw.labels == kLabels);
  const Dataset mixed = read_idx(idx_images(3, 2, 3, kPixels), gzip(idx_labels(kLabels)), "t");
  CHECK(mixed.labels == kLabels);
}

TEST_CASE("read_raw_idx reads raw IDX bytes as read_idx does, and refuses gzip", "[idx]") {
  const Dataset raw = read_raw_idx(idx_images(3, 2, 3, kPixels), idx_labels(kLabels), "train");
  const Dataset same =
      read_idx(gzip(idx_images(3, 2, 3, kPixels)), gzip(idx_labels(kLabels)), "train");
  CHECK(raw.count == same.count);
  CHECK(raw.rows == same.rows);
  CHECK(raw.images == same.images);
  CHECK(raw.labels == same.labels);
  REQUIRE_THROWS_WITH(
      read_raw_idx(idx_images(3, 2, 3, kPixels), gzip(idx_labels(kLabels)), "test"),
      "test labels: gzip data where raw IDX bytes were expected (inflate it first)");
  REQUIRE_THROWS_WITH(read_raw_idx(idx_images(3, 2, 3, kPixels), idx_labels({7, 0}), "test"),
                      Catch::Contains("test: counts disagree: 3 images but 2 labels"));
}

TEST_CASE("an empty IDX pair is a data set of zero digits", "[idx]") {
  const Dataset data = read_idx(gzip(idx_images(0, 28, 28, {})), gzip(idx_labels({})), "e");
  CHECK(data.count == 0);
  CHECK(data.rows == 28);
  CHECK(data.images.empty());
  CHECK(data.labels.empty());
}

TEST_CASE("concatenated gzip members read as one file", "[idx]") {
  const Bytes raw = idx_images(3, 2, 3, kPixels);
  Bytes two = gzip(Bytes(raw.begin(), raw.begin() + 10));
  const Bytes second = gzip(Bytes(raw.begin() + 10, raw.end()));
  two.insert(two.end(), second.begin(), second.end());
  CHECK(read_idx(two, idx_labels(kLabels), "train").images == kPixels);
}

TEST_CASE("a wrong magic is reported with expected and actual values in hex", "[idx]") {
  // Labels where images belong, and the other way round.
  REQUIRE_THROWS_WITH(read_idx(idx_labels(kLabels), idx_labels(kLabels), "train"),
                      Catch::Contains("train images: wrong magic: expected 0x00000803, got "
                                      "0x00000801") &&
                          Catch::Contains("1 dimension(s)"));
  REQUIRE_THROWS_WITH(
      read_idx(idx_images(3, 2, 3, kPixels), idx_images(3, 2, 3, kPixels), "train"),
      Catch::Contains("train labels: wrong magic: expected 0x00000801, got 0x00000803"));
  Bytes float_type = idx_images(3, 2, 3, kPixels);
  float_type[2] = 0x0D;
  REQUIRE_THROWS_WITH(read_idx(float_type, idx_labels(kLabels), "train"),
                      Catch::Contains("got 0x00000D03") && Catch::Contains("data type 13"));
}

TEST_CASE("bytes that are neither gzip nor IDX are named as such", "[idx]") {
  const std::string html = "<html>404 Not Found</html>";
  REQUIRE_THROWS_WITH(read_idx(Bytes(html.begin(), html.end()), idx_labels(kLabels), "train"),
                      Catch::Contains("train images: wrong magic: expected 0x00000803, got "
                                      "0x3C68746D; the file is neither gzip nor IDX"));
}

TEST_CASE("a truncated header is reported with the bytes present and needed", "[idx]") {
  const Bytes images = idx_images(3, 2, 3, kPixels);
  REQUIRE_THROWS_WITH(
      read_idx(Bytes(images.begin(), images.begin() + 10), idx_labels(kLabels), "train"),
      Catch::Contains("train images: too short for an IDX header: 10 bytes, an IDX images "
                      "header needs 16"));
  REQUIRE_THROWS_WITH(
      read_idx(gzip(Bytes(images.begin(), images.begin() + 3)), idx_labels(kLabels), "train"),
      Catch::Contains("train images: too short for an IDX header: 3 bytes"));
  REQUIRE_THROWS_WITH(read_idx(images, Bytes{}, "train"),
                      Catch::Contains("train labels: too short for an IDX header: 0 bytes, an "
                                      "IDX labels header needs 8"));
}

TEST_CASE("truncated or extra data is reported against the header's sizes", "[idx]") {
  Bytes images = idx_images(3, 2, 3, kPixels);
  images.pop_back();
  REQUIRE_THROWS_WITH(
      read_idx(gzip(images), idx_labels(kLabels), "train"),
      Catch::Contains("train images: header says 18 bytes of pixels (3 x 2 x 3), file has 17"));
  images.push_back(1);
  images.push_back(2);
  REQUIRE_THROWS_WITH(read_idx(images, idx_labels(kLabels), "train"),
                      Catch::Contains("header says 18 bytes of pixels (3 x 2 x 3), file has 19"));
  Bytes labels = idx_labels(kLabels);
  labels.pop_back();
  REQUIRE_THROWS_WITH(read_idx(idx_images(3, 2, 3, kPixels), labels, "train"),
                      Catch::Contains("train labels: header says 3 bytes of labels, file has 2"));
}

TEST_CASE("sizes whose product overflows 64 bits are reported, not wrapped", "[idx]") {
  REQUIRE_THROWS_WITH(
      read_idx(idx_images(0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, kPixels), idx_labels(kLabels), "x"),
      Catch::Contains("x images: header says more than 2^64 bytes of pixels (4294967295 x "
                      "4294967295 x 4294967295), file has 18"));
  // A product that fits in 64 bits is compared as it is.
  REQUIRE_THROWS_WITH(read_idx(idx_images(3, 0xFFFFFFFF, 2, kPixels), idx_labels(kLabels), "x"),
                      Catch::Contains("header says 25769803770 bytes of pixels"));
  REQUIRE_THROWS_WITH(read_idx(idx_images(0, 0x10000, 0x10000, {}), idx_labels({}), "x"),
                      Catch::Contains("x images: 0 x 65536 x 65536 is too large"));
}

TEST_CASE("an image size of zero rows or cols is refused", "[idx]") {
  REQUIRE_THROWS_WITH(read_idx(idx_images(3, 0, 28, {}), idx_labels(kLabels), "train"),
                      Catch::Contains("train images: image size is 0x28") &&
                          Catch::Contains("rows and cols must be positive"));
}

TEST_CASE("image and label counts that disagree are reported", "[idx]") {
  REQUIRE_THROWS_WITH(read_idx(gzip(idx_images(3, 2, 3, kPixels)), gzip(idx_labels({7, 0})), "t"),
                      Catch::Contains("t: counts disagree: 3 images but 2 labels"));
}

TEST_CASE("a label of 10 or more is reported with its index, offset and value", "[idx]") {
  REQUIRE_THROWS_WITH(read_idx(idx_images(3, 2, 3, kPixels), gzip(idx_labels({7, 10, 9})), "t"),
                      Catch::Contains("t labels: label 1 (byte offset 9) is 10; labels must be "
                                      "0..9"));
  REQUIRE_THROWS_WITH(read_idx(idx_images(3, 2, 3, kPixels), idx_labels({7, 0, 255}), "t"),
                      Catch::Contains("label 2 (byte offset 10) is 255"));
}

TEST_CASE("corrupt gzip bytes are reported as an invalid gzip stream", "[idx][gzip]") {
  const Bytes good = gzip(idx_images(3, 2, 3, kPixels));
  Bytes bad_method = good;
  bad_method[2] = 7;  // compression method must be 8 (deflate)
  REQUIRE_THROWS_WITH(read_idx(bad_method, idx_labels(kLabels), "train"),
                      Catch::Contains("train images: not a valid gzip stream: "));
  Bytes garbage = {0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03,
                   0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  REQUIRE_THROWS_WITH(read_idx(garbage, idx_labels(kLabels), "train"),
                      Catch::Contains("train images: not a valid gzip stream: "));
  Bytes bad_crc = good;
  bad_crc[bad_crc.size() - 6] ^= 0xFF;  // inside the CRC-32 of the trailer
  REQUIRE_THROWS_WITH(read_idx(bad_crc, idx_labels(kLabels), "train"),
                      Catch::Contains("not a valid gzip stream: incorrect data check"));
}

TEST_CASE("a truncated gzip stream or trailing bytes are reported", "[idx][gzip]") {
  const Bytes good = gzip(idx_images(3, 2, 3, kPixels));
  const Bytes cut(good.begin(), good.end() - 5);
  REQUIRE_THROWS_WITH(read_idx(cut, idx_labels(kLabels), "train"),
                      Catch::Contains("train images: not a valid gzip stream: unexpected end "
                                      "of data") &&
                          Catch::Contains("(truncated?)"));
  Bytes trailing = good;
  trailing.push_back(0);
  REQUIRE_THROWS_WITH(read_idx(trailing, idx_labels(kLabels), "train"),
                      Catch::Contains("not a valid gzip stream: 1 bytes of trailing data"));
}

TEST_CASE("inflating stops at the size cap (decompression bomb)", "[idx][gzip]") {
  const Bytes zeros(100000, 0);
  const Bytes bomb = gzip(zeros);
  CHECK(inflate_gzip(bomb, "bomb", zeros.size()) == zeros);
  REQUIRE_THROWS_WITH(inflate_gzip(bomb, "bomb", zeros.size() - 1),
                      Catch::Contains("bomb: not a valid gzip stream: inflates to more than "
                                      "99999 bytes (the limit)"));
  REQUIRE_THROWS_WITH(inflate_gzip(idx_labels(kLabels), "raw", 100),
                      Catch::Contains("raw: not a valid gzip stream: no gzip magic 1f 8b"));
  CHECK(is_gzip(bomb));
  CHECK_FALSE(is_gzip(idx_labels(kLabels)));
  CHECK_FALSE(is_gzip(Bytes{0x1f}));
}

TEST_CASE("read_idx_files names a file that cannot be opened", "[idx][file]") {
  REQUIRE_THROWS_WITH(
      read_idx_files("/nonexistent/qplab/images.gz", "/nonexistent/qplab/labels.gz"),
      Catch::Contains("cannot open /nonexistent/qplab/images.gz"));
}

}  // namespace qplab
