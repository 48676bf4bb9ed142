// Constant tensors for a layer's kernel and bias in each encoding the converters write:
// float32 (bit-identical), float16 (IEEE binary16, round to nearest even), int8 symmetric
// (zero_point 0, [−127, 127], per channel on axis 0 or per tensor) and int32 bias
// (zero_point 0, scale = input_scale · weight_scale[c]). Bytes are little-endian, as .tflite.
#pragma once

#include <string>
#include <vector>

#include "core/base/tensor.h"
#include "core/quant/graph_builder.h"

namespace qplab {

int add_float32_constant(GraphBuilder& graph, std::string name, const Tensor& values);

// Throws std::invalid_argument naming the value when one overflows float16 (|v| ≥ 65520):
// an infinite weight would make a file that loads and silently computes garbage.
int add_float16_constant(GraphBuilder& graph, std::string name, const Tensor& values);

// channels = values.dim(0): per channel (quantized_dimension 0); channels = 1: per tensor.
int add_int8_symmetric_constant(GraphBuilder& graph, std::string name, const Tensor& values,
                                int channels);

// weight_scales: one (per-tensor weights) or one per bias element (per-channel weights).
int add_int32_bias_constant(GraphBuilder& graph, std::string name, const Tensor& bias,
                            float input_scale, const std::vector<float>& weight_scales);

}  // namespace qplab
