// Test support: plain reference implementations the kernels are checked against — written
// straight from the formulas (double accumulation for float; TFLite's reference integer
// path for int8, skipping out-of-image taps rather than padding), with no blocking, no
// precomputed offsets and no shared code with core/runtime apart from the fixed-point helpers.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/runtime/fixed_point.h"

namespace qplab::testing {

struct ConvParams {
  int n = 1, h = 1, w = 1, c = 1;  // input NHWC
  int filters = 1, kh = 1, kw = 1;
  int stride_h = 1, stride_w = 1;
  bool same = false;  // SAME padding, else VALID
  bool relu = false;

  int out_h() const {
    return same ? (h + stride_h - 1) / stride_h : (h - kh + stride_h) / stride_h;
  }
  int out_w() const {
    return same ? (w + stride_w - 1) / stride_w : (w - kw + stride_w) / stride_w;
  }
  int pad_top() const { return std::max(0, (out_h() - 1) * stride_h + kh - h) / 2; }
  int pad_left() const { return std::max(0, (out_w() - 1) * stride_w + kw - w) / 2; }
  std::size_t in_size() const { return static_cast<std::size_t>(n) * h * w * c; }
  std::size_t filter_size() const { return static_cast<std::size_t>(filters) * kh * kw * c; }
  std::size_t out_size() const { return static_cast<std::size_t>(n) * out_h() * out_w() * filters; }
};

// Calls visit(out_index, f, taps) where taps(tap) yields (input index or −1, filter index).
template <typename Visit>
void for_each_conv_output(const ConvParams& p, Visit visit) {
  std::size_t out = 0;
  for (int b = 0; b < p.n; ++b)
    for (int i = 0; i < p.out_h(); ++i)
      for (int j = 0; j < p.out_w(); ++j)
        for (int f = 0; f < p.filters; ++f, ++out) {
          std::vector<std::pair<long, std::size_t>> taps;
          for (int u = 0; u < p.kh; ++u)
            for (int v = 0; v < p.kw; ++v)
              for (int ch = 0; ch < p.c; ++ch) {
                const int y = i * p.stride_h + u - p.pad_top(),
                          x = j * p.stride_w + v - p.pad_left();
                const std::size_t wi =
                    ((static_cast<std::size_t>(f) * p.kh + u) * p.kw + v) * p.c + ch;
                const bool inside = y >= 0 && y < p.h && x >= 0 && x < p.w;
                taps.emplace_back(
                    inside ? static_cast<long>(
                                 ((static_cast<std::size_t>(b) * p.h + y) * p.w + x) * p.c + ch)
                           : -1L,
                    wi);
              }
          visit(out, f, taps);
        }
}

inline std::vector<double> conv2d_ref(const ConvParams& p, const std::vector<float>& x,
                                      const std::vector<float>& w, const std::vector<float>& bias) {
  std::vector<double> y(p.out_size());
  for_each_conv_output(p, [&](std::size_t out, int f, const auto& taps) {
    double acc = bias.empty() ? 0.0 : bias[static_cast<std::size_t>(f)];
    for (const auto& [xi, wi] : taps)
      if (xi >= 0) acc += static_cast<double>(x[static_cast<std::size_t>(xi)]) * w[wi];
    y[out] = p.relu ? std::max(acc, 0.0) : acc;
  });
  return y;
}

// TFLite's reference int8 requantization of one accumulator.
inline std::int8_t requantize_ref(std::int32_t acc, double real_multiplier, std::int32_t zero_point,
                                  bool relu) {
  const QuantizedMultiplier m = quantize_multiplier(real_multiplier);
  std::int32_t q = multiply_by_quantized_multiplier(acc, m.multiplier, m.shift) + zero_point;
  q = std::min(q, std::int32_t{127});
  q = std::max(q, relu ? std::max(zero_point, std::int32_t{-128}) : std::int32_t{-128});
  return static_cast<std::int8_t>(q);
}

struct Int8Conv {
  float x_scale, y_scale;
  std::int32_t x_zp, y_zp;
  std::vector<float> w_scales;  // one per filter
};

inline std::vector<std::int8_t> conv2d_int8_ref(const ConvParams& p, const Int8Conv& q,
                                                const std::vector<std::int8_t>& x,
                                                const std::vector<std::int8_t>& w,
                                                const std::vector<std::int32_t>& bias) {
  std::vector<std::int8_t> y(p.out_size());
  for_each_conv_output(p, [&](std::size_t out, int f, const auto& taps) {
    std::int32_t acc = bias.empty() ? 0 : bias[static_cast<std::size_t>(f)];
    for (const auto& [xi, wi] : taps)
      if (xi >= 0)
        acc += (std::int32_t{x[static_cast<std::size_t>(xi)]} - q.x_zp) * std::int32_t{w[wi]};
    const double m =
        static_cast<double>(q.x_scale) * q.w_scales[static_cast<std::size_t>(f)] / q.y_scale;
    y[out] = requantize_ref(acc, m, q.y_zp, p.relu);
  });
  return y;
}

inline std::vector<double> fully_connected_ref(int rows, int in, int out,
                                               const std::vector<float>& x,
                                               const std::vector<float>& w,
                                               const std::vector<float>& bias, bool relu) {
  std::vector<double> y(static_cast<std::size_t>(rows) * out);
  for (int r = 0; r < rows; ++r)
    for (int o = 0; o < out; ++o) {
      double acc = bias.empty() ? 0.0 : bias[static_cast<std::size_t>(o)];
      for (int k = 0; k < in; ++k)
        acc += static_cast<double>(x[static_cast<std::size_t>(r) * in + k]) *
               w[static_cast<std::size_t>(o) * in + k];
      y[static_cast<std::size_t>(r) * out + o] = relu ? std::max(acc, 0.0) : acc;
    }
  return y;
}

// Dequantized values of int8 codes.
inline std::vector<float> dequantize_ref(const std::vector<std::int8_t>& q, float scale,
                                         std::int32_t zp) {
  std::vector<float> out;
  for (std::int8_t v : q) out.push_back(scale * static_cast<float>(v - zp));
  return out;
}

// The float values whose QUANTIZE gives exactly `codes` (scale · (q − zp)).
inline std::vector<float> exact_inputs(const std::vector<std::int8_t>& codes, float scale,
                                       std::int32_t zp) {
  return dequantize_ref(codes, scale, zp);
}

// The int8 code of a dequantized output (exact: outputs are scale · (q − zp)).
inline std::vector<std::int32_t> codes_of(const std::vector<float>& values, float scale,
                                          std::int32_t zp) {
  std::vector<std::int32_t> out;
  for (float v : values) out.push_back(static_cast<std::int32_t>(std::lround(v / scale)) + zp);
  return out;
}

}  // namespace qplab::testing

namespace qplab::testing {

// TFLite's reference int8 fully connected: acc = Σ (x − x_zp)·w + bias, then requantize with
// M = x_scale·w_scale[o]/y_scale (per-tensor: the product x_scale·w_scale taken in float).
inline std::vector<std::int8_t> fully_connected_int8_ref(
    int rows, int in, int out, const Int8Conv& q, bool per_channel_weights,
    const std::vector<std::int8_t>& x, const std::vector<std::int8_t>& w,
    const std::vector<std::int32_t>& bias, bool relu) {
  std::vector<std::int8_t> y(static_cast<std::size_t>(rows) * out);
  for (int r = 0; r < rows; ++r)
    for (int o = 0; o < out; ++o) {
      std::int32_t acc = bias.empty() ? 0 : bias[static_cast<std::size_t>(o)];
      for (int k = 0; k < in; ++k)
        acc += (std::int32_t{x[static_cast<std::size_t>(r) * in + k]} - q.x_zp) *
               std::int32_t{w[static_cast<std::size_t>(o) * in + k]};
      const double m =
          per_channel_weights
              ? static_cast<double>(q.x_scale) * q.w_scales[static_cast<std::size_t>(o)] / q.y_scale
              : static_cast<double>(q.x_scale * q.w_scales[0]) / q.y_scale;
      y[static_cast<std::size_t>(r) * out + o] = requantize_ref(acc, m, q.y_zp, relu);
    }
  return y;
}

}  // namespace qplab::testing
