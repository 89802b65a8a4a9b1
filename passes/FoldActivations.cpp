//===- FoldActivations.cpp - conv + activation, pad + conv ----------------===//

#include "passes/RaiseUtils.h"

#include "passes/Passes.h"
#include "passes/PatternSetPass.h"
#include "passes/Raising.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_FOLDACTIVATIONS
#include "passes/Passes.h.inc"

namespace {

/// conv{act = none} -> activation  ==>  conv{act}
template <typename ConvOp>
struct FoldActivationIntoConv : OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ActivationOp act,
                                PatternRewriter &rewriter) const override {
    auto conv = act.getInput().template getDefiningOp<ConvOp>();
    if (!conv || conv.getAct() != Activation::none || !conv->hasOneUse())
      return failure();
    rewriter.modifyOpInPlace(conv, [&] { conv.setAct(act.getKind()); });
    rewriter.replaceOp(act, conv.getOutput());
    return success();
  }
};

/// conv(pad(x)) with an unpadded conv ==> conv(x) padded by the pad op
/// (the blur pool's explicit zero pad).
template <typename ConvOp> struct FoldPadIntoConv : OpRewritePattern<ConvOp> {
  using OpRewritePattern<ConvOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvOp conv,
                                PatternRewriter &rewriter) const override {
    auto pad = conv.getInput().template getDefiningOp<PadOp>();
    if (!pad || llvm::any_of(conv.getPad(), [](int64_t p) { return p != 0; }))
      return failure();
    rewriter.modifyOpInPlace(conv, [&] {
      conv.getInputMutable().assign(pad.getInput());
      conv.setPad(pad.getPad());
    });
    return success();
  }
};

} // namespace

void populateFoldActivationPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldActivationIntoConv<Conv2DOp>,
               FoldActivationIntoConv<DepthwiseConv2DOp>,
               FoldPadIntoConv<Conv2DOp>, FoldPadIntoConv<DepthwiseConv2DOp>>(
      patterns.getContext());
}

namespace {
struct FoldActivationsPass
    : PatternSetPass<impl::FoldActivationsBase<FoldActivationsPass>,
                     populateFoldActivationPatterns> {};
} // namespace

} // namespace mnv4
