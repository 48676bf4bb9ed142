// Dense: three small GEMMs (forward, dW, dx) as register tiles of Float8/Float4 vectors, so they
// run as SIMD in WebAssembly too (Eigen has no wasm SIMD path); see dense.h for the formulas.
#include "core/nn/dense.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/base/float_vectors.h"

namespace qplab {

namespace {

// Tiles of kRows output rows (forward, dW) or kSamples samples (dx): each has its own
// accumulators, so the adds of a reduction do not wait on each other, and each load of the
// shared operand feeds them all. 5 Float8 accumulators fill 10 of the 16 SIMD128 registers.
constexpr int kRows = 5, kSamples = 4;

template <typename V>
float sum_lanes(V v) {
  float s = 0.0f;
  for (std::size_t k = 0; k < sizeof v / sizeof(float); ++k) s += v[k];
  return s;
}

// y[r] = b[r] + x·W[r, :] for r < R (W rows of length `in`).
template <int R>
void forward_tile(const float* x, const float* w, int in, const float* b, float* y) {
  Float8 acc8[R] = {};
  Float4 acc4[R] = {};
  float acc1[R] = {};
  const auto row = [&](int r, int i) { return w + static_cast<std::size_t>(r) * in + i; };
  for_each_lane_block(
      in,
      [&](int i) {
        const Float8 v = load<Float8>(x + i);
        for (int r = 0; r < R; ++r) acc8[r] += v * load<Float8>(row(r, i));
      },
      [&](int i) {
        const Float4 v = load<Float4>(x + i);
        for (int r = 0; r < R; ++r) acc4[r] += v * load<Float4>(row(r, i));
      },
      [&](int i) {
        for (int r = 0; r < R; ++r) acc1[r] += x[i] * *row(r, i);
      });
  for (int r = 0; r < R; ++r) y[r] = b[r] + (sum_lanes(acc8[r]) + sum_lanes(acc4[r]) + acc1[r]);
}

// dW[o + r, i..] = Σₙ dy[n, o + r]·x[n, i..] for r < R, one block of inputs.
template <typename V, int R>
void kernel_gradient_tile(const float* dy, const float* x, int n, int out, int in, int o, int i,
                          float* dw) {
  V acc[R] = {};
  for (int s = 0; s < n; ++s) {
    const V v = load<V>(x + static_cast<std::size_t>(s) * in + i);
    for (int r = 0; r < R; ++r)
      acc[r] += broadcast<V>(dy[static_cast<std::size_t>(s) * out + o + r]) * v;
  }
  for (int r = 0; r < R; ++r) store(dw + static_cast<std::size_t>(o + r) * in + i, acc[r]);
}

// dx[s + k, i..] = Σₒ dy[s + k, o]·W[o, i..] for k < S, one block of inputs.
template <typename V, int S>
void input_gradient_tile(const float* dy, const float* w, int out, int in, int s, int i,
                         float* dx) {
  V acc[S] = {};
  for (int o = 0; o < out; ++o) {
    const V v = load<V>(w + static_cast<std::size_t>(o) * in + i);
    for (int k = 0; k < S; ++k)
      acc[k] += broadcast<V>(dy[static_cast<std::size_t>(s + k) * out + o]) * v;
  }
  for (int k = 0; k < S; ++k) store(dx + static_cast<std::size_t>(s + k) * in + i, acc[k]);
}

Shape dense_kernel_shape(int in_features, int out_features) {
  if (in_features <= 0 || out_features <= 0)
    throw std::invalid_argument("dense: sizes must be positive (in " + std::to_string(in_features) +
                                ", out " + std::to_string(out_features) + ")");
  return {out_features, in_features};
}

}  // namespace

Dense::Dense(int in_features, int out_features, Rng& rng)
    : WeightedLayer(dense_kernel_shape(in_features, out_features)),
      in_features_(in_features),
      out_features_(out_features) {
  const float limit = std::sqrt(6.0f / static_cast<float>(in_features + out_features));
  for (float& v : w_.values()) v = rng.uniform(-limit, limit);
}

Shape Dense::output_shape(const Shape& input) const {
  if (input.size() != 2 || input[1] != in_features_)
    throw std::invalid_argument("dense: expected input [N, " + std::to_string(in_features_) +
                                "], got " + to_string(input));
  return {input[0], out_features_};
}

void Dense::forward(const Tensor& x, Tensor& y, Mode mode) {
  y.resize(output_shape(x.shape()));
  x_ = &x;
  const int n = x.dim(0), in = in_features_, out = out_features_;
  const float* w = forward_kernel();
  for (int s = 0; s < n; ++s) {
    const float* x_row = x.data() + static_cast<std::size_t>(s) * in;
    float* y_row = y.data() + static_cast<std::size_t>(s) * out;
    for_each_block<kRows>(out, [&](auto rows, int o) {
      forward_tile<rows()>(x_row, w + static_cast<std::size_t>(o) * in, in, b_.data() + o,
                           y_row + o);
    });
  }
  transform_output(y, mode);
}

void Dense::backward(const Tensor& dy_out, Tensor* dx) {
  const Tensor& dy = output_gradient(dy_out);
  const int n = dy.dim(0), in = in_features_, out = out_features_;
  const float* g = dy.data();
  const float* x = x_->data();
  for_each_block<kRows>(out, [&](auto rows, int o) {
    for_each_lane_block(
        in,
        [&](int i) { kernel_gradient_tile<Float8, rows()>(g, x, n, out, in, o, i, dw_.data()); },
        [&](int i) { kernel_gradient_tile<Float4, rows()>(g, x, n, out, in, o, i, dw_.data()); },
        [&](int i) { kernel_gradient_tile<float, rows()>(g, x, n, out, in, o, i, dw_.data()); });
  });
  std::fill(db_.values().begin(), db_.values().end(), 0.0f);
  for (int s = 0; s < n; ++s)
    for (int o = 0; o < out; ++o)
      db_[static_cast<std::size_t>(o)] += g[static_cast<std::size_t>(s) * out + o];
  if (!dx) return;
  dx->resize(x_->shape());
  const float* w = kernel_in_use();
  for_each_block<kSamples>(n, [&](auto samples, int s) {
    for_each_lane_block(
        in, [&](int i) { input_gradient_tile<Float8, samples()>(g, w, out, in, s, i, dx->data()); },
        [&](int i) { input_gradient_tile<Float4, samples()>(g, w, out, in, s, i, dx->data()); },
        [&](int i) { input_gradient_tile<float, samples()>(g, w, out, in, s, i, dx->data()); });
  });
}

}  // namespace qplab
