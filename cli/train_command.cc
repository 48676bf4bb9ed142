// cli/train_command.cc — the accuracy printed is measured on the model read back from the
// written file, so it is the accuracy of the file the user keeps (docs/design.md).
#include "cli/train_command.h"

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "cli/json_output.h"
#include "cli/load_digits.h"
#include "cli/number_format.h"
#include "cli/progress_bar.h"
#include "core/base/stopwatch.h"
#include "core/data/file_bytes.h"
#include "core/format/checkpoint.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/train.h"

namespace qplab {

// Found by nlohmann through argument-dependent lookup, so in the report type's namespace.
static void to_json(cli::Json& json, const EpochResult& e) {
  json = {{"epoch", e.epoch},
          {"loss", e.loss},
          {"accuracy", e.accuracy},
          {"val_loss", e.val_loss},  // null without a validation subset
          {"val_accuracy", e.val_accuracy},
          {"seconds", e.seconds}};
}

namespace cli {

namespace {

struct TrainReport {
  History history;
  Evaluation test;
  std::size_t params = 0;
  std::uintmax_t bytes = 0;
  double seconds = 0.0;
};

Json json_report(const TrainOptions& o, const TrainReport& r) {
  return Json{{"command", "train"},
              {"file", o.out},
              {"data", o.data_dir},
              {"test_accuracy", r.test.accuracy},
              {"test_loss", r.test.loss},
              {"test_count", r.test.count},
              {"params", r.params},
              {"bytes", r.bytes},
              {"epochs", o.epochs},
              {"batch_size", o.batch_size},
              {"learning_rate", o.learning_rate},
              {"seed", o.seed},
              {"validation_fraction", o.validation_fraction},
              {"train_samples", r.history.train_samples},
              {"validation_samples", r.history.validation_samples},
              {"seconds", r.seconds},
              {"history", r.history.epochs}};
}

void print_human(const TrainOptions& o, const TrainReport& r) {
  const int correct = static_cast<int>(std::lround(r.test.accuracy * r.test.count));
  std::printf("test accuracy  %s  (%s / %s digits)\n", fixed(r.test.accuracy, 4).c_str(),
              grouped(correct).c_str(), grouped(r.test.count).c_str());
  std::printf("test loss      %s\n", fixed(r.test.loss, 4).c_str());
  std::printf("parameters     %s\n", grouped(static_cast<long long>(r.params)).c_str());
  std::printf("checkpoint     %s  (%s bytes)\n", o.out.c_str(),
              grouped(static_cast<long long>(r.bytes)).c_str());
  std::printf("time           %s s  (%d epoch%s, batch %d, seed %llu, %s train / %s validation)\n",
              fixed(r.seconds, 1).c_str(), o.epochs, o.epochs == 1 ? "" : "s", o.batch_size,
              static_cast<unsigned long long>(o.seed), grouped(r.history.train_samples).c_str(),
              grouped(r.history.validation_samples).c_str());
}

// Fails before the minutes of training rather than after them.
void check_writable(const std::string& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(out, ec)) throw std::runtime_error("--out " + out + " is a folder");
  const fs::path folder = fs::path(out).parent_path();
  if (!folder.empty() && !fs::is_directory(folder, ec))
    throw std::runtime_error("cannot write " + out + ": folder " + folder.string() +
                             " does not exist");
}

}  // namespace

int run_train(const TrainOptions& options) {
  const Stopwatch clock;
  check_writable(options.out);
  const TrainTest data = load_digits(options.data_dir);

  Rng rng(options.seed);
  Sequential model = build_lab_cnn(rng);
  AdamOptions adam;
  adam.learning_rate = static_cast<float>(options.learning_rate);
  Adam optimizer(model.params(), adam);
  ProgressBar progress(stderr, isatty(fileno(stderr)) != 0);
  FitOptions fit_options;
  fit_options.epochs = options.epochs;
  fit_options.batch_size = options.batch_size;
  fit_options.validation_fraction = options.validation_fraction;
  fit_options.seed = options.seed;
  fit_options.on_batch = [&](const BatchProgress& p) { progress.on_batch(p); };
  fit_options.on_epoch = [&](const EpochResult& e) { progress.on_epoch(e); };

  TrainReport report;
  report.history = fit(model, optimizer, data.train, fit_options);
  write_file_atomically(options.out, save_checkpoint(model));
  Sequential saved = load_checkpoint_file(options.out);
  report.bytes = std::filesystem::file_size(options.out);
  report.params = saved.parameter_count();
  report.test = evaluate(saved, data.test);
  report.seconds = clock.seconds();

  if (options.json) {
    print_json(json_report(options, report));
  } else {
    print_human(options, report);
  }
  return 0;
}

}  // namespace cli

}  // namespace qplab
