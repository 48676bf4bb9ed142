// .tflite writer through flatc's generated builder API. FlatBufferBuilder writes back to front,
// so objects are created last-first: the file then reads front to back as header, model,
// description, operator codes, subgraph, operators, tensors, then buffers 1..n with their
// data, and buffer 0 last.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "core/format/tflite_checks.h"
#include "core/format/tflite_reader.h"
#include "core/format/tflite_schema_generated.h"
#include "core/format/tflite_writer.h"

namespace qplab::tflite {
namespace {

using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

// Identical vectors (a shape and the RESHAPE new_shape that produces it, one op's output and
// the next op's input, the all-zero zero points of a conv kernel and its bias) are written
// once and referenced from every use: FlatBuffers references may share a target, and the
// builder places earlier objects later in the file, so a shared vector is always reached by a
// forward offset.
template <typename T>
class SharedVectors {
 public:
  explicit SharedVectors(FlatBufferBuilder& fbb) : fbb_(fbb) {}
  Offset<flatbuffers::Vector<T>> operator()(const std::vector<T>& values) {
    const auto found = made_.find(values);
    if (found != made_.end()) return found->second;
    const auto vector = fbb_.CreateVector(values);
    made_.emplace(values, vector);
    return vector;
  }

 private:
  FlatBufferBuilder& fbb_;
  std::map<std::vector<T>, Offset<flatbuffers::Vector<T>>> made_;
};
using IntVectors = SharedVectors<std::int32_t>;

fb::Padding padding_of(Padding padding) { return static_cast<fb::Padding>(padding); }

fb::ActivationFunctionType activation_of(FusedActivation activation) {
  return static_cast<fb::ActivationFunctionType>(activation);
}

// The options union of one operator: its type tag and table (NONE for a RESHAPE whose target
// shape comes only from its second input).
std::pair<fb::BuiltinOptions, Offset<void>> write_options(FlatBufferBuilder& fbb, IntVectors& ints,
                                                          const OperatorDef& op) {
  switch (op.op) {
    case BuiltinOperator::kConv2D:
      return {fb::BuiltinOptions_Conv2DOptions,
              fb::CreateConv2DOptions(fbb, padding_of(op.padding), op.stride_w, op.stride_h,
                                      activation_of(op.activation))
                  .Union()};
    case BuiltinOperator::kMaxPool2D:
      return {fb::BuiltinOptions_Pool2DOptions,
              fb::CreatePool2DOptions(fbb, padding_of(op.padding), op.stride_w, op.stride_h,
                                      op.filter_w, op.filter_h, activation_of(op.activation))
                  .Union()};
    case BuiltinOperator::kFullyConnected:
      if (op.activation == FusedActivation::kNone) return {fb::BuiltinOptions_NONE, 0};
      return {fb::BuiltinOptions_FullyConnectedOptions,
              fb::CreateFullyConnectedOptions(fbb, activation_of(op.activation)).Union()};
    case BuiltinOperator::kSoftmax: {
      // Written even when it equals the schema default (0): the value is the point.
      fbb.ForceDefaults(true);
      const auto options = fb::CreateSoftmaxOptions(fbb, op.beta);
      fbb.ForceDefaults(false);
      return {fb::BuiltinOptions_SoftmaxOptions, options.Union()};
    }
    case BuiltinOperator::kReshape:
      if (op.new_shape.empty()) return {fb::BuiltinOptions_NONE, 0};
      return {fb::BuiltinOptions_ReshapeOptions,
              fb::CreateReshapeOptions(fbb, ints(op.new_shape)).Union()};
    case BuiltinOperator::kQuantize:
    case BuiltinOperator::kDequantize:
      return {fb::BuiltinOptions_NONE, 0};
  }
  throw std::logic_error("write_tflite: unhandled operator");  // find_problem() refused it
}

// Tensors with the same quantization (an int8 activation, the pool and reshape after it)
// share one QuantizationParameters table, as IntVectors shares vectors.
class Quantizations {
 public:
  explicit Quantizations(FlatBufferBuilder& fbb) : fbb_(fbb), zero_points_(fbb), scales_(fbb) {}
  Offset<fb::QuantizationParameters> operator()(const Quantization& q) {
    if (q.empty()) return 0;
    Key key{q.scale, q.zero_point, q.quantized_dimension};
    const auto found = made_.find(key);
    if (found != made_.end()) return found->second;
    const auto zero_point = zero_points_(q.zero_point);  // [long]: int64 on disk
    const auto scale = scales_(q.scale);
    const auto table = fb::CreateQuantizationParameters(
        fbb_, 0, 0, scale, zero_point, fb::QuantizationDetails_NONE, 0, q.quantized_dimension);
    made_.emplace(std::move(key), table);
    return table;
  }

 private:
  using Key = std::tuple<std::vector<float>, std::vector<std::int64_t>, int>;
  FlatBufferBuilder& fbb_;
  SharedVectors<std::int64_t> zero_points_;
  SharedVectors<float> scales_;
  std::map<Key, Offset<fb::QuantizationParameters>> made_;
};

Offset<fb::Tensor> write_tensor(FlatBufferBuilder& fbb, IntVectors& ints,
                                Quantizations& quantizations, const TensorDef& tensor) {
  const auto quantization = quantizations(tensor.quantization);
  const auto name = tensor.name.empty() ? 0 : fbb.CreateString(tensor.name);
  const auto shape = ints(tensor.shape);
  return fb::CreateTensor(fbb, shape, static_cast<fb::TensorType>(tensor.type), tensor.buffer, name,
                          quantization);
}

// What the reader gives back for `op`: only the options its kind has in the file.
OperatorDef as_written(const OperatorDef& op) {
  OperatorDef out;
  out.op = op.op;
  out.version = op.version;
  out.inputs = op.inputs;
  out.outputs = op.outputs;
  switch (op.op) {
    case BuiltinOperator::kMaxPool2D:
      out.filter_w = op.filter_w;
      out.filter_h = op.filter_h;
      [[fallthrough]];
    case BuiltinOperator::kConv2D:
      out.padding = op.padding;
      out.stride_w = op.stride_w;
      out.stride_h = op.stride_h;
      [[fallthrough]];
    case BuiltinOperator::kFullyConnected:
      out.activation = op.activation;
      break;
    case BuiltinOperator::kSoftmax:
      out.beta = op.beta;
      break;
    case BuiltinOperator::kReshape:
      out.new_shape = op.new_shape;
      break;
    case BuiltinOperator::kQuantize:
    case BuiltinOperator::kDequantize:
      break;
  }
  return out;
}

// "" if `back` (the written bytes, read again) says what `model` says, else what differs.
std::string first_difference(const Model& model, const Model& back) {
  if (back.version != model.version || back.description != model.description)
    return "version or description";
  if (back.buffers != model.buffers) return "buffers";
  if (back.tensors.size() != model.tensors.size()) return "tensor count";
  for (std::size_t i = 0; i < model.tensors.size(); ++i)
    if (back.tensors[i] != model.tensors[i]) return "tensor " + std::to_string(i);
  if (back.inputs != model.inputs || back.outputs != model.outputs)
    return "subgraph inputs/outputs";
  if (back.operators.size() != model.operators.size()) return "operator count";
  for (std::size_t i = 0; i < model.operators.size(); ++i)
    if (back.operators[i] != as_written(model.operators[i])) return "operator " + std::to_string(i);
  return "";
}

}  // namespace

std::vector<std::uint8_t> write_tflite(const Model& model) {
  const std::string problem = find_problem(model);
  if (!problem.empty()) throw std::invalid_argument("write_tflite: " + problem);

  std::size_t payload = 0;
  for (const auto& data : model.buffers) payload += data.size() + kBufferAlignment;
  FlatBufferBuilder fbb(payload + 1024 + 96 * (model.tensors.size() + model.operators.size()));

  // Buffer 0, the empty sentinel, is created first, so it is the file's last object: the file
  // then ends in a referenced byte (no alignment padding), and a file cut short anywhere fails
  // verification. Then the constant data, each payload 16-aligned (Finish() pads the whole
  // file to a multiple of the largest alignment used, so "aligned from the end" is "from
  // byte 0").
  std::vector<Offset<fb::Buffer>> buffers(model.buffers.size());
  buffers[0] = fb::CreateBuffer(fbb);
  for (std::size_t i = model.buffers.size(); i-- > 1;) {
    const auto& data = model.buffers[i];
    Offset<flatbuffers::Vector<std::uint8_t>> vector = 0;
    if (!data.empty()) {
      fbb.ForceVectorAlignment(data.size(), sizeof(std::uint8_t), kBufferAlignment);
      vector = fbb.CreateVector(data);
    }
    buffers[i] = fb::CreateBuffer(fbb, vector);
  }
  const auto buffer_vector = fbb.CreateVector(buffers);

  IntVectors ints(fbb);
  Quantizations quantizations(fbb);
  std::vector<Offset<fb::Tensor>> tensors(model.tensors.size());
  for (std::size_t i = model.tensors.size(); i-- > 0;)
    tensors[i] = write_tensor(fbb, ints, quantizations, model.tensors[i]);

  // One OperatorCode per (op, version), in order of first use.
  std::vector<std::pair<BuiltinOperator, int>> codes;
  std::vector<std::uint32_t> opcode_index(model.operators.size());
  for (std::size_t i = 0; i < model.operators.size(); ++i) {
    const std::pair<BuiltinOperator, int> key{model.operators[i].op, model.operators[i].version};
    std::size_t k = 0;
    while (k < codes.size() && codes[k] != key) ++k;
    if (k == codes.size()) codes.push_back(key);
    opcode_index[i] = static_cast<std::uint32_t>(k);
  }

  std::vector<Offset<fb::Operator>> operators(model.operators.size());
  for (std::size_t i = model.operators.size(); i-- > 0;) {
    const OperatorDef& op = model.operators[i];
    const auto [options_type, options] = write_options(fbb, ints, op);
    const auto outputs = ints(op.outputs);
    const auto inputs = ints(op.inputs);
    operators[i] = fb::CreateOperator(fbb, opcode_index[i], inputs, outputs, options_type, options);
  }

  const auto graph_operators = fbb.CreateVector(operators);
  const auto graph_outputs = ints(model.outputs);
  const auto graph_inputs = ints(model.inputs);
  const auto graph_tensors = fbb.CreateVector(tensors);
  const auto subgraph =
      fb::CreateSubGraph(fbb, graph_tensors, graph_inputs, graph_outputs, graph_operators);
  const auto subgraphs = fbb.CreateVector(&subgraph, 1);

  std::vector<Offset<fb::OperatorCode>> opcodes(codes.size());
  for (std::size_t k = codes.size(); k-- > 0;) {
    const auto number = static_cast<std::int32_t>(codes[k].first);
    // Readers take max(builtin_code, deprecated_builtin_code) and old ones know only the int8
    // field, so a number below 127 goes there alone; 127 there says "look at the int32 one"
    // (docs/tflite.md, "What a file must say").
    const bool small = number < 127;
    opcodes[k] = fb::CreateOperatorCode(fbb, static_cast<std::int8_t>(small ? number : 127), 0,
                                        codes[k].second,
                                        static_cast<fb::BuiltinOperator>(small ? 0 : number));
  }
  const auto opcode_vector = fbb.CreateVector(opcodes);
  const auto description = model.description.empty() ? 0 : fbb.CreateString(model.description);

  fb::FinishModelBuffer(fbb, fb::CreateModel(fbb, model.version, opcode_vector, subgraphs,
                                             description, buffer_vector));
  std::vector<std::uint8_t> bytes(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());

  // Self-check: the official runtime would only say "Can't initialize model".
  Model back;
  try {
    back = read_tflite(bytes);
  } catch (const std::runtime_error& e) {
    throw std::logic_error(std::string("write_tflite: the written file does not read back: ") +
                           e.what());
  }
  const std::string difference = first_difference(model, back);
  if (!difference.empty())
    throw std::logic_error("write_tflite: the written file reads back with a different " +
                           difference);
  return bytes;
}

}  // namespace qplab::tflite

QPLAB_COLD_FILE_END
