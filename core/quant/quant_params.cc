// Choosing int8 quantization parameters; see the header.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/base/number_text.h"
#include "core/quant/quant_params.h"

namespace qplab {

QuantParams choose_asymmetric_int8(float min, float max) {
  if (!std::isfinite(min) || !std::isfinite(max) || min > max)
    throw std::invalid_argument("quantization range [" + number_text(min) + ", " +
                                number_text(max) + "] must be finite with min <= max");
  min = std::min(min, 0.0f);
  max = std::max(max, 0.0f);
  if (static_cast<double>(max) - static_cast<double>(min) < std::numeric_limits<double>::epsilon())
    return {kDegenerateScale, kInt8Min};
  const float scale = (max - min) / static_cast<float>(kInt8Max - kInt8Min);
  const float zero_point_from_min = static_cast<float>(kInt8Min) - min / scale;
  return {scale, round_and_clamp(zero_point_from_min, kInt8Min, kInt8Max)};
}

Range representable_range(QuantParams params) {
  return {static_cast<float>(kInt8Min - params.zero_point) * params.scale,
          static_cast<float>(kInt8Max - params.zero_point) * params.scale};
}

std::vector<float> symmetric_scales(const float* w, int channels, int per_channel) {
  if (channels <= 0 || per_channel <= 0)
    throw std::invalid_argument("symmetric_scales: channels (" + std::to_string(channels) +
                                ") and values per channel (" + std::to_string(per_channel) +
                                ") must be positive");
  std::vector<float> scales(static_cast<std::size_t>(channels));
  for (int c = 0; c < channels; ++c) {
    const float* slice = w + static_cast<std::size_t>(c) * static_cast<std::size_t>(per_channel);
    float max_abs = 0.0f;
    for (int i = 0; i < per_channel; ++i) max_abs = std::max(max_abs, std::abs(slice[i]));
    scales[static_cast<std::size_t>(c)] =
        max_abs > 0.0f ? max_abs / static_cast<float>(kWeightMax) : kDegenerateScale;
  }
  return scales;
}

void quantize_symmetric(const float* w, int channels, int per_channel,
                        const std::vector<float>& scales, std::int8_t* q) {
  if (channels <= 0 || per_channel <= 0 || scales.size() != static_cast<std::size_t>(channels))
    throw std::invalid_argument("quantize_symmetric: " + std::to_string(scales.size()) +
                                " scales for " + std::to_string(channels) + " channels of " +
                                std::to_string(per_channel));
  for (int c = 0; c < channels; ++c) {
    const float scale = scales[static_cast<std::size_t>(c)];
    const std::size_t start = static_cast<std::size_t>(c) * static_cast<std::size_t>(per_channel);
    for (std::size_t i = start; i < start + static_cast<std::size_t>(per_channel); ++i)
      q[i] = static_cast<std::int8_t>(round_and_clamp(w[i] / scale, -kWeightMax, kWeightMax));
  }
}

std::int32_t quantize_bias(float value, float scale) {
  constexpr double kLimit = std::numeric_limits<std::int32_t>::max();
  const double q = std::round(static_cast<double>(value / scale));
  if (!(q > -kLimit)) return static_cast<std::int32_t>(-kLimit);
  return static_cast<std::int32_t>(q < kLimit ? q : kLimit);
}

}  // namespace qplab

QPLAB_COLD_FILE_END
