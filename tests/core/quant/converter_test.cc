// Converters: the graph of each variant (ops, versions, options, tensor types and shapes,
// quantization parameters), the stored weights against the model's, pruned zeros, errors.
#include "core/quant/converter.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "core/format/float16.h"
#include "core/nn/conv2d.h"
#include "core/nn/dense.h"
#include "core/nn/flatten.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/reshape.h"
#include "core/quant/quant_params.h"
#include "tests/core/quant/variant_predictions.h"

using namespace qplab;
using tflite::BuiltinOperator;
using tflite::TensorType;

namespace {

using Op = BuiltinOperator;

Sequential lab_model(std::uint64_t seed) {
  Rng rng(seed);
  Sequential model = build_lab_cnn(rng);
  for (ParamRef p : model.params())
    if (p.name.find("bias") != std::string::npos)
      for (std::size_t i = 0; i < p.size(); ++i) p.value[i] = rng.uniform(-0.2f, 0.2f);
  return model;
}

Conv2D& conv_of(Sequential& model) { return dynamic_cast<Conv2D&>(*model.layers()[1]); }
Dense& dense_of(Sequential& model) { return dynamic_cast<Dense&>(*model.layers()[4]); }

ActivationRanges lab_ranges() {
  ActivationRanges ranges;
  ranges.input = {0.0f, 1.0f};
  const Range conv{0.0f, 3.2f}, logits{-9.0f, 12.5f};
  ranges.outputs = {ranges.input, conv, conv, conv, logits};
  return ranges;
}

std::vector<Op> ops_of(const tflite::Model& m) {
  std::vector<Op> ops;
  for (const auto& op : m.operators) ops.push_back(op.op);
  return ops;
}

std::vector<int> versions_of(const tflite::Model& m) {
  std::vector<int> versions;
  for (const auto& op : m.operators) versions.push_back(op.version);
  return versions;
}

const tflite::TensorDef& named(const tflite::Model& m, const std::string& name) {
  for (const auto& t : m.tensors)
    if (t.name == name) return t;
  FAIL("no tensor named " << name);
  throw std::logic_error("unreachable");
}

const std::vector<std::uint8_t>& data_of(const tflite::Model& m, const tflite::TensorDef& t) {
  REQUIRE(t.buffer > 0);
  return m.buffers.at(t.buffer);
}

template <typename T>
std::vector<T> values_of(const tflite::Model& m, const std::string& name) {
  const auto& bytes = data_of(m, named(m, name));
  std::vector<T> values(bytes.size() / sizeof(T));
  std::memcpy(values.data(), bytes.data(), bytes.size());  // the test hosts are little-endian
  return values;
}

const tflite::TensorDef& input_of(const tflite::Model& m, std::size_t op, std::size_t i) {
  return m.tensors.at(static_cast<std::size_t>(m.operators.at(op).inputs.at(i)));
}
const tflite::TensorDef& output_of(const tflite::Model& m, std::size_t op) {
  return m.tensors.at(static_cast<std::size_t>(m.operators.at(op).outputs.at(0)));
}

// Checks the options and activation shapes the five lab ops and SOFTMAX share in every variant.
void check_lab_ops(const tflite::Model& m) {
  const tflite::OperatorDef* conv = nullptr;
  const tflite::OperatorDef* pool = nullptr;
  std::vector<const tflite::OperatorDef*> reshapes;
  for (const auto& op : m.operators) {
    if (op.op == Op::kConv2D) conv = &op;
    if (op.op == Op::kMaxPool2D) pool = &op;
    if (op.op == Op::kReshape) reshapes.push_back(&op);
    if (op.op == Op::kSoftmax) CHECK(op.beta == 1.0f);
  }
  REQUIRE(conv);
  REQUIRE(pool);
  REQUIRE(reshapes.size() == 2);
  CHECK(reshapes[0]->new_shape == std::vector<int>{1, 28, 28, 1});
  CHECK(reshapes[1]->new_shape == std::vector<int>{1, 2028});
  CHECK(reshapes[0]->inputs.size() == 1);  // new_shape option only, no shape tensor
  CHECK(conv->padding == tflite::Padding::kValid);
  CHECK(conv->stride_h == 1);
  CHECK(conv->stride_w == 1);
  CHECK(conv->activation == tflite::FusedActivation::kRelu);
  CHECK(pool->padding == tflite::Padding::kValid);
  CHECK((pool->filter_h == 2 && pool->filter_w == 2 && pool->stride_h == 2 && pool->stride_w == 2));
  CHECK(named(m, "c1").shape == std::vector<int>{1, 26, 26, 12});
  CHECK(named(m, "p2").shape == std::vector<int>{1, 13, 13, 12});
  CHECK(named(m, "d4").shape == std::vector<int>{1, 10});
  CHECK(named(m, "c1w").shape == std::vector<int>{12, 3, 3, 1});
  CHECK(named(m, "d4w").shape == std::vector<int>{10, 2028});
  CHECK(m.version == 3);
  REQUIRE(m.inputs.size() == 1);
  REQUIRE(m.outputs.size() == 1);
  CHECK(m.tensors.at(static_cast<std::size_t>(m.inputs[0])).shape == std::vector<int>{1, 28, 28});
  CHECK(m.tensors.at(static_cast<std::size_t>(m.outputs[0])).shape == std::vector<int>{1, 10});
  CHECK(m.buffers.at(0).empty());
  for (const auto& t : m.tensors) {
    CHECK(t.name.size() <= 4);
    if (t.buffer > 0)
      CHECK(m.buffers.at(t.buffer).size() == element_count(t.shape) * tflite::element_size(t.type));
  }
}

}  // namespace

TEST_CASE("the float variant is the lab graph in float32 with the model's exact weights",
          "[converter]") {
  Sequential model = lab_model(1);
  const tflite::Model m = to_float_tflite(model);
  CHECK(ops_of(m) == std::vector<Op>{Op::kReshape, Op::kConv2D, Op::kMaxPool2D, Op::kReshape,
                                     Op::kFullyConnected, Op::kSoftmax});
  CHECK(versions_of(m) == std::vector<int>{1, 1, 1, 1, 1, 1});
  check_lab_ops(m);
  for (const auto& t : m.tensors) CHECK(t.type == TensorType::kFloat32);
  for (const auto& t : m.tensors) CHECK(t.quantization.empty());
  CHECK(m.description == "qplab float");
  CHECK(named(m, "x").name == m.tensors.at(static_cast<std::size_t>(m.inputs[0])).name);
  CHECK(named(m, "y").name == m.tensors.at(static_cast<std::size_t>(m.outputs[0])).name);
  // Conv inputs: activation, kernel, bias in that order.
  CHECK(input_of(m, 1, 0).name == "r0");
  CHECK(input_of(m, 1, 1).name == "c1w");
  CHECK(input_of(m, 1, 2).name == "c1b");
  for (const auto& [name, tensor] :
       {std::pair<std::string, const Tensor*>{"c1w", &conv_of(model).kernel()},
        {"c1b", &conv_of(model).bias()},
        {"d4w", &dense_of(model).kernel()},
        {"d4b", &dense_of(model).bias()}}) {
    const auto& bytes = data_of(m, named(m, name));
    REQUIRE(bytes.size() == tensor->size() * 4);
    CHECK(std::memcmp(bytes.data(), tensor->data(), bytes.size()) == 0);  // bit-identical
  }
}

TEST_CASE("the dynamic-range variant stores int8 symmetric weights and float biases",
          "[converter]") {
  Sequential model = lab_model(2);
  const tflite::Model m = to_dynamic_range_tflite(model);
  CHECK(ops_of(m) == std::vector<Op>{Op::kReshape, Op::kConv2D, Op::kMaxPool2D, Op::kReshape,
                                     Op::kFullyConnected, Op::kSoftmax});
  CHECK(versions_of(m) ==
        std::vector<int>{1, 5, 1, 1, 3, 1});  // hybrid per-channel conv, hybrid FC
  check_lab_ops(m);
  for (const auto& t : m.tensors)
    if (t.name != "c1w" && t.name != "d4w") CHECK(t.type == TensorType::kFloat32);

  const auto& cw = named(m, "c1w");
  CHECK(cw.type == TensorType::kInt8);
  REQUIRE(cw.quantization.scale.size() == 12);  // per channel, axis 0
  CHECK(cw.quantization.zero_point == std::vector<std::int64_t>(12, 0));
  CHECK(cw.quantization.quantized_dimension == 0);
  const auto& dw = named(m, "d4w");
  CHECK(dw.type == TensorType::kInt8);
  REQUIRE(dw.quantization.scale.size() == 1);  // per tensor
  CHECK(dw.quantization.zero_point == std::vector<std::int64_t>{0});

  for (const auto& [name, tensor] :
       {std::pair<std::string, const Tensor*>{"c1w", &conv_of(model).kernel()},
        {"d4w", &dense_of(model).kernel()}}) {
    const auto q = values_of<std::int8_t>(m, name);
    const auto& scales = named(m, name).quantization.scale;
    const std::size_t per_channel = q.size() / scales.size();
    int max_magnitude = 0;
    for (std::size_t i = 0; i < q.size(); ++i) {
      REQUIRE(q[i] >= -127);
      max_magnitude = std::max(max_magnitude, std::abs(int{q[i]}));
      const float scale = scales[i / per_channel];
      REQUIRE(std::abs(scale * q[i] - (*tensor)[i]) <= 0.5f * scale * (1 + 1e-5f));
    }
    CHECK(max_magnitude == 127);  // the largest weight maps to ±127
  }
  const auto bias = values_of<float>(m, "d4b");
  CHECK(std::memcmp(bias.data(), dense_of(model).bias().data(), bias.size() * 4) == 0);
}

TEST_CASE("the float16 variant stores halves, each dequantized before its op", "[converter]") {
  Sequential model = lab_model(3);
  const tflite::Model m = to_float16_tflite(model);
  CHECK(ops_of(m) == std::vector<Op>{Op::kReshape, Op::kDequantize, Op::kDequantize, Op::kConv2D,
                                     Op::kMaxPool2D, Op::kReshape, Op::kDequantize, Op::kDequantize,
                                     Op::kFullyConnected, Op::kSoftmax});
  CHECK(versions_of(m) == std::vector<int>{1, 3, 3, 1, 1, 1, 3, 3, 1, 1});
  check_lab_ops(m);
  CHECK(input_of(m, 3, 1).name == "c1w");
  CHECK(input_of(m, 3, 1).type == TensorType::kFloat32);
  CHECK(input_of(m, 3, 1).buffer == 0);  // computed by the DEQUANTIZE, not stored
  CHECK(input_of(m, 1, 0).name == "c1wh");
  CHECK(output_of(m, 1).name == "c1w");
  for (const auto& [name, tensor] :
       {std::pair<std::string, const Tensor*>{"c1wh", &conv_of(model).kernel()},
        {"c1bh", &conv_of(model).bias()},
        {"d4wh", &dense_of(model).kernel()},
        {"d4bh", &dense_of(model).bias()}}) {
    CHECK(named(m, name).type == TensorType::kFloat16);
    const auto halves = values_of<std::uint16_t>(m, name);
    REQUIRE(halves.size() == tensor->size());
    for (std::size_t i = 0; i < halves.size(); ++i)
      REQUIRE(halves[i] == float_to_half((*tensor)[i]));
  }
}

TEST_CASE("the int8 variant is full integer with the TFLite spec's parameters", "[converter]") {
  Sequential model = lab_model(4);
  const ActivationRanges ranges = lab_ranges();
  const tflite::Model m = to_int8_tflite(model, ranges);
  CHECK(ops_of(m) == std::vector<Op>{Op::kQuantize, Op::kReshape, Op::kConv2D, Op::kMaxPool2D,
                                     Op::kReshape, Op::kFullyConnected, Op::kSoftmax,
                                     Op::kDequantize});
  CHECK(versions_of(m) == std::vector<int>{1, 1, 3, 2, 1, 4, 2, 2});
  check_lab_ops(m);
  CHECK(named(m, "x").type == TensorType::kFloat32);
  CHECK(named(m, "y").type == TensorType::kFloat32);

  const auto params = [&](const std::string& name) {
    const auto& q = named(m, name).quantization;
    REQUIRE(q.scale.size() == 1);
    REQUIRE(q.zero_point.size() == 1);
    return QuantParams{q.scale[0], static_cast<std::int32_t>(q.zero_point[0])};
  };
  for (const char* name : {"xq", "r0", "c1", "p2", "f3", "d4", "s"}) {
    CAPTURE(name);
    CHECK(named(m, name).type == TensorType::kInt8);
  }
  CHECK(params("xq").scale == 1.0f / 255.0f);
  CHECK(params("xq").zero_point == -128);
  const QuantParams conv = choose_asymmetric_int8(ranges.outputs[1]);
  CHECK(params("c1").scale == conv.scale);
  CHECK(params("c1").zero_point == conv.zero_point);
  for (const char* name : {"r0"}) CHECK(named(m, name).quantization == named(m, "xq").quantization);
  for (const char* name : {"p2", "f3"})
    CHECK(named(m, name).quantization == named(m, "c1").quantization);
  const QuantParams logits = choose_asymmetric_int8(-9.0f, 12.5f);
  CHECK(params("d4").scale == logits.scale);
  CHECK(params("d4").zero_point == logits.zero_point);
  CHECK(params("s").scale == 1.0f / 256.0f);
  CHECK(params("s").zero_point == -128);

  // Weights: symmetric int8, conv per channel, dense per tensor.
  const auto& cw = named(m, "c1w");
  CHECK(cw.type == TensorType::kInt8);
  CHECK(cw.quantization.scale == symmetric_scales(conv_of(model).kernel().data(), 12, 9));
  CHECK(cw.quantization.zero_point == std::vector<std::int64_t>(12, 0));
  const auto& dw = named(m, "d4w");
  CHECK(dw.quantization.scale == symmetric_scales(dense_of(model).kernel().data(), 1, 10 * 2028));
  for (std::int8_t q : values_of<std::int8_t>(m, "d4w")) REQUIRE(q >= -127);

  // Biases: int32, zero point 0, scale = input scale · weight scale (per channel for conv).
  const auto& cb = named(m, "c1b");
  CHECK(cb.type == TensorType::kInt32);
  REQUIRE(cb.quantization.scale.size() == 12);
  for (std::size_t c = 0; c < 12; ++c)
    CHECK(cb.quantization.scale[c] == params("r0").scale * cw.quantization.scale[c]);
  CHECK(cb.quantization.zero_point == std::vector<std::int64_t>(12, 0));
  const auto conv_bias = values_of<std::int32_t>(m, "c1b");
  for (std::size_t c = 0; c < 12; ++c)
    CHECK(conv_bias[c] == static_cast<std::int32_t>(
                              std::round(conv_of(model).bias()[c] / cb.quantization.scale[c])));
  const auto& db = named(m, "d4b");
  REQUIRE(db.quantization.scale.size() == 1);
  CHECK(db.quantization.scale[0] == params("f3").scale * dw.quantization.scale[0]);
  const auto dense_bias = values_of<std::int32_t>(m, "d4b");
  for (std::size_t o = 0; o < 10; ++o)
    CHECK(dense_bias[o] == static_cast<std::int32_t>(
                               std::round(dense_of(model).bias()[o] / db.quantization.scale[0])));
}

TEST_CASE("pruned (zero) weights stay exactly zero in the quantized files", "[converter]") {
  Sequential model = lab_model(6);
  Tensor& kernel = dense_of(model).kernel();
  for (std::size_t i = 0; i < kernel.size(); i += 2) kernel[i] = 0.0f;    // 50% sparsity
  for (std::size_t i = 0; i < 9; ++i) conv_of(model).kernel()[i] = 0.0f;  // a whole dead filter
  for (const tflite::Model& m :
       {to_int8_tflite(model, lab_ranges()), to_dynamic_range_tflite(model)}) {
    const auto dense = values_of<std::int8_t>(m, "d4w");
    for (std::size_t i = 0; i < dense.size(); i += 2) REQUIRE(dense[i] == 0);
    const auto conv = values_of<std::int8_t>(m, "c1w");
    for (std::size_t i = 0; i < 9; ++i) CHECK(conv[i] == 0);
    CHECK(named(m, "c1w").quantization.scale[0] == kDegenerateScale);
  }
  const auto halves = values_of<std::uint16_t>(to_float16_tflite(model), "d4wh");
  for (std::size_t i = 0; i < halves.size(); i += 2) REQUIRE(halves[i] == 0);
}

TEST_CASE("other Sequentials of the lab's layer kinds convert too", "[converter]") {
  Rng rng(9);
  Sequential model({6, 6, 2});
  model.add(std::make_unique<Conv2D>(2, 3, 3, 3, Activation::kNone, rng));
  model.add(std::make_unique<Flatten>());
  model.add(std::make_unique<Dense>(48, 8, rng));
  model.add(std::make_unique<Dense>(8, 4, rng));
  const tflite::Model f = to_float_tflite(model);
  CHECK(ops_of(f) == std::vector<Op>{Op::kConv2D, Op::kReshape, Op::kFullyConnected,
                                     Op::kFullyConnected, Op::kSoftmax});
  CHECK(f.operators[0].activation == tflite::FusedActivation::kNone);
  CHECK(named(f, "d3").shape == std::vector<int>{1, 4});
  ActivationRanges ranges;
  ranges.input = {-1.0f, 1.0f};
  ranges.outputs = {{-2.0f, 2.0f}, {-2.0f, 2.0f}, {-3.0f, 1.0f}, {-5.0f, 5.0f}};
  const tflite::Model q = to_int8_tflite(model, ranges);
  CHECK(ops_of(q).size() == 7);
  CHECK(named(q, "d2").quantization.zero_point ==
        std::vector<std::int64_t>{choose_asymmetric_int8(-3.0f, 1.0f).zero_point});
  CHECK(named(q, "d3b").quantization.scale[0] ==
        named(q, "d2").quantization.scale[0] * named(q, "d3w").quantization.scale[0]);
}

TEST_CASE("converters reject what they cannot convert, naming it", "[converter][errors]") {
  Rng rng(1);
  Sequential no_layers({4});
  REQUIRE_THROWS_WITH(to_float_tflite(no_layers), Catch::Contains("no layers"));
  Sequential image_out({4, 4, 1});
  image_out.add(std::make_unique<Conv2D>(1, 2, 3, 3, Activation::kRelu, rng));
  REQUIRE_THROWS_WITH(to_float_tflite(image_out),
                      Catch::Contains("[1, 2, 2, 2] is not [1, classes]"));

  Sequential model = lab_model(7);
  REQUIRE_THROWS_WITH(to_int8_tflite(model, ActivationRanges{}),
                      Catch::Contains("0 activation ranges for 5 layers"));
  ActivationRanges bad = lab_ranges();
  bad.outputs[4] = {1.0f, -1.0f};
  REQUIRE_THROWS_WITH(to_int8_tflite(model, bad),
                      Catch::Contains("layer 4 output") && Catch::Contains("min <= max"));

  dense_of(model).kernel()[5] = 1e6f;
  REQUIRE_THROWS_WITH(to_float16_tflite(model),
                      Catch::Contains("d4wh[5]") && Catch::Contains("overflows float16"));
  dense_of(model).kernel()[5] = std::nanf("");
  REQUIRE_THROWS_WITH(
      to_int8_tflite(model, lab_ranges()),
      Catch::Contains("layer 4 (dense) kernel[5]") && Catch::Contains("not finite"));
  REQUIRE_THROWS_WITH(to_dynamic_range_tflite(model), Catch::Contains("ptq-dynamic converter"));
}

TEST_CASE("every variant's own bytes reach the float file's test accuracy within a point",
          "[converter][e2e]") {
  // The tolerance the lab promises: a quantized variant costs at most 1 point of accuracy.
  constexpr double kAccuracyBudget = 0.01;
  const Dataset& test = testing::lab_digits().test;
  Sequential model = testing::trained_lab_model();
  const double float_accuracy =
      testing::accuracy(testing::file_predictions(to_float_tflite(model), test), test);
  const double baseline = evaluate(model, test).accuracy;
  CAPTURE(baseline, float_accuracy);
  CHECK(float_accuracy ==
        Approx(baseline).margin(1.0 / test.count));  // same weights, float kernels
  const ActivationRanges ranges = calibrate(model, testing::lab_digits().train);
  for (const auto& [variant, file] :
       {std::pair<const char*, tflite::Model>{"ptq-dynamic", to_dynamic_range_tflite(model)},
        {"ptq-int8", to_int8_tflite(model, ranges)},
        {"ptq-float16", to_float16_tflite(model)}}) {
    const double variant_accuracy = testing::accuracy(testing::file_predictions(file, test), test);
    CAPTURE(variant, variant_accuracy);
    CHECK(std::abs(variant_accuracy - float_accuracy) <= kAccuracyBudget);
  }
}
