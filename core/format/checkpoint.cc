// Float checkpoint writer and reader; the layout is in checkpoint.h. The reader checks the
// magic and version, then the CRC (so a flipped or missing byte is reported as corruption),
// then parses with every read bounds-checked and every count capped before it allocates.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <utility>

#include "core/base/budgets.h"
#include "core/base/number_text.h"
#include "core/base/rng.h"
#include "core/data/file_bytes.h"
#include "core/format/checkpoint.h"
#include "core/nn/conv2d.h"
#include "core/nn/dense.h"
#include "core/nn/flatten.h"
#include "core/nn/maxpool2d.h"
#include "core/nn/reshape.h"

namespace qplab {

// The file's kind and activation tags are these enum values: reordering an enum must not
// silently change what old files mean.
static_assert(static_cast<int>(LayerKind::kReshape) == 0 &&
                  static_cast<int>(LayerKind::kConv2D) == 1 &&
                  static_cast<int>(LayerKind::kMaxPool2D) == 2 &&
                  static_cast<int>(LayerKind::kFlatten) == 3 &&
                  static_cast<int>(LayerKind::kDense) == 4,
              "checkpoint layer tags are LayerKind values");
static_assert(static_cast<int>(Activation::kNone) == 0 && static_cast<int>(Activation::kRelu) == 1,
              "checkpoint activation tags are Activation values");
static_assert(sizeof(float) == 4, "checkpoint data is IEEE 754 binary32");

namespace {

constexpr std::size_t kMagicBytes = sizeof(kCheckpointMagic);
constexpr std::size_t kHeaderBytes = kMagicBytes + 4;  // magic, version
constexpr std::size_t kChecksumBytes = 4;
constexpr std::uint32_t kLayerKindCount = 5;

const char* kind_name(std::uint32_t tag) {
  static const char* const kNames[kLayerKindCount] = {"reshape", "conv2d", "max_pooling2d",
                                                      "flatten", "dense"};
  return tag < kLayerKindCount ? kNames[tag] : "unknown";
}

std::uint32_t load_u32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
         std::uint32_t{p[3]} << 24;
}

std::uint32_t crc32_of(const std::uint8_t* data, std::size_t size) {
  uLong crc = crc32(0L, Z_NULL, 0);
  while (size > 0) {  // crc32 takes a 32-bit length
    const auto chunk = static_cast<uInt>(std::min<std::size_t>(size, std::size_t{1} << 30));
    crc = crc32(crc, data, chunk);
    data += chunk;
    size -= chunk;
  }
  return static_cast<std::uint32_t>(crc);
}

// ---- writing ------------------------------------------------------------------------------

class ByteWriter {
 public:
  void u32(std::uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8)
      out_.push_back(static_cast<std::uint8_t>(v >> shift));
  }
  void u32(int v) { u32(static_cast<std::uint32_t>(v)); }
  void raw(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    out_.insert(out_.end(), p, p + size);
  }
  void pad_to_4() { out_.resize((out_.size() + 3) / 4 * 4, 0); }
  void shape(const Shape& shape) {
    u32(static_cast<std::uint32_t>(shape.size()));
    for (int d : shape) u32(d);
  }
  void floats(const float* values, std::size_t count) {
    out_.reserve(out_.size() + 4 * count);
    for (std::size_t i = 0; i < count; ++i) {
      std::uint32_t bits;
      std::memcpy(&bits, values + i, 4);
      u32(bits);
    }
  }
  std::vector<std::uint8_t>& bytes() { return out_; }

 private:
  std::vector<std::uint8_t> out_;
};

void write_layer(ByteWriter& w, const Layer& layer) {
  w.u32(static_cast<std::uint32_t>(layer.kind()));
  switch (layer.kind()) {
    case LayerKind::kReshape:
      w.shape(static_cast<const Reshape&>(layer).sample_shape());
      break;
    case LayerKind::kConv2D: {
      const auto& conv = static_cast<const Conv2D&>(layer);
      w.u32(conv.in_channels());
      w.u32(conv.filters());
      w.u32(conv.kernel_h());
      w.u32(conv.kernel_w());
      w.u32(static_cast<std::uint32_t>(conv.activation()));
      break;
    }
    case LayerKind::kMaxPool2D: {
      const auto& pool = static_cast<const MaxPool2D&>(layer);
      w.u32(pool.pool_h());
      w.u32(pool.pool_w());
      break;
    }
    case LayerKind::kFlatten:
      break;
    case LayerKind::kDense: {
      const auto& dense = static_cast<const Dense&>(layer);
      w.u32(dense.in_features());
      w.u32(dense.out_features());
      break;
    }
  }
}

// ---- reading ------------------------------------------------------------------------------

// Bounds-checked little-endian reads from bytes[offset, end); every failure names the field
// and the byte offset.
class ByteReader {
 public:
  ByteReader(const std::vector<std::uint8_t>& bytes, std::size_t end, std::string source)
      : data_(bytes.data()), end_(end), source_(std::move(source)) {}

  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return end_ - offset_; }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(source_ + ": " + what);
  }

  const std::uint8_t* take(std::size_t size, const std::string& field) {
    if (size > remaining())
      fail("truncated at byte " + std::to_string(end_) + " while reading " + field + " (" +
           std::to_string(size) + " bytes from byte " + std::to_string(offset_) + ")");
    const std::uint8_t* p = data_ + offset_;
    offset_ += size;
    return p;
  }

  std::uint32_t u32(const std::string& field) { return load_u32(take(4, field)); }

  std::uint32_t u32_in(const std::string& field, std::uint32_t low, std::uint32_t high) {
    const std::size_t at = offset_;
    const std::uint32_t value = u32(field);
    if (value < low || value > high)
      fail(field + " is " + std::to_string(value) + " at byte " + std::to_string(at) +
           ", expected " + std::to_string(low) + ".." + std::to_string(high));
    return value;
  }

  int dimension(const std::string& field) {
    return static_cast<int>(u32_in(field, 1, kCheckpointMaxDimension));
  }

  Shape shape(const std::string& field) {
    const std::uint32_t rank = u32_in(field + " rank", 1, kCheckpointMaxRank);
    Shape shape;
    for (std::uint32_t i = 0; i < rank; ++i)
      shape.push_back(dimension(field + " dim " + std::to_string(i)));
    return shape;
  }

 private:
  const std::uint8_t* data_;
  std::size_t end_;
  std::size_t offset_ = 0;
  std::string source_;
};

// The product of sizes read from the file (each <= kCheckpointMaxDimension), saturating at
// cap + 1: a product of eight 2^16 dimensions would wrap a 64-bit count (element_count does).
// Computed in 64 bits: one step past the cap (≤ 2^24 · 2^16) overflows wasm32's size_t.
std::size_t capped_product(const std::vector<int>& sizes, std::size_t cap) {
  std::uint64_t product = 1;
  for (int size : sizes) {
    product *= static_cast<std::uint64_t>(size);
    if (product > cap) return cap + 1;
  }
  return static_cast<std::size_t>(product);
}

std::size_t capped_parameters(const std::vector<int>& sizes) {
  return capped_product(sizes, kCheckpointMaxParameters);
}

// Parameters a layer will allocate, checked against the limit and against the bytes left
// before the layer is built: a file cannot make us allocate more than it could fill.
void require_parameters(const ByteReader& r, std::size_t& total, std::size_t layer_params,
                        const std::string& label, std::size_t at) {
  total += layer_params;
  if (total > kCheckpointMaxParameters)
    r.fail(label + " at byte " + std::to_string(at) + " takes the model over the limit of " +
           std::to_string(kCheckpointMaxParameters) + " parameters");
  if (4 * total > r.remaining())
    r.fail("truncated: the architecture up to " + label + " at byte " + std::to_string(at) +
           " needs " + std::to_string(4 * total) + " bytes of float32 parameters but only " +
           std::to_string(r.remaining()) + " bytes follow");
}

std::unique_ptr<Layer> read_layer(ByteReader& r, std::uint32_t tag, const std::string& label,
                                  std::size_t at, std::size_t& total_params, Rng& rng) {
  switch (tag) {
    case static_cast<std::uint32_t>(LayerKind::kReshape):
      return std::make_unique<Reshape>(r.shape(label + " target shape"));
    case static_cast<std::uint32_t>(LayerKind::kConv2D): {
      const int in_channels = r.dimension(label + " in_channels");
      const int filters = r.dimension(label + " filters");
      const int kernel_h = r.dimension(label + " kernel_h");
      const int kernel_w = r.dimension(label + " kernel_w");
      const auto activation = static_cast<Activation>(r.u32_in(label + " activation", 0, 1));
      const std::size_t kernel = capped_parameters({filters, kernel_h, kernel_w, in_channels});
      require_parameters(r, total_params, kernel + capped_parameters({filters}), label, at);
      return std::make_unique<Conv2D>(in_channels, filters, kernel_h, kernel_w, activation, rng);
    }
    case static_cast<std::uint32_t>(LayerKind::kMaxPool2D): {
      const int pool_h = r.dimension(label + " pool_h");
      const int pool_w = r.dimension(label + " pool_w");
      return std::make_unique<MaxPool2D>(pool_h, pool_w);
    }
    case static_cast<std::uint32_t>(LayerKind::kFlatten):
      return std::make_unique<Flatten>();
    case static_cast<std::uint32_t>(LayerKind::kDense): {
      const int in = r.dimension(label + " in_features");
      const int out = r.dimension(label + " out_features");
      require_parameters(r, total_params, capped_parameters({out, in}) + capped_parameters({out}),
                         label, at);
      return std::make_unique<Dense>(in, out, rng);
    }
  }
  r.fail(label + " at byte " + std::to_string(at) + " has no reader");  // tags checked by caller
}

// Multiply-adds or comparisons per sample of the layer just added, whose input is `in` and
// output `out` (one sample each): its window or weights row per output element.
std::uint64_t layer_work(const Layer& layer, const Shape& in, const Shape& out) {
  const std::uint64_t outputs = element_count(out);
  switch (layer.kind()) {
    case LayerKind::kConv2D: {
      const auto& conv = static_cast<const Conv2D&>(layer);
      return outputs * static_cast<std::uint64_t>(conv.kernel_h()) *
             static_cast<std::uint64_t>(conv.kernel_w()) *
             static_cast<std::uint64_t>(conv.in_channels());
    }
    case LayerKind::kMaxPool2D: {
      const auto& pool = static_cast<const MaxPool2D&>(layer);
      return outputs * static_cast<std::uint64_t>(pool.pool_h()) *
             static_cast<std::uint64_t>(pool.pool_w());
    }
    case LayerKind::kDense:
      return outputs * element_count(in);
    case LayerKind::kReshape:
    case LayerKind::kFlatten:
      break;
  }
  return outputs;
}

// The model's cost per sample, held to core/base/budgets.h as each layer is read, before any
// forward pass: every activation (the input and each layer's output) and the work.
class SampleBudget {
 public:
  void charge_activation(const ByteReader& r, const Shape& shape, const std::string& what) {
    bytes_ += 4 * capped_product(shape, budget::kMaxSampleActivationBytes);
    if (bytes_ > budget::kMaxSampleActivationBytes)
      r.fail(what + " takes the activations of one sample past " +
             std::to_string(budget::kMaxSampleActivationBytes) + " bytes");
  }
  void charge_work(const ByteReader& r, std::uint64_t work, const std::string& what) {
    work_ += work;  // at most 256 layers, each term below 2^50: no wrap
    if (work_ > budget::kMaxSampleWork)
      r.fail(what + " takes the work per sample past " + std::to_string(budget::kMaxSampleWork) +
             " multiply-adds or comparisons");
  }

 private:
  std::uint64_t bytes_ = 0, work_ = 0;
};

Sequential read_architecture(ByteReader& r) {
  const std::size_t input_at = r.offset();
  const Shape input = r.shape("sample input shape");
  SampleBudget budget;
  budget.charge_activation(
      r, input, "sample input shape " + to_string(input) + " at byte " + std::to_string(input_at));
  Sequential model(input);
  Rng rng(0);  // throwaway: every parameter is overwritten from the file
  std::size_t total_params = 0;
  const std::uint32_t layers = r.u32_in("layer count", 1, kCheckpointMaxLayers);
  for (std::uint32_t i = 0; i < layers; ++i) {
    const std::size_t at = r.offset();
    const Shape in = model.sample_output_shape();
    const std::uint32_t tag = r.u32("layer " + std::to_string(i) + " kind");
    if (tag >= kLayerKindCount)
      r.fail("unknown layer kind " + std::to_string(tag) + " for layer " + std::to_string(i) +
             " at byte " + std::to_string(at));
    const std::string label = "layer " + std::to_string(i) + " (" + kind_name(tag) + ")";
    try {
      model.add(read_layer(r, tag, label, at, total_params, rng));
    } catch (const std::invalid_argument& e) {  // a constructor or add() rejected it
      r.fail(label + " at byte " + std::to_string(at) + " does not fit: " + e.what());
    }
    const Shape out = model.sample_output_shape();
    const std::string where = label + " at byte " + std::to_string(at);
    budget.charge_activation(r, out, where + " (output " + to_string(out) + ")");
    budget.charge_work(r, layer_work(*model.layers().back(), in, out), where);
  }
  return model;
}

void read_tensors(ByteReader& r, Sequential& model, std::vector<ByteRange>* tensor_data) {
  std::vector<ParamRef> params = model.params();
  const std::size_t count_at = r.offset();
  const std::uint32_t count = r.u32("tensor count");
  if (count != params.size())
    r.fail("tensor count " + std::to_string(count) + " at byte " + std::to_string(count_at) +
           " does not match the architecture's " + std::to_string(params.size()) + " tensors");
  for (std::size_t k = 0; k < params.size(); ++k) {
    const ParamRef& p = params[k];
    const std::string index = "tensor " + std::to_string(k);
    const std::size_t name_at = r.offset();
    const std::uint32_t length = r.u32_in(index + " name length", 1, kCheckpointMaxNameLength);
    const std::uint8_t* chars = r.take(length, index + " name");
    for (std::uint32_t i = 0; i < length; ++i)
      if (chars[i] < 0x20 || chars[i] > 0x7e)
        r.fail(index + " name has the non-printable byte " + std::to_string(chars[i]) +
               " at byte " + std::to_string(name_at + 4 + i));
    const std::string name(chars, chars + length);
    if (name != p.name)
      r.fail(index + " at byte " + std::to_string(name_at) + " is '" + name +
             "' but the architecture's " + index + " is '" + p.name + "'");
    const std::string label = "tensor '" + name + "'";
    const std::size_t pad_at = r.offset();
    const std::size_t pad_size = (4 - pad_at % 4) % 4;
    const std::uint8_t* pad = r.take(pad_size, label + " padding");
    for (std::size_t i = 0; i < pad_size; ++i)
      if (pad[i] != 0)
        r.fail(label + " padding at byte " + std::to_string(pad_at + i) + " is not zero");
    const std::size_t shape_at = r.offset();
    const Shape shape = r.shape(label + " shape");
    if (shape != p.shape)
      r.fail(label + " at byte " + std::to_string(shape_at) + " has shape " + to_string(shape) +
             " but the architecture needs " + to_string(p.shape));
    const std::size_t data_at = r.offset();
    const std::uint8_t* data = r.take(4 * p.size(), label + " data");
    if (tensor_data != nullptr) tensor_data->push_back({data_at, 4 * p.size()});
    for (std::size_t i = 0; i < p.size(); ++i) {
      const std::uint32_t bits = load_u32(data + 4 * i);
      std::memcpy(p.value + i, &bits, 4);
      if (!std::isfinite(p.value[i]))  // a trained weight is finite; NaN would spread everywhere
        r.fail(label + " value " + std::to_string(i) + " at byte " +
               std::to_string(data_at + 4 * i) + " is " + number_text(p.value[i]) +
               " (weights must be finite)");
    }
  }
}

Sequential load(const std::vector<std::uint8_t>& bytes, const std::string& source,
                std::vector<ByteRange>* tensor_data = nullptr) {
  ByteReader header(bytes, bytes.size(), source);
  if (bytes.size() > budget::kMaxModelFileBytes)
    header.fail("file is " + std::to_string(bytes.size()) + " bytes, above the " +
                std::to_string(budget::kMaxModelFileBytes) + "-byte limit for a model file");
  const std::size_t prefix = std::min(bytes.size(), kMagicBytes);
  if (prefix > 0 && std::memcmp(bytes.data(), kCheckpointMagic, prefix) != 0) {
    // A common mix-up gets a hint: a .tflite has its identifier at byte 4.
    const bool tflite = bytes.size() >= 8 && std::memcmp(bytes.data() + 4, "TFL3", 4) == 0;
    header.fail("not a qplab checkpoint: bad magic at byte 0 (expected \"QPLBCKPT\")" +
                std::string(tflite ? "; this is a .tflite file" : ""));
  }
  header.take(kMagicBytes, "magic");  // a short prefix of the magic is a truncated file
  const std::uint32_t version = header.u32("version");
  if (version != kCheckpointVersion)
    header.fail("unsupported version " + std::to_string(version) + " at byte " +
                std::to_string(kMagicBytes) + " (this build reads version " +
                std::to_string(kCheckpointVersion) + ")");
  if (bytes.size() < kHeaderBytes + kChecksumBytes) header.take(kChecksumBytes, "checksum");

  const std::size_t payload = bytes.size() - kChecksumBytes;
  const std::uint32_t stored = load_u32(bytes.data() + payload);
  const std::uint32_t computed = crc32_of(bytes.data(), payload);
  if (stored != computed)
    header.fail("checksum mismatch: CRC-32 at byte " + std::to_string(payload) + " is 0x" +
                hex_digits(stored, 8) + " but the " + std::to_string(payload) +
                " bytes before it give 0x" + hex_digits(computed, 8) +
                " (the file is corrupt or truncated)");

  ByteReader r(bytes, payload, source);
  r.take(kHeaderBytes, "header");
  Sequential model = read_architecture(r);
  read_tensors(r, model, tensor_data);
  if (r.remaining() > 0)
    r.fail(std::to_string(r.remaining()) + " trailing bytes at byte " + std::to_string(r.offset()) +
           " after the last tensor");
  return model;
}

}  // namespace

std::vector<std::uint8_t> save_checkpoint(Sequential& model) {
  if (model.layers().empty())
    throw std::logic_error("checkpoint: cannot save a model without layers");
  ByteWriter w;
  w.raw(kCheckpointMagic, kMagicBytes);
  w.u32(kCheckpointVersion);
  w.shape(model.sample_input_shape());
  w.u32(static_cast<std::uint32_t>(model.layers().size()));
  for (const auto& layer : model.layers()) write_layer(w, *layer);
  const std::vector<ParamRef> params = model.params();
  w.u32(static_cast<std::uint32_t>(params.size()));
  for (const ParamRef& p : params) {
    w.u32(static_cast<std::uint32_t>(p.name.size()));
    w.raw(p.name.data(), p.name.size());
    w.pad_to_4();
    w.shape(p.shape);
    w.floats(p.value, p.size());
  }
  std::vector<std::uint8_t>& bytes = w.bytes();
  w.u32(crc32_of(bytes.data(), bytes.size()));
  return std::move(bytes);
}

Sequential load_checkpoint(const std::vector<std::uint8_t>& bytes) {
  return load(bytes, "checkpoint");
}

Sequential load_checkpoint(const std::vector<std::uint8_t>& bytes,
                           std::vector<ByteRange>* tensor_data) {
  return load(bytes, "checkpoint", tensor_data);
}

Sequential load_checkpoint_file(const std::string& path) {
  return load(read_file_bytes(path, budget::kMaxModelFileBytes), "checkpoint " + path);
}

}  // namespace qplab

QPLAB_COLD_FILE_END
