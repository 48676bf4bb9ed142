// What the CLI and the page do with a variant's bytes: load them into a VariantModel and score
// one digit. The bytes' own format decides the reader, as in the page and the CLI. A model
// whose input is not 784 pixels is refused by its callers (the page's predict, the lab's
// measure), so it is only loaded here, not run. The pixels are a fixed stroke-like pattern.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <vector>

#include "core/lab/variant_model.h"

namespace qplab::fuzz {

constexpr int kDigitPixels = 28 * 28;

inline void load_and_score_one_digit(const std::vector<std::uint8_t>& bytes) {
  try {
    VariantModel model(bytes);
    if (model.input_elements() != kDigitPixels) return;
    std::vector<float> pixels(kDigitPixels);
    for (int i = 0; i < kDigitPixels; ++i) pixels[i] = static_cast<float>((i * 37) % 11) / 10.0f;
    std::vector<float> probabilities(static_cast<std::size_t>(model.classes()));
    model.probabilities(pixels.data(), probabilities.data());
    model.predict(pixels.data());
  } catch (const std::exception&) {
    // Bad bytes are refused with an exception: the expected outcome, not a finding.
  }
}

}  // namespace qplab::fuzz
