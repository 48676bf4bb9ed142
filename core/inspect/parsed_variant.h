// ParsedVariant — a variant's bytes read back by its format's own reader (told apart by
// format_of), with where each weight's data lies in the file: what every inspection starts from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/format/byte_range.h"
#include "core/format/tflite_model.h"
#include "core/lab/variant_model.h"
#include "core/nn/sequential.h"

namespace qplab {

struct ParsedVariant {
  VariantFormat format = VariantFormat::kTflite;
  std::size_t file_bytes = 0;
  tflite::Model model;                   // .tflite
  std::vector<ByteRange> buffer_ranges;  // .tflite: where buffers[i]'s data lies
  std::shared_ptr<Sequential> network;   // checkpoint
  std::vector<ByteRange> tensor_data;    // checkpoint: where params()[k]'s data lies
};

// Throws what read_tflite or load_checkpoint throws for bad bytes.
ParsedVariant parse_variant(const std::vector<std::uint8_t>& bytes);

// A checkpoint layer's kind as the TFLite operator the converters lower it to ("CONV_2D";
// Reshape and Flatten are both "RESHAPE"), so the two formats' tables read alike.
const char* op_name(LayerKind kind);

}  // namespace qplab
