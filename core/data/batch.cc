// Gathers a batch of digits into float inputs and labels.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include "core/data/batch.h"

namespace qplab {

void gather_batch(const Dataset& data, const int* indices, int count, Tensor& x,
                  std::vector<std::uint8_t>& labels) {
  x.resize({count, data.rows, data.cols});
  labels.resize(static_cast<std::size_t>(count));
  const auto pixels = static_cast<std::size_t>(data.pixels());
  for (int i = 0; i < count; ++i) {
    const auto sample = static_cast<std::size_t>(indices[i]);
    const std::uint8_t* in = data.images.data() + sample * pixels;
    float* out = x.data() + static_cast<std::size_t>(i) * pixels;
    for (std::size_t k = 0; k < pixels; ++k) out[k] = static_cast<float>(in[k]) * (1.0f / 255.0f);
    labels[static_cast<std::size_t>(i)] = data.labels[sample];
  }
}

}  // namespace qplab

QPLAB_COLD_FILE_END
