// Builds the lab CNN with Keras's default initializers.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include "core/nn/conv2d.h"
#include "core/nn/dense.h"
#include "core/nn/flatten.h"
#include "core/nn/lab_cnn.h"
#include "core/nn/maxpool2d.h"
#include "core/nn/reshape.h"

namespace qplab {

Sequential build_lab_cnn(Rng& rng) {
  constexpr int kFilters = 12, kKernel = 3, kPool = 2;
  constexpr int kPooled = (kLabImageSize - kKernel + 1) / kPool;
  Sequential model({kLabImageSize, kLabImageSize});
  model.add(std::make_unique<Reshape>(Shape{kLabImageSize, kLabImageSize, 1}));
  model.add(std::make_unique<Conv2D>(1, kFilters, kKernel, kKernel, Activation::kRelu, rng));
  model.add(std::make_unique<MaxPool2D>(kPool, kPool));
  model.add(std::make_unique<Flatten>());
  model.add(std::make_unique<Dense>(kPooled * kPooled * kFilters, kLabClasses, rng));
  return model;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
