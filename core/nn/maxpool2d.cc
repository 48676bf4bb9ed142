// MaxPool2D: window maxima, vectorized across channels (each window position is a contiguous
// run of C values in NHWC); backward routes each gradient to the first winner. One output row
// at a time, one channel block over the whole row: the block is chosen once per row, not per
// window (at C = 12 that choice cost more than the maxima themselves).
#include "core/nn/maxpool2d.h"

#include <algorithm>
#include <stdexcept>

#include "core/base/float_vectors.h"

namespace qplab {

namespace {

// The windows of one output row: window j's k-th position (row-major over the pool) starts at
// corner + j·step + offsets[k]. One loop over the positions, not two: clang unrolls a loop by
// 4 and a 2-trip loop would always end in its remainder code.
struct RowWindows {
  const float* corner;         // x[b, i·PH, 0, 0]
  const std::size_t* offsets;  // pi·W·C + pj·C for the PH·PW positions
  int positions, step, c, ow;  // step = PW·C
  const float* window(int j) const { return corner + static_cast<std::size_t>(j) * step; }
};

template <typename V>
V max_of(V a, V b) {
  return a < b ? b : a;
}

template <typename V>
void max_row(const RowWindows& win, int ch, float* y) {
  for (int j = 0; j < win.ow; ++j) {
    const float* at = win.window(j) + ch;
    V best = load<V>(at);
    for (int k = 1; k < win.positions; ++k) best = max_of(best, load<V>(at + win.offsets[k]));
    store(y + static_cast<std::size_t>(j) * win.c + ch, best);
  }
}

// dx at the first position equal to the window's maximum y gets dy, the others 0. The windows
// do not overlap (stride = pool size): every dx value under a window is stored exactly once.
template <typename V>
void route_row(const RowWindows& win, int ch, const float* y, const float* dy, float* dx_corner) {
  for (int j = 0; j < win.ow; ++j) {
    const std::size_t out = static_cast<std::size_t>(j) * win.c + ch;
    const V top = load<V>(y + out);
    V left = load<V>(dy + out);  // the gradient not yet routed
    const std::size_t at = static_cast<std::size_t>(j) * win.step + ch;
    for (int k = 0; k < win.positions; ++k) {
      const std::size_t in = at + win.offsets[k];
      const auto hit = load<V>(win.corner + in) == top;
      store(dx_corner + in, hit ? left : V{});
      left = hit ? V{} : left;
    }
  }
}

}  // namespace

MaxPool2D::MaxPool2D(int pool_h, int pool_w) : pool_h_(pool_h), pool_w_(pool_w) {
  if (pool_h <= 0 || pool_w <= 0)
    throw std::invalid_argument("max_pooling2d: pool size must be positive, got " +
                                std::to_string(pool_h) + "x" + std::to_string(pool_w));
}

Shape MaxPool2D::output_shape(const Shape& input) const {
  if (input.size() != 4 || input[1] < pool_h_ || input[2] < pool_w_)
    throw std::invalid_argument("max_pooling2d: expected input [N, H>=" + std::to_string(pool_h_) +
                                ", W>=" + std::to_string(pool_w_) + ", C], got " +
                                to_string(input));
  return {input[0], input[1] / pool_h_, input[2] / pool_w_, input[3]};
}

void MaxPool2D::set_offsets(int w, int c) {
  offsets_.clear();
  for (int pi = 0; pi < pool_h_; ++pi)
    for (int pj = 0; pj < pool_w_; ++pj)
      offsets_.push_back((static_cast<std::size_t>(pi) * w + pj) * c);
}

void MaxPool2D::forward(const Tensor& x, Tensor& y, Mode) {
  y.resize(output_shape(x.shape()));
  x_ = &x;
  y_ = &y;
  const int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), oh = y.dim(1), ow = y.dim(2);
  set_offsets(w, c);
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < oh; ++i) {
      const RowWindows win{x.data() + (static_cast<std::size_t>(b) * h + i * pool_h_) * w * c,
                           offsets_.data(),
                           pool_h_ * pool_w_,
                           pool_w_ * c,
                           c,
                           ow};
      float* out = y.data() + (static_cast<std::size_t>(b) * oh + i) * ow * c;
      for_each_lane_block(
          c, [&](int ch) { max_row<Float8>(win, ch, out); },
          [&](int ch) { max_row<Float4>(win, ch, out); },
          [&](int ch) { max_row<float>(win, ch, out); });
    }
}

void MaxPool2D::backward(const Tensor& dy, Tensor* dx) {
  if (!dx) return;
  const Tensor& x = *x_;
  dx->resize(x.shape());
  const int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), oh = dy.dim(1), ow = dy.dim(2);
  // Only the edge no window covers (VALID drops it) is zeroed: clearing all of dx first would
  // write it twice.
  const std::size_t row_size = static_cast<std::size_t>(w) * c,
                    covered = static_cast<std::size_t>(ow) * pool_w_ * c;
  for (int r = 0; r < n * h; ++r) {
    float* row = dx->data() + static_cast<std::size_t>(r) * row_size;
    std::fill(row + (r % h < oh * pool_h_ ? covered : 0), row + row_size, 0.0f);
  }
  // offsets_ still hold forward's, for the same x.
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < oh; ++i) {
      const std::size_t corner = (static_cast<std::size_t>(b) * h + i * pool_h_) * w * c;
      const RowWindows win{
          x.data() + corner, offsets_.data(), pool_h_ * pool_w_, pool_w_ * c, c, ow};
      const std::size_t row = (static_cast<std::size_t>(b) * oh + i) * ow * c;
      const float* top = y_->data() + row;
      const float* g = dy.data() + row;
      float* dx_corner = dx->data() + corner;
      for_each_lane_block(
          c, [&](int ch) { route_row<Float8>(win, ch, top, g, dx_corner); },
          [&](int ch) { route_row<Float4>(win, ch, top, g, dx_corner); },
          [&](int ch) { route_row<float>(win, ch, top, g, dx_corner); });
    }
}

}  // namespace qplab
