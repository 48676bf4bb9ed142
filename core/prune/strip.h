// strip_pruning — from "being pruned" to "plain" (the way back is mask_zero_weights,
// sequential.h): every mask back to ones, the pruned zeros staying zeros (weights of a model
// fit has pruned are unchanged), as tfmot's strip_pruning returns the plain model: further
// training may regrow them.
#pragma once

#include "core/nn/sequential.h"

namespace qplab {

void strip_pruning(Sequential& model);

}  // namespace qplab
