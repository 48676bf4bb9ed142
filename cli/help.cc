// cli/help.cc — usage text; defaults are spliced in from the option structs so they cannot
// drift from what the parser does.
#include "cli/help.h"

#include <cstdio>

#include "cli/args.h"
#include "core/base/budgets.h"
#include "core/base/number_text.h"
#include "core/inspect/inspection.h"
#include "core/lab/lab.h"
#include "core/nn/adam.h"

namespace qplab::cli {

namespace {

const char* const kOverview =
    "qplab — train the lab's digit classifier (a 20,410-parameter CNN), quantize and prune it\n"
    "\n"
    "usage:\n"
    "  qplab train [--data DIR] [--epochs N] [--batch B] [--learning-rate R] [--seed S]\n"
    "              [--validation F] [--out FILE] [--json]\n"
    "  qplab eval FILE [--data DIR] [--json]\n"
    "  qplab lab [--data DIR] [--epochs N] [--learning-rate R] [--seed S]\n"
    "            [--calibration minmax|percentile] [--out DIR] [--json]\n"
    "  qplab predict FILE [--data DIR] [--json]\n"
    "  qplab inspect FILE [--against FILE] [--data DIR] [--json]\n"
    "  qplab help [train|eval|lab|predict|inspect]   (also: qplab --help, qplab COMMAND --help)\n"
    "\n"
    "Progress and messages go to stderr; results to stdout (one JSON object with --json).\n"
    "Exit status: 0 success, 1 runtime error (data, files, training, a diverged run),\n"
    "2 usage error.\n";

std::string shortest(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string learning_rate_range() {
  return number_text(kMinLearningRate) + " <= R <= " + number_text(kMaxLearningRate);
}

std::string train_text() {
  const TrainOptions d;
  return "usage: qplab train [options]\n"
         "\n"
         "Trains the lab CNN with Adam on the training digits, holds out a seeded validation\n"
         "subset, saves a float checkpoint, reads it back and evaluates it on the test digits.\n"
         "\n"
         "options:\n"
         "  --data DIR        folder with the four MNIST IDX .gz files\n"
         "                    (default " +
         d.data_dir +
         ")\n"
         "  --epochs N        passes over the training digits, N >= 1 (default " +
         std::to_string(d.epochs) +
         ")\n"
         "  --batch B         digits per Adam step, 1 <= B <= " +
         std::to_string(budget::kMaxBatchSize) + " (default " + std::to_string(d.batch_size) +
         ")\n"
         "  --learning-rate R Adam's learning rate, " +
         learning_rate_range() + " (default " + shortest(d.learning_rate) +
         ");\n"
         "                    a run whose loss becomes NaN stops: 'training diverged'\n"
         "  --seed S          initial weights, validation split and shuffling (default " +
         std::to_string(d.seed) +
         ")\n"
         "  --validation F    fraction of training digits held out, 0 <= F < 1 (default " +
         shortest(d.validation_fraction) +
         ")\n"
         "  --out FILE        the checkpoint to write (default " +
         d.out +
         ")\n"
         "  --json            print one JSON object: test_accuracy, test_loss, params, bytes,\n"
         "                    epochs, batch_size, learning_rate, seed, seconds, train_samples,\n"
         "                    validation_samples, history, file\n";
}

std::string eval_text() {
  const EvalOptions d;
  return "usage: qplab eval FILE [options]\n"
         "\n"
         "Loads a float checkpoint (as written by 'qplab train') and evaluates it on the test\n"
         "digits: accuracy, loss and the 10x10 confusion matrix.\n"
         "\n"
         "options:\n"
         "  --data DIR        folder with the four MNIST IDX .gz files\n"
         "                    (default " +
         d.data_dir +
         ")\n"
         "  --json            print one JSON object: test_accuracy, test_loss, params, bytes,\n"
         "                    count, confusion (rows: true digit, columns: predicted), file\n";
}

std::string lab_text() {
  const LabCommandOptions d;
  return "usage: qplab lab [options]\n"
         "\n"
         "Runs the seed lab end to end: trains the baseline, converts it to TFLite, quantizes it\n"
         "after training (ptq-dynamic, ptq-int8, ptq-float16) and during training (qat-int8),\n"
         "prunes it 50% -> 80% (pruned), and combines both (pruned-int8, pruned-qat-int8).\n"
         "Writes every variant's file to DIR and measures each from that file's own bytes.\n"
         "\n"
         "options:\n"
         "  --data DIR        folder with the four MNIST IDX .gz files\n"
         "                    (default " +
         d.data_dir +
         ")\n"
         "  --epochs N        baseline training epochs, 1 to " +
         std::to_string(kMaxLabEpochs) + " (default " + std::to_string(d.epochs) +
         ")\n"
         "  --learning-rate R Adam's learning rate in every training stage,\n"
         "                    " +
         learning_rate_range() + " (default " + shortest(d.learning_rate) +
         ");\n"
         "                    a stage whose loss becomes NaN stops the lab: 'training diverged'\n"
         "  --seed S          initial weights, validation split and shuffling (default " +
         std::to_string(d.seed) +
         ")\n"
         "  --calibration C   how ptq-int8 and pruned-int8 calibrate their activation ranges:\n"
         "                    minmax (default, as TF's converter) or percentile (clips at the\n"
         "                    " +
         shortest(ObserverOptions().percentile) +
         "th percentile of |x|)\n"
         "  --out DIR         folder for the variant files (default " +
         d.out_dir +
         ")\n"
         "  --json            print one JSON object: variants [{id, file, bytes, gzip_bytes,\n"
         "                    accuracy, sparsity, us_per_digit}], fine_tuned_float_accuracy, ...\n";
}

std::string predict_text() {
  const PredictOptions d;
  return "usage: qplab predict FILE [options]\n"
         "\n"
         "Reads a .tflite file (through qplab's runtime) or a checkpoint and predicts every test\n"
         "digit one at a time: accuracy, and with --json the predicted digit of each.\n"
         "\n"
         "options:\n"
         "  --data DIR        folder with the four MNIST IDX .gz files\n"
         "                    (default " +
         d.data_dir +
         ")\n"
         "  --json            print one JSON object: file, accuracy, count, predictions\n";
}

std::string inspect_text() {
  const InspectCommandOptions d;
  const InspectOptions core;
  return "usage: qplab inspect FILE [options]\n"
         "\n"
         "Reads a .tflite file or a checkpoint and shows what quantization and pruning did to it:\n"
         "every tensor (operator, role, shape, type, bytes and share of the file, sparsity,\n"
         "scales and zero points), where the bytes go (each weight tensor and the structure,\n"
         "raw and gzip -9), and the confusion matrix on the test digits. With --against, also\n"
         "each weight tensor's error against the reference's (RMSE and max in units of its\n"
         "scale, SQNR in dB), each layer's output error on " +
         std::to_string(core.activation_digits) +
         " test digits spread over\n"
         "the set (TFLite's quantization debugger statistics), and the digits the two predict\n"
         "apart.\n"
         "\n"
         "options:\n"
         "  --against FILE    the reference (.tflite or checkpoint), e.g. the lab's float.tflite\n"
         "  --data DIR        folder with the four MNIST IDX .gz files\n"
         "                    (default " +
         d.data_dir +
         ")\n"
         "  --json            print one JSON object: file, format, bytes, tensors,\n"
         "                    bytes_breakdown, confusion, weights (histograms, kernel values),\n"
         "                    and with --against: reference, agreement, layers, disagreements.\n"
         "                    Infinite SQNR (equal weights) and NaN are null.\n";
}

}  // namespace

std::string help_text(const std::string& topic) {
  if (topic == "train") return train_text();
  if (topic == "eval") return eval_text();
  if (topic == "lab") return lab_text();
  if (topic == "predict") return predict_text();
  if (topic == "inspect") return inspect_text();
  return kOverview;
}

}  // namespace qplab::cli
