// Interpreter: graph checks, storage, constant folding and kernel preparation in the
// constructor; the edges and the kernels in run(). See interpreter.h.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cstring>
#include <stdexcept>

#include "core/format/tflite_checks.h"
#include "core/runtime/dequantize.h"
#include "core/runtime/interpreter.h"
#include "core/runtime/op_resolver.h"
#include "core/runtime/prepare_checks.h"
#include "core/runtime/quantize.h"
#include "core/runtime/reshape.h"

namespace qplab {

using runtime::RuntimeTensor;

namespace {

std::string operator_label(std::size_t index, const tflite::OperatorDef& op) {
  return "interpreter: operator " + std::to_string(index) + " (" + tflite::to_string(op.op) + "): ";
}

RuntimeTensor bind_tensor(const tflite::Model& model, std::size_t index) {
  const tflite::TensorDef& def = model.tensors[index];
  RuntimeTensor t;
  t.index = static_cast<int>(index);
  t.name = def.name;
  t.type = def.type;
  t.shape = def.shape;
  t.quantization = def.quantization;
  // Activations are allocated for max_batch samples: a hostile shape must not wrap size_t on
  // wasm32, which the tensor byte cap rules out.
  const std::string problem = tflite::tensor_bounds_problem(model, def);
  if (!problem.empty())
    throw std::runtime_error("interpreter: " + runtime::describe(t) + ": " + problem);
  t.elements = 1;
  for (int d : def.shape) t.elements *= static_cast<std::size_t>(d);
  const std::vector<std::uint8_t>& bytes = model.buffers[def.buffer];
  if (!bytes.empty()) t.constant = &bytes;
  return t;
}

// The operator's input tensor (indices_problem() has checked the index): −1 marks an omitted
// optional input.
const RuntimeTensor* input_tensor(const std::vector<RuntimeTensor>& tensors, int index,
                                  std::size_t position) {
  if (index == -1) return nullptr;
  const RuntimeTensor& t = tensors[static_cast<std::size_t>(index)];
  if (!t.is_constant() && !t.produced)
    runtime::fail("input " + std::to_string(position) + " (" + runtime::describe(t) +
                  ") is read before any operator writes it (operators must be in execution order)");
  return &t;
}

}  // namespace

Interpreter::Interpreter(const tflite::Model& model, int max_batch) : max_batch_(max_batch) {
  runtime::RunBudget budget(max_batch);
  if (model.version != tflite::kSchemaVersion)
    throw std::runtime_error("interpreter: schema version must be 3, got " +
                             std::to_string(model.version));
  // Every tensor index in range, as the reader and the writer check (tflite_checks.h).
  const std::string bad_index = tflite::indices_problem(model);
  if (!bad_index.empty()) throw std::runtime_error("interpreter: " + bad_index);
  if (model.inputs.size() != 1 || model.outputs.size() != 1)
    throw std::runtime_error("interpreter: the graph must have one input and one output, got " +
                             std::to_string(model.inputs.size()) + " and " +
                             std::to_string(model.outputs.size()));
  if (model.operators.empty()) throw std::runtime_error("interpreter: the graph has no operators");
  std::vector<RuntimeTensor> tensors;
  tensors.reserve(model.tensors.size());
  for (std::size_t i = 0; i < model.tensors.size(); ++i) tensors.push_back(bind_tensor(model, i));
  RuntimeTensor& input = tensors[static_cast<std::size_t>(model.inputs[0])];
  if (input.is_constant())
    throw std::runtime_error("interpreter: graph input " + runtime::describe(input) +
                             " is a constant");
  input_ = make_edge(input, "input");
  allocate(input, budget);
  input.produced = true;
  input_.data = input.data;

  for (std::size_t i = 0; i < model.operators.size(); ++i) {
    const tflite::OperatorDef& op = model.operators[i];
    try {
      prepare_operator(op, tensors, budget);
      const RuntimeTensor& output = tensors[static_cast<std::size_t>(op.outputs[0])];
      if (output.data != nullptr) record_operator_output(static_cast<int>(i), op, output);
    } catch (const std::exception& e) {
      throw std::runtime_error(operator_label(i, op) + e.what());
    }
  }

  const RuntimeTensor& output = tensors[static_cast<std::size_t>(model.outputs[0])];
  if (!output.produced || output.data == nullptr)
    throw std::runtime_error("interpreter: graph output " + runtime::describe(output) +
                             " is never computed");
  output_ = make_edge(output, "output");
  output_.data = output.data;
  folded_.clear();  // kernels keep their own copies of every constant
}

Interpreter::~Interpreter() = default;
Interpreter::Interpreter(Interpreter&&) noexcept = default;
Interpreter& Interpreter::operator=(Interpreter&&) noexcept = default;

Interpreter::Edge Interpreter::make_edge(const RuntimeTensor& tensor, const char* role) const {
  Edge edge;
  edge.shape = tensor.shape;
  if (edge.shape.size() > 1 && edge.shape.front() == 1) edge.shape.erase(edge.shape.begin());
  edge.elements = tensor.elements;
  edge.type = tensor.type;
  try {
    if (tensor.type == tflite::TensorType::kInt8) {
      edge.params = runtime::int8_activation_params(tensor, role);
    } else if (tensor.type != tflite::TensorType::kFloat32) {
      runtime::fail(std::string(role) + " must be FLOAT32 or INT8, got " +
                    runtime::describe(tensor));
    }
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("interpreter: graph ") + e.what());
  }
  return edge;
}

void Interpreter::allocate(RuntimeTensor& tensor, runtime::RunBudget& budget) {
  budget.charge_activation(tensor);  // bounds n well inside size_t
  const std::size_t n = tensor.elements * static_cast<std::size_t>(max_batch_);
  if (tensor.type == tflite::TensorType::kFloat32) {
    float_storage_.emplace_back(n);
    tensor.data = float_storage_.back().data();  // a moved vector keeps its buffer
  } else if (tensor.type == tflite::TensorType::kInt8) {
    int8_storage_.emplace_back(n);
    tensor.data = int8_storage_.back().data();
  } else {
    runtime::fail("run-time tensors must be FLOAT32 or INT8, got " + runtime::describe(tensor));
  }
}

void Interpreter::prepare_operator(const tflite::OperatorDef& op,
                                   std::vector<RuntimeTensor>& tensors,
                                   runtime::RunBudget& budget) {
  if (op.outputs.size() != 1)
    runtime::fail("expected 1 output, got " + std::to_string(op.outputs.size()));
  RuntimeTensor& output = tensors[static_cast<std::size_t>(op.outputs[0])];
  if (output.is_constant())
    runtime::fail("output " + runtime::describe(output) + " has constant data in the file");
  if (output.produced)
    runtime::fail("output " + runtime::describe(output) +
                  " is already written by the graph input or an earlier operator");
  std::vector<const RuntimeTensor*> inputs;
  for (std::size_t k = 0; k < op.inputs.size(); ++k)
    inputs.push_back(input_tensor(tensors, op.inputs[k], k));

  if (op.op == tflite::BuiltinOperator::kDequantize && inputs.size() == 1 && inputs[0] &&
      inputs[0]->is_constant()) {
    // Constant folding: float16 / int8 weights become float32 constants once.
    const std::vector<float> values = runtime::dequantize_constant(*inputs[0], output);
    std::vector<std::uint8_t>& bytes = folded_.emplace_back(values.size() * sizeof(float));
    if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    output.constant = &bytes;
    return;
  }
  if (op.op == tflite::BuiltinOperator::kReshape) {
    if (inputs.empty() || inputs.size() > 2 || !inputs[0])
      runtime::fail("expected 1 or 2 inputs, got " + std::to_string(inputs.size()));
    runtime::check_reshape(op, *inputs[0], inputs.size() > 1 ? inputs[1] : nullptr, output);
    output.data = inputs[0]->data;  // same row-major values, new shape
    output.produced = true;
    return;
  }
  budget.charge_work(op, inputs, output);
  allocate(output, budget);
  kernels_.push_back(runtime::make_kernel(op, inputs, output));
  output.produced = true;
}

void Interpreter::run(const float* input, int batch, float* output) {
  if (batch < 1 || batch > max_batch_)
    throw std::invalid_argument("interpreter: batch must be in 1.." + std::to_string(max_batch_) +
                                ", got " + std::to_string(batch));
  const std::size_t n_in = static_cast<std::size_t>(batch) * input_.elements;
  if (input_.type == tflite::TensorType::kInt8)
    qplab::quantize(input, n_in, input_.params, static_cast<std::int8_t*>(input_.data));
  else
    std::memcpy(input_.data, input, n_in * sizeof(float));
  for (const auto& kernel : kernels_) kernel->run(batch);
  const std::size_t n_out = static_cast<std::size_t>(batch) * output_.elements;
  if (output_.type == tflite::TensorType::kInt8)
    qplab::dequantize(static_cast<const std::int8_t*>(output_.data), n_out, output_.params, output);
  else
    std::memcpy(output, output_.data, n_out * sizeof(float));
}

void Interpreter::record_operator_output(int op_index, const tflite::OperatorDef& op,
                                         const RuntimeTensor& output) {
  OperatorOutput described;
  described.op_index = op_index;
  described.op = op.op;
  described.shape = output.shape;
  described.elements = output.elements;
  described.type = output.type;
  if (output.type == tflite::TensorType::kInt8)
    described.params = runtime::int8_activation_params(output, "output");
  operator_outputs_.push_back(std::move(described));
  operator_output_data_.push_back(output.data);
}

void Interpreter::operator_output(std::size_t k, int sample, float* values) const {
  if (k >= operator_outputs_.size())
    throw std::out_of_range("interpreter: operator output " + std::to_string(k) + " of " +
                            std::to_string(operator_outputs_.size()));
  if (sample < 0 || sample >= max_batch_)
    throw std::out_of_range("interpreter: sample " + std::to_string(sample) + " outside 0.." +
                            std::to_string(max_batch_ - 1));
  const OperatorOutput& described = operator_outputs_[k];
  const std::size_t first = static_cast<std::size_t>(sample) * described.elements;
  if (described.type == tflite::TensorType::kInt8) {
    const auto* q = static_cast<const std::int8_t*>(operator_output_data_[k]) + first;
    qplab::dequantize(q, described.elements, described.params, values);
  } else {
    const auto* x = static_cast<const float*>(operator_output_data_[k]) + first;
    std::memcpy(values, x, described.elements * sizeof(float));
  }
}

std::vector<int> Interpreter::input_shape() const { return input_.shape; }
std::vector<int> Interpreter::output_shape() const { return output_.shape; }

}  // namespace qplab

QPLAB_COLD_FILE_END
