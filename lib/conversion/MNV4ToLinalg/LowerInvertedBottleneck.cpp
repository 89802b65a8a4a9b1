//===- LowerInvertedBottleneck.cpp - UIB and FusedIB blocks ---------------===//
//
// The blocks lower to their layers in the order MNV4Ops.td writes them; the
// fusion passes then tile the chain so the expanded tensor never exists
// whole.
//
//===----------------------------------------------------------------------===//

#include "LoweringPattern.h"

#include "dialects/mnv4/MNV4Ops.h"

using namespace mlir;

namespace mnv4::conversion {
namespace {

/// Stride of the block's strided conv: 1 when an anti-alias pool takes it.
int64_t convStride(int64_t stride, Antialias aa) {
  return aa == Antialias::none ? stride : 1;
}

Value lowerFusedIB(FusedIBOp op, LinalgBuilder &b) {
  int64_t s = convStride(op.getStride(), op.getAntialias());
  int64_t p = (op.getKernel() - 1) / 2;
  Value t = b.conv2d(op.getInput(), op.getExpandFilter(), op.getExpandBias(),
                     {s, s}, {p, p, p, p}, op.getAct());
  t = b.antialias(t, op.getAntialias());
  Value y = b.pointwise(t, op.getProjectFilter(), op.getProjectBias(),
                        Activation::none);
  return op.getResidual() ? b.add(op.getInput(), y) : y;
}

Value lowerUIB(UIBOp op, LinalgBuilder &b) {
  int64_t s = convStride(op.getStride(), op.getAntialias());
  Value x = op.getInput();
  if (Value start = op.getStartFilter())
    x = b.blockDepthwise(x, start, op.getStartBias(), op.getMidFilter() ? 1 : s,
                         Activation::none);
  x = b.pointwise(x, op.getExpandFilter(), op.getExpandBias(), op.getAct());
  if (Value mid = op.getMidFilter())
    x = b.blockDepthwise(x, mid, op.getMidBias(), s, op.getAct());
  x = b.antialias(x, op.getAntialias());
  Value y = b.pointwise(x, op.getProjectFilter(), op.getProjectBias(),
                        Activation::none);
  if (Value scale = op.getLayerScale())
    y = b.scaleShift(y, scale, Value());
  return op.getResidual() ? b.add(op.getInput(), y) : y;
}

} // namespace

void populateInvertedBottleneckLowerings(RewritePatternSet &patterns,
                                         const LoweringOptions &options) {
  addLowering<FusedIBOp>(patterns, options, lowerFusedIB);
  addLowering<UIBOp>(patterns, options, lowerUIB);
}

} // namespace mnv4::conversion
