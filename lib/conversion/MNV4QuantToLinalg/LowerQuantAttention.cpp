//===- LowerQuantAttention.cpp - int8 Mobile MQA on score tiles -----------===//
//
// The int8 form of the fp32 lowering's batch-1 attention (LowerMobileMQA.cpp,
// docs/lowering.md section 2). A quantized Mobile MQA's attention is a chain
// of ops (mnv4-decompose-blocks): the query split into heads (reshape
// [1,H,W,h*kd] -> [1,N,h,kd], transpose -> [1,h,N,kd]), K flattened and
// transposed ([1,1,kd,M]), V flattened ([1,1,M,vd]), BATCH_MATMUL -> SOFTMAX
// -> BATCH_MATMUL, the heads merged back (transpose, reshape to
// [1,H,W,h*vd]). K and V are one head shared by all query heads, so the
// heads' queries are the rows of one matrix Q[(n, h), d] (the bytes of the
// query projection), and the chain becomes one scf.for over tiles of those
// rows: the tile's i32 scores against K (packed once per block as pointwise
// panels [M/nr][kd][nr]), their requantization, the softmax of each row,
// and the values against V (panels [vd/nr][M][nr]) with their
// requantization, written as the merged heads' rows. No [h, N, M] tensor
// exists whole.
//
// Bit-exact: each score and value is the reference's
// sum (x - z_x)(y - z_y) in i32, computed as
//   sum x y - z_y sum x - z_x sum y + K z_x z_y
// (wrapping i32, the same integer as the reference's int32 sum, which does
// not overflow), with the row terms summed per row and the column terms once
// per block; the requantizations and the softmax are the unfused lowering's
// (IntegerLinalg::requantize, softmaxLastAxis).
//
//===----------------------------------------------------------------------===//

#include "DotProductKernel.h"
#include "QuantPatterns.h"

#include "lib/conversion/MNV4ToLinalg/ChannelTiles.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace mnv4::conversion {
namespace {

/// The only user of `v`, if it is an `OpTy`.
template <typename OpTy> OpTy soleUser(Value v) {
  if (!v.hasOneUse())
    return {};
  return dyn_cast<OpTy>(*v.getUsers().begin());
}

/// The defining `OpTy` of `v`, if `v` has no other use.
template <typename OpTy> OpTy soleDef(Value v) {
  if (!v.hasOneUse())
    return {};
  return v.getDefiningOp<OpTy>();
}

bool isPerm(QTransposeOp op, ArrayRef<int64_t> perm) {
  return op && op.getPerm() == perm;
}

/// The ops of one attention, from the query split on.
struct Attention {
  QReshapeOp split;
  QTransposeOp heads;
  QReshapeOp keyFlat;
  QTransposeOp keyT;
  QReshapeOp valueFlat;
  QBatchMatMulOp scores;
  QSoftmaxOp softmax;
  QBatchMatMulOp values;
  QTransposeOp unheads;
  QReshapeOp merge;
  int64_t n, numHeads, kd, m, vd;

  /// In program order; `split` first.
  SmallVector<Operation *> ops() const {
    return {split,  heads,   keyFlat, keyT,    valueFlat,
            scores, softmax, values,  unheads, merge};
  }
};

/// `[1, H, W, C]` -> `[1, H * W, ...]`: the `positions` rows of a reshape.
bool flattensPositions(QReshapeOp op, int64_t &positions) {
  ArrayRef<int64_t> in = shapeOfValue(op.getInput());
  ArrayRef<int64_t> out = shapeOfValue(op.getOutput());
  if (in.size() != 4 || out.size() != 4 || in[0] != 1 || out[0] != 1)
    return false;
  positions = in[1] * in[2];
  return true;
}

std::optional<Attention> attentionFrom(QReshapeOp split) {
  Attention a;
  a.split = split;
  int64_t n;
  if (!flattensPositions(split, n))
    return std::nullopt;
  ArrayRef<int64_t> qs = shapeOfValue(split.getOutput()); // [1, N, h, kd]
  if (qs[1] != n || shapeOfValue(split.getInput())[3] != qs[2] * qs[3])
    return std::nullopt;
  a.n = n;
  a.numHeads = qs[2];
  a.kd = qs[3];
  a.heads = soleUser<QTransposeOp>(split.getOutput());
  if (!isPerm(a.heads, {0, 2, 1, 3}))
    return std::nullopt;
  a.scores = soleUser<QBatchMatMulOp>(a.heads.getOutput());
  if (!a.scores || a.scores.getLhs() != a.heads.getOutput())
    return std::nullopt;
  a.keyT = soleDef<QTransposeOp>(a.scores.getRhs());
  if (!isPerm(a.keyT, {0, 1, 3, 2}))
    return std::nullopt;
  a.keyFlat = soleDef<QReshapeOp>(a.keyT.getInput());
  int64_t m;
  if (!a.keyFlat || !flattensPositions(a.keyFlat, m))
    return std::nullopt;
  ArrayRef<int64_t> ks = shapeOfValue(a.keyFlat.getOutput()); // [1, 1, M, kd]
  if (ks[1] != 1 || ks[2] != m || ks[3] != a.kd)
    return std::nullopt;
  a.m = m;
  a.softmax = soleUser<QSoftmaxOp>(a.scores.getOutput());
  if (!a.softmax)
    return std::nullopt;
  a.values = soleUser<QBatchMatMulOp>(a.softmax.getOutput());
  if (!a.values || a.values.getLhs() != a.softmax.getOutput())
    return std::nullopt;
  a.valueFlat = soleDef<QReshapeOp>(a.values.getRhs());
  int64_t mv;
  if (!a.valueFlat || !flattensPositions(a.valueFlat, mv) || mv != m)
    return std::nullopt;
  ArrayRef<int64_t> vs = shapeOfValue(a.valueFlat.getOutput()); // [1,1,M,vd]
  if (vs[1] != 1 || vs[2] != m)
    return std::nullopt;
  a.vd = vs[3];
  a.unheads = soleUser<QTransposeOp>(a.values.getOutput());
  if (!isPerm(a.unheads, {0, 2, 1, 3}))
    return std::nullopt;
  a.merge = soleUser<QReshapeOp>(a.unheads.getOutput());
  if (!a.merge)
    return std::nullopt;
  ArrayRef<int64_t> out = shapeOfValue(a.merge.getOutput());
  ArrayRef<int64_t> in = shapeOfValue(split.getInput());
  if (out.size() != 4 || out[0] != 1 || out[1] != in[1] || out[2] != in[2] ||
      out[3] != a.numHeads * a.vd)
    return std::nullopt;
  // The rewrite builds at the split: K and V must already exist there, and
  // every other op of the chain must come after it (not yet converted).
  for (Value source : {a.keyFlat.getInput(), a.valueFlat.getInput()})
    if (Operation *def = source.getDefiningOp())
      if (def->getBlock() != split->getBlock() || !def->isBeforeInBlock(split))
        return std::nullopt;
  for (Operation *op : a.ops())
    if (op != split &&
        (op->getBlock() != split->getBlock() || !split->isBeforeInBlock(op)))
      return std::nullopt;
  return a;
}

int64_t panelWidthFor(int64_t size, int64_t widest) {
  int64_t nr = 1;
  while (nr * 2 <= widest && size % (nr * 2) == 0)
    nr *= 2;
  return nr;
}

/// `offset + scale * sum_k x[r, k]` for the i8 matrix `x` `[R, K]`, as i32
/// `[R]` (wrapping); with `byColumn`, over the rows: `[K]`.
Value scaledSums(IntegerLinalg &b, Value x, int64_t scale, int64_t offset,
                 bool byColumn) {
  offset = static_cast<int32_t>(static_cast<uint32_t>(offset));
  OpBuilder &ob = b.builder();
  Location loc = b.location();
  ArrayRef<int64_t> s = shapeOfValue(x);
  int64_t size = byColumn ? s[1] : s[0];
  Value init = b.fill({size}, ob.getI32Type(), offset);
  if (scale == 0) // a zero point that cancels (vpdpbusd's probabilities)
    return init;
  MLIRContext *ctx = ob.getContext();
  AffineExpr kept, summed;
  bindDims(ctx, kept, summed);
  AffineMap in = byColumn ? AffineMap::get(2, 0, {summed, kept}, ctx)
                          : AffineMap::get(2, 0, {kept, summed}, ctx);
  auto op = linalg::GenericOp::create(
      ob, loc, TypeRange{init.getType()}, ValueRange{x}, ValueRange{init},
      SmallVector<AffineMap>{in, AffineMap::get(2, 0, {kept}, ctx)},
      SmallVector<utils::IteratorType>{utils::IteratorType::parallel,
                                       utils::IteratorType::reduction},
      [scale](OpBuilder &nb, Location nloc, ValueRange args) {
        FixedPoint fp(nb, nloc);
        linalg::YieldOp::create(
            nb, nloc,
            fp.add(args[1], fp.mul(fp.toI32(args[0]), fp.i32(scale))));
      });
  return op.getResult(0);
}

/// The i32 start of a tile's sums: `rows[t] + columns[cb, j]`, `[T, C/nr,
/// nr]` (the initial value the pointwise kernel accumulates into).
Value sumStart(IntegerLinalg &b, Value rows, Value columns) {
  int64_t t = shapeOfValue(rows)[0];
  ArrayRef<int64_t> c = shapeOfValue(columns);
  return b.map({b.reshape(rows, {t, 1, 1}), columns}, b.builder().getI32Type(),
               [](FixedPoint &fp, ValueRange v) { return fp.add(v[0], v[1]); },
               "bias", {t, c[0], c[1]});
}

/// The runtime matrix `x` `[R, C]` as dot-product weights whose output
/// channels are its columns (`byColumn`: `[C/nr][R/g][nr*g]`, reducing over
/// R) or its rows (`[R/nr][C/g][nr*g]`, reducing over C): the layout
/// DotPacking gives compile-time weights.
Value dotPanels(IntegerLinalg &b, const DotIsa &isa, Value x, int64_t nr,
                bool byColumn) {
  ArrayRef<int64_t> s = shapeOfValue(x);
  int64_t g = isa.group;
  Value p = byColumn ? b.transpose(b.reshape(x, {s[0] / g, g, s[1] / nr, nr}),
                                   {2, 0, 3, 1})
                     : b.transpose(b.reshape(x, {s[0] / nr, nr, s[1] / g, g}),
                                   {0, 2, 1, 3});
  ArrayRef<int64_t> t = shapeOfValue(p);
  p = b.reshape(p, {t[0], t[1], t[2] * t[3]});
  if (!isa.i16Operands)
    return p;
  Type i16 = b.builder().getI16Type();
  return b.map(
      {p}, i16,
      [i16](FixedPoint &fp, ValueRange v) -> Value {
        return arith::ExtSIOp::create(fp.builder(), fp.location(), i16, v[0]);
      },
      "map");
}

/// `x` `[T, K]` i8 times `weights` (dotPanels, `nr` channels a panel) on the
/// dot-product kernel, from the i32 `start` `[T, C]`, requantized: `[T, C]`.
Value dotProduct(IntegerLinalg &b, const DotIsa &isa, Value x, Value weights,
                 int64_t nr, Value start, const RequantConstants &requant,
                 int32_t zOut, int64_t rows) {
  int64_t t = shapeOfValue(x)[0], c = shapeOfValue(start)[1];
  DotConv conv;
  conv.xp = b.reshape(x, {1, 1, t, shapeOfValue(x)[1]});
  conv.weights = weights;
  conv.nr = nr;
  conv.acc = b.reshape(start, {1, 1, t, c});
  conv.requant = &requant;
  conv.zOut = zOut;
  return b.reshape(emitDotConv(b, isa, conv, {1, 1, t, c}, rows), {t, c});
}

Value extractRows(OpBuilder &b, Location loc, Value x, Value r0, int64_t rows) {
  ArrayRef<int64_t> s = shapeOfValue(x);
  SmallVector<OpFoldResult> offsets(s.size(), b.getIndexAttr(0));
  offsets[0] = r0;
  SmallVector<OpFoldResult> sizes, strides(s.size(), b.getIndexAttr(1));
  sizes.push_back(b.getIndexAttr(rows));
  for (int64_t d : s.drop_front())
    sizes.push_back(b.getIndexAttr(d));
  return tensor::ExtractSliceOp::create(b, loc, x, offsets, sizes, strides);
}

/// Rooted at the query split (the first op of the chain the conversion
/// visits), as LowerQuantBlock is at the expand.
struct LowerQuantAttention : OpConversionPattern<QReshapeOp> {
  LowerQuantAttention(const TypeConverter &converter, MLIRContext *ctx,
                      const QuantLoweringOptions &options)
      : OpConversionPattern<QReshapeOp>(converter, ctx, /*benefit=*/2),
        options(options) {}

  LogicalResult
  matchAndRewrite(QReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!options.fuseBlocks)
      return failure();
    std::optional<Attention> a = attentionFrom(op);
    if (!a)
      return failure();
    FailureOr<std::vector<tflite::Multiplier>> scoreMults =
        quantizedMultipliers(a->scores);
    FailureOr<std::vector<tflite::Multiplier>> beta =
        quantizedMultipliers(a->softmax);
    FailureOr<std::vector<tflite::Multiplier>> valueMults =
        quantizedMultipliers(a->values);
    if (failed(scoreMults) || failed(beta) || failed(valueMults))
      return failure();
    int32_t zq = paramsOf(a->scores.getLhs()).zeroPoint;
    int32_t zk = paramsOf(a->scores.getRhs()).zeroPoint;
    int32_t zs = paramsOf(a->scores.getOutput()).zeroPoint;
    int32_t za = paramsOf(a->values.getLhs()).zeroPoint;
    int32_t zv = paramsOf(a->values.getRhs()).zeroPoint;
    int32_t zo = paramsOf(a->values.getOutput()).zeroPoint;
    Value key = rewriter.getRemappedValue(a->keyFlat.getInput());
    Value value = rewriter.getRemappedValue(a->valueFlat.getInput());
    if (!key || !value)
      return failure();

    Location loc = op.getLoc();
    IntegerLinalg b(rewriter, loc);
    int64_t rows = a->n * a->numHeads, kd = a->kd, m = a->m, vd = a->vd;
    Value q2 = b.reshape(adaptor.getInput(), {rows, kd});
    Value k2 = b.reshape(key, {m, kd});
    Value v2 = b.reshape(value, {m, vd});
    // K^T and V as weights of the dot-product kernel (reducing over kd and
    // over the keys, a multiple of the instruction's group, with panels of
    // at least one vector), else of the generic pointwise kernel
    // ([M/nr][kd][nr], [vd/nr][M][nr]); repacked at run time once per block.
    std::optional<DotIsa> isa = dotIsaOf(options.dotProduct);
    int64_t nk = 0, nv = 0;
    if (isa && kd % isa->group == 0)
      nk = dotPanelWidth(*isa, m, options.panelWidth);
    if (isa && m % isa->group == 0)
      nv = dotPanelWidth(*isa, vd, options.panelWidth);
    bool dotScores = nk != 0, dotValues = nv != 0;
    if (!dotScores)
      nk = panelWidthFor(m, options.panelWidth);
    if (!dotValues)
      nv = panelWidthFor(vd, options.panelWidth);
    Value kp = dotScores
                   ? dotPanels(b, *isa, k2, nk, /*byColumn=*/false)
                   : b.transpose(b.reshape(k2, {m / nk, nk, kd}), {0, 2, 1});
    Value vp = dotValues
                   ? dotPanels(b, *isa, v2, nv, /*byColumn=*/true)
                   : b.transpose(b.reshape(v2, {m, vd / nv, nv}), {1, 0, 2});
    // The zero-point terms: -z_k sum_d q per query row; per key
    // -z_q sum_d k + kd z_q z_k; per value channel -z_a sum_m v + M z_a z_v.
    // With unsigned activations (vpdpbusd reads x + 128) the column terms
    // take 128 more of each sum.
    int32_t qOffset = dotScores ? isa->inputOffset(zq) : zq;
    int32_t aOffset = dotValues ? isa->inputOffset(za) : za;
    Value queryTerms = scaledSums(b, q2, -zk, 0, /*byColumn=*/false);
    Value keyTerms = b.reshape(
        scaledSums(b, k2, -qOffset, int64_t(kd) * zq * zk, /*byColumn=*/false),
        {m / nk, nk});
    Value valueTerms = b.reshape(
        scaledSums(b, v2, -aOffset, int64_t(m) * za * zv, /*byColumn=*/true),
        {vd / nv, nv});
    RequantConstants scoreRequant = b.requantConstants(*scoreMults, {});
    RequantConstants valueRequant = b.requantConstants(*valueMults, {});

    // Tiles of query rows whose i32 scores take at most 32 KiB and whose
    // row count a register tile divides (the fp32 lowering's rule).
    int64_t tile = 1;
    for (int64_t r = 1; r <= rows; ++r)
      if (rows % r == 0 && r * m * 4 <= 32 * 1024 && (r % 8 == 0 || r % 7 == 0))
        tile = r;
    OpBuilder &ob = b.builder();
    Value out = b.empty({rows, vd}, ob.getI8Type());
    Value lb = arith::ConstantIndexOp::create(ob, loc, 0);
    Value ub = arith::ConstantIndexOp::create(ob, loc, rows);
    Value step = arith::ConstantIndexOp::create(ob, loc, tile);
    tflite::Multiplier betaMult = (*beta)[0];
    auto loop = scf::ForOp::create(
        ob, loc, lb, ub, step, ValueRange{out},
        [&](OpBuilder &nb, Location nloc, Value r0, ValueRange iter) {
          IntegerLinalg ib(nb, nloc);
          ib.allocateHere();
          Value qt = extractRows(nb, nloc, q2, r0, tile);
          Value start = sumStart(
              ib, extractRows(nb, nloc, queryTerms, r0, tile), keyTerms);
          Value scores =
              dotScores
                  ? dotProduct(ib, *isa, qt, kp, nk,
                               ib.reshape(start, {tile, m}), scoreRequant, zs,
                               options.rows)
                  : ib.reshape(ib.requantize(ib.pointwiseProduct(qt, kp, start),
                                             scoreRequant, zs,
                                             tflite::ClampRange{}),
                               {tile, m});
          Value probs = softmaxLastAxis(ib, scores, betaMult);
          Value probTerms = scaledSums(ib, probs, -zv, 0, /*byColumn=*/false);
          Value vstart = sumStart(ib, probTerms, valueTerms);
          Value o =
              dotValues
                  ? dotProduct(ib, *isa, probs, vp, nv,
                               ib.reshape(vstart, {tile, vd}), valueRequant, zo,
                               options.rows)
                  : ib.reshape(
                        ib.requantize(ib.pointwiseProduct(probs, vp, vstart),
                                      valueRequant, zo, tflite::ClampRange{}),
                        {tile, vd});
          SmallVector<OpFoldResult> offsets = {r0, nb.getIndexAttr(0)};
          SmallVector<OpFoldResult> sizes = {nb.getIndexAttr(tile),
                                             nb.getIndexAttr(vd)};
          SmallVector<OpFoldResult> strides(2, nb.getIndexAttr(1));
          scf::YieldOp::create(nb, nloc,
                               tensor::InsertSliceOp::create(nb, nloc, o,
                                                             iter[0], offsets,
                                                             sizes, strides)
                                   .getResult());
        });
    // The i32 scores, the softmax's i8 and i32 rows (PlanArena counts the
    // buffers allocated in the loop).
    markScratch(loop, tile * m * (4 + 1 + 4));
    Value result =
        b.reshape(loop.getResult(0), shapeOfValue(a->merge.getOutput()));
    rewriter.replaceOp(a->merge, result);
    SmallVector<Operation *> chain = a->ops();
    for (Operation *dead : llvm::reverse(chain))
      if (dead != a->merge)
        rewriter.eraseOp(dead);
    return success();
  }

  QuantLoweringOptions options;
};

} // namespace

void populateQuantAttentionLowering(const TypeConverter &converter,
                                    RewritePatternSet &patterns,
                                    const QuantLoweringOptions &options) {
  patterns.add<LowerQuantAttention>(converter, patterns.getContext(), options);
}

} // namespace mnv4::conversion
