// .tflite writer: tflite::Model → the bytes of a TFLite FlatBuffer (schema version 3,
// identifier "TFL3"; core/format/tflite_schema.fbs), as the official interpreter loads them
// (docs/tflite.md, "What a file must say"): empty buffer 0, both opcode fields, union type + value,
// softmax beta and strides written explicitly, int64 zero points, constant data 16-byte
// aligned from the start of the file. Lean on purpose: no min/max, shape_signature,
// signature defs or metadata, no buffer per activation; names and description as given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/format/tflite_model.h"

namespace qplab::tflite {

constexpr std::size_t kBufferAlignment = 16;  // Buffer.data (force_align: 16)

// Throws std::invalid_argument naming the problem if find_problem(model) finds one
// (core/format/tflite_checks.h). Reads its own bytes back before returning them (the official
// runtime reports structural mistakes only as "Can't initialize model"); a mismatch there is
// a writer bug and throws std::logic_error.
std::vector<std::uint8_t> write_tflite(const Model& model);

}  // namespace qplab::tflite
