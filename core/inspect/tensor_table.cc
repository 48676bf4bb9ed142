// Builds the per-tensor table from the parsed file and its weight tensors.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>

#include "core/inspect/tensor_table.h"

namespace qplab {

namespace {

double share(std::size_t bytes, std::size_t file_bytes) {
  return file_bytes ? static_cast<double>(bytes) / static_cast<double>(file_bytes) : 0.0;
}

double zero_share(const std::vector<float>& values) {
  if (values.empty()) return WeightError::kNaN;
  const auto zeros = std::count(values.begin(), values.end(), 0.0f);
  return static_cast<double>(zeros) / static_cast<double>(values.size());
}

// Constants that are not weights (a RESHAPE's shape): elements whose bytes are all zero.
double zero_elements(const std::vector<std::uint8_t>& data, std::size_t element_bytes) {
  if (data.empty() || element_bytes == 0) return WeightError::kNaN;
  std::size_t zeros = 0;
  for (std::size_t i = 0; i + element_bytes <= data.size(); i += element_bytes)
    zeros += std::all_of(data.begin() + static_cast<std::ptrdiff_t>(i),
                         data.begin() + static_cast<std::ptrdiff_t>(i + element_bytes),
                         [](std::uint8_t b) { return b == 0; });
  return static_cast<double>(zeros) / static_cast<double>(data.size() / element_bytes);
}

void describe_quantization(const tflite::Quantization& q, TensorRow& row) {
  if (q.empty()) return;
  row.scales = static_cast<int>(q.scale.size());
  row.quantized_dimension = q.quantized_dimension;
  row.scale_min = *std::min_element(q.scale.begin(), q.scale.end());
  row.scale_max = *std::max_element(q.scale.begin(), q.scale.end());
  if (!q.zero_point.empty()) {
    row.zero_point_min = *std::min_element(q.zero_point.begin(), q.zero_point.end());
    row.zero_point_max = *std::max_element(q.zero_point.begin(), q.zero_point.end());
  }
}

void fill_weight(const WeightTensor& weight, const std::vector<WeightTensor>* reference,
                 TensorRow& row) {
  row.role = weight.role;
  row.sparsity = zero_share(weight.values);
  if (reference == nullptr) return;
  if (const WeightTensor* match = counterpart(weight, *reference))
    row.error = weight_error(weight, match->values);
}

std::vector<TensorRow> tflite_table(const ParsedVariant& variant,
                                    const std::vector<WeightTensor>* reference) {
  const tflite::Model& model = variant.model;
  const std::vector<WeightTensor> weights = weight_tensors(variant);
  const auto weight_at = [&](int index) -> const WeightTensor* {
    for (const WeightTensor& w : weights)
      if (w.tensor == index) return &w;
    return nullptr;
  };
  std::vector<TensorRow> rows;
  std::vector<bool> listed(model.tensors.size(), false);
  const auto add = [&](int index, int op_index) {
    if (index < 0 || static_cast<std::size_t>(index) >= listed.size() ||
        listed[static_cast<std::size_t>(index)])
      return;
    listed[static_cast<std::size_t>(index)] = true;
    const tflite::TensorDef& def = model.tensors[static_cast<std::size_t>(index)];
    const std::vector<std::uint8_t>& data = model.buffers.at(def.buffer);
    TensorRow row;
    row.tensor = index;
    row.op_index = op_index;
    if (op_index >= 0)
      row.op = tflite::to_string(model.operators[static_cast<std::size_t>(op_index)].op);
    row.name = def.name;
    row.shape = def.shape;
    row.type = tflite::to_string(def.type);
    row.bytes = data.size();
    row.file_share = share(row.bytes, variant.file_bytes);
    describe_quantization(def.quantization, row);
    const bool is_input =
        std::find(model.inputs.begin(), model.inputs.end(), index) != model.inputs.end();
    if (is_input) {
      row.role = "input";
    } else if (const WeightTensor* weight = weight_at(index)) {
      fill_weight(*weight, reference, row);
    } else if (!data.empty()) {
      row.role = "constant";
      row.sparsity = zero_elements(data, tflite::element_size(def.type));
    } else {
      row.role = "activation";
      // A DEQUANTIZE's copy of stored weights: the role of what it copies.
      for (const WeightTensor& w : weights)
        for (const tflite::OperatorDef& op : model.operators)
          if (op.op == tflite::BuiltinOperator::kDequantize && op.outputs.at(0) == index &&
              !op.inputs.empty() && op.inputs[0] == w.tensor)
            row.role = w.role;
    }
    rows.push_back(std::move(row));
  };
  for (std::size_t i = 0; i < model.operators.size(); ++i) {
    for (int input : model.operators[i].inputs) add(input, static_cast<int>(i));
    for (int output : model.operators[i].outputs) add(output, static_cast<int>(i));
  }
  for (std::size_t t = 0; t < model.tensors.size(); ++t) add(static_cast<int>(t), -1);
  return rows;
}

std::vector<TensorRow> checkpoint_table(const ParsedVariant& variant,
                                        const std::vector<WeightTensor>* reference) {
  std::vector<TensorRow> rows;
  const std::vector<ParamRef> params = variant.network->params();
  for (const WeightTensor& weight : weight_tensors(variant)) {
    TensorRow row;
    row.tensor = weight.tensor;
    row.op_index = weight.op_index;
    row.op = weight.op;
    row.name = params.at(static_cast<std::size_t>(weight.tensor)).name;
    row.shape = weight.shape;
    row.type = tflite::to_string(weight.type);
    row.bytes = weight.bytes.size;
    row.file_share = share(row.bytes, variant.file_bytes);
    fill_weight(weight, reference, row);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::vector<TensorRow> tensor_table(const ParsedVariant& variant,
                                    const std::vector<WeightTensor>* reference) {
  return variant.format == VariantFormat::kTflite ? tflite_table(variant, reference)
                                                  : checkpoint_table(variant, reference);
}

}  // namespace qplab

QPLAB_COLD_FILE_END
