// Test support: small tflite::Models built by hand (builder-style harnesses, as XNNPACK's
// tests), the quantization helpers the tests need to make int8 tensors, and float16 rounding.
// Independent of core/quant's converters on purpose: the runtime tests compute their own
// inputs and references.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/format/tflite_model.h"

namespace qplab::testing {

using tflite::BuiltinOperator;
using tflite::TensorType;

// float → IEEE binary16, round to nearest even (finite inputs within the half range).
inline std::uint16_t float_to_half(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const std::uint16_t sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
  const float magnitude = std::fabs(value);
  if (magnitude < 6.103515625e-05f) {  // below 2^-14: a subnormal multiple of 2^-24
    const float units = std::nearbyint(magnitude * 16777216.0f);  // ties to even (default mode)
    return static_cast<std::uint16_t>(sign | static_cast<std::uint16_t>(units));
  }
  std::uint32_t m;
  std::memcpy(&m, &magnitude, sizeof m);
  const std::uint32_t exponent = (m >> 23) - 112;  // rebias 127 → 15
  std::uint32_t mantissa = m & 0x7fffffu;
  std::uint32_t half = (exponent << 10) | (mantissa >> 13);
  const std::uint32_t rest = mantissa & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (half & 1u)))
    ++half;  // carries into the exponent correctly
  return static_cast<std::uint16_t>(sign | half);
}

// The float a value becomes when stored as float16 and read back.
inline float half_round_trip(float value) {
  const std::uint16_t h = float_to_half(value);
  const int exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  const float magnitude = exponent ? std::ldexp(static_cast<float>(1024 + mantissa), exponent - 25)
                                   : std::ldexp(static_cast<float>(mantissa), -24);
  return (h & 0x8000) ? -magnitude : magnitude;
}

inline tflite::Quantization per_tensor(float scale, std::int64_t zero_point) {
  tflite::Quantization q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

inline tflite::Quantization per_channel(const std::vector<float>& scales, int dimension = 0) {
  tflite::Quantization q;
  q.scale = scales;
  q.zero_point.assign(scales.size(), 0);
  q.quantized_dimension = dimension;
  return q;
}

template <typename T>
std::vector<std::uint8_t> to_bytes(const std::vector<T>& values) {
  std::vector<std::uint8_t> bytes(values.size() * sizeof(T));
  if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

class ModelBuilder {
 public:
  // A run-time tensor (no data).
  int tensor(std::vector<int> shape, TensorType type = TensorType::kFloat32,
             tflite::Quantization q = {}) {
    return add(std::move(shape), type, std::move(q), {});
  }
  int constant(std::vector<int> shape, const std::vector<float>& values) {
    return add(std::move(shape), TensorType::kFloat32, {}, to_bytes(values));
  }
  int constant_f16(std::vector<int> shape, const std::vector<float>& values) {
    std::vector<std::uint16_t> halves;
    for (float v : values) halves.push_back(float_to_half(v));
    return add(std::move(shape), TensorType::kFloat16, {}, to_bytes(halves));
  }
  int constant_i8(std::vector<int> shape, const std::vector<std::int8_t>& values,
                  tflite::Quantization q) {
    return add(std::move(shape), TensorType::kInt8, std::move(q), to_bytes(values));
  }
  int constant_i32(std::vector<int> shape, const std::vector<std::int32_t>& values,
                   tflite::Quantization q = {}) {
    return add(std::move(shape), TensorType::kInt32, std::move(q), to_bytes(values));
  }

  tflite::OperatorDef& op(BuiltinOperator kind, std::vector<int> inputs, std::vector<int> outputs) {
    tflite::OperatorDef def;
    def.op = kind;
    def.inputs = std::move(inputs);
    def.outputs = std::move(outputs);
    model.operators.push_back(def);
    return model.operators.back();
  }

  tflite::Model finish(int input, int output) {
    model.inputs = {input};
    model.outputs = {output};
    return model;
  }

  tflite::Model model;

 private:
  int add(std::vector<int> shape, TensorType type, tflite::Quantization q,
          std::vector<std::uint8_t> bytes) {
    tflite::TensorDef def;
    def.name = "t" + std::to_string(model.tensors.size());
    def.shape = std::move(shape);
    def.type = type;
    def.quantization = std::move(q);
    if (!bytes.empty()) {
      def.buffer = static_cast<std::uint32_t>(model.buffers.size());
      model.buffers.push_back(std::move(bytes));
    }
    model.tensors.push_back(std::move(def));
    return static_cast<int>(model.tensors.size()) - 1;
  }
};

// Symmetric int8 weights: one scale per slice of `per_slice` values (per-channel along dim 0)
// or one for all (slices = 1): scale = max|w| / 127, q = round(w / scale).
struct SymmetricWeights {
  std::vector<std::int8_t> q;
  std::vector<float> scales;
};

inline SymmetricWeights quantize_weights(const std::vector<float>& w, int slices) {
  SymmetricWeights out;
  const std::size_t per_slice = w.size() / static_cast<std::size_t>(slices);
  for (int c = 0; c < slices; ++c) {
    float top = 0.0f;
    for (std::size_t k = 0; k < per_slice; ++k)
      top = std::max(top, std::fabs(w[c * per_slice + k]));
    const float scale = top > 0.0f ? top / 127.0f : 1.0f;
    out.scales.push_back(scale);
    for (std::size_t k = 0; k < per_slice; ++k)
      out.q.push_back(static_cast<std::int8_t>(std::lround(w[c * per_slice + k] / scale)));
  }
  return out;
}

inline std::vector<float> dequantize_weights(const SymmetricWeights& w) {
  std::vector<float> out(w.q.size());
  const std::size_t per_slice = w.q.size() / w.scales.size();
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = w.scales[i / per_slice] * static_cast<float>(w.q[i]);
  return out;
}

// An asymmetric int8 range covering [low, high] and 0 (TFLite's activation parameters).
struct Int8Params {
  float scale;
  std::int32_t zero_point;
};

inline Int8Params activation_params(float low, float high) {
  low = std::min(low, 0.0f);
  high = std::max(high, 0.0f);
  const float scale = high > low ? (high - low) / 255.0f : 1.0f;
  const long zp = std::lround(-128.0 - static_cast<double>(low) / scale);
  return {scale, static_cast<std::int32_t>(std::min(127L, std::max(-128L, zp)))};
}

}  // namespace qplab::testing
