//===- HighMultiplyToInstruction.cpp - srdhm on the target's i32 lanes ----===//
//
// The integer lowering's linalg bodies compute TFLite's
// SaturatingRoundingDoublingHighMul on i64 (FixedPoint::srdhm), which the
// vectorizer turns into arithmetic on i64 lanes. HVX has no i64 lanes: LLVM
// scalarizes that code, lane by lane through the scalar core. This pass puts
// the vectorized expression on HVX's rounding doubling high multiply, the
// instruction pair the vrmpy tiles use (FixedPoint with 32 lanes), which
// works on i32 lanes.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "lib/conversion/MNV4QuantToLinalg/FixedPoint.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_HIGHMULTIPLYTOINSTRUCTION
#include "passes/Passes.h.inc"

namespace {

constexpr int64_t kHvxLanes = 32;

bool isSplat(Value v, int64_t expected) {
  APInt value;
  return matchPattern(v, m_ConstantInt(&value)) &&
         value.getSExtValue() == expected;
}

/// `v` is an i32 value sign-extended to i64: an arith.extsi from i32, a
/// constant whose elements fit in i32 (a folded extsi), or a broadcast of
/// one of these or an extract from one.
bool isExtended(Value v) {
  if (auto ext = v.getDefiningOp<arith::ExtSIOp>())
    return getElementTypeOrSelf(ext.getIn()).isInteger(32);
  if (auto broadcast = v.getDefiningOp<vector::BroadcastOp>())
    return isExtended(broadcast.getSource());
  if (auto extract = v.getDefiningOp<vector::ExtractOp>())
    return isa<VectorType>(extract.getType()) &&
           extract.getDynamicPosition().empty() &&
           isExtended(extract.getSource());
  DenseIntElementsAttr values;
  return matchPattern(v, m_Constant(&values)) &&
         llvm::all_of(values.getValues<APInt>(),
                      [](const APInt &x) { return x.isSignedIntN(32); });
}

/// The i32 value of an `isExtended` one.
Value narrow(PatternRewriter &rewriter, Value v) {
  Type i32 = rewriter.getI32Type();
  if (auto ext = v.getDefiningOp<arith::ExtSIOp>())
    return ext.getIn();
  if (auto broadcast = v.getDefiningOp<vector::BroadcastOp>())
    return vector::BroadcastOp::create(
        rewriter, v.getLoc(), cast<VectorType>(broadcast.getType()).clone(i32),
        narrow(rewriter, broadcast.getSource()));
  if (auto extract = v.getDefiningOp<vector::ExtractOp>())
    return vector::ExtractOp::create(rewriter, v.getLoc(),
                                     narrow(rewriter, extract.getSource()),
                                     extract.getStaticPosition());
  DenseIntElementsAttr values;
  matchPattern(v, m_Constant(&values));
  return arith::ConstantOp::create(
      rewriter, v.getLoc(),
      cast<TypedAttr>(
          values.mapValues(i32, [](const APInt &x) { return x.trunc(32); })));
}

/// The i64 operands extsi(a), extsi(m) of `trunci((p + select(p >= 0, 2^30, 1 -
/// 2^30)) / 2^31)` with p = extsi(a) * extsi(m), FixedPoint::srdhm's i64 form.
std::optional<std::pair<Value, Value>> matchSrdhm(arith::TruncIOp trunc) {
  auto div = trunc.getIn().getDefiningOp<arith::DivSIOp>();
  if (!div || !isSplat(div.getRhs(), 1LL << 31))
    return std::nullopt;
  auto sum = div.getLhs().getDefiningOp<arith::AddIOp>();
  if (!sum)
    return std::nullopt;
  for (auto [product, nudge] : {std::pair(sum.getLhs(), sum.getRhs()),
                                std::pair(sum.getRhs(), sum.getLhs())}) {
    auto mul = product.getDefiningOp<arith::MulIOp>();
    auto select = nudge.getDefiningOp<arith::SelectOp>();
    if (!mul || !select || !isSplat(select.getTrueValue(), 1LL << 30) ||
        !isSplat(select.getFalseValue(), 1 - (1LL << 30)))
      continue;
    auto sign = select.getCondition().getDefiningOp<arith::CmpIOp>();
    if (!sign || sign.getPredicate() != arith::CmpIPredicate::sge ||
        sign.getLhs() != product || !isSplat(sign.getRhs(), 0))
      continue;
    if (isExtended(mul.getLhs()) && isExtended(mul.getRhs()))
      return std::pair(mul.getLhs(), mul.getRhs());
  }
  return std::nullopt;
}

/// srdhm on FixedPoint's HVX instruction pair, of 1-D i32 vectors a and m:
/// their lanes in 32-lane pieces, a shorter last piece padded with copies of
/// its first lane (the extra lanes dropped after).
Value srdhmOnPieces(PatternRewriter &rewriter, Location loc, Value a, Value m) {
  auto type = cast<VectorType>(a.getType());
  int64_t lanes = type.getNumElements();
  conversion::FixedPoint hvx(rewriter, loc, kHvxLanes,
                             conversion::HighMultiply::hvx);
  Value result = arith::ConstantOp::create(
      rewriter, loc,
      SplatElementsAttr::get(type, rewriter.getI32IntegerAttr(0)));
  for (int64_t offset = 0; offset < lanes; offset += kHvxLanes) {
    int64_t size = std::min(kHvxLanes, lanes - offset);
    SmallVector<int64_t> widen(kHvxLanes, 0), shrink;
    for (int64_t i = 0; i < size; ++i)
      widen[i] = i, shrink.push_back(i);
    auto piece = [&](Value v) -> Value {
      if (size != lanes)
        v = vector::ExtractStridedSliceOp::create(
            rewriter, loc, v, ArrayRef<int64_t>{offset},
            ArrayRef<int64_t>{size}, ArrayRef<int64_t>{1});
      if (size != kHvxLanes)
        v = vector::ShuffleOp::create(rewriter, loc, v, v, widen);
      return v;
    };
    Value r = hvx.srdhm(piece(a), piece(m), /*saturate=*/false);
    if (size != kHvxLanes)
      r = vector::ShuffleOp::create(rewriter, loc, r, r, shrink);
    result = size == lanes
                 ? r
                 : vector::InsertStridedSliceOp::create(
                       rewriter, loc, r, result, ArrayRef<int64_t>{offset},
                       ArrayRef<int64_t>{1});
  }
  return result;
}

/// srdhm of i32 vectors a and m of any shape: 1-D ones in pieces, others
/// row by row of their leading dimension. (LLVM keeps an n-D vector as its
/// 1-D rows; flattened, conv_small_035's 7 x 8 tiles were assembled lane by
/// lane.)
Value srdhmOnRows(PatternRewriter &rewriter, Location loc, Value a, Value m) {
  auto type = cast<VectorType>(a.getType());
  if (type.getRank() == 1)
    return srdhmOnPieces(rewriter, loc, a, m);
  Value result = arith::ConstantOp::create(
      rewriter, loc,
      SplatElementsAttr::get(type, rewriter.getI32IntegerAttr(0)));
  for (int64_t row = 0; row < type.getDimSize(0); ++row) {
    auto rowOf = [&](Value v) -> Value {
      return vector::ExtractOp::create(rewriter, loc, v,
                                       ArrayRef<int64_t>{row});
    };
    result = vector::InsertOp::create(
        rewriter, loc, srdhmOnRows(rewriter, loc, rowOf(a), rowOf(m)), result,
        ArrayRef<int64_t>{row});
  }
  return result;
}

/// The i64 srdhm on a vector -> srdhmOnRows, and the i64 expression's
/// value where a = m = INT32_MIN.
struct SrdhmToHvx : OpRewritePattern<arith::TruncIOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::TruncIOp trunc,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<VectorType>(trunc.getType());
    if (!type || type.isScalable() || !type.getElementType().isInteger(32))
      return failure();
    std::optional<std::pair<Value, Value>> operands = matchSrdhm(trunc);
    if (!operands)
      return failure();
    Value a = narrow(rewriter, operands->first);
    Value m = narrow(rewriter, operands->second);
    Location loc = trunc.getLoc();
    Value result = srdhmOnRows(rewriter, loc, a, m);
    // INT32_MIN * INT32_MIN: the instruction saturates to INT32_MAX, the
    // i64 expression truncates 2^31 to INT32_MIN.
    Value min = arith::ConstantOp::create(
        rewriter, loc,
        SplatElementsAttr::get(type, rewriter.getI32IntegerAttr(
                                         std::numeric_limits<int32_t>::min())));
    // One compare, (a ^ MIN) | (m ^ MIN) == 0: with the and of two compares
    // (a == MIN, m == MIN), conv_small_035 at 32x32 was not bit-exact on
    // v68 (in its 3x16 tiles; docs/hexagon.md section 6).
    auto offMin = [&](Value v) {
      return arith::XOrIOp::create(rewriter, loc, v, min);
    };
    Value both = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::eq,
        arith::OrIOp::create(rewriter, loc, offMin(a), offMin(m)),
        arith::ConstantOp::create(
            rewriter, loc,
            SplatElementsAttr::get(type, rewriter.getI32IntegerAttr(0))));
    rewriter.replaceOpWithNewOp<arith::SelectOp>(trunc, both, min, result);
    return success();
  }
};

struct HighMultiplyToInstructionPass
    : public impl::HighMultiplyToInstructionBase<
          HighMultiplyToInstructionPass> {
  using HighMultiplyToInstructionBase::HighMultiplyToInstructionBase;

  void runOnOperation() override {
    if (instruction == "none")
      return;
    if (instruction != "hvx") {
      emitError(getOperation()->getLoc())
          << "mnv4-high-multiply-to-instruction: unknown instruction '"
          << instruction << "' (none or hvx)";
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<SrdhmToHvx>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace mnv4
