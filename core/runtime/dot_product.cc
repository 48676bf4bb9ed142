// Float and int8 dot products; see dot_product.h.
#include "core/runtime/dot_product.h"

#include <cstring>

#include "core/base/float_vectors.h"

namespace qplab::runtime {

namespace {

// Vectors by reference (see conv2d_window.h: no -Wpsabi in builds without AVX).
inline void load8(Float8& v, const float* p) { std::memcpy(&v, p, sizeof v); }

}  // namespace

float dot_float(const float* a, const float* b, int n) {
  Float8 acc0{}, acc1{}, x, y;
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    load8(x, a + i), load8(y, b + i);
    acc0 += x * y;
    load8(x, a + i + 8), load8(y, b + i + 8);
    acc1 += x * y;
  }
  for (; i + 8 <= n; i += 8) {
    load8(x, a + i), load8(y, b + i);
    acc0 += x * y;
  }
  acc0 += acc1;
  float sum =
      ((acc0[0] + acc0[4]) + (acc0[1] + acc0[5])) + ((acc0[2] + acc0[6]) + (acc0[3] + acc0[7]));
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

std::int32_t dot_int8(const std::int8_t* a, const std::int8_t* b, int n) {
  std::int32_t sum = 0;
  for (int i = 0; i < n; ++i) sum += std::int32_t{a[i]} * std::int32_t{b[i]};
  return sum;
}

}  // namespace qplab::runtime
