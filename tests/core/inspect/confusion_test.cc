// Confusion matrices: a hand-counted case; every variant's matrix sums to the test count with
// its diagonal equal to accuracy × count, and matches the lab's own accuracy measure;
// disagreements and agreement.
#include "core/inspect/confusion.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/lab/measure.h"
#include "tests/core/inspect/inspect_models.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

Dataset labelled(const std::vector<std::uint8_t>& labels) {
  Dataset d;
  d.count = static_cast<int>(labels.size());
  d.labels = labels;
  return d;
}

}  // namespace

TEST_CASE("a hand-counted confusion matrix", "[confusion]") {
  const Dataset test = labelled({0, 0, 1, 2, 2, 2});
  const Confusion c = confusion_matrix({0, 1, 1, 2, 0, 2}, test, 3);
  CHECK(c.counts == std::vector<int>{1, 1, 0,  //
                                     0, 1, 0,  //
                                     1, 0, 2});
  CHECK(c.count == 6);
  CHECK(c.accuracy == Approx(4.0 / 6.0));
  CHECK(c.class_accuracy == std::vector<double>{0.5, 1.0, 2.0 / 3.0});
  const Confusion empty_class = confusion_matrix({0}, labelled({0}), 2);
  CHECK(std::isnan(empty_class.class_accuracy[1]));
  CHECK_THROWS_WITH(confusion_matrix({0, 3}, labelled({0, 1}), 3),
                    Catch::Contains("test digit 1 has label 1 and prediction 3"));
  CHECK_THROWS_WITH(confusion_matrix({0}, test, 3), Catch::Contains("1 predictions for 6"));
}

TEST_CASE("every variant's matrix sums to the test count, its diagonal to accuracy x count",
          "[confusion]") {
  const InspectModels& m = inspect_models();
  for (const auto* bytes : {&m.checkpoint, &m.float_tflite, &m.float16, &m.dynamic, &m.int8}) {
    const Confusion c = confusion_matrix(variant_predictions(*bytes, m.test), m.test, 10);
    int total = 0, diagonal = 0;
    for (int t = 0; t < 10; ++t)
      for (int p = 0; p < 10; ++p) {
        total += c.counts[static_cast<std::size_t>(t * 10 + p)];
        diagonal += t == p ? c.counts[static_cast<std::size_t>(t * 10 + p)] : 0;
      }
    CHECK(total == m.test.count);
    CHECK(diagonal == static_cast<int>(std::lround(c.accuracy * m.test.count)));
    CHECK(c.accuracy == measure_variant("v", *bytes, m.test).accuracy);
  }
}

TEST_CASE("disagreements list every digit predicted apart; agreement is their complement",
          "[confusion]") {
  const Dataset test = labelled({7, 1, 2, 3});
  const std::vector<Disagreement> d = disagreements({7, 1, 5, 3}, {7, 4, 2, 3}, test);
  REQUIRE(d.size() == 2);
  CHECK(d[0].index == 1);
  CHECK(d[0].label == 1);
  CHECK(d[0].variant == 1);
  CHECK(d[0].reference == 4);
  CHECK(d[1].index == 2);
  CHECK(d[1].variant == 5);
  CHECK(agreement({7, 1, 5, 3}, {7, 4, 2, 3}) == 0.5);
  CHECK(agreement({}, {}) == 0.0);
  CHECK_THROWS(agreement({1}, {}));
}
