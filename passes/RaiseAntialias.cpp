//===- RaiseAntialias.cpp - the blur pool's fixed depthwise conv ----------===//
//
// timm's BlurPool (blurpc) exports as Pad + depthwise Conv with a constant
// [1,2,1]x[1,2,1]/16 filter; after pad folding that is a stride-2, pad-1
// depthwise conv without bias. The avg variant imports as avg_pool2d
// directly (its Pad is a no-op).
//
//===----------------------------------------------------------------------===//

#include "passes/RaiseUtils.h"

#include "passes/Passes.h"
#include "passes/PatternSetPass.h"
#include "passes/Raising.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_RAISEANTIALIAS
#include "passes/Passes.h.inc"

namespace {

struct RaiseBlurPool : OpRewritePattern<DepthwiseConv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DepthwiseConv2DOp conv,
                                PatternRewriter &rewriter) const override {
    if (conv.getBias() || conv.getAct() != Activation::none ||
        blockConvStride(conv.getStrides(), conv.getPad(), 3) != 2)
      return failure();
    ArrayRef<int64_t> f = shapeOf(conv.getFilter());
    if (f[0] != 3 || f[1] != 3)
      return failure();
    auto values = getConstFloats(conv.getFilter());
    if (!values)
      return failure();
    static const float binomial[3] = {1, 2, 1};
    int64_t c = f[2];
    for (int64_t y = 0; y < 3; ++y)
      for (int64_t x = 0; x < 3; ++x)
        for (int64_t ch = 0; ch < c; ++ch)
          if ((*values)[(y * 3 + x) * c + ch] !=
              binomial[y] * binomial[x] / 16.0f)
            return failure();
    rewriter.replaceOpWithNewOp<BlurPoolOp>(conv, conv.getType(),
                                            conv.getInput());
    return success();
  }
};

} // namespace

void populateAntialiasPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseBlurPool>(patterns.getContext());
}

namespace {
struct RaiseAntialiasPass
    : PatternSetPass<impl::RaiseAntialiasBase<RaiseAntialiasPass>,
                     populateAntialiasPatterns> {};
} // namespace

} // namespace mnv4
