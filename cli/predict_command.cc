// cli/predict_command.cc — tells a .tflite from a checkpoint by its identifier ("TFL3" at byte
// 4, format_of), so a renamed file still works, and reports what the lab would measure for it.
#include "cli/predict_command.h"

#include <cstdio>

#include "cli/json_output.h"
#include "cli/load_digits.h"
#include "cli/number_format.h"
#include "cli/out_of_memory.h"
#include "core/base/budgets.h"
#include "core/data/file_bytes.h"
#include "core/lab/measure.h"
#include "core/lab/variant_model.h"

namespace qplab::cli {

int run_predict(const PredictOptions& options) {
  const std::vector<std::uint8_t> bytes = naming_out_of_memory("reading " + options.file, [&] {
    return read_file_bytes(options.file, budget::kMaxModelFileBytes);
  });
  const TrainTest digits = load_digits(options.data_dir);
  const VariantFormat format = format_of(bytes);
  const std::vector<int> predictions =
      naming_out_of_memory("loading and running " + options.file,
                           [&] { return variant_predictions(bytes, digits.test); });
  int correct = 0;
  for (std::size_t i = 0; i < predictions.size(); ++i)
    correct += predictions[i] == digits.test.labels[i];
  const double accuracy =
      predictions.empty() ? 0.0
                          : static_cast<double>(correct) / static_cast<double>(predictions.size());
  if (options.json) {
    print_json(Json{{"command", "predict"},
                    {"file", options.file},
                    {"format", format == VariantFormat::kTflite ? "tflite" : "checkpoint"},
                    {"bytes", bytes.size()},
                    {"accuracy", accuracy},
                    {"count", predictions.size()},
                    {"predictions", predictions}});
  } else {
    std::printf("%s: %s, %s bytes, accuracy %s on %s test digits\n", options.file.c_str(),
                format == VariantFormat::kTflite ? ".tflite" : "checkpoint",
                grouped(static_cast<long long>(bytes.size())).c_str(), fixed(accuracy, 4).c_str(),
                grouped(static_cast<long long>(predictions.size())).c_str());
  }
  return 0;
}

}  // namespace qplab::cli
