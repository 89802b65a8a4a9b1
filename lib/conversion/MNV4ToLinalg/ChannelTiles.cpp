//===- ChannelTiles.cpp - a block computed tile by tile of expanded channels =//

#include "ChannelTiles.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace mnv4::conversion {
namespace {

/// `t * scale` as an index.
Value scaled(LinalgBuilder &b, Value t, int64_t scale) {
  OpBuilder &ob = b.builder();
  return ob.createOrFold<arith::MulIOp>(
      b.location(), t, arith::ConstantIndexOp::create(ob, b.location(), scale));
}

/// The unit-stride slice of `x` at `offsets` with `sizes`, as `resultShape`
/// (which may drop size-1 dimensions).
Value slice(LinalgBuilder &b, Value x, ArrayRef<OpFoldResult> offsets,
            ArrayRef<int64_t> sizes, ArrayRef<int64_t> resultShape) {
  OpBuilder &ob = b.builder();
  SmallVector<OpFoldResult> sz, strides(sizes.size(), ob.getIndexAttr(1));
  for (int64_t s : sizes)
    sz.push_back(ob.getIndexAttr(s));
  auto type = RankedTensorType::get(resultShape, ob.getF32Type());
  return tensor::ExtractSliceOp::create(ob, b.location(), type, x, offsets, sz,
                                        strides);
}

/// Channels [t * tile, (t + 1) * tile) of a `[C]` bias; null stays null.
Value biasTile(LinalgBuilder &b, const TiledWeight &w, Value t) {
  if (!w.bias)
    return Value();
  return slice(b, w.bias, {scaled(b, t, w.tile)}, {w.tile}, {w.tile});
}

/// A 1x1 projection `[Co, 1, 1, E]` for tiles of `tile` expanded channels:
/// a constant packed tile-major, `[E/tile][Co/nr][tile][nr]`, so that each
/// tile reads one contiguous block of weights (a `[Co/nr][E][nr]` slice
/// would be Co/nr short strided runs, which the prefetcher does not follow
/// when the weights come from memory); otherwise the `[Co/nr][E][nr]` panels
/// (nr = 1 in place).
TiledWeight tileProjection(LinalgBuilder &b, Value filter, int64_t tile) {
  ArrayRef<int64_t> fs = shapeOf(filter);
  int64_t co = fs.front(), e = fs.back();
  std::optional<std::vector<float>> w = constantValues(filter);
  if (!w) {
    PackedPointwise p = b.packPointwise(filter);
    return {p.packed, Value(), tile, p.nr};
  }
  int64_t nr = b.panelWidthFor(co);
  return {b.constant({e / tile, co / nr, tile, nr},
                     packProjectionTiles<float>(*w, co, e, tile, nr),
                     "project_tiles"),
          Value(), tile, nr};
}

/// Tile `t` of a projection from `tileProjection`, as `[Co/nr][tile][nr]`.
Value projectionTile(LinalgBuilder &b, const TiledWeight &w, Value t,
                     int64_t co) {
  OpBuilder &ob = b.builder();
  int64_t panels = co / w.nr;
  if (shapeOf(w.packed).size() == 4)
    return slice(
        b, w.packed,
        {t, ob.getIndexAttr(0), ob.getIndexAttr(0), ob.getIndexAttr(0)},
        {1, panels, w.tile, w.nr}, {panels, w.tile, w.nr});
  return slice(b, w.packed,
               {ob.getIndexAttr(0), scaled(b, t, w.tile), ob.getIndexAttr(0)},
               {panels, w.tile, w.nr}, {panels, w.tile, w.nr});
}

} // namespace

void markScratch(scf::ForOp loop, int64_t scratchBytes) {
  loop->setAttr("mnv4.scratch_bytes",
                Builder(loop.getContext()).getI64IntegerAttr(scratchBytes));
}

scf::ForOp buildTileLoop(
    OpBuilder &b, Location loc, int64_t tiles, ValueRange inits,
    int64_t scratchBytes,
    function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)>
        body) {
  auto loop = scf::ForOp::create(
      b, loc, arith::ConstantIndexOp::create(b, loc, 0),
      arith::ConstantIndexOp::create(b, loc, tiles),
      arith::ConstantIndexOp::create(b, loc, 1), inits,
      [&](OpBuilder &nb, Location nloc, Value t, ValueRange iter) {
        scf::YieldOp::create(nb, nloc, body(nb, nloc, t, iter));
      });
  markScratch(loop, scratchBytes);
  return loop;
}

int64_t chooseChannelTile(int64_t expanded, int64_t align,
                          int64_t bytesPerChannel, int64_t budgetBytes,
                          int64_t capBytes) {
  // Whole panels of the widest alignment that leaves a tile under the cap;
  // narrower ones (down to 8 channels, a 256-bit vector) only where the wide
  // ones are all too large.
  for (;; align /= 2) {
    int64_t best = 0;
    for (int64_t tile = align; tile < expanded; tile += align) {
      if (expanded % tile)
        continue;
      int64_t bytes = tile * bytesPerChannel;
      if (bytes > capBytes || (best && bytes > budgetBytes))
        break;
      best = tile;
    }
    if (best)
      return best;
    if (align <= 8 || align % 2)
      return 0;
  }
}

TiledWeight tilePointwise(LinalgBuilder &b, Value filter, Value bias,
                          int64_t tile) {
  // Panels no wider than the tile, so that a tile is whole panels.
  PackedPointwise p = b.packPointwise(filter, b.panelWidthFor(tile));
  return {p.packed, bias, tile, p.nr};
}

TiledWeight tileDepthwise(LinalgBuilder &b, Value filter, Value bias,
                          int64_t tile) {
  ArrayRef<int64_t> fs = shapeOf(filter); // [K, K, E]
  std::optional<std::vector<float>> w = constantValues(filter);
  if (!w)
    return {filter, bias, tile, 1};
  return {b.constant({fs[2] / tile, fs[0], fs[1], tile},
                     packDepthwiseTiles<float>(*w, fs[0] * fs[1], fs[2], tile),
                     "dw_tiles"),
          bias, tile, 1};
}

TiledWeight tileConv(LinalgBuilder &b, Value filter, Value bias, int64_t tile) {
  ArrayRef<int64_t> fs = shapeOf(filter); // [E, K, K, Ci]
  std::optional<std::vector<float>> w = constantValues(filter);
  if (!w)
    return {filter, bias, tile, 1};
  return {b.constant({fs[0] / tile, fs[1], fs[2], fs[3], tile},
                     packConvFilter(*w, fs, tile), "conv_tiles"),
          bias, tile, 1};
}

Value pointwiseTile(LinalgBuilder &b, Value x, const TiledWeight &w, Value t,
                    Activation act) {
  OpBuilder &ob = b.builder();
  int64_t ci = shapeOf(w.packed)[1], panels = w.tile / w.nr;
  Value packed =
      slice(b, w.packed,
            {scaled(b, t, panels), ob.getIndexAttr(0), ob.getIndexAttr(0)},
            {panels, ci, w.nr}, {panels, ci, w.nr});
  Value x2 = b.collapsePixels(x);
  int64_t m = shapeOf(x2)[0];
  Value bias = biasTile(b, w, t);
  Value init =
      b.biasInit({m, panels, w.nr}, bias ? b.panelBias(bias, w.nr) : Value());
  Value y = b.activation(b.pointwiseProduct(x2, packed, init), act);
  SmallVector<int64_t> shape(shapeOf(x).drop_back());
  shape.push_back(w.tile);
  return b.unpanel(y, shape);
}

Value depthwiseTile(LinalgBuilder &b, Value x, const TiledWeight &w, Value t,
                    int64_t stride, Activation act) {
  OpBuilder &ob = b.builder();
  ArrayRef<int64_t> ps = shapeOf(w.packed);
  Value filter;
  if (ps.size() == 4) // [E/tile, K, K, tile]
    filter =
        slice(b, w.packed,
              {t, ob.getIndexAttr(0), ob.getIndexAttr(0), ob.getIndexAttr(0)},
              {1, ps[1], ps[2], w.tile}, {ps[1], ps[2], w.tile});
  else // [K, K, E], read in place
    filter =
        slice(b, w.packed,
              {ob.getIndexAttr(0), ob.getIndexAttr(0), scaled(b, t, w.tile)},
              {ps[0], ps[1], w.tile}, {ps[0], ps[1], w.tile});
  return b.blockDepthwise(x, filter, biasTile(b, w, t), stride, act);
}

Value convTile(LinalgBuilder &b, Value xp, const TiledWeight &w, Value t,
               int64_t stride, Activation act) {
  OpBuilder &ob = b.builder();
  ArrayRef<int64_t> ps = shapeOf(w.packed);
  int64_t kh = ps[1], kw = ps[2]; // both layouts
  Value init = b.biasInit(convOutShape(xp, kh, kw, w.tile, {stride, stride}),
                          biasTile(b, w, t));
  Value hwcf;
  if (ps.size() == 5) { // [E/tile, K, K, Ci, tile]
    hwcf =
        slice(b, w.packed,
              {t, ob.getIndexAttr(0), ob.getIndexAttr(0), ob.getIndexAttr(0),
               ob.getIndexAttr(0)},
              {1, ps[1], ps[2], ps[3], w.tile}, {ps[1], ps[2], ps[3], w.tile});
  } else { // [E, K, K, Ci], not a constant: transposed per tile
    Value ohwi =
        slice(b, w.packed,
              {scaled(b, t, w.tile), ob.getIndexAttr(0), ob.getIndexAttr(0),
               ob.getIndexAttr(0)},
              {w.tile, ps[1], ps[2], ps[3]}, {w.tile, ps[1], ps[2], ps[3]});
    hwcf = b.transpose(ohwi, {1, 2, 3, 0});
  }
  return b.activation(b.conv2dHWCF(xp, hwcf, init, {stride, stride}), act);
}

Value buildChannelTiles(LinalgBuilder &b, int64_t expanded, int64_t tile,
                        Value projectFilter, Value projectBias,
                        ArrayRef<int64_t> outShape, int64_t scratchBytes,
                        function_ref<Value(LinalgBuilder &, Value)> body) {
  OpBuilder &ob = b.builder();
  Location loc = b.location();
  TiledWeight w2 = tileProjection(b, projectFilter, tile);
  int64_t co = outShape.back();
  int64_t m = 1;
  for (int64_t d : outShape.drop_back())
    m *= d;
  Value init =
      b.biasInit({m, co / w2.nr, w2.nr},
                 projectBias ? b.panelBias(projectBias, w2.nr) : Value());
  scf::ForOp loop = buildTileLoop(
      ob, loc, expanded / tile, init, scratchBytes,
      [&](OpBuilder &nb, Location nloc, Value t, ValueRange iter) {
        LinalgBuilder inner(nb, nloc, b.options());
        inner.allocateHere();
        Value y = inner.collapsePixels(body(inner, t));
        Value w = projectionTile(inner, w2, t, co);
        return SmallVector<Value>{inner.pointwiseProduct(y, w, iter[0])};
      });
  return b.unpanel(loop.getResult(0), outShape);
}

} // namespace mnv4::conversion
