// Embind bindings: the page's coarse API over the core (load digits, run the lab with progress
// and cancel, predict with every variant, inspect one against another, a real test digit). JS
// values are converted here and nowhere else; every C++ exception reaches JS as an Error carrying
// its message.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <climits>
#include <cmath>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "core/base/number_text.h"
#include "core/data/idx_reader.h"
#include "core/inspect/inspection.h"
#include "core/lab/lab.h"
#include "core/lab/measure.h"
#include "core/lab/variant_model.h"
#include "core/nn/softmax_cross_entropy.h"
#include "core/nn/train.h"
#include "wasm/inspection_object.h"

namespace qplab::web {
namespace {

using emscripten::val;
using Bytes = std::vector<std::uint8_t>;

constexpr double kProgressIntervalMs = 25.0;  // 40 updates a second: smooth curves, cheap

[[noreturn]] void throw_js_error(const std::string& message, const char* name, val details) {
  val error = val::global("Error").new_(message);
  error.set("name", std::string(name));
  if (!details.isUndefined()) error.set("details", details);
  error.throw_();
}

// What the page words a divergence with: { stage, epoch, batch, loss, learningRate }.
val divergence_details(const TrainingDiverged& e) {
  val details = val::object();
  details.set("stage", e.stage());
  details.set("epoch", e.epoch());
  details.set("batch", e.batch());
  details.set("loss", e.loss());
  details.set("learningRate", e.learning_rate());
  return details;
}

// Runs `body`, turning a C++ exception into a JS Error: name "Cancelled" for a cancelled lab,
// "TrainingDiverged" (with `details`) for a diverged one. The JS error is thrown after the catch
// block has ended, so the C++ exception is freed.
template <typename Body>
auto js_errors(Body body) -> decltype(body()) {
  std::string message;
  const char* name = "Error";
  val details = val::undefined();
  try {
    return body();
  } catch (const Cancelled& e) {
    message = e.what();
    name = "Cancelled";
  } catch (const TrainingDiverged& e) {
    message = e.what();
    name = "TrainingDiverged";
    details = divergence_details(e);
  } catch (const std::bad_alloc&) {
    message = "out of memory: the device could not give the page more memory";
  } catch (const std::exception& e) {
    message = e.what();
  }
  throw_js_error(message, name, details);
}

Bytes bytes_of(const val& typed_array) {
  return emscripten::convertJSArrayToNumberVector<std::uint8_t>(typed_array);
}

val uint8_array(const std::uint8_t* data, std::size_t size) {  // a copy, owned by JS
  return val::global("Uint8Array").new_(emscripten::typed_memory_view(size, data));
}

// The page's option keys and the core's names for them (lab_option_bounds). The seed has no
// core bound (any uint64): its bounds are its type's, the whole numbers a JS number holds exactly.
struct PageOption {
  const char* key;
  const char* core_name;  // null: the seed
};
constexpr PageOption kPageOptions[] = {{"epochs", "epochs"},
                                       {"batchSize", "batch size"},
                                       {"learningRate", "learning rate"},
                                       {"finalSparsity", "final sparsity"},
                                       {"calibrationDigits", "calibration digits"},
                                       {"seed", nullptr}};
constexpr OptionBounds kSeedBounds{"seed", 0, 9007199254740991.0, true};  // 2^53 − 1

OptionBounds bounds_of(const std::string& key) {
  for (const PageOption& option : kPageOptions) {
    if (key != option.key) continue;
    if (!option.core_name) return kSeedBounds;
    for (const OptionBounds& bounds : lab_option_bounds())
      if (std::string(bounds.name) == option.core_name) return bounds;
  }
  throw std::invalid_argument("unknown option '" + key + "'");
}

// { key: { min, max, whole } } for every option of the page's form, which shows and checks
// these: each bound is defined once, in the core.
val option_bounds() {
  val out = val::object();
  for (const PageOption& option : kPageOptions) {
    const OptionBounds bounds = bounds_of(option.key);
    val entry = val::object();
    entry.set("min", bounds.min);
    entry.set("max", bounds.max);
    entry.set("whole", bounds.whole);
    out.set(option.key, entry);
  }
  return out;
}

[[noreturn]] void refuse_range(const char* key, double number) {
  const OptionBounds bounds = bounds_of(key);
  throw std::invalid_argument(std::string("option ") + key + " must be from " +
                              number_text(bounds.min) + " to " + number_text(bounds.max) +
                              ", got " + number_text(number));
}

// options[key] as a number (a whole one if the option is), or `fallback` when the key is
// absent. Types only: the core's validate() checks the ranges and names the bound.
double number_option(const val& options, const char* key, double fallback) {
  const val value = options[key];
  if (value.isUndefined()) return fallback;
  if (!value.isNumber())
    throw std::invalid_argument(std::string("option ") + key + " must be a number");
  const double number = value.as<double>();
  if (bounds_of(key).whole && number != std::floor(number))
    throw std::invalid_argument(std::string("option ") + key + " must be a whole number");
  return number;
}

// A whole number beyond int's range is beyond the option's bounds too: refused with them.
int int_option(const val& options, const char* key, int fallback) {
  const double number = number_option(options, key, fallback);
  if (!(number >= INT_MIN && number <= INT_MAX)) refuse_range(key, number);
  return static_cast<int>(number);
}

LabOptions lab_options(const val& options) {
  const val keys = val::global("Object").call<val>("keys", options);
  for (int i = 0, n = keys["length"].as<int>(); i < n; ++i)
    bounds_of(keys[i].as<std::string>());  // known keys only
  LabOptions lab;  // the core's validate() checks ranges and names the option
  lab.epochs = int_option(options, "epochs", lab.epochs);
  lab.batch_size = int_option(options, "batchSize", lab.batch_size);
  lab.learning_rate = number_option(options, "learningRate", lab.learning_rate);
  lab.final_sparsity = number_option(options, "finalSparsity", lab.final_sparsity);
  lab.calibration.samples = int_option(options, "calibrationDigits", lab.calibration.samples);
  const double seed = number_option(options, "seed", static_cast<double>(lab.seed));
  if (!(seed >= kSeedBounds.min && seed <= kSeedBounds.max)) refuse_range("seed", seed);
  lab.seed = static_cast<std::uint64_t>(seed);
  return lab;
}

// The core's stage list as the page shows it: [{ id, label, shortLabel, trains }].
val stages_object() {
  val stages = val::array();
  for (const LabStage& stage : lab_stages()) {
    val row = val::object();
    row.set("id", stage.id);
    row.set("label", stage.label);
    row.set("shortLabel", stage.short_label);
    row.set("trains", stage.trains());
    stages.call<void>("push", row);
  }
  return stages;
}

val progress_object(const LabProgress& p, int stage_index) {
  const std::vector<LabStage>& stages = lab_stages();
  const LabStage& stage = stages.at(static_cast<std::size_t>(stage_index - 1));
  val out = val::object();
  out.set("stage", p.stage);
  out.set("stageLabel", stage.label);
  out.set("trains", stage.trains());
  out.set("stageIndex", stage_index);  // 1-based, of stageCount
  out.set("stageCount", static_cast<int>(stages.size()));
  out.set("epoch", p.batch.epoch);
  out.set("epochs", p.batch.epochs);
  out.set("batch", p.batch.batch);
  out.set("batches", p.batch.batches);
  out.set("loss", p.batch.loss);
  out.set("accuracy", p.batch.accuracy);
  out.set("samplesPerSecond", p.batch.samples_per_second);
  out.set("sparsity", std::isnan(p.batch.sparsity) ? val::null() : val(p.batch.sparsity));
  return out;
}

val report_object(const LabReport& report) {
  val variants = val::array();
  for (const VariantReport& v : report.variants) {
    val row = val::object();
    row.set("id", v.id);
    row.set("file", v.file);
    row.set("bytes", static_cast<double>(v.bytes));
    row.set("gzipBytes", static_cast<double>(v.gzip_bytes));
    row.set("accuracy", v.accuracy);
    row.set("sparsity", v.sparsity);
    row.set("usPerDigit", v.us_per_digit);
    variants.call<void>("push", row);
  }
  val schedule = val::array();  // objects as the variants: no new Embind instantiations
  for (const PruningStep& p : report.pruning_schedule) {
    val step = val::object();
    step.set("step", p.step);
    step.set("sparsity", p.sparsity);
    schedule.call<void>("push", step);
  }
  val out = val::object();
  out.set("variants", variants);
  out.set("pruningSchedule", schedule);
  out.set("stages", stages_object());
  out.set("fineTunedFloatAccuracy", report.fine_tuned_float_accuracy);
  out.set("trainDigits", report.train_digits);
  out.set("testDigits", report.test_digits);
  out.set("seconds", report.seconds);
  return out;
}

class WebLab {
 public:
  // The four IDX files as raw bytes (the worker lets the browser inflate the .gz files, so
  // zlib's inflate stays out of the module); the digits stay uint8 in the wasm heap.
  void loadData(val train_images, val train_labels, val test_images, val test_labels) {
    js_errors([&] {
      TrainTest digits;
      digits.train = read_raw_idx(bytes_of(train_images), bytes_of(train_labels), "train");
      digits.test = read_raw_idx(bytes_of(test_images), bytes_of(test_labels), "test");
      if (digits.train.pixels() != digits.test.pixels())
        throw std::runtime_error("train and test digits differ in size");
      digits_ = std::move(digits);
    });
  }

  val digits() const {
    val out = val::object();
    out.set("train", digits_.train.count);
    out.set("test", digits_.test.count);
    return out;
  }

  // Every stage of a lab run in order: stages_object()'s list.
  val stages() const { return stages_object(); }

  // onProgress(progress) is called during every fit (at most every kProgressIntervalMs, and
  // after each epoch's last batch) and once as each stage begins (batch 0); returning true
  // cancels the lab, which then throws an Error named "Cancelled". Returns
  // { report, files: { id: Uint8Array } }; every variant is then loaded for predict().
  val runLab(val options, val on_progress) {
    return js_errors([&] {
      require_digits();
      LabCallbacks callbacks;
      bool cancel = false;
      int stage_index = 0;
      double last_call_ms = 0.0;
      callbacks.on_batch = [&](const LabProgress& p) {
        // A JS call per batch would cost a third of the batch: report at most every
        // kProgressIntervalMs, and always an epoch's last batch.
        const double now_ms = emscripten_get_now();
        if (p.batch.batch != p.batch.batches && now_ms - last_call_ms < kProgressIntervalMs) return;
        last_call_ms = now_ms;
        cancel = cancel || on_progress(progress_object(p, stage_index)).as<bool>();
      };
      callbacks.on_stage = [&](const std::string& stage) {
        LabProgress start{stage, {}};
        start.batch.sparsity = NAN;
        cancel = cancel || on_progress(progress_object(start, ++stage_index)).as<bool>();
      };
      callbacks.cancel_requested = [&] { return cancel; };
      LabResult result = run_lab(digits_, lab_options(options), callbacks);
      variants_.clear();
      val files = val::object();
      for (std::size_t i = 0; i < result.files.size(); ++i) {
        const std::string& id = result.report.variants[i].id;
        files.set(id, uint8_array(result.files[i].data(), result.files[i].size()));
        add_variant(id, std::move(result.files[i]),
                    std::move(result.report.variants[i].predictions));
      }
      val out = val::object();
      out.set("report", report_object(result.report));
      out.set("files", files);
      return out;
    });
  }

  // A saved variant's file (after a reload): replaces a variant with the same id.
  void loadVariant(std::string id, val bytes) {
    js_errors([&] { add_variant(id, bytes_of(bytes)); });
  }

  // What `id` is inside, against `referenceId` ("" for none), from their files' bytes:
  // inspection_object.h's object.
  val inspect(std::string id, std::string reference_id) {
    return js_errors([&] {
      require_digits();
      Variant& variant = find_variant(id);
      KnownPredictions known{&predictions_of(variant), nullptr};
      const Bytes* reference = nullptr;
      if (!reference_id.empty()) {
        Variant& against = find_variant(reference_id);
        known.reference = &predictions_of(against);
        reference = &against.bytes;
      }
      return inspection_object(
          inspect_variant(variant.bytes, reference, digits_.test, InspectOptions{}, known));
    });
  }

  // pixels: Float32Array of input size, 0..1. [{ id, digit, probabilities: Float32Array }].
  val predict(val pixels) {
    return js_errors([&] {
      const std::vector<float> input = emscripten::convertJSArrayToNumberVector<float>(pixels);
      val out = val::array();
      std::vector<float> probabilities;
      for (Variant& variant : variants_) {
        const std::string& id = variant.id;
        VariantModel* model = variant.model.get();
        if (static_cast<int>(input.size()) != model->input_elements())
          throw std::invalid_argument("predict: " + id + " takes " +
                                      std::to_string(model->input_elements()) + " pixels, got " +
                                      std::to_string(input.size()));
        probabilities.resize(static_cast<std::size_t>(model->classes()));
        model->probabilities(input.data(), probabilities.data());
        val row = val::object();
        row.set("id", id);
        row.set("digit", argmax_row(probabilities.data(), model->classes()));
        row.set("probabilities", val::global("Float32Array")
                                     .new_(emscripten::typed_memory_view(probabilities.size(),
                                                                         probabilities.data())));
        out.call<void>("push", row);
      }
      return out;
    });
  }

  // Test digit `index` (0 ≤ index < test count): { pixels: Uint8Array, label, rows, cols }.
  val testDigit(int index) const {
    return js_errors([&] {
      require_digits();
      const Dataset& test = digits_.test;
      if (index < 0 || index >= test.count)
        throw std::invalid_argument("test digit " + std::to_string(index) + " out of range (0.." +
                                    std::to_string(test.count - 1) + ")");
      val out = val::object();
      const auto pixels = static_cast<std::size_t>(test.pixels());
      out.set("pixels",
              uint8_array(test.images.data() + static_cast<std::size_t>(index) * pixels, pixels));
      out.set("label", static_cast<int>(test.labels[static_cast<std::size_t>(index)]));
      out.set("rows", test.rows);
      out.set("cols", test.cols);
      return out;
    });
  }

 private:
  void require_digits() const {
    if (digits_.train.count == 0) throw std::logic_error("no digits loaded: call loadData first");
  }

  struct Variant {
    std::string id;
    Bytes bytes;  // the file, for inspect
    std::unique_ptr<VariantModel> model;
    std::vector<int> predictions;  // on every test digit; empty until known
  };

  // Loads `bytes` as variant `id`, replacing a variant with the same id. `predictions`: the
  // lab's, or empty (a variant restored after a reload: computed when first inspected).
  void add_variant(const std::string& id, Bytes bytes, std::vector<int> predictions = {}) {
    Variant variant{id, std::move(bytes), nullptr, std::move(predictions)};
    variant.model = std::make_unique<VariantModel>(variant.bytes);
    for (Variant& loaded : variants_)
      if (loaded.id == id) {
        loaded = std::move(variant);
        return;
      }
    variants_.push_back(std::move(variant));
  }

  Variant& find_variant(const std::string& id) {
    for (Variant& v : variants_)
      if (v.id == id) return v;
    throw std::invalid_argument("no variant '" + id + "' is loaded");
  }

  const std::vector<int>& predictions_of(Variant& variant) {
    if (static_cast<int>(variant.predictions.size()) != digits_.test.count)
      variant.predictions = variant_predictions(*variant.model, digits_.test);
    return variant.predictions;
  }

  TrainTest digits_;
  std::vector<Variant> variants_;
};

}  // namespace
}  // namespace qplab::web

EMSCRIPTEN_BINDINGS(qplab) {
  using qplab::web::WebLab;
  emscripten::class_<WebLab>("WebLab")
      .constructor<>()
      .function("loadData", &WebLab::loadData)
      .function("digits", &WebLab::digits)
      .function("stages", &WebLab::stages)
      .function("runLab", &WebLab::runLab)
      .function("loadVariant", &WebLab::loadVariant)
      .function("predict", &WebLab::predict)
      .function("inspect", &WebLab::inspect)
      .function("testDigit", &WebLab::testDigit);
  emscripten::function("optionBounds", &qplab::web::option_bounds);
}

QPLAB_COLD_FILE_END
