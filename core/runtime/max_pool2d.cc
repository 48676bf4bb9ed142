// MaxPool2D: separable window maxima over NHWC rows; see max_pool2d.h.
#include "core/runtime/max_pool2d.h"

#include <algorithm>
#include <limits>
#include <type_traits>

#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

namespace {

template <typename T>
struct PoolTraits;

template <>
struct PoolTraits<float> {
  static constexpr tflite::TensorType kType = tflite::TensorType::kFloat32;
  static float* data(const RuntimeTensor& t) { return t.f32(); }
};

template <>
struct PoolTraits<std::int8_t> {
  static constexpr tflite::TensorType kType = tflite::TensorType::kInt8;
  static std::int8_t* data(const RuntimeTensor& t) { return t.i8(); }
};

}  // namespace

template <typename T>
MaxPool2D<T>::MaxPool2D(const tflite::OperatorDef& op, const RuntimeTensor& input,
                        const RuntimeTensor& output)
    : shape_(pool2d_shape(op, input, output)),
      low_(std::numeric_limits<T>::lowest()),
      high_(std::numeric_limits<T>::max()),
      x_(PoolTraits<T>::data(input)),
      y_(PoolTraits<T>::data(output)) {
  expect_activation(input, "input");
  expect_type(input, PoolTraits<T>::kType, "input");
  expect_type(output, PoolTraits<T>::kType, "output");
  expect_supported_activation(op.activation);
  if constexpr (std::is_same_v<T, std::int8_t>) {
    expect_same_int8_params(input, output);
    const Int8Range range =
        int8_activation_range(op.activation, int8_activation_params(output, "output"));
    low_ = static_cast<std::int8_t>(range.min);
    high_ = static_cast<std::int8_t>(range.max);
  } else if (op.activation == tflite::FusedActivation::kRelu) {
    low_ = 0.0f;
  }
  rows_.resize(static_cast<std::size_t>(shape_.in_w) * static_cast<std::size_t>(shape_.channels));
}

// Separable: first the maximum over the window's rows, one long contiguous run of W·C values
// (vectorizes well), then per output pixel the maximum over the window's columns of that row.
template <typename T>
void MaxPool2D<T>::run(int batch) {
  const PoolShape& s = shape_;
  const auto c = static_cast<std::size_t>(s.channels);
  const std::size_t run = static_cast<std::size_t>(s.in_w) * c;
  const int images = batch * s.images;
  T* __restrict rows = rows_.data();
  T* __restrict out = y_;
  for (int n = 0; n < images; ++n) {
    const T* image = x_ + static_cast<std::size_t>(n) * static_cast<std::size_t>(s.in_h) * run;
    for (int i = 0; i < s.out_h; ++i) {
      const int top = i * s.stride_h - s.pad_top;
      const int row_begin = std::max(top, 0), row_end = std::min(top + s.filter_h, s.in_h);
      std::copy(image + static_cast<std::size_t>(row_begin) * run,
                image + static_cast<std::size_t>(row_begin + 1) * run, rows);
      for (int r = row_begin + 1; r < row_end; ++r) {
        const T* __restrict in = image + static_cast<std::size_t>(r) * run;
        for (std::size_t k = 0; k < run; ++k) rows[k] = rows[k] < in[k] ? in[k] : rows[k];
      }
      for (int j = 0; j < s.out_w; ++j, out += c) {
        const int left = j * s.stride_w - s.pad_left;
        const int col_begin = std::max(left, 0), col_end = std::min(left + s.filter_w, s.in_w);
        const T* __restrict first = rows + static_cast<std::size_t>(col_begin) * c;
        for (std::size_t k = 0; k < c; ++k) out[k] = first[k];
        for (int q = col_begin + 1; q < col_end; ++q) {
          const T* __restrict in = rows + static_cast<std::size_t>(q) * c;
          for (std::size_t k = 0; k < c; ++k) out[k] = out[k] < in[k] ? in[k] : out[k];
        }
        for (std::size_t k = 0; k < c; ++k) out[k] = std::min(std::max(out[k], low_), high_);
      }
    }
  }
}

template class MaxPool2D<float>;
template class MaxPool2D<std::int8_t>;

}  // namespace qplab::runtime
