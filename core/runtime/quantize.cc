// QUANTIZE and the symmetric row quantization of the hybrid kernels; see quantize.h.
#include "core/runtime/quantize.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/nn/float_vectors.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

namespace {

// clamp(round(v), low, high) for integral low, high, rounding half away from zero as
// std::round, without its libm call: clamp in float first (NaN fails both comparisons and
// lands on `low`), so the truncating conversion is safe; v − trunc(v) is exact, and doubling
// it (exact too) and truncating gives the ±1 step of a dropped fraction of at least one half.
// No comparison after the conversion, so the loops vectorize.
inline std::int32_t round_and_clamp(float v, float low, float high) {
  v = v > low ? v : low;
  v = v < high ? v : high;
  const auto t = static_cast<std::int32_t>(v);
  return t + static_cast<std::int32_t>(2.0f * (v - static_cast<float>(t)));
}

}  // namespace

void quantize_affine(const float* x, std::size_t n, AffineParams params, std::int8_t* q) {
  // round(x / scale) in [−128 − zp, 127 − zp] is exactly the range whose sum with zp fits int8.
  const auto low = static_cast<float>(-128 - params.zero_point);
  const auto high = static_cast<float>(127 - params.zero_point);
  for (std::size_t i = 0; i < n; ++i)
    q[i] = static_cast<std::int8_t>(round_and_clamp(x[i] / params.scale, low, high) + params.zero_point);
}

float quantize_symmetric(const float* x, std::size_t n, std::int8_t* q) {
  // max|x| = max(|min x|, |max x|), TFLite's range, with Float8 partial maxima (a float max
  // reduction does not vectorize without -ffast-math).
  Float8 top8{};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    Float8 v;
    std::memcpy(&v, x + i, sizeof v);  // not float_vectors.h's load: no vector return (-Wpsabi)
    v = v < Float8{} ? -v : v;
    top8 = top8 < v ? v : top8;
  }
  float range = 0.0f;
  for (int l = 0; l < 8; ++l) range = std::max(range, top8[l]);
  for (; i < n; ++i) range = std::max(range, std::fabs(x[i]));
  if (range == 0.0f) {
    if (n > 0) std::memset(q, 0, n);
    return 1.0f;
  }
  constexpr float kLevels = 127.0f;
  const float inverse = kLevels / range;
  // Every |x·inverse| ≤ range·inverse ≈ 127, so clamping to ±range·inverse changes no finite
  // value and rounding stays within ±127 (TFLite's clamp); it maps NaN to −127. (A literal
  // ±127 bound makes GCC 12 leave this loop scalar.)
  const float limit = range * inverse;
  for (std::size_t k = 0; k < n; ++k) q[k] = static_cast<std::int8_t>(round_and_clamp(x[k] * inverse, -limit, limit));
  return range / kLevels;
}

Quantize::Quantize(const RuntimeTensor& input, const RuntimeTensor& output)
    : elements_(input.elements), x_(input.f32()), y_(output.i8()) {
  expect_activation(input, "input");
  if (input.type == tflite::TensorType::kInt8)
    fail("int8 -> int8 requantization is not supported, got input " + describe(input));
  expect_type(input, tflite::TensorType::kFloat32, "input");
  params_ = int8_activation_params(output, "output");
  if (output.elements != input.elements)
    fail("output must have the input's " + std::to_string(input.elements) + " elements, got " + describe(output));
}

void Quantize::run(int batch) { quantize_affine(x_, static_cast<std::size_t>(batch) * elements_, params_, y_); }

}  // namespace qplab::runtime
