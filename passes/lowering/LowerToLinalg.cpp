//===- LowerToLinalg.cpp - mnv4 ops -> linalg on tensors ------------------===//

#include "passes/Passes.h"

#include "mnv4/Conversion/MNV4ToLinalg.h"

#include "dialects/mnv4/MNV4Dialect.h"
#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mnv4 {
#define GEN_PASS_DEF_LOWERTOLINALG
#include "passes/Passes.h.inc"

namespace {

struct LowerToLinalgPass : impl::LowerToLinalgBase<LowerToLinalgPass> {
  using LowerToLinalgBase::LowerToLinalgBase;

  /// Numbers the blocks of every function as --stats-json lists them: each
  /// op of the body but mnv4.const and func.return, in order.
  void numberBlocks() {
    mlir::Builder b(&getContext());
    for (auto func : getOperation().getOps<mlir::func::FuncOp>()) {
      if (func.isExternal())
        continue;
      int64_t index = 0;
      for (mlir::Operation &op : func.getBody().front()) {
        if (mlir::isa<ConstOp, mlir::func::ReturnOp>(op))
          continue;
        // Only mnv4 ops are lowered here (and carry the index on).
        if (mlir::isa<MNV4Dialect>(op.getDialect()))
          op.setAttr(conversion::kBlockIndexAttr, b.getI64IntegerAttr(index));
        ++index;
      }
    }
  }

  void runOnOperation() override {
    mlir::MLIRContext *ctx = &getContext();
    conversion::LoweringOptions options;
    options.panelWidth = panelWidth;
    options.fuseBlocks = fuseBlocks;
    options.fuseMinBytes = fuseMinBytes;
    if (fuseStrategy == "rows") {
      options.fuseStrategy = conversion::FuseStrategy::rows;
    } else if (fuseStrategy != "auto") {
      getOperation().emitError() << "mnv4-lower-to-linalg: fuse-strategy must "
                                    "be auto or rows, not '"
                                 << fuseStrategy << "'";
      return signalPassFailure();
    }
    options.channelTileBytes = channelTileBytes;
    options.scoreTiles = scoreTiles;
    options.polynomialExp = polynomialExp;
    // Block identity survives the lowering: a tile loop built for block i
    // (one carrying mnv4.scratch_bytes) is tagged mnv4.block_index = i.
    numberBlocks();
    mlir::RewritePatternSet patterns(ctx);
    conversion::populateMNV4ToLinalgPatterns(patterns, options);

    // Every mnv4 op must go: a leftover one is reported with its location.
    mlir::ConversionTarget target(*ctx);
    target.addIllegalDialect<MNV4Dialect>();
    target.addLegalDialect<mlir::linalg::LinalgDialect,
                           mlir::tensor::TensorDialect,
                           mlir::arith::ArithDialect, mlir::math::MathDialect,
                           mlir::func::FuncDialect, mlir::scf::SCFDialect,
                           mlir::bufferization::BufferizationDialect>();
    if (failed(mlir::applyPartialConversion(getOperation(), target,
                                            std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace mnv4
