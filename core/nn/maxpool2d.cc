// MaxPool2D: window maxima, vectorized across channels (each window position is a
// contiguous run of C values in NHWC); backward routes each gradient to the first winner.
#include "core/nn/maxpool2d.h"

#include <stdexcept>

#include "core/nn/float_vectors.h"

namespace qplab {

namespace {

struct Windows {
  const float* corner;   // x[b, i·PH, j·PW, 0]
  std::size_t row_step;  // W·C
  int pool_h, pool_w, c;
  const float* at(int pi, int pj) const { return corner + static_cast<std::size_t>(pi) * row_step + pj * c; }
};

template <typename V>
void max_block(const Windows& win, int ch, float* out) {
  V best = load<V>(win.at(0, 0) + ch);
  for (int pi = 0; pi < win.pool_h; ++pi)
    for (int pj = 0; pj < win.pool_w; ++pj) {
      const V v = load<V>(win.at(pi, pj) + ch);
      best = best < v ? v : best;
    }
  store(out + ch, best);
}

template <typename V>
void route_block(const Windows& win, int ch, const float* y, const float* dy, float* dx_corner) {
  const V top = load<V>(y + ch), g = load<V>(dy + ch);
  auto taken = top != top;  // all false, of the comparison's mask type
  for (int pi = 0; pi < win.pool_h; ++pi)
    for (int pj = 0; pj < win.pool_w; ++pj) {
      const auto hit = (load<V>(win.at(pi, pj) + ch) == top) & ~taken;
      taken |= hit;
      float* d = dx_corner + (win.at(pi, pj) - win.corner) + ch;
      store(d, load<V>(d) + (hit ? g : V{}));
    }
}

// Scalar versions for the channels left over after the vector blocks.
template <>
void max_block<float>(const Windows& win, int ch, float* out) {
  float best = win.at(0, 0)[ch];
  for (int pi = 0; pi < win.pool_h; ++pi)
    for (int pj = 0; pj < win.pool_w; ++pj) best = std::max(best, win.at(pi, pj)[ch]);
  out[ch] = best;
}

template <>
void route_block<float>(const Windows& win, int ch, const float* y, const float* dy, float* dx_corner) {
  for (int pi = 0; pi < win.pool_h; ++pi)
    for (int pj = 0; pj < win.pool_w; ++pj)
      if (win.at(pi, pj)[ch] == y[ch]) {
        dx_corner[(win.at(pi, pj) - win.corner) + ch] += dy[ch];
        return;
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
  float* out = y.data();
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < oh; ++i)
      for (int j = 0; j < ow; ++j, out += c) {
        const Windows win{x.data() + ((static_cast<std::size_t>(b) * h + i * pool_h_) * w + j * pool_w_) * c,
                          static_cast<std::size_t>(w) * c, pool_h_, pool_w_, c};
        for_each_lane_block(
            c, [&](int ch) { max_block<Float8>(win, ch, out); }, [&](int ch) { max_block<Float4>(win, ch, out); },
            [&](int ch) { max_block<float>(win, ch, out); });
      }
}

void MaxPool2D::backward(const Tensor& dy, Tensor* dx) {
  if (!dx) return;
  const Tensor& x = *x_;
  dx->resize(x.shape());
  std::fill(dx->values().begin(), dx->values().end(), 0.0f);
  const int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), oh = dy.dim(1), ow = dy.dim(2);
  const float* y = y_->data();
  const float* g = dy.data();
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < oh; ++i)
      for (int j = 0; j < ow; ++j, y += c, g += c) {
        const std::size_t corner = ((static_cast<std::size_t>(b) * h + i * pool_h_) * w + j * pool_w_) * c;
        const Windows win{x.data() + corner, static_cast<std::size_t>(w) * c, pool_h_, pool_w_, c};
        float* dx_corner = dx->data() + corner;
        for_each_lane_block(
            c, [&](int ch) { route_block<Float8>(win, ch, y, g, dx_corner); },
            [&](int ch) { route_block<Float4>(win, ch, y, g, dx_corner); },
            [&](int ch) { route_block<float>(win, ch, y, g, dx_corner); });
      }
}

}  // namespace qplab
