// Int8ConvAccumulator — the integer core shared by the int8 and hybrid CONV_2D kernels: for one
// image of int8 codes, acc[i, j, f] = offset[f] + Σ_{kh,kw,c} x_q[i·sh + kh, j·sw + kw, c] · W_q[f,
// kh, kw, c] (padded taps read pad_value), exactly. Two exact ways, chosen at Prepare:
//   float lanes when taps · 128 · 127 < 2^24 (≤ 1032 taps, the lab's conv has 9): every
//   partial sum is then an integer below 2^24, so each float multiply and add is exact, and
//   float multiply-adds run at twice the rate of int32 multiplies;
//   int32 lanes otherwise.
// Both use the register blocking of conv2d_window.h on inputs widened once per image.
#pragma once

#include <cstdint>
#include <vector>

#include "core/runtime/kernel.h"
#include "core/runtime/window_geometry.h"

namespace qplab::runtime {

class Int8ConvAccumulator {
 public:
  // Largest window whose sums stay exact in float: 1032 · 128 · 127 < 2^24 ≤ 1033 · 128 · 127.
  static constexpr int kMaxExactFloatTaps = 1032;
  // Largest window whose raw sums Σ x_q·W_q (|x_q·W_q| ≤ 2^14) and x_zp·Σ W_q stay in int32.
  static constexpr int kMaxTaps = 1 << 15;

  Int8ConvAccumulator() = default;
  // weights: OHWI int8 codes; throws when the window exceeds kMaxTaps.
  QPLAB_COLD Int8ConvAccumulator(const ConvShape& shape, const std::vector<std::int8_t>& weights,
                                 std::int8_t pad_value);

  // image: [H, W, C] codes; offset: [F]; acc: [OH, OW, F].
  void run(const std::int8_t* image, const std::int32_t* offset, std::int32_t* acc);

 private:
  template <typename E>
  void accumulate(const E* image, const E* taps, const std::int32_t* offset,
                  std::int32_t* acc) const;

  ConvShape shape_;
  bool exact_float_ = true;
  std::vector<float> taps_float_, image_float_;  // [KH·KW·C, F] and one padded image
  std::vector<std::int32_t> taps_int_, image_int_;
};

}  // namespace qplab::runtime
