// STAND-IN for tests/core/hostile_inputs.h, which is being written on another branch: the same
// contract (qplab::test::NamedBytes and the three functions) with a few cases of its own, so
// that write_regressions builds and the replay runs before that header lands. write_regressions
// includes the real header as soon as it exists; this file can then be deleted.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/format/checkpoint.h"
#include "core/nn/conv2d.h"
#include "core/nn/reshape.h"
#include "core/nn/rng.h"

namespace qplab::test {

// refusal: the message part the real header's tests expect; write_regressions does not read it,
// and the stand-in leaves it empty.
struct NamedBytes {
  std::string name;
  std::vector<std::uint8_t> bytes;
  std::string refusal;
};

struct NamedIdxPair {
  std::string name;
  std::vector<std::uint8_t> images, labels;
  std::string refusal;
};

inline std::vector<NamedBytes> hostile_tflite_files() {
  return {
      {"empty", {}, ""},
      {"identifier-only", {0, 0, 0, 0, 'T', 'F', 'L', '3'}, ""},
      {"root-offset-past-the-end", {0xf0, 0xff, 0xff, 0xff, 'T', 'F', 'L', '3'}, ""},
  };
}

inline std::vector<NamedBytes> hostile_checkpoint_files() {
  const std::vector<std::uint8_t> magic{'Q', 'P', 'L', 'B', 'C', 'K', 'P', 'T', 1, 0, 0, 0};
  std::vector<std::uint8_t> huge_rank = magic;
  huge_rank.insert(huge_rank.end(), {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0});
  // A valid checkpoint whose model ends in a Conv2D: output [1, 26, 26, 1], rank 4.
  Rng rng(1);
  Sequential conv_last({28, 28});
  conv_last.add(std::make_unique<Reshape>(Shape{28, 28, 1}));
  conv_last.add(std::make_unique<Conv2D>(1, 1, 3, 3, Activation::kRelu, rng));
  return {{"empty", {}, ""},
          {"magic-and-version-only", magic, ""},
          {"input-rank-2^32-1", huge_rank, ""},
          {"output-rank-4", save_checkpoint(conv_last), ""}};
}

inline std::vector<NamedIdxPair> hostile_idx_files() {
  return {
      {"empty", {}, {}, ""},
      {"4294967295-images-of-1x1-and-no-pixels",
       {0, 0, 8, 3, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1, 0, 0, 0, 1},
       {0, 0, 8, 1, 0, 0, 0, 0},
       ""},
      {"truncated-gzip-images", {0x1f, 0x8b, 8, 0}, {}, ""},
  };
}

}  // namespace qplab::test
