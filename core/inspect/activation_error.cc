// Runs both models digit by digit and accumulates each layer's error statistics.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/inspect/activation_error.h"
#include "core/inspect/layer_trace.h"
#include "core/quant/calibration.h"

namespace qplab {

namespace {

std::vector<std::size_t> lab_layers(const LayerTrace& trace) {
  std::vector<std::size_t> layers;
  for (std::size_t k = 0; k < trace.outputs().size(); ++k)
    if (trace.outputs()[k].layer) layers.push_back(k);
  return layers;
}

std::string sequence(const LayerTrace& trace, const std::vector<std::size_t>& layers) {
  std::string text;
  for (std::size_t k : layers) {
    const TracedOutput& o = trace.outputs()[k];
    text += (text.empty() ? "" : ", ") + o.op + " " + std::to_string(o.elements);
  }
  return text;
}

void scale_pixels(const Dataset& test, int digit, std::vector<float>& pixels) {
  const std::uint8_t* image = test.images.data() + static_cast<std::size_t>(digit) *
                                                       static_cast<std::size_t>(test.pixels());
  for (std::size_t k = 0; k < pixels.size(); ++k)
    pixels[k] = static_cast<float>(image[k]) * (1.0f / 255.0f);
}

struct Sums {
  double error = 0.0, squared = 0.0, max_abs = 0.0;
  std::size_t count = 0;
};

}  // namespace

ActivationError activation_error(const std::vector<std::uint8_t>& variant,
                                 const std::vector<std::uint8_t>& reference, const Dataset& test,
                                 int digits) {
  if (digits < 1 || digits > test.count)
    throw std::invalid_argument("inspect: activation digits must be in 1.." +
                                std::to_string(test.count) + " (the test digits), got " +
                                std::to_string(digits));
  LayerTrace ours(variant), theirs(reference);
  const std::size_t pixels_per_digit = static_cast<std::size_t>(test.pixels());
  if (ours.input_elements() != pixels_per_digit || theirs.input_elements() != pixels_per_digit)
    throw std::runtime_error("inspect: the variant takes " + std::to_string(ours.input_elements()) +
                             " values per digit and the reference " +
                             std::to_string(theirs.input_elements()) + "; a test digit has " +
                             std::to_string(pixels_per_digit));
  const std::vector<std::size_t> our_layers = lab_layers(ours), their_layers = lab_layers(theirs);
  bool match = our_layers.size() == their_layers.size();
  for (std::size_t j = 0; match && j < our_layers.size(); ++j) {
    const TracedOutput& a = ours.outputs()[our_layers[j]];
    const TracedOutput& b = theirs.outputs()[their_layers[j]];
    match = a.op == b.op && a.elements == b.elements;
  }
  if (!match)
    throw std::runtime_error("inspect: the variant's layers (" + sequence(ours, our_layers) +
                             ") do not match the reference's (" + sequence(theirs, their_layers) +
                             ")");

  std::vector<Sums> sums(our_layers.size());
  std::vector<float> pixels(pixels_per_digit), a, b;
  for (int digit : calibration_indices(test.count, digits)) {
    scale_pixels(test, digit, pixels);
    ours.run(pixels.data());
    theirs.run(pixels.data());
    for (std::size_t j = 0; j < our_layers.size(); ++j) {
      const std::size_t n = ours.outputs()[our_layers[j]].elements;
      a.resize(n);
      b.resize(n);
      ours.output(our_layers[j], a.data());
      theirs.output(their_layers[j], b.data());
      Sums& s = sums[j];
      for (std::size_t i = 0; i < n; ++i) {
        const double e = static_cast<double>(a[i]) - static_cast<double>(b[i]);
        s.error += e;
        s.squared += e * e;
        s.max_abs = std::max(s.max_abs, std::fabs(e));
      }
      s.count += n;
    }
  }

  ActivationError result;
  result.digits = digits;
  std::size_t next = 0;
  for (std::size_t k = 0; k < ours.outputs().size(); ++k) {
    const TracedOutput& o = ours.outputs()[k];
    LayerError row;
    row.index = o.index;
    row.op = o.op;
    row.shape = o.shape;
    row.scale = o.scale;
    if (next < our_layers.size() && our_layers[next] == k) {
      const Sums& s = sums[next];
      const double n = static_cast<double>(s.count);
      row.reference_index = theirs.outputs()[their_layers[next]].index;
      row.mean_error = n > 0 ? s.error / n : 0.0;
      row.mean_squared_error = n > 0 ? s.squared / n : 0.0;
      row.max_abs_error = s.max_abs;
      row.rmse_in_scale = std::sqrt(row.mean_squared_error) / o.scale;  // NaN for floats
      ++next;
    }
    result.layers.push_back(std::move(row));
  }
  return result;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
