// The model checks the reader, the writer and the interpreter share: a tensor's bounds (type,
// rank, dims, the byte cap of core/base/budgets.h, buffer index and size), tensor indices
// (optional inputs only as -1), names quoted safely. find_problem's refusals, each named, are
// tested through the writer (tflite_writer_test.cc) and the reader (tflite_reader_test.cc).
#include "core/format/tflite_checks.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/base/budgets.h"
#include "tests/core/format/model_fixtures.h"

using namespace qplab;
using namespace qplab::tflite;
using namespace qplab::tflite::testing;

namespace {

// input [1, 4] → FULLY_CONNECTED (weights [2, 4], no bias) → output [1, 2]
Model dense_model() {
  Model model;
  const int x = add_tensor(model, "x", {1, 4});
  const int w =
      add_tensor(model, "w", {2, 4}, TensorType::kFloat32, bytes_of(std::vector<float>(8, 0.5f)));
  const int y = add_tensor(model, "y", {1, 2});
  model.operators.push_back(make_op(BuiltinOperator::kFullyConnected, 1, {x, w}, y));
  model.inputs = {x};
  model.outputs = {y};
  return model;
}

}  // namespace

TEST_CASE("a well-formed model passes every check", "[tflite_checks]") {
  const Model model = dense_model();
  CHECK(find_problem(model).empty());
  CHECK(indices_problem(model).empty());
  for (const TensorDef& tensor : model.tensors) CHECK(tensor_bounds_problem(model, tensor).empty());
}

TEST_CASE("tensor_bounds_problem names what is out of bounds", "[tflite_checks]") {
  Model model = dense_model();
  TensorDef& w = model.tensors[1];
  SECTION("an unknown type") {
    w.type = static_cast<TensorType>(8);
    CHECK(tensor_bounds_problem(model, w) == "type 8 is not supported");
  }
  SECTION("a rank above the budget") {
    w.shape.assign(budget::kMaxRank + 1, 1);
    CHECK(tensor_bounds_problem(model, w) == "rank " + std::to_string(budget::kMaxRank + 1) +
                                                 " exceeds " + std::to_string(budget::kMaxRank));
  }
  SECTION("a negative dimension") {
    w.shape = {2, -4};
    CHECK(tensor_bounds_problem(model, w) == "shape [2,-4] has a negative dimension");
  }
  SECTION("more bytes than the tensor cap, before the product can wrap") {
    w.shape = {1 << 30, 1 << 30, 1 << 30};
    CHECK(tensor_bounds_problem(model, w) ==
          "shape [1073741824,1073741824,1073741824] of FLOAT32 needs more than " +
              std::to_string(budget::kMaxTensorBytes) + " bytes");
  }
  SECTION("a buffer index out of range") {
    w.buffer = 7;
    CHECK(tensor_bounds_problem(model, w) == "buffer index 7 out of range (2 buffers)");
  }
  SECTION("constant data of the wrong size") {
    w.shape = {2, 5};
    CHECK(tensor_bounds_problem(model, w) ==
          "buffer 1 holds 32 bytes, shape [2,5] of FLOAT32 needs 40");
  }
  CHECK(find_problem(model) == "tensor 1 'w': " + tensor_bounds_problem(model, w));
}

TEST_CASE("indices_problem names a tensor index out of range", "[tflite_checks]") {
  Model model = dense_model();
  SECTION("a graph input") {
    model.inputs = {3};
    CHECK(indices_problem(model) == "subgraph input 0 is tensor 3, out of range (3 tensors)");
  }
  SECTION("an operator output") {
    model.operators[0].outputs = {-1};
    CHECK(indices_problem(model) ==
          "operator 0 (FULLY_CONNECTED): output 0 is tensor -1, out of range (3 tensors)");
  }
  SECTION("-1 for a required input") {
    model.operators[0].inputs = {0, -1};
    CHECK(indices_problem(model) ==
          "operator 0 (FULLY_CONNECTED): input 1 is tensor -1, out of range (3 tensors)");
  }
  SECTION("-1 for the optional bias is no problem") {
    model.operators[0].inputs = {0, 1, -1};
    CHECK(indices_problem(model).empty());
  }
}

TEST_CASE("quoted_name escapes bytes outside printable ASCII and truncates", "[tflite_checks]") {
  CHECK(quoted_name("conv/w") == "'conv/w'");
  CHECK(quoted_name(std::string("a\nb\\c\x01", 6)) == "'a\\x0Ab\\x5Cc\\x01'");
  CHECK(quoted_name(std::string(70, 'x')) == "'" + std::string(64, 'x') + "...'");
  CHECK(operator_label(2, BuiltinOperator::kConv2D) == "operator 2 (CONV_2D)");
}
