// window_geometry: TFLite's output sizes and padding for VALID and SAME, and the shape checks
// of CONV_2D and MAX_POOL_2D.
#include "core/runtime/window_geometry.h"

#include <catch2/catch.hpp>

using namespace qplab;
using namespace qplab::runtime;

namespace {

RuntimeTensor tensor(std::vector<int> shape) {
  RuntimeTensor t;
  t.index = 0;
  t.shape = std::move(shape);
  t.elements = 1;
  for (int d : t.shape) t.elements *= static_cast<std::size_t>(d);
  return t;
}

}  // namespace

TEST_CASE("axis geometry follows TFLite's ComputeOutSize and padding", "[window_geometry]") {
  using tflite::Padding;
  const auto check = [](int in, int filter, int stride, Padding padding, int out, int before,
                        int after) {
    CAPTURE(in, filter, stride, static_cast<int>(padding));
    const AxisGeometry a = axis_geometry(in, filter, stride, padding);
    CHECK(a.out == out);
    CHECK(a.pad_before == before);
    CHECK(a.pad_after == after);
  };
  check(28, 3, 1, Padding::kValid, 26, 0, 0);  // the lab's conv
  check(26, 2, 2, Padding::kValid, 13, 0, 0);  // the lab's pool
  check(7, 2, 2, Padding::kValid, 3, 0, 0);    // the last row is dropped
  check(28, 3, 1, Padding::kSame, 28, 1, 1);
  check(7, 3, 2, Padding::kSame, 4, 1, 1);
  check(8, 3, 2, Padding::kSame, 4, 0, 1);  // odd total: the extra row goes after
  check(5, 4, 1, Padding::kSame, 5, 1, 2);
  check(2, 3, 1, Padding::kValid, 0, 0, 0);  // does not fit
}

TEST_CASE("conv and pool shapes are checked against the options", "[window_geometry][errors]") {
  tflite::OperatorDef op;
  op.op = tflite::BuiltinOperator::kConv2D;
  const RuntimeTensor x = tensor({1, 28, 28, 1}), w = tensor({12, 3, 3, 1}), b = tensor({12}),
                      y = tensor({1, 26, 26, 12});
  const ConvShape s = conv2d_shape(op, x, w, &b, y);
  CHECK(s.out_h == 26);
  CHECK(s.taps() == 9);
  CHECK_FALSE(s.padded());
  op.stride_h = 0;
  REQUIRE_THROWS_WITH(conv2d_shape(op, x, w, &b, y),
                      Catch::Contains("strides must be at least 1, got 0x1"));
  op.stride_h = 1;
  const RuntimeTensor bad_bias = tensor({11});
  REQUIRE_THROWS_WITH(conv2d_shape(op, x, w, &bad_bias, y),
                      Catch::Contains("bias shape must be [12]"));
  REQUIRE_THROWS_WITH(conv2d_shape(op, tensor({1, 28, 28}), w, &b, y),
                      Catch::Contains("input must have rank 4"));

  op.filter_h = op.filter_w = op.stride_h = op.stride_w = 2;
  const PoolShape p = pool2d_shape(op, y, tensor({1, 13, 13, 12}));
  CHECK(p.out_w == 13);
  REQUIRE_THROWS_WITH(pool2d_shape(op, y, tensor({1, 13, 13, 6})),
                      Catch::Contains("output shape must be [1, 13, 13, 12]"));
}
