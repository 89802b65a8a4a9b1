//===- LowerPrimitiveOps.cpp - stem, ConvBnAct, head and pool ops ---------===//

#include "LoweringPattern.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace mnv4::conversion {
namespace {

Value lowerConst(ConstOp op, LinalgBuilder &b) {
  return arith::ConstantOp::create(b.builder(), b.location(),
                                   cast<TypedAttr>(op.getValue()));
}

Value lowerConv2D(Conv2DOp op, LinalgBuilder &b) {
  return b.conv2d(op.getInput(), op.getFilter(), op.getBias(), op.getStrides(),
                  op.getPad(), op.getAct());
}

Value lowerDepthwise(DepthwiseConv2DOp op, LinalgBuilder &b) {
  return b.depthwise(op.getInput(), op.getFilter(), op.getBias(),
                     op.getStrides(), op.getPad(), op.getAct());
}

Value lowerFullyConnected(FullyConnectedOp op, LinalgBuilder &b) {
  Value x = op.getInput();
  ArrayRef<int64_t> s = shapeOf(x);
  if (s.size() == 4)
    x = b.reshape(x, {s[0], s[3]});
  return b.pointwise(x, op.getWeight(), op.getBias(), Activation::none);
}

Value lowerBatchNorm(BatchNormOp op, LinalgBuilder &b) {
  return b.scaleShift(op.getInput(), op.getScale(), op.getShift());
}

Value lowerGlobalAvgPool(GlobalAvgPoolOp op, LinalgBuilder &b) {
  return b.globalAvgPool(op.getInput());
}

Value lowerAvgPool(AvgPool2DOp op, LinalgBuilder &b) {
  return b.avgPool(op.getInput(), op.getKernel(), op.getStride());
}

Value lowerBlurPool(BlurPoolOp op, LinalgBuilder &b) {
  return b.blurPool(op.getInput());
}

Value lowerActivation(ActivationOp op, LinalgBuilder &b) {
  return b.activation(op.getInput(), op.getKind());
}

Value lowerAdd(AddOp op, LinalgBuilder &b) {
  return b.add(op.getLhs(), op.getRhs());
}

} // namespace

void populatePrimitiveOpLowerings(RewritePatternSet &patterns,
                                  const LoweringOptions &options) {
  addLowering<ConstOp>(patterns, options, lowerConst);
  addLowering<Conv2DOp>(patterns, options, lowerConv2D);
  addLowering<DepthwiseConv2DOp>(patterns, options, lowerDepthwise);
  addLowering<FullyConnectedOp>(patterns, options, lowerFullyConnected);
  addLowering<BatchNormOp>(patterns, options, lowerBatchNorm);
  addLowering<GlobalAvgPoolOp>(patterns, options, lowerGlobalAvgPool);
  addLowering<AvgPool2DOp>(patterns, options, lowerAvgPool);
  addLowering<BlurPoolOp>(patterns, options, lowerBlurPool);
  addLowering<ActivationOp>(patterns, options, lowerActivation);
  addLowering<AddOp>(patterns, options, lowerAdd);
}

} // namespace mnv4::conversion
