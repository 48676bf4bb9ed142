// Training and evaluation of a Sequential classifier with softmax cross-entropy and Adam.
// fit draws the validation subset with a seeded shuffle (never the tail: the digit files are
// sorted by label), reshuffles the training indices every epoch, reports progress per batch
// and per epoch, and stops with `Cancelled` when asked to. A method that acts during training
// (pruning, for one) joins through FitOptions' hooks.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "core/base/rng.h"
#include "core/data/dataset.h"
#include "core/nn/adam.h"
#include "core/nn/sequential.h"

namespace qplab {

struct BatchProgress {
  int epoch, epochs;      // 1-based epoch
  int batch, batches;     // 1-based batch within the epoch
  double loss, accuracy;  // running means over the epoch so far
  double samples_per_second;
  double sparsity;  // FitOptions::kernel_sparsity after this batch; NaN: none
};

struct EpochResult {
  int epoch;
  double loss, accuracy;          // training, mean over the epoch
  double val_loss, val_accuracy;  // NaN when there is no validation subset
  double seconds;
  double sparsity;  // FitOptions::kernel_sparsity at the end; NaN: none
};

struct History {
  std::vector<EpochResult> epochs;
  int train_samples = 0, validation_samples = 0;
};

struct FitOptions {
  int epochs = 1;
  int batch_size = 32;
  double validation_fraction = 0.1;
  std::uint64_t seed = 1;
  std::function<void(const BatchProgress&)> on_batch;
  std::function<void(const EpochResult&)> on_epoch;
  std::function<bool()> cancel_requested;
  // Hooks of a method acting during training; each may be empty. before_batch runs before
  // each training batch's forward pass; kernel_sparsity is the zero fraction progress reports.
  std::function<void()> before_batch;
  std::function<double()> kernel_sparsity;
};

struct Evaluation {
  double loss = 0.0, accuracy = 0.0;
  int count = 0;
  std::array<std::array<int, 10>, 10> confusion{};  // [true label][predicted]
};

class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("training cancelled") {}
};

// The loss became NaN or infinite: the weights blew up, most often from too large a learning
// rate. The message starts "training diverged: " and names where and the learning rate; the
// lab adds the stage with in_stage.
class TrainingDiverged : public std::runtime_error {
 public:
  TrainingDiverged(int epoch, int batch, double loss, double learning_rate, std::string stage = "");
  TrainingDiverged in_stage(const std::string& stage) const;

  int epoch() const { return epoch_; }  // 1-based
  int batch() const { return batch_; }  // 1-based within the epoch
  double loss() const { return loss_; }
  double learning_rate() const { return learning_rate_; }
  const std::string& stage() const { return stage_; }  // empty outside the lab

 private:
  int epoch_, batch_;
  double loss_, learning_rate_;
  std::string stage_;
};

// Throws std::invalid_argument naming the bad option, its value and the bound it breaks.
void validate(const FitOptions& options);
// Throws TrainingDiverged when the loss stops being finite, Cancelled when asked to stop.
History fit(Sequential& model, Adam& optimizer, const Dataset& data, const FitOptions& options);
// batch_size: 1 to budget::kMaxBatchSize.
Evaluation evaluate(Sequential& model, const Dataset& data, int batch_size = 256);

}  // namespace qplab
