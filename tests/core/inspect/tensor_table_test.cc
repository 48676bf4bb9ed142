// The per-tensor table of a hand-built model, field by field: order, operator, role, shape,
// type, bytes and share, sparsity, scales and zero points, and the weight error against a
// float reference; a float16 model's DEQUANTIZE copy; a checkpoint's parameters.
#include "core/inspect/tensor_table.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/format/tflite_writer.h"
#include "tests/core/inspect/inspect_models.h"
#include "tests/core/runtime/model_builder.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

const std::vector<float> kReferenceWeights{0.1f, 0.2f, -0.5f, 0.8f, 0.0f, 0.01f, 0.5f, -0.6f};

// x [1,4] → QUANTIZE → FULLY_CONNECTED (int8 weights per channel, int32 bias) → DEQUANTIZE.
std::vector<std::uint8_t> quantized_model() {
  ModelBuilder b;
  const int x = b.tensor({1, 4});
  const int xq = b.tensor({1, 4}, TensorType::kInt8, per_tensor(0.5f, -1));
  b.op(BuiltinOperator::kQuantize, {x}, {xq});
  const int w = b.constant_i8({2, 4}, {0, 1, -2, 3, 0, 0, 4, -5}, per_channel({0.25f, 0.125f}));
  const int bias = b.constant_i32({2}, {8, -16}, per_channel({0.125f, 0.0625f}));
  const int y = b.tensor({1, 2}, TensorType::kInt8, per_tensor(0.1f, 3));
  b.op(BuiltinOperator::kFullyConnected, {xq, w, bias}, {y});
  const int out = b.tensor({1, 2});
  b.op(BuiltinOperator::kDequantize, {y}, {out});
  return tflite::write_tflite(b.finish(x, out));
}

std::vector<std::uint8_t> float_reference() {
  ModelBuilder b;
  const int x = b.tensor({1, 4});
  const int w = b.constant({2, 4}, kReferenceWeights);
  const int bias = b.constant({2}, {1.0f, -1.0f});
  const int y = b.tensor({1, 2});
  b.op(BuiltinOperator::kFullyConnected, {x, w, bias}, {y});
  return tflite::write_tflite(b.finish(x, y));
}

}  // namespace

TEST_CASE("the tensor table lists a hand-built model field by field", "[tensor_table]") {
  const std::vector<std::uint8_t> bytes = quantized_model();
  const ParsedVariant parsed = parse_variant(bytes);
  const std::vector<TensorRow> rows = tensor_table(parsed, nullptr);
  REQUIRE(rows.size() == 6);
  const double file = static_cast<double>(bytes.size());

  CHECK(rows[0].tensor == 0);
  CHECK(rows[0].op_index == 0);
  CHECK(rows[0].op == "QUANTIZE");
  CHECK(rows[0].role == "input");
  CHECK(rows[0].shape == std::vector<int>{1, 4});
  CHECK(rows[0].type == "FLOAT32");
  CHECK(rows[0].bytes == 0);
  CHECK(std::isnan(rows[0].sparsity));
  CHECK(rows[0].scales == 0);
  CHECK(std::isnan(rows[0].scale_min));

  CHECK(rows[1].tensor == 1);
  CHECK(rows[1].role == "activation");
  CHECK(rows[1].type == "INT8");
  CHECK(rows[1].scales == 1);
  CHECK(rows[1].scale_min == 0.5);
  CHECK(rows[1].scale_max == 0.5);
  CHECK(rows[1].zero_point_min == -1);
  CHECK(rows[1].zero_point_max == -1);

  const TensorRow& w = rows[2];
  CHECK(w.tensor == 2);
  CHECK(w.op_index == 1);
  CHECK(w.op == "FULLY_CONNECTED");
  CHECK(w.role == "weights");
  CHECK(w.name == "t2");
  CHECK(w.shape == std::vector<int>{2, 4});
  CHECK(w.type == "INT8");
  CHECK(w.bytes == 8);
  CHECK(w.file_share == Approx(8.0 / file));
  CHECK(w.sparsity == 3.0 / 8.0);
  CHECK(w.scales == 2);
  CHECK(w.quantized_dimension == 0);
  CHECK(w.scale_min == 0.125);
  CHECK(w.scale_max == 0.25);
  CHECK(w.zero_point_min == 0);
  CHECK(w.zero_point_max == 0);
  CHECK_FALSE(w.error.compared);

  const TensorRow& bias = rows[3];
  CHECK(bias.role == "bias");
  CHECK(bias.type == "INT32");
  CHECK(bias.bytes == 8);
  CHECK(bias.sparsity == 0.0);
  CHECK(bias.scale_min == 0.0625);
  CHECK(bias.scale_max == 0.125);

  CHECK(rows[4].tensor == 4);
  CHECK(rows[4].role == "activation");
  CHECK(rows[4].zero_point_min == 3);
  CHECK(rows[5].op == "DEQUANTIZE");
  CHECK(rows[5].type == "FLOAT32");
}

TEST_CASE("weights and biases carry their error against the reference's", "[tensor_table]") {
  const ParsedVariant parsed = parse_variant(quantized_model());
  const std::vector<WeightTensor> reference = weight_tensors(parse_variant(float_reference()));
  const std::vector<TensorRow> rows = tensor_table(parsed, &reference);
  const TensorRow& w = rows[2];
  REQUIRE(w.error.compared);
  const WeightError expected = weight_error(weight_tensors(parsed)[0], kReferenceWeights);
  CHECK(w.error.rmse_in_scale == expected.rmse_in_scale);
  CHECK(w.error.sqnr_db == expected.sqnr_db);
  // Bias: 8 · 0.125 = 1 and −16 · 0.0625 = −1, the reference's exactly.
  CHECK(rows[3].error.compared);
  CHECK(rows[3].error.rmse == 0.0);
  CHECK(std::isinf(rows[3].error.sqnr_db));
  CHECK_FALSE(rows[1].error.compared);
}

TEST_CASE("float16 weights: the stored half tensor holds the bytes, its DEQUANTIZE copy none",
          "[tensor_table]") {
  const InspectModels& m = inspect_models();
  const ParsedVariant parsed = parse_variant(m.float16);
  std::size_t weight_bytes = 0;
  int copies = 0;
  for (const TensorRow& row : tensor_table(parsed, nullptr)) {
    if (row.role != "weights") continue;
    if (row.type == "FLOAT16") weight_bytes += row.bytes;
    if (row.type == "FLOAT32") {
      CHECK(row.op == "DEQUANTIZE");
      CHECK(row.bytes == 0);
      ++copies;
    }
  }
  CHECK(weight_bytes == 2 * (108 + 20280));
  CHECK(copies == 2);
}

TEST_CASE("a checkpoint's table lists its four parameters as float32", "[tensor_table]") {
  const InspectModels& m = inspect_models();
  const std::vector<TensorRow> rows = tensor_table(parse_variant(m.checkpoint), nullptr);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].op == "CONV_2D");
  CHECK(rows[0].role == "weights");
  CHECK(rows[0].name == "conv2d/kernel");
  CHECK(rows[0].shape == std::vector<int>{12, 3, 3, 1});
  CHECK(rows[0].bytes == 4 * 108);
  CHECK(rows[2].op == "FULLY_CONNECTED");
  CHECK(rows[2].bytes == 4 * 20280);
  CHECK(rows[3].role == "bias");
  for (const TensorRow& row : rows) CHECK(row.type == "FLOAT32");
}
