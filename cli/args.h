// cli/args.h — the command line of `qplab`: its commands, their options with defaults, and a
// strict parser (a number must parse completely and lie in range; an unknown or incomplete
// option is a UsageError, which main turns into exit code 2).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/quant/observer.h"

namespace qplab::cli {

// The MNIST IDX folder: the build passes <repo>/data/mnist.
const char* default_data_dir();

struct TrainOptions {
  std::string data_dir = default_data_dir();
  int epochs = 1;                // the seed lab trains one epoch
  int batch_size = 32;           // at most budget::kMaxBatchSize
  double learning_rate = 0.001;  // Adam's, Keras's default
  std::uint64_t seed = 1;
  double validation_fraction = 0.1;
  std::string out = "baseline.qplab";  // a float checkpoint (core/format/checkpoint.h)
  bool json = false;
};

struct EvalOptions {
  std::string file;
  std::string data_dir = default_data_dir();
  bool json = false;
};

struct LabCommandOptions {
  std::string data_dir = default_data_dir();
  int epochs = 1;                // baseline training, as the seed
  double learning_rate = 0.001;  // Adam's in every training stage, Keras's default
  std::uint64_t seed = 1;
  RangeRule calibration = RangeRule::kMinMax;  // ptq-int8's and pruned-int8's activation ranges
  std::string out_dir = "lab";                 // every variant's file is written here
  bool json = false;
};

// `qplab predict FILE`: a .tflite or a checkpoint (told apart by content) on the test digits.
struct PredictOptions {
  std::string file;
  std::string data_dir = default_data_dir();
  bool json = false;
};

// `qplab inspect FILE [--against FILE]`: a variant (and a reference) layer by layer.
struct InspectCommandOptions {
  std::string file;
  std::string against;  // "": no reference
  std::string data_dir = default_data_dir();
  bool json = false;
};

enum class Command { kHelp, kTrain, kEval, kLab, kPredict, kInspect };

struct CommandLine {
  Command command = Command::kHelp;
  std::string help_topic;  // for kHelp: "" (everything) or a command name
  TrainOptions train;
  EvalOptions eval;
  LabCommandOptions lab;
  PredictOptions predict;
  InspectCommandOptions inspect;
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `args` excludes the program name. Accepts `--name value` and `--name=value` (a value starts
// with '-' only when a digit follows, as in -3); the last of a repeated option wins. Throws
// UsageError naming the argument that is wrong.
CommandLine parse_command_line(const std::vector<std::string>& args);

}  // namespace qplab::cli
