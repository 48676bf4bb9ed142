// Interpreter: the lab graph in every encoding against the float Sequential (float ~1e-6,
// float16 within half rounding, hybrid and int8 within named budgets), int8 edges, batch
// inference equal to one digit at a time, and the Prepare errors that name the operator.
#include "core/runtime/interpreter.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/base/budgets.h"
#include "core/nn/softmax_cross_entropy.h"
#include "tests/core/runtime/lab_models.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

// The float interpreter and Sequential differ only in summation order.
constexpr double kFloatTolerance = 1e-5;
// Weights rounded to half: relative error ≤ 2^-11 per weight; measured errors: README, Tests.
constexpr double kFloat16Budget = 5e-4;
// Per-image input quantization (max|x|/254) and per-channel int8 weights.
constexpr double kHybridBudget = 0.02;
// Full integer: activations at 8 bits, softmax output in steps of 1/256; the error measured
// (README, Tests) is a few steps. Budget: eight steps.
constexpr double kInt8Budget = 8.0 / 256;
// Fraction of test digits whose argmax must agree with float for the quantized variants.
constexpr double kMinArgmaxAgreement = 0.99;

constexpr int kDigits = 300;

struct Fixture {
  Sequential& net = trained_lab_cnn();
  LabWeights weights = lab_weights(net);
  LabRanges ranges;
  Tensor x = test_digits(0, kDigits);
  std::vector<float> reference;

  Fixture() {
    Tensor calibration({200, 28, 28});
    const Dataset& train = lab_digits().train;
    for (std::size_t i = 0; i < calibration.size(); ++i)
      calibration[i] = static_cast<float>(train.images[i]) / 255.0f;
    ranges = calibrate(net, calibration);
    reference = reference_probabilities(net, x);
  }

  std::vector<float> run(const tflite::Model& model, int batch) const {
    Interpreter interpreter(model, batch);
    std::vector<float> y(static_cast<std::size_t>(kDigits) * 10);
    for (int first = 0; first < kDigits; first += batch) {
      const int count = std::min(batch, kDigits - first);
      interpreter.run(x.data() + static_cast<std::size_t>(first) * 784, count,
                      y.data() + static_cast<std::size_t>(first) * 10);
    }
    return y;
  }

  void check_against_reference(const std::vector<float>& y, double budget,
                               double min_agreement) const {
    double worst = 0.0;
    int agree = 0;
    for (std::size_t i = 0; i < y.size(); ++i)
      worst = std::max(worst, static_cast<double>(std::abs(y[i] - reference[i])));
    for (int n = 0; n < kDigits; ++n)
      agree += argmax_row(y.data() + n * 10, 10) == argmax_row(reference.data() + n * 10, 10);
    CAPTURE(worst, agree);
    CHECK(worst <= budget);
    CHECK(agree >= min_agreement * kDigits);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

}  // namespace

TEST_CASE("the float interpreter matches Sequential forward and softmax", "[interpreter]") {
  Fixture& f = fixture();
  const std::vector<float> y = f.run(lab_model(LabGraph::kFloat, f.weights), 1);
  for (std::size_t i = 0; i < y.size(); ++i)
    REQUIRE(y[i] == Approx(f.reference[i]).margin(kFloatTolerance));
}

TEST_CASE("float16 weights give the float result within float16 rounding", "[interpreter]") {
  Fixture& f = fixture();
  const std::vector<float> y = f.run(lab_model(LabGraph::kFloat16, f.weights), 1);
  f.check_against_reference(y, kFloat16Budget, 1.0);
  // Exactly the float model with every weight rounded to half.
  Rng rng(1);
  Sequential rounded = build_lab_cnn(rng);
  const std::vector<ParamRef> from = f.net.params(), to = rounded.params();
  for (std::size_t p = 0; p < from.size(); ++p)
    for (std::size_t i = 0; i < from[p].size(); ++i)
      to[p].value[i] = half_round_trip(from[p].value[i]);
  const std::vector<float> expected = reference_probabilities(rounded, f.x);
  for (std::size_t i = 0; i < y.size(); ++i)
    REQUIRE(y[i] == Approx(expected[i]).margin(kFloatTolerance));
}

TEST_CASE("the hybrid model stays within its budget of float", "[interpreter]") {
  Fixture& f = fixture();
  f.check_against_reference(f.run(lab_model(LabGraph::kHybrid, f.weights), 1), kHybridBudget,
                            kMinArgmaxAgreement);
}

TEST_CASE("the full-integer model stays within its budget of float", "[interpreter]") {
  Fixture& f = fixture();
  for (bool per_channel_dense : {false, true}) {
    CAPTURE(per_channel_dense);
    f.check_against_reference(
        f.run(lab_model(LabGraph::kInt8, f.weights, f.ranges, per_channel_dense), 1), kInt8Budget,
        kMinArgmaxAgreement);
  }
}

TEST_CASE(
    "an int8-input, int8-output model quantizes at the edges as QUANTIZE and DEQUANTIZE would",
    "[interpreter]") {
  Fixture& f = fixture();
  const tflite::Model edges = lab_model(LabGraph::kInt8Io, f.weights, f.ranges);
  Interpreter interpreter(edges);
  CHECK(interpreter.input_shape() == std::vector<int>{28, 28});
  CHECK(interpreter.output_shape() == std::vector<int>{10});
  CHECK(f.run(edges, 1) == f.run(lab_model(LabGraph::kInt8, f.weights, f.ranges), 1));
  // Pixels far outside [0, 1] saturate at the input's int8 limits instead of wrapping.
  std::vector<float> bright(784, 1e9f), clipped(784, 1.0f), y1(10), y2(10);
  interpreter.run(bright.data(), 1, y1.data());
  interpreter.run(clipped.data(), 1, y2.data());
  CHECK(y1 == y2);
}

TEST_CASE("batch inference gives the same results as one digit at a time", "[interpreter]") {
  Fixture& f = fixture();
  for (LabGraph graph : {LabGraph::kFloat, LabGraph::kFloat16, LabGraph::kHybrid, LabGraph::kInt8,
                         LabGraph::kInt8Io}) {
    CAPTURE(static_cast<int>(graph));
    const tflite::Model model = lab_model(graph, f.weights, f.ranges);
    const std::vector<float> one = f.run(model, 1);
    CHECK(f.run(model, 7) == one);
    CHECK(f.run(model, 64) == one);
  }
}

TEST_CASE("the interpreter keeps working after the model is gone", "[interpreter]") {
  Fixture& f = fixture();
  std::unique_ptr<Interpreter> interpreter;
  {
    const tflite::Model model = lab_model(LabGraph::kInt8, f.weights, f.ranges);
    interpreter = std::make_unique<Interpreter>(model, 2);
  }
  Interpreter moved = std::move(*interpreter);
  std::vector<float> y(20);
  moved.run(f.x.data(), 2, y.data());
  const std::vector<float> expected = f.run(lab_model(LabGraph::kInt8, f.weights, f.ranges), 1);
  CHECK(std::vector<float>(expected.begin(), expected.begin() + 20) == y);
}

TEST_CASE("operator outputs: every executed operator, read back dequantized per sample",
          "[interpreter]") {
  Fixture& f = fixture();
  Interpreter float16(lab_model(LabGraph::kFloat16, f.weights, f.ranges), 1);
  std::vector<BuiltinOperator> ops;
  for (const auto& o : float16.operator_outputs()) ops.push_back(o.op);
  // The four DEQUANTIZEs of the float16 weights are folded at Prepare: no outputs.
  CHECK(ops == std::vector<BuiltinOperator>{BuiltinOperator::kReshape, BuiltinOperator::kConv2D,
                                            BuiltinOperator::kMaxPool2D, BuiltinOperator::kReshape,
                                            BuiltinOperator::kFullyConnected,
                                            BuiltinOperator::kSoftmax});
  CHECK(float16.operator_outputs()[1].op_index == 5);

  Interpreter int8(lab_model(LabGraph::kInt8, f.weights, f.ranges), 2);
  const auto& outputs = int8.operator_outputs();
  REQUIRE(outputs.size() == 8);
  std::vector<float> y(20), values;
  int8.run(f.x.data(), 2, y.data());
  const Interpreter::OperatorOutput& conv = outputs[2];
  CHECK(conv.op == BuiltinOperator::kConv2D);
  CHECK(conv.shape == std::vector<int>{1, 26, 26, 12});
  CHECK(conv.type == TensorType::kInt8);
  values.resize(conv.elements);
  int8.operator_output(2, 1, values.data());
  for (float v : values) {
    const float steps = v / conv.params.scale;
    REQUIRE(std::fabs(steps - std::round(steps)) < 1e-3f);
  }
  values.resize(outputs.back().elements);
  for (int sample = 0; sample < 2; ++sample) {
    int8.operator_output(outputs.size() - 1, sample, values.data());
    CHECK(values == std::vector<float>(y.begin() + sample * 10, y.begin() + sample * 10 + 10));
  }
  CHECK_THROWS_AS(int8.operator_output(8, 0, values.data()), std::out_of_range);
  CHECK_THROWS_AS(int8.operator_output(0, 2, values.data()), std::out_of_range);
}

TEST_CASE("run rejects a batch outside 1..max_batch", "[interpreter][errors]") {
  Fixture& f = fixture();
  Interpreter interpreter(lab_model(LabGraph::kFloat, f.weights), 4);
  CHECK(interpreter.max_batch() == 4);
  CHECK(interpreter.input_elements() == 784);
  CHECK(interpreter.output_elements() == 10);
  std::vector<float> y(50);
  REQUIRE_THROWS_WITH(interpreter.run(f.x.data(), 5, y.data()),
                      Catch::Contains("batch must be in 1..4, got 5"));
  REQUIRE_THROWS_WITH(interpreter.run(f.x.data(), 0, y.data()), Catch::Contains("got 0"));
  REQUIRE_THROWS_WITH(Interpreter(lab_model(LabGraph::kFloat, f.weights), 0),
                      Catch::Contains("max_batch"));
}

TEST_CASE("Prepare errors name the operator, its kind and the bad value", "[interpreter][errors]") {
  Fixture& f = fixture();
  // int8 graph operators: 0 QUANTIZE, 1 RESHAPE, 2 CONV_2D, 3 MAX_POOL_2D, 4 RESHAPE,
  // 5 FULLY_CONNECTED, 6 SOFTMAX, 7 DEQUANTIZE.
  const tflite::Model int8 = lab_model(LabGraph::kInt8, f.weights, f.ranges);
  const auto tensor_of = [](const tflite::Model& m, std::size_t op, std::size_t input) {
    return static_cast<std::size_t>(m.operators[op].inputs[input]);
  };
  SECTION("softmax output scale other than 1/256") {
    tflite::Model m = int8;
    m.tensors[static_cast<std::size_t>(m.operators[6].outputs[0])].quantization.scale = {1.0f /
                                                                                         255};
    REQUIRE_THROWS_WITH(Interpreter(m), Catch::StartsWith("interpreter: operator 6 (SOFTMAX)") &&
                                            Catch::Contains("got 0.003921569 "));
  }
  SECTION("a bias without quantization") {
    tflite::Model m = int8;
    m.tensors[tensor_of(m, 2, 2)].quantization = {};
    REQUIRE_THROWS_WITH(Interpreter(m), Catch::StartsWith("interpreter: operator 2 (CONV_2D)") &&
                                            Catch::Contains("bias has no quantization parameters"));
  }
  SECTION("a dense layer whose weights do not match the flattened input") {
    tflite::Model m = lab_model(LabGraph::kFloat, f.weights);
    // Weights [10, 1014]: 2028 inputs read as two rows of 1014, so 20 outputs, not the 10 of [1,
    // 10].
    tflite::TensorDef& w = m.tensors[tensor_of(m, 4, 1)];
    w.shape = {10, 1014};
    m.buffers[w.buffer].resize(10 * 1014 * sizeof(float));
    REQUIRE_THROWS_WITH(Interpreter(m),
                        Catch::StartsWith("interpreter: operator 4 (FULLY_CONNECTED)") &&
                            Catch::Contains("output shape must be [2, 10]"));
  }
  SECTION("mismatched conv output shape") {
    tflite::Model m = lab_model(LabGraph::kFloat, f.weights);
    m.tensors[static_cast<std::size_t>(m.operators[1].outputs[0])].shape = {1, 28, 28, 12};
    REQUIRE_THROWS_WITH(Interpreter(m), Catch::StartsWith("interpreter: operator 1 (CONV_2D)") &&
                                            Catch::Contains("[1, 26, 26, 12]"));
  }
  SECTION("float16 weights used without a DEQUANTIZE") {
    tflite::Model m = lab_model(LabGraph::kFloat16, f.weights);
    // operators: 0 RESHAPE, 1-4 DEQUANTIZE, 5 CONV_2D: feed the conv the float16 tensor itself
    m.operators[5].inputs[1] = m.operators[1].inputs[0];
    REQUIRE_THROWS_WITH(Interpreter(m), Catch::StartsWith("interpreter: operator 5 (CONV_2D)") &&
                                            Catch::Contains("weights FLOAT16"));
  }
  SECTION("an unsupported activation type") {
    tflite::Model m = lab_model(LabGraph::kFloat, f.weights);
    m.tensors[static_cast<std::size_t>(m.operators[1].outputs[0])].type = TensorType::kInt32;
    REQUIRE_THROWS_WITH(Interpreter(m), Catch::StartsWith("interpreter: operator 1 (CONV_2D)") &&
                                            Catch::Contains("INT32"));
  }
  SECTION("operators out of execution order") {
    tflite::Model m = lab_model(LabGraph::kFloat, f.weights);
    std::swap(m.operators[1], m.operators[2]);
    REQUIRE_THROWS_WITH(Interpreter(m),
                        Catch::StartsWith("interpreter: operator 1 (MAX_POOL_2D)") &&
                            Catch::Contains("read before any operator writes it"));
  }
  SECTION("a constant buffer of the wrong size") {
    tflite::Model m = lab_model(LabGraph::kFloat, f.weights);
    m.buffers[m.tensors[tensor_of(m, 1, 1)].buffer].resize(100);
    REQUIRE_THROWS_WITH(Interpreter(m),
                        Catch::Contains("holds 100 bytes") && Catch::Contains("needs 432"));
  }
  SECTION("a tensor index out of range (the reader's and writer's index checks)") {
    tflite::Model m = lab_model(LabGraph::kFloat, f.weights);
    m.operators[2].inputs[0] = static_cast<int>(m.tensors.size());
    REQUIRE_THROWS_WITH(Interpreter(m), Catch::StartsWith("interpreter: operator 2 (") &&
                                            Catch::Contains("input 0 is tensor") &&
                                            Catch::Contains("out of range"));
    m = lab_model(LabGraph::kFloat, f.weights);
    m.outputs[0] = -2;
    REQUIRE_THROWS_WITH(Interpreter(m),
                        Catch::Contains("interpreter: subgraph output 0 is tensor -2"));
  }
  SECTION("a shape past the tensor byte cap") {
    tflite::Model m = lab_model(LabGraph::kFloat, f.weights);
    m.tensors[static_cast<std::size_t>(m.operators[1].outputs[0])].shape = {1, 1 << 14, 1 << 14, 1};
    REQUIRE_THROWS_WITH(
        Interpreter(m),
        Catch::StartsWith("interpreter: ") &&
            Catch::Contains("needs more than " + std::to_string(budget::kMaxTensorBytes)));
  }
  SECTION("a graph output no operator computes") {
    tflite::Model m = lab_model(LabGraph::kFloat, f.weights);
    m.operators.pop_back();
    REQUIRE_THROWS_WITH(Interpreter(m),
                        Catch::Contains("graph output") && Catch::Contains("never computed"));
  }
}
