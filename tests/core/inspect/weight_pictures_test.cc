// Weights for pictures: histogram bins plus zeros count every weight, int8 levels count the
// non-zero ones, pruned zeros are counted apart, and the kernel values come in OHWI order.
#include "core/inspect/weight_pictures.h"

#include <catch2/catch.hpp>
#include <numeric>

#include "tests/core/inspect/inspect_models.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

int sum(const std::vector<int>& counts) { return std::accumulate(counts.begin(), counts.end(), 0); }

}  // namespace

TEST_CASE("int8 kernels: float and variant histograms and levels count every weight",
          "[weight_pictures]") {
  const InspectModels& m = inspect_models();
  const std::vector<WeightTensor> variant = weight_tensors(parse_variant(m.int8));
  const std::vector<WeightTensor> reference = weight_tensors(parse_variant(m.float_tflite));
  const WeightPictures p = weight_pictures(variant, &reference, 32);
  REQUIRE(p.histograms.size() == 2);
  REQUIRE(p.kernels.size() == 2);
  const int sizes[] = {108, 20280};
  for (std::size_t k = 0; k < 2; ++k) {
    const WeightHistogram& h = p.histograms[k];
    CAPTURE(h.op);
    CHECK(h.variant_counts.size() == 32);
    CHECK(sum(h.variant_counts) + h.variant_zeros == sizes[k]);
    CHECK(sum(h.reference_counts) + h.reference_zeros == sizes[k]);
    CHECK(h.level_min == -128);
    CHECK(h.level_max == 127);
    CHECK(sum(h.level_counts) + h.variant_zeros == sizes[k]);
    CHECK(h.level_counts[128] == 0);  // level 0 is a zero, counted apart
    CHECK(h.low < 0.0);
    CHECK(h.high > 0.0);
    CHECK(p.kernels[k].values.size() == static_cast<std::size_t>(sizes[k]));
    CHECK(p.kernels[k].reference == reference[2 * k].values);
  }
  CHECK(p.kernels[0].shape == std::vector<int>{12, 3, 3, 1});
  CHECK(p.kernels[1].shape == std::vector<int>{10, 2028});
}

TEST_CASE("pruned zeros are counted apart from the bins", "[weight_pictures]") {
  WeightTensor t;
  t.op = "FULLY_CONNECTED";
  t.role = "weights";
  t.shape = {1, 6};
  t.values = {0.0f, 0.0f, 0.0f, -1.0f, 0.25f, 1.0f};
  const WeightPictures p = weight_pictures({t}, nullptr, 4);
  const WeightHistogram& h = p.histograms.at(0);
  CHECK(h.variant_zeros == 3);
  CHECK(h.low == -1.0);
  CHECK(h.high == 1.0);
  CHECK(h.variant_counts == std::vector<int>{1, 0, 1, 1});  // 1.0 falls in the last bin
  CHECK(h.reference_counts.empty());
  CHECK(h.level_counts.empty());
  CHECK(p.kernels.at(0).reference.empty());
  CHECK_THROWS_WITH(weight_pictures({t}, nullptr, 0), Catch::Contains("got 0"));
}
