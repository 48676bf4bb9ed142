// Tensor: shapes, resize keeping storage.
#include "core/base/tensor.h"

#include <catch2/catch.hpp>

using namespace qplab;

TEST_CASE("tensor shapes count elements and print", "[tensor]") {
  Tensor t({2, 3, 4}, 1.5f);
  CHECK(t.size() == 24);
  CHECK(t[23] == 1.5f);
  CHECK(to_string(t.shape()) == "[2, 3, 4]");
  REQUIRE_THROWS_WITH(Tensor({2, -1}), Catch::Contains("negative dimension"));
}

TEST_CASE("tensor resize keeps its allocation when shrinking", "[tensor]") {
  Tensor t({4, 8});
  const float* before = t.data();
  t.resize({2, 8});
  CHECK(t.data() == before);
  CHECK(t.shape() == Shape{2, 8});
  CHECK(t.size() == 16);
}
