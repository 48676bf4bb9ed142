// MaxPool2D: float and int8 against a direct window maximum (VALID, SAME, strides), the fused
// ReLU clamp, int8 codes exactly the max of the input codes, and the same-quantization rule.
#include "core/runtime/max_pool2d.h"

#include <catch2/catch.hpp>

#include "core/base/rng.h"
#include "core/runtime/interpreter.h"
#include "tests/core/runtime/model_builder.h"
#include "tests/core/runtime/reference_ops.h"

using namespace qplab;
using namespace qplab::testing;

namespace {

struct Pool {
  int n = 1, h = 4, w = 4, c = 1, fh = 2, fw = 2, sh = 2, sw = 2;
  bool same = false, relu = false;
  ConvParams geometry() const {  // the output size and padding are those of a conv window
    ConvParams p;
    p.n = n, p.h = h, p.w = w, p.c = c, p.kh = fh, p.kw = fw, p.stride_h = sh, p.stride_w = sw,
    p.same = same;
    return p;
  }
};

template <typename T>
std::vector<T> pool_ref(const Pool& s, const std::vector<T>& x, T low) {
  const ConvParams g = s.geometry();
  std::vector<T> y;
  for (int b = 0; b < s.n; ++b)
    for (int i = 0; i < g.out_h(); ++i)
      for (int j = 0; j < g.out_w(); ++j)
        for (int ch = 0; ch < s.c; ++ch) {
          T best = std::numeric_limits<T>::lowest();
          for (int u = 0; u < s.fh; ++u)
            for (int v = 0; v < s.fw; ++v) {
              const int r = i * s.sh + u - g.pad_top(), q = j * s.sw + v - g.pad_left();
              if (r >= 0 && r < s.h && q >= 0 && q < s.w)
                best = std::max(best,
                                x[((static_cast<std::size_t>(b) * s.h + r) * s.w + q) * s.c + ch]);
            }
          y.push_back(std::max(best, low));
        }
  return y;
}

tflite::Model pool_model(const Pool& s, TensorType type, tflite::Quantization in_q,
                         tflite::Quantization out_q) {
  const ConvParams g = s.geometry();
  ModelBuilder b;
  const int x = b.tensor({1, s.h, s.w, s.c}, type, std::move(in_q));
  const int y = b.tensor({1, g.out_h(), g.out_w(), s.c}, type, std::move(out_q));
  tflite::OperatorDef& op = b.op(BuiltinOperator::kMaxPool2D, {x}, {y});
  op.filter_h = s.fh, op.filter_w = s.fw, op.stride_h = s.sh, op.stride_w = s.sw;
  op.padding = s.same ? tflite::Padding::kSame : tflite::Padding::kValid;
  op.activation = s.relu ? tflite::FusedActivation::kRelu : tflite::FusedActivation::kNone;
  op.version = type == TensorType::kInt8 ? 2 : 1;
  return b.finish(x, y);
}

std::vector<Pool> pools() {
  std::vector<Pool> all;
  const int configs[][10] = {// n, h, w, c, fh, fw, sh, sw, same, relu
                             {2, 26, 26, 12, 2, 2, 2, 2, 0, 0},
                             {1, 5, 5, 3, 2, 2, 2, 2, 0, 1},
                             {3, 5, 7, 9, 3, 3, 2, 2, 1, 0},
                             {1, 6, 6, 1, 3, 2, 1, 2, 1, 1},
                             {2, 7, 4, 16, 2, 3, 3, 1, 0, 0}};
  for (const auto& k : configs) {
    Pool s;
    s.n = k[0], s.h = k[1], s.w = k[2], s.c = k[3], s.fh = k[4], s.fw = k[5], s.sh = k[6],
    s.sw = k[7];
    s.same = k[8] != 0, s.relu = k[9] != 0;
    all.push_back(s);
  }
  return all;
}

}  // namespace

TEST_CASE("float max-pool takes window maxima over VALID and SAME windows", "[max_pool2d]") {
  std::uint64_t seed = 700;
  for (const Pool& s : pools()) {
    CAPTURE(s.h, s.w, s.c, s.fh, s.fw, s.sh, s.same, s.relu, seed);
    Rng rng(seed++);
    std::vector<float> x(static_cast<std::size_t>(s.n) * s.h * s.w * s.c);
    for (float& v : x) v = rng.uniform(-1.0f, 1.0f);
    Interpreter interpreter(pool_model(s, TensorType::kFloat32, {}, {}), s.n);
    const std::vector<float> expected =
        pool_ref(s, x, s.relu ? 0.0f : std::numeric_limits<float>::lowest());
    std::vector<float> y(expected.size());
    interpreter.run(x.data(), s.n, y.data());
    CHECK(y == expected);
  }
}

TEST_CASE("int8 max-pool keeps the quantization and takes the max code", "[max_pool2d]") {
  std::uint64_t seed = 800;
  for (const Pool& s : pools()) {
    CAPTURE(s.h, s.w, s.c, s.fh, s.fw, s.sh, s.same, s.relu, seed);
    Rng rng(seed++);
    const float scale = 0.03f;
    const std::int32_t zp = -20;
    std::vector<std::int8_t> codes(static_cast<std::size_t>(s.n) * s.h * s.w * s.c);
    for (auto& v : codes) v = static_cast<std::int8_t>(static_cast<int>(rng.below(256)) - 128);
    Interpreter interpreter(
        pool_model(s, TensorType::kInt8, per_tensor(scale, zp), per_tensor(scale, zp)), s.n);
    const std::vector<std::int8_t> expected =
        pool_ref(s, codes, static_cast<std::int8_t>(s.relu ? zp : -128));
    const std::vector<float> x = exact_inputs(codes, scale, zp);
    std::vector<float> y(expected.size());
    interpreter.run(x.data(), s.n, y.data());
    const std::vector<std::int32_t> got = codes_of(y, scale, zp);
    for (std::size_t i = 0; i < got.size(); ++i) REQUIRE(got[i] == expected[i]);
  }
}

TEST_CASE("int8 max-pool rejects an output with other scale or zero point",
          "[max_pool2d][errors]") {
  const Pool s;
  REQUIRE_THROWS_WITH(
      Interpreter(pool_model(s, TensorType::kInt8, per_tensor(0.1f, 0), per_tensor(0.2f, 0))),
      Catch::Contains("operator 0 (MAX_POOL_2D)") &&
          Catch::Contains("keep the input's quantization"));
  REQUIRE_THROWS_WITH(
      Interpreter(pool_model(s, TensorType::kInt8, per_tensor(0.1f, 0), per_tensor(0.1f, 3))),
      Catch::Contains("zero point 3"));
}

TEST_CASE("max-pool rejects a window larger than the input and a wrong output shape",
          "[max_pool2d][errors]") {
  Pool s;
  s.h = s.w = 1;  // VALID 2x2 on 1x1: no output
  REQUIRE_THROWS_WITH(
      Interpreter(pool_model(s, TensorType::kFloat32, {}, {})),
      Catch::Contains("operator 0 (MAX_POOL_2D)") && Catch::Contains("does not fit"));
  tflite::Model model = pool_model(Pool{}, TensorType::kFloat32, {}, {});
  model.tensors[1].shape = {1, 3, 3, 1};
  REQUIRE_THROWS_WITH(Interpreter(model), Catch::Contains("output shape must be [1, 2, 2, 1]"));
}
