// Conv2D as a direct convolution; see conv2d.h for the formulas. The F filters of each tap are
// contiguous in w_taps_, so blocks of filters accumulate in SIMD registers: forward over tiles
// of 4 output pixels, backward (dW) over tiles of 3 taps that sweep a whole output row.
#include "core/nn/conv2d.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/base/float_vectors.h"

namespace qplab {

namespace {

Shape conv_kernel_shape(int in_channels, int filters, int kernel_h, int kernel_w) {
  if (in_channels <= 0 || filters <= 0 || kernel_h <= 0 || kernel_w <= 0)
    throw std::invalid_argument("conv2d: sizes must be positive (in_channels " +
                                std::to_string(in_channels) + ", filters " +
                                std::to_string(filters) + ", kernel " + std::to_string(kernel_h) +
                                "x" + std::to_string(kernel_w) + ")");
  return {filters, kernel_h, kernel_w, in_channels};
}

}  // namespace

Conv2D::Conv2D(int in_channels, int filters, int kernel_h, int kernel_w, Activation activation,
               Rng& rng)
    : WeightedLayer(conv_kernel_shape(in_channels, filters, kernel_h, kernel_w)),
      in_channels_(in_channels),
      filters_(filters),
      kernel_h_(kernel_h),
      kernel_w_(kernel_w),
      activation_(activation) {
  const float fan_in = static_cast<float>(kernel_h * kernel_w * in_channels);
  const float fan_out = static_cast<float>(kernel_h * kernel_w * filters);
  const float limit = std::sqrt(6.0f / (fan_in + fan_out));
  for (float& v : w_.values()) v = rng.uniform(-limit, limit);
}

Shape Conv2D::output_shape(const Shape& input) const {
  if (input.size() != 4 || input[3] != in_channels_ || input[1] < kernel_h_ || input[2] < kernel_w_)
    throw std::invalid_argument("conv2d: expected input [N, H>=" + std::to_string(kernel_h_) +
                                ", W>=" + std::to_string(kernel_w_) + ", " +
                                std::to_string(in_channels_) + "], got " + to_string(input));
  return {input[0], input[1] - kernel_h_ + 1, input[2] - kernel_w_ + 1, filters_};
}

namespace {

// Register blocking: P neighbouring output pixels × one block of filters (V = Float8, Float4
// or float). Each weight vector is loaded once per tap and reused by the P pixels; the inputs
// are read in place (pixel p's tap t of kernel row ki is row_ki[p·C + t]), so nothing is gathered.
struct Window {
  const float* in;         // x[b, i, j, 0]: the top-left input of the first pixel
  std::size_t row_stride;  // W·C: from one image row to the next
  int pixel_stride;        // C: from one output pixel's window to the next
  int kernel_h, run;       // run = KW·C contiguous inputs per kernel row
};

template <typename V, int P>
void forward_block(const Window& win, const float* w_taps, int f, int o, const float* bias,
                   bool use_relu, float* out) {
  V acc[P];
  for (int p = 0; p < P; ++p) acc[p] = load<V>(bias + o);
  for (int ki = 0; ki < win.kernel_h; ++ki) {
    const float* row = win.in + static_cast<std::size_t>(ki) * win.row_stride;
    const float* taps = w_taps + static_cast<std::size_t>(ki) * win.run * f + o;
    for (int t = 0; t < win.run; ++t, taps += f) {
      const V weights = load<V>(taps);
      for (int p = 0; p < P; ++p) acc[p] += broadcast<V>(row[p * win.pixel_stride + t]) * weights;
    }
  }
  for (int p = 0; p < P; ++p)
    store(out + static_cast<std::size_t>(p) * f + o, use_relu ? relu(acc[p]) : acc[p]);
}

// dz = dy ⊙ act'(y) for one output row and one block of filters, and db += Σ_j dz. ReLU's
// derivative is a select on whole vectors: a per-element branch mispredicts half the time.
template <typename V>
void output_gradient_block(const float* y, const float* dy, int pixels, int f, int o, bool use_relu,
                           float* dz, float* db) {
  V sum{};
  for (int j = 0; j < pixels; ++j) {
    const std::size_t at = static_cast<std::size_t>(j) * f + o;
    const V g = load<V>(dy + at);
    const V d = use_relu ? (load<V>(y + at) <= V{} ? V{} : g) : g;
    store(dz + at, d);
    sum += d;
  }
  store(db + o, load<V>(db + o) + sum);
}

// dW_taps[t + k, o..] += Σ_j row[j·C + t + k] · dz[j, o..] for k < T, over one output row and
// one kernel row: T taps × one block of filters stay in registers for the whole row, so every
// add has its own accumulator (a pixel-blocked update would chain them through memory).
template <typename V, int T>
void kernel_gradient_tile(const float* row, int pixels, int pixel_stride, const float* dz, int f,
                          int o, float* dw_taps) {
  V acc[T] = {};
  for (int j = 0; j < pixels; ++j, row += pixel_stride, dz += f) {
    const V g = load<V>(dz + o);
    for (int k = 0; k < T; ++k) acc[k] += broadcast<V>(row[k]) * g;
  }
  for (int k = 0; k < T; ++k) {
    float* at = dw_taps + static_cast<std::size_t>(k) * f + o;
    store(at, load<V>(at) + acc[k]);
  }
}

template <int T>
void kernel_gradient_taps(const float* row, int pixels, int pixel_stride, const float* dz, int f,
                          float* dw_taps) {
  for_each_lane_block(
      f,
      [&](int o) { kernel_gradient_tile<Float8, T>(row, pixels, pixel_stride, dz, f, o, dw_taps); },
      [&](int o) { kernel_gradient_tile<Float4, T>(row, pixels, pixel_stride, dz, f, o, dw_taps); },
      [&](int o) { kernel_gradient_tile<float, T>(row, pixels, pixel_stride, dz, f, o, dw_taps); });
}

constexpr int kPixelBlock = 4;
constexpr int kTapBlock = 3;  // a 3-wide kernel row of one channel

}  // namespace

void Conv2D::forward(const Tensor& x, Tensor& y, Mode mode) {
  y.resize(output_shape(x.shape()));
  x_ = &x;
  y_ = &y;
  const int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = in_channels_;
  const int oh = y.dim(1), ow = y.dim(2), f = filters_, k = taps();
  const float* kernel = forward_kernel();
  w_taps_.resize(static_cast<std::size_t>(k) * f);
  for (int o = 0; o < f; ++o)
    for (int t = 0; t < k; ++t)
      w_taps_[static_cast<std::size_t>(t) * f + o] = kernel[static_cast<std::size_t>(o) * k + t];
  const bool use_relu = activation_ == Activation::kRelu;
  const float* taps = w_taps_.data();
  const float* bias = b_.data();
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < oh; ++i) {
      const float* row_in = x.data() + (static_cast<std::size_t>(b) * h + i) * w * c;
      float* row_out = y.data() + (static_cast<std::size_t>(b) * oh + i) * ow * f;
      for_each_block<kPixelBlock>(ow, [&](auto pixels, int j) {
        const Window win{row_in + static_cast<std::size_t>(j) * c, static_cast<std::size_t>(w) * c,
                         c, kernel_h_, kernel_w_ * c};
        float* out = row_out + static_cast<std::size_t>(j) * f;
        for_each_lane_block(
            f,
            [&](int o) { forward_block<Float8, pixels()>(win, taps, f, o, bias, use_relu, out); },
            [&](int o) { forward_block<Float4, pixels()>(win, taps, f, o, bias, use_relu, out); },
            [&](int o) { forward_block<float, pixels()>(win, taps, f, o, bias, use_relu, out); });
      });
    }
  y_ = &transform_output(y, mode);
}

void Conv2D::backward(const Tensor& dy_out, Tensor* dx) {
  const Tensor& dy = output_gradient(dy_out);
  const Tensor& x = *x_;
  const int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = in_channels_;
  const int oh = dy.dim(1), ow = dy.dim(2), f = filters_, k = taps(), run = kernel_w_ * c;
  dw_taps_.assign(static_cast<std::size_t>(k) * f, 0.0f);
  dz_.resize(static_cast<std::size_t>(ow) * f);
  std::fill(db_.values().begin(), db_.values().end(), 0.0f);
  if (dx) {
    dx->resize(x.shape());
    std::fill(dx->values().begin(), dx->values().end(), 0.0f);
  }
  const bool use_relu = activation_ == Activation::kRelu;
  float* dtaps = dw_taps_.data();
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < oh; ++i) {
      // dz for one output row at a time keeps it in L1.
      const std::size_t row_start = (static_cast<std::size_t>(b) * oh + i) * ow * f;
      const float* grad = dy.data() + row_start;
      const float* out = y_->data() + row_start;
      float* dz_row = dz_.data();
      float* db = db_.data();
      for_each_lane_block(
          f,
          [&](int o) { output_gradient_block<Float8>(out, grad, ow, f, o, use_relu, dz_row, db); },
          [&](int o) { output_gradient_block<Float4>(out, grad, ow, f, o, use_relu, dz_row, db); },
          [&](int o) { output_gradient_block<float>(out, grad, ow, f, o, use_relu, dz_row, db); });
      for (int ki = 0; ki < kernel_h_; ++ki) {
        const float* row = x.data() + (static_cast<std::size_t>(b) * h + i + ki) * w * c;
        float* dw_row = dtaps + static_cast<std::size_t>(ki) * run * f;
        for_each_block<kTapBlock>(run, [&](auto tile, int t) {
          kernel_gradient_taps<tile()>(row + t, ow, c, dz_row, f,
                                       dw_row + static_cast<std::size_t>(t) * f);
        });
      }
      if (dx) input_gradient_row(b, i, *dx);
    }
  for (int o = 0; o < f; ++o)
    for (int t = 0; t < k; ++t)
      dw_[static_cast<std::size_t>(o) * k + t] = dw_taps_[static_cast<std::size_t>(t) * f + o];
}

// dx[b, i+ki, j+kw, c] += Σ_f dz[j, f]·W[f, ki, kw, c] for one output row (dz_ holds it). Only
// layers with a trainable layer below them need it; the lab's conv does not.
void Conv2D::input_gradient_row(int b, int i, Tensor& dx) const {
  const int h = dx.dim(1), w = dx.dim(2), c = in_channels_, ow = w - kernel_w_ + 1, f = filters_;
  const int run = kernel_w_ * c;
  for (int j = 0; j < ow; ++j) {
    const float* dz = dz_.data() + static_cast<std::size_t>(j) * f;
    for (int ki = 0; ki < kernel_h_; ++ki) {
      float* din = dx.data() + ((static_cast<std::size_t>(b) * h + i + ki) * w + j) * c;
      for (int t = 0; t < run; ++t) {
        const float* taps = w_taps_.data() + (static_cast<std::size_t>(ki) * run + t) * f;
        float sum = 0.0f;
        for (int o = 0; o < f; ++o) sum += dz[o] * taps[o];
        din[t] += sum;
      }
    }
  }
}

}  // namespace qplab
