// Prepare-time checks shared by the kernels: tensor kinds, types and ranks; int8 activation
// and weight quantization as the TFLite quantization spec requires it; bias scales; activation
// clamps. Each failure throws std::runtime_error naming the tensor and the bad value (the
// interpreter prefixes the operator).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/format/tflite_model.h"
#include "core/runtime/fixed_point.h"
#include "core/runtime/int8_output.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

// TFLite's conv Prepare: |input_scale·weight_scale − bias_scale| ≤ 1e-6 · min of the two.
constexpr double kBiasScaleRelativeTolerance = 1e-6;
// Pooling and reshape keep their input's quantization; scales equal to this relative tolerance.
constexpr double kSameScaleRelativeTolerance = 1e-6;

[[noreturn]] void fail(const std::string& message);

void expect_type(const RuntimeTensor& tensor, tflite::TensorType type, const char* role);
void expect_rank(const RuntimeTensor& tensor, std::size_t rank, const char* role);
void expect_activation(const RuntimeTensor& tensor, const char* role);  // written at run time
void expect_constant(const RuntimeTensor& tensor, const char* role);    // data in the file

// An int8 activation: one scale > 0 (finite), one zero point in [−128, 127].
QuantParams int8_activation_params(const RuntimeTensor& tensor, const char* role);

// Symmetric int8 weights: one scale (per-tensor) or `channels` scales along quantized
// dimension 0 (per-channel), each > 0 and finite, every zero point 0. One scale per channel.
std::vector<float> int8_weight_scales(const RuntimeTensor& weights, int channels, const char* role);

// An int32 bias of an int8 conv or fully connected op: quantization present, zero points 0,
// one scale or one per channel, each within kBiasScaleRelativeTolerance of
// input_scale · weight_scale[c].
void check_int8_bias(const RuntimeTensor& bias, float input_scale,
                     const std::vector<float>& weight_scales);

// The two int8 tensors share scale and zero point (max-pool, reshape).
void expect_same_int8_params(const RuntimeTensor& input, const RuntimeTensor& output);

// NONE or RELU (the only fused activations the kernels implement).
void expect_supported_activation(tflite::FusedActivation activation);

// A float conv or fully connected op (float or hybrid): float32 input written at run time,
// float32 output, a constant filter or weight tensor, NONE or RELU.
void expect_float_interface(const RuntimeTensor& input, const RuntimeTensor& weights,
                            const RuntimeTensor& output, tflite::FusedActivation activation);

// Its float32 constant bias, or `count` zeros when the op has none.
std::vector<float> float_bias(const RuntimeTensor* bias, int count, const char* role);

// TFLite's CalculateActivationRangeQuantized: RELU clamps below at quantize(0) = zero_point.
Int8Range int8_activation_range(tflite::FusedActivation activation, const QuantParams& output);

// Q0.31 multiplier and shift of M_c = input_scale · weight_scale[c] / output_scale for each
// channel, in double as TFLite's PopulateConvolutionQuantizationParams computes it.
std::vector<QuantizedMultiplier> channel_multipliers(float input_scale,
                                                     const std::vector<float>& weight_scales,
                                                     float output_scale);

}  // namespace qplab::runtime
