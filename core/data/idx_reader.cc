// core/data/idx_reader.cc — IDX reader: gzip through zlib's inflate (windowBits 15+32), then the
// header (magic, one big-endian uint32 per dimension) and the checks of docs/data.md: sizes
// multiply to exactly the bytes present, labels 0..9, image and label counts agree.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <limits>
#include <stdexcept>

#include "core/base/number_text.h"
#include "core/data/file_bytes.h"
#include "core/data/idx_reader.h"

namespace qplab {
namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;
constexpr std::uint32_t kLabelsMagic = 0x00000801;
constexpr std::uint8_t kUnsignedByteType = 0x08;
constexpr int kClasses = 10;

std::uint32_t read_be32(const std::vector<std::uint8_t>& bytes, std::size_t offset) {
  return static_cast<std::uint32_t>(bytes[offset]) << 24 |
         static_cast<std::uint32_t>(bytes[offset + 1]) << 16 |
         static_cast<std::uint32_t>(bytes[offset + 2]) << 8 |
         static_cast<std::uint32_t>(bytes[offset + 3]);
}

// Releases the zlib state on every path out, exceptions included.
class InflateStream {
 public:
  explicit InflateStream(const std::string& name) {
    if (inflateInit2(&zs_, 15 + 32) != Z_OK) {
      throw std::runtime_error(name + ": cannot start zlib's inflate");
    }
  }
  ~InflateStream() { inflateEnd(&zs_); }
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;
  z_stream& get() { return zs_; }

 private:
  z_stream zs_{};
};

// Checks the magic and that the whole header is present; returns the `dims` sizes.
std::vector<std::uint32_t> read_header(const std::vector<std::uint8_t>& bytes, int dims,
                                       const std::string& what, bool was_gzip) {
  const std::uint32_t expected = dims == 3 ? kImagesMagic : kLabelsMagic;
  const char* kind = dims == 3 ? "images" : "labels";
  const std::size_t header_bytes = 4 + 4 * static_cast<std::size_t>(dims);
  if (bytes.size() < 4) {
    throw std::runtime_error(
        what + ": too short for an IDX header: " + std::to_string(bytes.size()) +
        " bytes, an IDX " + kind + " header needs " + std::to_string(header_bytes));
  }
  const std::uint32_t magic = read_be32(bytes, 0);
  if (bytes[0] != 0 || bytes[1] != 0) {
    throw std::runtime_error(what + ": wrong magic: expected 0x" + hex_digits(expected, 8) +
                             ", got 0x" + hex_digits(magic, 8) +
                             (was_gzip ? "" : "; the file is neither gzip nor IDX"));
  }
  if (bytes[2] != kUnsignedByteType) {
    throw std::runtime_error(what + ": wrong magic: expected 0x" + hex_digits(expected, 8) +
                             ", got 0x" + hex_digits(magic, 8) + ": data type " +
                             std::to_string(bytes[2]) + ", only 8 (unsigned byte) is supported");
  }
  if (bytes[3] != dims) {
    throw std::runtime_error(what + ": wrong magic: expected 0x" + hex_digits(expected, 8) +
                             ", got 0x" + hex_digits(magic, 8) + ": " + std::to_string(bytes[3]) +
                             " dimension(s) where an IDX " + kind + " file has " +
                             std::to_string(dims));
  }
  if (bytes.size() < header_bytes) {
    throw std::runtime_error(
        what + ": too short for an IDX header: " + std::to_string(bytes.size()) +
        " bytes, an IDX " + kind + " header needs " + std::to_string(header_bytes));
  }
  std::vector<std::uint32_t> sizes(static_cast<std::size_t>(dims));
  for (std::size_t d = 0; d < sizes.size(); ++d) sizes[d] = read_be32(bytes, 4 + 4 * d);
  return sizes;
}

// Inflates `bytes` when they are gzip; otherwise returns nothing and the caller reads the raw
// bytes in place (no copy of a large raw file).
bool maybe_inflate(const std::vector<std::uint8_t>& bytes, const std::string& what,
                   std::vector<std::uint8_t>& inflated) {
  if (!is_gzip(bytes)) return false;
  inflated = inflate_gzip(bytes, what);
  return true;
}

// `bytes` is raw IDX; `was_gzip` only shapes the wrong-magic message.
void parse_images(const std::vector<std::uint8_t>& bytes, const std::string& what, bool was_gzip,
                  Dataset& out) {
  const std::vector<std::uint32_t> sizes = read_header(bytes, 3, what, was_gzip);
  const std::uint64_t count = sizes[0], rows = sizes[1], cols = sizes[2];
  if (rows == 0 || cols == 0) {
    throw std::runtime_error(what + ": image size is " + std::to_string(rows) + "x" +
                             std::to_string(cols) + " (header bytes 8..15); rows and cols must " +
                             "be positive");
  }
  const std::size_t header_bytes = 16;
  const std::uint64_t present = bytes.size() - header_bytes;
  // rows * cols fits in 64 bits (each < 2^32); times count may not.
  const std::uint64_t per_image = rows * cols;
  const std::string shape =
      std::to_string(count) + " x " + std::to_string(rows) + " x " + std::to_string(cols);
  if (count > std::numeric_limits<std::uint64_t>::max() / per_image) {
    throw std::runtime_error(what + ": header says more than 2^64 bytes of pixels (" + shape +
                             "), file has " + std::to_string(present));
  }
  if (count * per_image != present) {
    throw std::runtime_error(what + ": header says " + std::to_string(count * per_image) +
                             " bytes of pixels (" + shape + "), file has " +
                             std::to_string(present));
  }
  // Dataset holds sizes as int; only an empty file with huge rows or cols gets here.
  if (count > INT_MAX || per_image > INT_MAX) {
    throw std::runtime_error(what + ": " + shape + " is too large (pixels per image and count " +
                             "must each fit in a 32-bit int)");
  }
  out.count = static_cast<int>(count);
  out.rows = static_cast<int>(rows);
  out.cols = static_cast<int>(cols);
  out.images.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header_bytes), bytes.end());
}

void parse_labels(const std::vector<std::uint8_t>& bytes, const std::string& what, bool was_gzip,
                  Dataset& out) {
  const std::uint64_t count = read_header(bytes, 1, what, was_gzip)[0];
  const std::size_t header_bytes = 8;
  const std::uint64_t present = bytes.size() - header_bytes;
  if (count != present) {
    throw std::runtime_error(what + ": header says " + std::to_string(count) +
                             " bytes of labels, file has " + std::to_string(present));
  }
  for (std::size_t i = header_bytes; i < bytes.size(); ++i) {
    if (bytes[i] >= kClasses) {
      throw std::runtime_error(what + ": label " + std::to_string(i - header_bytes) +
                               " (byte offset " + std::to_string(i) + ") is " +
                               std::to_string(bytes[i]) + "; labels must be 0..9");
    }
  }
  out.labels.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header_bytes), bytes.end());
}

struct IdxFile {
  const std::vector<std::uint8_t>& bytes;  // raw IDX
  bool was_gzip;
  std::string what;
};

Dataset parse_pair(const IdxFile& images, const IdxFile& labels, const std::string& pair_what) {
  Dataset data;
  parse_images(images.bytes, images.what, images.was_gzip, data);
  parse_labels(labels.bytes, labels.what, labels.was_gzip, data);
  if (data.labels.size() != static_cast<std::size_t>(data.count)) {
    throw std::runtime_error(pair_what + ": counts disagree: " + std::to_string(data.count) +
                             " images but " + std::to_string(data.labels.size()) + " labels");
  }
  return data;
}

Dataset read_pair(const std::vector<std::uint8_t>& images_file, const std::string& images_what,
                  const std::vector<std::uint8_t>& labels_file, const std::string& labels_what,
                  const std::string& pair_what) {
  std::vector<std::uint8_t> images_inflated, labels_inflated;
  const bool images_gzip = maybe_inflate(images_file, images_what, images_inflated);
  const bool labels_gzip = maybe_inflate(labels_file, labels_what, labels_inflated);
  return parse_pair({images_gzip ? images_inflated : images_file, images_gzip, images_what},
                    {labels_gzip ? labels_inflated : labels_file, labels_gzip, labels_what},
                    pair_what);
}

}  // namespace

bool is_gzip(const std::vector<std::uint8_t>& bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

std::vector<std::uint8_t> inflate_gzip(const std::vector<std::uint8_t>& bytes,
                                       const std::string& name, std::size_t max_bytes) {
  const std::string error = name + ": not a valid gzip stream: ";
  if (!is_gzip(bytes)) throw std::runtime_error(error + "no gzip magic 1f 8b");
  InflateStream stream(name);
  z_stream& zs = stream.get();
  constexpr std::size_t kMaxChunk = std::numeric_limits<uInt>::max();  // zlib counts in uInt
  // One byte past the cap tells "exactly max_bytes" from "more than max_bytes".
  const std::size_t out_limit =
      max_bytes < std::numeric_limits<std::size_t>::max() ? max_bytes + 1 : max_bytes;
  std::size_t fed = 0;      // input bytes handed to zlib so far
  std::size_t written = 0;  // output bytes produced so far
  std::vector<std::uint8_t> out;
  for (;;) {
    if (zs.avail_in == 0 && fed < bytes.size()) {
      const std::size_t chunk = std::min(bytes.size() - fed, kMaxChunk);
      // zlib's API takes a non-const pointer but never writes through next_in.
      zs.next_in = const_cast<Bytef*>(bytes.data() + fed);
      zs.avail_in = static_cast<uInt>(chunk);
      fed += chunk;
    }
    if (written == out.size()) {
      if (written > max_bytes) {
        throw std::runtime_error(error + "inflates to more than " + std::to_string(max_bytes) +
                                 " bytes (the limit)");
      }
      const std::size_t grown = std::max<std::size_t>(out.size() * 2, std::size_t{1} << 16);
      out.resize(std::min(grown, out_limit));
    }
    const std::size_t room = std::min(out.size() - written, kMaxChunk);
    zs.next_out = out.data() + written;
    zs.avail_out = static_cast<uInt>(room);
    const int ret = inflate(&zs, Z_NO_FLUSH);
    written += room - zs.avail_out;
    if (ret == Z_STREAM_END) {
      const std::size_t rest = bytes.size() - (fed - zs.avail_in);
      if (rest == 0) break;
      // Concatenated gzip members are one valid gzip file (RFC 1952, section 2.2).
      const std::size_t at = bytes.size() - rest;
      if (rest >= 2 && bytes[at] == 0x1f && bytes[at + 1] == 0x8b) {
        inflateReset(&zs);
        continue;
      }
      throw std::runtime_error(error + std::to_string(rest) +
                               " bytes of trailing data after the stream end at byte offset " +
                               std::to_string(at));
    }
    if (ret == Z_BUF_ERROR && zs.avail_in == 0 && fed == bytes.size()) {
      throw std::runtime_error(error + "unexpected end of data after " +
                               std::to_string(bytes.size()) + " bytes (truncated?)");
    }
    if (ret != Z_OK && ret != Z_BUF_ERROR) {
      throw std::runtime_error(error +
                               (zs.msg != nullptr ? zs.msg : "zlib error " + std::to_string(ret)));
    }
  }
  if (written > max_bytes) {
    throw std::runtime_error(error + "inflates to more than " + std::to_string(max_bytes) +
                             " bytes (the limit)");
  }
  out.resize(written);
  return out;
}

Dataset read_idx(const std::vector<std::uint8_t>& images_file,
                 const std::vector<std::uint8_t>& labels_file, const std::string& name) {
  return read_pair(images_file, name + " images", labels_file, name + " labels", name);
}

Dataset read_raw_idx(const std::vector<std::uint8_t>& images,
                     const std::vector<std::uint8_t>& labels, const std::string& name) {
  for (const auto* file : {&images, &labels})
    if (is_gzip(*file))
      throw std::runtime_error(name + (file == &images ? " images" : " labels") +
                               ": gzip data where raw IDX bytes were expected (inflate it first)");
  return parse_pair({images, false, name + " images"}, {labels, false, name + " labels"}, name);
}

Dataset read_idx_files(const std::string& images_path, const std::string& labels_path) {
  // Two statements: the images file is opened (and reported missing) first, whatever order
  // the compiler evaluates arguments in.
  const std::vector<std::uint8_t> images_file =
      read_file_bytes(images_path, budget::kMaxIdxFileBytes);
  const std::vector<std::uint8_t> labels_file =
      read_file_bytes(labels_path, budget::kMaxIdxFileBytes);
  return read_pair(images_file, images_path, labels_file, labels_path,
                   images_path + " and " + labels_path);
}

}  // namespace qplab

QPLAB_COLD_FILE_END
