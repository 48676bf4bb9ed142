// Loads a variant's bytes into the runtime (.tflite) or a Sequential (checkpoint).
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cstring>
#include <stdexcept>
#include <string>

#include "core/format/checkpoint.h"
#include "core/format/tflite_reader.h"
#include "core/lab/variant_model.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/softmax_cross_entropy.h"
#include "core/prune/magnitude_pruner.h"

namespace qplab {

namespace {

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
      for (std::size_t i = 0; i + 2 <= data.size(); i += 2)
        zeros += (data[i] | (data[i + 1] & 0x7f)) == 0;
      break;
    case tflite::TensorType::kInt8:
      for (std::uint8_t b : data) zeros += b == 0;
      break;
    case tflite::TensorType::kInt32:
      throw std::invalid_argument("variant: tensor '" + tensor.name + "' is INT32, not a kernel");
  }
  return zeros;
}

// Zero weights / all weights of the CONV_2D and FULLY_CONNECTED kernels, whatever their
// storage (float32, float16 behind a DEQUANTIZE, int8).
double kernel_sparsity(const tflite::Model& model) {
  std::size_t zeros = 0, total = 0;
  for (const auto& op : model.operators) {
    if (op.op != tflite::BuiltinOperator::kConv2D &&
        op.op != tflite::BuiltinOperator::kFullyConnected)
      continue;
    const tflite::TensorDef& kernel =
        model.tensors[static_cast<std::size_t>(tflite::constant_source(model, op.inputs.at(1)))];
    const auto& data = model.buffers.at(kernel.buffer);
    zeros += count_zeros(kernel, data);
    total += data.size() / tflite::element_size(kernel.type);
  }
  return total ? static_cast<double>(zeros) / static_cast<double>(total) : 0.0;
}

// A variant is a digit classifier: 28 × 28 pixels in, 10 scores out, checked from the shapes
// alone, before the runtime prepares anything or a layer runs.
void check_digit_classifier(std::size_t input_elements, const Shape& output, const char* format) {
  constexpr std::size_t kPixels = std::size_t{kLabImageSize} * kLabImageSize;
  if (input_elements != kPixels)
    throw std::runtime_error(std::string("variant: the ") + format + " takes " +
                             std::to_string(input_elements) + " values per sample; a digit has " +
                             std::to_string(kPixels) + " (28 x 28)");
  if (output != Shape{1, kLabClasses})
    throw std::runtime_error(std::string("variant: the ") + format + " outputs " +
                             to_string(output) + " per sample; a digit classifier outputs [1, " +
                             std::to_string(kLabClasses) + "]");
}

}  // namespace

VariantFormat format_of(const std::vector<std::uint8_t>& bytes) {
  const bool tflite = bytes.size() >= 8 && std::memcmp(bytes.data() + 4, "TFL3", 4) == 0;
  return tflite ? VariantFormat::kTflite : VariantFormat::kCheckpoint;
}

VariantModel::VariantModel(const std::vector<std::uint8_t>& bytes) : format_(format_of(bytes)) {
  if (format_ == VariantFormat::kTflite) {
    const tflite::Model model = tflite::read_tflite(bytes);
    if (model.inputs.size() != 1 || model.outputs.size() != 1)
      throw std::runtime_error(
          "variant: the .tflite graph has " + std::to_string(model.inputs.size()) + " inputs and " +
          std::to_string(model.outputs.size()) + " outputs; a digit classifier has one of each");
    const auto& input = model.tensors[static_cast<std::size_t>(model.inputs[0])];
    const auto& output = model.tensors[static_cast<std::size_t>(model.outputs[0])];
    check_digit_classifier(element_count(input.shape), output.shape, ".tflite graph");
    interpreter_ = std::make_unique<Interpreter>(model, 1);
    sparsity_ = kernel_sparsity(model);
  } else {
    network_ = std::make_unique<Sequential>(load_checkpoint(bytes));
    const Shape& sample = network_->sample_input_shape();
    Shape output{1};
    for (int d : network_->sample_output_shape()) output.push_back(d);
    check_digit_classifier(element_count(sample), output, "checkpoint");
    Shape shape{1};
    shape.insert(shape.end(), sample.begin(), sample.end());
    input_ = Tensor(shape);
    sparsity_ = sparsity_report(*network_).sparsity;
  }
  input_elements_ = kLabImageSize * kLabImageSize;
  classes_ = kLabClasses;
  output_.resize(static_cast<std::size_t>(classes_));
}

const float* VariantModel::scores(const float* pixels) {
  if (interpreter_) {
    interpreter_->run(pixels, 1, output_.data());
    return output_.data();
  }
  std::memcpy(input_.data(), pixels, input_.size() * sizeof(float));
  return network_->forward(input_, Mode::kInfer).data();
}

int VariantModel::predict(const float* pixels) { return argmax_row(scores(pixels), classes_); }

void VariantModel::probabilities(const float* pixels, float* probabilities) {
  if (interpreter_) {
    interpreter_->run(pixels, 1, probabilities);
    return;
  }
  std::memcpy(input_.data(), pixels, input_.size() * sizeof(float));
  softmax_rows(network_->forward(input_, Mode::kInfer), probabilities_);
  std::memcpy(probabilities, probabilities_.data(),
              static_cast<std::size_t>(classes_) * sizeof(float));
}

}  // namespace qplab

QPLAB_COLD_FILE_END
