//===- ConvKernelsTest.cpp - conv2d, depthwise, pointwise and FC ----------===//

#include "ExpectTensor.h"
#include "NaiveReference.h"
#include "NamedCases.h"

#include "mnv4/Interp/Kernels.h"

using namespace mnv4;
using namespace mnv4::interp;

namespace {

struct ConvCase {
  const char *name;
  std::vector<int64_t> input; // NHWC
  int64_t cout, kh, kw;
  Stride2 strides;
  Pad4 pad;
  bool withBias;
  Activation act;
};
void PrintTo(const ConvCase &c, std::ostream *os) { *os << c.name; }

// Short names for the case tables.
constexpr Activation none = Activation::none, relu = Activation::relu,
                     relu6 = Activation::relu6, gelu = Activation::gelu,
                     hardswish = Activation::hardswish;

class Conv2DTest : public ::testing::TestWithParam<ConvCase> {};

TEST_P(Conv2DTest, MatchesNaiveLoops) {
  const ConvCase &c = GetParam();
  Tensor x = naive::random(c.input, 1);
  Tensor f = naive::random({c.cout, c.kh, c.kw, c.input[3]}, 2);
  Tensor b = naive::random({c.cout}, 3);
  const Tensor *bias = c.withBias ? &b : nullptr;
  naive::Window win = naive::window(c.strides, c.pad);
  expectTensorNear(conv2d(x, f, bias, c.strides, c.pad, c.act),
                   naive::conv(x, f, bias, win, c.act));
}

// One case a line (clang-format would break the longest over nine lines).
// clang-format off
const ConvCase convCases[] = {
  // name, input NHWC, cout, kh, kw, strides, pad [t, l, b, r], bias, act
  {"k3s1", {1, 6, 6, 3}, 4, 3, 3, {1, 1}, {1, 1, 1, 1}, true, relu},
  {"k3s2even", {1, 8, 8, 3}, 5, 3, 3, {2, 2}, {1, 1, 1, 1}, true, none},
  {"k3s2odd", {1, 7, 9, 2}, 3, 3, 3, {2, 2}, {1, 1, 1, 1}, false, relu6},
  {"k5s2even", {1, 10, 10, 3}, 2, 5, 5, {2, 2}, {2, 2, 2, 2}, true, gelu},
  {"k5s2odd", {1, 11, 11, 2}, 2, 5, 5, {2, 2}, {2, 2, 2, 2}, true, hardswish},
  {"asymmetricPad", {1, 6, 7, 3}, 4, 3, 3, {1, 2}, {0, 1, 2, 0}, true, none},
  {"nonSquareKernel", {1, 6, 6, 2}, 3, 1, 3, {1, 1}, {0, 1, 0, 1}, true, none},
  {"batch2", {2, 5, 5, 4}, 6, 3, 3, {2, 2}, {1, 1, 1, 1}, true, relu},
  {"spatial1x1", {1, 1, 1, 16}, 8, 3, 3, {1, 1}, {1, 1, 1, 1}, true, relu},
  {"pointwise", {2, 4, 4, 8}, 12, 1, 1, {1, 1}, {0, 0, 0, 0}, true, none},
};
// clang-format on
INSTANTIATE_TEST_SUITE_P(Cases, Conv2DTest, ::testing::ValuesIn(convCases),
                         CaseName());

TEST(Conv2D, StrideTwoOnEvenSizeReadsRowsAroundTwiceTheIndex) {
  // Input value = row index; all-ones 3x3 filter: output row i sums input rows
  // 2i-1..2i+1 (row -1 is padding), so the unread bottom pad row is never used.
  Tensor x({1, 4, 4, 1});
  for (int64_t h = 0; h < 4; ++h)
    for (int64_t w = 0; w < 4; ++w)
      x.at(0, h, w, 0) = static_cast<float>(h);
  Tensor f({1, 3, 3, 1}, 1.0f);
  Tensor y = conv2d(x, f, nullptr, {2, 2}, {1, 1, 1, 1}, Activation::none);
  ASSERT_EQ(llvm::ArrayRef(y.shape), llvm::ArrayRef<int64_t>({1, 2, 2, 1}));
  EXPECT_FLOAT_EQ(y.at(0, 0, 0, 0), 2 * (0 + 1));     // cols -1..1
  EXPECT_FLOAT_EQ(y.at(0, 0, 1, 0), 3 * (0 + 1));     // cols 1..3
  EXPECT_FLOAT_EQ(y.at(0, 1, 0, 0), 2 * (1 + 2 + 3)); // rows 1..3
  EXPECT_FLOAT_EQ(y.at(0, 1, 1, 0), 3 * (1 + 2 + 3));
}

TEST(Conv2D, NaNPropagatesOnlyToOutputsThatReadIt) {
  Tensor x = naive::random({1, 5, 5, 2}, 4);
  x.at(0, 0, 0, 1) = NAN;
  Tensor f = naive::random({3, 3, 3, 2}, 5);
  Tensor y = conv2d(x, f, nullptr, {1, 1}, {1, 1, 1, 1}, Activation::relu);
  for (int64_t co = 0; co < 3; ++co) {
    EXPECT_TRUE(std::isnan(y.at(0, 0, 0, co)));
    EXPECT_TRUE(std::isnan(y.at(0, 1, 1, co)));
    EXPECT_FALSE(std::isnan(y.at(0, 2, 2, co)));
  }
}

struct DepthwiseCase {
  const char *name;
  std::vector<int64_t> input;
  int64_t k;
  Stride2 strides;
  Pad4 pad;
  Activation act;
};
void PrintTo(const DepthwiseCase &c, std::ostream *os) { *os << c.name; }

class DepthwiseTest : public ::testing::TestWithParam<DepthwiseCase> {};

TEST_P(DepthwiseTest, MatchesNaiveLoops) {
  const DepthwiseCase &c = GetParam();
  Tensor x = naive::random(c.input, 6);
  Tensor f = naive::random({c.k, c.k, c.input[3]}, 7);
  Tensor b = naive::random({c.input[3]}, 8);
  naive::Window win = naive::window(c.strides, c.pad);
  expectTensorNear(depthwiseConv2d(x, f, &b, c.strides, c.pad, c.act),
                   naive::depthwise(x, f, &b, win, c.act));
  expectTensorNear(depthwiseConv2d(x, f, nullptr, c.strides, c.pad, c.act),
                   naive::depthwise(x, f, nullptr, win, c.act));
}

const DepthwiseCase depthwiseCases[] = {
    // name, input NHWC, k, strides, pad [t, l, b, r], act
    {"k3s1", {1, 6, 6, 5}, 3, {1, 1}, {1, 1, 1, 1}, relu},
    {"k3s2even", {1, 8, 8, 4}, 3, {2, 2}, {1, 1, 1, 1}, none},
    {"k3s2odd", {1, 7, 7, 4}, 3, {2, 2}, {1, 1, 1, 1}, gelu},
    {"k5s2even", {1, 8, 8, 3}, 5, {2, 2}, {2, 2, 2, 2}, relu},
    {"k5s1odd", {1, 9, 9, 3}, 5, {1, 1}, {2, 2, 2, 2}, relu6},
    {"asymmetricPad", {1, 5, 6, 3}, 3, {2, 1}, {1, 0, 0, 2}, none},
    {"batch2", {2, 6, 6, 3}, 3, {2, 2}, {1, 1, 1, 1}, relu},
    {"spatial1x1", {1, 1, 1, 7}, 5, {1, 1}, {2, 2, 2, 2}, hardswish},
};
INSTANTIATE_TEST_SUITE_P(Cases, DepthwiseTest,
                         ::testing::ValuesIn(depthwiseCases), CaseName());

TEST(PointwiseConv, MatchesNaiveOneByOneConv) {
  Tensor x = naive::random({2, 3, 4, 16}, 9);
  Tensor f = naive::random({24, 1, 1, 16}, 10);
  Tensor b = naive::random({24}, 11);
  expectTensorNear(pointwiseConv(x, f, &b, Activation::relu),
                   naive::conv(x, f, &b, {}, Activation::relu));
  expectTensorNear(pointwiseConv(x, f, nullptr, Activation::none),
                   naive::conv(x, f, nullptr, {}, Activation::none));
}

static Tensor naiveFC(const Tensor &x, const Tensor &w, const Tensor *b) {
  int64_t N = x.shape[0], O = w.shape[0], I = w.shape[1];
  Tensor y({N, O});
  for (int64_t n = 0; n < N; ++n)
    for (int64_t o = 0; o < O; ++o) {
      double sum = b ? b->data[o] : 0.0;
      for (int64_t i = 0; i < I; ++i)
        sum += double(x.data[n * I + i]) * w.data[o * I + i];
      y.data[n * O + o] = static_cast<float>(sum);
    }
  return y;
}

TEST(FullyConnected, FlatAndPooledInputs) {
  Tensor w = naive::random({10, 32}, 12);
  Tensor b = naive::random({10}, 13);
  Tensor flat = naive::random({2, 32}, 14);
  expectTensorNear(fullyConnected(flat, w, &b), naiveFC(flat, w, &b));
  expectTensorNear(fullyConnected(flat, w, nullptr), naiveFC(flat, w, nullptr));
  Tensor pooled({2, 1, 1, 32}, flat.data);
  expectTensorNear(fullyConnected(pooled, w, &b), naiveFC(flat, w, &b));
}

} // namespace
