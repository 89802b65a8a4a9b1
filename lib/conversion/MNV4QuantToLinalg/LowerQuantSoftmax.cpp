//===- LowerQuantSoftmax.cpp - int8 SOFTMAX, TFLite's fixed point ---------===//
//
// TFLite's int8 SOFTMAX (beta 1) over the last axis. The difference to the
// row's maximum is one of 256 integers, so gemmlowp's exp of every possible
// difference (Q5.26 in, Q0.31 out) and its Q12.19 summand are two tables
// computed at compile time with the reference's own functions; per row the
// sum's reciprocal (gemmlowp's one_over_one_plus_x, Newton steps in Q2.29)
// is computed at run time in the same integer steps.
//
//===----------------------------------------------------------------------===//

#include "QuantPatterns.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;

namespace mnv4::conversion {
namespace {

constexpr int kScaledDiffIntegerBits = 5;
constexpr int kAccumulationIntegerBits = 12;

/// exp(diff) and its summand for every diff = x - max in [-255, 0], indexed
/// by -diff; differences below diffMin contribute 0 and give -128.
struct ExpTables {
  std::vector<int32_t> exp, summand;
  int32_t minusDiffMin; // -diff > this: below diffMin
};

ExpTables expTables(tflite::Multiplier beta) {
  int leftShift = beta.shift;
  int32_t diffMin = -static_cast<int32_t>(
      std::floor(1.0 * ((1 << kScaledDiffIntegerBits) - 1) *
                 static_cast<double>(1LL << (31 - kScaledDiffIntegerBits)) /
                 static_cast<double>(1LL << leftShift)));
  ExpTables t;
  t.minusDiffMin = -diffMin;
  for (int32_t d = 0; d <= 255; ++d) {
    int32_t diff = -d;
    int32_t scaled = tflite::srdhm(
        static_cast<int32_t>(static_cast<uint32_t>(diff) << leftShift), beta.m);
    int32_t e = tflite::expOnNegativeValues(scaled);
    bool inRange = diff >= diffMin;
    t.exp.push_back(inRange ? e : 0);
    t.summand.push_back(inRange ? tflite::rdbpot(e, kAccumulationIntegerBits)
                                : 0);
  }
  return t;
}

} // namespace

Value softmaxLastAxis(IntegerLinalg &b, Value x, tflite::Multiplier beta) {
  ExpTables tables = expTables(beta);
  OpBuilder &ob = b.builder();
  Location loc = b.location();
  ArrayRef<int64_t> s = shapeOfValue(x);
  unsigned rank = s.size();
  SmallVector<int64_t> rowShape(s.drop_back());
  AffineMap id = ob.getMultiDimIdentityMap(rank);
  AffineMap row = id.dropResult(rank - 1);
  SmallVector<utils::IteratorType> reduceIters(rank - 1,
                                               utils::IteratorType::parallel);
  reduceIters.push_back(utils::IteratorType::reduction);
  Type i32 = ob.getI32Type();
  Value expTable = b.constant({256}, ArrayRef<int32_t>(tables.exp), "qexp");
  Value sumTable =
      b.constant({256}, ArrayRef<int32_t>(tables.summand), "qexp_summand");
  auto lookup = [](FixedPoint &fp, Value table, Value minusDiff) -> Value {
    Value index = arith::IndexCastOp::create(
        fp.builder(), fp.location(), fp.builder().getIndexType(), minusDiff);
    return tensor::ExtractOp::create(fp.builder(), fp.location(), table,
                                     ValueRange{index});
  };
  auto tagged = [&](linalg::GenericOp op) {
    op->setAttr("mnv4.kernel", ob.getStringAttr("softmax"));
    return op.getResult(0);
  };
  // The row maximum, then the sum of the summands (wrapping, as gemmlowp).
  Value max = tagged(linalg::GenericOp::create(
      ob, loc, TypeRange{RankedTensorType::get(rowShape, i32)}, ValueRange{x},
      ValueRange{b.fill(rowShape, i32, -128)}, SmallVector<AffineMap>{id, row},
      reduceIters, [](OpBuilder &nb, Location nloc, ValueRange args) {
        FixedPoint fp(nb, nloc);
        linalg::YieldOp::create(
            nb, nloc,
            arith::MaxSIOp::create(nb, nloc, fp.toI32(args[0]), args[1])
                .getResult());
      }));
  Value sum = tagged(linalg::GenericOp::create(
      ob, loc, TypeRange{RankedTensorType::get(rowShape, i32)},
      ValueRange{x, max}, ValueRange{b.fill(rowShape, i32, 0)},
      SmallVector<AffineMap>{id, row, row}, reduceIters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        FixedPoint fp(nb, nloc);
        Value minusDiff = fp.sub(args[1], fp.toI32(args[0]));
        linalg::YieldOp::create(
            nb, nloc, fp.add(args[2], lookup(fp, sumTable, minusDiff)));
      }));
  // Per row: the reciprocal of the sum and the exponent of the final
  // rounding shift, 31 - 8 + bits over unit (at most 31: rows up to 2^8
  // times 1.0 keep it exact, the zoo's have at most 144 keys).
  SmallVector<utils::IteratorType> rowIters(rank - 1,
                                            utils::IteratorType::parallel);
  AffineMap rowId = ob.getMultiDimIdentityMap(rank - 1);
  auto stats = linalg::GenericOp::create(
      ob, loc, TypeRange{sum.getType(), sum.getType()}, ValueRange{sum},
      ValueRange{b.empty(rowShape, i32), b.empty(rowShape, i32)},
      SmallVector<AffineMap>{rowId, rowId, rowId}, rowIters,
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        FixedPoint fp(nb, nloc);
        Value headroom = fp.countLeadingZeros(args[0]);
        Value shiftedSumMinusOne =
            fp.sub(arith::ShLIOp::create(nb, nloc, args[0], headroom),
                   fp.i32(1LL << 31));
        Value reciprocal = fp.oneOverOnePlusX(shiftedSumMinusOne);
        Value exponent =
            fp.sub(fp.i32(kAccumulationIntegerBits + 31 - 8), headroom);
        exponent = arith::MinSIOp::create(nb, nloc, exponent, fp.i32(31));
        linalg::YieldOp::create(nb, nloc, ValueRange{reciprocal, exponent});
      });
  stats->setAttr("mnv4.kernel", ob.getStringAttr("softmax"));
  Value reciprocal = stats.getResult(0), exponent = stats.getResult(1);
  int32_t minusDiffMin = tables.minusDiffMin;
  auto out = linalg::GenericOp::create(
      ob, loc, TypeRange{RankedTensorType::get(s, ob.getI8Type())},
      ValueRange{x, max, reciprocal, exponent},
      ValueRange{b.empty(s, ob.getI8Type())},
      SmallVector<AffineMap>{id, row, row, row, id},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        FixedPoint fp(nb, nloc);
        Value minusDiff = fp.sub(args[1], fp.toI32(args[0]));
        Value e = lookup(fp, expTable, minusDiff);
        Value v = fp.rdbpot(fp.srdhm(args[2], e), args[3]);
        Value y = fp.clamp(fp.sub(v, fp.i32(128)), -128, 127);
        Value below = arith::CmpIOp::create(nb, nloc, arith::CmpIPredicate::sgt,
                                            minusDiff, fp.i32(minusDiffMin));
        y = arith::SelectOp::create(nb, nloc, below, fp.i32(-128), y);
        linalg::YieldOp::create(nb, nloc, fp.toI8(y));
      });
  out->setAttr("mnv4.kernel", ob.getStringAttr("softmax"));
  return out.getResult(0);
}

namespace {

Value lowerSoftmax(QSoftmaxOp op, QSoftmaxOp::Adaptor a, IntegerLinalg &b,
                   const QuantLoweringOptions &) {
  FailureOr<std::vector<tflite::Multiplier>> beta =
      quantizedMultipliers(op.getOperation());
  if (failed(beta))
    return {};
  return softmaxLastAxis(b, a.getInput(), (*beta)[0]);
}

} // namespace

void populateQuantSoftmaxLowering(const TypeConverter &converter,
                                  RewritePatternSet &patterns,
                                  const QuantLoweringOptions &options) {
  addQuantLowering<QSoftmaxOp>(converter, patterns, options, lowerSoftmax);
}

} // namespace mnv4::conversion
