// The inner loops of the fully connected kernels: Σ_k a[k]·b[k] over contiguous rows.
// dot_float keeps eight-lane partial sums (the order of the additions differs from a
// sequential sum; the rounding error stays O(n·ε), and no -ffast-math is needed to vectorize);
// dot_int8 is exact in int32 for n < 2^17 and left to the auto-vectorizer (pmaddwd, i32x4.dot).
#pragma once

#include <cstdint>

namespace qplab::runtime {

float dot_float(const float* a, const float* b, int n);
std::int32_t dot_int8(const std::int8_t* a, const std::int8_t* b, int n);

}  // namespace qplab::runtime
