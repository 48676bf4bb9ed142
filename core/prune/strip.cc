// Mask reset over the masked parameters of a Sequential (biases have none).
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include "core/prune/strip.h"

namespace qplab {

void strip_pruning(Sequential& model) {
  for (const ParamRef& p : model.params()) {
    if (!p.mask) continue;
    const std::size_t n = p.size();
    // w·mask first, as tfmot re-masks at each epoch end before a model is stripped; a no-op
    // after fit, whose Adam steps leave the weights masked.
    for (std::size_t i = 0; i < n; ++i) p.value[i] *= p.mask[i];
    for (std::size_t i = 0; i < n; ++i) p.mask[i] = 1.0f;
  }
}

}  // namespace qplab

QPLAB_COLD_FILE_END
