// run_lab: the seed's experiment, variant by variant, each measured from its own bytes.
//
// Pruning frequency: tfmot's PolynomialDecay defaults to pruning every 100 steps, sized for
// the seed's 60,000 digits (end_step 844 at batch 128: pruning at 100, 200, …, 800). Our
// 8,004 digits give end_step 114, where frequency 100 would prune once, at step 100, straight
// from 0% to 79.9% with 14 steps left to recover. Frequency 10 keeps the seed's shape — eleven
// gradual steps, the last (step 110) at 80.0% with a few steps of recovery after it.
//
// Which kernels: the seed wraps the whole model, conv included. At 80% the conv keeps 22 of
// its 108 weights, about two per 3×3 filter, and 114 steps cannot recover from that: measured
// (seed 1) 0.9068 test accuracy pruning both kernels against 0.9269 pruning the dense kernel
// alone, with the unpruned fine-tune at 0.9324. So, as TF's converter leaves tensors under
// 1,024 weights unquantized and tfmot's guide advises pruning selectively, kernels under
// min_prunable_weights keep every weight; the dense kernel (20,280, 99.5% of all) is pruned.
#include "core/lab/lab.h"

#include <climits>
#include <cmath>
#include <stdexcept>

#include "core/base/budgets.h"
#include "core/format/checkpoint.h"
#include "core/format/number_text.h"
#include "core/format/tflite_writer.h"
#include "core/lab/measure.h"
#include "core/nn/adam.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/stopwatch.h"
#include "core/prune/magnitude_pruner.h"
#include "core/prune/strip.h"
#include "core/quant/converter.h"
#include "core/quant/qat.h"

namespace qplab {

namespace {

using Bytes = std::vector<std::uint8_t>;

class LabRun {
 public:
  LabRun(const TrainTest& digits, const LabOptions& options, const LabCallbacks& callbacks)
      : digits_(digits), options_(options), callbacks_(callbacks) {}

  LabResult run() {
    const Stopwatch clock;
    Sequential baseline = train_baseline();
    const Bytes baseline_bytes = save_checkpoint(baseline);
    add("baseline", baseline_bytes);
    add_tflite("float", to_float_tflite(baseline));
    add_tflite("ptq-dynamic", to_dynamic_range_tflite(baseline));
    add_tflite("ptq-int8", to_int8_tflite(baseline, calibrate(baseline, digits_.train, options_.calibration)));
    add_tflite("ptq-float16", to_float16_tflite(baseline));
    Sequential qat = fine_tune_qat_stage("qat", baseline, false);
    add_tflite("qat-int8", to_int8_tflite(qat, qat_ranges(qat)));

    Sequential pruned = prune(baseline_bytes);
    add("pruned", save_checkpoint(pruned));
    add_tflite("pruned-int8", to_int8_tflite(pruned, calibrate(pruned, digits_.train, options_.calibration)));
    Sequential pruned_qat = fine_tune_qat_stage("pruned-qat", pruned, true);
    add_tflite("pruned-qat-int8", to_int8_tflite(pruned_qat, qat_ranges(pruned_qat)));

    result_.report.fine_tuned_float_accuracy = fine_tuned_reference(baseline_bytes);
    result_.report.train_digits = digits_.train.count;
    result_.report.test_digits = digits_.test.count;
    result_.report.seconds = clock.seconds();
    return std::move(result_);
  }

 private:
  FitOptions fit_options(const std::string& stage, int epochs, int batch_size) const {
    if (callbacks_.on_stage) callbacks_.on_stage(stage);
    FitOptions fit;
    fit.epochs = epochs;
    fit.batch_size = batch_size;
    fit.validation_fraction = options_.validation_fraction;
    fit.seed = options_.seed;
    if (callbacks_.on_batch) fit.on_batch = [this, stage](const BatchProgress& p) { callbacks_.on_batch({stage, p}); };
    fit.cancel_requested = callbacks_.cancel_requested;
    return fit;
  }

  Sequential train_baseline() {
    Rng rng(options_.seed);
    Sequential model = build_lab_cnn(rng);
    Adam adam(model.params(), adam_options());
    const FitOptions fit_opts = fit_options("baseline", options_.epochs, options_.batch_size);
    in_stage("baseline", [&] { fit(model, adam, digits_.train, fit_opts); });
    return model;
  }

  QatOptions qat_options(const std::string& stage, bool preserve_sparsity) const {
    QatOptions qat;
    qat.fit = fit_options(stage, options_.qat_epochs, options_.batch_size);
    qat.adam = adam_options();
    qat.preserve_sparsity = preserve_sparsity;
    return qat;
  }

  Sequential fine_tune_qat_stage(const std::string& stage, Sequential& model,
                                 bool preserve_sparsity) {
    const QatOptions qat = qat_options(stage, preserve_sparsity);
    return in_stage(stage, [&] { return fine_tune_qat(model, digits_.train, qat); });
  }

  AdamOptions adam_options() const {
    AdamOptions adam;
    adam.learning_rate = static_cast<float>(options_.learning_rate);
    return adam;
  }

  // Runs one stage's training, naming the stage in a divergence.
  template <typename Body>
  static auto in_stage(const std::string& stage, Body body) -> decltype(body()) {
    try {
      return body();
    } catch (const TrainingDiverged& diverged) {
      throw diverged.in_stage(stage);
    }
  }

  // The seed's pruning fine-tune from the baseline, then strip_pruning.
  Sequential prune(const Bytes& baseline_bytes) {
    Sequential model = load_checkpoint(baseline_bytes);
    FitOptions fit_opts = fit_options("prune", options_.prune_epochs, options_.prune_batch_size);
    std::vector<ParamRef> prunable;
    for (const ParamRef& p : model.params())
      if (p.mask && p.size() >= static_cast<std::size_t>(options_.min_prunable_weights)) prunable.push_back(p);
    const PolynomialDecay schedule(options_.initial_sparsity, options_.final_sparsity, 0,
                                   end_step(), 3, options_.prune_frequency);
    for (int step = 1; step <= end_step(); ++step) {
      const PruningDecision decision = schedule(step);
      if (decision.should_prune)
        result_.report.pruning_schedule.push_back({step, decision.sparsity});
    }
    MagnitudePruner pruner(prunable, PruningOptions{schedule});
    fit_opts.pruner = &pruner;
    Adam adam(model.params(), adam_options());
    in_stage("prune", [&] { fit(model, adam, digits_.train, fit_opts); });
    strip_pruning(model);
    return model;
  }

  // The seed's end_step: ceil(n_train · (1 − validation) / batch) · epochs.
  int end_step() const {
    const double train = static_cast<double>(digits_.train.count) * (1.0 - options_.validation_fraction);
    return static_cast<int>(std::ceil(train / options_.prune_batch_size)) * options_.prune_epochs;
  }

  // The float baseline trained as long as the pruned one, without pruning.
  double fine_tuned_reference(const Bytes& baseline_bytes) {
    Sequential model = load_checkpoint(baseline_bytes);
    Adam adam(model.params(), adam_options());
    const FitOptions fit_opts =
        fit_options("reference", options_.prune_epochs, options_.prune_batch_size);
    in_stage("reference", [&] { fit(model, adam, digits_.train, fit_opts); });
    return evaluate(model, digits_.test).accuracy;
  }

  void add_tflite(const std::string& id, const tflite::Model& model) {
    add(id, tflite::write_tflite(tflite::without_names(model)));
  }

  void add(const std::string& id, Bytes bytes) {
    if (callbacks_.cancel_requested && callbacks_.cancel_requested()) throw Cancelled();
    if (callbacks_.on_stage) callbacks_.on_stage("measure " + id);
    result_.report.variants.push_back(measure_variant(id, bytes, digits_.test));
    result_.files.push_back(std::move(bytes));
  }

  const TrainTest& digits_;
  const LabOptions& options_;
  const LabCallbacks& callbacks_;
  LabResult result_;
};

}  // namespace

void validate(const LabOptions& options) {
  auto require = [](bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument("lab: " + what);
  };
  require(options.epochs >= 1, "epochs must be >= 1, got " + std::to_string(options.epochs));
  require(options.epochs <= kMaxLabEpochs, "epochs must be at most " +
                                               std::to_string(kMaxLabEpochs) + ", got " +
                                               std::to_string(options.epochs));
  const auto require_batch_size = [&](int batch_size, const std::string& what) {
    require(batch_size >= 1, what + " must be >= 1, got " + std::to_string(batch_size));
    require(batch_size <= budget::kMaxBatchSize,
            what + " must be at most " + std::to_string(budget::kMaxBatchSize) +
                " (the batch budget), got " + std::to_string(batch_size));
  };
  require_batch_size(options.batch_size, "batch size");
  validate_learning_rate(options.learning_rate, "lab: learning rate");
  require(options.validation_fraction >= 0.0 && options.validation_fraction < 1.0,
          "validation fraction must be in [0, 1), got " + number_text(options.validation_fraction));
  require(options.qat_epochs >= 1, "QAT epochs must be >= 1, got " + std::to_string(options.qat_epochs));
  require(options.prune_epochs >= 1, "pruning epochs must be >= 1, got " + std::to_string(options.prune_epochs));
  require_batch_size(options.prune_batch_size, "pruning batch size");
  require(options.initial_sparsity >= 0.0 && options.initial_sparsity <= options.final_sparsity &&
              options.final_sparsity <= kMaxFinalSparsity,
          "sparsity must satisfy 0 <= initial <= final <= " + number_text(kMaxFinalSparsity) +
              ", got " + number_text(options.initial_sparsity) + " → " +
              number_text(options.final_sparsity));
  require(options.min_prunable_weights >= 0,
          "min_prunable_weights must be >= 0, got " + std::to_string(options.min_prunable_weights));
  require(options.prune_frequency >= 1, "pruning frequency must be >= 1, got " + std::to_string(options.prune_frequency));
  validate(options.calibration);
}

std::vector<OptionBounds> lab_option_bounds(const LabOptions& options) {
  return {{"epochs", 1, kMaxLabEpochs, true},
          {"batch size", 1, budget::kMaxBatchSize, true},
          {"learning rate", kMinLearningRate, kMaxLearningRate, false},
          {"final sparsity", options.initial_sparsity, kMaxFinalSparsity, false},
          {"calibration digits", 1, INT_MAX, true}};  // capped at the training digits
}

const VariantReport& LabReport::variant(const std::string& id) const {
  for (const auto& v : variants)
    if (v.id == id) return v;
  throw std::invalid_argument("lab report: no variant '" + id + "'");
}

LabResult run_lab(const TrainTest& digits, const LabOptions& options, const LabCallbacks& callbacks) {
  validate(options);
  return LabRun(digits, options, callbacks).run();
}

}  // namespace qplab
