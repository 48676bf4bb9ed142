// strip_pruning and mask_zero_weights — moving a model between "being pruned" and "plain".
// strip_pruning: every mask back to ones, the pruned zeros staying zeros (weights of a model
// fit has pruned are unchanged), as tfmot's strip_pruning returns the plain model: further
// training may regrow them.
// mask_zero_weights: every zero weight's mask becomes 0 (the others keep theirs: a stripped or
// loaded model then has mask = (w ≠ 0)), so fine-tuning (sparsity-preserving QAT) keeps its
// sparsity, as Adam re-applies the masks after each step.
#pragma once

#include "core/nn/sequential.h"

namespace qplab {

void strip_pruning(Sequential& model);
void mask_zero_weights(Sequential& model);

}  // namespace qplab
