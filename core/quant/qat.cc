// QAT set-up, the learned ranges, and the lab's fine-tuning step.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/format/checkpoint.h"
#include "core/quant/qat.h"

namespace qplab {

void enable_qat(Sequential& model, const FakeQuantOptions& options) {
  validate(options);
  int enabled = 0;
  for (const auto& layer : model.layers()) {
    if (WeightedLayer* weighted = layer->weighted()) {
      enable_fake_quant(*weighted, options);
      ++enabled;
    }
  }
  if (enabled == 0)
    throw std::invalid_argument("qat: the model has no Conv2D or Dense layer to quantize");
}

ActivationRanges qat_ranges(const Sequential& model, Range input) {
  const auto& layers = model.layers();
  return propagate_ranges(model, input, [&](std::size_t i) {
    const LayerFakeQuant* fake_quant = fake_quant_of(*layers[i]);
    const std::string which = "qat: layer " + std::to_string(i) + " (" + layers[i]->name() + ")";
    if (!fake_quant) throw std::logic_error(which + " has QAT off: call enable_qat first");
    if (!fake_quant->has_range())
      throw std::logic_error(which + " has no learned range yet: fine-tune it first");
    return fake_quant->range();
  });
}

Sequential fine_tune_qat(Sequential& baseline, const Dataset& train, const QatOptions& options,
                         History* history) {
  validate(options.fake_quant);
  validate(options.fit);
  Sequential model = load_checkpoint(save_checkpoint(baseline));
  const std::vector<ParamRef> from = baseline.params();
  const std::vector<ParamRef> to = model.params();
  for (std::size_t k = 0; k < to.size(); ++k)
    if (to[k].mask && from[k].mask)
      std::copy(from[k].mask, from[k].mask + from[k].size(), to[k].mask);
  if (options.preserve_sparsity) mask_zero_weights(model);
  enable_qat(model, options.fake_quant);
  Adam adam(model.params(), options.adam);
  History result = fit(model, adam, train, options.fit);
  if (history) *history = std::move(result);
  return model;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
