// cli/args.cc — parses `qplab <command> [options]` with one table of options per command.
#include "cli/args.h"

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <functional>

#include "core/base/budgets.h"
#include "core/format/number_text.h"
#include "core/lab/lab.h"
#include "core/nn/adam.h"

#ifndef QPLAB_DEFAULT_DATA_DIR
#define QPLAB_DEFAULT_DATA_DIR "data/mnist"
#endif

namespace qplab::cli {

const char* default_data_dir() { return QPLAB_DEFAULT_DATA_DIR; }

namespace {

struct Option {
  const char* name;  // "--epochs"
  bool takes_value;
  std::function<void(const std::string&)> set;
};

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

// Walks args[first, end): options from the table, anything else goes to `positional`.
void parse_options(const std::vector<std::string>& args, std::size_t first,
                   const std::string& command, const std::vector<Option>& options,
                   const std::function<void(const std::string&)>& positional) {
  for (std::size_t i = first; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 2 || arg[0] != '-') {
      positional(arg);
      continue;
    }
    const std::size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    const Option* option = nullptr;
    for (const Option& candidate : options)
      if (name == candidate.name) option = &candidate;
    if (option == nullptr)
      throw UsageError("unknown option '" + name + "' for 'qplab " + command + "'");
    if (!option->takes_value) {
      if (equals != std::string::npos) throw UsageError("option '" + name + "' takes no value");
      option->set("");
    } else if (equals != std::string::npos) {
      option->set(arg.substr(equals + 1));
    } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
      option->set(args[++i]);
    } else {
      throw UsageError("option '" + name + "' needs a value");
    }
  }
}

CommandLine help_for(const std::string& topic) {
  CommandLine line;
  line.help_topic = topic;
  return line;
}

void reject_positional(const std::string& command, const std::string& arg) {
  throw UsageError("unexpected argument '" + arg + "' for 'qplab " + command + "'");
}

// The options every command takes: --data DIR, --json, --help/-h; then `specific` ones.
std::vector<Option> with_common_options(std::string& data_dir, bool& json, bool& help,
                                        std::vector<Option> specific) {
  specific.insert(specific.begin(), {
      {"--data", true, [&](const std::string& v) { data_dir = v; }},
      {"--json", false, [&](const std::string&) { json = true; }},
      {"--help", false, [&](const std::string&) { help = true; }},
      {"-h", false, [&](const std::string&) { help = true; }},
  });
  return specific;
}

// A positional handler that takes one FILE and refuses a second.
std::function<void(const std::string&)> one_file(const std::string& command, std::string& file) {
  return [&file, command](const std::string& arg) {
    if (!file.empty()) reject_positional(command, arg);
    file = arg;
  };
}

CommandLine parse_train(const std::vector<std::string>& args) {
  CommandLine line;
  line.command = Command::kTrain;
  TrainOptions& o = line.train;
  bool help = false;
  const std::vector<Option> options = with_common_options(o.data_dir, o.json, help, {
      {"--epochs", true,
       [&](const std::string& v) { o.epochs = parse_int("--epochs", v, 1, INT_MAX); }},
      {"--batch", true,
       [&](const std::string& v) {
         o.batch_size = parse_int("--batch", v, 1, budget::kMaxBatchSize);
       }},
      {"--learning-rate", true,
       [&](const std::string& v) { o.learning_rate = parse_learning_rate("--learning-rate", v); }},
      {"--seed", true, [&](const std::string& v) { o.seed = parse_seed("--seed", v); }},
      {"--validation", true,
       [&](const std::string& v) { o.validation_fraction = parse_fraction("--validation", v); }},
      {"--out", true, [&](const std::string& v) { o.out = v; }},
  });
  parse_options(args, 1, "train", options,
                [](const std::string& arg) { reject_positional("train", arg); });
  if (help) return help_for("train");
  if (o.data_dir.empty()) throw UsageError("--data must not be empty");
  if (o.out.empty()) throw UsageError("--out must not be empty");
  return line;
}

CommandLine parse_eval(const std::vector<std::string>& args) {
  CommandLine line;
  line.command = Command::kEval;
  EvalOptions& o = line.eval;
  bool help = false;
  parse_options(args, 1, "eval", with_common_options(o.data_dir, o.json, help, {}),
                one_file("eval", o.file));
  if (help) return help_for("eval");
  if (o.file.empty()) throw UsageError("'qplab eval' needs a checkpoint FILE");
  if (o.data_dir.empty()) throw UsageError("--data must not be empty");
  return line;
}

CommandLine parse_lab(const std::vector<std::string>& args) {
  CommandLine line;
  line.command = Command::kLab;
  LabCommandOptions& o = line.lab;
  bool help = false;
  const std::vector<Option> options = with_common_options(o.data_dir, o.json, help, {
      {"--epochs", true,
       [&](const std::string& v) { o.epochs = parse_int("--epochs", v, 1, kMaxLabEpochs); }},
      {"--learning-rate", true,
       [&](const std::string& v) { o.learning_rate = parse_learning_rate("--learning-rate", v); }},
      {"--seed", true, [&](const std::string& v) { o.seed = parse_seed("--seed", v); }},
      {"--out", true, [&](const std::string& v) { o.out_dir = v; }},
  });
  parse_options(args, 1, "lab", options, [](const std::string& arg) { reject_positional("lab", arg); });
  if (help) return help_for("lab");
  if (o.data_dir.empty()) throw UsageError("--data must not be empty");
  if (o.out_dir.empty()) throw UsageError("--out must not be empty");
  return line;
}

CommandLine parse_predict(const std::vector<std::string>& args) {
  CommandLine line;
  line.command = Command::kPredict;
  PredictOptions& o = line.predict;
  bool help = false;
  parse_options(args, 1, "predict", with_common_options(o.data_dir, o.json, help, {}),
                one_file("predict", o.file));
  if (help) return help_for("predict");
  if (o.file.empty()) throw UsageError("'qplab predict' needs a FILE (.tflite or checkpoint)");
  if (o.data_dir.empty()) throw UsageError("--data must not be empty");
  return line;
}

CommandLine parse_inspect(const std::vector<std::string>& args) {
  CommandLine line;
  line.command = Command::kInspect;
  InspectCommandOptions& o = line.inspect;
  bool help = false, against_given = false;
  const std::vector<Option> options = with_common_options(o.data_dir, o.json, help, {
      {"--against", true, [&](const std::string& v) { o.against = v, against_given = true; }},
  });
  parse_options(args, 1, "inspect", options, one_file("inspect", o.file));
  if (help) return help_for("inspect");
  if (o.file.empty()) throw UsageError("'qplab inspect' needs a FILE (.tflite or checkpoint)");
  if (against_given && o.against.empty()) throw UsageError("--against must not be empty");
  if (o.data_dir.empty()) throw UsageError("--data must not be empty");
  return line;
}

}  // namespace

CommandLine parse_command_line(const std::vector<std::string>& args) {
  if (args.empty())
    throw UsageError("no command given (train, eval, lab, predict, inspect or help)");
  const std::string& command = args[0];
  if (command == "train") return parse_train(args);
  if (command == "eval") return parse_eval(args);
  if (command == "lab") return parse_lab(args);
  if (command == "predict") return parse_predict(args);
  if (command == "inspect") return parse_inspect(args);
  if (command == "help" || command == "--help" || command == "-h") {
    if (args.size() > 2) reject_positional("help", args[2]);
    const std::string topic = args.size() == 2 ? args[1] : "";
    if (!topic.empty() && topic != "train" && topic != "eval" && topic != "lab" &&
        topic != "predict" && topic != "inspect")
      throw UsageError("no help for '" + topic +
                       "' (try 'qplab help train', eval, lab, predict or inspect)");
    return help_for(topic);
  }
  if (command.rfind("-", 0) == 0) throw UsageError("unknown option '" + command + "'");
  throw UsageError("unknown command '" + command +
                   "' (train, eval, lab, predict, inspect or help)");
}

}  // namespace qplab::cli
