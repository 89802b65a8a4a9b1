//===- LowerQuantBlocks.cpp - int8 UIB / FusedIB blocks in channel tiles --===//
//
// The int8 form of the fp32 lowering's block fusion (ChannelTiles.h,
// docs/lowering.md section 2.1). A quantized block is a chain of ops: a 1x1
// expand (a kxk one in a FusedIB), an optional depthwise conv, a 1x1
// projection, each intermediate used once. The chain becomes the fp32
// path's tile loop (buildTileLoop, chooseChannelTile): per tile of `ct`
// expanded channels it expands them (requantized to i8, as the reference's
// int8 expanded tensor), runs the depthwise conv on them (padding reading
// the expand's output zero point, requantized to i8), and adds their
// projection to an i32 accumulator of the whole output. After the loop one
// requantization gives the projection's i8 output. The projection's
// int32 sum is the reference's in any order (i32 addition wraps), and its
// input zero point is folded into the accumulator's start over all tiles,
// so the result is bit-exact. The kernels are the unfused ones': the
// dot-product tiles where the target has them, else the generic
// contractions.
//
//===----------------------------------------------------------------------===//

#include "DotProductKernel.h"
#include "QuantPatterns.h"

#include "lib/conversion/MNV4ToLinalg/ChannelTiles.h"
#include "lib/conversion/MNV4ToLinalg/LinalgBuilders.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace mnv4::conversion {
namespace {

bool isPointwise(QConv2DOp op) {
  ArrayRef<int64_t> fs = shapeOfValue(op.getFilter());
  return fs[1] == 1 && fs[2] == 1 &&
         llvm::all_of(op.getStrides(), [](int64_t s) { return s == 1; }) &&
         llvm::all_of(op.getPad(), [](int64_t p) { return p == 0; });
}

/// The only user of `v` if it is an `OpTy` reading `v` as its input.
template <typename OpTy> OpTy soleInputUser(Value v) {
  if (!v.hasOneUse())
    return {};
  auto user = dyn_cast<OpTy>(*v.getUsers().begin());
  if (!user || user.getInput() != v)
    return {};
  return user;
}

/// expand -> [depthwise] -> project.
struct Chain {
  QConv2DOp expand;
  QDepthwiseConv2DOp mid;
  QConv2DOp project;
};

std::optional<Chain> chainFrom(QConv2DOp expand) {
  Chain c{expand, {}, {}};
  if (expand.getStrides()[0] != expand.getStrides()[1])
    return std::nullopt;
  Value e = expand.getOutput();
  if (isPointwise(expand)) {
    c.mid = soleInputUser<QDepthwiseConv2DOp>(e);
    if (c.mid) {
      if (c.mid.getStrides()[0] != c.mid.getStrides()[1])
        return std::nullopt;
      e = c.mid.getOutput();
    }
  }
  c.project = soleInputUser<QConv2DOp>(e);
  if (!c.project || !isPointwise(c.project))
    return std::nullopt;
  return c;
}

/// `[n, h, w, c]` i8 tensor bytes per channel.
int64_t planeBytes(ArrayRef<int64_t> s) { return s[0] * s[1] * s[2]; }

/// The expand of one tile: `[N, He, We, ct]` i8.
struct ExpandTiles {
  int64_t ct = 0, kh = 1, kw = 1, stride = 1;
  int32_t zOut = 0;
  tflite::ClampRange range;
  RequantConstants requant;
  Value bias; // folded, [E] i32
  // Dot product: xp padded (and its channels to the group), weights
  // [E/nr][taps*steps][nr*g], nr | ct. Generic (1x1 only): panels
  // [E/nr][Ci][nr]; kxk: HWCF tile-major [E/ct][K][K][Ci][ct], xp padded.
  std::optional<DotIsa> isa;
  Value xp, weights;
  int64_t nr = 1;

  Value build(IntegerLinalg &b, Value t, ArrayRef<int64_t> tileShape,
              const QuantLoweringOptions &options) const {
    OpBuilder &ob = b.builder();
    Location loc = b.location();
    Value c0 = ob.createOrFold<arith::MulIOp>(
        loc, t, arith::ConstantIndexOp::create(ob, loc, ct));
    RequantConstants rc = b.sliceChannels(requant, c0, ct);
    Value biasTile = b.channelSlice(bias, c0, ct);
    if (isa) {
      Value panel0 = ob.createOrFold<arith::MulIOp>(
          loc, t, arith::ConstantIndexOp::create(ob, loc, ct / nr));
      ArrayRef<int64_t> ws = shapeOfValue(weights);
      Value w = tensor::ExtractSliceOp::create(
          ob, loc, weights,
          ArrayRef<OpFoldResult>{panel0, ob.getIndexAttr(0),
                                 ob.getIndexAttr(0)},
          ArrayRef<OpFoldResult>{ob.getIndexAttr(ct / nr),
                                 ob.getIndexAttr(ws[1]),
                                 ob.getIndexAttr(ws[2])},
          ArrayRef<OpFoldResult>(
              SmallVector<OpFoldResult>(3, ob.getIndexAttr(1))));
      DotConv conv;
      conv.xp = xp;
      conv.weights = w;
      conv.kh = kh;
      conv.kw = kw;
      conv.stride = stride;
      conv.nr = nr;
      conv.bias = biasTile;
      conv.requant = &rc;
      conv.zOut = zOut;
      conv.range = range;
      return emitDotConv(b, *isa, conv, tileShape, options.rows);
    }
    if (kh == 1 && kw == 1) {
      int64_t ci = shapeOfValue(weights)[1];
      int64_t m = tileShape[0] * tileShape[1] * tileShape[2];
      Value panel0 = ob.createOrFold<arith::MulIOp>(
          loc, t, arith::ConstantIndexOp::create(ob, loc, ct / nr));
      Value w = tensor::ExtractSliceOp::create(
          ob, loc, weights,
          ArrayRef<OpFoldResult>{panel0, ob.getIndexAttr(0),
                                 ob.getIndexAttr(0)},
          ArrayRef<OpFoldResult>{ob.getIndexAttr(ct / nr), ob.getIndexAttr(ci),
                                 ob.getIndexAttr(nr)},
          ArrayRef<OpFoldResult>(
              SmallVector<OpFoldResult>(3, ob.getIndexAttr(1))));
      Value init =
          b.broadcast({m, ct / nr, nr}, b.reshape(biasTile, {ct / nr, nr}));
      Value acc =
          b.pointwiseProduct(b.reshape(xp, {m, shapeOfValue(xp)[3]}), w, init);
      RequantConstants panelRc = rc;
      if (!rc.uniform) {
        panelRc.m = b.reshape(rc.m, {ct / nr, nr});
        panelRc.left = b.reshape(rc.left, {ct / nr, nr});
        panelRc.right = b.reshape(rc.right, {ct / nr, nr});
      }
      return b.reshape(b.requantize(acc, panelRc, zOut, range), tileShape);
    }
    ArrayRef<int64_t> ws = shapeOfValue(weights); // [E/ct, K, K, Ci, ct]
    Value hwcf = tensor::ExtractSliceOp::create(
        ob, loc, RankedTensorType::get(ws.drop_front(), ob.getI8Type()),
        weights,
        ArrayRef<OpFoldResult>{t, ob.getIndexAttr(0), ob.getIndexAttr(0),
                               ob.getIndexAttr(0), ob.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{ob.getIndexAttr(1), ob.getIndexAttr(ws[1]),
                               ob.getIndexAttr(ws[2]), ob.getIndexAttr(ws[3]),
                               ob.getIndexAttr(ws[4])},
        ArrayRef<OpFoldResult>(
            SmallVector<OpFoldResult>(5, ob.getIndexAttr(1))));
    Value acc =
        b.conv(xp, hwcf, b.broadcast(tileShape, biasTile), {stride, stride});
    return b.requantize(acc, rc, zOut, range);
  }
};

/// The depthwise conv of one tile.
struct DepthwiseTiles {
  int64_t ct = 0, stride = 1;
  SmallVector<int64_t> pad;
  int32_t zIn = 0, zOut = 0;
  tflite::ClampRange range;
  RequantConstants requant;
  Value bias;    // folded, [E] i32
  Value weights; // [E/ct][K][K][ct]

  Value build(IntegerLinalg &b, Value t, Value x,
              ArrayRef<int64_t> outShape) const {
    OpBuilder &ob = b.builder();
    Location loc = b.location();
    Value c0 = ob.createOrFold<arith::MulIOp>(
        loc, t, arith::ConstantIndexOp::create(ob, loc, ct));
    ArrayRef<int64_t> ws = shapeOfValue(weights);
    Value filter = tensor::ExtractSliceOp::create(
        ob, loc, RankedTensorType::get(ws.drop_front(), ob.getI8Type()),
        weights,
        ArrayRef<OpFoldResult>{t, ob.getIndexAttr(0), ob.getIndexAttr(0),
                               ob.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{ob.getIndexAttr(1), ob.getIndexAttr(ws[1]),
                               ob.getIndexAttr(ws[2]), ob.getIndexAttr(ws[3])},
        ArrayRef<OpFoldResult>(
            SmallVector<OpFoldResult>(4, ob.getIndexAttr(1))));
    Value init = b.broadcast(outShape, b.channelSlice(bias, c0, ct));
    Value acc =
        b.depthwise(b.padHW(x, pad, zIn), filter, init, {stride, stride});
    return b.requantize(acc, b.sliceChannels(requant, c0, ct), zOut, range);
  }
};

/// Rooted at the expand (the first op of the chain the conversion visits).
struct LowerQuantBlock : OpConversionPattern<QConv2DOp> {
  LowerQuantBlock(const TypeConverter &converter, MLIRContext *ctx,
                  const QuantLoweringOptions &options)
      : OpConversionPattern<QConv2DOp>(converter, ctx, /*benefit=*/2),
        options(options) {}

  LogicalResult
  matchAndRewrite(QConv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!options.fuseBlocks)
      return failure();
    std::optional<Chain> chain = chainFrom(op);
    if (!chain)
      return failure();
    QConv2DOp expandOp = chain->expand, projectOp = chain->project;
    QDepthwiseConv2DOp midOp = chain->mid;
    ArrayRef<int64_t> es = shapeOfValue(expandOp.getOutput());
    ArrayRef<int64_t> ms = shapeOfValue(projectOp.getInput());
    ArrayRef<int64_t> out = shapeOfValue(projectOp.getOutput());
    int64_t e = es[3], co = out[3];
    if (planeBytes(es) * e <= options.fuseMinBytes)
      return failure();
    // Per expanded channel: the expanded plane, and with a depthwise conv
    // its padded copy and its output (all i8).
    int64_t perChannel = planeBytes(es);
    SmallVector<int64_t> midPad;
    if (midOp) {
      midPad.assign(midOp.getPad().begin(), midOp.getPad().end());
      perChannel += es[0] * (es[1] + midPad[0] + midPad[2]) *
                        (es[2] + midPad[1] + midPad[3]) +
                    planeBytes(ms);
    }
    int64_t align = 1;
    while (align * 2 <= options.panelWidth && e % (align * 2) == 0)
      align *= 2;
    int64_t ct =
        chooseChannelTile(e, align, perChannel, options.channelTileBytes,
                          planeBytes(es) * e * 3 / 4);
    if (!ct)
      return failure();

    std::optional<QuantWeights> ew =
        weightsOf(expandOp, expandOp.getFilter(), expandOp.getBias());
    std::optional<QuantWeights> pw =
        weightsOf(projectOp, projectOp.getFilter(), projectOp.getBias());
    std::optional<QuantWeights> mw;
    if (midOp)
      mw = weightsOf(midOp, midOp.getFilter(), midOp.getBias());
    if (!ew || !pw || (midOp && !mw))
      return failure();

    IntegerLinalg b(rewriter, op.getLoc(), highMultiplyOf(options));
    Location loc = op.getLoc();
    std::optional<DotIsa> isa = dotIsaOf(options.dotProduct);
    ExpandTiles expand =
        buildExpand(b, expandOp, *ew, adaptor.getInput(), ct, isa);
    DepthwiseTiles mid;
    if (midOp)
      mid = buildDepthwise(b, midOp, *mw, ct);

    // The projection: tile t adds its ct input channels to the i32
    // accumulator, which starts at the bias with the input zero point
    // folded over all E channels.
    ConvQuant pq = convQuantOf(projectOp);
    int64_t pnr = isa ? dotPanelWidth(*isa, co, options.panelWidth) : 0;
    bool dotProject = pnr && ct % isa->group == 0;
    int32_t offset =
        dotProject ? isa->inputOffset(pq.in.zeroPoint) : pq.in.zeroPoint;
    std::vector<int32_t> folded =
        foldInputOffset(pw->bias, pw->w, e, e, 1, offset);
    int64_t tiles = e / ct;
    Value weights, init, projectBias;
    int64_t nr = pnr;
    if (dotProject) {
      DotPacking packing;
      for (int64_t t = 0; t < tiles; ++t) {
        std::vector<int8_t> part(co * ct);
        for (int64_t c = 0; c < co; ++c)
          for (int64_t k = 0; k < ct; ++k)
            part[c * ct + k] = pw->w[c * e + t * ct + k];
        packing.append(*isa, part, co, 1, ct, nr);
      }
      weights = packing.constant(
          b, *isa, {tiles, co / nr, ct / isa->group, nr * isa->group});
      // The first tile starts from the bias (no pass filling `init`).
      projectBias = b.constant({co}, folded, "qbias");
      init = b.empty(out, rewriter.getI32Type());
    } else {
      nr = 1;
      while (nr * 2 <= options.panelWidth && co % (nr * 2) == 0)
        nr *= 2;
      weights = b.constant({tiles, co / nr, ct, nr},
                           packProjectionTiles<int8_t>(pw->w, co, e, ct, nr),
                           "qproject_tiles");
      init = b.broadcast({out[0] * out[1] * out[2], co / nr, nr},
                         b.constant({co / nr, nr}, folded, "qbias"));
    }
    SmallVector<int64_t> expandShape(es.begin(), es.end());
    expandShape[3] = ct;
    SmallVector<int64_t> midShape(ms.begin(), ms.end());
    midShape[3] = ct;
    int64_t scratch = perChannel * ct;
    // With dot products the last tile requantizes its sums in registers
    // into the i8 output (carried along), so the i32 accumulator is never
    // read again.
    RequantConstants prc = b.requantConstants(pw->mults, {co});
    SmallVector<Value> inits = {init};
    if (dotProject)
      inits.push_back(b.empty(out, rewriter.getI8Type()));
    scf::ForOp loop = buildTileLoop(
        rewriter, loc, tiles, inits, scratch,
        [&](OpBuilder &nb, Location nloc, Value t,
            ValueRange iter) -> SmallVector<Value> {
          IntegerLinalg inner(nb, nloc, b.highMultiplyOfMaps());
          inner.allocateHere();
          Value y = expand.build(inner, t, expandShape, options);
          if (midOp)
            y = mid.build(inner, t, y, midShape);
          ArrayRef<int64_t> ws = shapeOfValue(weights);
          SmallVector<OpFoldResult> offsets(4, nb.getIndexAttr(0));
          offsets[0] = t;
          SmallVector<OpFoldResult> sizes = {
              nb.getIndexAttr(1), nb.getIndexAttr(ws[1]),
              nb.getIndexAttr(ws[2]), nb.getIndexAttr(ws[3])};
          Value w = tensor::ExtractSliceOp::create(
              nb, nloc,
              RankedTensorType::get(
                  ws.drop_front(),
                  cast<RankedTensorType>(weights.getType()).getElementType()),
              weights, offsets, sizes,
              SmallVector<OpFoldResult>(4, nb.getIndexAttr(1)));
          if (!dotProject) {
            int64_t m = midShape[0] * midShape[1] * midShape[2];
            return {
                inner.pointwiseProduct(inner.reshape(y, {m, ct}), w, iter[0])};
          }
          Value last = arith::CmpIOp::create(
              nb, nloc, arith::CmpIPredicate::eq, t,
              arith::ConstantIndexOp::create(nb, nloc, tiles - 1));
          auto branch = scf::IfOp::create(
              nb, nloc, TypeRange{iter[0].getType(), iter[1].getType()}, last,
              /*withElseRegion=*/true);
          DotConv conv;
          conv.xp = y;
          conv.weights = w;
          conv.nr = nr;
          conv.acc = iter[0];
          conv.bias = projectBias;
          conv.tile = t;
          {
            OpBuilder::InsertionGuard guard(nb);
            nb.setInsertionPointToStart(branch.thenBlock());
            IntegerLinalg then(nb, nloc, b.highMultiplyOfMaps());
            DotConv finish = conv;
            finish.requant = &prc;
            finish.zOut = pq.out.zeroPoint;
            finish.range = pq.range;
            finish.out = iter[1];
            scf::YieldOp::create(
                nb, nloc,
                ValueRange{iter[0],
                           emitDotConv(then, *isa, finish, out, options.rows)});
            nb.setInsertionPointToStart(branch.elseBlock());
            IntegerLinalg otherwise(nb, nloc, b.highMultiplyOfMaps());
            scf::YieldOp::create(nb, nloc,
                                 ValueRange{emitDotConv(otherwise, *isa, conv,
                                                        out, options.rows),
                                            iter[1]});
          }
          return {branch.getResult(0), branch.getResult(1)};
        });
    Value result =
        dotProject
            ? loop.getResult(1)
            : b.reshape(b.requantize(loop.getResult(0), pw->mults,
                                     {co / nr, nr}, pq.out.zeroPoint, pq.range),
                        out);
    rewriter.replaceOp(projectOp, result);
    if (midOp)
      rewriter.eraseOp(midOp);
    rewriter.eraseOp(expandOp);
    return success();
  }

  ExpandTiles buildExpand(IntegerLinalg &b, QConv2DOp op, const QuantWeights &w,
                          Value x, int64_t ct,
                          std::optional<DotIsa> isa) const {
    ConvQuant q = convQuantOf(op);
    ArrayRef<int64_t> fs = shapeOfValue(op.getFilter()); // OHWI
    int64_t e = fs[0], kh = fs[1], kw = fs[2], ci = fs[3], taps = kh * kw;
    ExpandTiles t;
    t.ct = ct;
    t.kh = kh;
    t.kw = kw;
    t.stride = op.getStrides()[0];
    t.zOut = q.out.zeroPoint;
    t.range = q.range;
    t.requant = b.requantConstants(w.mults, {e});
    int64_t nr = isa ? dotPanelWidth(*isa, ct, options.panelWidth) : 0;
    if (nr) {
      int64_t g = isa->group, steps = (ci + g - 1) / g;
      t.isa = isa;
      t.nr = nr;
      t.xp = b.padHW(x, op.getPad(), q.in.zeroPoint, steps * g - ci);
      DotPacking packing;
      packing.append(*isa, w.w, e, taps, ci, nr);
      t.weights = packing.constant(b, *isa, {e / nr, taps * steps, nr * g});
      t.bias = b.constant({e},
                          foldInputOffset(w.bias, w.w, taps * ci, taps * ci, 1,
                                          isa->inputOffset(q.in.zeroPoint)),
                          "qbias");
      return t;
    }
    t.bias = b.constant(
        {e},
        foldInputOffset(w.bias, w.w, taps * ci, taps * ci, 1, q.in.zeroPoint),
        "qbias");
    if (taps == 1) {
      nr = 1;
      while (nr * 2 <= std::min(options.panelWidth, ct) && ct % (nr * 2) == 0)
        nr *= 2;
      t.nr = nr;
      t.xp = x;
      t.weights = b.constant({e / nr, ci, nr},
                             packPanels<int8_t>(w.w, e, ci, nr), "qpacked_1x1");
      return t;
    }
    // [E][K][K][Ci] -> [E/ct][K][K][Ci][ct].
    std::vector<int8_t> p(w.w.size());
    for (int64_t o = 0; o < e; ++o)
      for (int64_t k = 0; k < taps * ci; ++k)
        p[((o / ct) * taps * ci + k) * ct + o % ct] = w.w[o * taps * ci + k];
    t.xp = b.padHW(x, op.getPad(), q.in.zeroPoint);
    t.weights = b.constant({e / ct, kh, kw, ci, ct}, p, "qconv_tiles");
    return t;
  }

  DepthwiseTiles buildDepthwise(IntegerLinalg &b, QDepthwiseConv2DOp op,
                                const QuantWeights &w, int64_t ct) const {
    ConvQuant q = convQuantOf(op);
    ArrayRef<int64_t> fs = shapeOfValue(op.getFilter()); // [K, K, E]
    int64_t taps = fs[0] * fs[1], e = fs[2];
    DepthwiseTiles d;
    d.ct = ct;
    d.stride = op.getStrides()[0];
    d.pad.assign(op.getPad().begin(), op.getPad().end());
    d.zIn = q.in.zeroPoint;
    d.zOut = q.out.zeroPoint;
    d.range = q.range;
    d.requant = b.requantConstants(w.mults, {e});
    d.bias = b.constant(
        {e}, foldInputOffset(w.bias, w.w, taps, 1, e, q.in.zeroPoint), "qbias");
    d.weights =
        b.constant({e / ct, fs[0], fs[1], ct},
                   packDepthwiseTiles<int8_t>(w.w, taps, e, ct), "qdw_tiles");
    return d;
  }

  QuantLoweringOptions options;
};

} // namespace

void populateQuantBlockLowerings(const TypeConverter &converter,
                                 RewritePatternSet &patterns,
                                 const QuantLoweringOptions &options) {
  patterns.add<LowerQuantBlock>(converter, patterns.getContext(), options);
}

} // namespace mnv4::conversion
