// Int8ConvAccumulator: exact int8 × int8 window sums in float or int32 lanes; see
// int8_conv_accumulator.h.
#include "core/runtime/int8_conv_accumulator.h"

#include <type_traits>

#include "core/runtime/conv2d_window.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

Int8ConvAccumulator::Int8ConvAccumulator(const ConvShape& shape,
                                         const std::vector<std::int8_t>& weights,
                                         std::int8_t pad_value)
    : shape_(shape), exact_float_(shape.taps() <= kMaxExactFloatTaps) {
  if (shape.taps() > kMaxTaps)
    fail("window of " + std::to_string(shape.taps()) +
         " taps could overflow the int32 accumulator (max " + std::to_string(kMaxTaps) + ")");
  if (exact_float_) {
    taps_float_ = to_taps<float>(weights, shape.filters, shape.taps());
    image_float_.assign(shape.padded_image(), static_cast<float>(pad_value));
  } else {
    taps_int_ = to_taps<std::int32_t>(weights, shape.filters, shape.taps());
    image_int_.assign(shape.padded_image(), pad_value);
  }
}

template <typename E>
void Int8ConvAccumulator::accumulate(const E* image, const E* taps, const std::int32_t* offset,
                                     std::int32_t* acc) const {
  const int f = shape_.filters;
  for_each_conv_block(
      shape_, image,
      [&](auto lanes, auto pixels, const ConvWindow<E>& win, int o, std::size_t out) {
        constexpr int L = decltype(lanes)::value;
        constexpr int P = decltype(pixels)::value;
        using V = std::conditional_t<std::is_same_v<E, float>, FloatLanes<L>, Int32Lanes<L>>;
        using I = Int32Lanes<L>;
        V sums[P];
        for (int p = 0; p < P; ++p) sums[p] = V{};
        accumulate_window<V, E, P>(win, taps, f, o, sums);
        I start;
        load_lanes(start, offset + o);
        for (int p = 0; p < P; ++p) {
          I sum;  // exact integers: the float → int32 conversion loses nothing
          if constexpr (L == 1)
            sum = static_cast<std::int32_t>(sums[p]);
          else
            sum = __builtin_convertvector(sums[p], I);
          store_lanes(acc + out + static_cast<std::size_t>(p) * f + o, start + sum);
        }
      });
}

void Int8ConvAccumulator::run(const std::int8_t* image, const std::int32_t* offset,
                              std::int32_t* acc) {
  if (exact_float_) {
    float* __restrict widened = image_float_.data();
    if (shape_.padded()) {
      copy_into_padding(shape_, image, widened);
    } else {
      for (std::size_t i = 0, n = shape_.in_image(); i < n; ++i) widened[i] = image[i];
    }
    accumulate<float>(widened, taps_float_.data(), offset, acc);
  } else {
    std::int32_t* __restrict widened = image_int_.data();
    if (shape_.padded()) {
      copy_into_padding(shape_, image, widened);
    } else {
      for (std::size_t i = 0, n = shape_.in_image(); i < n; ++i) widened[i] = image[i];
    }
    accumulate<std::int32_t>(widened, taps_int_.data(), offset, acc);
  }
}

}  // namespace qplab::runtime
