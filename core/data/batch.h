// Batching: gathers digits by index into a float batch [B, rows, cols] scaled to [0, 1]
// (the lab divides pixels by 255) and their labels. Digits stay uint8 until here.
#pragma once

#include <cstdint>
#include <vector>

#include "core/base/tensor.h"
#include "core/data/dataset.h"

namespace qplab {

void gather_batch(const Dataset& data, const int* indices, int count, Tensor& x,
                  std::vector<std::uint8_t>& labels);

}  // namespace qplab
