// .tflite reader: bytes → tflite::Model, for files within qplab's schema subset
// (core/format/tflite_schema.fbs, TFLite schema version 3). Checks, in order: the 8-byte
// header and identifier "TFL3", flatbuffers::Verifier (every offset, length and alignment
// inside the file), version 3, one subgraph, known operators, types and options, then
// find_problem() (tflite_checks.h). Every problem is a std::runtime_error naming it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/format/byte_range.h"
#include "core/format/tflite_checks.h"
#include "core/format/tflite_model.h"

namespace qplab::tflite {

constexpr char kFileIdentifier[4] = {'T', 'F', 'L', '3'};

// Throws std::runtime_error (".tflite: <what>") on anything it cannot read back faithfully.
Model read_tflite(const std::vector<std::uint8_t>& bytes);
// As above; buffer_ranges[i] is where buffers[i]'s data lies in `bytes` ({0, 0} when empty).
Model read_tflite(const std::vector<std::uint8_t>& bytes, std::vector<ByteRange>* buffer_ranges);

}  // namespace qplab::tflite
