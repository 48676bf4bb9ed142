// Affine int8 quantize and dequantize; see affine_int8.h.
#include "core/format/affine_int8.h"

namespace qplab {

namespace {

// round(value / scale) in [−128 − zp, 127 − zp] is exactly what fits int8 once zp is added.
inline std::int8_t quantize_between(float value, QuantParams params, float low, float high) {
  return static_cast<std::int8_t>(round_and_clamp(value / params.scale, low, high) +
                                  params.zero_point);
}

float low_before_zero_point(QuantParams params) {
  return static_cast<float>(kInt8Min - params.zero_point);
}
float high_before_zero_point(QuantParams params) {
  return static_cast<float>(kInt8Max - params.zero_point);
}

}  // namespace

std::int8_t quantize(float value, QuantParams params) {
  return quantize_between(value, params, low_before_zero_point(params),
                          high_before_zero_point(params));
}

void quantize(const float* values, std::size_t count, QuantParams params, std::int8_t* q) {
  const float low = low_before_zero_point(params);
  const float high = high_before_zero_point(params);
  for (std::size_t i = 0; i < count; ++i) q[i] = quantize_between(values[i], params, low, high);
}

float dequantize(std::int8_t q, QuantParams params) {
  return params.scale * static_cast<float>(std::int32_t{q} - params.zero_point);
}

void dequantize(const std::int8_t* q, std::size_t count, QuantParams params, float* values) {
  for (std::size_t i = 0; i < count; ++i) values[i] = dequantize(q[i], params);
}

}  // namespace qplab
