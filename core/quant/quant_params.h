// Choosing affine int8 quantization parameters (core/format/affine_int8.h) as the TFLite
// quantization spec defines them:
// Activations: asymmetric per tensor, q in [−128, 127], the range always holds 0 exactly.
// Weights: symmetric (zero_point 0), q in [−127, 127], per tensor or per channel (axis 0).
// Bias: int32, zero_point 0, scale = input_scale · weight_scale[c].
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/format/affine_int8.h"

namespace qplab {

constexpr int kWeightMax = 127;  // narrow range: weights use [−127, 127]
// The scale of a constant-zero range or weight channel: any positive scale represents 0
// exactly, and 1 keeps bias_scale = input_scale · 1 large enough for int32 biases.
constexpr float kDegenerateScale = 1.0f;

struct Range {
  float min = 0.0f, max = 0.0f;
};

// As TFLite's converter (quantization_utils GetAsymmetricQuantizationParams): the range is
// first extended to include 0; scale = (max − min) / 255; zero_point = round(−128 − min/scale),
// clamped into [−128, 127]. A range that collapses to [0, 0] gets {kDegenerateScale, −128}
// (as MLIR's getNudgedScaleAndZeroPoint), not TF's invalid scale 0. Throws
// std::invalid_argument on a non-finite bound or min > max.
QuantParams choose_asymmetric_int8(float min, float max);
inline QuantParams choose_asymmetric_int8(Range range) {
  return choose_asymmetric_int8(range.min, range.max);
}

// The reals an int8 tensor with these params can hold: [(−128 − zp)·scale, (127 − zp)·scale].
Range representable_range(QuantParams params);

// Symmetric weight scales over `channels` consecutive slices of `per_channel` values each
// (axis 0 of an OHWI conv kernel or an [O, I] dense kernel; channels = 1: per tensor):
// scale_c = max|w_c| / 127, kDegenerateScale for an all-zero slice. Throws on bad sizes.
std::vector<float> symmetric_scales(const float* w, int channels, int per_channel);

// q = clamp(round(w / scale_c), −127, 127) with the scales above; 0 maps to exactly 0.
void quantize_symmetric(const float* w, int channels, int per_channel,
                        const std::vector<float>& scales, std::int8_t* q);

// round(value / scale) clamped to [−(2³¹ − 1), 2³¹ − 1], as TFLite's bias quantization.
std::int32_t quantize_bias(float value, float scale);

}  // namespace qplab
