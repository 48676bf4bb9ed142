// Conv2DFloat: a hand-checked forward, the double-precision reference over strides, SAME
// padding and filter counts that exercise every lane block, the Eigen reference on random
// shapes, and shape errors.
#include "core/runtime/conv2d_float.h"

#include <catch2/catch.hpp>

#include "core/base/rng.h"
#include "core/runtime/interpreter.h"
#include "tests/core/nn/eigen_reference.h"
#include "tests/core/runtime/model_builder.h"
#include "tests/core/runtime/reference_ops.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

tflite::Model conv_model(const ConvParams& p, const std::vector<float>& w,
                         const std::vector<float>& bias) {
  ModelBuilder b;
  const int x = b.tensor({1, p.h, p.w, p.c});
  const int wt = b.constant({p.filters, p.kh, p.kw, p.c}, w);
  const int bt = bias.empty() ? -1 : b.constant({p.filters}, bias);
  const int y = b.tensor({1, p.out_h(), p.out_w(), p.filters});
  tflite::OperatorDef& op = b.op(BuiltinOperator::kConv2D, {x, wt, bt}, {y});
  op.padding = p.same ? tflite::Padding::kSame : tflite::Padding::kValid;
  op.stride_h = p.stride_h;
  op.stride_w = p.stride_w;
  op.activation = p.relu ? tflite::FusedActivation::kRelu : tflite::FusedActivation::kNone;
  return b.finish(x, y);
}

std::vector<float> random_values(std::size_t n, Rng& rng, float low = -1.0f, float high = 1.0f) {
  std::vector<float> v(n);
  for (float& e : v) e = rng.uniform(low, high);
  return v;
}

}  // namespace

TEST_CASE("float conv matches a hand computation", "[conv2d_float]") {
  ConvParams p;
  p.h = p.w = 3;
  p.filters = 2;
  p.kh = p.kw = 2;
  p.relu = true;
  // filter 0 sums the window, filter 1 is its negation: ReLU zeroes it unless the bias lifts it
  Interpreter interpreter(conv_model(p, {1, 1, 1, 1, -1, -1, -1, -1}, {0.5f, 10.0f}));
  const std::vector<float> x = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<float> y(8);
  interpreter.run(x.data(), 1, y.data());
  // windows: {0,1,3,4}=8, {1,2,4,5}=12, {3,4,6,7}=20, {4,5,7,8}=24
  CHECK(y == std::vector<float>{8.5f, 2.0f, 12.5f, 0.0f, 20.5f, 0.0f, 24.5f, 0.0f});
}

TEST_CASE("float conv matches the reference over strides, padding and filter counts",
          "[conv2d_float]") {
  struct Case {
    int c, filters, k, h, w, stride;
    bool same, relu, bias;
  };
  const std::vector<Case> cases = {
      {1, 12, 3, 28, 28, 1, false, true, true},  // the lab's conv
      {1, 1, 3, 6, 7, 1, false, false, true},   {2, 4, 2, 5, 9, 2, false, true, true},
      {3, 13, 3, 7, 6, 1, true, false, true},   {2, 9, 3, 8, 8, 2, true, true, false},
      {1, 5, 1, 4, 4, 3, true, false, true},    {4, 8, 5, 9, 11, 2, true, true, true},
      {2, 3, 2, 3, 3, 1, false, false, false},  {1, 17, 4, 10, 5, 3, false, false, true},
  };
  std::uint64_t seed = 1;
  for (const Case& k : cases) {
    CAPTURE(k.c, k.filters, k.k, k.h, k.w, k.stride, k.same, k.relu, seed);
    Rng rng(seed++);
    ConvParams p;
    p.n = 3;
    p.h = k.h, p.w = k.w, p.c = k.c, p.filters = k.filters, p.kh = k.k, p.kw = k.k;
    p.stride_h = p.stride_w = k.stride, p.same = k.same, p.relu = k.relu;
    const std::vector<float> w = random_values(p.filter_size(), rng);
    const std::vector<float> bias =
        k.bias ? random_values(static_cast<std::size_t>(p.filters), rng) : std::vector<float>{};
    const std::vector<float> x = random_values(p.in_size(), rng);
    Interpreter interpreter(conv_model(p, w, bias), p.n);
    std::vector<float> y(p.out_size());
    interpreter.run(x.data(), p.n, y.data());
    const std::vector<double> expected = conv2d_ref(p, x, w, bias);
    for (std::size_t i = 0; i < y.size(); ++i) REQUIRE(y[i] == Approx(expected[i]).margin(1e-5));
  }
}

TEST_CASE("float conv matches the Eigen reference on random shapes", "[conv2d_float][eigen]") {
  Rng rng(2027);
  for (int trial = 0; trial < 40; ++trial) {
    ConvParams p;
    p.n = eigen::random_int(rng, 1, 3), p.c = eigen::random_int(rng, 1, 5);
    p.filters = eigen::random_int(rng, 1, 19);
    p.kh = eigen::random_int(rng, 1, 4), p.kw = eigen::random_int(rng, 1, 4);
    p.h = p.kh + eigen::random_int(rng, 0, 8), p.w = p.kw + eigen::random_int(rng, 0, 10);
    p.stride_h = eigen::random_int(rng, 1, 3), p.stride_w = eigen::random_int(rng, 1, 3);
    p.same = trial % 2 == 0, p.relu = trial % 3 == 0;
    const bool has_bias = trial % 4 != 0;
    CAPTURE(trial, p.n, p.h, p.w, p.c, p.filters, p.kh, p.kw, p.stride_h, p.stride_w, p.same,
            p.relu, has_bias);
    const std::vector<float> w = random_values(p.filter_size(), rng);
    const std::vector<float> bias =
        has_bias ? random_values(static_cast<std::size_t>(p.filters), rng) : std::vector<float>{};
    const std::vector<float> x = random_values(p.in_size(), rng);
    Interpreter interpreter(conv_model(p, w, bias), p.n);
    std::vector<float> y(p.out_size());
    interpreter.run(x.data(), p.n, y.data());

    const eigen::ConvGeometry g{p.n,         p.h,          p.w,        p.c,
                                p.kh,        p.kw,         p.stride_h, p.stride_w,
                                p.pad_top(), p.pad_left(), p.out_h(),  p.out_w()};
    const eigen::Matrix cols = eigen::im2col(x.data(), g),
                        kernel = eigen::as_matrix(w.data(), p.filters, g.taps());
    const eigen::Vector b =
        has_bias ? eigen::Vector(Eigen::Map<const eigen::Vector>(bias.data(), p.filters))
                 : eigen::Vector(eigen::Vector::Zero(p.filters));
    eigen::require_within_summation_error(
        y.data(), eigen::conv_forward(cols, kernel, b, p.relu),
        eigen::conv_forward(cols.cwiseAbs(), kernel.cwiseAbs(), b.cwiseAbs(), false), g.taps() + 1,
        "y");
  }
}

TEST_CASE("float conv rejects grouped filters and a wrong output shape", "[conv2d_float][errors]") {
  ConvParams p;
  p.h = p.w = 5;
  p.c = 2;
  p.filters = 3;
  p.kh = p.kw = 3;
  {
    ModelBuilder b;
    const int x = b.tensor({1, 5, 5, 2});
    const int w = b.constant({3, 3, 3, 1}, std::vector<float>(27, 0.1f));
    const int y = b.tensor({1, 3, 3, 3});
    b.op(BuiltinOperator::kConv2D, {x, w}, {y});
    REQUIRE_THROWS_WITH(Interpreter(b.finish(x, y)), Catch::Contains("operator 0 (CONV_2D)") &&
                                                         Catch::Contains("grouped convolution"));
  }
  {
    ModelBuilder b;
    const int x = b.tensor({1, 5, 5, 2});
    const int w = b.constant({3, 3, 3, 2}, std::vector<float>(54, 0.1f));
    const int y = b.tensor({1, 5, 5, 3});  // VALID gives 3x3
    b.op(BuiltinOperator::kConv2D, {x, w}, {y});
    REQUIRE_THROWS_WITH(Interpreter(b.finish(x, y)),
                        Catch::Contains("operator 0 (CONV_2D)") && Catch::Contains("[1, 3, 3, 3]"));
  }
}
