// .tflite reader and the model checks it shares with the writer. Nothing is read before
// flatbuffers::Verifier has accepted the whole buffer, so every accessor below stays inside
// the file; the conversion then refuses what tflite::Model cannot say (unknown operators, types,
// options), and find_problem() refuses what the runtime could not run safely.
#include "core/format/tflite_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

#include "core/base/budgets.h"
#include "core/format/number_text.h"
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

// 'text' with non-printable bytes as \xNN, at most 64 characters: names come from the file.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < 64; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x" + hex_digits(c, 2);
    }
  }
  if (text.size() > 64) out += "...";
  return out + "'";
}

template <typename T>
std::string list_text(const std::vector<T>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + std::to_string(values[i]);
  return out + "]";
}

std::string tensor_label(const Model& model, std::size_t index) {
  return "tensor " + std::to_string(index) + " " + quoted(model.tensors[index].name);
}

bool is_known(TensorType type) {
  switch (type) {
    case TensorType::kFloat32:
    case TensorType::kFloat16:
    case TensorType::kInt32:
    case TensorType::kInt8:
      return true;
  }
  return false;
}

// The highest version of each operator that qplab's converters write (and its kernels run).
int max_version(BuiltinOperator op) {
  switch (op) {
    case BuiltinOperator::kConv2D:
      return 5;  // hybrid per-channel; int8 is 3
    case BuiltinOperator::kFullyConnected:
      return 4;  // int8; hybrid is 3
    case BuiltinOperator::kDequantize:
      return 3;  // float16
    case BuiltinOperator::kMaxPool2D:
    case BuiltinOperator::kSoftmax:
      return 2;  // int8
    case BuiltinOperator::kReshape:
    case BuiltinOperator::kQuantize:
      return 1;
  }
  return 0;
}

bool is_known(BuiltinOperator op) {
  switch (op) {
    case BuiltinOperator::kConv2D:
    case BuiltinOperator::kDequantize:
    case BuiltinOperator::kFullyConnected:
    case BuiltinOperator::kMaxPool2D:
    case BuiltinOperator::kReshape:
    case BuiltinOperator::kSoftmax:
    case BuiltinOperator::kQuantize:
      return true;
  }
  return false;
}

// ---- model checks -------------------------------------------------------------------------

std::string quantization_problem(const TensorDef& tensor) {
  const Quantization& q = tensor.quantization;
  if (q.scale.empty()) {
    if (!q.zero_point.empty())
      return "quantization has " + std::to_string(q.zero_point.size()) +
             " zero_point values but no scale";
    if (q.quantized_dimension != 0)
      return "quantized_dimension " + std::to_string(q.quantized_dimension) + " without scales";
    return "";
  }
  for (std::size_t i = 0; i < q.scale.size(); ++i) {
    // The runtime divides by scales and turns their ratios into integer multipliers.
    if (!std::isfinite(q.scale[i]) || !(q.scale[i] > 0.0f))
      return "quantization scale[" + std::to_string(i) + "] is " + number_text(q.scale[i]) +
             " (must be positive and finite)";
  }
  if (q.zero_point.size() != q.scale.size())
    return "quantization has " + std::to_string(q.scale.size()) + " scales but " +
           std::to_string(q.zero_point.size()) + " zero_point values";
  const auto rank = static_cast<int>(tensor.shape.size());
  if (q.quantized_dimension < 0 || (rank > 0 && q.quantized_dimension >= rank))
    return "quantized_dimension " + std::to_string(q.quantized_dimension) +
           " out of range for shape " + list_text(tensor.shape);
  if (q.scale.size() != 1) {
    if (rank == 0)
      return "quantization has " + std::to_string(q.scale.size()) + " scales for a scalar";
    const int axis = tensor.shape[static_cast<std::size_t>(q.quantized_dimension)];
    if (q.scale.size() != static_cast<std::size_t>(axis))
      return "quantization has " + std::to_string(q.scale.size()) + " scales, expected 1 or " +
             "shape[" + std::to_string(q.quantized_dimension) + "] = " + std::to_string(axis);
  }
  const bool int8 = tensor.type == TensorType::kInt8;
  const std::int64_t lo = int8 ? -128 : std::numeric_limits<std::int32_t>::min();
  const std::int64_t hi = int8 ? 127 : std::numeric_limits<std::int32_t>::max();
  for (std::size_t i = 0; i < q.zero_point.size(); ++i) {
    if (q.zero_point[i] < lo || q.zero_point[i] > hi)
      return "zero_point[" + std::to_string(i) + "] is " + std::to_string(q.zero_point[i]) +
             ", outside " + to_string(tensor.type) + "'s [" + std::to_string(lo) + ", " +
             std::to_string(hi) + "]";
  }
  return "";
}

// Weights the lab trained are finite; a NaN or an infinity would only spread through every
// output. "" or the first non-finite element.
std::string constant_values_problem(TensorType type, const std::vector<std::uint8_t>& data) {
  const auto element = [](std::size_t i, const std::string& value) {
    return "element " + std::to_string(i) + " is " + value + " (constant values must be finite)";
  };
  if (type == TensorType::kFloat32) {
    for (std::size_t i = 0; i + 4 <= data.size(); i += 4) {
      float v;
      std::memcpy(&v, data.data() + i, 4);
      if (!std::isfinite(v)) return element(i / 4, number_text(v));
    }
  } else if (type == TensorType::kFloat16) {
    for (std::size_t i = 0; i + 2 <= data.size(); i += 2) {
      const unsigned bits = data[i] | unsigned{data[i + 1]} << 8;
      if ((bits & 0x7c00u) == 0x7c00u) return element(i / 2, (bits & 0x3ffu) ? "NaN" : "infinite");
    }
  }
  return "";
}

std::string tensor_problem(const Model& model, const TensorDef& tensor) {
  if (!is_known(tensor.type))
    return "type " + std::to_string(static_cast<int>(tensor.type)) + " is not supported";
  if (tensor.shape.size() > kMaxRank)
    return "rank " + std::to_string(tensor.shape.size()) + " exceeds " + std::to_string(kMaxRank);
  const std::uint64_t element_bytes = element_size(tensor.type);
  std::uint64_t bytes = element_bytes;
  for (int d : tensor.shape) {
    if (d < 0) return "shape " + list_text(tensor.shape) + " has a negative dimension";
    bytes *= static_cast<std::uint64_t>(d);  // ≤ 2^28 · 2^31: no wrap
    if (bytes > kMaxTensorBytes)
      return "shape " + list_text(tensor.shape) + " of " + to_string(tensor.type) +
             " needs more than " + std::to_string(kMaxTensorBytes) + " bytes";
  }
  if (tensor.buffer >= model.buffers.size())
    return "buffer index " + std::to_string(tensor.buffer) + " out of range (" +
           std::to_string(model.buffers.size()) + " buffers)";
  const std::vector<std::uint8_t>& data = model.buffers[tensor.buffer];
  if (!data.empty() && data.size() != bytes)
    return "buffer " + std::to_string(tensor.buffer) + " holds " + std::to_string(data.size()) +
           " bytes, shape " + list_text(tensor.shape) + " of " + to_string(tensor.type) +
           " needs " + std::to_string(bytes);
  const std::string values = constant_values_problem(tensor.type, data);
  if (!values.empty()) return "buffer " + std::to_string(tensor.buffer) + ": " + values;
  return quantization_problem(tensor);
}

struct Arity {
  std::size_t min_inputs, max_inputs;  // inputs at [min_inputs, max_inputs) may be -1
};

Arity arity_of(BuiltinOperator op) {
  switch (op) {
    case BuiltinOperator::kConv2D:
      return {2, 3};  // input, filter, bias
    case BuiltinOperator::kFullyConnected:
      return {2, 3};  // input, weights, bias
    case BuiltinOperator::kReshape:
      return {1, 2};  // input, shape tensor
    case BuiltinOperator::kDequantize:
    case BuiltinOperator::kMaxPool2D:
    case BuiltinOperator::kSoftmax:
    case BuiltinOperator::kQuantize:
      break;
  }
  return {1, 1};
}

std::string options_problem(const OperatorDef& op) {
  const auto activation_ok =
      op.activation == FusedActivation::kNone || op.activation == FusedActivation::kRelu;
  const auto padding_ok = op.padding == Padding::kSame || op.padding == Padding::kValid;
  switch (op.op) {
    case BuiltinOperator::kConv2D:
    case BuiltinOperator::kMaxPool2D:
      if (!padding_ok) return "padding " + std::to_string(static_cast<int>(op.padding));
      if (op.stride_w < 1 || op.stride_h < 1)
        return "stride " + std::to_string(op.stride_h) + "x" + std::to_string(op.stride_w) +
               " (must be >= 1)";
      if (op.op == BuiltinOperator::kMaxPool2D && (op.filter_w < 1 || op.filter_h < 1))
        return "filter " + std::to_string(op.filter_h) + "x" + std::to_string(op.filter_w) +
               " (must be >= 1)";
      [[fallthrough]];
    case BuiltinOperator::kFullyConnected:
      if (!activation_ok)
        return "fused activation " + std::to_string(static_cast<int>(op.activation));
      return "";
    case BuiltinOperator::kSoftmax:
      if (!std::isfinite(op.beta)) return "beta " + number_text(op.beta) + " is not finite";
      return "";
    case BuiltinOperator::kReshape: {
      if (op.new_shape.size() > kMaxRank)
        return "new_shape " + list_text(op.new_shape) + " has rank above " +
               std::to_string(kMaxRank);
      const auto unknown = std::count(op.new_shape.begin(), op.new_shape.end(), -1);
      const bool negative =
          std::any_of(op.new_shape.begin(), op.new_shape.end(), [](int d) { return d < -1; });
      if (negative || unknown > 1)
        return "new_shape " + list_text(op.new_shape) + " (dims >= 0, at most one -1)";
      return "";
    }
    case BuiltinOperator::kQuantize:
    case BuiltinOperator::kDequantize:
      return "";
  }
  return "";
}

std::string operator_problem(const Model& model, const OperatorDef& op) {
  if (!is_known(op.op)) return "unsupported operator " + std::to_string(static_cast<int>(op.op));
  if (op.version < 1 || op.version > max_version(op.op))
    return "version " + std::to_string(op.version) + " (this reader knows versions 1 to " +
           std::to_string(max_version(op.op)) + ")";
  const Arity arity = arity_of(op.op);
  if (op.inputs.size() < arity.min_inputs || op.inputs.size() > arity.max_inputs)
    return std::to_string(op.inputs.size()) + " inputs, expected " +
           (arity.min_inputs == arity.max_inputs
                ? std::to_string(arity.min_inputs)
                : std::to_string(arity.min_inputs) + " to " + std::to_string(arity.max_inputs));
  if (op.outputs.size() != 1) return std::to_string(op.outputs.size()) + " outputs, expected 1";
  const auto count = static_cast<long long>(model.tensors.size());
  for (std::size_t i = 0; i < op.inputs.size(); ++i) {
    const int t = op.inputs[i];
    if (t == -1 && i >= arity.min_inputs) continue;  // optional input omitted
    if (t < 0 || t >= count)
      return "input " + std::to_string(i) + " is tensor " + std::to_string(t) + ", out of range (" +
             std::to_string(count) + " tensors)";
  }
  for (std::size_t i = 0; i < op.outputs.size(); ++i) {
    const int t = op.outputs[i];
    if (t < 0 || t >= count)
      return "output " + std::to_string(i) + " is tensor " + std::to_string(t) +
             ", out of range (" + std::to_string(count) + " tensors)";
  }
  return options_problem(op);
}

std::string graph_io_problem(const Model& model, const std::vector<int>& indices,
                             const char* what) {
  const auto count = static_cast<long long>(model.tensors.size());
  for (std::size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] < 0 || indices[i] >= count)
      return std::string("subgraph ") + what + " " + std::to_string(i) + " is tensor " +
             std::to_string(indices[i]) + ", out of range (" + std::to_string(count) + " tensors)";
  }
  return "";
}

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
      fail(what + " would take the reader's copies past " + std::to_string(limit_) +
           " bytes (" + std::to_string(budget::kReaderCopyFactor) + " times the " +
           std::to_string(file_bytes_) + "-byte file, plus " +
           std::to_string(budget::kReaderCopyAllowance) +
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

std::string op_label(std::size_t index, BuiltinOperator op) {
  return "operator " + std::to_string(index) + " (" + to_string(op) + ")";
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
    if (!is_known(op)) {
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
  if (src.shape() != nullptr && src.shape()->size() > kMaxRank)  // before copying it
    fail(where + ": rank " + std::to_string(src.shape()->size()) + " exceeds " +
         std::to_string(kMaxRank));
  budget.charge_vector(src.name(), 1, where + "'s name");
  budget.charge_vector(src.shape(), sizeof(int), where + "'s shape");
  if (src.name() != nullptr) tensor.name = src.name()->str();
  const auto type = static_cast<TensorType>(src.type());
  if (!is_known(type)) {
    const char* name = fb::EnumNameTensorType(src.type());
    const std::string number = std::to_string(static_cast<int>(src.type()));
    fail("tensor " + std::to_string(index) + " " + quoted(tensor.name) + ": type " +
         (*name ? std::string(name) + " (" + number + ")" : number) + " is not supported");
  }
  tensor.type = type;
  tensor.shape = to_ints(src.shape());
  tensor.buffer = src.buffer();
  const fb::QuantizationParameters* q = src.quantization();
  if (q == nullptr) return tensor;
  const std::string label = "tensor " + std::to_string(index) + " " + quoted(tensor.name);
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

std::string find_problem(const Model& model) {
  if (model.version != kSchemaVersion)
    return "schema version " + std::to_string(model.version) + ", expected " +
           std::to_string(kSchemaVersion);
  if (model.buffers.empty()) return "no buffers (buffer 0, the empty sentinel, is required)";
  if (!model.buffers[0].empty())
    return "buffer 0 holds " + std::to_string(model.buffers[0].size()) +
           " bytes (it is the empty sentinel)";
  for (std::size_t i = 0; i < model.tensors.size(); ++i) {
    const std::string problem = tensor_problem(model, model.tensors[i]);
    if (!problem.empty()) return tensor_label(model, i) + ": " + problem;
  }
  std::string problem = graph_io_problem(model, model.inputs, "input");
  if (problem.empty()) problem = graph_io_problem(model, model.outputs, "output");
  if (!problem.empty()) return problem;
  for (std::size_t i = 0; i < model.operators.size(); ++i) {
    problem = operator_problem(model, model.operators[i]);
    if (!problem.empty()) return op_label(i, model.operators[i].op) + ": " + problem;
  }
  return "";
}

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
         quoted(std::string(reinterpret_cast<const char*>(data) + 4, 4)) + ", expected 'TFL3'");
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
        buffer_ranges->push_back(payload == nullptr || payload->size() == 0
                                     ? ByteRange{}
                                     : ByteRange{static_cast<std::size_t>(payload->data() - data),
                                                 payload->size()});
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
      read_options(*src, op_label(index, op.op), op, budget);
      model.operators.push_back(std::move(op));
    }
  }
  const std::string problem = find_problem(model);
  if (!problem.empty()) fail(problem);
  return model;
}

}  // namespace qplab::tflite
