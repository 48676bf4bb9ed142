// Seed corpora made by code:
//   write_seeds DATA_DIR OUT_DIR
// writes OUT_DIR/idx/ (raw, gzip and mixed pairs of the first few test digits) and
// OUT_DIR/idx_gzip_differential/ (raw pairs: that target gzips by itself), each input split as
// tests/fuzz/idx_pair.h says; and a tiny CNN of the lab's architecture (one filter, 13x13
// pooling, 60 parameters) as OUT_DIR/checkpoint/tiny.qplab and OUT_DIR/tflite/tiny-*.tflite
// (float, dynamic range, float16, int8, int8 with int8 input and output).
// Mutations of a few-hundred-byte model reach the readers' and runtime's branches far more
// often than mutations of the lab's full-size files, which scripts/fuzz.sh adds as seeds too.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/base/rng.h"
#include "core/data/dataset.h"
#include "core/data/idx_reader.h"
#include "core/format/checkpoint.h"
#include "core/format/tflite_writer.h"
#include "core/nn/conv2d.h"
#include "core/nn/dense.h"
#include "core/nn/flatten.h"
#include "core/nn/maxpool2d.h"
#include "core/nn/reshape.h"
#include "core/quant/calibration.h"
#include "core/quant/converter.h"
#include "tests/fuzz/gzip_bytes.h"
#include "tests/fuzz/idx_pair.h"
#include "tests/fuzz/write_bytes.h"

namespace {

void append_be32(std::vector<std::uint8_t>& bytes, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    bytes.push_back(static_cast<std::uint8_t>(value >> shift));
}

// The first `count` digits as raw IDX images and labels files.
qplab::fuzz::IdxPair first_digits(const qplab::Dataset& data, int count) {
  qplab::fuzz::IdxPair pair;
  append_be32(pair.images, 0x00000803);
  for (int size : {count, data.rows, data.cols})
    append_be32(pair.images, static_cast<std::uint32_t>(size));
  const auto pixels = static_cast<std::ptrdiff_t>(count) * data.pixels();
  pair.images.insert(pair.images.end(), data.images.begin(), data.images.begin() + pixels);
  append_be32(pair.labels, 0x00000801);
  append_be32(pair.labels, static_cast<std::uint32_t>(count));
  pair.labels.insert(pair.labels.end(), data.labels.begin(), data.labels.begin() + count);
  return pair;
}

// The lab CNN's layers at the smallest sizes: 28x28 in, 1 filter, pooled to 2x2, 10 classes.
qplab::Sequential tiny_cnn() {
  qplab::Rng rng(1);
  qplab::Sequential model({28, 28});
  model.add(std::make_unique<qplab::Reshape>(qplab::Shape{28, 28, 1}));
  model.add(std::make_unique<qplab::Conv2D>(1, 1, 3, 3, qplab::Activation::kRelu, rng));
  model.add(std::make_unique<qplab::MaxPool2D>(13, 13));
  model.add(std::make_unique<qplab::Flatten>());
  model.add(std::make_unique<qplab::Dense>(4, 10, rng));
  return model;
}

int write_model_seeds(const qplab::Dataset& digits, const std::filesystem::path& out) {
  qplab::Sequential model = tiny_cnn();
  using qplab::fuzz::write_bytes;
  write_bytes(out / "checkpoint" / "tiny.qplab", qplab::save_checkpoint(model));
  write_bytes(out / "tflite" / "tiny-float.tflite",
              qplab::tflite::write_tflite(qplab::to_float_tflite(model)));
  write_bytes(out / "tflite" / "tiny-dynamic.tflite",
              qplab::tflite::write_tflite(qplab::to_dynamic_range_tflite(model)));
  write_bytes(out / "tflite" / "tiny-float16.tflite",
              qplab::tflite::write_tflite(qplab::to_float16_tflite(model)));
  qplab::CalibrationOptions calibration;
  calibration.samples = 20;
  const qplab::ActivationRanges ranges = qplab::calibrate(model, digits, calibration);
  write_bytes(out / "tflite" / "tiny-int8.tflite",
              qplab::tflite::write_tflite(qplab::to_int8_tflite(model, ranges)));
  return 5;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: write_seeds DATA_DIR OUT_DIR\n");
    return 2;
  }
  try {
    const std::filesystem::path data_dir = argv[1], out = argv[2];
    const qplab::Dataset test =
        qplab::read_idx_files((data_dir / "t10k-images-idx3-ubyte.gz").string(),
                              (data_dir / "t10k-labels-idx1-ubyte.gz").string());
    using qplab::fuzz::gzip_bytes;
    using qplab::fuzz::join_idx_pair;
    using qplab::fuzz::write_bytes;
    int written = 0;
    for (int count : {0, 1, 2, 5}) {
      const qplab::fuzz::IdxPair raw = first_digits(test, count);
      const std::string digits = std::to_string(count) + "-digits";
      write_bytes(out / "idx" / ("raw-" + digits), join_idx_pair(raw.images, raw.labels));
      write_bytes(out / "idx" / ("gzip-" + digits),
                  join_idx_pair(gzip_bytes(raw.images), gzip_bytes(raw.labels)));
      write_bytes(out / "idx" / ("gzip-images-raw-labels-" + digits),
                  join_idx_pair(gzip_bytes(raw.images), raw.labels));
      write_bytes(out / "idx_gzip_differential" / ("raw-" + digits),
                  join_idx_pair(raw.images, raw.labels));
      written += 4;
    }
    written += write_model_seeds(test, out);
    std::fprintf(stderr, "write_seeds: %d seeds under %s\n", written, out.string().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "write_seeds: %s\n", e.what());
    return 1;
  }
}
