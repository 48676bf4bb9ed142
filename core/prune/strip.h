// strip_pruning and masks_from_zeros — moving a model between "being pruned" and "plain".
// strip_pruning: every mask back to ones, the pruned zeros staying zeros (weights of a model
// fit has pruned are unchanged), as tfmot's strip_pruning returns the plain model: further
// training may regrow them.
// masks_from_zeros: mask = (w ≠ 0), so fine-tuning (QAT) of a stripped or loaded pruned model
// keeps its sparsity (Adam re-applies the masks after each step).
#pragma once

#include "core/nn/sequential.h"

namespace qplab {

void strip_pruning(Sequential& model);
void masks_from_zeros(Sequential& model);

}  // namespace qplab
