// Window geometry of CONV_2D and MAX_POOL_2D; see window_geometry.h.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <cstdint>

#include "core/runtime/prepare_checks.h"
#include "core/runtime/window_geometry.h"

namespace qplab::runtime {

AxisGeometry axis_geometry(int in, int filter, int stride, tflite::Padding padding) {
  // In 64 bits: the sizes come from a file, and a hostile stride must not overflow.
  const std::int64_t i = in, f = filter, s = stride;
  const std::int64_t out = padding == tflite::Padding::kSame ? (i + s - 1) / s : (i + s - f) / s;
  const std::int64_t total = std::max<std::int64_t>(0, (out - 1) * s + f - i);
  AxisGeometry axis{in, filter, stride, static_cast<int>(out), static_cast<int>(total / 2), 0};
  axis.pad_after = static_cast<int>(total - total / 2);
  return axis;
}

namespace {

void check_window_options(const tflite::OperatorDef& op, int filter_h, int filter_w) {
  if (op.stride_h < 1 || op.stride_w < 1)
    fail("strides must be at least 1, got " + std::to_string(op.stride_h) + "x" +
         std::to_string(op.stride_w));
  if (op.padding != tflite::Padding::kSame && op.padding != tflite::Padding::kValid)
    fail("unknown padding " + std::to_string(static_cast<int>(op.padding)));
  if (filter_h < 1 || filter_w < 1)
    fail("window must be at least 1x1, got " + std::to_string(filter_h) + "x" +
         std::to_string(filter_w));
}

void check_positive_dims(const RuntimeTensor& tensor, const char* role) {
  for (int d : tensor.shape)
    if (d < 1) fail(std::string(role) + " dimensions must be positive, got " + describe(tensor));
}

void expect_output_shape(const RuntimeTensor& output, const std::vector<int>& expected) {
  if (output.shape != expected)
    fail("output shape must be " + shape_string(expected) + " for these options, got " +
         describe(output));
}

}  // namespace

ConvShape conv2d_shape(const tflite::OperatorDef& op, const RuntimeTensor& input,
                       const RuntimeTensor& filter, const RuntimeTensor* bias,
                       const RuntimeTensor& output) {
  expect_rank(input, 4, "input");
  expect_rank(filter, 4, "filter");
  expect_rank(output, 4, "output");
  check_positive_dims(input, "input");
  check_positive_dims(filter, "filter");
  const int filters = filter.shape[0];
  if (filter.shape[3] != input.shape[3])
    fail("filter input channels must equal the input's " + std::to_string(input.shape[3]) +
         " (grouped convolution is not supported), got " + describe(filter));
  if (bias && bias->shape != std::vector<int>{filters})
    fail("bias shape must be [" + std::to_string(filters) + "], got " + describe(*bias));
  check_window_options(op, filter.shape[1], filter.shape[2]);
  const AxisGeometry rows = axis_geometry(input.shape[1], filter.shape[1], op.stride_h, op.padding);
  const AxisGeometry cols = axis_geometry(input.shape[2], filter.shape[2], op.stride_w, op.padding);
  if (rows.out < 1 || cols.out < 1)
    fail("filter " + std::to_string(filter.shape[1]) + "x" + std::to_string(filter.shape[2]) +
         " does not fit the input " + describe(input));
  expect_output_shape(output, {input.shape[0], rows.out, cols.out, filters});
  ConvShape s;
  s.images = input.shape[0];
  s.in_h = input.shape[1];
  s.in_w = input.shape[2];
  s.in_c = input.shape[3];
  s.kernel_h = filter.shape[1];
  s.kernel_w = filter.shape[2];
  s.filters = filters;
  s.stride_h = op.stride_h;
  s.stride_w = op.stride_w;
  s.pad_top = rows.pad_before;
  s.pad_left = cols.pad_before;
  s.padded_h = s.in_h + rows.pad_before + rows.pad_after;
  s.padded_w = s.in_w + cols.pad_before + cols.pad_after;
  s.out_h = rows.out;
  s.out_w = cols.out;
  return s;
}

PoolShape pool2d_shape(const tflite::OperatorDef& op, const RuntimeTensor& input,
                       const RuntimeTensor& output) {
  expect_rank(input, 4, "input");
  expect_rank(output, 4, "output");
  check_positive_dims(input, "input");
  check_window_options(op, op.filter_h, op.filter_w);
  const AxisGeometry rows = axis_geometry(input.shape[1], op.filter_h, op.stride_h, op.padding);
  const AxisGeometry cols = axis_geometry(input.shape[2], op.filter_w, op.stride_w, op.padding);
  if (rows.out < 1 || cols.out < 1)
    fail("pool window " + std::to_string(op.filter_h) + "x" + std::to_string(op.filter_w) +
         " does not fit the input " + describe(input));
  expect_output_shape(output, {input.shape[0], rows.out, cols.out, input.shape[3]});
  PoolShape s;
  s.images = input.shape[0];
  s.in_h = input.shape[1];
  s.in_w = input.shape[2];
  s.channels = input.shape[3];
  s.filter_h = op.filter_h;
  s.filter_w = op.filter_w;
  s.stride_h = op.stride_h;
  s.stride_w = op.stride_w;
  s.pad_top = rows.pad_before;
  s.pad_left = cols.pad_before;
  s.out_h = rows.out;
  s.out_w = cols.out;
  return s;
}

}  // namespace qplab::runtime

QPLAB_COLD_FILE_END
