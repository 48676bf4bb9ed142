// fit and evaluate: seeded validation split, per-epoch shuffle, Adam steps, progress.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/base/budgets.h"
#include "core/base/number_text.h"
#include "core/base/stopwatch.h"
#include "core/data/batch.h"
#include "core/data/validation_split.h"
#include "core/nn/softmax_cross_entropy.h"
#include "core/nn/train.h"

namespace qplab {

namespace {

// Shuffling draws from its own PCG stream, independent of the weight initialisation's.
constexpr std::uint64_t kShuffleStream = 1;
constexpr int kValidationBatchSize = 256;

Evaluation evaluate_indices(Sequential& model, const Dataset& data, const std::vector<int>& indices,
                            int batch_size) {
  Evaluation result;
  SoftmaxCrossEntropy head;
  Tensor x;
  std::vector<std::uint8_t> labels;
  double loss_sum = 0.0;
  int correct = 0;
  for (std::size_t start = 0; start < indices.size();
       start += static_cast<std::size_t>(batch_size)) {
    const int count =
        static_cast<int>(std::min(indices.size() - start, static_cast<std::size_t>(batch_size)));
    gather_batch(data, indices.data() + start, count, x, labels);
    const Tensor& logits = model.forward(x, Mode::kInfer);
    loss_sum += head.forward(logits, labels.data()) * count;
    correct += head.correct();
    const int classes = logits.dim(1);
    for (int i = 0; i < count; ++i) {
      const int predicted =
          argmax_row(head.probabilities().data() + static_cast<std::size_t>(i) * classes, classes);
      const int truth = labels[static_cast<std::size_t>(i)];
      if (truth < 10 && predicted < 10)
        ++result.confusion[static_cast<std::size_t>(truth)][static_cast<std::size_t>(predicted)];
    }
  }
  result.count = static_cast<int>(indices.size());
  if (result.count > 0) {
    result.loss = loss_sum / result.count;
    result.accuracy = static_cast<double>(correct) / result.count;
  }
  return result;
}

void check_batch_size(const char* what, int batch_size) {
  if (batch_size < 1)
    throw std::invalid_argument(std::string(what) + " must be >= 1, got " +
                                std::to_string(batch_size));
  if (batch_size > budget::kMaxBatchSize)
    throw std::invalid_argument(std::string(what) + " must be at most " +
                                std::to_string(budget::kMaxBatchSize) +
                                " (the batch budget), got " + std::to_string(batch_size));
}

// A model with large activations could exhaust memory below the batch budget.
void check_activation_budget(const Sequential& model, int batch_size, const char* what) {
  const std::uint64_t bytes = static_cast<std::uint64_t>(model.sample_activation_bytes()) *
                              static_cast<std::uint64_t>(batch_size);
  if (bytes > budget::kMaxActivationBytes)
    throw std::invalid_argument(std::string(what) + ": a batch of " + std::to_string(batch_size) +
                                " needs " + std::to_string(bytes) + " bytes of activations, over " +
                                "the budget of " + std::to_string(budget::kMaxActivationBytes) +
                                ": use a smaller batch size");
}

// As the user would type it: "1e+20", not number_text's JavaScript-style
// "100000000000000000000". A learning rate is a float, so its mantissa is printed as one.
std::string learning_rate_text(double rate) {
  if (!(rate >= 1e6) || !std::isfinite(rate)) return number_text(rate);
  int exponent = static_cast<int>(std::floor(std::log10(rate)));
  float mantissa = static_cast<float>(rate / std::pow(10.0, exponent));
  if (mantissa >= 10.0f) {
    mantissa /= 10.0f;
    ++exponent;
  }
  return number_text(mantissa) + "e+" + std::to_string(exponent);
}

std::string divergence_message(int epoch, int batch, double loss, double learning_rate,
                               const std::string& stage) {
  return "training diverged: the loss became " + number_text(loss) + " at epoch " +
         std::to_string(epoch) + ", batch " + std::to_string(batch) +
         (stage.empty() ? "" : " of the " + stage + " stage") + ", with learning rate " +
         learning_rate_text(learning_rate) + ": try a smaller learning rate";
}

}  // namespace

TrainingDiverged::TrainingDiverged(int epoch, int batch, double loss, double learning_rate,
                                   std::string stage)
    : std::runtime_error(divergence_message(epoch, batch, loss, learning_rate, stage)),
      epoch_(epoch),
      batch_(batch),
      loss_(loss),
      learning_rate_(learning_rate),
      stage_(std::move(stage)) {}

TrainingDiverged TrainingDiverged::in_stage(const std::string& stage) const {
  return TrainingDiverged(epoch_, batch_, loss_, learning_rate_, stage);
}

void validate(const FitOptions& options) {
  if (options.epochs < 1)
    throw std::invalid_argument("fit: epochs must be >= 1, got " + std::to_string(options.epochs));
  check_batch_size("fit: batch_size", options.batch_size);
  if (!(options.validation_fraction >= 0.0 && options.validation_fraction < 1.0))
    throw std::invalid_argument("fit: validation_fraction must be in [0, 1), got " +
                                number_text(options.validation_fraction));
}

History fit(Sequential& model, Adam& optimizer, const Dataset& data, const FitOptions& options) {
  validate(options);
  if (data.count < 1) throw std::invalid_argument("fit: the training set is empty");
  check_activation_budget(model, std::max(options.batch_size, kValidationBatchSize), "fit");
  const auto kernel_sparsity = [&options] {
    return options.kernel_sparsity ? options.kernel_sparsity()
                                   : std::numeric_limits<double>::quiet_NaN();
  };
  Rng rng(options.seed, kShuffleStream);
  IndexSplit split = split_validation(data.count, options.validation_fraction, rng);
  std::vector<int>& train = split.train;
  const std::vector<int>& validation = split.validation;

  History history;
  history.train_samples = static_cast<int>(train.size());
  history.validation_samples = static_cast<int>(validation.size());
  const auto batch = static_cast<std::size_t>(options.batch_size);
  const int batches = static_cast<int>((train.size() + batch - 1) / batch);
  SoftmaxCrossEntropy head;
  Tensor x, dlogits;
  std::vector<std::uint8_t> labels;

  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    rng.shuffle(train);
    const Stopwatch epoch_clock;
    double loss_sum = 0.0;
    long correct = 0, seen = 0;
    for (int b = 0; b < batches; ++b) {
      if (options.cancel_requested && options.cancel_requested()) throw Cancelled();
      const std::size_t start = static_cast<std::size_t>(b) * batch;
      const int count = static_cast<int>(std::min(batch, train.size() - start));
      if (options.before_batch) options.before_batch();
      gather_batch(data, train.data() + start, count, x, labels);
      const double loss = head.forward(model.forward(x, Mode::kTrain), labels.data());
      if (!std::isfinite(loss))
        throw TrainingDiverged(epoch, b + 1, loss, optimizer.options().learning_rate);
      head.backward(dlogits);
      model.backward(dlogits);
      optimizer.step();
      loss_sum += loss * count;
      correct += head.correct();
      seen += count;
      if (options.on_batch)
        options.on_batch(
            {epoch, options.epochs, b + 1, batches, loss_sum / static_cast<double>(seen),
             static_cast<double>(correct) / static_cast<double>(seen),
             static_cast<double>(seen) / std::max(epoch_clock.seconds(), 1e-9), kernel_sparsity()});
    }
    EpochResult result{epoch,
                       loss_sum / static_cast<double>(seen),
                       static_cast<double>(correct) / static_cast<double>(seen),
                       std::numeric_limits<double>::quiet_NaN(),
                       std::numeric_limits<double>::quiet_NaN(),
                       epoch_clock.seconds(),
                       kernel_sparsity()};
    if (!validation.empty()) {
      const Evaluation v = evaluate_indices(model, data, validation, kValidationBatchSize);
      result.val_loss = v.loss;
      result.val_accuracy = v.accuracy;
    }
    history.epochs.push_back(result);
    if (options.on_epoch) options.on_epoch(result);
  }
  return history;
}

Evaluation evaluate(Sequential& model, const Dataset& data, int batch_size) {
  check_batch_size("evaluate: batch_size", batch_size);
  check_activation_budget(model, batch_size, "evaluate");
  std::vector<int> all(static_cast<std::size_t>(data.count));
  std::iota(all.begin(), all.end(), 0);
  return evaluate_indices(model, data, all, batch_size);
}

}  // namespace qplab

QPLAB_COLD_FILE_END
