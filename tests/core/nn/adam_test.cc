// Adam: the first two steps against values computed by hand from Keras's formulas.
#include "core/nn/adam.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace qplab;

TEST_CASE("adam steps match hand-computed Keras values", "[adam]") {
  float w[2] = {1.0f, -2.0f}, g[2] = {0.5f, 0.0f}, mask[2] = {1.0f, 1.0f};
  Adam adam({{"w", {2}, w, g, mask}});
  adam.step();
  // t=1: m = 0.05, v = 0.00025, α = 1e-3·√0.001/0.1
  const double alpha1 = 1e-3 * std::sqrt(1 - 0.999) / (1 - 0.9);
  const double w1 = 1.0 - alpha1 * 0.05 / (std::sqrt(0.00025) + 1e-7);
  CHECK(w[0] == Approx(w1).epsilon(1e-6));
  CHECK(w[1] == -2.0f);  // zero gradient: no move
  g[0] = -1.0f;
  adam.step();
  const double m2 = 0.9 * 0.05 + 0.1 * -1.0, v2 = 0.999 * 0.00025 + 0.001 * 1.0;
  const double alpha2 = 1e-3 * std::sqrt(1 - 0.999 * 0.999) / (1 - 0.9 * 0.9);
  CHECK(w[0] == Approx(w1 - alpha2 * m2 / (std::sqrt(v2) + 1e-7)).epsilon(1e-6));
  CHECK(adam.iterations() == 2);
}

TEST_CASE("adam keeps masked weights at zero", "[adam]") {
  float w[3] = {0.0f, 0.3f, 0.0f}, g[3] = {1.0f, 1.0f, -1.0f}, mask[3] = {0.0f, 1.0f, 0.0f};
  Adam adam({{"w", {3}, w, g, mask}});
  for (int i = 0; i < 5; ++i) adam.step();
  CHECK(w[0] == 0.0f);
  CHECK(w[2] == 0.0f);
  CHECK(w[1] < 0.3f);
}

TEST_CASE("adam rejects bad options", "[adam][errors]") {
  float w = 0, g = 0;
  AdamOptions options;
  options.learning_rate = -1.0f;
  REQUIRE_THROWS_WITH(Adam({{"w", {1}, &w, &g, nullptr}}, options),
                      Catch::Contains("adam: need a finite learning_rate > 0"));
}
