// tests/core/format/checkpoint_test.cc — the float checkpoint round-trips bit for bit (bytes,
// parameters, predictions), and a truncated, flipped or hostile file throws a message naming
// the field, never reads out of bounds. Checks behind the CRC get a resealed file (CRC
// recomputed here) so the parser itself is reached.
#include "core/format/checkpoint.h"

#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "core/base/rng.h"
#include "core/data/file_bytes.h"
#include "core/nn/conv2d.h"
#include "core/nn/dense.h"
#include "core/nn/flatten.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/maxpool2d.h"
#include "core/nn/reshape.h"

namespace qplab {
namespace {

using Bytes = std::vector<std::uint8_t>;
namespace fs = std::filesystem;

constexpr std::size_t kLabCheckpointBytes = 81864;

// Every parameter (biases too, which start at zero) set from the generator.
void randomize(Sequential& model, Rng& rng) {
  for (const ParamRef& p : model.params())
    for (std::size_t i = 0; i < p.size(); ++i) p.value[i] = rng.uniform(-1.0f, 1.0f);
}

Sequential lab_model(std::uint64_t seed) {
  Rng rng(seed);
  Sequential model = build_lab_cnn(rng);
  randomize(model, rng);
  return model;
}

// The lab's layer kinds at a size where every truncation and every bit flip can be tried:
// [6,6] → [6,6,1] → conv 2×3×3 → [4,4,2] → pool → [2,2,2] → flatten 8 → dense 3.
Sequential tiny_model(std::uint64_t seed) {
  Rng rng(seed);
  Sequential model({6, 6});
  model.add(std::make_unique<Reshape>(Shape{6, 6, 1}));
  model.add(std::make_unique<Conv2D>(1, 2, 3, 3, Activation::kRelu, rng));
  model.add(std::make_unique<MaxPool2D>(2, 2));
  model.add(std::make_unique<Flatten>());
  model.add(std::make_unique<Dense>(8, 3, rng));
  randomize(model, rng);
  return model;
}

std::uint32_t get_u32(const Bytes& bytes, std::size_t at) {
  return std::uint32_t{bytes[at]} | std::uint32_t{bytes[at + 1]} << 8 |
         std::uint32_t{bytes[at + 2]} << 16 | std::uint32_t{bytes[at + 3]} << 24;
}

void put_u32(Bytes& bytes, std::size_t at, std::uint32_t value) {
  for (std::size_t i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

// Rewrites the trailing CRC-32 so a deliberately edited file passes the checksum.
Bytes reseal(Bytes bytes) {
  const std::size_t payload = bytes.size() - 4;
  put_u32(bytes, payload,
          static_cast<std::uint32_t>(crc32(0L, bytes.data(), static_cast<uInt>(payload))));
  return bytes;
}

// bytes[0, length) followed by a fresh CRC of them: a shorter file that is internally sound.
Bytes cut_and_reseal(const Bytes& bytes, std::size_t length) {
  Bytes cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
  cut.resize(length + 4);
  return reseal(cut);
}

std::size_t find_text(const Bytes& bytes, const std::string& text) {
  const auto at = std::search(bytes.begin(), bytes.end(), text.begin(), text.end());
  REQUIRE(at != bytes.end());
  return static_cast<std::size_t>(at - bytes.begin());
}

Tensor random_batch(int count, const Shape& sample, Rng& rng) {
  Shape shape{count};
  shape.insert(shape.end(), sample.begin(), sample.end());
  Tensor x(shape);
  for (float& v : x.values()) v = rng.uniform();
  return x;
}

bool same_bits(const float* a, const float* b, std::size_t count) {
  return std::memcmp(a, b, count * sizeof(float)) == 0;
}

}  // namespace

TEST_CASE("a checkpoint round trip is bit-exact in bytes and parameters", "[checkpoint]") {
  Sequential model = lab_model(7);
  // Values a text format or a careless float conversion would not keep.
  float* bias = model.params()[1].value;
  bias[0] = -0.0f;
  bias[1] = std::numeric_limits<float>::denorm_min();
  bias[2] = std::numeric_limits<float>::max();
  bias[3] = -std::numeric_limits<float>::min();

  const Bytes bytes = save_checkpoint(model);
  CHECK(bytes.size() == kLabCheckpointBytes);
  CHECK(std::memcmp(bytes.data(), "QPLBCKPT", 8) == 0);
  CHECK(bytes.size() % 4 == 0);

  Sequential loaded = load_checkpoint(bytes);
  CHECK(save_checkpoint(loaded) == bytes);
  CHECK(loaded.sample_input_shape() == model.sample_input_shape());
  CHECK(loaded.parameter_count() == kLabParameterCount);
  REQUIRE(loaded.layers().size() == model.layers().size());
  for (std::size_t i = 0; i < model.layers().size(); ++i)
    CHECK(loaded.layers()[i]->kind() == model.layers()[i]->kind());
  const auto& conv = static_cast<const Conv2D&>(*loaded.layers()[1]);
  CHECK(conv.filters() == 12);
  CHECK(conv.activation() == Activation::kRelu);

  const std::vector<ParamRef> expected = model.params(), actual = loaded.params();
  REQUIRE(actual.size() == expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    CAPTURE(expected[k].name);
    CHECK(actual[k].name == expected[k].name);
    REQUIRE(actual[k].shape == expected[k].shape);
    CHECK(same_bits(actual[k].value, expected[k].value, expected[k].size()));
  }
}

TEST_CASE("a loaded checkpoint predicts exactly what the saved model predicts", "[checkpoint]") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    Sequential model = lab_model(seed);
    Sequential loaded = load_checkpoint(save_checkpoint(model));
    Rng rng(seed + 100);
    const Tensor x = random_batch(16, model.sample_input_shape(), rng);
    const Tensor& want = model.forward(x, Mode::kInfer);
    const Tensor& got = loaded.forward(x, Mode::kInfer);
    REQUIRE(got.shape() == want.shape());
    CHECK(same_bits(got.data(), want.data(), want.size()));
  }
}

TEST_CASE("a checkpoint file reads back as the model written", "[checkpoint]") {
  const auto tick = std::chrono::steady_clock::now().time_since_epoch().count();
  const fs::path path = fs::temp_directory_path() /
                        ("qplab_checkpoint_test_" + std::to_string(tick) + kCheckpointExtension);
  Sequential model = lab_model(11);
  write_file_atomically(path.string(), save_checkpoint(model));
  CHECK(fs::file_size(path) == kLabCheckpointBytes);
  Sequential loaded = load_checkpoint_file(path.string());
  CHECK(save_checkpoint(loaded) == save_checkpoint(model));
  fs::remove(path);

  REQUIRE_THROWS_WITH(load_checkpoint_file("/nonexistent/qplab/a.qplab"),
                      Catch::Contains("cannot open /nonexistent/qplab/a.qplab"));
}

TEST_CASE("a checkpoint file's messages name the file", "[checkpoint]") {
  const auto tick = std::chrono::steady_clock::now().time_since_epoch().count();
  const fs::path path =
      fs::temp_directory_path() / ("qplab_checkpoint_bad_" + std::to_string(tick));
  Sequential model = tiny_model(3);
  write_file_atomically(path.string(), save_checkpoint(model));
  fs::resize_file(path, 100);
  REQUIRE_THROWS_WITH(load_checkpoint_file(path.string()),
                      Catch::StartsWith("checkpoint " + path.string() + ": checksum mismatch"));
  fs::remove(path);
}

TEST_CASE("a checkpoint truncated at any length throws", "[checkpoint]") {
  SECTION("every length of a small model, as cut and as cut with a valid CRC") {
    Sequential model = tiny_model(5);
    const Bytes bytes = save_checkpoint(model);
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      CAPTURE(length);
      const Bytes cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
      REQUIRE_THROWS_AS(load_checkpoint(cut), std::runtime_error);
      if (length >= 12 && length < bytes.size() - 4)
        REQUIRE_THROWS_WITH(load_checkpoint(cut_and_reseal(bytes, length)),
                            Catch::Contains("truncated"));
    }
  }
  SECTION("a sample of lengths of the lab model") {
    Sequential model = lab_model(5);
    const Bytes bytes = save_checkpoint(model);
    for (std::size_t length = 0; length < bytes.size(); length += length < 700 ? 1 : 997) {
      CAPTURE(length);
      const Bytes cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
      REQUIRE_THROWS_AS(load_checkpoint(cut), std::runtime_error);
      if (length >= 12 && length < bytes.size() - 4)
        REQUIRE_THROWS_WITH(load_checkpoint(cut_and_reseal(bytes, length)),
                            Catch::Contains("truncated"));
    }
  }
}

TEST_CASE("a truncated checkpoint names the field it was reading", "[checkpoint]") {
  Sequential model = lab_model(5);
  const Bytes bytes = save_checkpoint(model);
  REQUIRE_THROWS_WITH(
      load_checkpoint(Bytes(bytes.begin(), bytes.begin() + 20000)),
      Catch::Contains("checksum mismatch") && Catch::Contains("corrupt or truncated"));
  // Inside the last tensor's data: the architecture still fits, the tensor does not.
  REQUIRE_THROWS_WITH(load_checkpoint(cut_and_reseal(bytes, bytes.size() - 4 - 8)),
                      Catch::Contains("checkpoint: truncated at byte 81852 while reading tensor "
                                      "'dense/bias' data (40 bytes from byte 81820)"));
  // Far inside: the architecture alone needs more float32 bytes than remain.
  REQUIRE_THROWS_WITH(load_checkpoint(cut_and_reseal(bytes, 20000)),
                      Catch::Contains("truncated: the architecture up to layer 4 (dense)"));
  REQUIRE_THROWS_WITH(load_checkpoint(Bytes{'Q', 'P', 'L'}),
                      Catch::Equals("checkpoint: truncated at byte 3 while reading magic "
                                    "(8 bytes from byte 0)"));
  REQUIRE_THROWS_WITH(load_checkpoint(Bytes{}), Catch::Contains("truncated at byte 0"));
}

TEST_CASE("a flipped byte in a checkpoint is caught by the checksum", "[checkpoint]") {
  SECTION("every byte and two bits of each in a small model") {
    Sequential model = tiny_model(9);
    const Bytes bytes = save_checkpoint(model);
    for (std::size_t at = 0; at < bytes.size(); ++at)
      for (std::uint8_t bit : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
        CAPTURE(at, bit);
        Bytes flipped = bytes;
        flipped[at] ^= bit;
        if (at < 8) {
          REQUIRE_THROWS_WITH(load_checkpoint(flipped), Catch::Contains("bad magic"));
        } else if (at < 12) {
          REQUIRE_THROWS_WITH(load_checkpoint(flipped), Catch::Contains("unsupported version"));
        } else {
          REQUIRE_THROWS_WITH(load_checkpoint(flipped), Catch::Contains("checksum mismatch"));
        }
      }
  }
  SECTION("a sample of positions in the lab model") {
    Sequential model = lab_model(9);
    const Bytes bytes = save_checkpoint(model);
    for (std::size_t at = 12; at < bytes.size(); at += at < 400 ? 1 : 211) {
      CAPTURE(at);
      Bytes flipped = bytes;
      flipped[at] ^= 0x10;
      REQUIRE_THROWS_WITH(load_checkpoint(flipped), Catch::Contains("checksum mismatch"));
    }
    Bytes last = bytes;
    last.back() ^= 0x01;
    REQUIRE_THROWS_WITH(load_checkpoint(last), Catch::Contains("checksum mismatch"));
  }
}

TEST_CASE("a checkpoint with a bad header says which field is wrong", "[checkpoint]") {
  Sequential model = lab_model(13);
  const Bytes bytes = save_checkpoint(model);

  Bytes magic = bytes;
  magic[3] = 'X';
  REQUIRE_THROWS_WITH(load_checkpoint(magic),
                      Catch::Equals("checkpoint: not a qplab checkpoint: bad magic at byte 0 "
                                    "(expected \"QPLBCKPT\")"));
  Bytes tflite = {0x1c, 0, 0, 0, 'T', 'F', 'L', '3', 0, 0, 0, 0, 0, 0, 0, 0};
  REQUIRE_THROWS_WITH(load_checkpoint(tflite), Catch::Contains("this is a .tflite file"));

  Bytes version = bytes;
  put_u32(version, 8, 2);
  REQUIRE_THROWS_WITH(load_checkpoint(version),
                      Catch::Equals("checkpoint: unsupported version 2 at byte 8 "
                                    "(this build reads version 1)"));
}

TEST_CASE("a resealed checkpoint with a lying architecture says what is wrong", "[checkpoint]") {
  Sequential model = lab_model(17);
  const Bytes bytes = save_checkpoint(model);
  // header 12 · input rank 12 · dims 16, 20 · layer count 24 · layer 0 kind 28
  REQUIRE(get_u32(bytes, 12) == 2);
  REQUIRE(get_u32(bytes, 24) == 5);
  constexpr std::size_t kLayer0 = 28;
  constexpr std::size_t kLayer4 = 88;  // reshape 20, conv2d 24, max_pooling2d 12, flatten 4 bytes
  REQUIRE(get_u32(bytes, kLayer4) == static_cast<std::uint32_t>(LayerKind::kDense));

  SECTION("unknown layer kind") {
    Bytes edited = bytes;
    put_u32(edited, kLayer0, 9);
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(edited)),
                        Catch::Equals("checkpoint: unknown layer kind 9 for layer 0 at byte 28"));
  }
  SECTION("unknown activation") {
    Bytes edited = bytes;
    put_u32(edited, kLayer0 + 20 + 20, 3);  // conv2d: kind, 4 sizes, activation
    REQUIRE_THROWS_WITH(
        load_checkpoint(reseal(edited)),
        Catch::Contains("layer 1 (conv2d) activation is 3 at byte 68, expected 0..1"));
  }
  SECTION("a layer that does not fit the one before") {
    Bytes edited = bytes;
    put_u32(edited, kLayer4 + 4, 2000);  // dense in_features
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(edited)),
                        Catch::Contains("layer 4 (dense) at byte 88 does not fit") &&
                            Catch::Contains("[N, 2000], got [1, 2028]"));
  }
  SECTION("absurd counts and sizes") {
    Bytes layers = bytes;
    put_u32(layers, 24, 0xffffffffu);
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(layers)),
                        Catch::Contains("layer count is 4294967295 at byte 24, expected 1..256"));
    Bytes dim = bytes;
    put_u32(dim, 16, 1u << 20);
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(dim)),
                        Catch::Contains("sample input shape dim 0 is 1048576 at byte 16"));
    Bytes big = bytes;  // a 65536 × 65536 sample: 16 GiB per batch of one if it were believed
    put_u32(big, 16, 1u << 16);
    put_u32(big, 20, 1u << 16);
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(big)),
                        Catch::Contains("sample input shape [65536, 65536] at byte 12 takes the "
                                        "activations of one sample past 1048576 bytes"));
    Bytes wrap = bytes;  // input [65536, 65536, 65536, 65536]: 2^64 elements, 0 if it wrapped
    put_u32(wrap, 12, 4);
    for (std::size_t at : {16u, 20u, 24u, 28u}) put_u32(wrap, at, 1u << 16);
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(wrap)),
                        Catch::Contains("takes the activations of one sample past 1048576 bytes"));
    Bytes conv = bytes;  // 65536⁴ wraps a 64-bit product to zero unless every step is checked
    for (std::size_t at : {52u, 56u, 60u, 64u}) put_u32(conv, at, 1u << 16);
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(conv)),
                        Catch::Equals("checkpoint: layer 1 (conv2d) at byte 48 takes the model "
                                      "over the limit of 16777216 parameters"));
    Bytes dense = bytes;
    put_u32(dense, kLayer4 + 8, 1u << 16);  // out_features 65536: 133M weights
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(dense)),
                        Catch::Contains("layer 4 (dense) at byte 88 takes the model over the "
                                        "limit of 16777216 parameters"));
  }
}

TEST_CASE("a resealed checkpoint whose tensors lie says what is wrong", "[checkpoint]") {
  Sequential model = lab_model(19);
  const Bytes bytes = save_checkpoint(model);
  const std::size_t name = find_text(bytes, "dense/kernel");  // length 12: no padding

  SECTION("a tensor shape that differs from the architecture's") {
    Bytes edited = bytes;
    put_u32(edited, name + 12 + 8, 2027);
    REQUIRE_THROWS_WITH(
        load_checkpoint(reseal(edited)),
        Catch::Equals("checkpoint: tensor 'dense/kernel' at byte " + std::to_string(name + 12) +
                      " has shape [10, 2027] but the architecture needs [10, 2028]"));
  }
  SECTION("a tensor name that differs from the architecture's") {
    Bytes edited = bytes;
    edited[name] = 'D';
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(edited)),
                        Catch::Contains("tensor 2 at byte " + std::to_string(name - 4) +
                                        " is 'Dense/kernel' but the architecture's tensor 2 is "
                                        "'dense/kernel'"));
  }
  SECTION("a non-printable name, a huge name length, a wrong tensor count") {
    Bytes control = bytes;
    control[name + 5] = 0x07;
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(control)), Catch::Contains("non-printable byte 7"));
    Bytes length = bytes;
    put_u32(length, name - 4, 1u << 30);
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(length)),
                        Catch::Contains("tensor 2 name length is 1073741824"));
    Bytes count = bytes;
    put_u32(count, 100, 3);  // the tensor count follows the 100-byte architecture
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(count)),
                        Catch::Contains("tensor count 3 at byte 100 does not match the "
                                        "architecture's 4 tensors"));
  }
  SECTION("nonzero padding after a name") {
    const std::size_t conv = find_text(bytes, "conv2d/kernel");  // 13 chars: 3 padding bytes
    Bytes edited = bytes;
    edited[conv + 14] = 1;
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(edited)),
                        Catch::Contains("tensor 'conv2d/kernel' padding at byte " +
                                        std::to_string(conv + 14) + " is not zero"));
  }
  SECTION("trailing bytes before the checksum") {
    Bytes edited = bytes;
    edited.insert(edited.end() - 4, {0, 0, 0, 0});
    REQUIRE_THROWS_WITH(load_checkpoint(reseal(edited)),
                        Catch::Equals("checkpoint: 4 trailing bytes at byte 81860 after the last "
                                      "tensor"));
  }
}

TEST_CASE("save_checkpoint rejects a model without layers", "[checkpoint]") {
  Sequential empty({4});
  REQUIRE_THROWS_AS(save_checkpoint(empty), std::logic_error);
}

}  // namespace qplab
