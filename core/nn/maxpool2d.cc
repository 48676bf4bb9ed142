// MaxPool2D: window maxima, vectorized across channels (each window position is a contiguous
// run of C values in NHWC); backward routes each gradient to the first winner. One output row
// at a time, one channel block over the whole row: the block is chosen once per row, not per
// window (at C = 12 that choice cost more than the maxima themselves).
#include "core/nn/maxpool2d.h"

#include <algorithm>
#include <stdexcept>

#include "core/nn/float_vectors.h"

namespace qplab {

namespace {

// The windows of one output row: window j's position (pi, pj) starts at at(j, pi, pj).
struct RowWindows {
  const float* corner;   // x[b, i·PH, 0, 0]
  std::size_t row_step;  // W·C
  int pool_h, pool_w, c, ow;
  const float* at(int j, int pi, int pj) const {
    return corner + static_cast<std::size_t>(pi) * row_step + static_cast<std::size_t>(j * pool_w + pj) * c;
  }
};

template <typename V>
V max_of(V a, V b) {
  return a < b ? b : a;
}

template <typename V>
void max_row(const RowWindows& win, int ch, float* y) {
  for (int j = 0; j < win.ow; ++j) {
    V best = load<V>(win.at(j, 0, 0) + ch);
    for (int pi = 0; pi < win.pool_h; ++pi)
      for (int pj = 0; pj < win.pool_w; ++pj) best = max_of(best, load<V>(win.at(j, pi, pj) + ch));
    store(y + static_cast<std::size_t>(j) * win.c + ch, best);
  }
}

// dx at the first position equal to the window's maximum y gets dy; dx starts zeroed and the
// windows do not overlap (stride = pool size), so each dx value is stored at most once.
template <typename V>
void route_row(const RowWindows& win, int ch, const float* y, const float* dy, float* dx_corner) {
  for (int j = 0; j < win.ow; ++j) {
    const std::size_t out = static_cast<std::size_t>(j) * win.c + ch;
    const V top = load<V>(y + out);
    V left = load<V>(dy + out);  // the gradient not yet routed
    for (int pi = 0; pi < win.pool_h; ++pi)
      for (int pj = 0; pj < win.pool_w; ++pj) {
        const float* in = win.at(j, pi, pj) + ch;
        const auto hit = load<V>(in) == top;
        store(dx_corner + (in - win.corner), hit ? left : V{});
        left = hit ? V{} : left;
      }
  }
}

}  // namespace

MaxPool2D::MaxPool2D(int pool_h, int pool_w) : pool_h_(pool_h), pool_w_(pool_w) {
  if (pool_h <= 0 || pool_w <= 0)
    throw std::invalid_argument("max_pooling2d: pool size must be positive, got " + std::to_string(pool_h) +
                                "x" + std::to_string(pool_w));
}

Shape MaxPool2D::output_shape(const Shape& input) const {
  if (input.size() != 4 || input[1] < pool_h_ || input[2] < pool_w_)
    throw std::invalid_argument("max_pooling2d: expected input [N, H>=" + std::to_string(pool_h_) +
                                ", W>=" + std::to_string(pool_w_) + ", C], got " + to_string(input));
  return {input[0], input[1] / pool_h_, input[2] / pool_w_, input[3]};
}

void MaxPool2D::forward(const Tensor& x, Tensor& y, Mode) {
  y.resize(output_shape(x.shape()));
  x_ = &x;
  y_ = &y;
  const int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), oh = y.dim(1), ow = y.dim(2);
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < oh; ++i) {
      const RowWindows win{x.data() + (static_cast<std::size_t>(b) * h + i * pool_h_) * w * c,
                           static_cast<std::size_t>(w) * c, pool_h_, pool_w_, c, ow};
      float* out = y.data() + (static_cast<std::size_t>(b) * oh + i) * ow * c;
      for_each_lane_block(
          c, [&](int ch) { max_row<Float8>(win, ch, out); }, [&](int ch) { max_row<Float4>(win, ch, out); },
          [&](int ch) { max_row<float>(win, ch, out); });
    }
}

void MaxPool2D::backward(const Tensor& dy, Tensor* dx) {
  if (!dx) return;
  const Tensor& x = *x_;
  dx->resize(x.shape());
  std::fill(dx->values().begin(), dx->values().end(), 0.0f);
  const int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), oh = dy.dim(1), ow = dy.dim(2);
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < oh; ++i) {
      const std::size_t corner = (static_cast<std::size_t>(b) * h + i * pool_h_) * w * c;
      const RowWindows win{x.data() + corner, static_cast<std::size_t>(w) * c, pool_h_, pool_w_, c, ow};
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
