// RunBudget: the activation and work budgets of one prepared graph; see run_budget.h.
#include "core/runtime/run_budget.h"

#include <limits>
#include <stdexcept>
#include <string>

#include "core/base/budgets.h"
#include "core/runtime/prepare_checks.h"

namespace qplab::runtime {

namespace {

// Products of sizes read from a file, saturating instead of wrapping.
std::uint64_t saturating_product(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a)
    return std::numeric_limits<std::uint64_t>::max();
  return a * b;
}

std::uint64_t saturating_sum(std::uint64_t a, std::uint64_t b) {
  return b > std::numeric_limits<std::uint64_t>::max() - a
             ? std::numeric_limits<std::uint64_t>::max()
             : a + b;
}

std::uint64_t dims_product(const std::vector<int>& shape, std::size_t from, std::size_t to) {
  std::uint64_t product = 1;
  for (std::size_t d = from; d < to && d < shape.size(); ++d)
    product = saturating_product(product, static_cast<std::uint64_t>(shape[d] < 0 ? 0 : shape[d]));
  return product;
}

}  // namespace

RunBudget::RunBudget(int max_batch) : max_batch_(static_cast<std::uint64_t>(max_batch)) {
  if (max_batch < 1 || max_batch > budget::kMaxBatchSize)
    throw std::invalid_argument("interpreter: max_batch must be in 1.." +
                                std::to_string(budget::kMaxBatchSize) + ", got " +
                                std::to_string(max_batch));
}

void RunBudget::charge_activation(const RuntimeTensor& tensor) {
  const std::uint64_t bytes =
      saturating_product(tensor.elements, tflite::element_size(tensor.type));
  sample_bytes_ = saturating_sum(sample_bytes_, bytes);
  if (sample_bytes_ > budget::kMaxSampleActivationBytes)
    fail(describe(tensor) + " takes the activations of one sample past " +
         std::to_string(budget::kMaxSampleActivationBytes) + " bytes");
  if (saturating_product(sample_bytes_, max_batch_) > budget::kMaxActivationBytes)
    fail(describe(tensor) + " takes the activations of " + std::to_string(max_batch_) +
         " samples past " + std::to_string(budget::kMaxActivationBytes) + " bytes");
}

void RunBudget::charge_work(const tflite::OperatorDef& op,
                            const std::vector<const RuntimeTensor*>& inputs,
                            const RuntimeTensor& output) {
  const std::uint64_t work = saturating_product(output.elements, reads_per_output(op, inputs));
  work_ = saturating_sum(work_, work);
  if (work_ > budget::kMaxSampleWork)
    fail("the graph's work per sample passes " + std::to_string(budget::kMaxSampleWork) +
         " multiply-adds or comparisons here (this operator: " +
         (work == std::numeric_limits<std::uint64_t>::max() ? std::string("more than 2^64")
                                                            : std::to_string(work)) +
         ")");
}

std::uint64_t reads_per_output(const tflite::OperatorDef& op,
                               const std::vector<const RuntimeTensor*>& inputs) {
  const RuntimeTensor* weights = inputs.size() > 1 ? inputs[1] : nullptr;
  switch (op.op) {
    case tflite::BuiltinOperator::kConv2D:  // filter [F, KH, KW, C]
      return weights ? dims_product(weights->shape, 1, 4) : 1;
    case tflite::BuiltinOperator::kFullyConnected:  // weights [outputs, inputs]
      return weights ? dims_product(weights->shape, 1, 2) : 1;
    case tflite::BuiltinOperator::kMaxPool2D:
      return saturating_product(static_cast<std::uint64_t>(op.filter_h < 1 ? 1 : op.filter_h),
                                static_cast<std::uint64_t>(op.filter_w < 1 ? 1 : op.filter_w));
    case tflite::BuiltinOperator::kReshape:
      return 0;
    case tflite::BuiltinOperator::kSoftmax:
    case tflite::BuiltinOperator::kQuantize:
    case tflite::BuiltinOperator::kDequantize:
      return 1;
  }
  return 1;
}

}  // namespace qplab::runtime
