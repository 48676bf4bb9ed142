// op_resolver: arity and unsupported type combinations are rejected with the types named.
#include "core/runtime/op_resolver.h"

#include <catch2/catch.hpp>

#include "core/runtime/interpreter.h"
#include "tests/core/runtime/model_builder.h"

using namespace qplab;
using namespace qplab::testing;

TEST_CASE("the resolver rejects unsupported type combinations and arities",
          "[op_resolver][errors]") {
  {
    ModelBuilder b;  // int8 input with float weights: no such kernel
    const int x = b.tensor({1, 4}, TensorType::kInt8, per_tensor(0.1f, 0));
    const int w = b.constant({2, 4}, std::vector<float>(8, 0.5f));
    const int y = b.tensor({1, 2}, TensorType::kInt8, per_tensor(0.1f, 0));
    b.op(BuiltinOperator::kFullyConnected, {x, w}, {y});
    REQUIRE_THROWS_WITH(Interpreter(b.finish(x, y)),
                        Catch::Contains("operator 0 (FULLY_CONNECTED)") &&
                            Catch::Contains("input INT8, weights FLOAT32"));
  }
  {
    ModelBuilder b;
    const int x = b.tensor({1, 4});
    const int y = b.tensor({1, 4});
    b.op(BuiltinOperator::kSoftmax, {x, x}, {y});
    REQUIRE_THROWS_WITH(
        Interpreter(b.finish(x, y)),
        Catch::Contains("operator 0 (SOFTMAX)") && Catch::Contains("expected 1 inputs, got 2"));
  }
  {
    ModelBuilder b;
    const int x = b.tensor({1, 4});
    const int y = b.tensor({1, 2});
    b.op(BuiltinOperator::kFullyConnected, {x}, {y});
    REQUIRE_THROWS_WITH(Interpreter(b.finish(x, y)),
                        Catch::Contains("expected 2 to 3 inputs, got 1"));
  }
  {
    ModelBuilder b;
    const int x = b.tensor({1, 4});
    const int y = b.tensor({1, 4});
    b.op(static_cast<BuiltinOperator>(99), {x}, {y});
    REQUIRE_THROWS_WITH(Interpreter(b.finish(x, y)),
                        Catch::Contains("unsupported operator code 99"));
  }
}
