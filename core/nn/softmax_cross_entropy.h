// SoftmaxCrossEntropy — the loss head: p = softmax(logits), loss = mean over the batch of
// −log p[label].  backward: dlogits = (p − onehot(label)) / N
#pragma once

#include <cstdint>

#include "core/base/tensor.h"

namespace qplab {

class SoftmaxCrossEntropy {
 public:
  // logits [N, classes]; labels N values in [0, classes). Returns the mean loss.
  double forward(const Tensor& logits, const std::uint8_t* labels);
  void backward(Tensor& dlogits) const;
  const Tensor& probabilities() const { return probs_; }
  int correct() const { return correct_; }  // argmax hits in the last forward

 private:
  Tensor probs_;
  std::vector<std::uint8_t> labels_;
  int correct_ = 0;
};

void softmax_rows(const Tensor& logits, Tensor& probs);  // numerically stable, row by row
int argmax_row(const float* row, int classes);

}  // namespace qplab
