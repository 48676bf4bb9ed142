// RunBudget — what one graph may cost to run, counted during Prepare before anything is
// allocated or computed (limits in core/base/budgets.h): the bytes of every activation of one
// sample, those bytes times the batch the interpreter is prepared for, and the work of one
// sample, Σ over operators of output elements × the inputs each output element reads.
#pragma once

#include <cstdint>
#include <vector>

#include "core/format/tflite_model.h"
#include "core/runtime/runtime_tensor.h"

namespace qplab::runtime {

class RunBudget {
 public:
  explicit RunBudget(int max_batch);  // throws for max_batch outside 1..kMaxBatchSize

  // Before allocating `tensor` for max_batch samples; throws naming it and the limit.
  void charge_activation(const RuntimeTensor& tensor);

  // Before preparing `op`; throws naming the operator's work and the limit.
  void charge_work(const tflite::OperatorDef& op, const std::vector<const RuntimeTensor*>& inputs,
                   const RuntimeTensor& output);

  std::uint64_t sample_activation_bytes() const { return sample_bytes_; }
  std::uint64_t sample_work() const { return work_; }

 private:
  std::uint64_t max_batch_;
  std::uint64_t sample_bytes_ = 0, work_ = 0;
};

// The inputs each output element of `op` reads: window taps (CONV_2D: KH·KW·C, MAX_POOL_2D:
// FH·FW), a weights row (FULLY_CONNECTED), 1 for element-wise ops, 0 for RESHAPE (an alias).
std::uint64_t reads_per_output(const tflite::OperatorDef& op,
                               const std::vector<const RuntimeTensor*>& inputs);

}  // namespace qplab::runtime
