// QAT set-up, the learned ranges, and the lab's fine-tuning step.
#include "core/quant/qat.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/format/checkpoint.h"
#include "core/nn/conv2d.h"
#include "core/nn/dense.h"

namespace qplab {

namespace {

const LayerFakeQuant* fake_quant_of(const Layer& layer) {
  if (const auto* conv = dynamic_cast<const Conv2D*>(&layer)) return conv->fake_quant();
  if (const auto* dense = dynamic_cast<const Dense*>(&layer)) return dense->fake_quant();
  return nullptr;
}

bool is_weighted(const Layer& layer) {
  return dynamic_cast<const Conv2D*>(&layer) || dynamic_cast<const Dense*>(&layer);
}

}  // namespace

void enable_qat(Sequential& model, const FakeQuantOptions& options) {
  validate(options);
  int enabled = 0;
  for (const auto& layer : model.layers()) {
    if (auto* conv = dynamic_cast<Conv2D*>(layer.get())) {
      conv->enable_fake_quant(options);
      ++enabled;
    } else if (auto* dense = dynamic_cast<Dense*>(layer.get())) {
      dense->enable_fake_quant(options);
      ++enabled;
    }
  }
  if (enabled == 0)
    throw std::invalid_argument("qat: the model has no Conv2D or Dense layer to quantize");
}

ActivationRanges qat_ranges(const Sequential& model, Range input) {
  ActivationRanges ranges;
  ranges.input = input;
  Range current = input;
  const auto& layers = model.layers();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (is_weighted(*layers[i])) {
      const LayerFakeQuant* fake_quant = fake_quant_of(*layers[i]);
      const std::string which = "qat: layer " + std::to_string(i) + " (" + layers[i]->name() + ")";
      if (!fake_quant) throw std::logic_error(which + " has QAT off: call enable_qat first");
      if (!fake_quant->has_range())
        throw std::logic_error(which + " has no learned range yet: fine-tune it first");
      current = fake_quant->range();
    }
    ranges.outputs.push_back(current);
  }
  return ranges;
}

Sequential fine_tune_qat(Sequential& baseline, const Dataset& train, const QatOptions& options,
                         History* history) {
  validate(options.fake_quant);
  validate(options.fit);
  Sequential model = load_checkpoint(save_checkpoint(baseline));
  const std::vector<ParamRef> from = baseline.params();
  const std::vector<ParamRef> to = model.params();
  for (std::size_t k = 0; k < to.size(); ++k) {
    if (!to[k].mask) continue;
    if (from[k].mask) std::copy(from[k].mask, from[k].mask + from[k].size(), to[k].mask);
    if (options.preserve_sparsity)
      for (std::size_t i = 0; i < to[k].size(); ++i)
        if (to[k].value[i] == 0.0f) to[k].mask[i] = 0.0f;
  }
  enable_qat(model, options.fake_quant);
  Adam adam(model.params(), options.adam);
  History result = fit(model, adam, train, options.fit);
  if (history) *history = std::move(result);
  return model;
}

}  // namespace qplab
