// Test support: an independent float reference for the layers of core/nn and the float kernels
// of core/runtime, written with Eigen's matrix products and array expressions (the convolution
// as im2col · Wᵀ) and sharing no code with their blocked SIMD loops.
//
// Tolerance: a float sum of m terms differs from the exact one by at most γ_m·Σ|terms|, with
// γ_m = m·u / (1 − m·u) and u = 2⁻²⁴ (Higham, Accuracy and Stability of Numerical Algorithms,
// §3.1), whatever the order of summation and with or without fused multiply-adds. The kernel
// and the reference each sum in their own order, so they agree within 2·γ_m·Σ|terms|; Σ|terms|
// is the same reference run on absolute values. The bound is for the worst case and holds for
// every input, so the comparison cannot fail by chance, yet a wrong index moves a value by
// about the size of its terms, far beyond it.
#pragma once

#include <Eigen/Core>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/base/rng.h"

namespace qplab::testing::eigen {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXf;
using Index = Eigen::Index;

inline Eigen::Map<const Matrix> as_matrix(const float* data, Index rows, Index cols) {
  return Eigen::Map<const Matrix>(data, rows, cols);
}

inline Matrix random_matrix(Index rows, Index cols, Rng& rng, float low = -1.0f,
                            float high = 1.0f) {
  Matrix m(rows, cols);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(low, high);
  return m;
}

// A random int in [low, high].
inline int random_int(Rng& rng, int low, int high) {
  return low + static_cast<int>(rng.below(static_cast<std::uint32_t>(high - low + 1)));
}

// γ_m of the header comment.
inline double summation_error(Index terms) {
  const double u = std::ldexp(1.0, -24), mu = static_cast<double>(terms) * u;
  return mu / (1.0 - mu);
}

// Every value of `got` within 2·γ_terms·magnitude of `expected` (all three of one size).
inline void require_within_summation_error(const float* got, const Matrix& expected,
                                           const Matrix& magnitude, Index terms,
                                           const std::string& what) {
  const double tolerance = 2.0 * summation_error(terms);
  for (Index i = 0; i < expected.size(); ++i) {
    const double bound = tolerance * magnitude.data()[i];
    INFO(what << "[" << i << "]: got " << got[i] << ", Eigen " << expected.data()[i] << ", bound "
              << bound);
    REQUIRE(std::abs(static_cast<double>(got[i]) - expected.data()[i]) <= bound);
  }
}

// Every value of `got` equal to `expected` (max pooling only selects, so nothing is rounded).
inline void require_equal(const float* got, const Matrix& expected, const std::string& what) {
  for (Index i = 0; i < expected.size(); ++i) {
    INFO(what << "[" << i << "]: got " << got[i] << ", Eigen " << expected.data()[i]);
    REQUIRE(got[i] == expected.data()[i]);
  }
}

// ---- Dense: y = x·Wᵀ + b, W [O, I] --------------------------------------------------------

inline Matrix dense_forward(const Matrix& x, const Matrix& w, const Vector& b) {
  return (x * w.transpose()).rowwise() + b.transpose();
}

struct DenseGradients {
  Matrix dw;  // dyᵀ·x, [O, I]
  Vector db;  // Σₙ dy
  Matrix dx;  // dy·W, [N, I]
};

inline DenseGradients dense_backward(const Matrix& dy, const Matrix& x, const Matrix& w) {
  return {dy.transpose() * x, dy.colwise().sum().transpose(), dy * w};
}

// ---- Convolution as im2col --------------------------------------------------------------

// NHWC input, OHWI kernel, strides, and the zero padding above and left of the image (0 for
// VALID); the output size is given, as each caller defines its own padding rule.
struct ConvGeometry {
  Index n, h, w, c, kernel_h, kernel_w;
  Index stride_h = 1, stride_w = 1, pad_top = 0, pad_left = 0, out_h, out_w;
  Index pixels() const { return n * out_h * out_w; }
  Index taps() const { return kernel_h * kernel_w * c; }
};

// Calls visit(p, t, row, column) for each tap t = (ki, kj, ch) of each output pixel
// p = (b, i, j) that falls inside the image: row b·H + r, column s·C of the [N·H, W·C] input.
template <typename Visit>
void for_each_tap_inside(const ConvGeometry& g, Visit visit) {
  for (Index b = 0; b < g.n; ++b)
    for (Index i = 0; i < g.out_h; ++i)
      for (Index j = 0; j < g.out_w; ++j)
        for (Index ki = 0; ki < g.kernel_h; ++ki)
          for (Index kj = 0; kj < g.kernel_w; ++kj) {
            const Index r = i * g.stride_h + ki - g.pad_top, s = j * g.stride_w + kj - g.pad_left;
            if (r < 0 || r >= g.h || s < 0 || s >= g.w) continue;
            visit((b * g.out_h + i) * g.out_w + j, (ki * g.kernel_w + kj) * g.c, b * g.h + r,
                  s * g.c);
          }
}

// Row p of the result holds output pixel p's window, tap t in columns t … t + C: taps outside
// the image read 0.
inline Matrix im2col(const float* x, const ConvGeometry& g) {
  Matrix cols = Matrix::Zero(g.pixels(), g.taps());
  for_each_tap_inside(g, [&](Index p, Index t, Index row, Index column) {
    cols.row(p).segment(t, g.c) =
        Eigen::Map<const Eigen::RowVectorXf>(x + row * g.w * g.c + column, g.c);
  });
  return cols;
}

// The inverse scatter: window values added back to the inputs they were read from, [N·H, W·C].
inline Matrix col2im(const Matrix& cols, const ConvGeometry& g) {
  Matrix x = Matrix::Zero(g.n * g.h, g.w * g.c);
  for_each_tap_inside(g, [&](Index p, Index t, Index row, Index column) {
    x.row(row).segment(column, g.c) += cols.row(p).segment(t, g.c);
  });
  return x;
}

// y [P, F] = im2col(x)·Wᵀ + b with W as [F, KH·KW·C]; ReLU if asked.
inline Matrix conv_forward(const Matrix& cols, const Matrix& w, const Vector& b, bool relu) {
  Matrix y = dense_forward(cols, w, b);
  if (relu) y = y.cwiseMax(0.0f);
  return y;
}

struct ConvGradients {
  Matrix dw;  // dzᵀ·im2col(x), [F, KH·KW·C]
  Vector db;  // Σ_p dz
  Matrix dx;  // col2im(dz·W), [N·H, W·C]
};

// dz = dy ⊙ act'(y), with y the layer's own output (its sign decides ReLU's derivative).
inline ConvGradients conv_backward(const Matrix& dy, const Matrix& y, const Matrix& cols,
                                   const Matrix& w, bool relu, const ConvGeometry& g) {
  const Matrix dz = relu ? Matrix((y.array() > 0.0f).select(dy, 0.0f)) : dy;
  DenseGradients d = dense_backward(dz, cols, w);
  return {std::move(d.dw), std::move(d.db), col2im(d.dx, g)};
}

// ---- MaxPool2D: pool size = stride, VALID ---------------------------------------------------

// Window position (pi, pj) of every window of output row (b, i), as an [OW, C] matrix whose
// rows are PW·C apart.
using PoolSlice = Eigen::Map<const Matrix, 0, Eigen::OuterStride<>>;

inline PoolSlice pool_slice(const float* x, const ConvGeometry& g, Index b, Index i, Index pi,
                            Index pj) {
  const float* at = x + ((b * g.h + i * g.kernel_h + pi) * g.w + pj) * g.c;
  return PoolSlice(at, g.out_w, g.c, Eigen::OuterStride<>(g.kernel_w * g.c));
}

// [N·OH, OW·C]: the maximum over each window.
inline Matrix maxpool_forward(const float* x, const ConvGeometry& g) {
  Matrix y(g.n * g.out_h, g.out_w * g.c);
  for (Index b = 0; b < g.n; ++b)
    for (Index i = 0; i < g.out_h; ++i) {
      Matrix best = pool_slice(x, g, b, i, 0, 0);
      for (Index pi = 0; pi < g.kernel_h; ++pi)
        for (Index pj = 0; pj < g.kernel_w; ++pj)
          best = best.cwiseMax(pool_slice(x, g, b, i, pi, pj));
      y.row(b * g.out_h + i) = Eigen::Map<const Eigen::RowVectorXf>(best.data(), best.size());
    }
  return y;
}

// [N·H, W·C]: dy at the first window position (row-major) holding the maximum, 0 elsewhere,
// and 0 on the edge no window covers.
inline Matrix maxpool_backward(const float* x, const Matrix& y, const Matrix& dy,
                               const ConvGeometry& g) {
  Matrix dx = Matrix::Zero(g.n * g.h, g.w * g.c);
  for (Index b = 0; b < g.n; ++b)
    for (Index i = 0; i < g.out_h; ++i) {
      const Matrix top = as_matrix(y.row(b * g.out_h + i).data(), g.out_w, g.c);
      Matrix left = as_matrix(dy.row(b * g.out_h + i).data(), g.out_w, g.c);  // not yet routed
      for (Index pi = 0; pi < g.kernel_h; ++pi)
        for (Index pj = 0; pj < g.kernel_w; ++pj) {
          const auto hit = (pool_slice(x, g, b, i, pi, pj).array() == top.array()).eval();
          Eigen::Map<Matrix, 0, Eigen::OuterStride<>> out(
              dx.data() + ((b * g.h + i * g.kernel_h + pi) * g.w + pj) * g.c, g.out_w, g.c,
              Eigen::OuterStride<>(g.kernel_w * g.c));
          out = hit.select(left, 0.0f);
          left = hit.select(Matrix::Zero(g.out_w, g.c), left);
        }
    }
  return dx;
}

}  // namespace qplab::testing::eigen
