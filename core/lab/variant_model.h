// VariantModel — one variant loaded from its own bytes (a .tflite file or a float checkpoint,
// told apart by the "TFL3" identifier at byte 4), scoring digits one at a time: what the lab
// measures accuracy with, and what the page's drawing pad asks for every variant.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/base/tensor.h"
#include "core/nn/sequential.h"
#include "core/runtime/interpreter.h"

namespace qplab {

enum class VariantFormat { kCheckpoint, kTflite };

VariantFormat format_of(const std::vector<std::uint8_t>& bytes);

class VariantModel {
 public:
  // Throws what the checkpoint or .tflite reader throws for bad bytes, and std::runtime_error
  // for a model that is not a digit classifier (28 × 28 pixels in, [1, 10] out).
  explicit VariantModel(const std::vector<std::uint8_t>& bytes);

  VariantFormat format() const { return format_; }
  int input_elements() const { return input_elements_; }  // 784 for the lab CNN
  int classes() const { return classes_; }

  // pixels: input_elements() values in [0, 1]; probabilities: classes() values summing to 1
  // (a checkpoint's logits go through softmax; a .tflite ends in SOFTMAX already).
  void probabilities(const float* pixels, float* probabilities);
  int predict(const float* pixels);  // the argmax

  // Zero weights / all conv and dense kernel weights, as stored.
  double sparsity() const { return sparsity_; }

 private:
  const float* scores(const float* pixels);  // probabilities (.tflite) or logits (checkpoint)

  VariantFormat format_;
  std::unique_ptr<Interpreter> interpreter_;
  std::unique_ptr<Sequential> network_;
  Tensor input_, probabilities_;  // checkpoint: one sample in, softmax of its logits out
  std::vector<float> output_;     // .tflite: one sample's output
  int input_elements_ = 0, classes_ = 0;
  double sparsity_ = 0.0;
};

}  // namespace qplab
