// Fake quantization for quantization-aware training, as tfmot's default 8-bit scheme:
//   weights: symmetric int8 [−127, 127] (conv per output channel, dense per tensor), scales
//            from the current values (LastValueQuantizer); backward: straight through.
//   outputs: asymmetric int8 over a moving-average [min, max] (MovingAverageQuantizer: EMA
//            decay 0.999 of each training batch's range extended to 0; updated in kTrain only,
//            before the batch is quantized); backward: dy where the pre-quantization value lay
//            inside the representable range, 0 outside (the STE of FakeQuantWithMinMaxVars).
// Forward is q→dq with the converter's own QuantParams, so a QAT layer computes what the int8
// file will. The moving average starts from the first training batch (tfmot starts at
// [−6, 6], which decay 0.999 would take thousands of steps to forget).
#pragma once

#include <cstddef>
#include <vector>

#include "core/nn/weighted_layer.h"
#include "core/quant/quant_params.h"

namespace qplab {

struct FakeQuantOptions {
  float ema_decay = 0.999f;  // in [0, 1): 0 keeps only the latest batch's range
};

void validate(const FakeQuantOptions& options);  // throws naming the bad option

// w_fq = dequantize(quantize_symmetric(w)) over `channels` slices of `per_channel` values.
void fake_quant_weights(const float* w, int channels, int per_channel, float* w_fq);

// An exponential moving average of batch ranges, each first extended to include 0.
class MovingAverageRange {
 public:
  explicit MovingAverageRange(float decay) : decay_(decay) {}
  void update(Range batch);  // the first update initializes
  bool initialized() const { return initialized_; }
  Range range() const { return range_; }

 private:
  float decay_;
  bool initialized_ = false;
  Range range_;
};

// The QAT state of one Conv2D or Dense, attached to it as its weight transform: its
// fake-quantized weights and its output quantizer.
class LayerFakeQuant final : public WeightTransform {
 public:
  // weight_channels: the number of symmetric weight scales (filters for conv, 1 for dense).
  LayerFakeQuant(const FakeQuantOptions& options, int weight_channels);

  const float* effective_kernel(const Tensor& w) override;  // q→dq copy of w
  // kTrain: the moving average takes y's range first. Then y ← q→dq(y); returns y as it was.
  // Before any range exists (kInfer on an untrained layer), y passes unchanged.
  const Tensor& transform_output(Tensor& y, Mode mode) override;
  // dy zeroed where the output before quantization fell outside the representable range.
  const Tensor& output_gradient(const Tensor& dy) override;

  bool has_range() const { return range_.initialized(); }
  Range range() const { return range_.range(); }
  QuantParams output_params() const;  // throws std::logic_error before any training batch

 private:
  int weight_channels_;
  MovingAverageRange range_;
  std::vector<float> w_fq_;
  Tensor y_float_, dy_masked_;
  bool quantized_ = false;  // whether the last transform_output() quantized
  QuantParams params_;      // the params the last transform_output() used
};

// Quantization-aware training of `layer` from now on (a fresh range average): per output
// channel for a Conv2D's kernel, per tensor for a Dense's, as the int8 converter quantizes them.
void enable_fake_quant(WeightedLayer& layer, const FakeQuantOptions& options);

// The layer's fake quantizer; null when it has no weights or QAT is off.
const LayerFakeQuant* fake_quant_of(const Layer& layer);

}  // namespace qplab
