// Quantization-aware training of a Sequential, as tfmot's quantize_model + fit: fake quant on
// every Conv2D (per-channel weights) and Dense (per-tensor weights) and on their outputs; the
// learned output ranges then feed to_int8_tflite in place of calibration.
// The input is not fake-quantized: with the fixed pixel range [0, 1] (scale 1/255) int8 holds
// every 8-bit pixel exactly, so the QUANTIZE at the file's input loses nothing.
#pragma once

#include "core/data/dataset.h"
#include "core/nn/adam.h"
#include "core/nn/sequential.h"
#include "core/nn/train.h"
#include "core/quant/calibration.h"
#include "core/quant/fake_quant.h"

namespace qplab {

// Turns QAT on for every Conv2D and Dense (restarting their range averages); throws
// std::invalid_argument naming the model when it has none.
void enable_qat(Sequential& model, const FakeQuantOptions& options = {});

// The ranges the int8 graph needs, from the moving averages: Conv2D / Dense outputs from
// their fake quantizers, Reshape / MaxPool2D / Flatten repeat their input's. Throws
// std::logic_error naming the layer when one has QAT off or has not seen a training batch.
ActivationRanges qat_ranges(const Sequential& model, Range input = kPixelRange);

struct QatOptions {
  FakeQuantOptions fake_quant;
  FitOptions fit;    // defaults: 1 epoch, batch 32, as the lab's training
  AdamOptions adam;  // a fresh Adam, as tfmot's example compiles the QAT model anew
  // Sparsity-preserving QAT (tfmot's prune-preserving scheme): every zero weight of the
  // baseline gets mask 0, so Adam keeps it 0 and, as fake quant maps 0 to 0, the int8 file too.
  bool preserve_sparsity = false;
};

// Clones `baseline` (checkpoint bytes round trip, pruning masks copied), enables QAT and
// fine-tunes the clone on `train`; the baseline is left untouched. `history`, if given,
// receives fit's history.
Sequential fine_tune_qat(Sequential& baseline, const Dataset& train, const QatOptions& options = {},
                         History* history = nullptr);

}  // namespace qplab
