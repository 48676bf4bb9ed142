// Converters from a trained Sequential (Reshape, Conv2D, MaxPool2D, Flatten, Dense) to the
// in-memory .tflite model of each variant (docs/design.md), op versions as TF's converter
// writes them (docs/tflite.md, "Operator versions"):
//   float        all float32; every op version 1.
//   ptq-dynamic  TF Optimize.DEFAULT without data: conv kernel int8 per channel (axis 0),
//                dense kernel int8 per tensor (TF's hybrid converter before 2024; what
//                TFLite Micro and NNAPI run), float scales, zero point 0; biases and
//                activations float32. Hybrid CONV_2D 5 (per channel), FULLY_CONNECTED 3.
//                Unlike TF, the 108-value conv kernel is quantized too (TF skips weights
//                under 1,024 values): the variant shows int8 weights everywhere.
//   ptq-float16  kernels and biases FLOAT16, each followed by DEQUANTIZE (version 3).
//   ptq-int8, qat-int8, pruned-int8, pruned-qat-int8
//                full integer: QUANTIZE → int8 ops → DEQUANTIZE (float input and output);
//                conv per-channel / dense per-tensor symmetric int8 weights, int32 biases,
//                activations from `ranges` (calibrate or qat_ranges), SOFTMAX (1/256, −128).
//                CONV_2D 3, FULLY_CONNECTED 4, MAX_POOL_2D 2, SOFTMAX 2, QUANTIZE 1,
//                DEQUANTIZE 2, RESHAPE 1. A zero weight is exactly 0 in the file.
// Each throws std::invalid_argument naming the variant and the layer when the model cannot
// be converted (no layers, non-finite or float16-overflowing weight, bad ranges).
#pragma once

#include "core/format/tflite_model.h"
#include "core/nn/sequential.h"
#include "core/quant/calibration.h"

namespace qplab {

tflite::Model to_float_tflite(const Sequential& model);
tflite::Model to_dynamic_range_tflite(const Sequential& model);
tflite::Model to_float16_tflite(const Sequential& model);
tflite::Model to_int8_tflite(const Sequential& model, const ActivationRanges& ranges);

}  // namespace qplab
