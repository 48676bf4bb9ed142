// The seed lab's digit classifier (Keras):
//   Reshape(28,28,1) → Conv2D(12, 3×3, ReLU) → MaxPool2D(2×2) → Flatten → Dense(10)
// 120 + 20,290 = 20,410 parameters; the softmax lives in the loss head.
#pragma once

#include "core/base/rng.h"
#include "core/nn/sequential.h"

namespace qplab {

constexpr int kLabImageSize = 28;
constexpr int kLabClasses = 10;
constexpr std::size_t kLabParameterCount = 20410;

Sequential build_lab_cnn(Rng& rng);

}  // namespace qplab
