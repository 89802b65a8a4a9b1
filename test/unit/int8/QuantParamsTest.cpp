//===- QuantParamsTest.cpp - TFLite's converter formulas ------------------===//

#include "mnv4/Quant/QuantParams.h"

#include <gtest/gtest.h>

using namespace mnv4::quant;

namespace {

TEST(ActivationParams, RangeContainsZeroAndZeroPointIsNudged) {
  ActivationParams p = activationParams(-1.0f, 3.0f);
  EXPECT_EQ(p.scale, 4.0f / 255.0f);
  EXPECT_EQ(p.zeroPoint, -64); // round(-128 + 63.75)
  ActivationParams positive = activationParams(0.5f, 2.0f);
  EXPECT_EQ(positive.scale, 2.0f / 255.0f); // widened to [0, 2]
  EXPECT_EQ(positive.zeroPoint, -128);
  ActivationParams negative = activationParams(-2.0f, -1.0f);
  EXPECT_EQ(negative.zeroPoint, 127);
  ActivationParams zero = activationParams(0.0f, 0.0f);
  EXPECT_EQ(zero.scale, 1.0f);
  EXPECT_EQ(zero.zeroPoint, 0);
}

TEST(Weights, PerChannelSymmetricNarrowRange) {
  // OHWI [2,1,1,2]: channel 0 max |w| = 0.5, channel 1 max |w| = 2.
  std::vector<int8_t> stored;
  std::vector<float> scales =
      quantizeWeights({0.5f, -0.25f, 2.0f, -1.0f}, {2, 1, 1, 2}, 0, stored);
  EXPECT_EQ(scales, (std::vector<float>{1.0f / 254, 4.0f / 254}));
  EXPECT_EQ(stored, (std::vector<int8_t>{127, -64, 127, -64}));
  // An all-zero channel gets the +-5e-7 range, not a zero scale.
  EXPECT_GT(symmetricScale({0.0f, 0.0f}), 0.0f);
}

TEST(Weights, DepthwiseChannelIsTheLastAxis) {
  std::vector<int8_t> stored;
  std::vector<float> scales =
      quantizeWeights({1.0f, 4.0f, -1.0f, 2.0f}, {2, 1, 2}, 2, stored);
  EXPECT_EQ(scales, (std::vector<float>{2.0f / 254, 8.0f / 254}));
  EXPECT_EQ(stored, (std::vector<int8_t>{127, 127, -127, 64}));
}

TEST(Bias, Int32AtInputTimesWeightScale) {
  EXPECT_EQ(biasScale(0.5f, 0.25f), 0.125f);
  EXPECT_EQ(quantizeBias(1.0f, 0.125f), 8);
  EXPECT_EQ(quantizeBias(-0.0625f, 0.125f), -1); // -0.5 rounds away
  EXPECT_EQ(quantizeBias(1e30f, 1e-10f), 2147483647);
}

} // namespace
