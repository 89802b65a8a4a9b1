//===- Raising.h - rewrite generic mnv4 ops into blocks ---------*- C++ -*-===//
//
// The importer emits generic ops 1:1; these pattern sets raise timm's
// patterns into the canonical block form (see dialects/mnv4/MNV4Ops.td).
// What does not match stays generic and still runs.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_PASSES_RAISING_H
#define MNV4_PASSES_RAISING_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mnv4 {

/// transpose(transpose) and reshape(reshape) chains, identity layout ops.
void populateLayoutCleanupPatterns(mlir::RewritePatternSet &patterns);
/// conv -> activation into conv{act}; zero pad -> unpadded conv into the
/// conv's own padding.
void populateFoldActivationPatterns(mlir::RewritePatternSet &patterns);
/// The fixed 3x3 binomial depthwise conv (stride 2, pad 1) -> blur_pool.
void populateAntialiasPatterns(mlir::RewritePatternSet &patterns);
/// fully_connected of a flattened pooled map -> fully_connected of the map.
void populateHeadPatterns(mlir::RewritePatternSet &patterns);
/// The Mobile MQA chain (pre-norm ... + residual) -> mnv4.mqa.
void populateMobileMQAPatterns(mlir::RewritePatternSet &patterns);
/// UIB (all four sub-forms) and FusedIB chains -> mnv4.uib / mnv4.fused_ib.
void populateInvertedBottleneckPatterns(mlir::RewritePatternSet &patterns);

/// One greedy run of `populate`'s patterns; constants are neither CSE'd nor
/// folded, so that every weight operand keeps its own mnv4.const.
mlir::LogicalResult
applyRaisingPatterns(mlir::ModuleOp module,
                     void (*populate)(mlir::RewritePatternSet &));

/// Runs the sets above in order (cleanup and folding first, then MQA and
/// head, then the inverted bottlenecks), without constant CSE so that every
/// weight keeps its own mnv4.const.
mlir::LogicalResult raiseToBlocks(mlir::ModuleOp module);

} // namespace mnv4

#endif // MNV4_PASSES_RAISING_H
