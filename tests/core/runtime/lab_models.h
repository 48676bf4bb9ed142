// Test support: the lab's digit classifier as each kind of .tflite graph the runtime runs,
// built by hand from a trained Sequential (core/nn/lab_cnn.h), with the quantization TF's
// converters would choose. The shared graph:
//   x [1,28,28] → (QUANTIZE) → RESHAPE [1,28,28,1] → CONV_2D 12×3×3 VALID ReLU → MAX_POOL_2D
//   2×2/2 → RESHAPE [1,2028] → FULLY_CONNECTED 10 → SOFTMAX β=1 → (DEQUANTIZE) → y [1,10]
#pragma once

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/data/dataset.h"
#include "core/nn/conv2d.h"
#include "core/nn/dense.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/sequential.h"
#include "core/nn/softmax_cross_entropy.h"
#include "core/nn/train.h"
#include "tests/core/lab_digits.h"
#include "tests/core/runtime/model_builder.h"

namespace qplab::testing {

enum class LabGraph { kFloat, kFloat16, kHybrid, kInt8, kInt8Io };

struct LabWeights {
  std::vector<float> conv_w, conv_b;    // [12, 3, 3, 1] OHWI, [12]
  std::vector<float> dense_w, dense_b;  // [10, 2028], [10]
};

inline LabWeights lab_weights(const Sequential& net) {
  LabWeights w;
  for (const auto& layer : net.layers()) {
    if (layer->kind() == LayerKind::kConv2D) {
      const auto& conv = static_cast<const Conv2D&>(*layer);
      w.conv_w = conv.kernel().values();
      w.conv_b = conv.bias().values();
    } else if (layer->kind() == LayerKind::kDense) {
      const auto& dense = static_cast<const Dense&>(*layer);
      w.dense_w = dense.kernel().values();
      w.dense_b = dense.bias().values();
    }
  }
  return w;
}

// The activation ranges full-integer conversion calibrates: conv output (after ReLU) and logits.
struct LabRanges {
  float conv_max = 0.0f, logits_min = 0.0f, logits_max = 0.0f;
};

inline LabRanges calibrate(Sequential& net, const Tensor& inputs) {
  LabRanges r;
  Tensor a = inputs, b;
  for (const auto& layer : net.layers()) {
    layer->forward(a, b, Mode::kInfer);
    if (layer->kind() == LayerKind::kConv2D)
      for (float v : b.values()) r.conv_max = std::max(r.conv_max, v);
    if (layer->kind() == LayerKind::kDense)
      for (float v : b.values())
        r.logits_min = std::min(r.logits_min, v), r.logits_max = std::max(r.logits_max, v);
    std::swap(a, b);
  }
  return r;
}

inline tflite::Model lab_model(LabGraph graph, const LabWeights& w, const LabRanges& ranges = {},
                               bool per_channel_dense = false) {
  using tflite::FusedActivation;
  const bool int8 = graph == LabGraph::kInt8 || graph == LabGraph::kInt8Io;
  const Int8Params in_q{1.0f / 255.0f, -128};
  const Int8Params conv_q = activation_params(0.0f, ranges.conv_max);
  const Int8Params logits_q = activation_params(ranges.logits_min, ranges.logits_max);
  const auto act = [&](std::vector<int> shape, Int8Params q, ModelBuilder& b) {
    return int8 ? b.tensor(std::move(shape), TensorType::kInt8, per_tensor(q.scale, q.zero_point))
                : b.tensor(std::move(shape));
  };
  ModelBuilder b;
  const int x = graph == LabGraph::kInt8Io ? act({1, 28, 28}, in_q, b) : b.tensor({1, 28, 28});
  int current = x;
  if (graph == LabGraph::kInt8) {
    current = act({1, 28, 28}, in_q, b);
    b.op(BuiltinOperator::kQuantize, {x}, {current});
  }
  const int image = act({1, 28, 28, 1}, in_q, b);
  b.op(BuiltinOperator::kReshape, {current}, {image}).new_shape = {1, 28, 28, 1};

  // Weights and biases in the graph's encoding.
  int conv_w = -1, conv_b = -1, dense_w = -1, dense_b = -1;
  const auto f16 = [&](std::vector<int> shape, const std::vector<float>& values) {
    const int half = b.constant_f16(shape, values);
    const int full = b.tensor(std::move(shape));
    b.op(BuiltinOperator::kDequantize, {half}, {full}).version = 3;
    return full;
  };
  switch (graph) {
    case LabGraph::kFloat:
      conv_w = b.constant({12, 3, 3, 1}, w.conv_w), conv_b = b.constant({12}, w.conv_b);
      dense_w = b.constant({10, 2028}, w.dense_w), dense_b = b.constant({10}, w.dense_b);
      break;
    case LabGraph::kFloat16:
      conv_w = f16({12, 3, 3, 1}, w.conv_w), conv_b = f16({12}, w.conv_b);
      dense_w = f16({10, 2028}, w.dense_w), dense_b = f16({10}, w.dense_b);
      break;
    case LabGraph::kHybrid: {
      const SymmetricWeights cq = quantize_weights(w.conv_w, 12),
                             dq = quantize_weights(w.dense_w, 1);
      conv_w = b.constant_i8({12, 3, 3, 1}, cq.q, per_channel(cq.scales)),
      conv_b = b.constant({12}, w.conv_b);
      dense_w = b.constant_i8({10, 2028}, dq.q, per_tensor(dq.scales[0], 0)),
      dense_b = b.constant({10}, w.dense_b);
      break;
    }
    case LabGraph::kInt8:
    case LabGraph::kInt8Io: {
      const SymmetricWeights cq = quantize_weights(w.conv_w, 12),
                             dq = quantize_weights(w.dense_w, per_channel_dense ? 10 : 1);
      const auto int_bias = [&](const std::vector<float>& bias, const std::vector<float>& w_scales,
                                float x_scale) {
        std::vector<std::int32_t> q;
        std::vector<float> scales;
        for (std::size_t o = 0; o < bias.size(); ++o) {
          const float s = x_scale * w_scales[w_scales.size() == 1 ? 0 : o];
          scales.push_back(s);
          q.push_back(static_cast<std::int32_t>(std::lround(bias[o] / s)));
        }
        return b.constant_i32(
            {static_cast<int>(bias.size())}, q,
            w_scales.size() == 1 ? per_tensor(scales[0], 0) : per_channel(scales));
      };
      conv_w = b.constant_i8({12, 3, 3, 1}, cq.q, per_channel(cq.scales));
      conv_b = int_bias(w.conv_b, cq.scales, in_q.scale);
      dense_w =
          b.constant_i8({10, 2028}, dq.q,
                        per_channel_dense ? per_channel(dq.scales) : per_tensor(dq.scales[0], 0));
      dense_b = int_bias(w.dense_b, dq.scales, conv_q.scale);
      break;
    }
  }
  const int conv = act({1, 26, 26, 12}, conv_q, b);
  tflite::OperatorDef& conv_op = b.op(BuiltinOperator::kConv2D, {image, conv_w, conv_b}, {conv});
  conv_op.activation = FusedActivation::kRelu;
  const int pool = act({1, 13, 13, 12}, conv_q, b);
  tflite::OperatorDef& pool_op = b.op(BuiltinOperator::kMaxPool2D, {conv}, {pool});
  pool_op.filter_h = pool_op.filter_w = pool_op.stride_h = pool_op.stride_w = 2;
  const int flat = act({1, 2028}, conv_q, b);
  b.op(BuiltinOperator::kReshape, {pool}, {flat}).new_shape = {1, 2028};
  const int logits = act({1, 10}, logits_q, b);
  b.op(BuiltinOperator::kFullyConnected, {flat, dense_w, dense_b}, {logits});
  const int probs = act({1, 10}, {1.0f / 256.0f, -128}, b);
  b.op(BuiltinOperator::kSoftmax, {logits}, {probs}).beta = 1.0f;
  int y = probs;
  if (graph == LabGraph::kInt8) {
    y = b.tensor({1, 10});
    b.op(BuiltinOperator::kDequantize, {probs}, {y});
  }
  return b.finish(x, y);
}

// A lab CNN trained briefly (one epoch on 1,200 digits): confident enough that argmax
// agreement between variants means something. Built once per test binary.
inline Sequential& trained_lab_cnn() {
  static Sequential net = [] {
    Rng rng(42);
    Sequential model = build_lab_cnn(rng);
    const Dataset& train = lab_digits().train;
    std::vector<int> indices;
    for (int i = 0; i < 1200; ++i) indices.push_back((i * 7) % train.count);
    Adam adam(model.params());
    FitOptions options;
    options.epochs = 1;
    options.validation_fraction = 0.0;
    options.seed = 42;
    fit(model, adam, subset(train, indices), options);
    return model;
  }();
  return net;
}

// `count` test digits from `first`, scaled to [0, 1] as the lab does, as [count, 28, 28].
inline Tensor test_digits(int first, int count) {
  const Dataset& test = lab_digits().test;
  Tensor x({count, test.rows, test.cols});
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] =
        static_cast<float>(
            test.images[static_cast<std::size_t>(first) * static_cast<std::size_t>(test.pixels()) +
                        i]) /
        255.0f;
  return x;
}

// Sequential forward + softmax: the float reference probabilities.
inline std::vector<float> reference_probabilities(Sequential& net, const Tensor& x) {
  Tensor probs;
  softmax_rows(net.forward(x, Mode::kInfer), probs);
  return probs.values();
}

}  // namespace qplab::testing
