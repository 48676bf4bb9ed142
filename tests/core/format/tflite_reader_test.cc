// tests/core/format/tflite_reader_test.cc — the .tflite reader on hostile bytes: short input,
// wrong identifier, every truncation and thousands of single-byte flips of a small int8 file
// (each rejected with a ".tflite:" message or read into a model that passes find_problem and
// rewrites to itself — under the asan preset this also proves no read leaves the file), and
// each structural lie named: bytes patched at offsets found through the generated accessors,
// or files built with the FlatBuffers builder directly where our writer would refuse.
#include "core/format/tflite_reader.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/format/tflite_schema_generated.h"
#include "core/format/tflite_writer.h"
#include "tests/core/format/model_fixtures.h"

namespace qplab::tflite {
namespace {

using namespace testing;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

// The lab's int8 graph at a size where every truncation and flip can be tried (same tensor
// indices as the lab model): x [1,5,5] → QUANTIZE → RESHAPE [1,5,5,1] → CONV_2D 2×3×3
// (per-channel) → MAX_POOL_2D 2×2 → RESHAPE [1,2] → FULLY_CONNECTED 3 → SOFTMAX → DEQUANTIZE.
Model tiny_int8_model() {
  Model m;
  m.description = "qplab";
  const auto f32 = TensorType::kFloat32;
  const auto i8 = TensorType::kInt8;
  const auto i32 = TensorType::kInt32;
  const Quantization in_q = per_tensor(1.0f / 255.0f, -128);
  const Quantization act_q = per_tensor(0.05f, -128);
  std::vector<std::int8_t> conv_w(2 * 9);
  for (std::size_t i = 0; i < conv_w.size(); ++i)
    conv_w[i] = static_cast<std::int8_t>(static_cast<int>(i * 37 % 255) - 127);
  const Quantization w_q{{0.01f, 0.02f}, {0, 0}, 0};
  const Quantization b_q{{0.01f / 255.0f, 0.02f / 255.0f}, {0, 0}, 0};
  const int x = add_tensor(m, "x", {1, 5, 5}, f32);
  const int xq = add_tensor(m, "xq", {1, 5, 5}, i8, {}, in_q);
  const int x4 = add_tensor(m, "x4", {1, 5, 5, 1}, i8, {}, in_q);
  const int cw = add_tensor(m, "conv/w", {2, 3, 3, 1}, i8, bytes_of(conv_w), w_q);
  const int cb =
      add_tensor(m, "conv/b", {2}, i32, bytes_of(std::vector<std::int32_t>{-7, 300}), b_q);
  const int conv = add_tensor(m, "conv", {1, 3, 3, 2}, i8, {}, act_q);
  const int pool = add_tensor(m, "pool", {1, 1, 1, 2}, i8, {}, act_q);
  const int flat = add_tensor(m, "flat", {1, 2}, i8, {}, act_q);
  const int fw =
      add_tensor(m, "fc/w", {3, 2}, i8, bytes_of(std::vector<std::int8_t>{1, -2, 3, -4, 127, -127}),
                 per_tensor(0.004f, 0));
  const int fb_ = add_tensor(m, "fc/b", {3}, i32, bytes_of(std::vector<std::int32_t>{5, 0, -5}),
                             per_tensor(0.05f * 0.004f, 0));
  const int logits = add_tensor(m, "logits", {1, 3}, i8, {}, per_tensor(0.1f, 5));
  const int probs_q = add_tensor(m, "probs_q", {1, 3}, i8, {}, per_tensor(1.0f / 256.0f, -128));
  const int probs = add_tensor(m, "probs", {1, 3}, f32);
  m.operators.push_back(make_op(BuiltinOperator::kQuantize, 1, {x}, xq));
  m.operators.push_back(make_op(BuiltinOperator::kReshape, 1, {xq}, x4));
  m.operators.back().new_shape = {1, 5, 5, 1};
  m.operators.push_back(make_op(BuiltinOperator::kConv2D, 3, {x4, cw, cb}, conv));
  m.operators.back().activation = FusedActivation::kRelu;
  m.operators.push_back(make_op(BuiltinOperator::kMaxPool2D, 2, {conv}, pool));
  OperatorDef& max_pool = m.operators.back();
  max_pool.stride_w = max_pool.stride_h = max_pool.filter_w = max_pool.filter_h = 2;
  m.operators.push_back(make_op(BuiltinOperator::kReshape, 1, {pool}, flat));
  m.operators.back().new_shape = {1, 2};
  m.operators.push_back(make_op(BuiltinOperator::kFullyConnected, 4, {flat, fw, fb_}, logits));
  m.operators.push_back(make_op(BuiltinOperator::kSoftmax, 2, {logits}, probs_q));
  m.operators.push_back(make_op(BuiltinOperator::kDequantize, 2, {probs_q}, probs));
  m.inputs = {x};
  m.outputs = {probs};
  return m;
}

const Bytes& tiny_file() {
  static const Bytes file = write_tflite(tiny_int8_model());
  return file;
}

// The message of the std::runtime_error read_tflite throws; "" if it accepts the bytes.
std::string read_error(const Bytes& bytes) {
  try {
    read_tflite(bytes);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

// ---- patching a valid file at offsets found through the generated accessors ------------------

const fb::Model& root_of(const Bytes& file) { return *fb::GetModel(file.data()); }
const fb::SubGraph& graph_of(const Bytes& file) { return *root_of(file).subgraphs()->Get(0); }

// A generated table seen as a flatbuffers::Table, to overwrite a scalar that is in the file.
template <typename T, typename Generated>
void set_field(const Generated* table, flatbuffers::voffset_t field, T value) {
  auto* raw = const_cast<flatbuffers::Table*>(reinterpret_cast<const flatbuffers::Table*>(table));
  REQUIRE(raw->SetField<T>(field, value, T{}));  // false: the field is not in the file
}

template <typename T>
void set_element(const flatbuffers::Vector<T>* vector, std::uint32_t index, T value) {
  REQUIRE(index < vector->size());
  std::memcpy(const_cast<T*>(vector->data()) + index, &value, sizeof(T));
}

template <typename Vector>
void set_length(const Vector* vector, std::uint32_t length) {
  auto* at = const_cast<std::uint8_t*>(reinterpret_cast<const std::uint8_t*>(vector));
  std::memcpy(at, &length, sizeof length);  // the length word a Vector* points at
}

// ---- a one-operator file built directly, for what the writer would refuse to write ----------

// x [1,4] → one operator → y [1,4]; each field can be set to a value our writer never writes.
struct RawFile {
  std::uint32_t version = 3;
  int subgraphs = 1;
  std::int32_t builtin_code = fb::BuiltinOperator_SOFTMAX;
  std::int8_t deprecated_code = fb::BuiltinOperator_SOFTMAX;
  fb::BuiltinOptions options_type = fb::BuiltinOptions_SoftmaxOptions;
  fb::TensorType type = fb::TensorType_FLOAT32;
  Bytes buffer0;
  bool scale = false, zero_point = false, custom_details = false;
  bool keep_num_dims = false;
};

Bytes build(const RawFile& f) {
  FlatBufferBuilder fbb;
  Offset<void> options = 0;
  switch (f.options_type) {
    case fb::BuiltinOptions_NONE:
      break;
    case fb::BuiltinOptions_Pool2DOptions:
      options = fb::CreatePool2DOptions(fbb, fb::Padding_VALID, 1, 1, 1, 1).Union();
      break;
    case fb::BuiltinOptions_FullyConnectedOptions:
      options = fb::CreateFullyConnectedOptions(fbb, fb::ActivationFunctionType_NONE,
                                                fb::FullyConnectedOptionsWeightsFormat_DEFAULT,
                                                f.keep_num_dims)
                    .Union();
      break;
    default:  // SoftmaxOptions, or a table under a tag we do not know
      options = fb::CreateSoftmaxOptions(fbb, 1.0f).Union();
      break;
  }
  Offset<fb::QuantizationParameters> quantization = 0;
  if (f.scale || f.custom_details) {
    const auto details =
        f.custom_details ? fb::CreateCustomQuantization(fbb, fbb.CreateVector(Bytes{1, 2})).Union()
                         : Offset<void>(0);
    const auto zero_point = f.zero_point ? fbb.CreateVector(std::vector<std::int64_t>{0})
                                         : Offset<flatbuffers::Vector<std::int64_t>>(0);
    quantization = fb::CreateQuantizationParameters(
        fbb, 0, 0, fbb.CreateVector(std::vector<float>{0.5f}), zero_point,
        f.custom_details ? fb::QuantizationDetails_CustomQuantization
                         : fb::QuantizationDetails_NONE,
        details);
  }
  const std::vector<int> shape{1, 4};
  const Offset<fb::Tensor> tensors[] = {
      fb::CreateTensor(fbb, fbb.CreateVector(shape), f.type, 0, fbb.CreateString("x"),
                       quantization),
      fb::CreateTensor(fbb, fbb.CreateVector(shape), fb::TensorType_FLOAT32, 0,
                       fbb.CreateString("y"))};
  const Offset<fb::Operator> op =
      fb::CreateOperator(fbb, 0, fbb.CreateVector(std::vector<int>{0}),
                         fbb.CreateVector(std::vector<int>{1}), f.options_type, options);
  const auto graph =
      fb::CreateSubGraph(fbb, fbb.CreateVector(tensors, 2), fbb.CreateVector(std::vector<int>{0}),
                         fbb.CreateVector(std::vector<int>{1}), fbb.CreateVector(&op, 1));
  const std::vector<Offset<fb::SubGraph>> graphs(static_cast<std::size_t>(f.subgraphs), graph);
  const auto code = fb::CreateOperatorCode(fbb, f.deprecated_code, 0, 1,
                                           static_cast<fb::BuiltinOperator>(f.builtin_code));
  const auto buffer0 = fb::CreateBuffer(fbb, f.buffer0.empty() ? 0 : fbb.CreateVector(f.buffer0));
  fb::FinishModelBuffer(
      fbb, fb::CreateModel(fbb, f.version, fbb.CreateVector(&code, 1), fbb.CreateVector(graphs), 0,
                           fbb.CreateVector(&buffer0, 1)));
  return Bytes(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
}

// ---- tests ------------------------------------------------------------------------------------

TEST_CASE("a small int8 file reads back to the model it was written from", "[tflite_reader]") {
  const Model model = read_tflite(tiny_file());
  CHECK(model == tiny_int8_model());
  CHECK(find_problem(model).empty());
}

TEST_CASE("input too short for the header is refused", "[tflite_reader]") {
  CHECK(read_error({}) ==
        ".tflite: file is 0 bytes, too short for the 8-byte header (root offset, identifier)");
  const Bytes seven(tiny_file().begin(), tiny_file().begin() + 7);
  CHECK(read_error(seven) ==
        ".tflite: file is 7 bytes, too short for the 8-byte header (root offset, identifier)");
}

TEST_CASE("a wrong identifier is named", "[tflite_reader]") {
  Bytes file = tiny_file();
  file[7] = '2';
  CHECK(read_error(file) == ".tflite: not a .tflite file: identifier is 'TFL2', expected 'TFL3'");
  file[4] = 0;
  file[5] = 0xff;
  CHECK(read_error(file) ==
        ".tflite: not a .tflite file: identifier is '\\x00\\xFFL2', expected 'TFL3'");
  const Bytes checkpoint{'Q', 'P', 'L', 'B', 'C', 'K', 'P', 'T', 1, 0, 0, 0};
  CHECK(read_error(checkpoint) ==
        ".tflite: not a .tflite file: identifier is 'CKPT', expected 'TFL3'");
}

TEST_CASE("a .tflite file cut short at any length is refused", "[tflite_reader]") {
  const Bytes& file = tiny_file();
  for (std::size_t length = 0; length < file.size(); ++length) {
    CAPTURE(length);
    const Bytes cut(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(length));
    const std::string message = read_error(cut);
    REQUIRE(message.rfind(".tflite: ", 0) == 0);
    if (length >= 8)
      REQUIRE((message.find("invalid FlatBuffer") != std::string::npos ||
               message.find("root table offset") != std::string::npos));
  }
}

TEST_CASE("single-byte flips are refused or read into a valid model, never a crash",
          "[tflite_reader]") {
  const Bytes& file = tiny_file();
  const std::uint8_t masks[] = {0x01, 0x02, 0x10, 0x80, 0xff};
  std::size_t refused = 0, accepted = 0;
  for (std::size_t at = 0; at < file.size(); ++at) {
    for (std::uint8_t mask : masks) {
      Bytes flipped = file;
      flipped[at] = static_cast<std::uint8_t>(flipped[at] ^ mask);
      Model model;
      try {
        model = read_tflite(flipped);
      } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        if (message.rfind(".tflite: ", 0) != 0 || message.size() < 20) {
          CAPTURE(at, mask, message);
          FAIL("a refused flip without a clear message");
        }
        ++refused;
        continue;
      }
      ++accepted;
      const std::string problem = find_problem(model);
      if (!problem.empty() || read_tflite(write_tflite(model)) != model) {
        CAPTURE(at, mask, problem);
        FAIL("an accepted flip gave a model that does not pass find_problem or round-trip");
      }
    }
  }
  CAPTURE(file.size(), refused, accepted);
  CHECK(refused > 0);
  CHECK(accepted > 0);  // flips inside constant data are still valid files
}

TEST_CASE("offsets and lengths that point outside the file are refused", "[tflite_reader]") {
  Bytes file = tiny_file();
  const auto size = static_cast<std::uint32_t>(file.size());
  SECTION("a root offset past the end") {
    const std::uint32_t past = size + 100;
    std::memcpy(file.data(), &past, 4);
    CHECK(read_error(file) == ".tflite: root table offset " + std::to_string(past) +
                                  " (at byte 0) points past the end of the " +
                                  std::to_string(size) + "-byte file");
  }
  SECTION("a misaligned root offset") {
    file[0] = static_cast<std::uint8_t>(file[0] + 1);
    CHECK_THAT(read_error(file), Catch::StartsWith(".tflite: invalid FlatBuffer"));
  }
  SECTION("a constant buffer's length past the end") {
    set_length(root_of(file).buffers()->Get(3)->data(), 0x7fffff00u);
    CHECK_THAT(read_error(file), Catch::StartsWith(".tflite: invalid FlatBuffer"));
  }
  SECTION("the tensor vector's length past the end") {
    set_length(graph_of(file).tensors(), size);
    CHECK_THAT(read_error(file), Catch::StartsWith(".tflite: invalid FlatBuffer"));
  }
  SECTION("a string without its terminating NUL") {
    const flatbuffers::String* description = root_of(file).description();
    file[static_cast<std::size_t>(reinterpret_cast<const std::uint8_t*>(description->c_str()) -
                                  file.data() + 5)] = 'x';
    CHECK_THAT(read_error(file), Catch::StartsWith(".tflite: invalid FlatBuffer"));
  }
}

TEST_CASE("a structurally valid file that lies about the model is refused, naming the lie",
          "[tflite_reader]") {
  Bytes file = tiny_file();
  const fb::SubGraph& graph = graph_of(file);
  std::string expected;
  SECTION("schema version 2") {
    set_field<std::uint32_t>(&root_of(file), fb::Model::VT_VERSION, 2);
    expected = "schema version 2, expected 3";
  }
  SECTION("a constant buffer shorter than its shape needs") {
    set_length(root_of(file).buffers()->Get(1)->data(), 17);
    expected = "tensor 3 'conv/w': buffer 1 holds 17 bytes, shape [2,3,3,1] of INT8 needs 18";
  }
  SECTION("an operator input out of range") {
    set_element(graph.operators()->Get(2)->inputs(), 1, 99);
    expected = "operator 2 (CONV_2D): input 1 is tensor 99, out of range (13 tensors)";
  }
  SECTION("a graph input out of range") {
    set_element(graph.inputs(), 0, -3);
    expected = "subgraph input 0 is tensor -3, out of range (13 tensors)";
  }
  SECTION("fewer zero points than scales") {
    set_length(graph.tensors()->Get(3)->quantization()->zero_point(), 1);
    expected = "tensor 3 'conv/w': quantization has 2 scales but 1 zero_point values";
  }
  SECTION("per-channel scales that do not match the shape") {
    set_element(graph.tensors()->Get(3)->shape(), 0, 1);  // [2,3,3,1] → [1,3,3,2]: same size
    set_element(graph.tensors()->Get(3)->shape(), 3, 2);
    expected = "tensor 3 'conv/w': quantization has 2 scales, expected 1 or shape[0] = 1";
  }
  SECTION("a negative dimension") {
    set_element(graph.tensors()->Get(5)->shape(), 1, -3);
    expected = "tensor 5 'conv': shape [1,-3,3,2] has a negative dimension";
  }
  SECTION("an activation too large to allocate") {
    set_element(graph.tensors()->Get(5)->shape(), 1, 1 << 30);
    expected = "tensor 5 'conv': shape [1,1073741824,3,2] of INT8 needs more than 268435456 bytes";
  }
  SECTION("a buffer index out of range") {
    set_field<std::uint32_t>(graph.tensors()->Get(8), fb::Tensor::VT_BUFFER, 40);
    expected = "tensor 8 'fc/w': buffer index 40 out of range (5 buffers)";
  }
  SECTION("a tensor type qplab does not know") {
    set_field<std::int8_t>(graph.tensors()->Get(5), fb::Tensor::VT_TYPE, fb::TensorType_COMPLEX64);
    expected = "tensor 5 'conv': type COMPLEX64 (8) is not supported";
  }
  SECTION("an opcode index out of range") {
    set_field<std::uint32_t>(graph.operators()->Get(1), fb::Operator::VT_OPCODE_INDEX, 50);
    expected = "operator 1: opcode_index 50 out of range (7 operator codes)";
  }
  SECTION("a CONV_2D without options") {
    set_field<std::uint8_t>(graph.operators()->Get(2), fb::Operator::VT_BUILTIN_OPTIONS_TYPE,
                            fb::BuiltinOptions_NONE);
    expected = "operator 2 (CONV_2D): no Conv2DOptions";
  }
  SECTION("a CONV_2D with another op's options") {
    // (an empty table under its tag, so the verifier accepts the Conv2DOptions bytes)
    set_field<std::uint8_t>(graph.operators()->Get(2), fb::Operator::VT_BUILTIN_OPTIONS_TYPE,
                            fb::BuiltinOptions_DequantizeOptions);
    expected =
        "operator 2 (CONV_2D): builtin options are DequantizeOptions, expected Conv2DOptions";
  }
  SECTION("a fused activation qplab does not run") {
    set_field<std::int8_t>(graph.operators()->Get(2)->builtin_options_as_Conv2DOptions(),
                           fb::Conv2DOptions::VT_FUSED_ACTIVATION_FUNCTION,
                           fb::ActivationFunctionType_RELU6);
    expected = "operator 2 (CONV_2D): fused activation RELU6 (3) is not supported";
  }
  SECTION("a pooling stride of 0") {
    set_field<std::int32_t>(graph.operators()->Get(3)->builtin_options_as_Pool2DOptions(),
                            fb::Pool2DOptions::VT_STRIDE_W, 0);
    expected = "operator 3 (MAX_POOL_2D): stride 2x0 (must be >= 1)";
  }
  SECTION("a padding that is neither SAME nor VALID") {
    set_field<std::int8_t>(graph.operators()->Get(3)->builtin_options_as_Pool2DOptions(),
                           fb::Pool2DOptions::VT_PADDING, 7);
    expected = "operator 3 (MAX_POOL_2D): padding 7 is neither SAME nor VALID";
  }
  SECTION("a zero point outside int8") {
    set_element(graph.tensors()->Get(10)->quantization()->zero_point(), 0, std::int64_t{1} << 40);
    expected = "tensor 10 'logits': zero_point[0] is 1099511627776, outside INT8's [-128, 127]";
  }
  SECTION("a scale that is not a number") {
    set_element(graph.tensors()->Get(10)->quantization()->scale(), 0,
                std::numeric_limits<float>::quiet_NaN());
    expected = "tensor 10 'logits': quantization scale[0] is nan (must be positive and finite)";
  }
  CHECK(read_error(file) == ".tflite: " + expected);
}

TEST_CASE("files from another writer are read as the official interpreter reads them",
          "[tflite_reader]") {
  SECTION("a plain one-operator file") {
    const Model model = read_tflite(build({}));
    REQUIRE(model.operators.size() == 1);
    CHECK(model.operators[0].op == BuiltinOperator::kSoftmax);
    CHECK(model.operators[0].beta == 1.0f);
    CHECK(model.description.empty());
  }
  SECTION("only the deprecated int8 code (files before schema v3a)") {
    RawFile f;
    f.builtin_code = 0;
    CHECK(read_tflite(build(f)).operators[0].op == BuiltinOperator::kSoftmax);
  }
  SECTION("only the int32 code") {
    RawFile f;
    f.builtin_code = fb::BuiltinOperator_QUANTIZE;
    f.deprecated_code = 0;
    f.options_type = fb::BuiltinOptions_NONE;
    CHECK(read_tflite(build(f)).operators[0].op == BuiltinOperator::kQuantize);
  }
  SECTION("SOFTMAX without options has the schema's beta 0") {
    RawFile f;
    f.options_type = fb::BuiltinOptions_NONE;
    CHECK(read_tflite(build(f)).operators[0].beta == 0.0f);
  }
  SECTION("a scale without a zero point") {
    RawFile f;
    f.scale = true;
    CHECK(read_error(build(f)) ==
          ".tflite: tensor 0 'x': quantization has 1 scales but no zero_point");
    f.zero_point = true;
    CHECK(read_tflite(build(f)).tensors[0].quantization == Quantization{{0.5f}, {0}, 0});
  }
}

TEST_CASE("files using what qplab cannot represent are refused, naming it", "[tflite_reader]") {
  RawFile f;
  std::string expected;
  SECTION("an operator qplab does not implement") {
    f.builtin_code = f.deprecated_code = fb::BuiltinOperator_DEPTHWISE_CONV_2D;
    expected = "unsupported operator 4 DEPTHWISE_CONV_2D (version 1)";
  }
  SECTION("an operator above 127 (int32 code, placeholder 127 in the int8 one)") {
    f.builtin_code = 200;
    f.deprecated_code = fb::BuiltinOperator_PLACEHOLDER_FOR_GREATER_OP_CODES;
    expected = "unsupported operator 200 (version 1)";
  }
  SECTION("two subgraphs") {
    f.subgraphs = 2;
    expected = "the file has 2 subgraphs, expected exactly 1";
  }
  SECTION("no subgraph") {
    f.subgraphs = 0;
    expected = "the file has 0 subgraphs, expected exactly 1";
  }
  SECTION("schema version 2") {
    f.version = 2;
    expected = "schema version 2, expected 3";
  }
  SECTION("data in buffer 0") {
    f.buffer0 = {1, 2, 3, 4};
    expected = "buffer 0 holds 4 bytes (it is the empty sentinel)";
  }
  SECTION("an unknown tensor type") {
    f.type = static_cast<fb::TensorType>(99);
    expected = "tensor 0 'x': type 99 is not supported";
  }
  SECTION("custom quantization details") {
    f.custom_details = true;
    f.zero_point = true;
    expected = "tensor 0 'x': custom quantization details are not supported";
  }
  SECTION("options under a tag the schema subset does not name") {
    f.options_type = static_cast<fb::BuiltinOptions>(200);
    expected = "operator 0 (SOFTMAX): builtin options are options tag 200, expected SoftmaxOptions";
  }
  SECTION("FULLY_CONNECTED keeping its input's dimensions") {
    f.builtin_code = f.deprecated_code = fb::BuiltinOperator_FULLY_CONNECTED;
    f.options_type = fb::BuiltinOptions_FullyConnectedOptions;
    f.keep_num_dims = true;
    expected = "operator 0 (FULLY_CONNECTED): keep_num_dims is not supported";
  }
  SECTION("FULLY_CONNECTED without its weights") {
    f.builtin_code = f.deprecated_code = fb::BuiltinOperator_FULLY_CONNECTED;
    f.options_type = fb::BuiltinOptions_FullyConnectedOptions;
    expected = "operator 0 (FULLY_CONNECTED): 1 inputs, expected 2 to 3";
  }
  CHECK(read_error(build(f)) == ".tflite: " + expected);
}

}  // namespace
}  // namespace qplab::tflite
