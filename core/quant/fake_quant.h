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

#include "core/nn/layer.h"
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

// The QAT state of one Conv2D or Dense: its fake-quantized weights and its output quantizer.
// The layer calls, in forward, weights() then output(); in backward, output_gradient().
class LayerFakeQuant {
 public:
  // weight_channels: the number of symmetric weight scales (filters for conv, 1 for dense).
  LayerFakeQuant(const FakeQuantOptions& options, int weight_channels);

  const float* weights(const Tensor& w);  // q→dq copy of w, valid until the next call
  const float* last_weights() const { return w_fq_.data(); }
  // kTrain: the moving average takes y's range first. Then y ← q→dq(y); the values before
  // quantization stay available. Before any range exists (kInfer on an untrained layer),
  // y passes unchanged.
  void output(Tensor& y, Mode mode);
  const Tensor& output_before_quant() const { return y_float_; }
  // dy zeroed where output_before_quant() fell outside the representable range.
  const Tensor& output_gradient(const Tensor& dy);

  bool has_range() const { return range_.initialized(); }
  Range range() const { return range_.range(); }
  QuantParams output_params() const;  // throws std::logic_error before any training batch

 private:
  int weight_channels_;
  MovingAverageRange range_;
  std::vector<float> w_fq_;
  Tensor y_float_, dy_masked_;
  bool quantized_ = false;  // whether the last output() quantized
  QuantParams params_;      // the params the last output() used
};

}  // namespace qplab
