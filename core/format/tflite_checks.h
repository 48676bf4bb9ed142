// The checks a tflite::Model must pass, shared by the reader (after parsing), the writer
// (before writing) and the interpreter (before preparing): what the official interpreter
// checks at load plus what qplab's runtime relies on. Limits are core/base/budgets.h's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/format/tflite_model.h"

namespace qplab::tflite {

constexpr std::uint32_t kSchemaVersion = 3;

// "" if the model is one the writer writes and the runtime may load; otherwise the first
// problem, naming it, e.g. "tensor 3 'conv/w': buffer 2 holds 100 bytes, shape [12,3,3,1] of
// INT8 needs 108". Checks version 3; an empty buffer 0; per tensor tensor_bounds_problem(),
// finite constant values and quantization (scales positive and finite, as many zero_points as
// scales, 1 or shape[quantized_dimension] of them, zero_points in the type's range, no
// zero_point or axis without scales); graph inputs/outputs in range; per operator a known op,
// version ≥ 1, its input and output counts, indices in range (-1 only for optional inputs) and
// sane options (strides and filters ≥ 1, finite beta, new_shape with at most one -1).
std::string find_problem(const Model& model);

// "" or the first problem with where one tensor's values lie: a known type, rank ≤
// budget::kMaxRank, non-negative dims, ≤ budget::kMaxTensorBytes, the buffer index in range
// and constant data of exactly product(shape) · element size bytes.
std::string tensor_bounds_problem(const Model& model, const TensorDef& tensor);

// "" or the first tensor index out of range: graph inputs and outputs, and each operator's
// inputs and outputs (-1 only for an optional input).
std::string indices_problem(const Model& model);

bool is_supported(TensorType type);
bool is_supported(BuiltinOperator op);

// 'text' with non-printable bytes as \xNN, at most 64 characters: names come from the file.
std::string quoted_name(const std::string& text);
// "operator 2 (CONV_2D)"
std::string operator_label(std::size_t index, BuiltinOperator op);

}  // namespace qplab::tflite
