// Softmax cross-entropy with the max subtracted before exp for stability.
#include "core/nn/softmax_cross_entropy.h"

#include <cmath>
#include <stdexcept>

namespace qplab {

void softmax_rows(const Tensor& logits, Tensor& probs) {
  probs.resize(logits.shape());
  const int n = logits.dim(0), classes = logits.dim(1);
  for (int i = 0; i < n; ++i) {
    const float* in = logits.data() + static_cast<std::size_t>(i) * classes;
    float* out = probs.data() + static_cast<std::size_t>(i) * classes;
    float top = in[0];
    for (int k = 1; k < classes; ++k) top = std::max(top, in[k]);
    float total = 0.0f;
    for (int k = 0; k < classes; ++k) total += out[k] = std::exp(in[k] - top);
    for (int k = 0; k < classes; ++k) out[k] /= total;
  }
}

int argmax_row(const float* row, int classes) {
  int best = 0;
  for (int k = 1; k < classes; ++k)
    if (row[k] > row[best]) best = k;
  return best;
}

double SoftmaxCrossEntropy::forward(const Tensor& logits, const std::uint8_t* labels) {
  if (logits.shape().size() != 2)
    throw std::invalid_argument("softmax_cross_entropy: expected logits [N, classes], got " +
                                to_string(logits.shape()));
  const int n = logits.dim(0), classes = logits.dim(1);
  softmax_rows(logits, probs_);
  labels_.assign(labels, labels + n);
  double loss = 0.0;
  correct_ = 0;
  for (int i = 0; i < n; ++i) {
    if (labels[i] >= classes)
      throw std::invalid_argument("softmax_cross_entropy: label " + std::to_string(labels[i]) +
                                  " out of range for " + std::to_string(classes) + " classes");
    const float* p = probs_.data() + static_cast<std::size_t>(i) * classes;
    // float log: double log's tables would weigh on the page's module (README, "Code weight")
    loss -= std::log(std::max(p[labels[i]], 1e-30f));
    correct_ += argmax_row(p, classes) == labels[i];
  }
  return n ? loss / n : 0.0;
}

void SoftmaxCrossEntropy::backward(Tensor& dlogits) const {
  dlogits.resize(probs_.shape());
  const int n = probs_.dim(0), classes = probs_.dim(1);
  const float inv_n = 1.0f / static_cast<float>(n);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < classes; ++k) {
      const std::size_t at = static_cast<std::size_t>(i) * classes + k;
      dlogits[at] =
          (probs_[at] - (k == labels_[static_cast<std::size_t>(i)] ? 1.0f : 0.0f)) * inv_n;
    }
}

}  // namespace qplab
