// Inspection → JS object; see inspection_object.h. Field names are the core's, in camelCase.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cmath>

#include "wasm/inspection_object.h"

namespace qplab::web {

namespace {

using emscripten::val;

val number(double value) { return std::isnan(value) ? val::null() : val(value); }

template <typename T>
val typed_array(const char* type, const std::vector<T>& values) {
  return val::global(type).new_(emscripten::typed_memory_view(values.size(), values.data()));
}

val ints(const std::vector<int>& values) { return typed_array("Int32Array", values); }
val floats(const std::vector<float>& values) { return typed_array("Float32Array", values); }

val doubles(const std::vector<double>& values) {
  val out = val::array();
  for (double v : values) out.call<void>("push", number(v));
  return out;
}

template <typename T, typename Convert>
val array_of(const std::vector<T>& items, Convert convert) {
  val out = val::array();
  for (const T& item : items) out.call<void>("push", convert(item));
  return out;
}

val weight_error_object(const WeightError& e) {
  if (!e.compared) return val::null();
  val out = val::object();
  out.set("rmse", number(e.rmse));
  out.set("maxAbsError", number(e.max_abs_error));
  out.set("rmseInScale", number(e.rmse_in_scale));
  out.set("maxErrorInScale", number(e.max_error_in_scale));
  out.set("sqnrDb", number(e.sqnr_db));  // +Infinity when the weights are equal
  return out;
}

val tensor_object(const TensorRow& t) {
  val out = val::object();
  out.set("tensor", t.tensor);
  out.set("opIndex", t.op_index);
  out.set("op", t.op);
  out.set("role", t.role);
  out.set("shape", ints(t.shape));
  out.set("type", t.type);
  out.set("bytes", static_cast<double>(t.bytes));
  out.set("fileShare", t.file_share);
  out.set("sparsity", number(t.sparsity));
  out.set("scales", t.scales);
  out.set("scaleMin", number(t.scale_min));
  out.set("scaleMax", number(t.scale_max));
  out.set("zeroPointMin", static_cast<double>(t.zero_point_min));
  out.set("zeroPointMax", static_cast<double>(t.zero_point_max));
  out.set("error", weight_error_object(t.error));
  return out;
}

val layer_object(const LayerError& l) {
  val out = val::object();
  out.set("index", l.index);
  out.set("op", l.op);
  out.set("referenceIndex", l.reference_index);
  out.set("shape", ints(l.shape));
  out.set("scale", number(l.scale));
  out.set("meanError", number(l.mean_error));
  out.set("meanSquaredError", number(l.mean_squared_error));
  out.set("maxAbsError", number(l.max_abs_error));
  out.set("rmseInScale", number(l.rmse_in_scale));
  return out;
}

val confusion_object(const Confusion& c) {
  val out = val::object();
  out.set("classes", c.classes);
  out.set("count", c.count);
  out.set("counts", ints(c.counts));
  out.set("classAccuracy", doubles(c.class_accuracy));
  out.set("accuracy", c.accuracy);
  return out;
}

val histogram_object(const WeightHistogram& h) {
  val out = val::object();
  out.set("layer", h.layer);
  out.set("op", h.op);
  out.set("low", h.low);
  out.set("high", h.high);
  out.set("referenceCounts", ints(h.reference_counts));
  out.set("variantCounts", ints(h.variant_counts));
  out.set("referenceZeros", h.reference_zeros);
  out.set("variantZeros", h.variant_zeros);
  out.set("levelMin", h.level_min);
  out.set("levelCounts", ints(h.level_counts));
  return out;
}

val kernel_object(const KernelValues& k) {
  val out = val::object();
  out.set("layer", k.layer);
  out.set("op", k.op);
  out.set("shape", ints(k.shape));
  out.set("values", floats(k.values));
  out.set("reference", floats(k.reference));
  return out;
}

val bytes_object(const BytesBreakdown& b) {
  val out = val::object();
  out.set("fileBytes", static_cast<double>(b.file_bytes));
  out.set("fileGzipBytes", static_cast<double>(b.file_gzip_bytes));
  out.set("parts", array_of(b.parts, [](const BytesPart& p) {
            val part = val::object();
            part.set("part", p.part);
            part.set("layer", p.layer);
            part.set("bytes", static_cast<double>(p.bytes));
            part.set("gzipBytes", static_cast<double>(p.gzip_bytes));
            return part;
          }));
  return out;
}

}  // namespace

val inspection_object(const Inspection& inspection) {
  val out = val::object();
  out.set("format", inspection.format);
  out.set("tensors", array_of(inspection.tensors, tensor_object));
  out.set("bytes", bytes_object(inspection.bytes));
  out.set("histograms", array_of(inspection.weights.histograms, histogram_object));
  out.set("kernels", array_of(inspection.weights.kernels, kernel_object));
  out.set("confusion", confusion_object(inspection.confusion));
  if (!inspection.has_reference) return out;
  out.set("referenceConfusion", confusion_object(inspection.reference_confusion));
  out.set("activationDigits", inspection.activations.digits);
  out.set("layers", array_of(inspection.activations.layers, layer_object));
  out.set("agreement", number(inspection.agreement));
  out.set("disagreements", array_of(inspection.disagreements, [](const Disagreement& d) {
            val row = val::object();
            row.set("index", d.index);
            row.set("label", d.label);
            row.set("variant", d.variant);
            row.set("reference", d.reference);
            return row;
          }));
  return out;
}

}  // namespace qplab::web

QPLAB_COLD_FILE_END
