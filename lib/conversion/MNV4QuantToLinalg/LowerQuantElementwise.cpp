//===- LowerQuantElementwise.cpp - the other int8 ops ---------------------===//
//
// QUANTIZE, DEQUANTIZE, ADD, MUL, MEAN, AVERAGE_POOL_2D, the table
// activations and the layout ops, each computing what its kernel in
// lib/interp/int8/Int8Kernels.cpp computes.
//
//===----------------------------------------------------------------------===//

#include "QuantPatterns.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"

using namespace mlir;

namespace mnv4::conversion {
namespace {

MultiplierValues constantMultiplier(FixedPoint &fp, tflite::Multiplier m) {
  return {fp.i32(m.m), fp.i32(std::max(m.shift, 0)),
          fp.i32(std::max(-m.shift, 0))};
}

Value lowerQConst(QConstOp op, QConstOp::Adaptor, IntegerLinalg &b,
                  const QuantLoweringOptions &) {
  return arith::ConstantOp::create(b.builder(), b.location(),
                                   cast<TypedAttr>(op.getValue()));
}

Value lowerQuantize(QuantizeOp op, QuantizeOp::Adaptor a, IntegerLinalg &b,
                    const QuantLoweringOptions &) {
  QuantParams out = paramsOf(op.getOutput());
  Type i8 = b.builder().getI8Type();
  if (isa<quant::UniformQuantizedType>(
          cast<ShapedType>(op.getInput().getType()).getElementType())) {
    // int8 -> int8: requantization.
    FailureOr<std::vector<tflite::Multiplier>> m =
        quantizedMultipliers(op.getOperation());
    if (failed(m))
      return {};
    int32_t zIn = paramsOf(op.getInput()).zeroPoint;
    return b.map(
        a.getInput(), i8,
        [&](FixedPoint &fp, ValueRange v) {
          Value x = fp.sub(fp.toI32(v[0]), fp.i32(zIn));
          Value y = fp.add(fp.mbqm(x, constantMultiplier(fp, (*m)[0])),
                           fp.i32(out.zeroPoint));
          return fp.toI8(fp.clamp(y, -128, 127));
        },
        "map");
  }
  // f32 -> int8: round(x / s) + z in float32, clamped; NaN reads as z.
  return b.map(
      a.getInput(), i8,
      [&](FixedPoint &fp, ValueRange v) {
        OpBuilder &nb = fp.builder();
        Location loc = fp.location();
        auto f = [&](double c) {
          return arith::ConstantOp::create(nb, loc, nb.getF32FloatAttr(c))
              .getResult();
        };
        Value y = arith::DivFOp::create(nb, loc, v[0], f(out.scale));
        // round half away from zero: trunc(y + copysign(0.5 - 2^-25, y)),
        // LLVM's own expansion of llvm.round, exact for every float.
        Value negative =
            arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::OLT, y, f(0));
        Value half = arith::SelectOp::create(nb, loc, negative, f(-0.49999997f),
                                             f(0.49999997f));
        Value r = arith::AddFOp::create(nb, loc, y, half);
        // Beyond +-1000 the result clamps anyway; fptosi then truncates.
        r = arith::MinimumFOp::create(
            nb, loc, arith::MaximumFOp::create(nb, loc, r, f(-1000)), f(1000));
        Value q = arith::FPToSIOp::create(nb, loc, nb.getI32Type(), r);
        q = fp.clamp(fp.add(q, fp.i32(out.zeroPoint)), -128, 127);
        Value isNan = arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::UNO,
                                            v[0], v[0]);
        q = arith::SelectOp::create(nb, loc, isNan, fp.i32(out.zeroPoint), q);
        return fp.toI8(q);
      },
      "map");
}

Value lowerDequantize(DequantizeOp op, DequantizeOp::Adaptor a,
                      IntegerLinalg &b, const QuantLoweringOptions &) {
  QuantParams in = paramsOf(op.getInput());
  return b.map(
      a.getInput(), b.builder().getF32Type(),
      [&](FixedPoint &fp, ValueRange v) -> Value {
        OpBuilder &nb = fp.builder();
        Location loc = fp.location();
        // The reference's (float)(double(s) * (q - z)) in float32: s has
        // 24 significant bits and |q - z| <= 255 (8 bits), so the double
        // product is exact and its one rounding to float is the float32
        // product's (overflow and subnormals included). No double arithmetic,
        // which Hexagon before v67 would call __hexagon_muldf3 for.
        Value d = fp.sub(fp.toI32(v[0]), fp.i32(in.zeroPoint));
        Value f = arith::SIToFPOp::create(nb, loc, nb.getF32Type(), d);
        Value s =
            arith::ConstantOp::create(nb, loc, nb.getF32FloatAttr(in.scale));
        return arith::MulFOp::create(nb, loc, f, s);
      },
      "map");
}

/// The multipliers and parameters of a binary int8 op (ADD, MUL); nullopt
/// after an error on the op.
struct BinaryQuant {
  std::vector<tflite::Multiplier> m;
  QuantParams l, r, out;
};
template <typename OpTy> std::optional<BinaryQuant> binaryQuantOf(OpTy op) {
  FailureOr<std::vector<tflite::Multiplier>> m =
      quantizedMultipliers(op.getOperation());
  if (failed(m))
    return std::nullopt;
  return BinaryQuant{std::move(*m), paramsOf(op.getLhs()),
                     paramsOf(op.getRhs()), paramsOf(op.getOutput())};
}

Value lowerAdd(QAddOp op, QAddOp::Adaptor a, IntegerLinalg &b,
               const QuantLoweringOptions &) {
  std::optional<BinaryQuant> q = binaryQuantOf(op);
  if (!q)
    return {};
  const std::vector<tflite::Multiplier> *m = &q->m;
  QuantParams l = q->l, r = q->r, out = q->out;
  tflite::ClampRange range = tflite::activationRange(
      static_cast<int>(op.getAct()), out.scale, out.zeroPoint);
  return b.map(
      {a.getLhs(), a.getRhs()}, b.builder().getI8Type(),
      [&](FixedPoint &fp, ValueRange v) {
        auto shifted = [&](Value x, int32_t z) {
          // (x - z) << 20: TFLite's left shift of 20.
          return fp.mul(fp.sub(fp.toI32(x), fp.i32(z)), fp.i32(1 << 20));
        };
        Value sum = fp.add(fp.mbqm(shifted(v[0], l.zeroPoint),
                                   constantMultiplier(fp, (*m)[0])),
                           fp.mbqm(shifted(v[1], r.zeroPoint),
                                   constantMultiplier(fp, (*m)[1])));
        Value y = fp.add(fp.mbqm(sum, constantMultiplier(fp, (*m)[2])),
                         fp.i32(out.zeroPoint));
        return fp.toI8(fp.clamp(y, range.lo, range.hi));
      },
      "add");
}

Value lowerMul(QMulOp op, QMulOp::Adaptor a, IntegerLinalg &b,
               const QuantLoweringOptions &) {
  std::optional<BinaryQuant> q = binaryQuantOf(op);
  if (!q)
    return {};
  const std::vector<tflite::Multiplier> *m = &q->m;
  QuantParams l = q->l, r = q->r, out = q->out;
  return b.map(
      {a.getLhs(), a.getRhs()}, b.builder().getI8Type(),
      [&](FixedPoint &fp, ValueRange v) {
        Value p = fp.mul(fp.sub(fp.toI32(v[0]), fp.i32(l.zeroPoint)),
                         fp.sub(fp.toI32(v[1]), fp.i32(r.zeroPoint)));
        Value y = fp.add(fp.i32(out.zeroPoint),
                         fp.mbqm(p, constantMultiplier(fp, (*m)[0])));
        return fp.toI8(fp.clamp(y, -128, 127));
      },
      "mul");
}

Value lowerMean(QMeanOp op, QMeanOp::Adaptor a, IntegerLinalg &b,
                const QuantLoweringOptions &) {
  FailureOr<std::vector<tflite::Multiplier>> mults =
      quantizedMultipliers(op.getOperation());
  if (failed(mults))
    return {};
  OpBuilder &ob = b.builder();
  MLIRContext *ctx = ob.getContext();
  ArrayRef<int64_t> s = shapeOfValue(a.getInput());
  QuantParams in = paramsOf(op.getInput()), out = paramsOf(op.getOutput());
  // TFLite >= 2.13 QuantizedMeanOrSum: the multiplier scaled by 2^shift /
  // count at compile time.
  tflite::Multiplier m = (*mults)[0];
  int64_t count = s[1] * s[2];
  int shift = 63 - __builtin_clzll(static_cast<uint64_t>(count));
  shift = std::min(shift, 32);
  shift = std::min(shift, 31 + m.shift);
  tflite::Multiplier scaled{
      static_cast<int32_t>((static_cast<int64_t>(m.m) << shift) / count),
      m.shift - shift};
  Value init = b.fill({s[0], s[3]}, ob.getI32Type(), 0);
  AffineExpr n, c, h, w;
  bindDims(ctx, n, c, h, w);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {n, h, w, c}, ctx),
                                 AffineMap::get(4, 0, {n, c}, ctx)};
  SmallVector<utils::IteratorType> iters(2, utils::IteratorType::parallel);
  iters.append(2, utils::IteratorType::reduction);
  auto sum = linalg::GenericOp::create(
      ob, b.location(), TypeRange{init.getType()}, ValueRange{a.getInput()},
      ValueRange{init}, maps, iters,
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        FixedPoint fp(nb, nloc);
        linalg::YieldOp::create(nb, nloc, fp.add(fp.toI32(args[0]), args[1]));
      });
  sum->setAttr("mnv4.kernel", ob.getStringAttr("pool"));
  Value mean = b.map(
      sum.getResult(0), ob.getI8Type(),
      [&](FixedPoint &fp, ValueRange v) {
        Value x =
            fp.sub(v[0], fp.i32(static_cast<int32_t>(
                             static_cast<int64_t>(in.zeroPoint) * count)));
        Value y = fp.add(fp.mbqm(x, constantMultiplier(fp, scaled)),
                         fp.i32(out.zeroPoint));
        return fp.toI8(fp.clamp(y, -128, 127));
      },
      "map");
  return b.reshape(mean, shapeOfValue(op.getOutput()));
}

Value lowerAvgPool(QAvgPool2DOp op, QAvgPool2DOp::Adaptor a, IntegerLinalg &b,
                   const QuantLoweringOptions &) {
  OpBuilder &ob = b.builder();
  int64_t k = op.getKernel(), stride = op.getStride();
  Value init = b.fill(shapeOfValue(op.getOutput()), ob.getI32Type(), 0);
  Value window = b.empty({k, k}, ob.getI32Type());
  auto sum = linalg::PoolingNhwcSumOp::create(
      ob, b.location(), TypeRange{init.getType()},
      ValueRange{a.getInput(), window}, ValueRange{init},
      ob.getI64TensorAttr({stride, stride}), ob.getI64TensorAttr({1, 1}));
  sum->setAttr("mnv4.kernel", ob.getStringAttr("pool"));
  int32_t count = static_cast<int32_t>(k * k);
  return b.map(
      sum.getResult(0), ob.getI8Type(),
      [&](FixedPoint &fp, ValueRange v) -> Value {
        OpBuilder &nb = fp.builder();
        Location loc = fp.location();
        // Rounding half away from zero: (acc +- count/2) / count.
        Value positive = arith::CmpIOp::create(
            nb, loc, arith::CmpIPredicate::sgt, v[0], fp.i32(0));
        Value nudged = arith::SelectOp::create(nb, loc, positive,
                                               fp.add(v[0], fp.i32(count / 2)),
                                               fp.sub(v[0], fp.i32(count / 2)));
        Value avg = arith::DivSIOp::create(nb, loc, nudged, fp.i32(count));
        return fp.toI8(fp.clamp(avg, -128, 127));
      },
      "map");
}

Value lowerLut(QLutOp op, QLutOp::Adaptor a, IntegerLinalg &b,
               const QuantLoweringOptions &) {
  QuantParams in = paramsOf(op.getInput()), out = paramsOf(op.getOutput());
  std::array<int8_t, 256> table = tflite::populateLut(
      op.getKind() == QLut::gelu ? tflite::LutFunction::gelu
                                 : tflite::LutFunction::logistic,
      in.scale, in.zeroPoint, out.scale, out.zeroPoint);
  Value lut = b.constant({256}, ArrayRef<int8_t>(table), "qlut");
  return b.map(
      a.getInput(), b.builder().getI8Type(),
      [&](FixedPoint &fp, ValueRange v) -> Value {
        OpBuilder &nb = fp.builder();
        Location loc = fp.location();
        Value index = arith::IndexCastOp::create(
            nb, loc, nb.getIndexType(), fp.add(fp.toI32(v[0]), fp.i32(128)));
        return tensor::ExtractOp::create(nb, loc, lut, ValueRange{index});
      },
      "map");
}

Value lowerReshape(QReshapeOp op, QReshapeOp::Adaptor a, IntegerLinalg &b,
                   const QuantLoweringOptions &) {
  return b.reshape(a.getInput(), shapeOfValue(op.getOutput()));
}

Value lowerTranspose(QTransposeOp op, QTransposeOp::Adaptor a, IntegerLinalg &b,
                     const QuantLoweringOptions &) {
  return b.transpose(a.getInput(), op.getPerm());
}

} // namespace

void populateQuantElementwiseLowerings(const TypeConverter &converter,
                                       RewritePatternSet &patterns,
                                       const QuantLoweringOptions &options) {
  addQuantLowering<QConstOp>(converter, patterns, options, lowerQConst);
  addQuantLowering<QuantizeOp>(converter, patterns, options, lowerQuantize);
  addQuantLowering<DequantizeOp>(converter, patterns, options, lowerDequantize);
  addQuantLowering<QAddOp>(converter, patterns, options, lowerAdd);
  addQuantLowering<QMulOp>(converter, patterns, options, lowerMul);
  addQuantLowering<QMeanOp>(converter, patterns, options, lowerMean);
  addQuantLowering<QAvgPool2DOp>(converter, patterns, options, lowerAvgPool);
  addQuantLowering<QLutOp>(converter, patterns, options, lowerLut);
  addQuantLowering<QReshapeOp>(converter, patterns, options, lowerReshape);
  addQuantLowering<QTransposeOp>(converter, patterns, options, lowerTranspose);
}

} // namespace mnv4::conversion
