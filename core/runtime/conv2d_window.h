// The direct-convolution loop of the float CONV_2D kernel and of the int8 window sums behind
// the hybrid and int8 kernels (int8_conv_accumulator.h): the blocking of core/nn/conv2d.cc,
// generalized to strides and to int32 lanes. The kernel is
// stored as taps [KH·KW·C, F], so the F filters of one tap are contiguous; a block of P
// neighbouring output pixels × one lane-block of filters accumulates in registers,
//   acc[p][o..o+L) += x[window_p + t] · taps[t][o..o+L)   for the KH·KW·C taps t,
// each weight vector loaded once per tap and reused by the P pixels. The inputs are read in
// place: kernel row ki of pixel p starts at in + ki·row_stride + p·pixel_stride, and its KW·C
// inputs are contiguous in NHWC. The caller's block functor sets the accumulators' start
// value and writes the output (the epilogue differs per arithmetic).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "core/base/float_vectors.h"
#include "core/runtime/window_geometry.h"

namespace qplab::runtime {

typedef std::int32_t Int32x8 __attribute__((vector_size(32)));
typedef std::int32_t Int32x4 __attribute__((vector_size(16)));

// The accumulator type of L lanes: L = 8, 4 or 1 (a plain scalar for the leftover filters).
template <int L>
using FloatLanes = std::conditional_t<L == 8, Float8, std::conditional_t<L == 4, Float4, float>>;
template <int L>
using Int32Lanes =
    std::conditional_t<L == 8, Int32x8, std::conditional_t<L == 4, Int32x4, std::int32_t>>;

template <int N>
using Lanes = std::integral_constant<int, N>;
template <int N>
using Pixels = std::integral_constant<int, N>;

// Unaligned load and store of L lanes of element type E (memcpy: no alignment or aliasing
// assumptions; compiles to one vector move). Vectors travel by reference: a 32-byte vector
// passed or returned by value draws GCC's -Wpsabi note in builds without AVX.
template <typename V, typename E>
inline void load_lanes(V& v, const E* p) {
  std::memcpy(&v, p, sizeof v);
}

template <typename V, typename E>
inline void store_lanes(E* p, const V& v) {
  std::memcpy(p, &v, sizeof v);
}

template <typename In>
struct ConvWindow {
  const In* in;              // first input of the first pixel's window
  std::size_t row_stride;    // W·C: from one image row to the next
  std::size_t pixel_stride;  // stride_w·C: from one pixel's window to the next
  int kernel_h;
  int run;  // KW·C contiguous inputs per kernel row
};

// acc[p] += Σ_t x[p, t] · taps[t][o..o+L). E is V's element type (float or int32), and the
// inputs are E too (int8 images are widened once per image, so each tap is a broadcast load).
template <typename V, typename E, int P, typename In>
inline void accumulate_window(const ConvWindow<In>& win, const E* taps, int filters, int o,
                              V (&acc)[P]) {
  for (int ki = 0; ki < win.kernel_h; ++ki) {
    const In* row = win.in + static_cast<std::size_t>(ki) * win.row_stride;
    const E* tap = taps + static_cast<std::size_t>(ki) * win.run * filters + o;
    for (int t = 0; t < win.run; ++t, tap += filters) {
      V weights;
      load_lanes(weights, tap);
      for (int p = 0; p < P; ++p)
        acc[p] += static_cast<E>(row[static_cast<std::size_t>(p) * win.pixel_stride + t]) * weights;
    }
  }
}

constexpr int kPixelBlock = 4;

// Calls block(Lanes<L>{}, Pixels<P>{}, window, o, out) over one image: every output pixel and
// every filter exactly once, with `out` the offset of the block's first pixel in the output
// image ([OH, OW, F]) and o its first filter. `image` is the (padded) input the windows read.
template <typename In, typename Block>
void for_each_conv_block(const ConvShape& s, const In* image, Block&& block) {
  const std::size_t row_stride = static_cast<std::size_t>(s.padded_w) * s.in_c;
  // size_t: a file's stride may be up to 2^31 − 1, and stride_w·C would overflow an int.
  const std::size_t pixel_stride = static_cast<std::size_t>(s.stride_w) * s.in_c;
  for (int i = 0; i < s.out_h; ++i) {
    const In* row = image + static_cast<std::size_t>(i) * s.stride_h * row_stride;
    const std::size_t row_out = static_cast<std::size_t>(i) * s.out_w * s.filters;
    for_each_block<kPixelBlock>(s.out_w, [&](auto pixels, int j) {  // pixels: a Pixels<P>
      const ConvWindow<In> win{row + static_cast<std::size_t>(j) * pixel_stride, row_stride,
                               pixel_stride, s.kernel_h, s.kernel_w * s.in_c};
      const std::size_t out = row_out + static_cast<std::size_t>(j) * s.filters;
      for_each_lane_block(
          s.filters, [&](int o) { block(Lanes<8>{}, pixels, win, o, out); },
          [&](int o) { block(Lanes<4>{}, pixels, win, o, out); },
          [&](int o) { block(Lanes<1>{}, pixels, win, o, out); });
    });
  }
}

// SAME padding: the kernels run the windows over a [padded_h, padded_w, C] copy of each image
// whose border holds pad_value (0, or the int8 input's zero point, so padded taps add
// nothing, as TFLite's reference kernels skip them). The border is written once at Prepare
// (fill_padding); copy_into_padding replaces only the interior per image.
template <typename T>
void fill_padding(const ConvShape& s, T pad_value, T* padded) {
  std::fill(padded, padded + s.padded_image(), pad_value);
}

// Copies (and widens: int8 → float or int32) one image into the interior of its padded buffer.
template <typename From, typename To>
void copy_into_padding(const ConvShape& s, const From* image, To* padded) {
  const std::size_t run = static_cast<std::size_t>(s.in_w) * s.in_c;
  for (int r = 0; r < s.in_h; ++r) {
    const From* __restrict in = image + static_cast<std::size_t>(r) * run;
    To* __restrict out =
        padded + (static_cast<std::size_t>(r + s.pad_top) * s.padded_w + s.pad_left) * s.in_c;
    for (std::size_t i = 0; i < run; ++i) out[i] = in[i];
  }
}

// The kernel [F, KH, KW, C] (OHWI) as taps [KH·KW·C, F], converted to the accumulator type.
template <typename E, typename W>
std::vector<E> to_taps(const std::vector<W>& ohwi, int filters, int taps) {
  std::vector<E> out(static_cast<std::size_t>(filters) * static_cast<std::size_t>(taps));
  for (int o = 0; o < filters; ++o)
    for (int t = 0; t < taps; ++t)
      out[static_cast<std::size_t>(t) * filters + o] =
          static_cast<E>(ohwi[static_cast<std::size_t>(o) * taps + t]);
  return out;
}

}  // namespace qplab::runtime
