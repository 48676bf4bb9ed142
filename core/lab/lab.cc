// run_lab: the seed's experiment as a table of recipes, run row by row, each variant measured
// from its own bytes. A row names the variant, the variant whose model it starts from, the
// training stage it runs (if any) and how its model becomes bytes; the stage list, the report's
// order and the models kept for later rows all follow from the table.
//
// Pruning frequency: tfmot's PolynomialDecay defaults to pruning every 100 steps, sized for
// the seed's 60,000 digits (end_step 844 at batch 128: pruning at 100, 200, …, 800). Our
// 8,004 digits give end_step 114, where frequency 100 would prune once, at step 100, straight
// from 0% to 79.9% with 14 steps left to recover. Frequency 10 keeps the seed's shape — eleven
// gradual steps, the last (step 110) at 80.0% with a few steps of recovery after it.
//
// Which kernels: the seed wraps the whole model, conv included. At 80% the conv keeps 22 of
// its 108 weights, about two per 3×3 filter, and 114 steps cannot recover from that: pruning
// both kernels measured well below pruning the dense kernel alone (README, "Two choices differ
// from the seed"). So, as TF's converter leaves tensors under 1,024 weights unquantized and
// tfmot's guide advises pruning selectively, kernels under min_prunable_weights keep every
// weight; the dense kernel (20,280, 99.5% of all) is pruned.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <climits>
#include <cmath>
#include <map>
#include <stdexcept>

#include "core/base/budgets.h"
#include "core/base/number_text.h"
#include "core/base/stopwatch.h"
#include "core/format/checkpoint.h"
#include "core/format/tflite_writer.h"
#include "core/lab/lab.h"
#include "core/lab/measure.h"
#include "core/nn/adam.h"
#include "core/nn/lab_cnn.h"
#include "core/prune/magnitude_pruner.h"
#include "core/prune/strip.h"
#include "core/quant/converter.h"
#include "core/quant/qat.h"

namespace qplab {

namespace {

using Bytes = std::vector<std::uint8_t>;

// What a recipe's training stage does to the model it starts from.
enum class Training {
  kNone,         // the model as it is
  kFromScratch,  // a fresh lab CNN trained for `epochs`
  kQat,          // QAT fine-tuning (qat.h)
  kSparseQat,    // QAT fine-tuning that keeps the zero weights zero
  kPruning,      // the seed's pruning fine-tune, then strip_pruning
};

// How a recipe's model becomes the variant's bytes.
enum class Encoding { kCheckpoint, kFloat, kDynamicRange, kCalibratedInt8, kFloat16, kQatInt8 };

struct StageNames {
  const char* id;
  const char* short_label;
  const char* label;
};

struct Recipe {
  const char* id;
  const char* from;  // the variant whose model it starts from; null: none (a fresh model)
  Training training;
  StageNames stage;  // the training stage's names; ids null with Training::kNone
  Encoding encoding;
};

constexpr StageNames kNoStage{nullptr, nullptr, nullptr};

const Recipe kRecipes[] = {
    {"baseline",
     nullptr,
     Training::kFromScratch,
     {"baseline", "Baseline", "Training the float baseline"},
     Encoding::kCheckpoint},
    {"float", "baseline", Training::kNone, kNoStage, Encoding::kFloat},
    {"ptq-dynamic", "baseline", Training::kNone, kNoStage, Encoding::kDynamicRange},
    {"ptq-int8", "baseline", Training::kNone, kNoStage, Encoding::kCalibratedInt8},
    {"ptq-float16", "baseline", Training::kNone, kNoStage, Encoding::kFloat16},
    {"qat-int8",
     "baseline",
     Training::kQat,
     {"qat", "QAT", "Quantization-aware training (int8)"},
     Encoding::kQatInt8},
    {"pruned",
     "baseline",
     Training::kPruning,
     {"prune", "Pruning", "Pruning while fine-tuning"},
     Encoding::kCheckpoint},
    {"pruned-int8", "pruned", Training::kNone, kNoStage, Encoding::kCalibratedInt8},
    {"pruned-qat-int8",
     "pruned",
     Training::kSparseQat,
     {"pruned-qat", "Pruned QAT", "Quantization-aware training of the pruned model"},
     Encoding::kQatInt8},
};

// Not a variant: the baseline fine-tuned as long as the pruned one, without pruning, which
// pruned-int8's accuracy is held against. It runs after every recipe, from the baseline.
constexpr StageNames kReferenceStage{
    "reference", "Float reference",
    "Fine-tuning the float model as long as the pruned one (reference)"};

std::string measure_stage(const std::string& id) { return "measure " + id; }

class LabRun {
 public:
  LabRun(const TrainTest& digits, const LabOptions& options, const LabCallbacks& callbacks)
      : digits_(digits), options_(options), callbacks_(callbacks) {}

  LabResult run() {
    const Stopwatch clock;
    for (const Recipe& recipe : kRecipes) run_recipe(recipe);
    result_.report.fine_tuned_float_accuracy = fine_tuned_reference(models_.at("baseline"));
    result_.report.train_digits = digits_.train.count;
    result_.report.test_digits = digits_.test.count;
    result_.report.seconds = clock.seconds();
    return std::move(result_);
  }

 private:
  void run_recipe(const Recipe& recipe) {
    if (recipe.training == Training::kNone) {
      add(recipe.id, encode(recipe.encoding, models_.at(recipe.from)));
      return;
    }
    const std::string stage = recipe.stage.id;
    Sequential model = in_stage(stage, [&] { return train(recipe, stage); });
    add(recipe.id, encode(recipe.encoding, model));
    models_.emplace(recipe.id, std::move(model));
  }

  Sequential train(const Recipe& recipe, const std::string& stage) {
    switch (recipe.training) {
      case Training::kFromScratch: {
        Rng rng(options_.seed);
        Sequential model = build_lab_cnn(rng);
        Adam adam(model.params(), adam_options());
        fit(model, adam, digits_.train, fit_options(stage, options_.epochs, options_.batch_size));
        return model;
      }
      case Training::kQat:
      case Training::kSparseQat:
        return fine_tune_qat(models_.at(recipe.from), digits_.train,
                             qat_options(stage, recipe.training == Training::kSparseQat));
      case Training::kPruning:
        return prune(models_.at(recipe.from), stage);
      case Training::kNone:
        break;
    }
    throw std::logic_error("lab: recipe " + std::string(recipe.id) + " has no training stage");
  }

  Bytes encode(Encoding encoding, Sequential& model) const {
    switch (encoding) {
      case Encoding::kCheckpoint:
        return save_checkpoint(model);
      case Encoding::kFloat:
        return tflite_bytes(to_float_tflite(model));
      case Encoding::kDynamicRange:
        return tflite_bytes(to_dynamic_range_tflite(model));
      case Encoding::kCalibratedInt8:
        return tflite_bytes(
            to_int8_tflite(model, calibrate(model, digits_.train, options_.calibration)));
      case Encoding::kFloat16:
        return tflite_bytes(to_float16_tflite(model));
      case Encoding::kQatInt8:
        return tflite_bytes(to_int8_tflite(model, qat_ranges(model)));
    }
    throw std::logic_error("lab: unknown encoding");
  }

  static Bytes tflite_bytes(const tflite::Model& model) {
    return tflite::write_tflite(tflite::without_names(model));
  }

  FitOptions fit_options(const std::string& stage, int epochs, int batch_size) const {
    if (callbacks_.on_stage) callbacks_.on_stage(stage);
    FitOptions fit;
    fit.epochs = epochs;
    fit.batch_size = batch_size;
    fit.validation_fraction = options_.validation_fraction;
    fit.seed = options_.seed;
    if (callbacks_.on_batch)
      fit.on_batch = [this, stage](const BatchProgress& p) { callbacks_.on_batch({stage, p}); };
    fit.cancel_requested = callbacks_.cancel_requested;
    return fit;
  }

  QatOptions qat_options(const std::string& stage, bool preserve_sparsity) const {
    QatOptions qat;
    qat.fit = fit_options(stage, options_.qat_epochs, options_.batch_size);
    qat.adam = adam_options();
    qat.preserve_sparsity = preserve_sparsity;
    return qat;
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

  // The seed's pruning fine-tune of a copy of `from`, then strip_pruning.
  Sequential prune(Sequential& from, const std::string& stage) {
    Sequential model = load_checkpoint(save_checkpoint(from));
    FitOptions fit_opts = fit_options(stage, options_.prune_epochs, options_.prune_batch_size);
    std::vector<ParamRef> prunable;
    for (const ParamRef& p : model.params())
      if (p.mask && p.size() >= static_cast<std::size_t>(options_.min_prunable_weights))
        prunable.push_back(p);
    const PolynomialDecay schedule = lab_pruning_schedule(options_, digits_.train.count);
    for (std::int64_t step = 1; step <= schedule.end_step(); ++step) {
      const PruningDecision decision = schedule(step);
      if (decision.should_prune)
        result_.report.pruning_schedule.push_back({static_cast<int>(step), decision.sparsity});
    }
    MagnitudePruner pruner(prunable, PruningOptions{schedule});
    prune_during_fit(pruner, model, fit_opts);
    Adam adam(model.params(), adam_options());
    fit(model, adam, digits_.train, fit_opts);
    strip_pruning(model);
    return model;
  }

  double fine_tuned_reference(Sequential& baseline) {
    const std::string stage = kReferenceStage.id;
    Sequential model = load_checkpoint(save_checkpoint(baseline));
    Adam adam(model.params(), adam_options());
    const FitOptions fit_opts =
        fit_options(stage, options_.prune_epochs, options_.prune_batch_size);
    in_stage(stage, [&] { fit(model, adam, digits_.train, fit_opts); });
    return evaluate(model, digits_.test).accuracy;
  }

  void add(const std::string& id, Bytes bytes) {
    if (callbacks_.cancel_requested && callbacks_.cancel_requested()) throw Cancelled();
    if (callbacks_.on_stage) callbacks_.on_stage(measure_stage(id));
    result_.report.variants.push_back(measure_variant(id, bytes, digits_.test));
    result_.files.push_back(std::move(bytes));
  }

  const TrainTest& digits_;
  const LabOptions& options_;
  const LabCallbacks& callbacks_;
  std::map<std::string, Sequential> models_;  // the trained model of each recipe that trains
  LabResult result_;
};

LabStage training_stage(const StageNames& names) {
  return {names.id, names.label, names.short_label};
}

}  // namespace

const std::vector<LabStage>& lab_stages() {
  static const std::vector<LabStage> stages = [] {
    std::vector<LabStage> list;
    for (const Recipe& recipe : kRecipes) {
      if (recipe.training != Training::kNone) list.push_back(training_stage(recipe.stage));
      list.push_back({measure_stage(recipe.id),
                      "Measuring " + std::string(recipe.id) + " on the test digits", ""});
    }
    list.push_back(training_stage(kReferenceStage));
    return list;
  }();
  return stages;
}

PolynomialDecay lab_pruning_schedule(const LabOptions& options, int train_digits) {
  const double train = static_cast<double>(train_digits) * (1.0 - options.validation_fraction);
  const auto end_step =
      static_cast<std::int64_t>(std::ceil(train / options.prune_batch_size)) * options.prune_epochs;
  return PolynomialDecay(options.initial_sparsity, options.final_sparsity, 0, end_step, 3.0,
                         options.prune_frequency);
}

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
  require(options.qat_epochs >= 1,
          "QAT epochs must be >= 1, got " + std::to_string(options.qat_epochs));
  require(options.prune_epochs >= 1,
          "pruning epochs must be >= 1, got " + std::to_string(options.prune_epochs));
  require_batch_size(options.prune_batch_size, "pruning batch size");
  require(options.initial_sparsity >= 0.0 && options.initial_sparsity <= options.final_sparsity &&
              options.final_sparsity <= kMaxFinalSparsity,
          "sparsity must satisfy 0 <= initial <= final <= " + number_text(kMaxFinalSparsity) +
              ", got " + number_text(options.initial_sparsity) + " → " +
              number_text(options.final_sparsity));
  require(options.min_prunable_weights >= 0,
          "min_prunable_weights must be >= 0, got " + std::to_string(options.min_prunable_weights));
  require(options.prune_frequency >= 1,
          "pruning frequency must be >= 1, got " + std::to_string(options.prune_frequency));
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

LabResult run_lab(const TrainTest& digits, const LabOptions& options,
                  const LabCallbacks& callbacks) {
  validate(options);
  return LabRun(digits, options, callbacks).run();
}

}  // namespace qplab

QPLAB_COLD_FILE_END
