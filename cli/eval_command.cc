// cli/eval_command.cc — the checkpoint is read before the data, so a bad file fails fast, and
// its input and output shapes are checked against the digits before evaluating.
#include "cli/eval_command.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "cli/json_output.h"
#include "cli/load_digits.h"
#include "cli/number_format.h"
#include "cli/out_of_memory.h"
#include "core/format/checkpoint.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/train.h"

namespace qplab::cli {

namespace {

void check_fits(const Sequential& model, const Dataset& test, const std::string& file) {
  const Shape digits{test.rows, test.cols};
  if (model.sample_input_shape() != digits)
    throw std::runtime_error("checkpoint " + file + " takes samples of shape " +
                             to_string(model.sample_input_shape()) + ", the digits are " +
                             to_string(digits));
  if (model.sample_output_shape() != Shape{kLabClasses})
    throw std::runtime_error("checkpoint " + file + " outputs " +
                             to_string(model.sample_output_shape()) + ", not " +
                             std::to_string(kLabClasses) + " digit classes");
}

Json json_report(const EvalOptions& o, const Evaluation& e, std::size_t params,
                 std::uintmax_t bytes) {
  return Json{
      {"command", "eval"},        {"file", o.file},
      {"data", o.data_dir},       {"test_accuracy", e.accuracy},
      {"test_loss", e.loss},      {"count", e.count},
      {"params", params},         {"bytes", bytes},
      {"confusion", e.confusion},  // [true digit][predicted digit]
  };
}

void print_human(const EvalOptions& o, const Evaluation& e, std::size_t params,
                 std::uintmax_t bytes) {
  const int correct = static_cast<int>(std::lround(e.accuracy * e.count));
  std::printf("checkpoint     %s  (%s bytes, %s parameters)\n", o.file.c_str(),
              grouped(static_cast<long long>(bytes)).c_str(),
              grouped(static_cast<long long>(params)).c_str());
  std::printf("test accuracy  %s  (%s / %s digits)\n", fixed(e.accuracy, 4).c_str(),
              grouped(correct).c_str(), grouped(e.count).c_str());
  std::printf("test loss      %s\n\n", fixed(e.loss, 4).c_str());
  std::printf("confusion matrix (rows: true digit, columns: predicted)\n     ");
  for (int d = 0; d < 10; ++d) std::printf("%5d", d);
  std::printf("\n");
  for (std::size_t t = 0; t < e.confusion.size(); ++t) {
    std::printf("%5zu", t);
    for (int n : e.confusion[t]) std::printf("%5d", n);
    std::printf("\n");
  }
}

}  // namespace

int run_eval(const EvalOptions& options) {
  Sequential model = naming_out_of_memory("reading " + options.file,
                                          [&] { return load_checkpoint_file(options.file); });
  const std::uintmax_t bytes = std::filesystem::file_size(options.file);
  const TrainTest data = load_digits(options.data_dir);
  check_fits(model, data.test, options.file);
  const Evaluation result = naming_out_of_memory("evaluating " + options.file,
                                                 [&] { return evaluate(model, data.test); });
  const std::size_t params = model.parameter_count();
  if (options.json) {
    print_json(json_report(options, result, params, bytes));
  } else {
    print_human(options, result, params, bytes);
  }
  return 0;
}

}  // namespace qplab::cli
