// Float8 / Float4 — eight or four floats as one GCC/Clang vector: AVX and SSE registers
// natively, SIMD128 registers in WebAssembly. For the few hot loops the auto-vectorizer leaves
// scalar (small accumulator blocks carried across a reduction). Unaligned access via memcpy.
#pragma once

#include <cstring>
#include <type_traits>

namespace qplab {

typedef float Float8 __attribute__((vector_size(32)));
typedef float Float4 __attribute__((vector_size(16)));

template <typename V>
V load(const float* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <typename V>
void store(float* p, V v) {
  std::memcpy(p, &v, sizeof v);
}

// s − 0 (unlike s + 0) is exact for every s, −0 included, so the compiler folds the
// subtraction away and leaves a plain broadcast.
template <typename V>
V broadcast(float s) {
  return s - V{};
}

// max(v, 0) that keeps NaN, so a diverging model is still caught by its loss.
template <typename V>
V relu(V v) {
  return v < V{} ? V{} : v;
}

// Calls block8(i), block4(i), block1(i) over [0, n) in the widest pieces that fit: the
// vector blocks cover all but the last n mod 4 elements.
template <typename Block8, typename Block4, typename Block1>
void for_each_lane_block(int n, Block8 block8, Block4 block4, Block1 block1) {
  int i = 0;
  for (; i + 8 <= n; i += 8) block8(i);
  for (; i + 4 <= n; i += 4) block4(i);
  for (; i < n; ++i) block1(i);
}

// Calls block(std::integral_constant<int, B>{}, i) over [0, n) in blocks of B, then
// block(std::integral_constant<int, 1>{}, i) for the rest: register tiles (of rows, pixels or
// taps) whose size is a compile-time constant.
template <int B, typename Block>
void for_each_block(int n, Block block) {
  int i = 0;
  for (; i + B <= n; i += B) block(std::integral_constant<int, B>{}, i);
  for (; i < n; ++i) block(std::integral_constant<int, 1>{}, i);
}

}  // namespace qplab
