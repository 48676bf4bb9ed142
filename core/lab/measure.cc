// Reads a variant's bytes back and measures it on the test digits.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <utility>

#include "core/base/stopwatch.h"
#include "core/format/gzip_size.h"
#include "core/lab/measure.h"
#include "core/lab/variant_model.h"

namespace qplab {

namespace {

struct Predictions {
  std::vector<int> labels;
  double seconds = 0.0;
};

Predictions predict_all(VariantModel& model, const Dataset& data) {
  Predictions result;
  if (model.input_elements() != data.pixels())
    throw std::invalid_argument(
        "measure: the model takes " + std::to_string(model.input_elements()) +
        " values per sample, the digits have " + std::to_string(data.pixels()));
  std::vector<float> pixels(static_cast<std::size_t>(data.pixels()));
  const Stopwatch clock;
  for (int i = 0; i < data.count; ++i) {
    const std::uint8_t* digit = data.images.data() + static_cast<std::size_t>(i) * pixels.size();
    for (std::size_t k = 0; k < pixels.size(); ++k)
      pixels[k] = static_cast<float>(digit[k]) * (1.0f / 255.0f);
    result.labels.push_back(model.predict(pixels.data()));
  }
  result.seconds = clock.seconds();
  return result;
}

double accuracy(const std::vector<int>& predicted, const Dataset& data) {
  int correct = 0;
  for (int i = 0; i < data.count; ++i)
    correct += predicted[static_cast<std::size_t>(i)] == data.labels[static_cast<std::size_t>(i)];
  return data.count ? static_cast<double>(correct) / data.count : 0.0;
}

}  // namespace

std::vector<int> variant_predictions(const std::vector<std::uint8_t>& bytes, const Dataset& data) {
  VariantModel model(bytes);
  return variant_predictions(model, data);
}

std::vector<int> variant_predictions(VariantModel& model, const Dataset& data) {
  return predict_all(model, data).labels;
}

VariantReport measure_variant(const std::string& id, const std::vector<std::uint8_t>& bytes,
                              const Dataset& test) {
  VariantModel model(bytes);
  VariantReport report;
  report.id = id;
  report.file = id + (model.format() == VariantFormat::kTflite ? ".tflite" : ".qplab");
  report.bytes = bytes.size();
  report.gzip_bytes = gzip_size(bytes);
  Predictions predictions = predict_all(model, test);
  report.sparsity = model.sparsity();
  report.accuracy = accuracy(predictions.labels, test);
  report.us_per_digit = test.count ? predictions.seconds * 1e6 / test.count : 0.0;
  report.predictions = std::move(predictions.labels);
  return report;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
