// Gathers every inspection of a variant (and its reference) into one struct.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <stdexcept>

#include "core/inspect/inspection.h"
#include "core/inspect/parsed_variant.h"
#include "core/inspect/weight_tensors.h"
#include "core/lab/measure.h"
#include "core/nn/lab_cnn.h"

namespace qplab {

namespace {

const char* format_name(VariantFormat format) {
  return format == VariantFormat::kTflite ? "tflite" : "checkpoint";
}

}  // namespace

void validate(const InspectOptions& options) {
  if (options.activation_digits < 1)
    throw std::invalid_argument("inspect: activation_digits must be at least 1, got " +
                                std::to_string(options.activation_digits));
  if (options.histogram_bins < 1 || options.histogram_bins > kMaxHistogramBins)
    throw std::invalid_argument("inspect: histogram_bins must be in 1.." +
                                std::to_string(kMaxHistogramBins) + ", got " +
                                std::to_string(options.histogram_bins));
}

Inspection inspect_variant(const std::vector<std::uint8_t>& variant,
                           const std::vector<std::uint8_t>* reference, const Dataset& test,
                           const InspectOptions& options, const KnownPredictions& known) {
  validate(options);
  if (test.count < 1) throw std::invalid_argument("inspect: no test digits");
  Inspection result;
  // Predicting first: VariantModel refuses anything but a digit classifier before it runs
  // (known predictions come from a VariantModel that did).
  const std::vector<int> predicted =
      known.variant ? *known.variant : variant_predictions(variant, test);
  result.confusion = confusion_matrix(predicted, test, kLabClasses);
  const ParsedVariant parsed = parse_variant(variant);
  result.format = format_name(parsed.format);
  const std::vector<WeightTensor> weights = weight_tensors(parsed);

  std::vector<WeightTensor> reference_weights;
  if (reference != nullptr) {
    result.has_reference = true;
    const std::vector<int> reference_predicted =
        known.reference ? *known.reference : variant_predictions(*reference, test);
    result.reference_confusion = confusion_matrix(reference_predicted, test, kLabClasses);
    result.agreement = agreement(predicted, reference_predicted);
    result.disagreements = disagreements(predicted, reference_predicted, test);
    const ParsedVariant parsed_reference = parse_variant(*reference);
    result.reference_format = format_name(parsed_reference.format);
    reference_weights = weight_tensors(parsed_reference);
    result.activations = activation_error(variant, *reference, test,
                                          std::min(options.activation_digits, test.count));
  }
  const std::vector<WeightTensor>* against = reference ? &reference_weights : nullptr;
  result.tensors = tensor_table(parsed, against);
  result.weights = weight_pictures(weights, against, options.histogram_bins);
  result.bytes = bytes_breakdown(variant, weights);
  return result;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
