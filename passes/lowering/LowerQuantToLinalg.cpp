//===- LowerQuantToLinalg.cpp - int8 mnv4 ops -> integer linalg -----------===//

#include "passes/Passes.h"

#include "mnv4/Conversion/MNV4QuantToLinalg.h"

#include "dialects/mnv4/MNV4Dialect.h"
#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mnv4 {
#define GEN_PASS_DEF_LOWERQUANTTOLINALG
#include "passes/Passes.h.inc"

namespace {

struct LowerQuantToLinalgPass
    : impl::LowerQuantToLinalgBase<LowerQuantToLinalgPass> {
  using LowerQuantToLinalgBase::LowerQuantToLinalgBase;

  void runOnOperation() override {
    mlir::MLIRContext *ctx = &getContext();
    // Unrepresentable multipliers first: one error naming the op.
    if (mlir::failed(
            conversion::checkRequantizationMultipliers(getOperation())))
      return signalPassFailure();
    conversion::QuantLoweringOptions options;
    options.panelWidth = panelWidth;
    options.rows = rows;
    options.fuseBlocks = fuseBlocks;
    options.srdhmDivision = srdhmDivision;
    options.fuseMinBytes = fuseMinBytes;
    if (auto override = getOperation()->getAttrOfType<mlir::IntegerAttr>(
            "mnv4.int8_fuse_min_bytes"))
      options.fuseMinBytes = override.getInt();
    if (dotProduct == "avx512vnni") {
      options.dotProduct = conversion::DotProduct::avx512vnni;
    } else if (dotProduct == "avx2") {
      options.dotProduct = conversion::DotProduct::avx2;
    } else if (dotProduct == "sdot") {
      options.dotProduct = conversion::DotProduct::sdot;
    } else if (dotProduct == "vrmpy") {
      options.dotProduct = conversion::DotProduct::vrmpy;
    } else if (dotProduct != "none") {
      getOperation().emitError()
          << "mnv4-lower-quant-to-linalg: dot-product must be avx512vnni, "
             "avx2, sdot, vrmpy or none, not '"
          << dotProduct << "'";
      return signalPassFailure();
    }
    mlir::TypeConverter converter;
    conversion::populateQuantTypeConversion(converter);
    mlir::RewritePatternSet patterns(ctx);
    conversion::populateMNV4QuantToLinalgPatterns(converter, patterns, options);
    mlir::ConversionTarget target(*ctx);
    target.addIllegalOp<QuantizeOp, DequantizeOp, QConstOp, QConv2DOp,
                        QDepthwiseConv2DOp, QFullyConnectedOp, QAddOp, QMulOp,
                        QMeanOp, QAvgPool2DOp, QBatchMatMulOp, QSoftmaxOp,
                        QLutOp, QReshapeOp, QTransposeOp>();
    target.markUnknownOpDynamicallyLegal(
        [](mlir::Operation *) { return true; });
    if (mlir::failed(mlir::applyPartialConversion(getOperation(), target,
                                                  std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace mnv4
