//===- TfliteArith.cpp - TFLite's integer arithmetic, bit-exact -----------===//

#include "TfliteArith.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mnv4::interp::tflite {

static constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();
static constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

Multiplier quantizeMultiplier(double real) {
  if (real == 0.0)
    return {};
  int exponent;
  double fraction = std::frexp(real, &exponent);
  int64_t q = static_cast<int64_t>(std::round(fraction * (1LL << 31)));
  if (q == (1LL << 31)) {
    q /= 2;
    ++exponent;
  }
  if (exponent < -31) {
    exponent = 0;
    q = 0;
  }
  return {static_cast<int32_t>(q), exponent};
}

int32_t srdhm(int32_t a, int32_t b) {
  if (a == kInt32Min && b == kInt32Min)
    return kInt32Max;
  int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  int64_t nudge = ab >= 0 ? (1LL << 30) : (1 - (1LL << 30));
  return static_cast<int32_t>((ab + nudge) / (1LL << 31));
}

int32_t rdbpot(int32_t x, int exponent) {
  int32_t mask = static_cast<int32_t>((1LL << exponent) - 1);
  int32_t remainder = x & mask;
  int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t mbqm(int32_t x, Multiplier mult) {
  int left = mult.shift > 0 ? mult.shift : 0;
  int right = mult.shift > 0 ? 0 : -mult.shift;
  int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << left);
  return rdbpot(srdhm(shifted, mult.m), right);
}

int32_t saturatingShiftLeft(int32_t x, int exponent) {
  int32_t threshold = static_cast<int32_t>((1LL << (31 - exponent)) - 1);
  if (x > threshold)
    return kInt32Max;
  if (x < -threshold)
    return kInt32Min;
  return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

ClampRange activationRange(int act, float outputScale, int32_t outputZero) {
  auto quantize = [&](float f) {
    return outputZero + static_cast<int32_t>(std::round(f / outputScale));
  };
  ClampRange r;
  if (act == 1 || act == 3)
    r.lo = std::max<int32_t>(-128, quantize(0.0f));
  if (act == 3)
    r.hi = std::min<int32_t>(127, quantize(6.0f));
  return r;
}

/// Wrapping int32 arithmetic, as gemmlowp's raw + and -.
static int32_t add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) +
                              static_cast<uint32_t>(b));
}
static int32_t sub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) -
                              static_cast<uint32_t>(b));
}

/// exp on [-1/4, 0), Q0.31: Taylor expansion around -1/8.
static int32_t expOnInterval(int32_t a) {
  constexpr int32_t kConstantTerm = 1895147668;
  constexpr int32_t kOneThird = 715827883;
  int32_t x = add(a, 1 << 28);
  int32_t x2 = srdhm(x, x);
  int32_t x3 = srdhm(x2, x);
  int32_t x4 = srdhm(x2, x2);
  int32_t x4Over4 = rdbpot(x4, 2);
  int32_t poly = rdbpot(add(srdhm(add(x4Over4, x3), kOneThird), x2), 1);
  return add(kConstantTerm, srdhm(kConstantTerm, add(x, poly)));
}

int32_t expOnNegativeValues(int32_t a) {
  constexpr int kFractionalBits = 26;
  constexpr int32_t kOneQuarter = 1 << (kFractionalBits - 2);
  int32_t modQuarterMinusQuarter = sub(a & (kOneQuarter - 1), kOneQuarter);
  int32_t result =
      expOnInterval(saturatingShiftLeft(modQuarterMinusQuarter, 5));
  int32_t remainder = sub(modQuarterMinusQuarter, a);
  // exp(-1/4), exp(-1/2), ..., exp(-16) in Q0.31, for remainder bits 24..30.
  constexpr int32_t kMultipliers[7] = {
      1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  for (int k = -2; k <= 4; ++k)
    if (remainder & (1 << (kFractionalBits + k)))
      result = srdhm(result, kMultipliers[k + 2]);
  return a == 0 ? kInt32Max : result;
}

int32_t oneOverOnePlusX(int32_t a) {
  int64_t sum = static_cast<int64_t>(a) + kInt32Max;
  int64_t sign = sum >= 0 ? 1 : -1;
  int32_t halfDenominator = static_cast<int32_t>((sum + sign) / 2);
  constexpr int32_t k48Over17 = 1515870810;
  constexpr int32_t kNeg32Over17 = -1010580540;
  constexpr int32_t kOneQ229 = 1 << 29;
  int32_t x = add(k48Over17, srdhm(halfDenominator, kNeg32Over17));
  for (int i = 0; i < 3; ++i) {
    int32_t oneMinus = sub(kOneQ229, srdhm(halfDenominator, x));
    x = add(x, saturatingShiftLeft(srdhm(x, oneMinus), 2));
  }
  return saturatingShiftLeft(x, 1);
}

std::array<int8_t, 256> populateLut(LutFunction f, float inputScale,
                                    int32_t inputZero, float outputScale,
                                    int32_t outputZero) {
  const float inverseScale = 1 / outputScale;
  std::array<int8_t, 256> lut;
  for (int32_t q = -128; q <= 127; ++q) {
    const float x = inputScale * static_cast<float>(q - inputZero);
    const float y =
        f == LutFunction::gelu
            ? 0.5f * x * std::erfc(x * static_cast<float>(-M_SQRT1_2))
            : 1.0f / (1.0f + std::exp(-x));
    const float rescaled = std::round(y * inverseScale);
    const int32_t quantized =
        static_cast<int32_t>(rescaled + static_cast<float>(outputZero));
    lut[q + 128] = static_cast<int8_t>(std::clamp(quantized, -128, 127));
  }
  return lut;
}

} // namespace mnv4::interp::tflite
