//===- TfliteArith.h - TFLite's integer arithmetic, bit-exact ---*- C++ -*-===//
//
// The fixed-point pieces of TFLite's int8 reference kernels (default,
// double-rounding build) and gemmlowp's fixedpoint.h, as the reference doc
// ../shared/docs/int8-tflite-edgetpu.md §2 states them. Every int8 kernel of
// the int8 interpreter computes through these functions.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_INTERP_INT8_TFLITEARITH_H
#define MNV4_LIB_INTERP_INT8_TFLITEARITH_H

#include <array>
#include <cstdint>

namespace mnv4::interp::tflite {

/// A real multiplier as M * 2^(shift - 31), M in [2^30, 2^31) or 0.
struct Multiplier {
  int32_t m = 0;
  int shift = 0;
};

/// QuantizeMultiplier (§2.1).
Multiplier quantizeMultiplier(double real);

/// SaturatingRoundingDoublingHighMul (= ARM VQRDMULH).
int32_t srdhm(int32_t a, int32_t b);
/// RoundingDivideByPOT, 0 <= exponent <= 31: ties away from zero.
int32_t rdbpot(int32_t x, int exponent);
/// MultiplyByQuantizedMultiplier, double rounding (§2.2).
int32_t mbqm(int32_t x, Multiplier mult);
/// Saturating x * 2^exponent (gemmlowp SaturatingRoundingMultiplyByPOT, > 0).
int32_t saturatingShiftLeft(int32_t x, int exponent);

/// The int8 range a fused activation clamps to (§2.3): `act` 0 none,
/// 1 relu, 3 relu6 (TFLite's ActivationFunctionType).
struct ClampRange {
  int32_t lo = -128, hi = 127;
};
ClampRange activationRange(int act, float outputScale, int32_t outputZero);

/// gemmlowp exp_on_negative_values for a Q5.26 input, Q0.31 result.
int32_t expOnNegativeValues(int32_t a);
/// gemmlowp one_over_one_plus_x_for_x_in_0_1, Q0.31 in and out.
int32_t oneOverOnePlusX(int32_t a);

/// The 256-entry table of an int8 activation (LUTPopulate, §2.13), indexed by
/// q + 128.
enum class LutFunction { gelu, logistic };
std::array<int8_t, 256> populateLut(LutFunction f, float inputScale,
                                    int32_t inputZero, float outputScale,
                                    int32_t outputZero);

} // namespace mnv4::interp::tflite

#endif // MNV4_LIB_INTERP_INT8_TFLITEARITH_H
