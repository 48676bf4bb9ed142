// Benchmark (one thread), native and as WebAssembly under node: training samples/s at batch 32
// and 128, inference µs per digit at batch 1, achieved GFLOP/s, and where the time of a
// training step goes, layer by layer, then the loss head and Adam. Every figure is the median
// of several runs. Not a test: it asserts nothing.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/base/stopwatch.h"
#include "core/data/batch.h"
#include "core/data/dataset.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/softmax_cross_entropy.h"
#include "core/nn/train.h"

#ifndef QPLAB_DEFAULT_DATA_DIR
#define QPLAB_DEFAULT_DATA_DIR "data/mnist"
#endif

using namespace qplab;

namespace {

// FLOP per sample of the lab CNN (multiply and add counted apart): forward = conv 676·12·9·2 +
// dense 2028·10·2; backward = conv dW + dense dW + dense dx (the conv's dx is never needed).
constexpr double kForwardFlop = 186576, kTrainFlop = 413712;
constexpr int kRuns = 5;
#ifdef __EMSCRIPTEN__
constexpr const char* kBuild = "WebAssembly";
constexpr double kTargetSamplesPerSecond = 20000;
#else
constexpr const char* kBuild = "native";
constexpr double kTargetSamplesPerSecond = 30000;
#endif

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// One epoch over all training digits (no validation split); samples/s of the fit loop itself.
double training_samples_per_second(const Dataset& train, int batch_size, int run) {
  Rng rng(static_cast<std::uint64_t>(run + 1));
  Sequential model = build_lab_cnn(rng);
  Adam adam(model.params());
  FitOptions options;
  options.batch_size = batch_size;
  options.validation_fraction = 0.0;
  options.seed = static_cast<std::uint64_t>(run + 1);
  const History history = fit(model, adam, train, options);
  return history.train_samples / history.epochs.front().seconds;
}

double inference_us_per_digit(const Dataset& test) {
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  Tensor x;
  std::vector<std::uint8_t> labels;
  volatile float sink = 0;
  const Stopwatch start;
  for (int i = 0; i < test.count; ++i) {
    gather_batch(test, &i, 1, x, labels);
    sink = sink + model.forward(x, Mode::kInfer)[0];
  }
  return start.seconds() * 1e6 / test.count;
}

// Forward and backward of each layer at one batch size, as fit drives them, and the rest of a
// step: the loss head (forward and backward) and Adam.
void layer_profile(const Dataset& train, int batch_size) {
  constexpr int kSteps = 100;
  Rng rng(1);
  Sequential model = build_lab_cnn(rng);
  const auto& layers = model.layers();
  std::vector<int> indices(static_cast<std::size_t>(batch_size));
  for (int i = 0; i < batch_size; ++i) indices[static_cast<std::size_t>(i)] = i * 97 % train.count;
  Tensor x;
  std::vector<std::uint8_t> labels;
  gather_batch(train, indices.data(), batch_size, x, labels);
  std::vector<Tensor> outputs(layers.size()), grads(layers.size());
  std::vector<std::vector<double>> forward_s(layers.size()), backward_s(layers.size());
  SoftmaxCrossEntropy head;
  Tensor dlogits;
  Adam adam(model.params());
  std::vector<double> head_s, adam_s;
  for (int step = 0; step < kSteps; ++step) {
    const Tensor* in = &x;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const Stopwatch start;
      layers[i]->forward(*in, outputs[i], Mode::kTrain);
      forward_s[i].push_back(start.seconds());
      in = &outputs[i];
    }
    const Stopwatch head_start;
    head.forward(outputs.back(), labels.data());
    head.backward(dlogits);
    head_s.push_back(head_start.seconds());
    const Tensor* dy = &dlogits;
    for (std::size_t i = layers.size(); i-- > 1;) {  // the first layer (Reshape) needs no gradient
      Tensor* dx = i > 1 ? &grads[i - 1] : nullptr;
      const Stopwatch start;
      layers[i]->backward(*dy, dx);
      backward_s[i].push_back(start.seconds());
      dy = dx;
    }
    const Stopwatch adam_start;
    adam.step();
    adam_s.push_back(adam_start.seconds());
  }
  std::printf(
      "\nwhere a training step's layer time goes (batch %d, median of %d steps, µs per sample)\n",
      batch_size, kSteps);
  std::printf("  %-14s %9s %9s\n", "layer", "forward", "backward");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const double f = median(forward_s[i]) * 1e6 / batch_size;
    const double b = backward_s[i].empty() ? 0.0 : median(backward_s[i]) * 1e6 / batch_size;
    std::printf("  %-14s %9.2f %9.2f\n", layers[i]->name().c_str(), f, b);
  }
  std::printf("  %-14s %9.2f %9s\n", "softmax_xent", median(head_s) * 1e6 / batch_size, "(both)");
  std::printf("  %-14s %9.2f\n", "adam step", median(adam_s) * 1e6 / batch_size);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string dir = argc > 1 ? argv[1] : QPLAB_DEFAULT_DATA_DIR;
    const TrainTest digits = load_idx_dir(dir);
    std::printf("qplab %s benchmark: %d training digits, one thread, median of %d runs\n\n", kBuild,
                digits.train.count, kRuns);
    std::printf("%-30s %14s %10s %12s\n", "measure", "median", "GFLOP/s", "vs target");
    for (int batch : {32, 128}) {
      std::vector<double> runs;
      for (int run = 0; run < kRuns; ++run)
        runs.push_back(training_samples_per_second(digits.train, batch, run));
      const double rate = median(runs);
      std::printf("%-30s %10.0f /s %10.2f %11.2fx\n",
                  ("training, batch " + std::to_string(batch)).c_str(), rate,
                  rate * kTrainFlop / 1e9, rate / kTargetSamplesPerSecond);
    }
    std::vector<double> latencies;
    for (int run = 0; run < kRuns; ++run) latencies.push_back(inference_us_per_digit(digits.test));
    const double us = median(latencies);
    std::printf("%-30s %10.2f us %10.2f %12s\n", "inference, batch 1, per digit", us,
                kForwardFlop / us / 1e3, "-");
    layer_profile(digits.train, 32);
    layer_profile(digits.train, 128);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qplab_bench: %s\n", e.what());
    return 1;
  }
}
