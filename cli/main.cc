// cli/main.cc — `qplab`: parses the command line and runs one command. Every failure becomes
// one line on stderr, "qplab: <what is wrong>", and an exit code: 2 for a usage error (with a
// pointer to --help), 1 for anything else. Nothing escapes as a crash.
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/eval_command.h"
#include "cli/help.h"
#include "cli/inspect_command.h"
#include "cli/lab_command.h"
#include "cli/predict_command.h"
#include "cli/train_command.h"

namespace {

constexpr int kExitRuntimeError = 1;
constexpr int kExitUsageError = 2;

int run(const std::vector<std::string>& args) {
  using namespace qplab::cli;
  const CommandLine line = parse_command_line(args);
  switch (line.command) {
    case Command::kTrain:
      return run_train(line.train);
    case Command::kEval:
      return run_eval(line.eval);
    case Command::kLab:
      return run_lab_command(line.lab);
    case Command::kPredict:
      return run_predict(line.predict);
    case Command::kInspect:
      return run_inspect(line.inspect);
    case Command::kHelp:
      break;
  }
  std::fputs(help_text(line.help_topic).c_str(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const qplab::cli::UsageError& e) {
    std::fprintf(stderr, "qplab: %s\nsee 'qplab --help'\n", e.what());
    return kExitUsageError;
  } catch (const std::bad_alloc&) {  // where no command named what it was reading or building
    std::fprintf(stderr, "qplab: out of memory\n");
    return kExitRuntimeError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qplab: %s\n", e.what());
    return kExitRuntimeError;
  } catch (...) {
    std::fprintf(stderr, "qplab: unexpected error\n");
    return kExitRuntimeError;
  }
}
