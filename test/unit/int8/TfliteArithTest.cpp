//===- TfliteArithTest.cpp - TFLite's fixed-point arithmetic, pinned ------===//
//
// Hand-computed cases of ../shared/docs/int8-tflite-edgetpu.md §2.1-2.3,
// including the rounding corner cases (ties, saturation, double rounding).
//
//===----------------------------------------------------------------------===//

#include "lib/interp/int8/TfliteArith.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace mnv4::interp::tflite;

namespace {

constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();

TEST(QuantizeMultiplier, PowersOfTwoAndFractions) {
  Multiplier half = quantizeMultiplier(0.5);
  EXPECT_EQ(half.m, 1 << 30);
  EXPECT_EQ(half.shift, 0);
  Multiplier one = quantizeMultiplier(1.0);
  EXPECT_EQ(one.m, 1 << 30);
  EXPECT_EQ(one.shift, 1);
  Multiplier threeQuarters = quantizeMultiplier(0.75);
  EXPECT_EQ(threeQuarters.m, 1610612736);
  EXPECT_EQ(threeQuarters.shift, 0);
}

TEST(QuantizeMultiplier, RoundingUpToTwoToThe31Renormalises) {
  // f = 1 - 2^-40 rounds to 2^31, which becomes 2^30 with the exponent + 1.
  Multiplier m = quantizeMultiplier(1.0 - std::ldexp(1.0, -40));
  EXPECT_EQ(m.m, 1 << 30);
  EXPECT_EQ(m.shift, 1);
}

TEST(QuantizeMultiplier, ZeroAndTinyFlushToZero) {
  EXPECT_EQ(quantizeMultiplier(0.0).m, 0);
  Multiplier tiny = quantizeMultiplier(std::ldexp(1.0, -40));
  EXPECT_EQ(tiny.m, 0);
  EXPECT_EQ(tiny.shift, 0);
}

TEST(Srdhm, SaturatesOnlyForMinTimesMin) {
  EXPECT_EQ(srdhm(kMin, kMin), kMax);
  EXPECT_EQ(srdhm(kMin, kMax), -kMax);
}

TEST(Srdhm, RoundsToNearest) {
  EXPECT_EQ(srdhm(1 << 30, 1 << 30), 1 << 29);
  // 3 * 2^30 / 2^31 = 1.5: a positive tie rounds up.
  EXPECT_EQ(srdhm(3, 1 << 30), 2);
  // -1.5: gemmlowp's nudge 1 - 2^30 makes a negative tie round to -1.
  EXPECT_EQ(srdhm(-3, 1 << 30), -1);
  EXPECT_EQ(srdhm(-5, 1 << 30), -2); // -2.5
}

TEST(Rdbpot, TiesAwayFromZero) {
  EXPECT_EQ(rdbpot(5, 1), 3);   // 2.5
  EXPECT_EQ(rdbpot(-5, 1), -3); // -2.5
  EXPECT_EQ(rdbpot(-3, 1), -2); // -1.5
  EXPECT_EQ(rdbpot(7, 2), 2);   // 1.75
  EXPECT_EQ(rdbpot(-7, 2), -2); // -1.75
  EXPECT_EQ(rdbpot(6, 2), 2);   // 1.5
  EXPECT_EQ(rdbpot(-6, 2), -2); // -1.5
  EXPECT_EQ(rdbpot(kMax, 31), 1);
}

TEST(Mbqm, DoubleRoundingDiffersFromSingleRounding) {
  // 126 * (2^30 - 1) * 2^-32 = 31.4999999707: SRDHM gives 63 (62.99999994
  // rounded), the divide by 2 rounds 31.5 away to 32; a single rounding
  // would give 31 (the doc's §2.2 example of 31.49987 -> 32).
  EXPECT_EQ(mbqm(126, {(1 << 30) - 1, -1}), 32);
  EXPECT_EQ(mbqm(-126, {(1 << 30) - 1, -1}), -32);
}

TEST(Mbqm, LeftShiftForMultipliersAboveOne) {
  // 1.5 = 0.75 * 2^1.
  EXPECT_EQ(mbqm(10, quantizeMultiplier(1.5)), 15);
  EXPECT_EQ(mbqm(208, quantizeMultiplier(0.125)), 26);
}

TEST(ActivationRange, ClampsOfFusedActivations) {
  ClampRange none = activationRange(0, 0.05f, -100);
  EXPECT_EQ(none.lo, -128);
  EXPECT_EQ(none.hi, 127);
  ClampRange relu = activationRange(1, 0.05f, -100);
  EXPECT_EQ(relu.lo, -100);
  EXPECT_EQ(relu.hi, 127);
  ClampRange relu6 = activationRange(3, 0.05f, -100);
  EXPECT_EQ(relu6.lo, -100);
  EXPECT_EQ(relu6.hi, 20); // -100 + round(6 / 0.05)
}

TEST(Exp, ZeroIsOneAndMinusOneIsExpMinusOne) {
  EXPECT_EQ(expOnNegativeValues(0), kMax);
  // exp(-1) in Q0.31 = 790015084; gemmlowp's 4th-order Taylor polynomial
  // on [-1/4, 0) is off by up to (1/8)^5 / 120 ~ 2.5e-7 (~530 in Q0.31).
  // -1 = -1/4 (the polynomial) then x exp(-1/4) x exp(-1/2) (bits 24, 25).
  EXPECT_NEAR(expOnNegativeValues(-(1 << 26)), 790015084, 530);
}

TEST(Reciprocal, OneOverOnePlusX) {
  // 1 / (1 + 0) saturates at 1; 1 / (1 + 1/2) = 2/3.
  EXPECT_NEAR(oneOverOnePlusX(0), kMax, 2);
  EXPECT_NEAR(oneOverOnePlusX(1 << 30), 1431655765, 4);
}

TEST(Lut, GeluEntries) {
  std::array<int8_t, 256> lut =
      populateLut(LutFunction::gelu, 0.1f, 0, 0.1f, 0);
  EXPECT_EQ(lut[128 + 0], 0);
  EXPECT_EQ(lut[128 + 10], 8);  // gelu(1) = 0.8413 -> 8.41
  EXPECT_EQ(lut[128 - 10], -2); // gelu(-1) = -0.1587 -> -1.59
  EXPECT_EQ(lut[128 + 127], 127);
}

TEST(Lut, LogisticEntries) {
  std::array<int8_t, 256> lut =
      populateLut(LutFunction::logistic, 0.1f, 0, 1.0f / 256, -128);
  EXPECT_EQ(lut[128 + 0], 0);      // 0.5 * 256 - 128
  EXPECT_EQ(lut[128 - 128], -128); // sigmoid(-12.8) ~ 2.8e-6
  EXPECT_EQ(lut[128 + 127], 127);  // clamped
}

} // namespace
