//===- LoweringPattern.h - one pattern per mnv4 op from a function -*- C++ -*-//
//
// Every mnv4 op lowers the same way: build its linalg value with a
// LinalgBuilder and replace the op. `LowerOp<Op>` wraps a function
// `Value lowerX(Op, LinalgBuilder &)` into a rewrite pattern.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_CONVERSION_MNV4TOLINALG_LOWERINGPATTERN_H
#define MNV4_CONVERSION_MNV4TOLINALG_LOWERINGPATTERN_H

#include "LinalgBuilders.h"

#include "mlir/IR/PatternMatch.h"

namespace mnv4::conversion {

template <typename OpTy> struct LowerOp : mlir::OpRewritePattern<OpTy> {
  using LowerFn = mlir::Value (*)(OpTy, LinalgBuilder &);
  LowerOp(mlir::MLIRContext *ctx, const LoweringOptions &options, LowerFn fn)
      : mlir::OpRewritePattern<OpTy>(ctx), options(options), fn(fn) {}

  mlir::LogicalResult
  matchAndRewrite(OpTy op, mlir::PatternRewriter &rewriter) const override {
    mlir::Operation *before = op->getPrevNode();
    LinalgBuilder builder(rewriter, op.getLoc(), options);
    mlir::Value result = fn(op, builder);
    if (!result)
      return mlir::failure();
    tagTileLoops(op, before);
    rewriter.replaceOp(op, result);
    return mlir::success();
  }

  LoweringOptions options;
  LowerFn fn;

private:
  /// Copies the op's block index onto the tile loops built for it (between
  /// `before` and the op).
  static void tagTileLoops(mlir::Operation *op, mlir::Operation *before) {
    mlir::Attribute index = op->getAttr(kBlockIndexAttr);
    if (!index)
      return;
    for (mlir::Operation *p = op->getPrevNode(); p && p != before;
         p = p->getPrevNode())
      p->walk([&](mlir::Operation *nested) {
        if (nested->hasAttr("mnv4.scratch_bytes"))
          nested->setAttr(kBlockIndexAttr, index);
      });
  }
};

template <typename OpTy>
void addLowering(mlir::RewritePatternSet &patterns,
                 const LoweringOptions &options,
                 typename LowerOp<OpTy>::LowerFn fn) {
  patterns.add<LowerOp<OpTy>>(patterns.getContext(), options, fn);
}

void populatePrimitiveOpLowerings(mlir::RewritePatternSet &patterns,
                                  const LoweringOptions &options);
void populateGenericOpLowerings(mlir::RewritePatternSet &patterns,
                                const LoweringOptions &options);
void populateInvertedBottleneckLowerings(mlir::RewritePatternSet &patterns,
                                         const LoweringOptions &options);
void populateMobileMQALowering(mlir::RewritePatternSet &patterns,
                               const LoweringOptions &options);

} // namespace mnv4::conversion

#endif // MNV4_CONVERSION_MNV4TOLINALG_LOWERINGPATTERN_H
