// Fake quantization and its straight-through estimator; see the header.
#include "core/quant/fake_quant.h"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/base/number_text.h"

namespace qplab {

void validate(const FakeQuantOptions& options) {
  if (!(options.ema_decay >= 0.0f && options.ema_decay < 1.0f))
    throw std::invalid_argument("fake quant: ema_decay must be in [0, 1), got " +
                                number_text(options.ema_decay));
}

void fake_quant_weights(const float* w, int channels, int per_channel, float* w_fq) {
  // The converter's own quantize_symmetric, so QAT sees exactly the int8 weights of the file.
  const std::vector<float> scales = symmetric_scales(w, channels, per_channel);
  const auto n = static_cast<std::size_t>(per_channel);
  std::vector<std::int8_t> w_q(scales.size() * n);
  quantize_symmetric(w, channels, per_channel, scales, w_q.data());
  for (std::size_t i = 0; i < w_q.size(); ++i) w_fq[i] = dequantize(w_q[i], {scales[i / n], 0});
}

void MovingAverageRange::update(Range batch) {
  batch.min = std::min(batch.min, 0.0f);
  batch.max = std::max(batch.max, 0.0f);
  if (!initialized_) {
    range_ = batch;
    initialized_ = true;
    return;
  }
  range_.min = range_.min * decay_ + batch.min * (1.0f - decay_);
  range_.max = range_.max * decay_ + batch.max * (1.0f - decay_);
}

LayerFakeQuant::LayerFakeQuant(const FakeQuantOptions& options, int weight_channels)
    : weight_channels_(weight_channels), range_(options.ema_decay) {
  validate(options);
  if (weight_channels < 1)
    throw std::invalid_argument("fake quant: weight_channels must be >= 1, got " +
                                std::to_string(weight_channels));
}

const float* LayerFakeQuant::effective_kernel(const Tensor& w) {
  w_fq_.resize(w.size());
  fake_quant_weights(w.data(), weight_channels_, static_cast<int>(w.size()) / weight_channels_,
                     w_fq_.data());
  return w_fq_.data();
}

const Tensor& LayerFakeQuant::transform_output(Tensor& y, Mode mode) {
  y_float_ = y;
  if (mode == Mode::kTrain && y.size() > 0) {
    const auto [low, high] = std::minmax_element(y.values().begin(), y.values().end());
    range_.update({*low, *high});
  }
  quantized_ = range_.initialized();
  if (!quantized_) return y_float_;
  params_ = choose_asymmetric_int8(range_.range());
  for (float& v : y.values()) v = dequantize(quantize(v, params_), params_);
  return y_float_;
}

const Tensor& LayerFakeQuant::output_gradient(const Tensor& dy) {
  if (!quantized_) return dy;
  const Range inside = representable_range(params_);
  dy_masked_.resize(dy.shape());
  const float* y = y_float_.data();
  for (std::size_t i = 0; i < dy.size(); ++i)
    dy_masked_[i] = y[i] >= inside.min && y[i] <= inside.max ? dy[i] : 0.0f;
  return dy_masked_;
}

QuantParams LayerFakeQuant::output_params() const {
  if (!range_.initialized())
    throw std::logic_error("fake quant: no output range yet (no training batch has run)");
  return choose_asymmetric_int8(range_.range());
}

void enable_fake_quant(WeightedLayer& layer, const FakeQuantOptions& options) {
  const int channels = layer.kind() == LayerKind::kConv2D ? layer.kernel().dim(0) : 1;
  layer.set_weight_transform(std::make_unique<LayerFakeQuant>(options, channels));
}

const LayerFakeQuant* fake_quant_of(const Layer& layer) {
  const WeightedLayer* weighted = layer.weighted();
  return weighted ? dynamic_cast<const LayerFakeQuant*>(weighted->weight_transform()) : nullptr;
}

}  // namespace qplab
