// Calibration for full-integer quantization: runs the float model over a sample of training
// digits and records the range of every activation tensor the int8 graph quantizes.
//   input:  fixed at [0, 1], the domain of the pixels (gather_batch divides by 255), not
//           observed: scale 1/255 and zero point −128 then hold every pixel k exactly (k − 128),
//           a drawn digit can never clip, and TF calibrating on these digits finds [0, 1] too.
//   Conv2D / Dense: their output (after the fused ReLU), observed by a RangeObserver.
//   Reshape / MaxPool2D / Flatten: their input's range (TFLite requires equal params there).
// The softmax output needs no range: int8 SOFTMAX is fixed at (1/256, −128).
#pragma once

#include <functional>
#include <vector>

#include "core/data/dataset.h"
#include "core/nn/sequential.h"
#include "core/quant/observer.h"
#include "core/quant/quant_params.h"

namespace qplab {

constexpr Range kPixelRange{0.0f, 1.0f};

struct ActivationRanges {
  Range input = kPixelRange;
  std::vector<Range> outputs;  // one per layer of the Sequential, in order
};

struct CalibrationOptions {
  int samples = 500;         // as the seed lab's representative dataset; capped at the data size
  int batch_size = 100;      // memory only: the ranges do not depend on it
  ObserverOptions observer;  // min/max by default, as TF's calibrator
};

void validate(const CalibrationOptions& options);  // throws naming the bad option

// Every layer's output range from the weighted layers' own (Layer::weighted()): a layer without
// weights repeats its input's range. weighted_range(i) is weighted layer i's output range.
ActivationRanges propagate_ranges(const Sequential& model, Range input,
                                  const std::function<Range(std::size_t)>& weighted_range);

// `samples` indices evenly spaced over [0, count): floor(i · count / samples). The digit files
// are sorted by label, so the first N would all be zeros; evenly spaced gives every digit its
// share (about 50 each of 500) with no seed to carry around. All indices when samples ≥ count.
std::vector<int> calibration_indices(int count, int samples);

// Throws std::invalid_argument when the data does not fit the model or is empty, and when an
// activation is not finite (naming the layer).
ActivationRanges calibrate(Sequential& model, const Dataset& data,
                           const CalibrationOptions& options = {});

}  // namespace qplab
