// Conv2DHybrid: per-image symmetric quantization, exact window sums
// (int8_conv_accumulator.h), then the float scale-back per output pixel; see conv2d_hybrid.h.
#include "core/runtime/conv2d_hybrid.h"

#include "core/runtime/prepare_checks.h"
#include "core/runtime/quantize.h"

namespace qplab::runtime {

Conv2DHybrid::Conv2DHybrid(const tflite::OperatorDef& op, const RuntimeTensor& input,
                           const RuntimeTensor& filter, const RuntimeTensor* bias,
                           const RuntimeTensor& output)
    : shape_(conv2d_shape(op, input, filter, bias, output)),
      relu_(op.activation == tflite::FusedActivation::kRelu),
      x_(input.f32()),
      y_(output.f32()) {
  expect_float_interface(input, filter, output, op.activation);
  weight_scale_ = int8_weight_scales(filter, shape_.filters, "filter");
  accumulate_ = Int8ConvAccumulator(shape_, constant_int8(filter), 0);
  bias_ = float_bias(bias, shape_.filters, "bias (float32 in a hybrid conv)");
  zeros_.assign(static_cast<std::size_t>(shape_.filters), 0);
  image_q_.resize(shape_.in_image());
  acc_.resize(shape_.out_image());
}

void Conv2DHybrid::run(int batch) {
  const auto f = static_cast<std::size_t>(shape_.filters);
  const std::size_t in_size = shape_.in_image(), out_size = shape_.out_image();
  const float* __restrict weight_scale = weight_scale_.data();
  const float* __restrict bias = bias_.data();
  const std::int32_t* __restrict acc = acc_.data();
  const int images = batch * shape_.images;
  for (int n = 0; n < images; ++n) {
    const float input_scale =
        quantize_symmetric(x_ + static_cast<std::size_t>(n) * in_size, in_size, image_q_.data());
    accumulate_.run(image_q_.data(), zeros_.data(), acc_.data());
    float* __restrict y = y_ + static_cast<std::size_t>(n) * out_size;
    // TFLite's order: acc · s_w[f] · s_x + b[f], then the activation.
    for (std::size_t pixel = 0; pixel < out_size; pixel += f)
      for (std::size_t c = 0; c < f; ++c) {
        const float v =
            static_cast<float>(acc[pixel + c]) * weight_scale[c] * input_scale + bias[c];
        y[pixel + c] = relu_ && v < 0.0f ? 0.0f : v;
      }
  }
}

}  // namespace qplab::runtime
