// Batching: pixels scaled by 1/255 in index order, labels alongside.
#include "core/data/batch.h"

#include <catch2/catch.hpp>

using namespace qplab;

TEST_CASE("gather_batch scales pixels and follows the indices", "[batch]") {
  Dataset data;
  data.count = 3, data.rows = 1, data.cols = 2;
  data.images = {0, 255, 51, 102, 10, 20};
  data.labels = {7, 8, 9};
  Tensor x;
  std::vector<std::uint8_t> labels;
  const int indices[] = {2, 0};
  gather_batch(data, indices, 2, x, labels);
  REQUIRE(x.shape() == Shape{2, 1, 2});
  CHECK(x[0] == Approx(10 / 255.0f));
  CHECK(x[1] == Approx(20 / 255.0f));
  CHECK(x[2] == 0.0f);
  CHECK(x[3] == 1.0f);
  CHECK(labels == std::vector<std::uint8_t>{9, 7});
}
