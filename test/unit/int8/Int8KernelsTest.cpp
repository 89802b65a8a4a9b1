//===- Int8KernelsTest.cpp - TFLite's int8 kernels on hand cases ----------===//

#include "lib/interp/int8/Int8Kernels.h"

#include <gtest/gtest.h>

using namespace mnv4::interp;
using namespace mnv4::interp::int8;

namespace {

QTensor make(llvm::ArrayRef<int64_t> shape, std::vector<int8_t> data,
             float scale, int32_t zero) {
  QTensor t(shape, {scale, zero});
  t.data = std::move(data);
  return t;
}

TEST(Conv2D, OneByOneRequantizesPerChannel) {
  // acc = 100 + 3 * (10 + 2) - 4 * (-20 + 2) = 208; 208 * 0.5 * 0.25 = 26;
  // + z_out 5 = 31.
  QTensor in = make({1, 1, 1, 2}, {10, -20}, 0.5f, -2);
  QWeights w{{1, 1, 1, 2}, {3, -4}, {0.25f}};
  QTensor y = conv2d(in, w, {100}, {1, 1, 0, 0}, 0, {1, 1, 1, 1}, {1.0f, 5});
  EXPECT_EQ(y.data, std::vector<int8_t>{31});
}

TEST(Conv2D, PaddingReadsTheInputZeroPoint) {
  // A 3x3 filter over a 1x1 input with pad 1: only the centre tap is inside,
  // so the large outer weights contribute nothing.
  QTensor in = make({1, 1, 1, 2}, {10, -20}, 0.5f, -2);
  std::vector<int8_t> filter(18, 127);
  filter[8] = 3;
  filter[9] = -4;
  QWeights w{{1, 3, 3, 2}, filter, {0.25f}};
  QTensor y = conv2d(in, w, {100}, {1, 1, 1, 1}, 0, {1, 1, 1, 1}, {1.0f, 5});
  EXPECT_EQ(y.data, std::vector<int8_t>{31});
}

TEST(Conv2D, FusedRelu6Clamps) {
  QTensor in = make({1, 1, 1, 1}, {100}, 1.0f, 0);
  QWeights w{{1, 1, 1, 1}, {100}, {1.0f}};
  // 10000 * 1 / 0.1 saturates; relu6 clamps to z + round(6 / 0.1) = 60.
  QTensor y = conv2d(in, w, {0}, {1, 1, 0, 0}, 3, {1, 1, 1, 1}, {0.1f, 0});
  EXPECT_EQ(y.data, std::vector<int8_t>{60});
}

TEST(DepthwiseConv2D, EachChannelItsOwnScale) {
  QTensor in = make({1, 1, 1, 2}, {4, 4}, 1.0f, 0);
  QWeights w{{1, 1, 2}, {2, 2}, {0.5f, 0.25f}};
  QTensor y =
      depthwiseConv2d(in, w, {0, 0}, {1, 1, 0, 0}, 0, {1, 1, 1, 2}, {1.0f, 0});
  EXPECT_EQ(y.data, (std::vector<int8_t>{4, 2}));
}

TEST(FullyConnected, PerTensorWeights) {
  QTensor in = make({1, 1, 1, 2}, {1, 2}, 0.5f, 0);
  QWeights w{{2, 2}, {10, 20, -10, 0}, {0.5f}};
  // acc = {50, -10} * 0.25 / 0.5 = {25, -5}.
  QTensor y = fullyConnected(in, w, {0, 0}, {1, 2}, {0.5f, 0});
  EXPECT_EQ(y.data, (std::vector<int8_t>{25, -5}));
}

TEST(Add, RescalesBothInputs) {
  QTensor a = make({1, 2}, {3, -100}, 1.0f, 0);
  QTensor b = make({1, 2}, {4, -100}, 1.0f, 0);
  QTensor y = add(a, b, 0, {1.0f, 0});
  EXPECT_EQ(y.data, (std::vector<int8_t>{7, -128})); // -200 clamps
  QTensor relu = add(a, b, 1, {1.0f, 0});
  EXPECT_EQ(relu.data, (std::vector<int8_t>{7, 0}));
}

TEST(Mul, BroadcastsAPerChannelScale) {
  QTensor a = make({1, 1, 2, 2}, {10, 10, -10, 20}, 0.5f, 0);
  QTensor s = make({2}, {2, 4}, 0.5f, 0);
  // real = x * s = {10*2, 10*4, -10*2, 20*4} * 0.25 / 1.
  QTensor y = mul(a, s, {1.0f, 0});
  EXPECT_EQ(y.data, (std::vector<int8_t>{5, 10, -5, 20}));
}

TEST(Mean, ExactMeanAndRescaling) {
  QTensor in = make({1, 2, 2, 1}, {10, 10, 10, 10}, 1.0f, 0);
  EXPECT_EQ(meanHW(in, {1.0f, 0}).data, std::vector<int8_t>{10});
  // Mean 10 at scale 1 -> scale 0.5 with zero point 3: 23.
  EXPECT_EQ(meanHW(in, {0.5f, 3}).data, std::vector<int8_t>{23});
}

TEST(AvgPool, RoundsHalfAwayFromZero) {
  QTensor in = make({1, 2, 2, 1}, {1, 2, 2, 1}, 1.0f, 0);
  EXPECT_EQ(avgPool(in, 2, 2, {1, 1, 1, 1}).data, std::vector<int8_t>{2});
  QTensor neg = make({1, 2, 2, 1}, {-1, -2, -2, -1}, 1.0f, 0);
  EXPECT_EQ(avgPool(neg, 2, 2, {1, 1, 1, 1}).data, std::vector<int8_t>{-2});
}

TEST(BatchMatMul, BroadcastBatch) {
  QTensor a = make({2, 1, 2}, {1, 2, 3, 4}, 1.0f, 0);
  QTensor b = make({1, 2, 1}, {5, 6}, 1.0f, 0);
  QTensor y = batchMatMul(a, b, {2, 1, 1}, {1.0f, 0});
  EXPECT_EQ(y.data, (std::vector<int8_t>{17, 39}));
}

TEST(Softmax, UniformRowIsAQuarter) {
  QTensor in = make({1, 4}, {7, 7, 7, 7}, 0.1f, 0);
  EXPECT_EQ(softmax(in, {1.0f / 256, -128}).data,
            (std::vector<int8_t>{-64, -64, -64, -64}));
}

TEST(Softmax, FarBelowTheMaximumIsZero) {
  // s_in = 1: diff_min = -15, so -200 is exactly 0 (-128); the max is 1.
  QTensor in = make({1, 2}, {100, -100}, 1.0f, 0);
  EXPECT_EQ(softmax(in, {1.0f / 256, -128}).data,
            (std::vector<int8_t>{127, -128}));
}

TEST(QuantizeDequantize, RoundTrip) {
  Tensor x({4}, {0.0f, 0.26f, -0.74f, 1000.0f});
  QTensor q = quantize(x, {0.5f, 1});
  EXPECT_EQ(q.data, (std::vector<int8_t>{1, 2, 0, 127}));
  Tensor back = dequantize(q);
  EXPECT_EQ(back.data, (std::vector<float>{0.0f, 0.5f, -0.5f, 63.0f}));
  QTensor r = requantize(q, {0.25f, 0});
  EXPECT_EQ(r.data, (std::vector<int8_t>{0, 2, -2, 127}));
}

TEST(Transpose, PermutesDimensions) {
  QTensor in = make({1, 2, 3}, {1, 2, 3, 4, 5, 6}, 1.0f, 0);
  EXPECT_EQ(transpose(in, {0, 2, 1}).data,
            (std::vector<int8_t>{1, 4, 2, 5, 3, 6}));
}

} // namespace
