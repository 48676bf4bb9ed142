// Conv2DFloat: direct convolution with register blocking (conv2d_window.h); see conv2d_float.h.
#include "core/runtime/conv2d_float.h"

#include "core/runtime/conv2d_window.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

Conv2DFloat::Conv2DFloat(const tflite::OperatorDef& op, const RuntimeTensor& input,
                         const RuntimeTensor& filter, const RuntimeTensor* bias,
                         const RuntimeTensor& output)
    : shape_(conv2d_shape(op, input, filter, bias, output)),
      relu_(op.activation == tflite::FusedActivation::kRelu),
      x_(input.f32()),
      y_(output.f32()) {
  expect_float_interface(input, filter, output, op.activation);
  expect_type(filter, tflite::TensorType::kFloat32, "filter");
  taps_ = to_taps<float>(constant_floats(filter), shape_.filters, shape_.taps());
  bias_ = float_bias(bias, shape_.filters, "bias");
  if (shape_.padded()) {
    padded_.resize(shape_.padded_image());
    fill_padding(shape_, 0.0f, padded_.data());
  }
}

void Conv2DFloat::run(int batch) {
  const int f = shape_.filters;
  const float* taps = taps_.data();
  const float* bias = bias_.data();
  const int images = batch * shape_.images;
  for (int n = 0; n < images; ++n) {
    const float* image = x_ + static_cast<std::size_t>(n) * shape_.in_image();
    if (shape_.padded()) {
      copy_into_padding(shape_, image, padded_.data());
      image = padded_.data();
    }
    float* out_image = y_ + static_cast<std::size_t>(n) * shape_.out_image();
    for_each_conv_block(
        shape_, image,
        [&](auto lanes, auto pixels, const ConvWindow<float>& win, int o, std::size_t out) {
          using V = FloatLanes<decltype(lanes)::value>;
          constexpr int P = decltype(pixels)::value;
          V acc[P];
          load_lanes(acc[0], bias + o);
          for (int p = 1; p < P; ++p) acc[p] = acc[0];
          accumulate_window<V, float, P>(win, taps, f, o, acc);
          for (int p = 0; p < P; ++p) {
            if (relu_) acc[p] = acc[p] < V{} ? V{} : acc[p];  // keeps NaN, as nn's relu
            store_lanes(out_image + out + static_cast<std::size_t>(p) * f + o, acc[p]);
          }
        });
  }
}

}  // namespace qplab::runtime
