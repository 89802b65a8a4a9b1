//===- LowerInvertedBottleneck.cpp - UIB and FusedIB blocks ---------------===//
//
// Unfused, a block lowers to its layers in the order MNV4Ops.td writes them.
// Fused (the default), it is computed tile by tile of its expanded channels
// (ChannelTiles.h), the projection accumulating over the tiles; a block with
// no small enough channel tile falls back to bands of output rows
// (RowBands.h) when its expanded tensor is large. The rule and its
// measurements: docs/lowering.md section 2.1.
//
//===----------------------------------------------------------------------===//

#include "ChannelTiles.h"
#include "LoweringPattern.h"
#include "RowBands.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace mnv4::conversion {
namespace {

/// Stride of the block's strided conv: 1 when an anti-alias pool takes it.
int64_t convStride(int64_t stride, Antialias aa) {
  return aa == Antialias::none ? stride : 1;
}

/// Rows [row, row + rows) of an NHWC tensor.
Value rowSlice(LinalgBuilder &b, Value x, Value row, int64_t rows) {
  OpBuilder &ob = b.builder();
  ArrayRef<int64_t> s = shapeOf(x);
  SmallVector<OpFoldResult> offsets = {ob.getIndexAttr(0), row,
                                       ob.getIndexAttr(0), ob.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {
      ob.getIndexAttr(s[0]), ob.getIndexAttr(rows), ob.getIndexAttr(s[2]),
      ob.getIndexAttr(s[3])};
  SmallVector<OpFoldResult> strides(4, ob.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(ob, b.location(), x, offsets, sizes,
                                        strides);
}

/// Projection, layer scale and residual of a band starting at `row`.
Value projectBand(LinalgBuilder &b, Value x, Value filter, Value bias,
                  Value layerScale, Value residualInput, Value row) {
  Value y = b.pointwise(x, filter, bias, Activation::none);
  if (layerScale)
    y = b.scaleShift(y, layerScale, Value());
  if (residualInput)
    y = b.add(y, rowSlice(b, residualInput, row, shapeOf(y)[1]));
  return y;
}

int64_t bytesOf(ArrayRef<int64_t> shape) {
  int64_t n = 4;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// The channel tile of a block whose expanded tensor has `expandedBytes`
/// and whose tiles hold `bytesPerChannel` per expanded channel, or 0 when
/// the block is not computed in channel tiles. A tile's buffers stay under
/// the budget where a tile fits it, and always under three quarters of the
/// expanded tensor (a padded copy can be several times its plane at 7x7).
int64_t channelTileOf(LinalgBuilder &b, int64_t expanded, int64_t expandedBytes,
                      int64_t bytesPerChannel) {
  const LoweringOptions &options = b.options();
  if (!options.fuseBlocks || options.fuseStrategy == FuseStrategy::rows)
    return 0;
  return chooseChannelTile(expanded, b.panelWidthFor(expanded), bytesPerChannel,
                           options.channelTileBytes, expandedBytes * 3 / 4);
}

/// `y * layerScale + residual` (either optional) in one pass.
Value epilogue(LinalgBuilder &b, Value y, Value layerScale, Value residual) {
  SmallVector<Value> ins = {y};
  if (layerScale)
    ins.push_back(layerScale);
  if (residual)
    ins.push_back(residual);
  if (ins.size() == 1)
    return y;
  bool scaled = static_cast<bool>(layerScale);
  return b.map(
      ins,
      [scaled](OpBuilder &nb, Location nloc, ValueRange v) -> Value {
        Value r = v[0];
        if (scaled)
          r = arith::MulFOp::create(nb, nloc, r, v[1]);
        if (v.size() > (scaled ? 2u : 1u))
          r = arith::AddFOp::create(nb, nloc, r, v.back());
        return r;
      },
      residual ? "add" : "scale");
}

Value lowerFusedIB(FusedIBOp op, LinalgBuilder &b) {
  int64_t s = convStride(op.getStride(), op.getAntialias());
  int64_t k = op.getKernel();
  int64_t p = (k - 1) / 2;
  Value input = op.getInput();
  ArrayRef<int64_t> in = shapeOf(input);
  ArrayRef<int64_t> out = shapeOf(op.getOutput());
  int64_t mid = op.getExpandedChannels();
  Value residual = op.getResidual() ? input : Value();
  // Per expanded channel: the conv's output plane (before any anti-alias).
  int64_t perChannel = bytesOf(
      {in[0], (in[1] + 2 * p - k) / s + 1, (in[2] + 2 * p - k) / s + 1});
  if (int64_t tile = channelTileOf(b, mid, perChannel * mid, perChannel)) {
    Value xp = b.padHW(input, {p, p, p, p});
    TiledWeight w = tileConv(b, op.getExpandFilter(), op.getExpandBias(), tile);
    Value y = buildChannelTiles(
        b, mid, tile, op.getProjectFilter(), op.getProjectBias(), out,
        perChannel * tile, [&](LinalgBuilder &ib, Value t) {
          return ib.antialias(convTile(ib, xp, w, t, s, op.getAct()),
                              op.getAntialias());
        });
    return epilogue(b, y, Value(), residual);
  }
  if (!b.options().fuseBlocks || op.getAntialias() != Antialias::none ||
      bytesOf({in[0], out[1], out[2], mid}) < b.options().fuseMinBytes) {
    Value t = b.conv2d(input, op.getExpandFilter(), op.getExpandBias(), {s, s},
                       {p, p, p, p}, op.getAct());
    t = b.antialias(t, op.getAntialias());
    Value y = b.pointwise(t, op.getProjectFilter(), op.getProjectBias(),
                          Activation::none);
    return op.getResidual() ? b.add(input, y) : y;
  }
  // The halo is on the input side: each band's expanded rows are computed
  // exactly once.
  int64_t wo = out[2];
  auto bandBytes = [&](int64_t inRows) {
    int64_t rows = (inRows - k) / s + 1;
    return bytesOf({in[0], rows, wo, mid});
  };
  auto pixels = [&](int64_t inRows) { return ((inRows - k) / s + 1) * wo; };
  BandGeometry g =
      chooseBands(out[1], s, k, p, b.options().bandBytes, bandBytes, pixels);
  int64_t scratch = bandBytes(g.inBandRows);
  return buildRowBands(
      b, input, g, out, scratch, [&](LinalgBuilder &ib, Value row, Value band) {
        Value t = ib.conv2d(band, op.getExpandFilter(), op.getExpandBias(),
                            {s, s}, {0, 0, 0, 0}, op.getAct());
        return projectBand(ib, t, op.getProjectFilter(), op.getProjectBias(),
                           Value(), residual, row);
      });
}

Value lowerUIB(UIBOp op, LinalgBuilder &b) {
  int64_t s = convStride(op.getStride(), op.getAntialias());
  Value input = op.getInput();
  Value x = input;
  if (Value start = op.getStartFilter())
    x = b.blockDepthwise(x, start, op.getStartBias(), op.getMidFilter() ? 1 : s,
                         Activation::none);
  Value residual = op.getResidual() ? input : Value();
  Value mid = op.getMidFilter();
  ArrayRef<int64_t> xs = shapeOf(x);
  int64_t expandedBytes =
      bytesOf({xs[0], xs[1], xs[2], op.getExpandedChannels()});
  ArrayRef<int64_t> out = shapeOf(op.getOutput());
  int64_t cexp = op.getExpandedChannels();
  int64_t k = mid ? op.getMidKernel() : 1;
  int64_t p = (k - 1) / 2;
  // Per expanded channel: the expanded plane, and with a middle dw its
  // padded copy and the dw output.
  int64_t perChannel = bytesOf({xs[0], xs[1], xs[2]});
  if (mid)
    perChannel += bytesOf({xs[0], xs[1] + 2 * p, xs[2] + 2 * p}) +
                  bytesOf({xs[0], (xs[1] + 2 * p - k) / s + 1,
                           (xs[2] + 2 * p - k) / s + 1});
  if (int64_t tile = channelTileOf(b, cexp, expandedBytes, perChannel)) {
    TiledWeight expand =
        tilePointwise(b, op.getExpandFilter(), op.getExpandBias(), tile);
    TiledWeight midW;
    if (mid)
      midW = tileDepthwise(b, mid, op.getMidBias(), tile);
    Value y = buildChannelTiles(
        b, cexp, tile, op.getProjectFilter(), op.getProjectBias(), out,
        perChannel * tile, [&](LinalgBuilder &ib, Value t) {
          Value e = pointwiseTile(ib, x, expand, t, op.getAct());
          if (mid)
            e = depthwiseTile(ib, e, midW, t, s, op.getAct());
          return ib.antialias(e, op.getAntialias());
        });
    return epilogue(b, y, op.getLayerScale(), residual);
  }
  if (!b.options().fuseBlocks || op.getAntialias() != Antialias::none ||
      expandedBytes < b.options().fuseMinBytes) {
    x = b.pointwise(x, op.getExpandFilter(), op.getExpandBias(), op.getAct());
    if (mid)
      x = b.blockDepthwise(x, mid, op.getMidBias(), s, op.getAct());
    x = b.antialias(x, op.getAntialias());
    Value y = b.pointwise(x, op.getProjectFilter(), op.getProjectBias(),
                          Activation::none);
    if (Value scale = op.getLayerScale())
      y = b.scaleShift(y, scale, Value());
    return residual ? b.add(input, y) : y;
  }

  int64_t sMid = mid ? s : 1;
  int64_t wp = xs[2] + 2 * p;
  // Per band: the expanded rows with halo (and their masked copy), the
  // depthwise output band.
  auto bandBytes = [&](int64_t inRows) {
    int64_t rows = (inRows - k) / sMid + 1;
    int64_t expanded = bytesOf({xs[0], inRows, wp, cexp});
    return (mid ? 2 * expanded + bytesOf({xs[0], rows, out[2], cexp})
                : expanded);
  };
  auto pixels = [&](int64_t inRows) { return inRows * wp; };
  BandGeometry g =
      chooseBands(out[1], sMid, k, p, b.options().bandBytes, bandBytes, pixels);
  return buildRowBands(
      b, x, g, out, bandBytes(g.inBandRows),
      [&](LinalgBuilder &ib, Value row, Value band) {
        Value e = ib.pointwise(band, op.getExpandFilter(), op.getExpandBias(),
                               op.getAct());
        if (mid) {
          // The depthwise conv's zero padding is in the expanded domain:
          // expanded halo rows and columns outside the image must be zero,
          // not act(bias).
          Value origin = ib.builder().createOrFold<arith::MulIOp>(
              ib.location(), row,
              arith::ConstantIndexOp::create(ib.builder(), ib.location(),
                                             sMid));
          e = maskOutsideImage(ib, e, origin, p, xs[1], xs[2]);
          e = ib.depthwise(e, mid, op.getMidBias(), {sMid, sMid}, {0, 0, 0, 0},
                           op.getAct());
        }
        return projectBand(ib, e, op.getProjectFilter(), op.getProjectBias(),
                           op.getLayerScale(), residual, row);
      });
}

} // namespace

void populateInvertedBottleneckLowerings(RewritePatternSet &patterns,
                                         const LoweringOptions &options) {
  addLowering<FusedIBOp>(patterns, options, lowerFusedIB);
  addLowering<UIBOp>(patterns, options, lowerUIB);
}

} // namespace mnv4::conversion
