//===- LowerMobileMQA.cpp - Mobile multi-query attention ------------------===//
//
// K and V are a single head: they are projected once per block and every
// query head reads the same K and V (the score and value contractions index
// K[n, m, d] and V[n, m, e] without a head dimension).
//
//===----------------------------------------------------------------------===//

#include "LoweringPattern.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <cmath>

using namespace mlir;

namespace mnv4::conversion {
namespace {

/// `out = sum_r lhs * rhs` over the loop dims `numDims` with the given maps
/// (the reduction dims are those missing from `outMap`); `lhsScale` multiplies
/// each lhs element first.
Value contract(LinalgBuilder &b, Value lhs, Value rhs, AffineMap lhsMap,
               AffineMap rhsMap, AffineMap outMap, ArrayRef<int64_t> outShape,
               float lhsScale, StringRef tag) {
  OpBuilder &ob = b.builder();
  Location loc = b.location();
  unsigned numDims = outMap.getNumDims();
  SmallVector<utils::IteratorType> iters(numDims,
                                         utils::IteratorType::reduction);
  for (AffineExpr e : outMap.getResults())
    iters[cast<AffineDimExpr>(e).getPosition()] = utils::IteratorType::parallel;
  Value init = linalg::FillOp::create(ob, loc, b.f32(0.0), b.empty(outShape))
                   .getResult(0);
  auto op = linalg::GenericOp::create(
      ob, loc, TypeRange{init.getType()}, ValueRange{lhs, rhs},
      ValueRange{init}, SmallVector<AffineMap>{lhsMap, rhsMap, outMap}, iters,
      [lhsScale](OpBuilder &nb, Location nloc, ValueRange args) {
        Value l = args[0];
        if (lhsScale != 1.0f)
          l = arith::MulFOp::create(
              nb, nloc, l,
              arith::ConstantOp::create(nb, nloc,
                                        nb.getF32FloatAttr(lhsScale)));
        Value p = arith::MulFOp::create(nb, nloc, l, args[1]);
        linalg::YieldOp::create(
            nb, nloc, arith::AddFOp::create(nb, nloc, args[2], p).getResult());
      });
  op->setAttr("mnv4.kernel", ob.getStringAttr(tag));
  return op.getResult(0);
}

Value keyValueInput(LinalgBuilder &b, Value xn, Value downFilter,
                    Value downBias, int64_t kvStride) {
  if (kvStride == 1)
    return xn;
  return b.blockDepthwise(xn, downFilter, downBias, kvStride, Activation::none);
}

Value lowerMobileMQA(MobileMQAOp op, LinalgBuilder &b) {
  MLIRContext *ctx = b.builder().getContext();
  Value input = op.getInput();
  ArrayRef<int64_t> s = shapeOf(input);
  int64_t n = s[0], h = s[1], w = s[2];
  int64_t heads = op.getNumHeads(), kd = op.getKeyDim(), vd = op.getValueDim();
  int64_t kvStride = op.getKvStride();

  Value xn = b.scaleShift(input, op.getNormScale(), op.getNormShift());
  Value q = b.pointwise(xn, op.getQueryFilter(), Value(), Activation::none);
  Value k = b.pointwise(keyValueInput(b, xn, op.getKeyDownFilter(),
                                      op.getKeyDownBias(), kvStride),
                        op.getKeyFilter(), Value(), Activation::none);
  Value v = b.pointwise(keyValueInput(b, xn, op.getValueDownFilter(),
                                      op.getValueDownBias(), kvStride),
                        op.getValueFilter(), Value(), Activation::none);
  int64_t positions = h * w;
  int64_t kvPositions = shapeOf(k)[1] * shapeOf(k)[2];
  Value q4 = b.reshape(q, {n, positions, heads, kd});
  // K transposed to [N, kd, M] (M*kd floats, once per block): the score
  // kernel then reads contiguous key vectors along the key positions.
  Value kT = b.transpose(b.reshape(k, {n, kvPositions, kd}), {0, 2, 1});
  Value v3 = b.reshape(v, {n, kvPositions, vd});

  // scores[n, hd, i, j] = sum_d (Q[n, i, hd, d] * kd^-0.5) * K^T[n, d, j]
  AffineExpr dn, dh, di, dj, dd;
  bindDims(ctx, dn, dh, di, dj, dd);
  float scale = static_cast<float>(1.0 / std::sqrt(double(kd)));
  Value scores =
      contract(b, q4, kT, AffineMap::get(5, 0, {dn, di, dh, dd}, ctx),
               AffineMap::get(5, 0, {dn, dd, dj}, ctx),
               AffineMap::get(5, 0, {dn, dh, di, dj}, ctx),
               {n, heads, positions, kvPositions}, scale, "attention_scores");
  Value attention = b.softmax(scores);
  // heads[n, i, hd, e] = sum_j A[n, hd, i, j] * V[n, j, e]
  AffineExpr en, ei, eh, ee, ej;
  bindDims(ctx, en, ei, eh, ee, ej);
  Value o =
      contract(b, attention, v3, AffineMap::get(5, 0, {en, eh, ei, ej}, ctx),
               AffineMap::get(5, 0, {en, ej, ee}, ctx),
               AffineMap::get(5, 0, {en, ei, eh, ee}, ctx),
               {n, positions, heads, vd}, 1.0f, "attention_values");
  o = b.reshape(o, {n, h, w, heads * vd});
  Value y = b.pointwise(o, op.getOutputFilter(), Value(), Activation::none);
  if (Value ls = op.getLayerScale())
    y = b.scaleShift(y, ls, Value());
  return b.add(input, y);
}

} // namespace

void populateMobileMQALowering(RewritePatternSet &patterns,
                               const LoweringOptions &options) {
  addLowering<MobileMQAOp>(patterns, options, lowerMobileMQA);
}

} // namespace mnv4::conversion
