// Reads a variant with the reader of its format, keeping the weights' byte ranges.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include "core/format/checkpoint.h"
#include "core/format/tflite_reader.h"
#include "core/inspect/parsed_variant.h"

namespace qplab {

ParsedVariant parse_variant(const std::vector<std::uint8_t>& bytes) {
  ParsedVariant parsed;
  parsed.format = format_of(bytes);
  parsed.file_bytes = bytes.size();
  if (parsed.format == VariantFormat::kTflite) {
    parsed.model = tflite::read_tflite(bytes, &parsed.buffer_ranges);
  } else {
    parsed.network = std::make_shared<Sequential>(load_checkpoint(bytes, &parsed.tensor_data));
  }
  return parsed;
}

const char* op_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::kReshape:
    case LayerKind::kFlatten:
      return tflite::to_string(tflite::BuiltinOperator::kReshape);
    case LayerKind::kConv2D:
      return tflite::to_string(tflite::BuiltinOperator::kConv2D);
    case LayerKind::kMaxPool2D:
      return tflite::to_string(tflite::BuiltinOperator::kMaxPool2D);
    case LayerKind::kDense:
      return tflite::to_string(tflite::BuiltinOperator::kFullyConnected);
  }
  return "UNKNOWN";
}

}  // namespace qplab

QPLAB_COLD_FILE_END
