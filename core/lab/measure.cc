// Reads a variant's bytes back and measures it on the test digits.
#include "core/lab/measure.h"

#include <chrono>
#include <cstring>
#include <stdexcept>

#include "core/format/checkpoint.h"
#include "core/format/gzip_size.h"
#include "core/format/tflite_reader.h"
#include "core/nn/softmax_cross_entropy.h"
#include "core/prune/magnitude_pruner.h"
#include "core/runtime/interpreter.h"

namespace qplab {

namespace {

using Clock = std::chrono::steady_clock;

struct Predictions {
  std::vector<int> labels;
  double seconds = 0.0;
};

// One digit at a time into `predict(const float* pixels, int classes) -> int`.
template <typename Predict>
Predictions predict_all(const Dataset& data, Predict predict) {
  Predictions result;
  std::vector<float> pixels(static_cast<std::size_t>(data.pixels()));
  const auto start = Clock::now();
  for (int i = 0; i < data.count; ++i) {
    const std::uint8_t* digit = data.images.data() + static_cast<std::size_t>(i) * pixels.size();
    for (std::size_t k = 0; k < pixels.size(); ++k) pixels[k] = static_cast<float>(digit[k]) * (1.0f / 255.0f);
    result.labels.push_back(predict(pixels.data()));
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

Predictions run_tflite(const tflite::Model& model, const Dataset& data) {
  Interpreter interpreter(model, 1);
  if (interpreter.input_elements() != static_cast<std::size_t>(data.pixels()))
    throw std::invalid_argument("measure: the model takes " + std::to_string(interpreter.input_elements()) +
                                " values per sample, the digits have " + std::to_string(data.pixels()));
  std::vector<float> scores(interpreter.output_elements());
  const int classes = static_cast<int>(scores.size());
  return predict_all(data, [&](const float* pixels) {
    interpreter.run(pixels, 1, scores.data());
    return argmax_row(scores.data(), classes);
  });
}

Predictions run_checkpoint(Sequential& model, const Dataset& data) {
  Tensor x({1, data.rows, data.cols});
  return predict_all(data, [&](const float* pixels) {
    std::memcpy(x.data(), pixels, x.size() * sizeof(float));
    const Tensor& logits = model.forward(x, Mode::kInfer);
    return argmax_row(logits.data(), logits.dim(1));
  });
}

double accuracy(const std::vector<int>& predicted, const Dataset& data) {
  int correct = 0;
  for (int i = 0; i < data.count; ++i) correct += predicted[static_cast<std::size_t>(i)] == data.labels[static_cast<std::size_t>(i)];
  return data.count ? static_cast<double>(correct) / data.count : 0.0;
}

std::size_t count_zeros(const tflite::TensorDef& tensor, const std::vector<std::uint8_t>& data) {
  std::size_t zeros = 0;
  switch (tensor.type) {
    case tflite::TensorType::kFloat32:
      for (std::size_t i = 0; i + 4 <= data.size(); i += 4) {
        float v;
        std::memcpy(&v, data.data() + i, 4);
        zeros += v == 0.0f;
      }
      break;
    case tflite::TensorType::kFloat16:
      for (std::size_t i = 0; i + 2 <= data.size(); i += 2) zeros += (data[i] | (data[i + 1] & 0x7f)) == 0;
      break;
    case tflite::TensorType::kInt8:
      for (std::uint8_t b : data) zeros += b == 0;
      break;
    case tflite::TensorType::kInt32:
      throw std::invalid_argument("measure: tensor '" + tensor.name + "' is INT32, not a kernel");
  }
  return zeros;
}

// The constant tensor feeding `index`, looking through a DEQUANTIZE (float16 weights).
const tflite::TensorDef& constant_source(const tflite::Model& model, int index) {
  const tflite::TensorDef& tensor = model.tensors.at(static_cast<std::size_t>(index));
  if (tensor.buffer != 0) return tensor;
  for (const auto& op : model.operators)
    if (op.op == tflite::BuiltinOperator::kDequantize && op.outputs.at(0) == index)
      return constant_source(model, op.inputs.at(0));
  throw std::invalid_argument("measure: kernel tensor '" + tensor.name + "' has no constant data");
}

}  // namespace

double kernel_sparsity(const tflite::Model& model) {
  std::size_t zeros = 0, total = 0;
  for (const auto& op : model.operators) {
    if (op.op != tflite::BuiltinOperator::kConv2D && op.op != tflite::BuiltinOperator::kFullyConnected) continue;
    const tflite::TensorDef& kernel = constant_source(model, op.inputs.at(1));
    const auto& data = model.buffers.at(kernel.buffer);
    zeros += count_zeros(kernel, data);
    total += data.size() / tflite::element_size(kernel.type);
  }
  return total ? static_cast<double>(zeros) / static_cast<double>(total) : 0.0;
}

std::vector<int> tflite_predictions(const std::vector<std::uint8_t>& bytes, const Dataset& data) {
  return run_tflite(tflite::read_tflite(bytes), data).labels;
}

std::vector<int> checkpoint_predictions(const std::vector<std::uint8_t>& bytes, const Dataset& data) {
  Sequential model = load_checkpoint(bytes);
  return run_checkpoint(model, data).labels;
}

VariantReport measure_variant(const std::string& id, VariantFormat format, const std::vector<std::uint8_t>& bytes,
                              const Dataset& test) {
  VariantReport report;
  report.id = id;
  report.file = id + (format == VariantFormat::kTflite ? ".tflite" : ".qplab");
  report.bytes = bytes.size();
  report.gzip_bytes = gzip_size(bytes);
  Predictions predictions;
  if (format == VariantFormat::kTflite) {
    const tflite::Model model = tflite::read_tflite(bytes);
    predictions = run_tflite(model, test);
    report.sparsity = kernel_sparsity(model);
  } else {
    Sequential model = load_checkpoint(bytes);
    predictions = run_checkpoint(model, test);
    report.sparsity = sparsity_report(model).sparsity;
  }
  report.accuracy = accuracy(predictions.labels, test);
  report.us_per_digit = test.count ? predictions.seconds * 1e6 / test.count : 0.0;
  return report;
}

}  // namespace qplab
