//===- RaiseHead.cpp - the classifier reads the pooled map ----------------===//
//
// Head: GlobalAveragePool -> conv_head -> act -> Flatten -> Gemm. Pool and
// conv already import as their canonical ops; the Flatten is dropped because
// mnv4.fully_connected takes the [N,1,1,C] map itself.
//
//===----------------------------------------------------------------------===//

#include "passes/RaiseUtils.h"

#include "passes/Passes.h"
#include "passes/PatternSetPass.h"
#include "passes/Raising.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_RAISEHEAD
#include "passes/Passes.h.inc"

namespace {

struct FoldFlattenIntoClassifier : OpRewritePattern<FullyConnectedOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(FullyConnectedOp fc,
                                PatternRewriter &rewriter) const override {
    auto flatten = fc.getInput().getDefiningOp<ReshapeOp>();
    if (!flatten)
      return failure();
    ArrayRef<int64_t> in = shapeOf(flatten.getInput());
    if (in.size() != 4 || in[1] != 1 || in[2] != 1)
      return failure();
    rewriter.modifyOpInPlace(
        fc, [&] { fc.getInputMutable().assign(flatten.getInput()); });
    return success();
  }
};

} // namespace

void populateHeadPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldFlattenIntoClassifier>(patterns.getContext());
}

namespace {
struct RaiseHeadPass
    : PatternSetPass<impl::RaiseHeadBase<RaiseHeadPass>, populateHeadPatterns> {
};
} // namespace

} // namespace mnv4
