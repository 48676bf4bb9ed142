// Test support: hostile inputs, each built here by code (no opaque blobs), one per problem
// that qplab's readers once had with files from anywhere. The regression tests
// (hostile_inputs_test.cc) feed each to the entry point the CLI and the page use and check the
// refusal; the fuzz targets (tests/fuzz) replay the same bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/base/rng.h"
#include "core/format/checkpoint.h"
#include "core/format/tflite_schema_generated.h"
#include "core/format/tflite_writer.h"
#include "core/nn/conv2d.h"
#include "core/nn/dense.h"
#include "core/nn/flatten.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/maxpool2d.h"
#include "core/nn/reshape.h"
#include "core/quant/converter.h"
#include "tests/core/format/model_fixtures.h"

namespace qplab::test {

using Bytes = std::vector<std::uint8_t>;

// refusal: a part of the one-line message the input must be refused with; empty when the
// input is valid and must be run without undefined behaviour.
struct NamedBytes {
  std::string name;
  Bytes bytes;
  std::string refusal;
};

struct NamedIdxPair {
  std::string name;
  Bytes images, labels;
  std::string refusal;
};

namespace hostile_detail {

namespace fb = tflite::fb;
using tflite::BuiltinOperator;
using tflite::TensorType;

using tflite::testing::bytes_of;

inline int add_tensor(tflite::Model& m, std::vector<int> shape,
                      TensorType type = TensorType::kFloat32, Bytes data = {}) {
  return tflite::testing::add_tensor(m, "", std::move(shape), type, std::move(data));
}

inline tflite::OperatorDef& add_op(tflite::Model& m, BuiltinOperator kind, int version,
                                   std::vector<int> inputs, int output) {
  m.operators.push_back(tflite::testing::make_op(kind, version, std::move(inputs), output));
  return m.operators.back();
}

// The lab CNN with fresh Glorot weights (seed 1).
inline Sequential lab_cnn() {
  Rng rng(1);
  return build_lab_cnn(rng);
}

// Plausible activation ranges for the lab CNN's five layers, enough for the int8 converter.
inline ActivationRanges lab_ranges() {
  ActivationRanges ranges;
  ranges.outputs = {{0.0f, 1.0f}, {0.0f, 4.0f}, {0.0f, 4.0f}, {0.0f, 4.0f}, {-16.0f, 16.0f}};
  return ranges;
}

// A minimal valid model file around the given buffers, tensors and operator lists, for the
// cases that only a hand-made FlatBuffer can express (tables referenced many times over).
struct RawModel {
  flatbuffers::FlatBufferBuilder fbb{1 << 16};
  std::vector<flatbuffers::Offset<fb::Buffer>> buffers;
  std::vector<flatbuffers::Offset<fb::Tensor>> tensors;

  Bytes finish() {
    const int io[] = {0};
    const auto ops = fbb.CreateVector(std::vector<flatbuffers::Offset<fb::Operator>>{});
    const auto graph = fb::CreateSubGraph(fbb, fbb.CreateVector(tensors), fbb.CreateVector(io, 1),
                                          fbb.CreateVector(io, 1), ops);
    const auto codes = fbb.CreateVector(std::vector<flatbuffers::Offset<fb::OperatorCode>>{});
    fb::FinishModelBuffer(fbb, fb::CreateModel(fbb, 3, codes, fbb.CreateVector(&graph, 1), 0,
                                               fbb.CreateVector(buffers)));
    return Bytes(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
  }
};

// 30,000 entries of the buffer list point at one 100 KB Buffer table: 2.9 GB if each were
// copied, from a 220 KB file.
inline Bytes shared_buffer_file() {
  RawModel raw;
  const Bytes payload(100000, 1);
  const auto empty = fb::CreateBuffer(raw.fbb);
  const auto big = fb::CreateBuffer(raw.fbb, raw.fbb.CreateVector(payload));
  raw.buffers.assign(30000, big);
  raw.buffers.front() = empty;
  const int shape[] = {1, 784};
  raw.tensors.push_back(fb::CreateTensor(raw.fbb, raw.fbb.CreateVector(shape, 2)));
  return raw.finish();
}

// 30,000 entries of the tensor list point at one tensor whose shape has 25,000 dimensions.
inline Bytes shared_tensor_file() {
  RawModel raw;
  raw.buffers.push_back(fb::CreateBuffer(raw.fbb));
  const std::vector<int> shape(25000, 1);
  const auto tensor = fb::CreateTensor(raw.fbb, raw.fbb.CreateVector(shape));
  raw.tensors.assign(30000, tensor);
  return raw.finish();
}

// An INT8 tensor whose one int64 zero point (5) sits at 4 mod 8 in the file: the FlatBuffers
// verifier checks only a vector's 4-byte length word. The graph has no operators.
inline Bytes misaligned_zero_point_file() {
  for (int pad = 0; pad < 2; ++pad) {
    RawModel raw;
    raw.buffers.push_back(fb::CreateBuffer(raw.fbb));
    const float scale[] = {0.5f};
    const auto scales = raw.fbb.CreateVector(scale, 1);
    for (int i = 0; i < pad; ++i) raw.fbb.PushElement<std::int32_t>(0);  // shifts what follows
    // One int64 written as two int32 halves, so the builder aligns it to 4 bytes only.
    raw.fbb.StartVector(1, sizeof(std::int32_t));
    raw.fbb.PushElement<std::int32_t>(0);  // high half (the builder writes backwards)
    raw.fbb.PushElement<std::int32_t>(5);  // low half
    const flatbuffers::Offset<flatbuffers::Vector<std::int64_t>> zero_points(raw.fbb.EndVector(1));
    const auto q = fb::CreateQuantizationParameters(raw.fbb, 0, 0, scales, zero_points);
    const int shape[] = {1, 784};
    raw.tensors.push_back(
        fb::CreateTensor(raw.fbb, raw.fbb.CreateVector(shape, 2), fb::TensorType_INT8, 0, 0, q));
    Bytes file = raw.finish();
    const fb::Model* model = fb::GetModel(file.data());
    const auto* zp = model->subgraphs()->Get(0)->tensors()->Get(0)->quantization()->zero_point();
    if ((reinterpret_cast<const std::uint8_t*>(zp->Data()) - file.data()) % 8 == 4) return file;
  }
  return {};
}

}  // namespace hostile_detail

inline std::vector<NamedBytes> hostile_tflite_files() {
  using namespace hostile_detail;
  std::vector<NamedBytes> files;
  files.push_back(
      {"shared-buffer-table", shared_buffer_file(), "refers to the same data many times"});
  files.push_back(
      {"shared-tensor-table", shared_tensor_file(), "refers to the same data many times"});

  {  // an [1, 8192, 8192, 1] input and eleven 1×1 MAX_POOL_2D
    tflite::Model m;
    int x = add_tensor(m, {1, 8192, 8192, 1});
    m.inputs = {x};
    for (int i = 0; i < 11; ++i) {
      const int y = add_tensor(m, {1, 8192, 8192, 1});
      add_op(m, BuiltinOperator::kMaxPool2D, 1, {x}, y);
      x = y;
    }
    m.outputs = {x};
    files.push_back({"input-8192x8192-eleven-pools", tflite::write_tflite(m),
                     "takes 67108864 values per sample; a digit has 784"});
  }
  {  // 28×28 windows over a 28×28 digit, eight times: 4.9 million comparisons per digit
    tflite::Model m;
    int x = add_tensor(m, {1, 28, 28, 1});
    m.inputs = {x};
    for (int i = 0; i < 8; ++i) {
      const int y = add_tensor(m, {1, 28, 28, 1});
      tflite::OperatorDef& op = add_op(m, BuiltinOperator::kMaxPool2D, 1, {x}, y);
      op.padding = tflite::Padding::kSame;
      op.filter_h = op.filter_w = 28;
      x = y;
    }
    const int flat = add_tensor(m, {1, 784});
    add_op(m, BuiltinOperator::kReshape, 1, {x}, flat).new_shape = {1, 784};
    const int w =
        add_tensor(m, {10, 784}, TensorType::kFloat32, bytes_of(std::vector<float>(7840, 0.01f)));
    const int out = add_tensor(m, {1, 10});
    add_op(m, BuiltinOperator::kFullyConnected, 1, {flat, w, -1}, out);
    m.outputs = {out};
    files.push_back(
        {"pool-windows-work", tflite::write_tflite(m), "work per sample passes 4194304"});
  }
  {  // the lab's int8 file with a dense bias near the int32 limit
    tflite::Model m = to_int8_tflite(lab_cnn(), lab_ranges());
    for (tflite::OperatorDef& op : m.operators) {
      if (op.op != BuiltinOperator::kFullyConnected) continue;
      const tflite::TensorDef& bias = m.tensors[static_cast<std::size_t>(op.inputs[2])];
      std::vector<std::int32_t> values(10, std::numeric_limits<std::int32_t>::max() - 10);
      m.buffers[bias.buffer] = bytes_of(values);
    }
    files.push_back({"int8-bias-near-int32-max", tflite::write_tflite(m),
                     "could overflow the int32 accumulator"});
  }
  {  // a conv stride of 2^31 − 1 along the width: one output column, no int overflow
    tflite::Model m;
    const int x = add_tensor(m, {1, 28, 28, 1});
    const int filter =
        add_tensor(m, {12, 3, 3, 1}, TensorType::kFloat32, bytes_of(std::vector<float>(108, 0.1f)));
    const int conv = add_tensor(m, {1, 26, 1, 12});
    tflite::OperatorDef& op = add_op(m, BuiltinOperator::kConv2D, 1, {x, filter, -1}, conv);
    op.stride_w = std::numeric_limits<std::int32_t>::max();
    const int flat = add_tensor(m, {1, 312});
    add_op(m, BuiltinOperator::kReshape, 1, {conv}, flat).new_shape = {1, 312};
    const int w =
        add_tensor(m, {10, 312}, TensorType::kFloat32, bytes_of(std::vector<float>(3120, 0.01f)));
    const int logits = add_tensor(m, {1, 10});
    add_op(m, BuiltinOperator::kFullyConnected, 1, {flat, w, -1}, logits);
    const int out = add_tensor(m, {1, 10});
    add_op(m, BuiltinOperator::kSoftmax, 1, {logits}, out);
    m.inputs = {x};
    m.outputs = {out};
    files.push_back({"conv-stride-2147483647", tflite::write_tflite(m), ""});
  }
  files.push_back({"misaligned-int64-zero-points", misaligned_zero_point_file(),
                   "outputs [1, 784] per sample"});
  {  // RESHAPE + SOFTMAX: 784 "classes"
    tflite::Model m;
    const int x = add_tensor(m, {1, 28, 28});
    const int flat = add_tensor(m, {1, 784});
    add_op(m, BuiltinOperator::kReshape, 1, {x}, flat).new_shape = {1, 784};
    const int out = add_tensor(m, {1, 784});
    add_op(m, BuiltinOperator::kSoftmax, 1, {flat}, out);
    m.inputs = {x};
    m.outputs = {out};
    files.push_back({"reshape-softmax-784-outputs", tflite::write_tflite(m),
                     "outputs [1, 784] per sample; a digit classifier outputs [1, 10]"});
  }
  {  // a NaN weight, written past the writer's checks by patching the bytes
    Sequential net = lab_cnn();
    net.params()[0].value[5] = 0.123456789f;
    Bytes file = tflite::write_tflite(to_float_tflite(net));
    const float marker = 0.123456789f, nan = std::numeric_limits<float>::quiet_NaN();
    for (std::size_t i = 0; i + 4 <= file.size(); i += 4)
      if (std::memcmp(file.data() + i, &marker, 4) == 0) std::memcpy(file.data() + i, &nan, 4);
    files.push_back({"nan-weight", std::move(file), "is nan (constant values must be finite)"});
  }
  {  // operator code version 99: the int8 file's CONV_2D code (version 3, so the field is written)
    Bytes file = tflite::write_tflite(to_int8_tflite(lab_cnn(), lab_ranges()));
    const fb::Model* model = fb::GetModel(file.data());
    for (const fb::OperatorCode* code : *model->operator_codes()) {
      if (code->version() != 3) continue;
      // The table starts with the signed offset back to its vtable, which holds the field's
      // offset within the table.
      std::uint8_t* table =
          file.data() + (reinterpret_cast<const std::uint8_t*>(code) - file.data());
      const std::uint8_t* vtable = table - flatbuffers::ReadScalar<std::int32_t>(table);
      const auto field =
          flatbuffers::ReadScalar<std::uint16_t>(vtable + fb::OperatorCode::VT_VERSION);
      flatbuffers::WriteScalar<std::int32_t>(table + field, 99);
      break;
    }
    files.push_back(
        {"op-version-99", std::move(file), "version 99 (this reader knows versions 1 to"});
  }
  return files;
}

inline std::vector<NamedBytes> hostile_checkpoint_files() {
  using namespace hostile_detail;
  std::vector<NamedBytes> files;
  Rng rng(1);
  {  // input [28, 28] → Reshape [28, 28, 1] and nothing after it: 784 "classes"
    Sequential m(Shape{28, 28});
    m.add(std::make_unique<Reshape>(Shape{28, 28, 1}));
    files.push_back({"reshape-output-rank-4", save_checkpoint(m),
                     "outputs [1, 28, 28, 1] per sample; a digit classifier outputs [1, 10]"});
  }
  {  // 190 parameter-free pooling layers on a [2048, 2048, 1] sample
    Sequential m(Shape{2048, 2048, 1});
    for (int i = 0; i < 190; ++i) m.add(std::make_unique<MaxPool2D>(1, 1));
    files.push_back({"190-pools-on-2048x2048", save_checkpoint(m),
                     "takes the activations of one sample past 1048576 bytes"});
  }
  {  // a valid 28×28 → 10 model with 60 1×1 pooling layers between conv and dense
    Sequential m(Shape{28, 28});
    m.add(std::make_unique<Reshape>(Shape{28, 28, 1}));
    m.add(std::make_unique<Conv2D>(1, 12, 3, 3, Activation::kRelu, rng));
    for (int i = 0; i < 60; ++i) m.add(std::make_unique<MaxPool2D>(1, 1));
    m.add(std::make_unique<Flatten>());
    m.add(std::make_unique<Dense>(26 * 26 * 12, 10, rng));
    files.push_back({"lab-like-with-60-pools", save_checkpoint(m),
                     "takes the activations of one sample past 1048576 bytes"});
  }
  {  // a 64×64 kernel over a 256×256 sample: 152 million multiply-adds per sample
    Sequential m(Shape{256, 256, 1});
    m.add(std::make_unique<Conv2D>(1, 1, 64, 64, Activation::kNone, rng));
    files.push_back(
        {"conv-64x64-on-256x256", save_checkpoint(m), "takes the work per sample past 4194304"});
  }
  {  // a NaN weight
    Sequential m = lab_cnn();
    m.params()[2].value[7] = std::numeric_limits<float>::quiet_NaN();
    files.push_back({"nan-weight", save_checkpoint(m), "is nan (weights must be finite)"});
  }
  return files;
}

inline std::vector<NamedIdxPair> hostile_idx_files() {
  const auto be32 = [](Bytes& b, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(v >> shift));
  };
  const auto images = [&](std::uint32_t count, std::uint32_t rows, std::uint32_t cols,
                          std::size_t pixels) {
    Bytes b;
    be32(b, 0x00000803u);
    be32(b, count);
    be32(b, rows);
    be32(b, cols);
    b.resize(b.size() + pixels, 0);
    return b;
  };
  const auto labels = [&](const Bytes& values) {
    Bytes b;
    be32(b, 0x00000801u);
    be32(b, static_cast<std::uint32_t>(values.size()));
    b.insert(b.end(), values.begin(), values.end());
    return b;
  };
  std::vector<NamedIdxPair> pairs;
  pairs.push_back({"label-10", images(2, 2, 2, 8), labels({3, 10}), "label"});
  pairs.push_back({"count-mismatch", images(2, 2, 2, 8), labels({1}), "count"});
  pairs.push_back({"sizes-overflow-64-bits", images(0xffffffffu, 0xffffffffu, 0xffffffffu, 0),
                   labels({}), "more than 2^64 bytes"});
  pairs.push_back({"truncated-gzip", Bytes{0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3, 0x63},
                   labels({}), "gzip"});
  return pairs;
}

}  // namespace qplab::test
