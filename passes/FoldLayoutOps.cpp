//===- FoldLayoutOps.cpp - fold chains of layout ops ----------------------===//
//
// NCHW -> NHWC conversion leaves transpose pairs where an ONNX Transpose
// already produced the layout a conv wants (the MQA output), and reshape
// pairs around pooled maps (Flatten); folding them exposes the real chains.
//
//===----------------------------------------------------------------------===//

#include "passes/RaiseUtils.h"

#include "llvm/ADT/Sequence.h"

#include "passes/Passes.h"
#include "passes/PatternSetPass.h"
#include "passes/Raising.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_FOLDLAYOUTOPS
#include "passes/Passes.h.inc"

namespace {

struct FoldTransposePair : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp outer,
                                PatternRewriter &rewriter) const override {
    auto inner = outer.getInput().getDefiningOp<TransposeOp>();
    if (!inner)
      return failure();
    // out[i] = mid[p2[i]] = in[p1[p2[i]]]
    SmallVector<int64_t> perm;
    for (int64_t p : outer.getPerm())
      perm.push_back(inner.getPerm()[p]);
    if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size()))) {
      rewriter.replaceOp(outer, inner.getInput());
      return success();
    }
    rewriter.replaceOpWithNewOp<TransposeOp>(
        outer, outer.getType(), inner.getInput(),
        rewriter.getDenseI64ArrayAttr(perm));
    return success();
  }
};

struct FoldReshapes : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getInput().getType() == op.getType()) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return failure();
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), inner.getInput());
    return success();
  }
};

} // namespace

void populateLayoutCleanupPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldTransposePair, FoldReshapes>(patterns.getContext());
}

namespace {
struct FoldLayoutOpsPass
    : PatternSetPass<impl::FoldLayoutOpsBase<FoldLayoutOpsPass>,
                     populateLayoutCleanupPatterns> {};
} // namespace

} // namespace mnv4
