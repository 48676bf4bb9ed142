// Sequential: forward through the layers in order, backward in reverse.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <stdexcept>

#include "core/nn/sequential.h"

namespace qplab {

namespace {
Shape with_batch(int batch, const Shape& sample) {
  Shape shape{batch};
  shape.insert(shape.end(), sample.begin(), sample.end());
  return shape;
}
}  // namespace

Sequential::Sequential(Shape sample_input_shape)
    : sample_input_shape_(std::move(sample_input_shape)) {}

Shape Sequential::sample_output_shape() const {
  Shape shape = with_batch(1, sample_input_shape_);
  for (const auto& layer : layers_) shape = layer->output_shape(shape);
  return Shape(shape.begin() + 1, shape.end());
}

std::size_t Sequential::sample_activation_bytes() const {
  Shape shape = with_batch(1, sample_input_shape_);
  std::size_t elements = element_count(shape);
  for (const auto& layer : layers_) {
    shape = layer->output_shape(shape);
    elements += element_count(shape);
  }
  return elements * sizeof(float);
}

void Sequential::add(std::unique_ptr<Layer> layer) {
  layer->output_shape(with_batch(1, sample_output_shape()));  // throws naming the layer
  if (first_trainable_ == layers_.size() && layer->params().empty()) ++first_trainable_;
  layers_.push_back(std::move(layer));
  outputs_.resize(layers_.size());
  grads_.resize(layers_.size());
}

const Tensor& Sequential::forward(const Tensor& x, Mode mode) {
  if (layers_.empty()) throw std::logic_error("sequential: forward on a model without layers");
  if (x.shape() != with_batch(x.shape().empty() ? 0 : x.dim(0), sample_input_shape_))
    throw std::invalid_argument("sequential: expected input [N" +
                                to_string(sample_input_shape_).replace(0, 1, ", ") + ", got " +
                                to_string(x.shape()));
  const Tensor* in = &x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->forward(*in, outputs_[i], mode);
    in = &outputs_[i];
  }
  return outputs_.back();
}

void Sequential::backward(const Tensor& dlogits) {
  const Tensor* dy = &dlogits;
  for (std::size_t i = layers_.size(); i-- > first_trainable_;) {
    Tensor* dx = i > first_trainable_ ? &grads_[i - 1] : nullptr;
    layers_[i]->backward(*dy, dx);
    dy = dx;
  }
}

std::vector<ParamRef> Sequential::params() {
  std::vector<ParamRef> all;
  for (auto& layer : layers_)
    for (auto& p : layer->params()) all.push_back(p);
  return all;
}

std::size_t Sequential::parameter_count() {
  std::size_t count = 0;
  for (const auto& p : params()) count += p.size();
  return count;
}

void mask_zero_weights(Sequential& model) {
  for (const ParamRef& p : model.params()) {
    if (!p.mask) continue;
    const std::size_t n = p.size();
    for (std::size_t i = 0; i < n; ++i)
      if (p.value[i] == 0.0f) p.mask[i] = 0.0f;
  }
}

}  // namespace qplab

QPLAB_COLD_FILE_END
