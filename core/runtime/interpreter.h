// Interpreter — runs a tflite::Model (float32, float16 weights, dynamic-range hybrid, full
// integer int8) on batches of float samples. The constructor is the Prepare step: it checks
// the graph and every operator against what the kernels support, precomputes multipliers,
// shifts and weight layouts, folds DEQUANTIZE of constants (float16 / int8 weights) into
// float32, and allocates every activation for max_batch samples; afterwards the model may be
// destroyed. Before any of that is allocated or computed, the graph's activations and work are
// held to core/base/budgets.h (run_budget.h). run() then does no validation and no
// allocation. The interface is float at both ends: int8 model inputs and outputs are
// quantized / dequantized at the edges with the model's own parameters.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "core/format/tflite_model.h"
#include "core/runtime/kernel.h"
#include "core/runtime/run_budget.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab {

class Interpreter {
 public:
  // Throws std::runtime_error naming the operator index, its kind and the bad value
  // ("interpreter: operator 4 (SOFTMAX): int8 output scale must be 1/256 ...").
  explicit Interpreter(const tflite::Model& model, int max_batch = 1);
  ~Interpreter();
  Interpreter(Interpreter&&) noexcept;
  Interpreter& operator=(Interpreter&&) noexcept;

  // batch samples, 1..max_batch: input batch × input_elements() floats (a sample is the model
  // input without its leading 1, e.g. 28 × 28), output batch × output_elements() floats.
  // Throws std::invalid_argument for a batch outside 1..max_batch (its only check).
  void run(const float* input, int batch, float* output);

  std::vector<int> input_shape() const;   // per sample, e.g. {28, 28} for a [1, 28, 28] input
  std::vector<int> output_shape() const;  // per sample, e.g. {10}
  std::size_t input_elements() const { return input_.elements; }
  std::size_t output_elements() const { return output_.elements; }
  int max_batch() const { return max_batch_; }

  // Every operator that writes an activation (folded DEQUANTIZEs of constants write none), in
  // execution order: what inspecting a variant compares layer by layer. After run(), the
  // values of sample b come out of operator_output(k, b, values) as floats (int8 dequantized
  // with the tensor's own scale and zero point). Reading them costs run() nothing.
  struct OperatorOutput {
    int op_index = 0;  // in the model's operator list
    tflite::BuiltinOperator op = tflite::BuiltinOperator::kReshape;
    std::vector<int> shape;  // per sample, as the model gives it (batch 1)
    std::size_t elements = 0;
    tflite::TensorType type = tflite::TensorType::kFloat32;
    QuantParams params;  // INT8 only
  };
  const std::vector<OperatorOutput>& operator_outputs() const { return operator_outputs_; }
  // values: operator_outputs()[k].elements floats. Throws std::out_of_range for a k or sample
  // outside the prepared graph and batch.
  void operator_output(std::size_t k, int sample, float* values) const;

 private:
  // A graph input or output: the float interface maps onto it directly or through int8.
  struct Edge {
    std::vector<int> shape;
    std::size_t elements = 0;
    tflite::TensorType type = tflite::TensorType::kFloat32;
    QuantParams params;
    void* data = nullptr;
  };

  void allocate(runtime::RuntimeTensor& tensor, runtime::RunBudget& budget);
  void prepare_operator(const tflite::OperatorDef& op, std::vector<runtime::RuntimeTensor>& tensors,
                        runtime::RunBudget& budget);
  Edge make_edge(const runtime::RuntimeTensor& tensor, const char* role) const;
  void record_operator_output(int op_index, const tflite::OperatorDef& op,
                              const runtime::RuntimeTensor& output);

  int max_batch_;
  Edge input_, output_;
  std::vector<std::unique_ptr<runtime::Kernel>> kernels_;
  std::vector<OperatorOutput> operator_outputs_;
  std::vector<const void*> operator_output_data_;  // max_batch samples each
  std::vector<std::vector<float>> float_storage_;  // activations, max_batch samples each
  std::vector<std::vector<std::int8_t>> int8_storage_;
  std::deque<std::vector<std::uint8_t>>
      folded_;  // folded constants (Prepare only; stable addresses)
};

}  // namespace qplab
