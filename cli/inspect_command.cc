// cli/inspect_command.cc — reads the variant (and the reference) before the digits, so a bad
// file fails fast; the core computes everything (core/inspect/inspection.h), this file prints.
#include "cli/inspect_command.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "cli/json_output.h"
#include "cli/load_digits.h"
#include "cli/number_format.h"
#include "cli/out_of_memory.h"
#include "core/base/budgets.h"
#include "core/data/file_bytes.h"
#include "core/format/tflite_model.h"
#include "core/inspect/inspection.h"
#include "core/lab/variant_model.h"

namespace qplab {

// Found by nlohmann through argument-dependent lookup, so in the core types' namespace.
static void to_json(cli::Json& json, const TensorRow& t) {
  json = {
      {"tensor", t.tensor},     {"op_index", t.op_index}, {"op", t.op},
      {"role", t.role},         {"name", t.name},         {"shape", t.shape},
      {"type", t.type},         {"bytes", t.bytes},       {"file_share", t.file_share},
      {"sparsity", t.sparsity}, {"scales", t.scales},
  };
  if (t.scales > 0) {
    json["quantized_dimension"] = t.quantized_dimension;
    json["scale_min"] = t.scale_min;
    json["scale_max"] = t.scale_max;
    json["zero_point_min"] = t.zero_point_min;
    json["zero_point_max"] = t.zero_point_max;
  }
  if (t.error.compared)  // only against a reference
    json["error"] = {{"rmse", t.error.rmse},
                     {"max_abs_error", t.error.max_abs_error},
                     {"rmse_in_scale", t.error.rmse_in_scale},
                     {"max_error_in_scale", t.error.max_error_in_scale},
                     // null when infinite (equal weights: rmse 0)
                     {"sqnr_db", t.error.sqnr_db}};
}

static void to_json(cli::Json& json, const BytesPart& p) {
  json = {{"part", p.part}, {"layer", p.layer}, {"bytes", p.bytes}, {"gzip_bytes", p.gzip_bytes}};
}

static void to_json(cli::Json& json, const Confusion& c) {
  cli::Json matrix = cli::Json::array();  // [true digit][predicted]
  const std::size_t n = static_cast<std::size_t>(c.classes);
  for (std::size_t t = 0; t < n; ++t)
    matrix.push_back(std::vector<int>(c.counts.begin() + static_cast<std::ptrdiff_t>(t * n),
                                      c.counts.begin() + static_cast<std::ptrdiff_t>(t * n + n)));
  json = {{"accuracy", c.accuracy},
          {"count", c.count},
          {"matrix", matrix},
          {"class_accuracy", c.class_accuracy}};
}

static void to_json(cli::Json& json, const LayerError& l) {
  json = {{"op_index", l.index}, {"op", l.op}, {"shape", l.shape}, {"scale", l.scale}};
  if (l.reference_index >= 0) {
    json["reference_op_index"] = l.reference_index;
    json["mean_error"] = l.mean_error;
    json["mean_squared_error"] = l.mean_squared_error;
    json["max_abs_error"] = l.max_abs_error;
    json["rmse_in_scale"] = l.rmse_in_scale;
  }
}

static void to_json(cli::Json& json, const Disagreement& d) {
  json = {
      {"index", d.index}, {"label", d.label}, {"variant", d.variant}, {"reference", d.reference}};
}

static void to_json(cli::Json& json, const WeightHistogram& h) {
  json = {{"layer", h.layer},
          {"op", h.op},
          {"low", h.low},
          {"high", h.high},
          {"reference_counts", h.reference_counts},
          {"variant_counts", h.variant_counts},
          {"reference_zeros", h.reference_zeros},
          {"variant_zeros", h.variant_zeros}};
  if (!h.level_counts.empty()) {
    json["level_min"] = h.level_min;
    json["level_max"] = h.level_max;
    json["level_counts"] = h.level_counts;
  }
}

// Weights as short as they read back as floats.
static cli::Json shortest_floats(const std::vector<float>& values) {
  cli::Json numbers = cli::Json::array();
  for (float v : values) numbers.push_back(cli::shortest_double(v));
  return numbers;
}

static void to_json(cli::Json& json, const KernelValues& k) {
  json = {{"layer", k.layer},
          {"op", k.op},
          {"shape", k.shape},
          {"values", shortest_floats(k.values)},
          {"reference", shortest_floats(k.reference)}};
}

namespace cli {

namespace {

constexpr std::size_t kDisagreementsShown = 20;

std::string shape_text(const std::vector<int>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? "," : "") + std::to_string(shape[i]);
  return text + "]";
}

std::string percent(double share) { return fixed(100.0 * share, 1) + "%"; }

std::string scale_range(const TensorRow& row) {
  if (row.scales == 0) return "-";
  if (row.scales == 1) return significant(row.scale_min, 3);
  return significant(row.scale_min, 3) + ".." + significant(row.scale_max, 3) + " (" +
         std::to_string(row.scales) + ")";
}

std::string zero_points(const TensorRow& row) {
  if (row.scales == 0) return "-";
  if (row.zero_point_min == row.zero_point_max) return std::to_string(row.zero_point_min);
  return std::to_string(row.zero_point_min) + ".." + std::to_string(row.zero_point_max);
}

void print_tensors(const Inspection& r) {
  std::printf(
      "tensors (op: the operator writing the tensor; for constants and the input, reading it)\n");
  std::printf("%3s %-16s %-10s %3s %-14s %-8s %7s %6s %6s %-22s %-9s", "op", "operator", "role",
              "t", "shape", "type", "bytes", "share", "zeros", "scale", "zero pt");
  if (r.has_reference) std::printf(" %8s %8s %8s", "rmse/s", "max/s", "SQNR dB");
  std::printf("\n");
  for (const TensorRow& t : r.tensors) {
    std::printf("%3d %-16s %-10s %3d %-14s %-8s %7s %6s %6s %-22s %-9s", t.op_index, t.op.c_str(),
                t.role.c_str(), t.tensor, shape_text(t.shape).c_str(), t.type.c_str(),
                grouped(static_cast<long long>(t.bytes)).c_str(), percent(t.file_share).c_str(),
                std::isnan(t.sparsity) ? "-" : percent(t.sparsity).c_str(), scale_range(t).c_str(),
                zero_points(t).c_str());
    if (r.has_reference)
      std::printf(" %8s %8s %8s", significant(t.error.rmse_in_scale, 3).c_str(),
                  significant(t.error.max_error_in_scale, 3).c_str(),
                  fixed(t.error.sqnr_db, 1).c_str());
    std::printf("\n");
  }
  if (r.has_reference)
    std::printf(
        "rmse/s, max/s: the weights' error against the reference's in units of the\n"
        "tensor's scale (per channel: the channel's); SQNR inf: equal weights.\n");
}

void print_bytes(const BytesBreakdown& b) {
  std::printf("\nwhere the bytes go                     bytes    gzip -9 (each part alone)\n");
  for (const BytesPart& p : b.parts) {
    const std::string label =
        p.layer >= 0 ? p.part + " (layer " + std::to_string(p.layer) + ")" : p.part;
    std::printf("  %-34s %7s %9s\n", label.c_str(),
                grouped(static_cast<long long>(p.bytes)).c_str(),
                grouped(static_cast<long long>(p.gzip_bytes)).c_str());
  }
  std::printf("  %-34s %7s %9s\n", "whole file",
              grouped(static_cast<long long>(b.file_bytes)).c_str(),
              grouped(static_cast<long long>(b.file_gzip_bytes)).c_str());
}

void print_layers(const ActivationError& a) {
  std::printf("\nlayer outputs against the reference's on %d test digits (dequantized)\n",
              a.digits);
  std::printf("%3s %-16s %-14s %10s %10s %10s %10s %9s %4s\n", "op", "operator", "shape", "scale",
              "mean err", "MSE", "max |err|", "rmse/s", "ref");
  for (const LayerError& l : a.layers) {
    const bool compared = l.reference_index >= 0;
    std::printf("%3d %-16s %-14s %10s %10s %10s %10s %9s %4s\n", l.index, l.op.c_str(),
                shape_text(l.shape).c_str(), significant(l.scale, 3).c_str(),
                significant(l.mean_error, 3).c_str(), significant(l.mean_squared_error, 3).c_str(),
                significant(l.max_abs_error, 3).c_str(), significant(l.rmse_in_scale, 3).c_str(),
                compared ? std::to_string(l.reference_index).c_str() : "-");
  }
  std::printf(
      "(QUANTIZE, DEQUANTIZE and RESHAPE have no counterpart: they only re-encode or\n"
      "reshape a value; ref: the reference's operator or layer.)\n");
}

void print_confusion(const Confusion& c, const char* title) {
  std::printf("\n%s: accuracy %s on %s test digits (rows: true digit, columns: predicted)\n     ",
              title, fixed(c.accuracy, 4).c_str(), grouped(c.count).c_str());
  for (int d = 0; d < c.classes; ++d) std::printf("%5d", d);
  std::printf("  accuracy\n");
  const std::size_t n = static_cast<std::size_t>(c.classes);
  for (std::size_t t = 0; t < n; ++t) {
    std::printf("%5zu", t);
    for (std::size_t p = 0; p < n; ++p) std::printf("%5d", c.counts[t * n + p]);
    std::printf("  %s\n", fixed(c.class_accuracy[t], 4).c_str());
  }
}

void print_human(const InspectCommandOptions& o, const Inspection& r) {
  std::printf("%s: %s, %s bytes (gzip -9: %s)\n", o.file.c_str(),
              r.format == "tflite" ? ".tflite" : "checkpoint",
              grouped(static_cast<long long>(r.bytes.file_bytes)).c_str(),
              grouped(static_cast<long long>(r.bytes.file_gzip_bytes)).c_str());
  if (r.has_reference)
    std::printf("reference: %s (%s)\n", o.against.c_str(),
                r.reference_format == "tflite" ? ".tflite" : "checkpoint");
  std::printf("\n");
  print_tensors(r);
  print_bytes(r.bytes);
  if (r.has_reference) {
    print_layers(r.activations);
    const int same = static_cast<int>(std::lround(r.agreement * r.confusion.count));
    std::printf("\nagreement: %s (%s of %s test digits predicted alike)\n",
                fixed(r.agreement, 4).c_str(), grouped(same).c_str(),
                grouped(r.confusion.count).c_str());
  }
  print_confusion(r.confusion, "variant");
  if (r.has_reference) {
    print_confusion(r.reference_confusion, "reference");
    const std::size_t shown = std::min(r.disagreements.size(), kDisagreementsShown);
    std::printf("\ndigits predicted differently: %zu", r.disagreements.size());
    if (shown < r.disagreements.size()) std::printf(" (the first %zu)", shown);
    std::printf("\n%7s %6s %8s %10s\n", "digit", "label", "variant", "reference");
    for (std::size_t i = 0; i < shown; ++i) {
      const Disagreement& d = r.disagreements[i];
      std::printf("%7d %6d %8d %10d\n", d.index, d.label, d.variant, d.reference);
    }
  }
}

Json json_report(const InspectCommandOptions& o, const Inspection& r) {
  Json json{{"command", "inspect"},
            {"file", o.file},
            {"format", r.format},
            {"bytes", r.bytes.file_bytes},
            {"gzip_bytes", r.bytes.file_gzip_bytes},
            {"data", o.data_dir}};
  if (r.has_reference) {
    json["reference"] = o.against;
    json["reference_format"] = r.reference_format;
  }
  json["tensors"] = r.tensors;
  json["bytes_breakdown"] = r.bytes.parts;
  json["confusion"] = r.confusion;
  if (r.has_reference) {
    json["reference_confusion"] = r.reference_confusion;
    json["agreement"] = r.agreement;
    json["activation_digits"] = r.activations.digits;
    json["layers"] = r.activations.layers;
    json["disagreements"] = r.disagreements;
  }
  json["weights"] = {{"histograms", r.weights.histograms}, {"kernels", r.weights.kernels}};
  return json;
}

}  // namespace

int run_inspect(const InspectCommandOptions& options) {
  // Each file is read and checked as a digit classifier before the digits load, and a problem
  // names the file: with two files, "checkpoint: bad magic" alone would not say which.
  const auto read = [](const std::string& file) {
    std::vector<std::uint8_t> bytes = naming_out_of_memory(
        "reading " + file, [&] { return read_file_bytes(file, budget::kMaxModelFileBytes); });
    try {
      naming_out_of_memory("loading " + file, [&] { return VariantModel(bytes).classes(); });
    } catch (const std::exception& e) {
      throw std::runtime_error(file + ": " + e.what());
    }
    return bytes;
  };
  const std::vector<std::uint8_t> bytes = read(options.file);
  std::vector<std::uint8_t> reference;
  if (!options.against.empty()) reference = read(options.against);
  const TrainTest digits = load_digits(options.data_dir);
  const Inspection result = naming_out_of_memory("inspecting " + options.file, [&] {
    return inspect_variant(bytes, options.against.empty() ? nullptr : &reference, digits.test);
  });
  if (options.json) {
    print_json(json_report(options, result));
  } else {
    print_human(options, result);
  }
  return 0;
}

}  // namespace cli

}  // namespace qplab
