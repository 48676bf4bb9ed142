// Test support: the lab CNN trained briefly (tests/core/runtime/lab_models.h's trained_lab_cnn)
// as the files the lab writes — checkpoint, float, float16, dynamic-range and full-integer
// .tflite, through the lab's own converters — and a few hundred test digits spread over the
// set, so inspecting stays quick under the sanitizers and in wasm.
#pragma once

#include <cstdint>
#include <vector>

#include "core/data/dataset.h"
#include "core/format/checkpoint.h"
#include "core/format/tflite_writer.h"
#include "core/quant/calibration.h"
#include "core/quant/converter.h"
#include "tests/core/runtime/lab_models.h"

namespace qplab::testing {

struct InspectModels {
  std::vector<std::uint8_t> checkpoint, float_tflite, float16, dynamic, int8;
  Dataset test;
};

inline const InspectModels& inspect_models() {
  static const InspectModels models = [] {
    Sequential& net = trained_lab_cnn();
    InspectModels m;
    m.checkpoint = save_checkpoint(net);
    m.float_tflite = tflite::write_tflite(tflite::without_names(to_float_tflite(net)));
    m.float16 = tflite::write_tflite(tflite::without_names(to_float16_tflite(net)));
    m.dynamic = tflite::write_tflite(tflite::without_names(to_dynamic_range_tflite(net)));
    CalibrationOptions calibration;
    calibration.samples = 200;
    const ActivationRanges ranges = calibrate(net, lab_digits().train, calibration);
    m.int8 = tflite::write_tflite(tflite::without_names(to_int8_tflite(net, ranges)));
    m.test = subset(lab_digits().test, calibration_indices(lab_digits().test.count, 300));
    return m;
  }();
  return models;
}

}  // namespace qplab::testing
