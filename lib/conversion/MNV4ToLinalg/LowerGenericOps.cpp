//===- LowerGenericOps.cpp - ops the importer could not raise -------------===//
//
// A graph that was not raised to blocks still compiles: its ONNX-shaped ops
// lower one to one, with ONNX semantics.
//
//===----------------------------------------------------------------------===//

#include "LoweringPattern.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace mnv4::conversion {
namespace {

Value lowerMul(MulOp op, LinalgBuilder &b) {
  return b.map(
      {op.getLhs(), op.getRhs()},
      [](OpBuilder &nb, Location loc, ValueRange v) -> Value {
        return arith::MulFOp::create(nb, loc, v[0], v[1]);
      },
      "mul");
}

Value lowerMatMul(MatMulOp op, LinalgBuilder &b) {
  return b.batchMatmul(op.getLhs(), op.getRhs(), shapeOf(op.getOutput()));
}

Value lowerSoftmax(SoftmaxOp op, LinalgBuilder &b) {
  return b.softmax(op.getInput());
}

Value lowerTranspose(TransposeOp op, LinalgBuilder &b) {
  return b.transpose(op.getInput(), op.getPerm());
}

Value lowerReshape(ReshapeOp op, LinalgBuilder &b) {
  return b.reshape(op.getInput(), shapeOf(op.getOutput()));
}

Value lowerPad(PadOp op, LinalgBuilder &b) {
  return b.padHW(op.getInput(), op.getPad());
}

} // namespace

void populateGenericOpLowerings(RewritePatternSet &patterns,
                                const LoweringOptions &options) {
  addLowering<MulOp>(patterns, options, lowerMul);
  addLowering<MatMulOp>(patterns, options, lowerMatMul);
  addLowering<SoftmaxOp>(patterns, options, lowerSoftmax);
  addLowering<TransposeOp>(patterns, options, lowerTranspose);
  addLowering<ReshapeOp>(patterns, options, lowerReshape);
  addLowering<PadOp>(patterns, options, lowerPad);
}

} // namespace mnv4::conversion
