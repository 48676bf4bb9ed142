// The checks a tflite::Model must pass before it is written or run; see tflite_checks.h.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "core/base/budgets.h"
#include "core/base/number_text.h"
#include "core/format/tflite_checks.h"

namespace qplab::tflite {

namespace {

template <typename T>
std::string list_text(const std::vector<T>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + std::to_string(values[i]);
  return out + "]";
}

std::string tensor_label(const Model& model, std::size_t index) {
  return "tensor " + std::to_string(index) + " " + quoted_name(model.tensors[index].name);
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
  const std::string bounds = tensor_bounds_problem(model, tensor);
  if (!bounds.empty()) return bounds;
  const std::vector<std::uint8_t>& data = model.buffers[tensor.buffer];
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
      if (op.new_shape.size() > budget::kMaxRank)
        return "new_shape " + list_text(op.new_shape) + " has rank above " +
               std::to_string(budget::kMaxRank);
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

std::string operator_indices_problem(const Model& model, const OperatorDef& op) {
  const auto count = static_cast<long long>(model.tensors.size());
  const std::size_t optional_from = arity_of(op.op).min_inputs;
  for (std::size_t i = 0; i < op.inputs.size(); ++i) {
    const int t = op.inputs[i];
    if (t == -1 && i >= optional_from) continue;  // optional input omitted
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
  return "";
}

std::string operator_problem(const Model& model, const OperatorDef& op) {
  if (!is_supported(op.op))
    return "unsupported operator " + std::to_string(static_cast<int>(op.op));
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
  const std::string indices = operator_indices_problem(model, op);
  if (!indices.empty()) return indices;
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

}  // namespace

std::string quoted_name(const std::string& text) {
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

bool is_supported(TensorType type) {
  switch (type) {
    case TensorType::kFloat32:
    case TensorType::kFloat16:
    case TensorType::kInt32:
    case TensorType::kInt8:
      return true;
  }
  return false;
}

bool is_supported(BuiltinOperator op) {
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

std::string operator_label(std::size_t index, BuiltinOperator op) {
  return "operator " + std::to_string(index) + " (" + to_string(op) + ")";
}

std::string tensor_bounds_problem(const Model& model, const TensorDef& tensor) {
  if (!is_supported(tensor.type))
    return "type " + std::to_string(static_cast<int>(tensor.type)) + " is not supported";
  if (tensor.shape.size() > budget::kMaxRank)
    return "rank " + std::to_string(tensor.shape.size()) + " exceeds " +
           std::to_string(budget::kMaxRank);
  const std::uint64_t element_bytes = element_size(tensor.type);
  std::uint64_t bytes = element_bytes;
  for (int d : tensor.shape) {
    if (d < 0) return "shape " + list_text(tensor.shape) + " has a negative dimension";
    bytes *= static_cast<std::uint64_t>(d);  // ≤ the cap · 2^31: no wrap
    if (bytes > budget::kMaxTensorBytes)
      return "shape " + list_text(tensor.shape) + " of " + to_string(tensor.type) +
             " needs more than " + std::to_string(budget::kMaxTensorBytes) + " bytes";
  }
  if (tensor.buffer >= model.buffers.size())
    return "buffer index " + std::to_string(tensor.buffer) + " out of range (" +
           std::to_string(model.buffers.size()) + " buffers)";
  const std::vector<std::uint8_t>& data = model.buffers[tensor.buffer];
  if (!data.empty() && data.size() != bytes)
    return "buffer " + std::to_string(tensor.buffer) + " holds " + std::to_string(data.size()) +
           " bytes, shape " + list_text(tensor.shape) + " of " + to_string(tensor.type) +
           " needs " + std::to_string(bytes);
  return "";
}

std::string indices_problem(const Model& model) {
  std::string problem = graph_io_problem(model, model.inputs, "input");
  if (problem.empty()) problem = graph_io_problem(model, model.outputs, "output");
  if (!problem.empty()) return problem;
  for (std::size_t i = 0; i < model.operators.size(); ++i) {
    problem = operator_indices_problem(model, model.operators[i]);
    if (!problem.empty()) return operator_label(i, model.operators[i].op) + ": " + problem;
  }
  return "";
}

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
    if (!problem.empty()) return operator_label(i, model.operators[i].op) + ": " + problem;
  }
  return "";
}

}  // namespace qplab::tflite

QPLAB_COLD_FILE_END
