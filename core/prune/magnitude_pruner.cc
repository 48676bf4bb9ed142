// Magnitude masks: the k-th largest |w| by std::nth_element, then a threshold test.
#include "core/prune/magnitude_pruner.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <utility>

namespace qplab {

namespace {

TensorSparsity tensor_sparsity(const ParamRef& p) {
  TensorSparsity t{p.name, 0, p.size(), 0.0};
  for (std::size_t i = 0; i < t.total; ++i) t.zeros += p.value[i] == 0.0f ? 1 : 0;
  t.sparsity = t.total > 0 ? static_cast<double>(t.zeros) / static_cast<double>(t.total) : 0.0;
  return t;
}

SparsityReport report_of(const std::vector<ParamRef>& params) {
  SparsityReport report;
  for (const ParamRef& p : params) {
    if (!p.mask) continue;
    report.tensors.push_back(tensor_sparsity(p));
    report.zeros += report.tensors.back().zeros;
    report.total += report.tensors.back().total;
  }
  if (report.total > 0)
    report.sparsity = static_cast<double>(report.zeros) / static_cast<double>(report.total);
  return report;
}

std::vector<ParamRef> masked_only(const std::vector<ParamRef>& params) {
  std::vector<ParamRef> masked;
  for (const ParamRef& p : params)
    if (p.mask) masked.push_back(p);
  if (masked.empty())
    throw std::invalid_argument("magnitude pruner: no prunable parameter (none has a mask)");
  return masked;
}

}  // namespace

std::size_t magnitude_kept_count(std::size_t size, double sparsity) {
  if (size == 0) return 0;
  const auto n = static_cast<double>(size);
  const double kept = std::nearbyint(n * (1.0 - sparsity));
  return static_cast<std::size_t>(std::min(n, std::max(1.0, kept)));  // clamped before the cast
}

SparsityReport sparsity_report(Sequential& model) { return report_of(model.params()); }

MagnitudePruner::MagnitudePruner(const std::vector<ParamRef>& params, PruningOptions options)
    : params_(masked_only(params)), options_(std::move(options)) {}

MagnitudePruner::MagnitudePruner(Sequential& model, PruningOptions options)
    : MagnitudePruner(model.params(), std::move(options)) {}

PruningDecision MagnitudePruner::begin_batch() { return update(++pruning_step_); }

PruningDecision MagnitudePruner::update(std::int64_t step) {
  const PruningDecision decision = schedule_at(options_.schedule, step);
  if (decision.should_prune) {
    // All checked before any mask changes, so a bad weight leaves the masks as they were.
    for (const ParamRef& p : params_)
      for (std::size_t i = 0; i < p.size(); ++i)
        if (!std::isfinite(p.value[i]))
          throw std::runtime_error("magnitude pruner: " + p.name +
                                   " holds a non-finite weight at index " + std::to_string(i));
    for (const ParamRef& p : params_) update_mask(p, decision.sparsity);
  }
  for (const ParamRef& p : params_) {
    const std::size_t n = p.size();
    for (std::size_t i = 0; i < n; ++i) p.value[i] *= p.mask[i];
  }
  return decision;
}

void MagnitudePruner::update_mask(const ParamRef& p, double sparsity) {
  const std::size_t n = p.size();
  if (n == 0) return;
  magnitudes_.resize(n);
  for (std::size_t i = 0; i < n; ++i) magnitudes_[i] = std::fabs(p.value[i]);
  // The k-th largest magnitude is one value whichever order the selection leaves the rest
  // in (libstdc++ and libc++ differ), so the mask is the same natively and in wasm.
  const std::size_t kept = magnitude_kept_count(n, sparsity);
  const auto kth = magnitudes_.begin() + static_cast<std::ptrdiff_t>(kept - 1);
  std::nth_element(magnitudes_.begin(), kth, magnitudes_.end(), std::greater<float>());
  const float threshold = *kth;
  for (std::size_t i = 0; i < n; ++i) p.mask[i] = std::fabs(p.value[i]) >= threshold ? 1.0f : 0.0f;
}

double MagnitudePruner::sparsity() const {
  std::size_t zeros = 0, total = 0;  // as report_of, without the names: fit calls it per batch
  for (const ParamRef& p : params_) {
    const std::size_t n = p.size();
    for (std::size_t i = 0; i < n; ++i) zeros += p.value[i] == 0.0f ? 1 : 0;
    total += n;
  }
  return total > 0 ? static_cast<double>(zeros) / static_cast<double>(total) : 0.0;
}

SparsityReport MagnitudePruner::sparsity_report() const { return report_of(params_); }

void prune_during_fit(MagnitudePruner& pruner, Sequential& model, FitOptions& fit) {
  const std::vector<ParamRef> params = model.params();
  for (const ParamRef& p : pruner.params()) {
    const bool found = std::any_of(params.begin(), params.end(), [&](const ParamRef& q) {
      return q.value == p.value && q.mask == p.mask && q.size() == p.size();
    });
    if (!found)
      throw std::invalid_argument("fit: the pruner's " + p.name +
                                  " is not a parameter of this model");
  }
  fit.before_batch = [&pruner] { pruner.begin_batch(); };
  fit.kernel_sparsity = [&pruner] { return pruner.sparsity(); };
}

}  // namespace qplab
