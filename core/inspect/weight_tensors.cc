// The weighted layers' constants of a .tflite model or a checkpoint, as real values.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/inspect/weight_tensors.h"
#include "core/runtime/dequantize.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab {

namespace {

// The runtime's decoders read a RuntimeTensor; this one only points at the model's bytes.
runtime::RuntimeTensor constant_view(const tflite::Model& model, int index) {
  const tflite::TensorDef& def = model.tensors[static_cast<std::size_t>(index)];
  runtime::RuntimeTensor view;
  view.index = index;
  view.name = def.name;
  view.type = def.type;
  view.shape = def.shape;
  view.elements = 1;
  for (int d : def.shape) view.elements *= static_cast<std::size_t>(d);
  view.quantization = def.quantization;
  view.constant = &model.buffers.at(def.buffer);
  return view;
}

template <typename Code>
void dequantize_levels(const std::vector<Code>& codes, WeightTensor& tensor) {
  const runtime::ChannelLayout layout = runtime::channel_layout(tensor.shape, tensor.quantization);
  tensor.levels.assign(codes.begin(), codes.end());
  tensor.values.resize(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const std::size_t c = layout.channel_of(i);
    const double scale = tensor.quantization.scale[c];
    const double zero_point = static_cast<double>(tensor.quantization.zero_point[c]);
    tensor.values[i] = static_cast<float>(scale * (static_cast<double>(codes[i]) - zero_point));
  }
}

WeightTensor tflite_weight(const ParsedVariant& variant, int layer, std::size_t op_index,
                           const char* role, int input) {
  const tflite::Model& model = variant.model;
  const tflite::OperatorDef& op = model.operators[op_index];
  WeightTensor tensor;
  tensor.layer = layer;
  tensor.op_index = static_cast<int>(op_index);
  tensor.op = tflite::to_string(op.op);
  tensor.role = role;
  try {
    tensor.tensor = tflite::constant_source(model, input);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("inspect: operator " + std::to_string(op_index) + " (" + tensor.op +
                                ") " + role + ": " + e.what());
  }
  const runtime::RuntimeTensor view = constant_view(model, tensor.tensor);
  const tflite::TensorDef& def = model.tensors[static_cast<std::size_t>(tensor.tensor)];
  tensor.shape = def.shape;
  tensor.type = def.type;
  tensor.quantization = def.quantization;
  tensor.bytes = variant.buffer_ranges.at(def.buffer);
  const bool quantized = !def.quantization.empty() && (def.type == tflite::TensorType::kInt8 ||
                                                       def.type == tflite::TensorType::kInt32);
  if (def.type == tflite::TensorType::kInt8 && quantized)
    dequantize_levels(runtime::constant_int8(view), tensor);
  else if (def.type == tflite::TensorType::kInt32 && quantized)
    dequantize_levels(runtime::constant_int32(view), tensor);
  else if (def.type == tflite::TensorType::kFloat32 || def.type == tflite::TensorType::kFloat16)
    tensor.values = runtime::constant_floats(view);
  else
    throw std::invalid_argument("inspect: " + runtime::describe(view) + " of operator " +
                                std::to_string(op_index) + " is " + tflite::to_string(def.type) +
                                " without quantization; its real values are unknown");
  return tensor;
}

std::vector<WeightTensor> tflite_weights(const ParsedVariant& variant) {
  std::vector<WeightTensor> tensors;
  int layer = 0;
  for (std::size_t i = 0; i < variant.model.operators.size(); ++i) {
    const tflite::OperatorDef& op = variant.model.operators[i];
    if (op.op != tflite::BuiltinOperator::kConv2D &&
        op.op != tflite::BuiltinOperator::kFullyConnected)
      continue;
    if (op.inputs.size() > 1)
      tensors.push_back(tflite_weight(variant, layer, i, "weights", op.inputs[1]));
    if (op.inputs.size() > 2 && op.inputs[2] != -1)
      tensors.push_back(tflite_weight(variant, layer, i, "bias", op.inputs[2]));
    ++layer;
  }
  return tensors;
}

std::vector<WeightTensor> checkpoint_weights(const ParsedVariant& variant) {
  std::vector<WeightTensor> tensors;
  int layer = 0, param = 0;
  const auto& layers = variant.network->layers();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const std::vector<ParamRef> params = layers[i]->params();
    for (std::size_t k = 0; k < params.size(); ++k, ++param) {
      const ParamRef& p = params[k];
      WeightTensor tensor;
      tensor.layer = layer;
      tensor.op_index = static_cast<int>(i);
      tensor.op = op_name(layers[i]->kind());
      tensor.role = k == 0 ? "weights" : "bias";  // every layer lists its kernel, then its bias
      tensor.tensor = param;
      tensor.shape = p.shape;
      tensor.values.assign(p.value, p.value + p.size());
      tensor.bytes = variant.tensor_data.at(static_cast<std::size_t>(param));
      tensors.push_back(std::move(tensor));
    }
    if (!params.empty()) ++layer;
  }
  return tensors;
}

}  // namespace

double WeightTensor::scale_of(std::size_t i) const {
  if (quantization.empty() || levels.empty()) return std::numeric_limits<double>::quiet_NaN();
  return quantization.scale[runtime::channel_layout(shape, quantization).channel_of(i)];
}

std::vector<WeightTensor> weight_tensors(const ParsedVariant& variant) {
  return variant.format == VariantFormat::kTflite ? tflite_weights(variant)
                                                  : checkpoint_weights(variant);
}

const WeightTensor* counterpart(const WeightTensor& tensor,
                                const std::vector<WeightTensor>& reference) {
  for (const WeightTensor& candidate : reference)
    if (candidate.layer == tensor.layer && candidate.role == tensor.role &&
        candidate.values.size() == tensor.values.size())
      return &candidate;
  return nullptr;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
