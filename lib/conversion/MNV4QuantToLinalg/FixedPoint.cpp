//===- FixedPoint.cpp - TFLite's fixed-point arithmetic as IR -------------===//

#include "FixedPoint.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <limits>

using namespace mlir;

namespace mnv4::conversion {

static constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
static constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

Type FixedPoint::typeOf(Type element) {
  return lanes ? Type(VectorType::get({lanes}, element)) : element;
}

Value FixedPoint::constant(Type element, int64_t v) {
  Attribute attr = b.getIntegerAttr(element, v);
  if (lanes)
    attr = SplatElementsAttr::get(cast<ShapedType>(typeOf(element)), attr);
  return arith::ConstantOp::create(b, loc, cast<TypedAttr>(attr));
}

Value FixedPoint::i32(int64_t v) {
  return constant(b.getI32Type(), static_cast<int32_t>(v));
}

Value FixedPoint::add(Value x, Value y) {
  return arith::AddIOp::create(b, loc, x, y);
}

Value FixedPoint::sub(Value x, Value y) {
  return arith::SubIOp::create(b, loc, x, y);
}

Value FixedPoint::mul(Value x, Value y) {
  return arith::MulIOp::create(b, loc, x, y);
}

Value FixedPoint::i64(int64_t v) { return constant(b.getI64Type(), v); }

Value FixedPoint::srdhmInstruction(Value a, Value m) {
  auto call = [&](StringRef name, ValueRange operands) {
    return LLVM::CallIntrinsicOp::create(b, loc, a.getType(),
                                         b.getStringAttr(name), operands)
        .getResult(0);
  };
  // Both compute sat((2 a m + 2^31) >> 32), which is TFLite's
  // (a m + nudge) / 2^31 with its truncation (for a negative product,
  // ceil((p + 1 - 2^30) / 2^31) = floor((p + 2^30) / 2^31)) and its
  // INT32_MIN * INT32_MIN -> INT32_MAX.
  if (highMultiply == HighMultiply::hvx && lanes == 32) {
    // vmpye: a times m's low unsigned halfwords, >> 16; vmpyo then adds a
    // times m's high signed halfwords, doubles, rounds and saturates.
    Value even = call("llvm.hexagon.V6.vmpyewuh.128B", {a, m});
    return call("llvm.hexagon.V6.vmpyowh.rnd.sacc.128B", {even, a, m});
  }
  if (highMultiply == HighMultiply::neon && lanes == 4)
    return call("llvm.aarch64.neon.sqrdmulh.v4i32", {a, m});
  return {};
}

Value FixedPoint::srdhmEvenOdd(Value a, Value m) {
  // Each i64 lane holds an even i32 lane in its low half and the next odd
  // one in its high half. The even products come from the low halves
  // sign-extended in place, the odd ones from the high halves shifted down
  // (both vpmuldq). floor((p + 2^30) / 2^31) (srdhm below) is bits 31..62
  // of p + 2^30: for an even lane shifted right by 31 into the low half,
  // for an odd lane left by 1 into the high half; a shuffle takes each.
  auto wide = VectorType::get({lanes / 2}, b.getI64Type());
  auto narrow = VectorType::get({lanes}, b.getI32Type());
  auto splat = [&](int64_t v) {
    return arith::ConstantOp::create(
        b, loc, SplatElementsAttr::get(wide, b.getI64IntegerAttr(v)));
  };
  auto low = [&](Value x) {
    return arith::ShRSIOp::create(
        b, loc, arith::ShLIOp::create(b, loc, x, splat(32)), splat(32));
  };
  auto high = [&](Value x) {
    return arith::ShRSIOp::create(b, loc, x, splat(32));
  };
  Value a2 = vector::BitCastOp::create(b, loc, wide, a);
  Value m2 = vector::BitCastOp::create(b, loc, wide, m);
  Value rounding = splat(1LL << 30);
  Value even = arith::ShRUIOp::create(
      b, loc,
      arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, low(a2), low(m2)), rounding),
      splat(31));
  Value odd = arith::ShLIOp::create(
      b, loc,
      arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, high(a2), high(m2)), rounding),
      splat(1));
  SmallVector<int64_t> pick;
  for (int64_t i = 0; i < lanes; ++i)
    pick.push_back(i % 2 ? lanes + i : i);
  return vector::ShuffleOp::create(
      b, loc, vector::BitCastOp::create(b, loc, narrow, even),
      vector::BitCastOp::create(b, loc, narrow, odd), pick);
}

Value FixedPoint::srdhm(Value a, Value m, bool saturate) {
  if (Value r = srdhmInstruction(a, m))
    return r;
  if (highMultiply == HighMultiply::evenOdd && lanes >= 2 && lanes % 2 == 0) {
    Value result = srdhmEvenOdd(a, m);
    if (!saturate)
      return result;
    Value both = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, a,
                              i32(kInt32Min)),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, m,
                              i32(kInt32Min)));
    return arith::SelectOp::create(b, loc, both, i32(kInt32Max), result);
  }
  Type i64Type = typeOf(b.getI64Type());
  Value wide =
      arith::MulIOp::create(b, loc, arith::ExtSIOp::create(b, loc, i64Type, a),
                            arith::ExtSIOp::create(b, loc, i64Type, m));
  Value quotient;
  if (highMultiply == HighMultiply::genericDivision) {
    Value nonNegative =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, wide, i64(0));
    Value nudge = arith::SelectOp::create(b, loc, nonNegative, i64(1LL << 30),
                                          i64(1 - (1LL << 30)));
    // C++ division truncates toward zero, as arith.divsi.
    quotient = arith::DivSIOp::create(
        b, loc, arith::AddIOp::create(b, loc, wide, nudge), i64(1LL << 31));
  } else {
    // TFLite's (p + nudge) / 2^31, truncating, with nudge 2^30 for p >= 0
    // and 1 - 2^30 below: for p < 0 that is ceil((p + 1 - 2^30) / 2^31) =
    // floor((p + 2^30) / 2^31), so one rounding add and a shift give the
    // same integer for every p (|p| <= 2^62: no overflow; the low 32 bits
    // of a logical and an arithmetic shift by 31 agree), without the select
    // and the division's sign correction.
    quotient = arith::ShRUIOp::create(
        b, loc, arith::AddIOp::create(b, loc, wide, i64(1LL << 30)), i64(31));
  }
  Value result =
      arith::TruncIOp::create(b, loc, typeOf(b.getI32Type()), quotient);
  if (!saturate)
    return result;
  Value aMin = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, a,
                                     i32(kInt32Min));
  Value mMin = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, m,
                                     i32(kInt32Min));
  Value both = arith::AndIOp::create(b, loc, aMin, mMin);
  return arith::SelectOp::create(b, loc, both, i32(kInt32Max), result);
}

Value FixedPoint::rdbpot(Value x, Value exponent) {
  Type i32Type = typeOf(b.getI32Type());
  Value mask = arith::SubIOp::create(
      b, loc, arith::ShLIOp::create(b, loc, i32(1), exponent), i32(1));
  Value remainder = arith::AndIOp::create(b, loc, x, mask);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, i32(0));
  Value threshold = arith::AddIOp::create(
      b, loc, arith::ShRSIOp::create(b, loc, mask, i32(1)),
      arith::ExtUIOp::create(b, loc, i32Type, negative));
  Value roundUp = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                        remainder, threshold);
  return arith::AddIOp::create(
      b, loc, arith::ShRSIOp::create(b, loc, x, exponent),
      arith::ExtUIOp::create(b, loc, i32Type, roundUp));
}

Value FixedPoint::mbqm(Value x, const MultiplierValues &mult) {
  // x << left wraps as TFLite's uint32 shift.
  Value shifted = arith::ShLIOp::create(b, loc, x, mult.left);
  return rdbpot(srdhm(shifted, mult.m, /*saturate=*/false), mult.right);
}

Value FixedPoint::saturatingShiftLeft(Value x, int exponent) {
  int64_t threshold = (1LL << (31 - exponent)) - 1;
  Value shifted = arith::ShLIOp::create(b, loc, x, i32(exponent));
  Value above = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x,
                                      i32(threshold));
  Value below = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x,
                                      i32(-threshold));
  Value r = arith::SelectOp::create(b, loc, below, i32(kInt32Min), shifted);
  return arith::SelectOp::create(b, loc, above, i32(kInt32Max), r);
}

Value FixedPoint::oneOverOnePlusX(Value a) {
  Value sum = arith::AddIOp::create(
      b, loc, arith::ExtSIOp::create(b, loc, typeOf(b.getI64Type()), a),
      i64(kInt32Max));
  Value nonNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, sum, i64(0));
  Value sign = arith::SelectOp::create(b, loc, nonNegative, i64(1), i64(-1));
  Value half = arith::TruncIOp::create(
      b, loc, typeOf(b.getI32Type()),
      arith::DivSIOp::create(b, loc, arith::AddIOp::create(b, loc, sum, sign),
                             i64(2)));
  constexpr int64_t k48Over17 = 1515870810;
  constexpr int64_t kNeg32Over17 = -1010580540;
  Value x =
      arith::AddIOp::create(b, loc, i32(k48Over17),
                            srdhm(half, i32(kNeg32Over17), /*saturate=*/false));
  for (int i = 0; i < 3; ++i) {
    Value oneMinus =
        arith::SubIOp::create(b, loc, i32(1 << 29), srdhm(half, x));
    x = arith::AddIOp::create(b, loc, x,
                              saturatingShiftLeft(srdhm(x, oneMinus), 2));
  }
  return saturatingShiftLeft(x, 1);
}

Value FixedPoint::countLeadingZeros(Value x) {
  Value n = i32(0);
  for (int bits : {16, 8, 4, 2, 1}) {
    Value top = arith::ShRUIOp::create(b, loc, x, i32(32 - bits));
    Value zero =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, top, i32(0));
    n = arith::SelectOp::create(b, loc, zero, add(n, i32(bits)), n);
    x = arith::SelectOp::create(b, loc, zero,
                                arith::ShLIOp::create(b, loc, x, i32(bits)), x);
  }
  return n;
}

Value FixedPoint::clamp(Value x, int32_t lo, int32_t hi) {
  Value r = x;
  if (lo > kInt32Min)
    r = arith::MaxSIOp::create(b, loc, r, i32(lo));
  if (hi < kInt32Max)
    r = arith::MinSIOp::create(b, loc, r, i32(hi));
  return r;
}

Value FixedPoint::requantize(Value acc, const MultiplierValues &mult,
                             int32_t zOut, int32_t lo, int32_t hi) {
  return toI8(clamp(add(mbqm(acc, mult), i32(zOut)), lo, hi));
}

Value FixedPoint::toI8(Value x) {
  return arith::TruncIOp::create(b, loc, typeOf(b.getI8Type()), x);
}

Value FixedPoint::toI32(Value x) {
  return arith::ExtSIOp::create(b, loc, typeOf(b.getI32Type()), x);
}

} // namespace mnv4::conversion
