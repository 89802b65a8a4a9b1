//===- DotProductKernel.cpp - int8 1x1 convs on dot-product instructions --===//

#include "DotProductKernel.h"

#include "mnv4/Conversion/MNV4QuantToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace mnv4::conversion {

namespace {

/// Rows per tile: the table's, else 8, 6, 4, 2 or 1, whichever divides M.
int64_t rowTile(int64_t m, int64_t preferred) {
  for (int64_t t : {preferred, int64_t(8), int64_t(6), int64_t(4), int64_t(2)})
    if (t <= m && m % t == 0)
      return t;
  return 1;
}

Value index(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

Value read(OpBuilder &b, Location loc, VectorType type, Value source,
           ValueRange indices) {
  Type element = type.getElementType();
  Value pad = arith::ConstantOp::create(b, loc, b.getIntegerAttr(element, 0));
  return vector::TransferReadOp::create(b, loc, type, source, indices, pad,
                                        ArrayRef<bool>{true});
}

/// The activations of one dot-product step: `g` int8 values as one i32 (u8
/// offset by 128, or two sign-extended i16), splat to every lane.
Value activationGroup(OpBuilder &b, Location loc, const DotIsa &isa,
                      VectorType wType, Value xp, ValueRange indices) {
  Type i32 = b.getI32Type();
  Value xs =
      read(b, loc, VectorType::get({isa.group}, b.getI8Type()), xp, indices);
  if (isa.i16Operands)
    xs = arith::ExtSIOp::create(
        b, loc, VectorType::get({isa.group}, b.getI16Type()), xs);
  Value word = vector::ExtractOp::create(
      b, loc, vector::BitCastOp::create(b, loc, VectorType::get({1}, i32), xs),
      ArrayRef<int64_t>{0});
  Value splat = vector::BroadcastOp::create(
      b, loc, VectorType::get({isa.lanes}, i32), word);
  Value bytes = vector::BitCastOp::create(b, loc, wType, splat);
  if (!isa.unsignedActivations)
    return bytes;
  // x + 128 in each byte, on the splat bytes: a broadcast load and one
  // vector xor (a scalar xor before the splat costs a move from a general
  // register per step, which bounded the 16-channel tiles).
  return arith::XOrIOp::create(
      b, loc, bytes,
      arith::ConstantOp::create(
          b, loc,
          SplatElementsAttr::get(wType,
                                 b.getIntegerAttr(b.getI8Type(), -128))));
}

/// acc + the dot products of `a` and `w` per lane.
Value dot(OpBuilder &b, Location loc, const DotIsa &isa, Value acc, Value a,
          Value w) {
  StringAttr name = b.getStringAttr(isa.intrinsic);
  if (isa.wordOperands) {
    a = vector::BitCastOp::create(b, loc, acc.getType(), a);
    w = vector::BitCastOp::create(b, loc, acc.getType(), w);
  }
  if (isa.accumulates)
    return LLVM::CallIntrinsicOp::create(b, loc, acc.getType(), name,
                                         ValueRange{acc, a, w})
        .getResult(0);
  Value p = LLVM::CallIntrinsicOp::create(b, loc, acc.getType(), name,
                                          ValueRange{a, w})
                .getResult(0);
  return arith::AddIOp::create(b, loc, acc, p);
}

} // namespace

std::optional<DotIsa> dotIsaOf(DotProduct dot) {
  switch (dot) {
  case DotProduct::avx512vnni:
    return DotIsa{16,
                  4,
                  true,
                  false,
                  true,
                  false,
                  "llvm.x86.avx512.vpdpbusd.512",
                  HighMultiply::evenOdd};
  case DotProduct::avx2:
    return DotIsa{8,
                  2,
                  false,
                  true,
                  false,
                  false,
                  "llvm.x86.avx2.pmadd.wd",
                  HighMultiply::evenOdd};
  case DotProduct::sdot: // AArch64 dotprod: Vd.4s += sdot(Vn.16b, Vm.16b)
    return DotIsa{4,
                  4,
                  false,
                  false,
                  true,
                  false,
                  "llvm.aarch64.neon.sdot.v4i32.v16i8",
                  HighMultiply::neon};
  case DotProduct::vrmpy: // HVX: Vx.w += vrmpy(Vu.b, Vv.b), 128 bytes
    return DotIsa{32,
                  4,
                  false,
                  false,
                  true,
                  true,
                  "llvm.hexagon.V6.vrmpybv.acc.128B",
                  HighMultiply::hvx};
  case DotProduct::none:
    break;
  }
  return std::nullopt;
}

int64_t dotPanelWidth(const DotIsa &isa, int64_t co, int64_t panelWidth) {
  int64_t nr = 1;
  while (nr * 2 <= panelWidth && co % (nr * 2) == 0)
    nr *= 2;
  return nr < isa.lanes ? 0 : nr;
}

void DotPacking::append(const DotIsa &isa, ArrayRef<int8_t> ohwi, int64_t co,
                        int64_t taps, int64_t ci, int64_t nr) {
  int64_t g = isa.group, steps = (ci + g - 1) / g, perChannel = taps * ci;
  for (int64_t cb = 0; cb < co / nr; ++cb)
    for (int64_t t = 0; t < taps; ++t)
      for (int64_t k = 0; k < steps; ++k)
        for (int64_t j = 0; j < nr; ++j)
          for (int64_t e = 0; e < g; ++e) {
            int64_t c = k * g + e;
            int8_t v =
                c < ci ? ohwi[(cb * nr + j) * perChannel + t * ci + c] : 0;
            if (!isa.i16Operands)
              i8.push_back(v);
            else
              i16.push_back(v);
          }
}

Value DotPacking::constant(IntegerLinalg &b, const DotIsa &isa,
                           ArrayRef<int64_t> shape) const {
  return !isa.i16Operands ? b.constant(shape, i8, "qpacked_dot")
                          : b.constant(shape, i16, "qpacked_dot");
}

Value emitDotConv(IntegerLinalg &lin, const DotIsa &isa, const DotConv &c,
                  ArrayRef<int64_t> outShape, int64_t rows) {
  int64_t n = outShape[0], oh = outShape[1], ow = outShape[2];
  int64_t co = outShape[3], nr = c.nr, stride = c.stride;
  int64_t taps = c.kh * c.kw;
  int64_t steps = shapeOfValue(c.weights)[1] / taps;
  int64_t vectors = nr / isa.lanes, g = isa.group;
  int64_t mr = rowTile(ow, rows);
  bool fromAcc = static_cast<bool>(c.acc);
  bool requantize = c.requant != nullptr;
  OpBuilder &b = lin.builder();
  Location loc = lin.location();
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  Type wElement = isa.i16Operands ? b.getI16Type() : i8;
  auto accType = VectorType::get({isa.lanes}, i32);
  auto wType = VectorType::get({isa.lanes * g}, wElement);
  Value xp = c.xp, weights = c.weights;
  // One tile: mr output pixels of one row x nr channels.
  auto forall = scf::ForallOp::create(
      b, loc,
      ArrayRef<OpFoldResult>{b.getIndexAttr(n), b.getIndexAttr(oh),
                             b.getIndexAttr(ow / mr), b.getIndexAttr(co / nr)},
      ValueRange{!requantize ? c.acc
                 : c.out     ? c.out
                             : lin.empty(outShape, i8)},
      std::nullopt);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(forall.getTerminator());
  Block *body = forall.getBody();
  Value batch = body->getArgument(0), oy = body->getArgument(1);
  Value tileCol = body->getArgument(2), panel = body->getArgument(3);
  Value shared = body->getArgument(4);
  auto mulIndex = [&](OpBuilder &nb, Value v, int64_t k) {
    return arith::MulIOp::create(nb, loc, v, index(nb, loc, k)).getResult();
  };
  auto addIndex = [&](OpBuilder &nb, Value v, Value k) {
    return arith::AddIOp::create(nb, loc, v, k).getResult();
  };
  Value ox0 = mulIndex(b, tileCol, mr);
  Value c0 = mulIndex(b, panel, nr);
  Value iy0 = mulIndex(b, oy, stride);
  auto channel = [&](int64_t v) {
    return addIndex(b, c0, index(b, loc, v * isa.lanes));
  };
  SmallVector<OpFoldResult> tileOffsets = {batch, oy, ox0, c0};
  SmallVector<OpFoldResult> tileSizes = {b.getIndexAttr(1), b.getIndexAttr(1),
                                         b.getIndexAttr(mr),
                                         b.getIndexAttr(nr)};
  SmallVector<OpFoldResult> unit(4, b.getIndexAttr(1));
  Value tile = tensor::ExtractSliceOp::create(b, loc, shared, tileOffsets,
                                              tileSizes, unit);
  Value zero = index(b, loc, 0);
  // The accumulators' start: the tile of `acc` (read in place when the
  // sums are written back to it), or the bias.
  Value accTile;
  if (fromAcc)
    accTile = !requantize ? tile
                          : tensor::ExtractSliceOp::create(
                                b, loc, c.acc, tileOffsets, tileSizes, unit)
                                .getResult();
  Value first;
  if (fromAcc && c.bias)
    first =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, c.tile, zero);
  SmallVector<Value> accInits;
  for (int64_t r = 0; r < mr; ++r)
    for (int64_t v = 0; v < vectors; ++v) {
      Value start;
      if (fromAcc)
        start =
            read(b, loc, accType, accTile,
                 {zero, zero, index(b, loc, r), index(b, loc, v * isa.lanes)});
      if (c.bias) {
        Value bias = read(b, loc, accType, c.bias, channel(v));
        start = start ? arith::SelectOp::create(b, loc, first, bias, start)
                            .getResult()
                      : bias;
      }
      accInits.push_back(start);
    }

  // for ky, kx, k: acc[r][v] += dot(x[oy*s + ky][(ox0 + r)*s + kx][k*g..],
  //                                 w[panel][(ky*KW + kx)*steps + k][v])
  auto loopOver =
      [&](OpBuilder &nb, int64_t count, ValueRange inits,
          function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)> fn) {
        return scf::ForOp::create(
                   nb, loc, index(nb, loc, 0), index(nb, loc, count),
                   index(nb, loc, 1), inits,
                   [&](OpBuilder &lb, Location, Value iv, ValueRange accs) {
                     scf::YieldOp::create(lb, loc, fn(lb, iv, accs));
                   })
            .getResults();
      };
  ValueRange accs =
      loopOver(b, c.kh, accInits, [&](OpBuilder &b1, Value ky, ValueRange a1) {
        Value iy = addIndex(b1, iy0, ky);
        return SmallVector<Value>(
            loopOver(b1, c.kw, a1, [&](OpBuilder &b2, Value kx, ValueRange a2) {
              Value tap = addIndex(b2, mulIndex(b2, ky, c.kw), kx);
              Value step0 = mulIndex(b2, tap, steps);
              return SmallVector<Value>(loopOver(
                  b2, steps, a2, [&](OpBuilder &nb, Value k, ValueRange a3) {
                    Value step = addIndex(nb, step0, k);
                    SmallVector<Value> wv;
                    for (int64_t v = 0; v < vectors; ++v)
                      wv.push_back(read(
                          nb, loc, wType, weights,
                          {panel, step, index(nb, loc, v * isa.lanes * g)}));
                    Value kx0 = mulIndex(nb, k, g);
                    SmallVector<Value> next;
                    for (int64_t r = 0; r < mr; ++r) {
                      Value ix = addIndex(
                          nb,
                          mulIndex(nb, addIndex(nb, ox0, index(nb, loc, r)),
                                   stride),
                          kx);
                      Value a = activationGroup(nb, loc, isa, wType, xp,
                                                {batch, iy, ix, kx0});
                      for (int64_t v = 0; v < vectors; ++v)
                        next.push_back(
                            dot(nb, loc, isa, a3[r * vectors + v], a, wv[v]));
                    }
                    return next;
                  }));
            }));
      });

  // Requantize in registers (or keep the i32 sums) and write the tile (HVX
  // and NEON have SaturatingRoundingDoublingHighMul as instructions).
  FixedPoint fp(b, loc, isa.lanes, isa.highMultiply);
  SmallVector<MultiplierValues> multV;
  if (requantize)
    for (int64_t v = 0; v < vectors; ++v) {
      SmallVector<Value> perChannel;
      if (!c.requant->uniform)
        for (Value k : {c.requant->m, c.requant->left, c.requant->right})
          perChannel.push_back(read(b, loc, accType, k, channel(v)));
      multV.push_back(c.requant->values(fp, perChannel));
    }
  for (int64_t r = 0; r < mr; ++r)
    for (int64_t v = 0; v < vectors; ++v) {
      Value y = accs[r * vectors + v];
      if (requantize)
        y = fp.requantize(y, multV[v], c.zOut, c.range.lo, c.range.hi);
      tile = vector::TransferWriteOp::create(
                 b, loc, y, tile,
                 ValueRange{zero, zero, index(b, loc, r),
                            index(b, loc, v * isa.lanes)},
                 ArrayRef<bool>{true})
                 .getResult();
    }
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(b, loc, tile, shared, tileOffsets,
                                        tileSizes, unit);
  return forall.getResult(0);
}

Value dotProductConv(IntegerLinalg &lin, Value x, ArrayRef<int64_t> pad,
                     const ConvWeights &w, int64_t stride, int32_t zIn,
                     int32_t zOut, tflite::ClampRange range,
                     ArrayRef<int64_t> outShape,
                     const QuantLoweringOptions &options) {
  std::optional<DotIsa> isa = dotIsaOf(options.dotProduct);
  if (!isa)
    return {};
  int64_t co = static_cast<int64_t>(w.bias.size());
  int64_t taps = w.kh * w.kw;
  int64_t ci = static_cast<int64_t>(w.ohwi.size()) / (co * taps);
  int64_t nr = dotPanelWidth(*isa, co, options.panelWidth);
  if (!nr)
    return {};
  int64_t g = isa->group, steps = (ci + g - 1) / g;
  // The bias absorbs z_in sum(w) and, with unsigned activations, their
  // offset 128 sum(w). Padded taps and channels read z_in, whose products
  // the folded term cancels.
  std::vector<int32_t> folded = foldInputOffset(
      w.bias, w.ohwi, taps * ci, taps * ci, 1, isa->inputOffset(zIn));
  DotPacking packing;
  packing.append(*isa, w.ohwi, co, taps, ci, nr);
  RequantConstants rc = lin.requantConstants(w.mults, {co});
  DotConv conv;
  conv.xp = lin.padHW(x, pad, zIn, steps * g - ci);
  conv.weights = packing.constant(lin, *isa, {co / nr, taps * steps, nr * g});
  conv.kh = w.kh;
  conv.kw = w.kw;
  conv.stride = stride;
  conv.nr = nr;
  conv.bias = lin.constant({co}, folded, "qbias");
  conv.requant = &rc;
  conv.zOut = zOut;
  conv.range = range;
  return emitDotConv(lin, *isa, conv, outShape, options.rows);
}

} // namespace mnv4::conversion
