// .tflite reader: bytes → tflite::Model, for files within qplab's schema subset
// (core/format/tflite_schema.fbs, TFLite schema version 3). Checks, in order: the 8-byte
// header and identifier "TFL3", flatbuffers::Verifier (every offset, length and alignment
// inside the file), version 3, one subgraph, known operators, types and options, then
// find_problem() — what the official interpreter checks at load (docs/tflite.md, "The
// official interpreter") plus what qplab's runtime relies on. Every problem is a
// std::runtime_error naming it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/format/byte_range.h"
#include "core/format/tflite_model.h"

namespace qplab::tflite {

constexpr std::uint32_t kSchemaVersion = 3;
constexpr char kFileIdentifier[4] = {'T', 'F', 'L', '3'};

// Limits a tensor must keep, so that a hostile file cannot make the runtime allocate gigabytes
// for an activation (constant data is bounded by the file itself).
constexpr std::size_t kMaxRank = 8;
constexpr std::uint64_t kMaxTensorBytes = std::uint64_t{1} << 28;  // 256 MiB

// Throws std::runtime_error (".tflite: <what>") on anything it cannot read back faithfully.
Model read_tflite(const std::vector<std::uint8_t>& bytes);
// As above; buffer_ranges[i] is where buffers[i]'s data lies in `bytes` ({0, 0} when empty).
Model read_tflite(const std::vector<std::uint8_t>& bytes, std::vector<ByteRange>* buffer_ranges);

// "" if the model is one the writer writes and the runtime may load; otherwise the first
// problem, naming it, e.g. "tensor 3 'conv/w': buffer 2 holds 100 bytes, shape [12,3,3,1] of
// INT8 needs 108". Checks version 3; an empty buffer 0; per tensor a known type, rank ≤ kMaxRank,
// non-negative dims, ≤ kMaxTensorBytes, buffer index in range, constant data of exactly
// product(shape)·element size bytes, quantization (scales positive and finite, as many
// zero_points as scales, 1 or shape[quantized_dimension] of them, zero_points in the type's
// range, no zero_point or axis without scales); graph inputs/outputs in range; per operator a
// known op, version ≥ 1, its input and output counts, indices in range (-1 only for optional
// inputs) and sane options (strides and filters ≥ 1, finite beta, new_shape with at most one -1).
std::string find_problem(const Model& model);

}  // namespace qplab::tflite
