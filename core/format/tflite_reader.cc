// .tflite reader. Nothing is read before flatbuffers::Verifier has accepted the whole buffer, so
// every accessor below stays inside the file; the conversion then refuses what tflite::Model
// cannot say (unknown operators, types, options), and find_problem() (tflite_checks.h) refuses
// what the runtime could not run safely.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "core/base/budgets.h"
#include "core/format/tflite_reader.h"
#include "core/format/tflite_schema_generated.h"

namespace qplab::tflite {

// The schema's field ids and union tags are the official ones (docs/tflite.md, "Field ids and
// enum values"): vtable offset = 4 + 2·id.
static_assert(fb::Model::VT_VERSION == 4 && fb::Model::VT_BUFFERS == 12, "Model field ids");
static_assert(fb::SubGraph::VT_TENSORS == 4 && fb::SubGraph::VT_OPERATORS == 10, "SubGraph ids");
static_assert(fb::Tensor::VT_SHAPE == 4 && fb::Tensor::VT_TYPE == 6 && fb::Tensor::VT_BUFFER == 8 &&
                  fb::Tensor::VT_NAME == 10 && fb::Tensor::VT_QUANTIZATION == 12,
              "Tensor field ids");
static_assert(fb::QuantizationParameters::VT_SCALE == 8 &&
                  fb::QuantizationParameters::VT_ZERO_POINT == 10 &&
                  fb::QuantizationParameters::VT_DETAILS_TYPE == 12 &&
                  fb::QuantizationParameters::VT_QUANTIZED_DIMENSION == 16,
              "QuantizationParameters field ids");
static_assert(fb::OperatorCode::VT_DEPRECATED_BUILTIN_CODE == 4 &&
                  fb::OperatorCode::VT_VERSION == 8 && fb::OperatorCode::VT_BUILTIN_CODE == 10,
              "OperatorCode field ids");
static_assert(fb::Operator::VT_OPCODE_INDEX == 4 && fb::Operator::VT_OUTPUTS == 8 &&
                  fb::Operator::VT_BUILTIN_OPTIONS_TYPE == 10 &&
                  fb::Operator::VT_BUILTIN_OPTIONS == 12,
              "Operator field ids");
static_assert(fb::Conv2DOptions::VT_FUSED_ACTIVATION_FUNCTION == 10 &&
                  fb::Pool2DOptions::VT_FUSED_ACTIVATION_FUNCTION == 14 &&
                  fb::SoftmaxOptions::VT_BETA == 4 && fb::Buffer::VT_DATA == 4,
              "options field ids");
static_assert(fb::BuiltinOptions_Conv2DOptions == 1 && fb::BuiltinOptions_Pool2DOptions == 5 &&
                  fb::BuiltinOptions_FullyConnectedOptions == 8 &&
                  fb::BuiltinOptions_SoftmaxOptions == 9 &&
                  fb::BuiltinOptions_ReshapeOptions == 17 &&
                  fb::BuiltinOptions_DequantizeOptions == 38 &&
                  fb::BuiltinOptions_QuantizeOptions == 89,
              "BuiltinOptions union tags");
// tflite::Model's enums are the schema's values, so conversion is a cast.
static_assert(static_cast<int>(TensorType::kFloat32) == fb::TensorType_FLOAT32 &&
                  static_cast<int>(TensorType::kFloat16) == fb::TensorType_FLOAT16 &&
                  static_cast<int>(TensorType::kInt32) == fb::TensorType_INT32 &&
                  static_cast<int>(TensorType::kInt8) == fb::TensorType_INT8,
              "TensorType values");
static_assert(
    static_cast<int>(BuiltinOperator::kConv2D) == fb::BuiltinOperator_CONV_2D &&
        static_cast<int>(BuiltinOperator::kDequantize) == fb::BuiltinOperator_DEQUANTIZE &&
        static_cast<int>(BuiltinOperator::kFullyConnected) == fb::BuiltinOperator_FULLY_CONNECTED &&
        static_cast<int>(BuiltinOperator::kMaxPool2D) == fb::BuiltinOperator_MAX_POOL_2D &&
        static_cast<int>(BuiltinOperator::kReshape) == fb::BuiltinOperator_RESHAPE &&
        static_cast<int>(BuiltinOperator::kSoftmax) == fb::BuiltinOperator_SOFTMAX &&
        static_cast<int>(BuiltinOperator::kQuantize) == fb::BuiltinOperator_QUANTIZE,
    "BuiltinOperator values");
static_assert(static_cast<int>(Padding::kSame) == fb::Padding_SAME &&
                  static_cast<int>(Padding::kValid) == fb::Padding_VALID,
              "Padding values");
static_assert(static_cast<int>(FusedActivation::kNone) == fb::ActivationFunctionType_NONE &&
                  static_cast<int>(FusedActivation::kRelu) == fb::ActivationFunctionType_RELU,
              "FusedActivation values");
static_assert(sizeof(int) == sizeof(std::int32_t), "tensor indices and shapes are int32");

namespace {

constexpr std::size_t kHeaderBytes = 8;  // root offset, identifier

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(".tflite: " + what); }

// ---- reading ------------------------------------------------------------------------------

// What the reader may copy out of one file (budgets.h): every copy is charged before it is
// made, so a file whose offsets point at one table many times is refused before the copies
// add up, however the verifier let the sharing through.
class CopyBudget {
 public:
  explicit CopyBudget(std::size_t file_bytes)
      : file_bytes_(file_bytes),
        limit_(budget::kReaderCopyFactor * file_bytes + budget::kReaderCopyAllowance),
        left_(limit_) {}

  void charge(std::uint64_t bytes, const std::string& what) {
    if (bytes > left_)
      fail(what + " would take the reader's copies past " + std::to_string(limit_) + " bytes (" +
           std::to_string(budget::kReaderCopyFactor) + " times the " + std::to_string(file_bytes_) +
           "-byte file, plus " + std::to_string(budget::kReaderCopyAllowance) +
           "): the file refers to the same data many times over");
    left_ -= bytes;
  }

  template <typename T>
  void charge_vector(const flatbuffers::Vector<T>* values, std::size_t element_bytes,
                     const std::string& what) {
    if (values != nullptr) charge(std::uint64_t{values->size()} * element_bytes, what);
  }

 private:
  std::uint64_t file_bytes_, limit_, left_;
};

std::vector<int> to_ints(const flatbuffers::Vector<std::int32_t>* values) {
  if (values == nullptr) return {};
  return std::vector<int>(values->begin(), values->end());
}

std::string options_name(fb::BuiltinOptions type) {
  const char* name = fb::EnumNameBuiltinOptions(type);
  return *name ? std::string(name) : "options tag " + std::to_string(static_cast<int>(type));
}

// The operator's options table of type Options, nullptr if it has none (then the schema's
// defaults apply, as in the official interpreter); throws if it has another kind, or none
// where the defaults would be meaningless (stride 0).
template <typename Options>
const Options* options_of(const fb::Operator& op, const std::string& label, bool required) {
  constexpr fb::BuiltinOptions expected = fb::BuiltinOptionsTraits<Options>::enum_value;
  const fb::BuiltinOptions type = op.builtin_options_type();
  if (type != fb::BuiltinOptions_NONE && type != expected)
    fail(label + ": builtin options are " + options_name(type) + ", expected " +
         options_name(expected));
  const auto* options =
      type == expected ? static_cast<const Options*>(op.builtin_options()) : nullptr;
  if (options == nullptr && required) fail(label + ": no " + options_name(expected));
  return options;
}

Padding read_padding(fb::Padding padding, const std::string& label) {
  if (padding != fb::Padding_SAME && padding != fb::Padding_VALID)
    fail(label + ": padding " + std::to_string(static_cast<int>(padding)) +
         " is neither SAME nor VALID");
  return static_cast<Padding>(padding);
}

FusedActivation read_activation(fb::ActivationFunctionType activation, const std::string& label) {
  if (activation != fb::ActivationFunctionType_NONE &&
      activation != fb::ActivationFunctionType_RELU) {
    const char* name = fb::EnumNameActivationFunctionType(activation);
    fail(label + ": fused activation " + (*name ? std::string(name) : "") + " (" +
         std::to_string(static_cast<int>(activation)) + ") is not supported");
  }
  return static_cast<FusedActivation>(activation);
}

void read_options(const fb::Operator& src, const std::string& label, OperatorDef& op,
                  CopyBudget& budget) {
  switch (op.op) {
    case BuiltinOperator::kConv2D: {
      const auto* o = options_of<fb::Conv2DOptions>(src, label, true);
      op.padding = read_padding(o->padding(), label);
      op.stride_w = o->stride_w();
      op.stride_h = o->stride_h();
      op.activation = read_activation(o->fused_activation_function(), label);
      if (o->dilation_w_factor() != 1 || o->dilation_h_factor() != 1)
        fail(label + ": dilation " + std::to_string(o->dilation_h_factor()) + "x" +
             std::to_string(o->dilation_w_factor()) + " is not supported");
      return;
    }
    case BuiltinOperator::kMaxPool2D: {
      const auto* o = options_of<fb::Pool2DOptions>(src, label, true);
      op.padding = read_padding(o->padding(), label);
      op.stride_w = o->stride_w();
      op.stride_h = o->stride_h();
      op.filter_w = o->filter_width();
      op.filter_h = o->filter_height();
      op.activation = read_activation(o->fused_activation_function(), label);
      return;
    }
    case BuiltinOperator::kFullyConnected: {
      const auto* o = options_of<fb::FullyConnectedOptions>(src, label, false);
      if (o == nullptr) return;
      op.activation = read_activation(o->fused_activation_function(), label);
      if (o->weights_format() != fb::FullyConnectedOptionsWeightsFormat_DEFAULT)
        fail(label + ": weights_format " + std::to_string(static_cast<int>(o->weights_format())) +
             " is not supported");
      if (o->keep_num_dims()) fail(label + ": keep_num_dims is not supported");
      if (o->asymmetric_quantize_inputs())
        fail(label + ": asymmetric_quantize_inputs is not supported");
      return;
    }
    case BuiltinOperator::kSoftmax: {
      const auto* o = options_of<fb::SoftmaxOptions>(src, label, false);
      op.beta = o != nullptr ? o->beta() : 0.0f;  // the schema default, as the runtime reads it
      return;
    }
    case BuiltinOperator::kReshape: {
      const auto* o = options_of<fb::ReshapeOptions>(src, label, false);
      if (o == nullptr) return;
      budget.charge_vector(o->new_shape(), sizeof(int), label + "'s new_shape");
      op.new_shape = to_ints(o->new_shape());
      return;
    }
    case BuiltinOperator::kQuantize:
      options_of<fb::QuantizeOptions>(src, label, false);
      return;
    case BuiltinOperator::kDequantize:
      options_of<fb::DequantizeOptions>(src, label, false);
      return;
  }
}

struct OpCode {
  BuiltinOperator op;
  int version;
};

std::vector<OpCode> read_opcodes(const fb::Model& root, CopyBudget& budget) {
  std::vector<OpCode> codes;
  if (root.operator_codes() == nullptr) return codes;
  budget.charge_vector(root.operator_codes(), sizeof(OpCode), "the operator codes");
  for (const fb::OperatorCode* code : *root.operator_codes()) {
    // As the runtime resolves it (schema_utils.cc): old files only set the int8 field,
    // codes ≥ 127 only fit the int32 one.
    const int number = std::max(static_cast<int>(code->builtin_code()),
                                static_cast<int>(code->deprecated_builtin_code()));
    const auto op = static_cast<BuiltinOperator>(number);
    if (!is_supported(op)) {
      const char* name = fb::EnumNameBuiltinOperator(static_cast<fb::BuiltinOperator>(number));
      fail("unsupported operator " + std::to_string(number) +
           (*name ? " " + std::string(name) : "") + " (version " + std::to_string(code->version()) +
           ")");
    }
    codes.push_back({op, code->version()});
  }
  return codes;
}

// int64 elements with memcpy: the verifier checks a vector's 4-byte length word, not that
// 8-byte elements are 8-byte aligned, so a direct load could be a misaligned one.
std::vector<std::int64_t> read_int64s(const flatbuffers::Vector<std::int64_t>& values) {
  std::vector<std::int64_t> out(values.size());
  if (!out.empty()) std::memcpy(out.data(), values.Data(), out.size() * sizeof(std::int64_t));
  return out;
}

TensorDef read_tensor(const fb::Tensor& src, std::size_t index, CopyBudget& budget) {
  TensorDef tensor;
  const std::string where = "tensor " + std::to_string(index);
  if (src.shape() != nullptr && src.shape()->size() > budget::kMaxRank)  // before copying it
    fail(where + ": rank " + std::to_string(src.shape()->size()) + " exceeds " +
         std::to_string(budget::kMaxRank));
  budget.charge_vector(src.name(), 1, where + "'s name");
  budget.charge_vector(src.shape(), sizeof(int), where + "'s shape");
  if (src.name() != nullptr) tensor.name = src.name()->str();
  const auto type = static_cast<TensorType>(src.type());
  if (!is_supported(type)) {
    const char* name = fb::EnumNameTensorType(src.type());
    const std::string number = std::to_string(static_cast<int>(src.type()));
    fail("tensor " + std::to_string(index) + " " + quoted_name(tensor.name) + ": type " +
         (*name ? std::string(name) + " (" + number + ")" : number) + " is not supported");
  }
  tensor.type = type;
  tensor.shape = to_ints(src.shape());
  tensor.buffer = src.buffer();
  const fb::QuantizationParameters* q = src.quantization();
  if (q == nullptr) return tensor;
  const std::string label = "tensor " + std::to_string(index) + " " + quoted_name(tensor.name);
  if (q->details_type() != fb::QuantizationDetails_NONE)
    fail(label + ": custom quantization details are not supported");
  // No scale: not quantized, whatever else is there (the interpreter reads it the same way).
  if (q->scale() == nullptr || q->scale()->size() == 0) return tensor;
  if (q->zero_point() == nullptr)
    fail(label + ": quantization has " + std::to_string(q->scale()->size()) +
         " scales but no zero_point");
  budget.charge_vector(q->scale(), sizeof(float), label + "'s scales");
  budget.charge_vector(q->zero_point(), sizeof(std::int64_t), label + "'s zero points");
  tensor.quantization.scale.assign(q->scale()->begin(), q->scale()->end());
  tensor.quantization.zero_point = read_int64s(*q->zero_point());
  tensor.quantization.quantized_dimension = q->quantized_dimension();
  return tensor;
}

}  // namespace

Model read_tflite(const std::vector<std::uint8_t>& bytes) { return read_tflite(bytes, nullptr); }

Model read_tflite(const std::vector<std::uint8_t>& bytes, std::vector<ByteRange>* buffer_ranges) {
  const std::size_t size = bytes.size();
  const std::uint8_t* data = bytes.data();
  if (size < kHeaderBytes)
    fail("file is " + std::to_string(size) +
         " bytes, too short for the 8-byte header (root offset, identifier)");
  if (size > budget::kMaxModelFileBytes)
    fail("file is " + std::to_string(size) + " bytes, above the " +
         std::to_string(budget::kMaxModelFileBytes) + "-byte limit for a model file");
  if (std::memcmp(data + 4, kFileIdentifier, sizeof kFileIdentifier) != 0)
    fail("not a .tflite file: identifier is " +
         quoted_name(std::string(reinterpret_cast<const char*>(data) + 4, 4)) +
         ", expected 'TFL3'");
  const std::uint32_t root_offset = flatbuffers::ReadScalar<std::uint32_t>(data);
  if (root_offset > size - 4)
    fail("root table offset " + std::to_string(root_offset) +
         " (at byte 0) points past the end of the " + std::to_string(size) + "-byte file");
  // operator new's storage is aligned for any scalar, and the verifier checks each vector's
  // length word for 4-byte alignment (relative to byte 0): reads of 4-byte elements are aligned;
  // the one vector of 8-byte elements, zero_point, is read with memcpy (read_int64s).
  flatbuffers::Verifier verifier(data, size);
  if (!fb::VerifyModelBuffer(verifier))
    fail("invalid FlatBuffer: an offset, length, string or alignment in the " +
         std::to_string(size) + "-byte file is out of bounds or malformed");

  const fb::Model& root = *fb::GetModel(data);
  Model model;
  model.version = root.version();
  if (model.version != kSchemaVersion)
    fail("schema version " + std::to_string(model.version) + ", expected " +
         std::to_string(kSchemaVersion));
  const std::size_t subgraphs = root.subgraphs() ? root.subgraphs()->size() : 0;
  if (subgraphs != 1)
    fail("the file has " + std::to_string(subgraphs) + " subgraphs, expected exactly 1");
  const fb::SubGraph& graph = *root.subgraphs()->Get(0);
  CopyBudget budget(size);
  const std::vector<OpCode> codes = read_opcodes(root, budget);

  budget.charge_vector(root.description(), 1, "the description");
  if (root.description() != nullptr) model.description = root.description()->str();
  model.buffers.clear();
  if (root.buffers() != nullptr) {
    budget.charge_vector(root.buffers(), sizeof(std::vector<std::uint8_t>), "the buffer list");
    model.buffers.reserve(root.buffers()->size());
    for (const fb::Buffer* buffer : *root.buffers()) {
      const flatbuffers::Vector<std::uint8_t>* payload = buffer->data();
      budget.charge_vector(payload, 1, "buffer " + std::to_string(model.buffers.size()));
      if (payload == nullptr)
        model.buffers.emplace_back();
      else
        model.buffers.emplace_back(payload->data(), payload->data() + payload->size());
      if (buffer_ranges != nullptr)
        buffer_ranges->push_back(
            payload == nullptr || payload->size() == 0
                ? ByteRange{}
                : ByteRange{static_cast<std::size_t>(payload->data() - data), payload->size()});
    }
  }
  if (graph.tensors() != nullptr) {
    budget.charge_vector(graph.tensors(), sizeof(TensorDef), "the tensor list");
    model.tensors.reserve(graph.tensors()->size());
    for (const fb::Tensor* tensor : *graph.tensors())
      model.tensors.push_back(read_tensor(*tensor, model.tensors.size(), budget));
  }
  budget.charge_vector(graph.inputs(), sizeof(int), "the graph inputs");
  budget.charge_vector(graph.outputs(), sizeof(int), "the graph outputs");
  model.inputs = to_ints(graph.inputs());
  model.outputs = to_ints(graph.outputs());
  if (graph.operators() != nullptr) {
    budget.charge_vector(graph.operators(), sizeof(OperatorDef), "the operator list");
    model.operators.reserve(graph.operators()->size());
    for (const fb::Operator* src : *graph.operators()) {
      const std::size_t index = model.operators.size();
      const std::string label = "operator " + std::to_string(index);
      budget.charge_vector(src->inputs(), sizeof(int), label + "'s inputs");
      budget.charge_vector(src->outputs(), sizeof(int), label + "'s outputs");
      if (src->opcode_index() >= codes.size())
        fail("operator " + std::to_string(index) + ": opcode_index " +
             std::to_string(src->opcode_index()) + " out of range (" +
             std::to_string(codes.size()) + " operator codes)");
      OperatorDef op;
      op.op = codes[src->opcode_index()].op;
      op.version = codes[src->opcode_index()].version;
      op.inputs = to_ints(src->inputs());
      op.outputs = to_ints(src->outputs());
      read_options(*src, operator_label(index, op.op), op, budget);
      model.operators.push_back(std::move(op));
    }
  }
  const std::string problem = find_problem(model);
  if (!problem.empty()) fail(problem);
  return model;
}

}  // namespace qplab::tflite

QPLAB_COLD_FILE_END
