// Output sizes and padding of the windowed ops (CONV_2D, MAX_POOL_2D) as TFLite computes them
// (kernel_util ComputeOutSize / ComputePaddingWithOffset, dilation 1):
//   VALID: out = (in + stride − filter) / stride           SAME: out = (in + stride − 1) / stride
//   total padding = max(0, (out − 1)·stride + filter − in), before = total / 2, after = the rest.
#pragma once

#include <cstddef>

#include "core/format/tflite_model.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

struct AxisGeometry {
  int in = 0, filter = 0, stride = 1, out = 0, pad_before = 0, pad_after = 0;
};

AxisGeometry axis_geometry(int in, int filter, int stride, tflite::Padding padding);

// CONV_2D over NHWC images: input [N, H, W, C], filter [F, KH, KW, C] (OHWI), output [N, OH, OW,
// F].
struct ConvShape {
  int images = 0;  // per sample: the input's leading dimension
  int in_h = 0, in_w = 0, in_c = 0;
  int kernel_h = 0, kernel_w = 0, filters = 0;
  int stride_h = 1, stride_w = 1;
  int pad_top = 0, pad_left = 0;
  int padded_h = 0, padded_w = 0;  // the image the windows read: the input plus its padding
  int out_h = 0, out_w = 0;

  bool padded() const { return padded_h != in_h || padded_w != in_w; }
  int taps() const { return kernel_h * kernel_w * in_c; }  // inputs under one window
  std::size_t in_image() const { return static_cast<std::size_t>(in_h) * in_w * in_c; }
  std::size_t padded_image() const { return static_cast<std::size_t>(padded_h) * padded_w * in_c; }
  std::size_t out_image() const { return static_cast<std::size_t>(out_h) * out_w * filters; }
};

// Checks CONV_2D's shapes against its options (rank 4, channels, bias [F], strides ≥ 1, the
// output shape the options imply) and returns the geometry. Throws naming the bad value.
ConvShape conv2d_shape(const tflite::OperatorDef& op, const RuntimeTensor& input,
                       const RuntimeTensor& filter, const RuntimeTensor* bias,
                       const RuntimeTensor& output);

// MAX_POOL_2D over NHWC images: input [N, H, W, C], output [N, OH, OW, C]. Padded positions
// never win (TFLite clips the window to the image).
struct PoolShape {
  int images = 0, in_h = 0, in_w = 0, channels = 0;
  int filter_h = 1, filter_w = 1, stride_h = 1, stride_w = 1;
  int pad_top = 0, pad_left = 0;
  int out_h = 0, out_w = 0;
};

PoolShape pool2d_shape(const tflite::OperatorDef& op, const RuntimeTensor& input,
                       const RuntimeTensor& output);

}  // namespace qplab::runtime
