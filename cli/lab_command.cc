// cli/lab_command.cc — runs core/lab, writes each variant's bytes to --out, and checks that
// each file on disk has exactly the bytes the report gives.
#include "cli/lab_command.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "cli/json_output.h"
#include "cli/load_digits.h"
#include "cli/number_format.h"
#include "core/data/file_bytes.h"
#include "core/lab/lab.h"

namespace qplab {

// Found by nlohmann through argument-dependent lookup, so in the report type's namespace.
static void to_json(cli::Json& json, const VariantReport& v) {
  json = {{"id", v.id},
          {"file", v.file},
          {"bytes", v.bytes},
          {"gzip_bytes", v.gzip_bytes},
          {"accuracy", v.accuracy},
          {"sparsity", v.sparsity},
          {"us_per_digit", v.us_per_digit}};
}

namespace cli {

namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  write_file_atomically(path.string(), bytes);
  if (fs::file_size(path) != bytes.size())
    throw std::runtime_error(path.string() + " does not hold the bytes written");
}

// A line per training stage, numbered in the core's stage list, and on a terminal one progress
// line redrawn in place.
LabCallbacks stderr_progress() {
  const bool live = isatty(fileno(stderr)) != 0;
  LabCallbacks callbacks;
  callbacks.on_stage = [live](const std::string& id) {
    const std::vector<LabStage>& stages = lab_stages();
    for (std::size_t i = 0; i < stages.size(); ++i)
      if (stages[i].id == id && stages[i].trains())
        std::fprintf(stderr, "%slab: stage %zu/%zu: %s\n", live ? "\r\033[K" : "", i + 1,
                     stages.size(), stages[i].label.c_str());
  };
  if (live)
    callbacks.on_batch = [](const LabProgress& p) {
      const BatchProgress& b = p.batch;
      if (b.batch % 10 != 0 && b.batch != b.batches) return;
      std::fprintf(stderr, "\r\033[K  %s: epoch %d/%d  batch %d/%d  loss %s  accuracy %s",
                   p.stage.c_str(), b.epoch, b.epochs, b.batch, b.batches, fixed(b.loss, 4).c_str(),
                   fixed(b.accuracy, 4).c_str());
      if (b.batch == b.batches && b.epoch == b.epochs) std::fputc('\n', stderr);
    };
  return callbacks;
}

std::string times(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2fx", ratio);
  return text;
}

void print_table(const LabCommandOptions& o, const LabReport& report) {
  const VariantReport& baseline = report.variant("baseline");
  std::printf("%-16s %-22s %9s %9s %9s %9s %9s %9s %9s\n", "variant", "file", "bytes", "gzip",
              "x bytes", "x gzip", "accuracy", "sparsity", "us/digit");
  for (const VariantReport& v : report.variants)
    std::printf(
        "%-16s %-22s %9s %9s %9s %9s %9s %9s %9s\n", v.id.c_str(), v.file.c_str(),
        grouped(static_cast<long long>(v.bytes)).c_str(),
        grouped(static_cast<long long>(v.gzip_bytes)).c_str(),
        times(static_cast<double>(baseline.bytes) / static_cast<double>(v.bytes)).c_str(),
        times(static_cast<double>(baseline.gzip_bytes) / static_cast<double>(v.gzip_bytes)).c_str(),
        fixed(v.accuracy, 4).c_str(), fixed(v.sparsity, 3).c_str(),
        fixed(v.us_per_digit, 1).c_str());
  std::printf("\nx bytes, x gzip: times smaller than the baseline checkpoint (raw, gzip -9).\n");
  std::printf("Accuracies on the %d test digits, each read back from its file in %s.\n",
              report.test_digits, o.out_dir.c_str());
  std::printf("Float baseline fine-tuned as long as the pruned model, unpruned: %s.\n",
              fixed(report.fine_tuned_float_accuracy, 4).c_str());
  std::printf("%d training digits; whole lab %s s.\n", report.train_digits,
              fixed(report.seconds, 1).c_str());
}

Json json_report(const LabCommandOptions& o, const LabReport& report) {
  return Json{{"command", "lab"},
              {"data", o.data_dir},
              {"out", o.out_dir},
              {"variants", report.variants},
              {"fine_tuned_float_accuracy", report.fine_tuned_float_accuracy},
              {"epochs", o.epochs},
              {"learning_rate", o.learning_rate},
              {"seed", o.seed},
              {"train_digits", report.train_digits},
              {"test_digits", report.test_digits},
              {"seconds", report.seconds}};
}

}  // namespace

int run_lab_command(const LabCommandOptions& options) {
  fs::create_directories(options.out_dir);
  const TrainTest digits = load_digits(options.data_dir);
  LabOptions lab;
  lab.epochs = options.epochs;
  lab.learning_rate = options.learning_rate;
  lab.seed = options.seed;
  lab.calibration.observer.rule = options.calibration;
  const LabResult result = run_lab(digits, lab, stderr_progress());
  for (std::size_t i = 0; i < result.files.size(); ++i)
    write_file(fs::path(options.out_dir) / result.report.variants[i].file, result.files[i]);
  if (options.json) {
    print_json(json_report(options, result.report));
  } else {
    print_table(options, result.report);
  }
  return 0;
}

}  // namespace cli

}  // namespace qplab
