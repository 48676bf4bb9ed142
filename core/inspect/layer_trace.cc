// Runs a .tflite variant or a checkpoint at batch 1 and exposes every intermediate output.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cstring>
#include <limits>
#include <stdexcept>

#include "core/format/checkpoint.h"
#include "core/format/tflite_reader.h"
#include "core/inspect/layer_trace.h"
#include "core/inspect/parsed_variant.h"
#include "core/lab/variant_model.h"
#include "core/nn/softmax_cross_entropy.h"

namespace qplab {

namespace {

bool is_lab_layer(tflite::BuiltinOperator op) {
  return op == tflite::BuiltinOperator::kConv2D || op == tflite::BuiltinOperator::kMaxPool2D ||
         op == tflite::BuiltinOperator::kFullyConnected || op == tflite::BuiltinOperator::kSoftmax;
}

}  // namespace

LayerTrace::LayerTrace(const std::vector<std::uint8_t>& bytes) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (format_of(bytes) == VariantFormat::kTflite) {
    interpreter_ = std::make_unique<Interpreter>(tflite::read_tflite(bytes), 1);
    input_elements_ = interpreter_->input_elements();
    model_output_.resize(interpreter_->output_elements());
    for (const Interpreter::OperatorOutput& o : interpreter_->operator_outputs()) {
      TracedOutput traced;
      traced.index = o.op_index;
      traced.op = tflite::to_string(o.op);
      traced.shape = o.shape;
      traced.elements = o.elements;
      traced.scale = o.type == tflite::TensorType::kInt8 ? o.params.scale : kNaN;
      traced.layer = is_lab_layer(o.op);
      outputs_.push_back(std::move(traced));
    }
    return;
  }
  network_ = std::make_unique<Sequential>(load_checkpoint(bytes));
  Shape shape{1};
  for (int d : network_->sample_input_shape()) shape.push_back(d);
  input_ = Tensor(shape);
  input_elements_ = input_.size();
  Shape sample = shape;
  const auto& layers = network_->layers();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    sample = layers[i]->output_shape(sample);
    TracedOutput traced;
    traced.index = static_cast<int>(i);
    traced.op = op_name(layers[i]->kind());
    traced.shape = sample;  // batch 1, as a .tflite's
    traced.elements = element_count(sample);
    traced.scale = kNaN;
    const LayerKind kind = layers[i]->kind();
    traced.layer =
        kind == LayerKind::kConv2D || kind == LayerKind::kMaxPool2D || kind == LayerKind::kDense;
    outputs_.push_back(traced);
  }
  if (!layers.empty() && layers.back()->kind() == LayerKind::kDense) {
    TracedOutput softmax = outputs_.back();
    softmax.index = static_cast<int>(layers.size());
    softmax.op = tflite::to_string(tflite::BuiltinOperator::kSoftmax);
    outputs_.push_back(softmax);
  }
}

LayerTrace::~LayerTrace() = default;

void LayerTrace::run(const float* pixels) {
  if (interpreter_) {
    interpreter_->run(pixels, 1, model_output_.data());
    return;
  }
  std::memcpy(input_.data(), pixels, input_.size() * sizeof(float));
  const Tensor& logits = network_->forward(input_, Mode::kInfer);
  if (outputs_.size() > network_->layers().size()) softmax_rows(logits, probabilities_);
}

void LayerTrace::output(std::size_t k, float* values) const {
  if (interpreter_) {
    interpreter_->operator_output(k, 0, values);
    return;
  }
  const Tensor& source = k < network_->layers().size() ? network_->layer_output(k) : probabilities_;
  std::memcpy(values, source.data(), outputs_.at(k).elements * sizeof(float));
}

}  // namespace qplab

QPLAB_COLD_FILE_END
