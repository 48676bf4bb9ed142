// INT8 values as TFLite stores them (affine quantization):
//   real = scale · (q − zero_point),   q in [−128, 127]
// The one quantize/dequantize pair for the converter, fake quantization and the runtime.
#pragma once

#include <cstddef>
#include <cstdint>

namespace qplab {

constexpr int kInt8Min = -128;
constexpr int kInt8Max = 127;

// One per-tensor (or one channel's) affine quantization.
struct QuantParams {
  float scale = 1.0f;
  std::int32_t zero_point = 0;
};

// q = clamp(round(value / scale) + zero_point, −128, 127), rounding half away from zero as
// TFLite's AffineQuantize (std::round); values far outside the range (±inf included) saturate
// without the float → int overflow TFLite's cast would have there, and NaN maps to −128.
std::int8_t quantize(float value, QuantParams params);
void quantize(const float* values, std::size_t count, QuantParams params, std::int8_t* q);

// scale · (q − zero_point) in float: the same float as TFLite's double product rounded once,
// because (q − zero_point) · scale is exact in double.
float dequantize(std::int8_t q, QuantParams params);
void dequantize(const std::int8_t* q, std::size_t count, QuantParams params, float* values);

// clamp(round(v), low, high) for integral low, high, rounding half away from zero as
// std::round, without its libm call: clamp in float first (NaN fails both comparisons and
// lands on `low`), so the truncating conversion is safe; v − trunc(v) is exact, and doubling
// it (exact too) and truncating gives the ±1 step of a dropped fraction of at least one half.
// No comparison after the conversion, so loops over it vectorize.
inline std::int32_t round_and_clamp(float v, float low, float high) {
  v = v > low ? v : low;
  v = v < high ? v : high;
  const auto t = static_cast<std::int32_t>(v);
  return t + static_cast<std::int32_t>(2.0f * (v - static_cast<float>(t)));
}

}  // namespace qplab
