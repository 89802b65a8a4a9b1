//===- RowBands.cpp - a block computed band by band of output rows --------===//

#include "RowBands.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace mnv4::conversion {

BandGeometry chooseBands(int64_t outRows, int64_t inStride, int64_t kernel,
                         int64_t pad, int64_t budgetBytes,
                         function_ref<int64_t(int64_t)> bandBytes,
                         function_ref<int64_t(int64_t)> tilePixels) {
  BandGeometry g;
  g.outRows = outRows;
  g.inStride = inStride;
  g.padTop = pad;
  g.padLeftRight = pad;
  int64_t best = 1, bestScore = -1;
  for (int64_t rows = 1; rows <= outRows; ++rows) {
    if (outRows % rows)
      continue;
    int64_t in = (rows - 1) * inStride + kernel;
    if (rows > 1 && bandBytes(in) > budgetBytes)
      continue;
    int64_t pixels = tilePixels(in);
    bool tiles = pixels % 7 == 0 || pixels % 8 == 0;
    // A band as tall as the budget allows (less halo recomputation), among
    // those the register tile divides if any.
    int64_t score = (tiles ? 1 << 20 : 0) + rows;
    if (score > bestScore) {
      best = rows;
      bestScore = score;
    }
  }
  g.bandRows = best;
  g.inBandRows = (best - 1) * inStride + kernel;
  return g;
}

Value buildRowBands(LinalgBuilder &b, Value input, const BandGeometry &g,
                    ArrayRef<int64_t> outShape, int64_t scratchBytes,
                    function_ref<Value(LinalgBuilder &, Value, Value)> body) {
  OpBuilder &ob = b.builder();
  Location loc = b.location();
  ArrayRef<int64_t> in = shapeOf(input);
  // Rows the last band reads, beyond the input and its top padding.
  int64_t lastRow = (g.outRows - 1) * g.inStride + g.inBandRows -
                    (g.bandRows - 1) * g.inStride;
  int64_t padBottom = std::max<int64_t>(0, lastRow - (in[1] + g.padTop));
  Value padded =
      b.padHW(input, {g.padTop, g.padLeftRight, padBottom, g.padLeftRight});

  Value init = b.empty(outShape);
  Value lb = arith::ConstantIndexOp::create(ob, loc, 0);
  Value ub = arith::ConstantIndexOp::create(ob, loc, g.outRows);
  Value step = arith::ConstantIndexOp::create(ob, loc, g.bandRows);
  auto loop = scf::ForOp::create(
      ob, loc, lb, ub, step, ValueRange{init},
      [&](OpBuilder &nb, Location nloc, Value row, ValueRange iter) {
        Value inRow = arith::MulIOp::create(
            nb, nloc, row,
            arith::ConstantIndexOp::create(nb, nloc, g.inStride));
        ArrayRef<int64_t> ps = shapeOf(padded);
        SmallVector<OpFoldResult> offsets = {
            nb.getIndexAttr(0), inRow, nb.getIndexAttr(0), nb.getIndexAttr(0)};
        SmallVector<OpFoldResult> sizes = {
            nb.getIndexAttr(ps[0]), nb.getIndexAttr(g.inBandRows),
            nb.getIndexAttr(ps[2]), nb.getIndexAttr(ps[3])};
        SmallVector<OpFoldResult> strides(4, nb.getIndexAttr(1));
        Value band = tensor::ExtractSliceOp::create(nb, nloc, padded, offsets,
                                                    sizes, strides);
        LinalgBuilder inner(nb, nloc, b.options());
        Value out = body(inner, row, band);
        SmallVector<OpFoldResult> outOffsets = {
            nb.getIndexAttr(0), row, nb.getIndexAttr(0), nb.getIndexAttr(0)};
        SmallVector<OpFoldResult> outSizes;
        for (int64_t d : shapeOf(out))
          outSizes.push_back(nb.getIndexAttr(d));
        Value updated = tensor::InsertSliceOp::create(
            nb, nloc, out, iter[0], outOffsets, outSizes, strides);
        scf::YieldOp::create(nb, nloc, updated);
      });
  loop->setAttr("mnv4.scratch_bytes", ob.getI64IntegerAttr(scratchBytes));
  return loop.getResult(0);
}

Value maskOutsideImage(LinalgBuilder &b, Value band, Value rowOrigin,
                       int64_t pad, int64_t h, int64_t w) {
  OpBuilder &ob = b.builder();
  Location loc = b.location();
  ArrayRef<int64_t> s = shapeOf(band);
  Value init = b.empty(s);
  AffineMap id = ob.getMultiDimIdentityMap(4);
  auto op = linalg::GenericOp::create(
      ob, loc, TypeRange{init.getType()}, ValueRange{band}, ValueRange{init},
      SmallVector<AffineMap>{id, id},
      SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        auto cst = [&](int64_t v) {
          return arith::ConstantIndexOp::create(nb, nloc, v).getResult();
        };
        // row = rowOrigin + i - pad, col = j - pad, in range iff
        // pad <= rowOrigin + i < h + pad and pad <= j < w + pad.
        Value i = linalg::IndexOp::create(nb, nloc, 1);
        Value j = linalg::IndexOp::create(nb, nloc, 2);
        Value r = arith::AddIOp::create(nb, nloc, rowOrigin, i);
        auto inRange = [&](Value v, int64_t size) {
          Value lo = arith::CmpIOp::create(nb, nloc, arith::CmpIPredicate::sge,
                                           v, cst(pad));
          Value hi = arith::CmpIOp::create(nb, nloc, arith::CmpIPredicate::slt,
                                           v, cst(size + pad));
          return arith::AndIOp::create(nb, nloc, lo, hi).getResult();
        };
        Value valid =
            arith::AndIOp::create(nb, nloc, inRange(r, h), inRange(j, w));
        Value zero = arith::ConstantOp::create(nb, nloc, nb.getF32FloatAttr(0));
        linalg::YieldOp::create(
            nb, nloc,
            arith::SelectOp::create(nb, nloc, valid, args[0], zero)
                .getResult());
      });
  op->setAttr("mnv4.kernel", ob.getStringAttr("mask"));
  return op.getResult(0);
}

} // namespace mnv4::conversion
