// Test support: the lab CNN trained one epoch (seed 1) on the lab digits, trained once per
// process, and the predictions of a variant read back from its own bytes
// (write_tflite → read_tflite → Interpreter), as the lab measures every variant.
#pragma once

#include <cstdint>
#include <vector>

#include "core/data/batch.h"
#include "core/format/checkpoint.h"
#include "core/format/tflite_reader.h"
#include "core/format/tflite_writer.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/softmax_cross_entropy.h"
#include "core/nn/train.h"
#include "core/runtime/interpreter.h"
#include "tests/core/lab_digits.h"

namespace qplab::testing {

constexpr int kPredictionBatch = 100;

// A fresh copy of the trained model each call (a checkpoint round trip).
inline Sequential trained_lab_model() {
  static const std::vector<std::uint8_t> checkpoint = [] {
    Rng rng(1);
    Sequential model = build_lab_cnn(rng);
    Adam adam(model.params());
    fit(model, adam, lab_digits().train, FitOptions{});
    return save_checkpoint(model);
  }();
  return load_checkpoint(checkpoint);
}

// Calls predict(x, count, probabilities) batch by batch; returns the argmax of every sample.
template <typename Predict>
std::vector<int> predictions(const Dataset& data, Predict predict) {
  std::vector<int> predicted;
  Tensor x;
  std::vector<std::uint8_t> labels;
  std::vector<int> indices;
  std::vector<float> probabilities;
  for (int start = 0; start < data.count; start += kPredictionBatch) {
    const int count = std::min(kPredictionBatch, data.count - start);
    indices.resize(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) indices[static_cast<std::size_t>(i)] = start + i;
    gather_batch(data, indices.data(), count, x, labels);
    probabilities.resize(static_cast<std::size_t>(count) * kLabClasses);
    predict(x, count, probabilities.data());
    for (int i = 0; i < count; ++i)
      predicted.push_back(argmax_row(
          probabilities.data() + static_cast<std::size_t>(i) * kLabClasses, kLabClasses));
  }
  return predicted;
}

inline std::vector<int> file_predictions(const tflite::Model& model, const Dataset& data) {
  Interpreter interpreter(tflite::read_tflite(tflite::write_tflite(model)), kPredictionBatch);
  return predictions(
      data, [&](const Tensor& x, int count, float* out) { interpreter.run(x.data(), count, out); });
}

// The Sequential in kInfer (a QAT model: its fake-quantized forward); logits' argmax.
inline std::vector<int> model_predictions(Sequential& model, const Dataset& data) {
  return predictions(data, [&](const Tensor& x, int count, float* out) {
    const Tensor& logits = model.forward(x, Mode::kInfer);
    std::copy(logits.data(), logits.data() + static_cast<std::size_t>(count) * kLabClasses, out);
  });
}

inline double accuracy(const std::vector<int>& predicted, const Dataset& data) {
  int correct = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) correct += predicted[i] == data.labels[i];
  return static_cast<double>(correct) / static_cast<double>(predicted.size());
}

inline double agreement(const std::vector<int>& a, const std::vector<int>& b) {
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(a.size());
}

}  // namespace qplab::testing
