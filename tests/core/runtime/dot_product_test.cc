// dot_product: float against double accumulation, int8 exactly, over lengths that exercise
// the vector blocks and the tail.
#include "core/runtime/dot_product.h"

#include <catch2/catch.hpp>

#include "core/base/rng.h"

using namespace qplab;

TEST_CASE("float and int8 dot products match exact sums", "[dot_product]") {
  Rng rng(77);
  for (int n : {0, 1, 7, 8, 15, 16, 17, 31, 100, 2028}) {
    CAPTURE(n);
    std::vector<float> a(static_cast<std::size_t>(n)), b(static_cast<std::size_t>(n));
    std::vector<std::int8_t> qa(static_cast<std::size_t>(n)), qb(static_cast<std::size_t>(n));
    double exact = 0.0;
    std::int64_t exact_q = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      a[i] = rng.uniform(-1.0f, 1.0f);
      b[i] = rng.uniform(-1.0f, 1.0f);
      exact += static_cast<double>(a[i]) * b[i];
      qa[i] = static_cast<std::int8_t>(static_cast<int>(rng.below(256)) - 128);
      qb[i] = static_cast<std::int8_t>(static_cast<int>(rng.below(256)) - 128);
      exact_q += qa[i] * qb[i];
    }
    CHECK(runtime::dot_float(a.data(), b.data(), n) == Approx(exact).margin(1e-5));
    CHECK(runtime::dot_int8(qa.data(), qb.data(), n) == exact_q);
  }
  // The extreme int8 products: −128 · −128 = 16384, 2028 of them.
  const std::vector<std::int8_t> low(2028, -128);
  CHECK(runtime::dot_int8(low.data(), low.data(), 2028) == 2028 * 16384);
}
