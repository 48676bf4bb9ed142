// LayerTrace — a variant read from its own bytes and run one digit at a time, keeping every
// operator's output (.tflite, through Interpreter::operator_outputs) or every layer's output
// (checkpoint, through Sequential::layer_output, plus the softmax of its logits as a last
// "SOFTMAX" output): what the per-layer activation error compares.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/base/tensor.h"
#include "core/nn/sequential.h"
#include "core/runtime/interpreter.h"

namespace qplab {

struct TracedOutput {
  int index = 0;           // .tflite: the operator; checkpoint: the layer (the softmax: one past)
  std::string op;          // "CONV_2D", ... (checkpoint layers by their TFLite operator)
  std::vector<int> shape;  // one sample's, with its batch of 1: [1, 26, 26, 12]
  std::size_t elements = 0;
  double scale = std::numeric_limits<double>::quiet_NaN();  // INT8 outputs; floats: NaN
  // A layer of the lab graph (CONV_2D, MAX_POOL_2D, FULLY_CONNECTED, SOFTMAX): it has a
  // counterpart in any other variant. QUANTIZE, DEQUANTIZE and RESHAPE only change the
  // encoding or the shape of a value another output already holds.
  bool layer = false;
};

class LayerTrace {
 public:
  // Throws what the format's reader or the interpreter throws for bad bytes.
  explicit LayerTrace(const std::vector<std::uint8_t>& bytes);
  ~LayerTrace();

  std::size_t input_elements() const { return input_elements_; }
  const std::vector<TracedOutput>& outputs() const { return outputs_; }

  void run(const float* pixels);  // input_elements() values
  // After run(): output k's values as floats (int8 dequantized); outputs()[k].elements of them.
  void output(std::size_t k, float* values) const;

 private:
  std::unique_ptr<Interpreter> interpreter_;
  std::unique_ptr<Sequential> network_;
  Tensor input_, probabilities_;     // checkpoint: one sample in, the softmax of its logits out
  std::vector<float> model_output_;  // .tflite: the graph output of run()
  std::size_t input_elements_ = 0;
  std::vector<TracedOutput> outputs_;
};

}  // namespace qplab
