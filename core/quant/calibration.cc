// Calibration: forward passes layer by layer over evenly spaced training digits, one range
// observer per Conv2D / Dense output.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/data/batch.h"
#include "core/quant/calibration.h"

namespace qplab {

void validate(const CalibrationOptions& options) {
  if (options.samples < 1)
    throw std::invalid_argument("calibration: samples must be >= 1, got " +
                                std::to_string(options.samples));
  if (options.batch_size < 1)
    throw std::invalid_argument("calibration: batch_size must be >= 1, got " +
                                std::to_string(options.batch_size));
  validate(options.observer);
}

ActivationRanges propagate_ranges(const Sequential& model, Range input,
                                  const std::function<Range(std::size_t)>& weighted_range) {
  ActivationRanges ranges;
  ranges.input = input;
  Range current = input;
  const auto& layers = model.layers();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (layers[i]->weighted()) current = weighted_range(i);
    ranges.outputs.push_back(current);
  }
  return ranges;
}

std::vector<int> calibration_indices(int count, int samples) {
  const int n = std::min(count, samples);
  std::vector<int> indices(static_cast<std::size_t>(std::max(n, 0)));
  for (int i = 0; i < n; ++i)
    indices[static_cast<std::size_t>(i)] = static_cast<int>(std::int64_t{i} * count / n);
  return indices;
}

ActivationRanges calibrate(Sequential& model, const Dataset& data,
                           const CalibrationOptions& options) {
  validate(options);
  if (data.count < 1) throw std::invalid_argument("calibration: the data set is empty");
  if (model.sample_input_shape() != Shape{data.rows, data.cols})
    throw std::invalid_argument("calibration: the model expects samples " +
                                to_string(model.sample_input_shape()) + ", the data holds " +
                                to_string(Shape{data.rows, data.cols}));
  const auto& layers = model.layers();
  std::vector<RangeObserver> observers(layers.size(), RangeObserver(options.observer));
  std::vector<Tensor> outputs(layers.size());
  const std::vector<int> indices = calibration_indices(data.count, options.samples);
  Tensor x;
  std::vector<std::uint8_t> labels;
  for (std::size_t start = 0; start < indices.size();
       start += static_cast<std::size_t>(options.batch_size)) {
    const auto count = static_cast<int>(
        std::min(indices.size() - start, static_cast<std::size_t>(options.batch_size)));
    gather_batch(data, indices.data() + start, count, x, labels);
    const Tensor* in = &x;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      layers[i]->forward(*in, outputs[i], Mode::kInfer);
      in = &outputs[i];
      if (!layers[i]->weighted()) continue;
      try {
        observers[i].observe(outputs[i].data(), outputs[i].size());
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("calibration: layer " + std::to_string(i) + " (" +
                                    layers[i]->name() + ") output: " + e.what());
      }
    }
  }
  return propagate_ranges(model, kPixelRange, [&](std::size_t i) { return observers[i].range(); });
}

}  // namespace qplab

QPLAB_COLD_FILE_END
