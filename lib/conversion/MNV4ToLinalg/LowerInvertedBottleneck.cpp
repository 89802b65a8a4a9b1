//===- LowerInvertedBottleneck.cpp - UIB and FusedIB blocks ---------------===//
//
// Unfused, a block lowers to its layers in the order MNV4Ops.td writes them.
// Fused (the default), it is computed band by band of output rows
// (RowBands.h): the expanded tensor is produced, consumed and dropped one
// band at a time, and bias, activation, layer scale and the residual add
// stay in the band.
//
//===----------------------------------------------------------------------===//

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

Value lowerFusedIB(FusedIBOp op, LinalgBuilder &b) {
  int64_t s = convStride(op.getStride(), op.getAntialias());
  int64_t k = op.getKernel();
  int64_t p = (k - 1) / 2;
  Value input = op.getInput();
  ArrayRef<int64_t> in = shapeOf(input);
  ArrayRef<int64_t> out = shapeOf(op.getOutput());
  int64_t mid = op.getExpandedChannels();
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
  Value residual = op.getResidual() ? input : Value();
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

  ArrayRef<int64_t> out = shapeOf(op.getOutput());
  int64_t cexp = op.getExpandedChannels();
  int64_t k = mid ? op.getMidKernel() : 1;
  int64_t p = (k - 1) / 2;
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
