// cli/args.cc — the command line through CLI11: qplab's commands are its subcommands. Every
// value goes to one of the checks below, so a message names the option and the value; CLI11's
// own help and error texts are off (the texts are cli/help.cc's, the errors UsageErrors).
#include "cli/args.h"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <utility>

#include "core/base/budgets.h"
#include "core/base/number_text.h"
#include "core/lab/lab.h"
#include "core/nn/adam.h"

#ifndef QPLAB_DEFAULT_DATA_DIR
#define QPLAB_DEFAULT_DATA_DIR "data/mnist"
#endif

namespace qplab::cli {

const char* default_data_dir() { return QPLAB_DEFAULT_DATA_DIR; }

namespace {

const char* const kCommands = "train, eval, lab, predict, inspect or help";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A whole number in [low, high]: optional '-', decimal digits, nothing else.
int parse_int(const std::string& option, const std::string& text, int low, int high) {
  const bool shaped = !text.empty() && (is_digit(text[0]) || (text[0] == '-' && text.size() > 1));
  char* end = nullptr;
  errno = 0;
  const long long value = shaped ? std::strtoll(text.c_str(), &end, 10) : 0;
  if (!shaped || *end != '\0')
    throw UsageError(option + " expects a whole number, got '" + text + "'");
  if (errno != ERANGE && value < low)
    throw UsageError(option + " must be at least " + std::to_string(low) + ", got " + text);
  if (errno == ERANGE || value > high)
    throw UsageError(option + " is too large (at most " + std::to_string(high) + "), got " + text);
  return static_cast<int>(value);
}

std::uint64_t parse_seed(const std::string& option, const std::string& text) {
  // strtoull would accept "-1" and wrap it around; a seed is digits only.
  const bool shaped = !text.empty() && is_digit(text[0]);
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = shaped ? std::strtoull(text.c_str(), &end, 10) : 0;
  if (!shaped || *end != '\0')
    throw UsageError(option + " expects a whole number >= 0, got '" + text + "'");
  if (errno == ERANGE) throw UsageError(option + " is too large (at most 2^64 - 1), got " + text);
  return value;
}

// A number in decimal or e-notation only: strtod would also take "nan", "inf", hex and
// leading blanks.
double parse_decimal(const std::string& option, const std::string& text) {
  const bool shaped = !text.empty() && (is_digit(text[0]) || text[0] == '.' || text[0] == '-');
  char* end = nullptr;
  const double value = shaped ? std::strtod(text.c_str(), &end) : 0.0;
  if (!shaped || end == text.c_str() || *end != '\0' || !std::isfinite(value))
    throw UsageError(option + " expects a number, got '" + text + "'");
  return value;
}

double parse_fraction(const std::string& option, const std::string& text) {
  const double value = parse_decimal(option, text);
  if (!(value >= 0.0 && value < 1.0)) throw UsageError(option + " must be in [0, 1), got " + text);
  return value;
}

// A positive number within the core's learning-rate bounds.
double parse_learning_rate(const std::string& option, const std::string& text) {
  const double value = parse_decimal(option, text);
  if (!(value >= kMinLearningRate && value <= kMaxLearningRate))
    throw UsageError(option + " must be from " + number_text(kMinLearningRate) + " to " +
                     number_text(kMaxLearningRate) + ", got " + text);
  return value;
}

// `--name VALUE` or `--name=VALUE`: `set` checks each value given, in order, so the last one
// wins. CLI11 takes no value that looks like an option, and gives "" for a missing value and
// for an empty one alike.
void add_value(CLI::App& command, const std::string& name,
               std::function<void(const std::string&)> set) {
  const auto each = [name, set = std::move(set)](const CLI::results_t& values) {
    for (const std::string& value : values) {
      if (value.empty()) throw UsageError("option '" + name + "' needs a value");
      set(value);
    }
    return true;
  };
  command.add_option(name, each)
      ->expected(0, 1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

// `names`: "--json" or "--help,-h"; `--json=1` is an error.
void add_flag(CLI::App& command, const std::string& names, bool& flag) {
  const std::string name = names.substr(0, names.find(','));
  const auto each = [name, &flag](const CLI::results_t& values) {
    for (const std::string& value : values)
      if (!value.empty()) throw UsageError("option '" + name + "' takes no value");
    flag = true;
    return true;
  };
  // expected(0, 0), not expected(0): a flag-like option would read `--json=true` as `--json`.
  command.add_option(names, each)
      ->expected(0, 0)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

// A command with the options every command takes: --data DIR, --json, --help/-h.
CLI::App& add_command(CLI::App& qplab, const std::string& name, std::string& data_dir, bool& json,
                      bool& help) {
  CLI::App& command = *qplab.add_subcommand(name);
  command.set_help_flag();
  command.allow_extras();  // reported by reject_extras, in qplab's words
  add_value(command, "--data", [&data_dir](const std::string& v) { data_dir = v; });
  add_flag(command, "--json", json);
  add_flag(command, "--help,-h", help);
  return command;
}

// The first argument CLI11 did not place: an unknown option or one positional too many.
void reject_extras(const CLI::App& command) {
  const std::vector<std::string> extras = command.remaining();
  if (extras.empty()) return;
  const std::string& arg = extras.front();
  const std::string name = command.get_name();
  if (arg.size() >= 2 && arg[0] == '-')
    throw UsageError("unknown option '" + arg.substr(0, arg.find('=')) + "' for 'qplab " + name +
                     "'");
  throw UsageError("unexpected argument '" + arg + "' for 'qplab " + name + "'");
}

bool is_command(const std::string& name) {
  return name == "train" || name == "eval" || name == "lab" || name == "predict" ||
         name == "inspect";
}

UsageError no_help_for(const std::string& topic) {
  return UsageError("no help for '" + topic +
                    "' (try 'qplab help train', eval, lab, predict or inspect)");
}

}  // namespace

CommandLine parse_command_line(const std::vector<std::string>& args) {
  CommandLine line;
  CLI::App qplab("qplab");
  qplab.set_help_flag();
  qplab.allow_extras();
  // One command at most: a FILE named like a command is a FILE.
  qplab.require_subcommand(0, 1);
  bool help = false;
  add_flag(qplab, "--help,-h", help);

  bool command_help = false;  // `qplab COMMAND --help`: one command is parsed at most
  TrainOptions& train = line.train;
  CLI::App& train_command = add_command(qplab, "train", train.data_dir, train.json, command_help);
  add_value(train_command, "--epochs",
            [&](const std::string& v) { train.epochs = parse_int("--epochs", v, 1, INT_MAX); });
  add_value(train_command, "--batch", [&](const std::string& v) {
    train.batch_size = parse_int("--batch", v, 1, budget::kMaxBatchSize);
  });
  add_value(train_command, "--learning-rate", [&](const std::string& v) {
    train.learning_rate = parse_learning_rate("--learning-rate", v);
  });
  add_value(train_command, "--seed",
            [&](const std::string& v) { train.seed = parse_seed("--seed", v); });
  add_value(train_command, "--validation", [&](const std::string& v) {
    train.validation_fraction = parse_fraction("--validation", v);
  });
  add_value(train_command, "--out", [&](const std::string& v) { train.out = v; });

  EvalOptions& eval = line.eval;
  CLI::App& eval_command = add_command(qplab, "eval", eval.data_dir, eval.json, command_help);
  eval_command.add_option("FILE", eval.file);

  LabCommandOptions& lab = line.lab;
  CLI::App& lab_command = add_command(qplab, "lab", lab.data_dir, lab.json, command_help);
  add_value(lab_command, "--epochs",
            [&](const std::string& v) { lab.epochs = parse_int("--epochs", v, 1, kMaxLabEpochs); });
  add_value(lab_command, "--learning-rate", [&](const std::string& v) {
    lab.learning_rate = parse_learning_rate("--learning-rate", v);
  });
  add_value(lab_command, "--seed",
            [&](const std::string& v) { lab.seed = parse_seed("--seed", v); });
  add_value(lab_command, "--calibration", [&](const std::string& v) {
    if (v != "minmax" && v != "percentile")
      throw UsageError("--calibration must be minmax or percentile, got '" + v + "'");
    lab.calibration = v == "percentile" ? RangeRule::kPercentile : RangeRule::kMinMax;
  });
  add_value(lab_command, "--out", [&](const std::string& v) { lab.out_dir = v; });

  PredictOptions& predict = line.predict;
  CLI::App& predict_command =
      add_command(qplab, "predict", predict.data_dir, predict.json, command_help);
  predict_command.add_option("FILE", predict.file);

  InspectCommandOptions& inspect = line.inspect;
  CLI::App& inspect_command =
      add_command(qplab, "inspect", inspect.data_dir, inspect.json, command_help);
  inspect_command.add_option("FILE", inspect.file);
  add_value(inspect_command, "--against", [&](const std::string& v) { inspect.against = v; });

  CLI::App& help_command = *qplab.add_subcommand("help");
  help_command.set_help_flag();
  help_command.allow_extras();
  std::string topic;
  help_command.add_option("COMMAND", topic);

  try {
    qplab.parse(std::vector<std::string>(args.rbegin(), args.rend()));  // CLI11 pops the back
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }

  const std::vector<CLI::App*> commands = qplab.get_subcommands();
  const std::vector<std::string> extras = qplab.remaining();
  if (help) {  // `qplab --help [COMMAND]`
    if (!extras.empty()) throw no_help_for(extras.front());
    line.help_topic = commands.empty() ? "" : commands.front()->get_name();
    return line;
  }
  if (!extras.empty()) {
    const std::string& arg = extras.front();
    if (arg.rfind("-", 0) == 0) throw UsageError("unknown option '" + arg + "'");
    throw UsageError("unknown command '" + arg + "' (" + kCommands + ")");
  }
  if (commands.empty()) throw UsageError(std::string("no command given (") + kCommands + ")");
  CLI::App& command = *commands.front();
  reject_extras(command);
  const std::string& name = command.get_name();
  if (name == "help") {
    if (!topic.empty() && !is_command(topic)) throw no_help_for(topic);
    line.help_topic = topic;
    return line;
  }
  if (command_help) {
    line.help_topic = name;
    return line;
  }
  if (name == "train") {
    line.command = Command::kTrain;
  } else if (name == "eval") {
    line.command = Command::kEval;
    if (eval.file.empty()) throw UsageError("'qplab eval' needs a checkpoint FILE");
  } else if (name == "lab") {
    line.command = Command::kLab;
  } else if (name == "predict") {
    line.command = Command::kPredict;
    if (predict.file.empty())
      throw UsageError("'qplab predict' needs a FILE (.tflite or checkpoint)");
  } else {
    line.command = Command::kInspect;
    if (inspect.file.empty())
      throw UsageError("'qplab inspect' needs a FILE (.tflite or checkpoint)");
  }
  return line;
}

}  // namespace qplab::cli
