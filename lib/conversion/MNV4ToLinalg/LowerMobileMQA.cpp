//===- LowerMobileMQA.cpp - Mobile multi-query attention ------------------===//
//
// K and V are a single head: they are projected once per block and every
// query head reads the same K and V (the score and value contractions index
// K[n, m, d] and V[n, m, e] without a head dimension).
//
// At batch 1 the heads' queries are the rows of one matrix Q[(i, h), d]
// (the bytes of the Q projection), and attention runs on score tiles: an
// scf.for over tiles of those rows computes scores against K packed as
// 1x1-style panels, the softmax, and the values against V panels, so the
// [heads, N, M] score tensor never exists whole and both contractions are
// `pointwise` kernels (the register-tiled matmul).
//
//===----------------------------------------------------------------------===//

#include "ChannelTiles.h"
#include "LoweringPattern.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

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

/// A runtime `[M, C]` matrix as the panels of a pointwise weight whose
/// reduction runs over M: `p[cb][m][j] = x[m][cb * nr + j]`.
Value valuePanels(LinalgBuilder &b, Value x, int64_t nr) {
  ArrayRef<int64_t> s = shapeOf(x);
  return b.transpose(b.reshape(x, {s[0], s[1] / nr, nr}), {1, 0, 2});
}

/// Batch-1 attention on score tiles: `q2` is `[R, kd]` (rows (i, h)), `k2`
/// `[M, kd]`, `v2` `[M, vd]`; returns softmax(q2 k2^T * scale) v2, `[R, vd]`.
Value attentionTiles(LinalgBuilder &b, Value q2, Value k2, Value v2,
                     float scale) {
  OpBuilder &ob = b.builder();
  Location loc = b.location();
  int64_t rows = shapeOf(q2)[0], kd = shapeOf(q2)[1];
  int64_t m = shapeOf(k2)[0], vd = shapeOf(v2)[1];
  // K^T as panels [M/nr][kd][nr] (K's rows are the scores' columns), the
  // scale folded in; V as panels [vd/nr][M][nr].
  int64_t nk = b.panelWidthFor(m), nv = b.panelWidthFor(vd);
  Value ks = b.map(
      k2,
      [scale](OpBuilder &nb, Location nloc, ValueRange v) -> Value {
        Value c =
            arith::ConstantOp::create(nb, nloc, nb.getF32FloatAttr(scale));
        return arith::MulFOp::create(nb, nloc, v[0], c);
      },
      "scale");
  Value kp = b.transpose(b.reshape(ks, {m / nk, nk, kd}), {0, 2, 1});
  Value vp = valuePanels(b, v2, nv);
  // Score tiles of at most 32 KiB whose row count a register tile divides.
  int64_t tile = 1;
  for (int64_t r = 1; r <= rows; ++r)
    if (rows % r == 0 && r * m * 4 <= 32 * 1024 && (r % 8 == 0 || r % 7 == 0))
      tile = r;
  Value out = b.empty({rows, vd / nv, nv});
  Value lb = arith::ConstantIndexOp::create(ob, loc, 0);
  Value ub = arith::ConstantIndexOp::create(ob, loc, rows);
  Value step = arith::ConstantIndexOp::create(ob, loc, tile);
  auto loop = scf::ForOp::create(
      ob, loc, lb, ub, step, ValueRange{out},
      [&](OpBuilder &nb, Location nloc, Value r0, ValueRange iter) {
        LinalgBuilder ib(nb, nloc, b.options());
        ib.allocateHere();
        auto slice = [&](Value x, ArrayRef<int64_t> sizes) {
          SmallVector<OpFoldResult> offsets(sizes.size(), nb.getIndexAttr(0));
          offsets[0] = r0;
          SmallVector<OpFoldResult> sz,
              strides(sizes.size(), nb.getIndexAttr(1));
          for (int64_t d : sizes)
            sz.push_back(nb.getIndexAttr(d));
          return std::make_tuple(offsets, sz, strides);
        };
        auto [qo, qs, qst] = slice(q2, {tile, kd});
        Value qt = tensor::ExtractSliceOp::create(nb, nloc, q2, qo, qs, qst);
        Value zero = ib.biasInit({tile, m / nk, nk}, Value());
        Value scores = ib.unpanel(ib.pointwiseProduct(qt, kp, zero), {tile, m});
        Value a = ib.softmax(scores);
        auto [oo, os, ost] = slice(iter[0], {tile, vd / nv, nv});
        Value ot =
            tensor::ExtractSliceOp::create(nb, nloc, iter[0], oo, os, ost);
        Value init =
            linalg::FillOp::create(nb, nloc, ib.f32(0.0), ot).getResult(0);
        Value o = ib.pointwiseProduct(a, vp, init);
        scf::YieldOp::create(
            nb, nloc,
            tensor::InsertSliceOp::create(nb, nloc, o, iter[0], oo, os, ost)
                .getResult());
      });
  // The score tile and the softmax's tiles.
  markScratch(loop, 3 * tile * m * 4);
  return b.unpanel(loop.getResult(0), {rows, vd});
}

/// Attention at any batch: scores `[N, heads, HW, M]` contract
/// `Q[n, i, h, d]` with K transposed once, `K^T[n, d, j]`; softmax; values
/// contract with `V[n, j, e]`. Returns `[N, HW, heads, vd]`.
Value batchedAttention(LinalgBuilder &b, Value q, Value k, Value v,
                       int64_t heads, float scale) {
  MLIRContext *ctx = b.builder().getContext();
  ArrayRef<int64_t> s = shapeOf(q);
  int64_t n = s[0], positions = s[1] * s[2], kd = s[3] / heads;
  int64_t kvPositions = shapeOf(k)[1] * shapeOf(k)[2], vd = shapeOf(v)[3];
  Value q4 = b.reshape(q, {n, positions, heads, kd});
  // K transposed to [N, kd, M] (M*kd floats, once per block): the score
  // kernel then reads contiguous key vectors along the key positions.
  Value kT = b.transpose(b.reshape(k, {n, kvPositions, kd}), {0, 2, 1});
  Value v3 = b.reshape(v, {n, kvPositions, vd});

  // scores[n, hd, i, j] = sum_d (Q[n, i, hd, d] * kd^-0.5) * K^T[n, d, j]
  AffineExpr dn, dh, di, dj, dd;
  bindDims(ctx, dn, dh, di, dj, dd);
  Value scores =
      contract(b, q4, kT, AffineMap::get(5, 0, {dn, di, dh, dd}, ctx),
               AffineMap::get(5, 0, {dn, dd, dj}, ctx),
               AffineMap::get(5, 0, {dn, dh, di, dj}, ctx),
               {n, heads, positions, kvPositions}, scale, "attention_scores");
  Value attention = b.softmax(scores);
  // heads[n, i, hd, e] = sum_j A[n, hd, i, j] * V[n, j, e]
  AffineExpr en, ei, eh, ee, ej;
  bindDims(ctx, en, ei, eh, ee, ej);
  return contract(b, attention, v3, AffineMap::get(5, 0, {en, eh, ei, ej}, ctx),
                  AffineMap::get(5, 0, {en, ej, ee}, ctx),
                  AffineMap::get(5, 0, {en, ei, eh, ee}, ctx),
                  {n, positions, heads, vd}, 1.0f, "attention_values");
}

Value lowerMobileMQA(MobileMQAOp op, LinalgBuilder &b) {
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
  float scale = static_cast<float>(1.0 / std::sqrt(double(kd)));
  Value o;
  if (n == 1 && b.options().scoreTiles)
    o = attentionTiles(b, b.reshape(q, {positions * heads, kd}),
                       b.reshape(k, {kvPositions, kd}),
                       b.reshape(v, {kvPositions, vd}), scale);
  else
    o = batchedAttention(b, q, k, v, heads, scale);
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
