// The lab — the seed's whole experiment as one call: train the baseline, convert it to
// TFLite, quantize it after training (dynamic range, full integer, float16) and during
// training (QAT), prune it (PolynomialDecay 50% → 80%), and combine the two. Every variant
// becomes a file's bytes, and every accuracy is measured by reading those bytes back.
// lab.cc's recipe table (one row per variant) decides the variants, their order and the stages.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/nn/train.h"
#include "core/prune/pruning_schedule.h"
#include "core/quant/calibration.h"

namespace qplab {

// A lab is an interactive run: more baseline epochs than this are refused.
constexpr int kMaxLabEpochs = 100;
// The pruning schedule's final sparsity: tfmot takes any value below 1, the lab stops here.
constexpr double kMaxFinalSparsity = 0.99;

struct LabOptions {
  int epochs = 1;       // baseline training, as the seed; at most kMaxLabEpochs
  int batch_size = 32;  // baseline and QAT; at most budget::kMaxBatchSize
  // Adam's, in every training stage: the seed compiles each model with Keras's default Adam.
  double learning_rate = 0.001;
  double validation_fraction = 0.1;
  std::uint64_t seed = 1;
  int qat_epochs = 1;    // tfmot's QAT example fine-tunes 1 epoch
  int prune_epochs = 2;  // the seed's pruning fine-tune: 2 epochs at batch 128
  int prune_batch_size = 128;
  double initial_sparsity = 0.5, final_sparsity = 0.8;
  int prune_frequency = 10;  // see lab.cc: tfmot's 100 is for 60,000 digits
  // Kernels with fewer weights are not pruned (the conv's 108): see lab.cc. 0 prunes all.
  int min_prunable_weights = 1024;
  CalibrationOptions calibration;  // 500 training digits, min/max
};

void validate(const LabOptions& options);  // throws naming the bad option, its value and bound

// The bounds validate() holds an option to, for the options a person sets (the CLI's flags, the
// page's form), with the other options as in `options`: the page shows and checks these, so
// its refusals name the core's bounds.
struct OptionBounds {
  const char* name;  // as validate's messages name it: "epochs", "batch size", ...
  double min, max;   // inclusive
  bool whole;        // an int option
};
std::vector<OptionBounds> lab_option_bounds(const LabOptions& options = {});

// What the page and the CLI show while the lab runs: the stage and fit's progress in it.
struct LabProgress {
  std::string stage;  // "baseline", "qat", "prune", "pruned-qat", "reference", "measure"
  BatchProgress batch;
};

// One stage of a run, as on_stage announces it.
struct LabStage {
  std::string id;           // "baseline", …, "measure <variant id>"
  std::string label;        // in words: "Training the float baseline"
  std::string short_label;  // a training stage's name on a curves tab ("Baseline"); "" otherwise
  bool trains() const { return !short_label.empty(); }
};

// Every stage of a run in the order on_stage announces them: each variant's training stage (if
// it has one) and then its measuring, and last the float reference's training.
const std::vector<LabStage>& lab_stages();

// The pruning stage's schedule: tfmot's PolynomialDecay (power 3) from initial to final sparsity
// every prune_frequency steps, ending at the seed's end_step = ceil(train_digits · (1 −
// validation_fraction) / prune_batch_size) · prune_epochs.
PolynomialDecay lab_pruning_schedule(const LabOptions& options, int train_digits);

struct LabCallbacks {
  std::function<void(const LabProgress&)> on_batch;
  std::function<void(const std::string& stage)> on_stage;  // a stage begins
  std::function<bool()> cancel_requested;                  // true: stop with Cancelled
};
// run_lab throws Cancelled when cancel_requested says so, and TrainingDiverged naming the stage
// when a training stage's loss stops being finite.

struct VariantReport {
  std::string id;    // the recipe's id: "baseline", "ptq-int8", …
  std::string file;  // e.g. "ptq-int8.tflite"
  std::size_t bytes = 0, gzip_bytes = 0;
  double accuracy = 0.0;         // on the test digits, from the file's own bytes
  double sparsity = 0.0;         // zero weights / all conv and dense kernel weights in the file
  double us_per_digit = 0.0;     // batch 1, on this machine
  std::vector<int> predictions;  // the digit read for each test digit, in order (for Inspect)
};

// A pruning step of the pruning stage's schedule: before its `step`-th batch (1-based, counted
// over the stage's epochs) every pruned kernel is set to `sparsity`.
struct PruningStep {
  int step = 0;
  double sparsity = 0.0;
};

struct LabReport {
  std::vector<VariantReport> variants;        // in the recipe table's order
  std::vector<PruningStep> pruning_schedule;  // the schedule the pruning stage followed
  // The baseline fine-tuned for prune_epochs more epochs without pruning: what pruned-int8's
  // accuracy is held against.
  double fine_tuned_float_accuracy = 0.0;
  int train_digits = 0, test_digits = 0;
  double seconds = 0.0;
  const VariantReport& variant(const std::string& id) const;  // throws on an unknown id
};

struct LabResult {
  LabReport report;
  std::vector<std::vector<std::uint8_t>> files;  // files[i] holds report.variants[i]'s bytes
};

LabResult run_lab(const TrainTest& digits, const LabOptions& options = {},
                  const LabCallbacks& callbacks = {});

}  // namespace qplab
