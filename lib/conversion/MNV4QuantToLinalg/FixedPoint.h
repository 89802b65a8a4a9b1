//===- FixedPoint.h - TFLite's fixed-point arithmetic as IR -----*- C++ -*-===//
//
// The run-time half of TFLite's integer arithmetic, emitted as scalar arith
// ops inside linalg bodies (the vectorizer turns them into vector ops). Each
// function computes exactly what its namesake in lib/interp/int8/TfliteArith
// computes; the compile-time half (QuantizeMultiplier, tables) is called
// from there directly.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_CONVERSION_MNV4QUANTTOLINALG_FIXEDPOINT_H
#define MNV4_CONVERSION_MNV4QUANTTOLINALG_FIXEDPOINT_H

#include "mlir/IR/Builders.h"

namespace mnv4::conversion {

/// A requantization multiplier as IR values: `m` (Q31) and the left and
/// right shifts that TFLite's `shift` splits into (both >= 0).
struct MultiplierValues {
  mlir::Value m, left, right;
};

/// An instruction that computes SaturatingRoundingDoublingHighMul exactly,
/// saturation included: sat((2 a b + 2^31) >> 32) on i32 lanes.
enum class HighMultiply {
  generic,         // arith ops on i64: the product plus 2^30, shifted by 31
  genericDivision, // arith ops on i64: TFLite's nudge and truncating division
  evenOdd, // x86 vectors: i64 products of the even and of the odd i32 lanes
           // in place (vpmuldq), rounded and shifted, the halves blended
  hvx,     // HVX 128-byte: vmpye(a, b.uh), then vmpyo(a, b.h):<<1:rnd:sat:shift
  neon,    // AArch64 NEON: sqrdmulh v.4s
};

/// Scalar arithmetic, or with `lanes` > 0 the same on vectors of `lanes`
/// elements (constants become splats). `highMultiply` names the instruction
/// srdhm uses on vectors of its width (32 lanes for HVX, 4 for NEON);
/// anything else takes the generic i64 arithmetic.
class FixedPoint {
public:
  FixedPoint(mlir::OpBuilder &b, mlir::Location loc, int64_t lanes = 0,
             HighMultiply highMultiply = HighMultiply::generic)
      : b(b), loc(loc), lanes(lanes), highMultiply(highMultiply) {}

  mlir::OpBuilder &builder() { return b; }
  mlir::Location location() { return loc; }

  mlir::Value i32(int64_t v);
  /// Wrapping i32 (or i64) arithmetic.
  mlir::Value add(mlir::Value x, mlir::Value y);
  mlir::Value sub(mlir::Value x, mlir::Value y);
  mlir::Value mul(mlir::Value x, mlir::Value y);
  mlir::Value i64(int64_t v);
  /// SaturatingRoundingDoublingHighMul; `saturate` = false when one operand
  /// is known not to be INT32_MIN (a multiplier), dropping that case.
  mlir::Value srdhm(mlir::Value a, mlir::Value b, bool saturate = true);
  /// RoundingDivideByPOT, exponent in [0, 31]: ties away from zero.
  mlir::Value rdbpot(mlir::Value x, mlir::Value exponent);
  /// MultiplyByQuantizedMultiplier (double rounding).
  mlir::Value mbqm(mlir::Value x, const MultiplierValues &mult);
  /// Saturating x * 2^exponent, exponent in [1, 31].
  mlir::Value saturatingShiftLeft(mlir::Value x, int exponent);
  /// gemmlowp one_over_one_plus_x_for_x_in_0_1, Q0.31.
  mlir::Value oneOverOnePlusX(mlir::Value a);
  /// Leading zero bits of a nonzero i32 (__builtin_clz), by halving
  /// (math.ctlz on vectors does not lower to LLVM here).
  mlir::Value countLeadingZeros(mlir::Value x);
  /// min(max(x, lo), hi) on i32.
  mlir::Value clamp(mlir::Value x, int32_t lo, int32_t hi);
  /// `clamp(mbqm(acc, mult) + zOut, lo, hi)` as i8: a requantization.
  mlir::Value requantize(mlir::Value acc, const MultiplierValues &mult,
                         int32_t zOut, int32_t lo, int32_t hi);
  /// i32 -> i8 (a value already clamped to [-128, 127]).
  mlir::Value toI8(mlir::Value x);
  /// i8 -> i32, sign-extended.
  mlir::Value toI32(mlir::Value x);

private:
  /// `element`, or a vector of `lanes` of it.
  mlir::Type typeOf(mlir::Type element);
  mlir::Value constant(mlir::Type element, int64_t v);
  /// srdhm on the instruction of `highMultiply`, if it applies to `lanes`.
  mlir::Value srdhmInstruction(mlir::Value a, mlir::Value m);
  /// The unsaturated srdhm of an even number of lanes as two i64 vectors of
  /// half as many lanes, without widening each half (HighMultiply::evenOdd).
  mlir::Value srdhmEvenOdd(mlir::Value a, mlir::Value m);

  mlir::OpBuilder &b;
  mlir::Location loc;
  int64_t lanes;
  HighMultiply highMultiply;
};

} // namespace mnv4::conversion

#endif // MNV4_CONVERSION_MNV4QUANTTOLINALG_FIXEDPOINT_H
