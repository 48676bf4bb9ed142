// QUANTIZE and the symmetric row quantization of the hybrid kernels; see quantize.h.
#include "core/runtime/quantize.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/base/float_vectors.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

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
  for (std::size_t k = 0; k < n; ++k)
    q[k] = static_cast<std::int8_t>(round_and_clamp(x[k] * inverse, -limit, limit));
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
    fail("output must have the input's " + std::to_string(input.elements) + " elements, got " +
         describe(output));
}

void Quantize::run(int batch) {
  qplab::quantize(x_, static_cast<std::size_t>(batch) * elements_, params_, y_);
}

}  // namespace qplab::runtime
